#!/usr/bin/env python3
"""Runs a command several times; prints the median wall time and the peak RSS.

usage: measure.py RUNS [--prepare SHELL_COMMAND] -- COMMAND...
The prepare command runs, untimed, before each run.
Peak RSS is the largest resident set of any single run (ru_maxrss of the child).
"""
import os
import statistics
import sys
import tempfile
import time

# GNU time, when installed (Debian: `apt-get install time`).
TIME = os.access("/usr/bin/time", os.X_OK)


def measure(argv, env=None, stdout=os.devnull):
    """Runs argv once, stdout to a file (/dev/null); returns (exit code, wall s, peak RSS MB, CPU s).

    CPU and peak come from wait4, so they include the children the command waited for.
    Linux counts a child's resident memory from before its exec too, a copy of this
    process: a large caller gets CPU and peak from GNU time (a tiny parent) instead.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        timed = ["/usr/bin/time", "-q", "-f", "%U %S %M", "-o", report.name, *argv] if TIME else argv
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            try:
                os.dup2(os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1)
                if env is None:
                    os.execvp(timed[0], timed)
                os.execvpe(timed[0], timed, env)
            finally:
                os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if TIME:
            fields = report.read().split()
            if len(fields) >= 3 and fields[-3].replace(".", "").isdigit():
                user, system, peak_kb = float(fields[-3]), float(fields[-2]), int(fields[-1])
                return code, wall, peak_kb / 1024, user + system
        return code, wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def run_once(argv):
    code, wall, peak, cpu = measure(argv)
    if code != 0:
        sys.exit(f"command failed: {' '.join(argv)}")
    return wall, peak, cpu


def main():
    runs = int(sys.argv[1])
    argv = sys.argv[sys.argv.index("--") + 1:]
    prepare = None
    if "--prepare" in sys.argv[:sys.argv.index("--")]:
        prepare = sys.argv[sys.argv.index("--prepare") + 1]
    results = []
    for _ in range(runs):
        if prepare and os.system(prepare) != 0:
            sys.exit(f"prepare failed: {prepare}")
        results.append(run_once(argv))
    walls = [r[0] for r in results]
    print(f"wall median {statistics.median(walls):.3f} s (min {min(walls):.3f}, max {max(walls):.3f}, {runs} runs); "
          f"cpu median {statistics.median(r[2] for r in results):.3f} s; "
          f"peak RSS {max(r[1] for r in results):.0f} MB")


if __name__ == "__main__":
    main()
