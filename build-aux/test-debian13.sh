#!/usr/bin/env bash
# Builds the project inside a Debian 13 root and runs its tests there
# (build-aux/debian13-build.sh); prints the same closing line as
# build-aux/test.sh. Creates the root first when it is missing.
#   DEBIAN13_VARIANT  cpu (default): GIMP 3.0 and LibTorch 2.6, every test,
#                     in build-debian13/build;
#                     cuda: the CUDA LibTorch 2.6 (no GPU): everything built
#                     with no warning, then the CPU suite, in build-debian13-cuda/build
#   DEBIAN13_ROOT     the root (default: the variant's, see build-aux/debian13-variant.sh)
#   DEBIAN13_BUILDDIR the build folder, relative to the tree (default: the variant's)
set -uo pipefail
cd "$(dirname "$0")/.."
source build-aux/debian13-variant.sh
export DEBIAN13_VARIANT=$variant DEBIAN13_ROOT=$root

bash build-aux/debian13-root.sh || exit 1
# A stale log must not stand in for this run's.
rm -f "${variant_junit_logs[@]}"
bash build-aux/in-debian13.sh sh build-aux/debian13-build.sh "$variant" "$builddir"
status=$?
python3 build-aux/junit-summary.py "${variant_junit_logs[@]}"
exit $status
