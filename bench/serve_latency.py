#!/usr/bin/env python3
"""Edit-to-reload latency of `dangjian serve`: the time from writing a record to the moment
the open page is told to reload (the answer to its long poll), measured N times.

Usage: bench/serve_latency.py SITE_DIR [--runs 10] [--bin target/release/dangjian]

SITE_DIR is copied to a temporary folder first; the copy is built once, then one activity is
edited per run (a sentence appended to its body). Prints each latency and the median.
"""
import argparse, glob, json, os, shutil, socket, statistics, subprocess, sys, tempfile, time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def events(port, since, timeout=60):
    q = "" if since is None else str(since)
    url = f"http://127.0.0.1:{port}/__dangjian/events?since={q}"
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.load(r)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--bin", default="target/release/dangjian")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    work = tempfile.mkdtemp(prefix="dangjian-serve-")
    site = os.path.join(work, "site")
    shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("output", ".cache", ".git"))
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--port", str(port), "--root", site],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 600
        while True:
            try:
                status = events(port, None, timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    sys.exit("serve did not start: " + proc.stderr.read().decode())
                time.sleep(0.2)
        # Let the first build's second pass (search, PDFs) finish.
        time.sleep(3)
        version = events(port, None)["version"]
        records = sorted(glob.glob(os.path.join(site, "content/activities/*/*.md")))
        latencies = []
        for i in range(args.runs):
            record = records[(i * 97) % len(records)]
            time.sleep(2.5)  # the previous edit's second pass
            version = events(port, None)["version"]
            with open(record, "a", encoding="utf-8") as f:
                f.write(f"\n补充说明第{i + 1}条。\n")
            t0 = time.perf_counter()
            s = events(port, version)
            ms = (time.perf_counter() - t0) * 1000
            if s.get("error"):
                sys.exit("rebuild failed: " + s["error"])
            latencies.append(ms)
            print(f"run {i + 1}: {ms:.0f} ms ({os.path.relpath(record, site)})")
        print(f"median edit-to-reload: {statistics.median(latencies):.0f} ms "
              f"(min {min(latencies):.0f}, max {max(latencies):.0f}, {len(latencies)} runs)")
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
