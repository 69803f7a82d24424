#!/usr/bin/env python3
"""Save-to-visible latency of the workbench: the time from posting an activity's form (a new
title) to the moment its page on the site shows the new title, measured N times on a copy of
a site, through the real `dangjian serve` on loopback (the local officer, no sign-in).

Usage: bench/workbench_save.py SITE_DIR [--runs 20] [--bin target/release/dangjian]
       [--write docs/performance.md]

Each run waits --pause seconds (default 3: the previous save's second pass, the search index,
is over), then opens the edit form of one activity (as the browser does: GET, which gives the
session cookie, the CSRF token and the file's version), changes its title, posts the form,
and polls the activity's page every 5 ms until the new title is there. Prints each latency
(save answered, page visible) and the medians; with --write, replaces the section
"Workbench: save to visible" of that file with the results.
"""
import argparse, html.parser, http.cookiejar, os, re, shutil, socket, statistics, subprocess
import sys, tempfile, time, urllib.error, urllib.parse, urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FormReader(html.parser.HTMLParser):
    """The fields of the page's `form.record`, as the browser would post them."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.fields = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "record" in (a.get("class") or ""):
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and a.get("name") and not a.get("disabled"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append([a["name"], a.get("value", "on")])
            elif kind != "file":
                self.fields.append([a["name"], a.get("value", "")])
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], None]
        elif tag == "option" and self.select is not None:
            if "selected" in a or self.select[1] is None:
                self.select[1] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select is not None:
            self.fields.append([self.select[0], self.select[1] or ""])
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(self.textarea)
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--bin", default="target/release/dangjian")
    ap.add_argument("--write")
    ap.add_argument("--pause", type=float, default=3.0,
                    help="seconds between saves, for the previous save's search index pass")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    work = tempfile.mkdtemp(prefix="dangjian-workbench-")
    site = os.path.join(work, "site")
    shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("output", ".cache", ".git"))
    subprocess.run(["git", "init", "-q", site], check=True)
    subprocess.run(["git", "-C", site, "add", "-A"], check=True)
    subprocess.run(["git", "-C", site, "-c", "user.name=bench", "-c", "user.email=b@x",
                    "commit", "-q", "-m", "bench"], check=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # serve's messages go to a file: a pipe nobody reads fills up and stops serve.
    log_path = os.path.join(work, "serve.log")
    log = open(log_path, "w")
    proc = subprocess.Popen([binary, "serve", "--port", str(port), "--root", site],
                            stdout=subprocess.DEVNULL, stderr=log)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    class Keep303(urllib.request.HTTPRedirectHandler):
        # The save's answer is the redirect itself; the form page it leads to is not timed.
        def redirect_request(self, *args, **kwargs):
            return None

    poster = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), Keep303())
    try:
        deadline = time.time() + 600
        while True:
            try:
                opener.open(base + "/index.html", timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    sys.exit("serve did not start: " + open(log_path).read())
                time.sleep(0.2)
        time.sleep(3)  # the first build's second pass (search index)
        year = sorted(os.listdir(os.path.join(site, "content/activities")))[-1]
        records = sorted(os.listdir(os.path.join(site, "content/activities", year)))
        saved, visible = [], []
        for i in range(args.runs):
            name = records[(i * 37) % len(records)]
            rel = f"content/activities/{year}/{name}"
            page_url = f"{base}/activities/{year}/{name[:-3]}.html"
            form = opener.open(f"{base}/_/edit?path={urllib.parse.quote(rel, safe='')}").read().decode()
            reader = FormReader()
            reader.feed(form)
            title = f"基准测试标题第{i + 1}次"
            fields = [(k, title if k == "title" else v) for k, v in reader.fields]
            body = urllib.parse.urlencode(fields).encode()
            # An idle server: the previous save's second pass (the search index) is done.
            time.sleep(args.pause)
            t0 = time.perf_counter()
            try:
                answer = poster.open(urllib.request.Request(base + "/_/save", data=body))
                sys.exit(f"the save of {rel} was refused ({answer.status})")
            except urllib.error.HTTPError as e:
                t1 = time.perf_counter()
                if e.code != 303 or "saved=1" not in (e.headers.get("Location") or ""):
                    sys.exit(f"the save of {rel} was refused ({e.code})")
            while True:
                try:
                    if title in opener.open(page_url, timeout=5).read().decode():
                        break
                except OSError:
                    pass
                if time.perf_counter() - t0 > 60:
                    sys.exit(f"{page_url} never showed the new title; serve said:\n" + open(log_path).read()[-3000:])
                time.sleep(0.005)
            t2 = time.perf_counter()
            saved.append((t1 - t0) * 1000)
            visible.append((t2 - t0) * 1000)
            print(f"run {i + 1:2}: save answered {saved[-1]:7.1f} ms, page visible {visible[-1]:7.1f} ms")
        result = (f"runs: {args.runs}; median save answered {statistics.median(saved):.0f} ms; "
                  f"median page visible {statistics.median(visible):.0f} ms "
                  f"(min {min(visible):.0f}, max {max(visible):.0f})")
        print(result)
        if args.write:
            write(args.write, args, result, visible)
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)


def write(path, args, result, visible):
    heading = "## Workbench: save to visible"
    section = (f"{heading}\n\n`python3 bench/workbench_save.py {args.site} --runs {args.runs}` "
               f"({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, `{args.bin}`): {result}. "
               "Measured from posting the form to the first poll of the activity's page that "
               "shows the new title (the save answers with its redirect once the pages are rebuilt "
               "and published; the form page it leads to is not timed).\n")
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    pattern = re.compile(re.escape(heading) + r"\n.*?(?=\n## |\Z)", re.S)
    text = pattern.sub(section.rstrip("\n"), text) if heading in text else text.rstrip("\n") + "\n\n" + section
    with open(path, "w", encoding="utf-8") as f:
        f.write(text if text.endswith("\n") else text + "\n")


if __name__ == "__main__":
    main()
