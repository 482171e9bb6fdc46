#!/usr/bin/env python3
"""Times the commands on the shipped catalogue: median and spread of N runs.

Usage: python3 bench/startup.py [PATH/TO/aixingou] [--runs N]

Each figure is the wall time of a whole process (exec to exit), output sent to
/dev/null. "cold" runs start from an empty database each time, so they parse
the YAML, validate it and import it into SQLite; "warm" runs find the import
up to date (only the files' content hash is checked). These machines are
shared and noisy: compare medians, not single runs.
"""
import fcntl
import os
import pty
import statistics
import struct
import termios
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
runs = 31
args = []
rest = iter(sys.argv[1:])
for a in rest:
    if a == "--runs":
        runs = int(next(rest))
    elif not a.startswith("--"):
        args.append(a)
binary = args[0] if args else os.path.join(root, "build", "src", "aixingou")
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


def timed_browser(argv):
    """Wall times in ms from exec to the browser's first full screen on an
    80x24 pseudo-terminal (AIXINGOU_EXIT_AFTER_FIRST_DRAW makes it leave
    right after drawing it)."""
    samples = []
    env = dict(os.environ, TERM="xterm-256color", AIXINGOU_EXIT_AFTER_FIRST_DRAW="1")
    for _ in range(runs):
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execve(argv[0], argv, env)
        while True:
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
        _, status = os.waitpid(pid, 0)
        samples.append((time.perf_counter() - start) * 1000)
        os.close(fd)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{argv} failed")
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
    cases.append(("browser, warm: start to first full screen", base + ["--lang", "zh_CN"],
                  "browser"))
    for name, argv, prepare in cases:
        samples = timed_browser(argv) if prepare == "browser" else timed(argv, prepare)
        s = sorted(samples)
        p90 = s[min(len(s) - 1, int(len(s) * 0.9))]
        print(f"{name:46} {statistics.median(s):10.2f} {s[0]:7.2f} {p90:7.2f}")
