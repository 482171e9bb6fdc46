#!/usr/bin/env python3
"""Counts the results in meson's testlog.json: prints "OK FAILED SKIPPED".

One line per test in the log, so every test counts once: a timeout is one
failure (meson's summary has Fail: and Timeout: apart, and with
--print-errorlogs a failing test's own output can hold lines that look like
the summary's). test.sh adds up its two builds with it.
"""
import json
import sys

ok = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        if not line.strip():
            continue
        result = json.loads(line)["result"]
        if result in ("OK", "EXPECTEDFAIL"):
            ok += 1
        elif result == "SKIP":
            skipped += 1
        else:  # FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS, INTERRUPT
            failed += 1
print(ok, failed, skipped)
