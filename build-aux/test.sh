#!/usr/bin/env bash
# Builds and runs every test; prints a one-line summary at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-build}
if [ -d "$builddir" ]; then
  meson setup --reconfigure "$builddir" || exit 1
else
  meson setup "$builddir" || exit 1
fi
meson compile -C "$builddir" || exit 1
meson test -C "$builddir" --print-errorlogs --num-processes 2
status=$?
# One closing line over the individual test cases (GoogleTest's, through
# meson's JUnit log), so a run that executed nothing is visible.
python3 - "$builddir/meson-logs/testlog.junit.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
passed = failed = skipped = 0
for case in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    tags = {child.tag for child in case}
    if tags & {"failure", "error"}:
        failed += 1
    elif "skipped" in tags:
        skipped += 1
    else:
        passed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
