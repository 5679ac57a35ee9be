#!/usr/bin/env bash
# The README's test command: builds and runs every test, in four stages,
# and prints one closing line "N passed, N failed, N skipped" over all:
#   1. host: this machine (Debian 12: GIMP 2.10, LibTorch 1.13), in build/;
#   2. fuzz: the weights and image parsers' fuzzers, FUZZ_SECONDS each (60)
#      with ASan/UBSan, from the committed corpus; each fuzzer counts as a test;
#   3. debian13: a Debian 13 root (GIMP 3.0, LibTorch 2.6), made on first use
#      and reused (build-aux/debian13-root.sh), in build-debian13/build;
#   4. cuda: a second Debian 13 root with the CUDA LibTorch 2.6 and no GPU:
#      everything that links LibTorch built with no warning, then the CPU
#      suite from that build (build-aux/debian13-build.sh), in
#      build-debian13-cuda/build.
# NEURAL_STYLE_STAGES picks stages (default "host fuzz debian13 cuda"); a
# stage left out is reported as such, never counted as passed. Each stage's
# time is printed at its end and all of them at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-build}
stages=" ${NEURAL_STYLE_STAGES:-host fuzz debian13 cuda} "
fuzz_seconds=${FUZZ_SECONDS:-60}
status=0
junit_logs=()
# Results outside the JUnit logs: the fuzzers, and a build that failed.
extra_passed=0 extra_failed=0
wants() { [[ $stages == *" $1 "* ]]; }
say() { printf '\n=== %s\n' "$*"; }
started=$(date +%s)
stage_start=$started
children_cpu() {  # children_cpu: CPU seconds (user + system) of the finished child processes so far, in $cpu
  # `times` in this shell: in $(...) it would report the subshell's children (none).
  local file
  file=$(mktemp)
  times >"$file"
  cpu=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } printf "%d", s }' "$file")
  rm -f "$file"
}
stage_cpu=0
times=()
stage_done() {  # stage_done NAME: the wall and CPU time since the last stage ended
  local now cpu
  now=$(date +%s)
  children_cpu
  # CPU time is what a busier machine inflates least; a root made in the
  # background counts in the stage that waits for it.
  times+=("$1 $(((now - stage_start) / 60)) min $(((now - stage_start) % 60)) s (CPU $((cpu - stage_cpu)) s)")
  say "$1 stage: $((now - stage_start)) s, CPU $((cpu - stage_cpu)) s"
  stage_start=$now stage_cpu=$cpu
}

# Each Debian 13 stage's root (its variant of build-aux/debian13-root.sh) is
# downloaded and unpacked (network and disk) while the host build keeps the
# CPUs busy.
declare -A root_pid
root_log() { [ "$1" = cpu ] && echo build-debian13-root.log || echo "build-debian13-$1-root.log"; }
for stage_variant in debian13:cpu cuda:cuda; do
  stage=${stage_variant%:*} variant=${stage_variant#*:}
  if wants "$stage"; then
    say "Debian 13 root ($variant): being made or checked in the background (log: $(root_log "$variant"))"
    DEBIAN13_VARIANT=$variant bash build-aux/debian13-root.sh >"$(root_log "$variant")" 2>&1 &
    root_pid[$variant]=$!
  fi
done

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
  stage_done host
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
  stage_done fuzz
else
  say "Fuzz stage left out (NEURAL_STYLE_STAGES)"
fi

debian13_stage() {  # debian13_stage STAGE VARIANT TITLE
  local stage=$1 variant=$2 title=$3 logs
  if ! wants "$stage"; then
    say "$title stage left out (NEURAL_STYLE_STAGES)"
    return
  fi
  say "$title: waiting for the root"
  if wait "${root_pid[$variant]}"; then
    tail -n 3 "$(root_log "$variant")"
    DEBIAN13_VARIANT=$variant bash build-aux/test-debian13.sh || status=1
  else
    echo "The Debian 13 root ($variant) could not be made:" >&2
    tail -n 30 "$(root_log "$variant")" >&2
    status=1
  fi
  mapfile -t logs < <(export DEBIAN13_VARIANT=$variant && source build-aux/debian13-variant.sh &&
    printf '%s\n' "${variant_junit_logs[@]}")
  junit_logs+=("${logs[@]}")
  stage_done "$stage"
}
debian13_stage debian13 cpu "Debian 13 (GIMP 3.0, LibTorch 2.6)"
debian13_stage cuda cuda "Debian 13 with the CUDA LibTorch 2.6 (no GPU)"

say "All stages"
printf '%s\n' "${times[@]}" "total $((($(date +%s) - started) / 60)) min $((($(date +%s) - started) % 60)) s"
summary=$(python3 build-aux/junit-summary.py "${junit_logs[@]}")
read -r passed _ failed _ skipped _ <<<"$summary"
echo "$((passed + extra_passed)) passed, $((failed + extra_failed)) failed, ${skipped} skipped"
exit $status
