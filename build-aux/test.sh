#!/usr/bin/env bash
# The README's test command: builds and runs every test, in three stages,
# and prints one closing line "N passed, N failed, N skipped" over all:
#   1. this machine (Debian 12: GIMP 2.10, LibTorch 1.13), in build/;
#   2. the weights and image parsers' fuzzers, FUZZ_SECONDS each (60) with
#      ASan/UBSan, from the committed corpus; each fuzzer counts as a test;
#   3. a Debian 13 root (GIMP 3.0, LibTorch 2.6), made on first use and
#      reused (build-aux/debian13-root.sh), in build-debian13/build.
# NEURAL_STYLE_STAGES picks stages (default "host fuzz debian13"); a stage
# left out is reported as such, never counted as passed.
set -uo pipefail
cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-build}
stages=" ${NEURAL_STYLE_STAGES:-host fuzz debian13} "
fuzz_seconds=${FUZZ_SECONDS:-60}
status=0
junit_logs=()
# Results outside the JUnit logs: the fuzzers, and a build that failed.
extra_passed=0 extra_failed=0
wants() { [[ $stages == *" $1 "* ]]; }
say() { printf '\n=== %s\n' "$*"; }

# The Debian 13 root is downloaded and unpacked (network and disk) while
# the host build keeps the CPUs busy.
root_log=build-debian13-root.log
if wants debian13; then
  say "Debian 13 root: being made or checked in the background (log: $root_log)"
  bash build-aux/debian13-root.sh >"$root_log" 2>&1 &
  root_pid=$!
fi

if wants host; then
  say "Host (Debian 12): build and tests in $builddir"
  if [ -d "$builddir" ]; then
    meson setup --reconfigure "$builddir" || exit 1
  else
    meson setup "$builddir" || exit 1
  fi
  if meson compile -C "$builddir"; then
    rm -f "$builddir/meson-logs/testlog.junit.xml"
    meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=1
    junit_logs+=("$builddir/meson-logs/testlog.junit.xml")
  else
    status=1
    extra_failed=$((extra_failed + 1))  # a build that fails is a failed test
  fi
else
  say "Host stage left out (NEURAL_STYLE_STAGES)"
fi

if wants fuzz; then
  say "Fuzzers: ${fuzz_seconds} s each"
  fuzz_out=$(bash build-aux/fuzz.sh --seconds "$fuzz_seconds" 2>&1)
  fuzz_status=$?
  printf '%s\n' "$fuzz_out"
  extra_passed=$(printf '%s\n' "$fuzz_out" | grep -c '^fuzz .*executions, 0 crashes$')
  extra_failed=$((extra_failed + $(printf '%s\n' "$fuzz_out" | grep '^fuzz ' | grep -vc ', 0 crashes$')))
  if [ "$fuzz_status" -ne 0 ]; then
    status=1
    [ "$extra_failed" -gt 0 ] || extra_failed=1  # it failed before running any fuzzer
  fi
else
  say "Fuzz stage left out (NEURAL_STYLE_STAGES)"
fi

if wants debian13; then
  say "Debian 13 (GIMP 3.0, LibTorch 2.6): waiting for the root"
  if wait "$root_pid"; then
    tail -n 3 "$root_log"
    bash build-aux/test-debian13.sh || status=1
  else
    echo "The Debian 13 root could not be made:" >&2
    tail -n 30 "$root_log" >&2
    status=1
  fi
  junit_logs+=("build-debian13/build/meson-logs/testlog.junit.xml")
else
  say "Debian 13 stage left out (NEURAL_STYLE_STAGES)"
fi

say "All stages"
summary=$(python3 build-aux/junit-summary.py "${junit_logs[@]}")
read -r passed _ failed _ skipped _ <<<"$summary"
echo "$((passed + extra_passed)) passed, $((failed + extra_failed)) failed, ${skipped} skipped"
exit $status
