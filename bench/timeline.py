#!/usr/bin/env python3
"""CPU and memory of one `dangjian build -v` over its time, step by step.

    python3 bench/timeline.py [--every 0.2] -- target/release/dangjian --root SITE build --no-pdf -v

Samples the process's CPU time (user + system, /proc/PID/stat) and resident memory
(/proc/PID/status) every `--every` seconds while it runs, then lays the build's own steps
(the `  步骤：N ms` lines of `-v`, in order; the `·` sub-steps are parts of the step before and
are skipped) over the samples: for each step its wall time, the cores it kept busy on average
(CPU seconds ÷ wall seconds) and the largest resident memory sampled in it. Linux only.
"""

import argparse
import os
import re
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def sample(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/statm") as f:
            rss_pages = int(f.read().split()[1])
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    # Fields after the command name: state is [0], utime [11], stime [12].
    cpu = (int(fields[11]) + int(fields[12])) / TICK
    return cpu, rss_pages * PAGE / 2**20


def steps(stderr):
    out = []
    for line in stderr.splitlines():
        m = re.match(r"^\s+(\S[^：]*)：(\d+) ms$", line)
        if m and "·" not in m.group(1):
            out.append((m.group(1), int(m.group(2)) / 1000))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--every", type=float, default=0.2)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        ap.error("no command")
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples = []
    while proc.poll() is None:
        s = sample(proc.pid)
        if s:
            samples.append((time.monotonic() - start, *s))
        time.sleep(args.every)
    out, err = proc.communicate()
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.stderr.write(err)
        sys.exit(proc.returncode)
    marks = steps(err + out)
    # The steps start after the process does (start-up, the lock, the stamp): the sum of the
    # steps is laid out backwards from the last sample, which is the closest to their end.
    end = samples[-1][0] if samples else wall
    t = end - sum(d for _, d in marks)
    print(f"wall {wall:.2f} s, samples {len(samples)}, peak RSS sampled "
          f"{max((s[2] for s in samples), default=0):.0f} MiB")
    print("| step | wall | cores busy | largest RSS sampled |")
    print("| --- | ---: | ---: | ---: |")

    def at(when):
        # CPU time at `when`, interpolated between the samples around it.
        prev = (0.0, 0.0, 0.0)
        for s in samples:
            if s[0] >= when:
                span = s[0] - prev[0]
                k = (when - prev[0]) / span if span > 0 else 1.0
                return prev[1] + k * (s[1] - prev[1])
            prev = s
        return prev[1]

    for name, dur in marks:
        a, b = t, t + dur
        cpu = at(b) - at(a)
        rss = max((s[2] for s in samples if a <= s[0] <= b), default=0)
        busy = cpu / dur if dur > 0 else 0
        print(f"| {name} | {dur:.2f} s | {busy:.2f} | {rss:.0f} MiB |")
        t = b


if __name__ == "__main__":
    main()
