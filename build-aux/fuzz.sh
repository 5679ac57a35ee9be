#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/) with clang, ASan and UBSan in
# build-fuzz/ and runs each one from a copy of the committed corpus
# (tests/fuzz-corpus/<parser>/).
#   build-aux/fuzz.sh [--seconds N] [--runs N] [--jobs N] [FUZZER...]
# --seconds: time per fuzzer (default 60); --runs: stop after N executions
# instead; --jobs: fuzzers run at once, and compile jobs (default 2).
# Prints "fuzz NAME: EXECS executions, C crashes" per fuzzer and exits 1
# if any fuzzer crashed, leaving the crash input's path in the output.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60 runs="" jobs=2
all=(pickle zip torch-checkpoint safetensors image-header)
fuzzers=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) fuzzers+=("$1"); shift ;;
  esac
done
[ ${#fuzzers[@]} -gt 0 ] || fuzzers=("${all[@]}")

if ! command -v "${CXX:-clang++}" >/dev/null; then
  echo "fuzz.sh: clang++ not found; install clang-14 and libclang-rt-14-dev (build-aux/install-deps.sh)" >&2
  exit 2
fi
if [ ! -d build-fuzz ]; then
  CXX="${CXX:-clang++}" meson setup build-fuzz -Dfuzzers=true -Dtests=disabled -Dplugin=disabled >/dev/null
fi
meson compile -C build-fuzz -j "$jobs" "${fuzzers[@]/#/fuzz-}" >/dev/null

work="build-fuzz/fuzz-run"
# One fuzzer: its summary line (and, on a crash, where to look) in
# $work/NAME.result, printed in order once all have run; returns 1 on a crash.
run_one() {
  local name=$1 max_len=16384 corpus artifacts log rc execs crashes
  [ "$name" = image-header ] && max_len=1024
  corpus="$work/$name/corpus" artifacts="$work/$name/crashes/" log="$work/$name/log"
  rm -rf "$work/$name"
  mkdir -p "$corpus" "$artifacts"
  cp tests/fuzz-corpus/"$name"/* "$corpus"/
  local limit=(-max_total_time="$seconds")
  [ -n "$runs" ] && limit=(-runs="$runs")
  set +e
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    "build-fuzz/fuzz/fuzz-$name" "${limit[@]}" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  crashes=$(find "$artifacts" -type f | wc -l)
  {
    echo "fuzz $name: ${execs:-?} executions, $crashes crashes"
    if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
      grep -E "^(==[0-9]+==ERROR|SUMMARY|.*runtime error)" "$log" | head -5 || true
      find "$artifacts" -type f -printf '  crash input: %p\n'
      echo "  log: $log"
    fi
  } >"$work/$name.result"
  [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ]
}

# Each fuzzer is one process on one core: --jobs of them run at a time.
mkdir -p "$work"
failed=0
pids=()
for name in "${fuzzers[@]}"; do
  # (Only a slot is waited for here; each one's status comes from the waits below.)
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_one "$name" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
for name in "${fuzzers[@]}"; do cat "$work/$name.result"; done
exit "$failed"
