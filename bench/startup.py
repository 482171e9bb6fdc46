#!/usr/bin/env python3
"""Times the commands on the shipped catalogue: median and spread of N runs.

Usage: python3 bench/startup.py [PATH/TO/aixingou] [--runs N]

Each figure is the wall time of a whole process (exec to exit), output sent to
/dev/null. "cold" runs start from an empty database each time, so they parse
the YAML, validate it and import it into SQLite; "warm" runs find the import
up to date (only the files' content hash is checked). These machines are
shared and noisy: compare medians, not single runs.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
args = [a for a in sys.argv[1:] if not a.startswith("--")]
binary = args[0] if args else os.path.join(root, "build", "src", "aixingou")
runs = 31
if "--runs" in sys.argv:
    runs = int(sys.argv[sys.argv.index("--runs") + 1])
catalogue = os.path.join(root, "catalogue")


def timed(argv, prepare=None):
    """Wall times in ms of runs of argv."""
    samples = []
    for _ in range(runs):
        if prepare:
            prepare()
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "bench.db")

    def fresh_db():
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(db + suffix)
            except FileNotFoundError:
                pass

    base = [binary, "--catalogue", catalogue, "--db", db]
    cases = [
        ("true (process start-up floor)", ["true"], None),
        ("check (parse + validate)", [binary, "check", "--catalogue", catalogue], None),
        ("list, cold (parse + import + list)", base + ["list"], fresh_db),
        ("list, warm (table)", base + ["list"], None),
        ("list --format tsv, warm", base + ["list", "--format", "tsv"], None),
        ("list --search zyfxc, warm", base + ["list", "--search", "zyfxc"], None),
        ("list --category tea --sort unit-price, warm",
         base + ["list", "--category", "tea", "--sort", "unit-price"], None),
    ]
    subprocess.run(base + ["list"], stdout=subprocess.DEVNULL, check=True)
    print(f"{'command':46} {'median ms':>10} {'min':>7} {'p90':>7}   ({runs} runs)")
    for name, argv, prepare in cases:
        samples = timed(argv, prepare)
        s = sorted(samples)
        p90 = s[min(len(s) - 1, int(len(s) * 0.9))]
        print(f"{name:46} {statistics.median(s):10.2f} {s[0]:7.2f} {p90:7.2f}")
