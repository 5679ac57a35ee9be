#!/bin/sh
# Inside a Debian 13 root (run by build-aux/test-debian13.sh through
# in-debian13.sh): configures, builds and tests one variant in BUILDDIR.
#   build-aux/debian13-build.sh cpu|cuda BUILDDIR
# cpu: every target and every test.
# cuda: the CUDA LibTorch 2.6 without a GPU. Everything is built (the core,
#   neural-style, neural-style-bench, the plug-in and its engine module, the
#   tests) with -Werror, and any "warning:" in the build's output (the
#   linker's too) fails it. cuDNN is absent (debian13-root.sh), so the build
#   links with -Wl,--allow-shlib-undefined. libtorch_cuda is linked with
#   BIND_NOW and needs libcudnn.so.9 to load, so the tests run with a stand-in
#   made here: every cuDNN function libtorch_cuda imports, each one aborting
#   with its name if it is ever called (on the CPU nothing calls cuDNN). Then
#   the CPU test suite runs from this build: the GPU tests skip, the no-GPU
#   paths run on a LibTorch that has CUDA. The checks of the build itself
#   are JUnit cases in BUILDDIR/meson-logs/cuda-build.junit.xml.
set -eu
variant=$1
builddir=$2

setup() {
  if [ -d "$builddir" ]; then meson setup --reconfigure "$builddir" "$@"; else meson setup "$builddir" "$@"; fi
}

if [ "$variant" = cpu ]; then
  setup
  meson compile -C "$builddir" -j 2
  exec meson test -C "$builddir" --no-rebuild --print-errorlogs --num-processes 2
fi
[ "$variant" = cuda ] || { echo "debian13-build: unknown variant $variant" >&2; exit 2; }

torch_cuda=/usr/lib/x86_64-linux-gnu/libtorch_cuda.so
junit=$builddir/meson-logs/cuda-build.junit.xml
cases=""
failed=0
check() {  # check NAME MESSAGE-IF-FAILED COMMAND...: one JUnit case
  name=$1 message=$2
  shift 2
  if "$@"; then
    cases="$cases<testcase classname=\"cuda-build\" name=\"$name\"/>"
    echo "cuda-build: $name: ok"
  else
    cases="$cases<testcase classname=\"cuda-build\" name=\"$name\"><failure message=\"$message\"/></testcase>"
    echo "cuda-build: $name: FAILED: $message" >&2
    failed=1
  fi
}
write_junit() {
  mkdir -p "$(dirname "$junit")"
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="cuda-build">%s</testsuite></testsuites>\n' \
    "$cases" >"$junit"
}
rm -f "$junit"

setup --werror -Dcpp_link_args=-Wl,--allow-shlib-undefined -Dtests=enabled -Dgimp3=enabled
log=$builddir/meson-logs/compile.log
built=0
meson compile -C "$builddir" -j 2 >"$log" 2>&1 && built=1
check compiles "meson compile failed: $log" test "$built" = 1
if grep -n 'warning:' "$log" >"$log.warnings"; then
  cat "$log.warnings" >&2
  check no-warnings "the build printed warnings (above)" false
else
  check no-warnings "" true
fi
if [ "$built" = 0 ]; then
  tail -n 40 "$log" >&2
  write_junit
  exit 1
fi
# A CUDA build: the GPU code compiled, and libtorch_cuda linked.
check cuda-code-compiled "NEURAL_STYLE_WITH_CUDA is not defined: meson found no torch_cuda" \
  grep -q -- '-DNEURAL_STYLE_WITH_CUDA' "$builddir/compile_commands.json"
for target in core/neural-style core/neural-style-bench filter/libneural-style-engine.so; do
  check "links-libtorch_cuda:$target" "$target does not link libtorch_cuda" \
    sh -c 'readelf -d "$1" | grep -q "NEEDED.*libtorch_cuda"' sh "$builddir/$target"
done

# The cuDNN stand-in, for loading only (see above).
mkdir -p "$builddir/cudnn-standin"
standin=$(realpath "$builddir/cudnn-standin")  # absolute: the tests run in other folders
nm -D --undefined-only "$torch_cuda" | awk '$2 ~ /@libcudnn\.so\.9$/ { sub(/@.*/, "", $2); print $2 }' >"$standin/symbols"
{
  cat <<'EOF'
#include <stdio.h>
#include <stdlib.h>
static void called(const char* f) {
  fprintf(stderr, "cuDNN stand-in: %s was called, but cuDNN is not installed (build-aux/debian13-build.sh)\n", f);
  abort();
}
EOF
  sed 's/.*/void &(void) { called("&"); }/' "$standin/symbols"
} >"$standin/standin.c"
{
  echo 'libcudnn.so.9 {'
  echo 'global:'
  sed 's/.*/  &;/' "$standin/symbols"
  echo 'local: *;'
  echo '};'
} >"$standin/standin.map"
check cudnn-standin-builds "the cuDNN stand-in does not compile" \
  gcc -shared -fPIC -O1 -Wall -Werror -o "$standin/libcudnn.so.9" -Wl,-soname,libcudnn.so.9 \
  -Wl,--version-script="$standin/standin.map" "$standin/standin.c"
check cudnn-standin-loads "neural-style does not load with the stand-in" \
  sh -c 'test -s "$1/symbols" && ! LD_LIBRARY_PATH="$1" ldd "$2" | grep "not found"' sh "$standin" "$builddir/core/neural-style"
echo "cuda-build: $(wc -l <"$standin/symbols") cuDNN functions stood in for"
write_junit

LD_LIBRARY_PATH=$standin meson test -C "$builddir" --no-rebuild --print-errorlogs --num-processes 2 || failed=1
exit "$failed"
