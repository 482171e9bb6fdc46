#!/usr/bin/env python3
"""Times `aixingou import-order` of a 100,000-row order CSV (the reader's cap).

Usage: python3 bench/import-order.py [--build DIR] [--rows N] [--runs N] [--no-callgrind]

Generates a catalogue of N products with gen-catalogue.py (kept in
/tmp/aixingou-bench-import), imports it into a database once, and writes an
order CSV of N rows, one per product, as `aixingou order --format csv` writes
it. Then times, each as the median of --runs whole processes:

- import-order: a new list of the N rows (a fresh copy of the database each
  run, so that every run makes the same list);
- the floor: `aixingou lists` on the same database (start, catalogue hash
  check, open; what every command costs before its work).

With valgrind installed it also prints callgrind's instruction counts of one
run of each (instructions do not depend on how busy the machine is).

Python 3 standard library only.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
work = "/tmp/aixingou-bench-import"


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def timed(cmd, prepare=None, runs=5):
    """Median wall-clock and CPU (user + system) seconds of runs processes."""
    times, cpus = [], []
    for _ in range(runs):
        if prepare:
            prepare()
        before = os.times()
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(after.children_user - before.children_user
                    + after.children_system - before.children_system)
    return statistics.median(times), statistics.median(cpus)


def callgrind(cmd, prepare=None):
    if shutil.which("valgrind") is None:
        return None
    if prepare:
        prepare()
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in p.stderr.splitlines():
            if "Collected :" in line:
                return int(line.split(":")[-1].strip())
    return None


def main():
    ap = argparse.ArgumentParser(description="import-order benchmark")
    ap.add_argument("--build", default=os.path.join(root, "build"))
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-callgrind", action="store_true")
    args = ap.parse_args()
    exe = os.path.join(args.build, "src", "aixingou")
    cat = os.path.join(work, "catalogue-%d" % args.rows)
    db = os.path.join(work, "base-%d.db" % args.rows)
    csv = os.path.join(work, "order-%d.csv" % args.rows)
    os.makedirs(work, exist_ok=True)
    if not os.path.isdir(cat):
        run([sys.executable, os.path.join(here, "gen-catalogue.py"), cat,
             "--products", str(args.rows)])
    if not os.path.exists(csv) or not os.path.exists(db):
        for f in (db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        tsv = run([exe, "--db", db, "--catalogue", cat, "list", "--format", "csv"]).stdout
        lines = tsv.decode("utf-8").splitlines()[1:]
        with open(csv, "w", encoding="utf-8", newline="") as f:
            f.write("product_id,quantity\r\n")
            for line in lines[:args.rows]:
                f.write(line.split(",", 1)[0] + ",100\r\n")
        run([exe, "--db", db, "--catalogue", cat, "lists"])  # checkpointed, up to date
    copy = os.path.join(work, "run.db")

    def fresh():
        for f in (copy + "-wal", copy + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        shutil.copyfile(db, copy)

    base = [exe, "--db", copy, "--catalogue", cat]
    imp = base + ["import-order", csv, "--name", "bench"]
    floor = base + ["lists"]
    t_import = timed(imp, fresh, args.runs)
    fresh()
    t_floor = timed(floor, None, args.runs)
    print("rows: %d (one per product of a %d-product catalogue)" % (args.rows, args.rows))
    print("import-order: %.3f s median of %d (CPU %.3f s)" % (t_import[0], args.runs, t_import[1]))
    print("floor (lists on the same database): %.3f s (CPU %.3f s)" % t_floor)
    if not args.no_callgrind:
        ci = callgrind(imp, fresh)
        fresh()
        cf = callgrind(floor)
        if ci and cf:
            print("callgrind instructions: import-order %.0f M, floor %.0f M, import's own %.0f M"
                  % (ci / 1e6, cf / 1e6, (ci - cf) / 1e6))
        else:
            print("callgrind: valgrind not installed")


if __name__ == "__main__":
    main()
