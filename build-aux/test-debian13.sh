#!/usr/bin/env bash
# Builds the project inside the Debian 13 root (GIMP 3.0, LibTorch 2.6) into
# build-debian13/build and runs every test there; prints the same closing
# line as build-aux/test.sh. Creates the root first when it is missing.
#   DEBIAN13_ROOT  the root (default build-debian13/root)
#   DEBIAN13_BUILDDIR  the build folder, relative to the tree (default build-debian13/build)
set -uo pipefail
cd "$(dirname "$0")/.."
builddir=${DEBIAN13_BUILDDIR:-build-debian13/build}

bash build-aux/debian13-root.sh || exit 1
# A stale log must not stand in for this run's.
rm -f "$builddir/meson-logs/testlog.junit.xml"
bash build-aux/in-debian13.sh sh -ec '
  if [ -d "$1" ]; then meson setup --reconfigure "$1"; else meson setup "$1"; fi
  meson compile -C "$1" -j 2
  meson test -C "$1" --no-rebuild --print-errorlogs --num-processes 2' sh "$builddir"
status=$?
python3 build-aux/junit-summary.py "$builddir/meson-logs/testlog.junit.xml"
exit $status
