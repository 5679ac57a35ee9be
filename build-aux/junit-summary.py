#!/usr/bin/env python3
"""Prints "N passed, N failed, N skipped" over the test cases of meson's JUnit
logs (GoogleTest's cases, one line for all the logs given), so a run that
executed nothing is visible. A missing log counts as one failure."""
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        cases = list(ET.parse(path).getroot().iter("testcase"))
    except (OSError, ET.ParseError) as error:
        print(f"junit-summary: {path}: {error}", file=sys.stderr)
        failed += 1
        continue
    for case in cases:
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            failed += 1
        elif "skipped" in tags:
            skipped += 1
        else:
            passed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
