#!/usr/bin/env bash
# The GPU checklist of docs/benchmarks.md in one command, on a machine with
# an NVIDIA GPU: builds neural-style-bench against a CUDA LibTorch (in
# build-gpu/), runs it, and prints one table:
#   1. 512 px, ITERATIONS (500) timed L-BFGS iterations, the engine and the
#      Python PyTorch reference (tests/bench/reference.py) side by side;
#   2. the peak GPU memory of both at each of PEAK_SIZES (1024,2048,4096).
# The bench's full reports stay in build-gpu/gpu-checklist/; --record appends
# them to docs/benchmarks.md as well.
#   build-aux/gpu-checklist.sh [--record]
# Settings (environment):
#   PYTHON        a Python whose PyTorch has CUDA and sees the GPU (default:
#                 the first of python3 and /usr/bin/python3 that does)
#   LIBTORCH_DIR  the LibTorch to build against: a folder (the official
#                 LibTorch zip, unpacked), "system" (the distribution's, e.g.
#                 Debian 13's libtorch-cuda-dev), or by default the LibTorch
#                 inside PYTHON's PyTorch
#   WEIGHTS       VGG19 weights (default ../shared/weights/vgg19-caffe-conv.safetensors
#                 when it exists, else the engine's search path)
#   BUILDDIR      the build folder (default build-gpu)
#   ITERATIONS    timed iterations at 512 px (500); PEAK_SIZES (1024,2048,4096)
set -euo pipefail
cd "$(dirname "$0")/.."
record=0
case "${1:-}" in
  --record) record=1 ;;
  "") ;;
  *) sed -n '2,22p' "$0"; exit 2 ;;
esac
builddir=${BUILDDIR:-build-gpu}
iterations=${ITERATIONS:-500}
peak_sizes=${PEAK_SIZES:-1024,2048,4096}
die() { echo "gpu-checklist: $*" >&2; exit 1; }

# A Python whose PyTorch runs on the GPU: the reference needs it.
python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
      python=$candidate
      break
    fi
  done
fi
check_python() {
  [ -n "$python" ] || die "no Python with a CUDA PyTorch that sees a GPU (tried python3, /usr/bin/python3): install one (pip install torch), or give PYTHON=..."
  "$python" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' ||
    die "$python's PyTorch does not see a GPU (torch.cuda.is_available() is False)"
}

# The build first when LIBTORCH_DIR says what to build against (the Python
# is checked after it), else the LibTorch of that Python's PyTorch.
libtorch=${LIBTORCH_DIR:-}
if [ -z "$libtorch" ]; then
  check_python
  libtorch=$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))')
fi
setup_args=(-Dtests=disabled -Dplugin=disabled -Dgimp3=disabled)
[ "$libtorch" = system ] || setup_args+=(-Dlibtorch_dir="$libtorch")
if [ -d "$builddir" ]; then
  meson setup --reconfigure "$builddir" "${setup_args[@]}" >/dev/null
else
  meson setup "$builddir" "${setup_args[@]}" >/dev/null
fi
meson compile -C "$builddir" neural-style-bench >/dev/null || die "the build failed: meson compile -C $builddir neural-style-bench"
bench=$builddir/core/neural-style-bench
grep -q -- '-DNEURAL_STYLE_WITH_CUDA' "$builddir/compile_commands.json" ||
  die "$libtorch has no CUDA (meson found no libtorch_cuda): give LIBTORCH_DIR a CUDA LibTorch"

check_python
echo "gpu-checklist: reference: $python, PyTorch $("$python" -c 'import torch; print(torch.__version__, "CUDA", torch.version.cuda)')"

weights=()
if [ -n "${WEIGHTS:-}" ]; then
  weights=(--weights "$WEIGHTS")
elif [ -f ../shared/weights/vgg19-caffe-conv.safetensors ]; then
  weights=(--weights ../shared/weights/vgg19-caffe-conv.safetensors)
fi
out=$builddir/gpu-checklist
mkdir -p "$out"
run_bench() {  # run_bench NAME LABEL ARGS...: the report in $out/NAME.md
  local name=$1 label=$2
  shift 2
  local extra=()
  [ "$record" = 1 ] && extra=(--record docs/benchmarks.md)
  echo "gpu-checklist: $label"
  "$bench" --device cuda "${weights[@]}" --python "$python" --label "$label" "$@" "${extra[@]}" | tee "$out/$name.md"
}
run_bench speed "GPU checklist: 512 px, $iterations L-BFGS iterations, engine and reference" \
  --sizes 512 --iterations "$iterations" --warmup 5
run_bench memory "GPU checklist: peak GPU memory at $peak_sizes px" \
  --sizes "$peak_sizes" --iterations 3 --warmup 1

# The bench's rows: | size | s/iter | floor | x floor | peak MB | faults | job s | ref s/iter | ours/ref | ref peak MB | start loss |
cell() {  # cell REPORT SIZE COLUMN (1 = s/iter); a row that failed gives its reason in column 1
  awk -F'|' -v size="$2" -v col="$3" '$2 ~ "^ *"size" *$" {
    c = $(col + 2); gsub(/^ +| +$/, "", c)
    if (c == "" && $3 ~ /failed/) c = "failed (see the report)"
    print c; exit }' "$out/$1.md"
}
device=$(sed -n 's/^- Device: //p' "$out/speed.md" | head -n 1)
echo
echo "## GPU checklist: $device"
echo
echo "| check | engine | reference | engine/reference |"
echo "|---|---|---|---|"
ours=$(cell speed 512 1) ref=$(cell speed 512 7)
echo "| 512 px: s per L-BFGS iteration (median of $iterations) | $ours | $ref | $(cell speed 512 8) |"
total() { awk -v s="$1" -v n="$iterations" 'BEGIN { if (s + 0 > 0) printf "%.1f", s * n; else print "-" }'; }
echo "| 512 px: $iterations iterations, s ($iterations x the median) | $(total "$ours") | $(total "$ref") | |"
echo "| 512 px: start loss engine/reference (1 = the same objective) | | | $(cell speed 512 10) |"
echo "| 512 px: peak GPU MB | $(cell speed 512 4) | $(cell speed 512 9) | |"
for size in ${peak_sizes//,/ }; do
  echo "| $size px: peak GPU MB | $(cell memory "$size" 4) | $(cell memory "$size" 9) | |"
done
echo
echo "Full reports: $out/speed.md, $out/memory.md$([ "$record" = 1 ] && echo ", appended to docs/benchmarks.md")"
