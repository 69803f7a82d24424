#!/usr/bin/env bash
# bench/profile_index.sh — where a cold build's CPU goes, by phase of the search index, with
# perf: every sample's function (leaf, no call graph) is put into a phase by its symbol name.
#
# Usage: bench/profile_index.sh SITE [--bin FILE] [--out DIR] [--freq HZ]
#
# Builds SITE cold (`build --no-pdf -v`, cache and output removed) under `perf record -F HZ`
# (default 199) and prints a Markdown table: phase, samples, share of all samples. The
# classification is by symbol prefix (see PHASES below), so a function inlined into another
# crate's counts there; "other" is what no rule names. Not part of CI.
set -Eeuo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SITE="${1:?usage: bench/profile_index.sh SITE [--bin FILE] [--out DIR] [--freq HZ]}"; shift
BIN="$REPO/target/release/dangjian"
OUT="/tmp/dangjian-profile"
FREQ=199
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bin) BIN="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --freq) FREQ="$2"; shift 2 ;;
    *) echo "profile_index.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
command -v perf >/dev/null || { echo "perf is missing (apt-get install linux-perf)" >&2; exit 1; }
mkdir -p "$OUT"
rm -rf "$OUT/output" "$SITE/.cache/dangjian"
perf record -q -F "$FREQ" -o "$OUT/perf.data" -- \
  "$BIN" --root "$SITE" build --no-pdf --output "$OUT/output" -v >"$OUT/build.log" 2>&1
perf report -i "$OUT/perf.data" --stdio --no-children --sort dso,symbol -F overhead,sample,dso,symbol \
  2>/dev/null >"$OUT/report.txt"
rm -rf "$OUT/output"
python3 - "$OUT/report.txt" <<'EOF'
import re, sys
# (phase, patterns on "dso symbol"); the first rule that matches wins.
PHASES = [
    ("segmentation (ICU word segmenter)", [r"icu_", r"zerovec", r"icu_provider"]),
    ("compression (gzip: zlib-rs, flate2)", [r"zlib_rs", r"flate2", r"miniz", r"crc32", r"adler"]),
    ("serialisation of index chunks (minicbor)", [r"minicbor"]),
    ("stemming, normalisation", [r"pagefind_stem", r"unicode_normalization", r"unicode_segmentation"]),
    ("word/fragment assembly (pagefind, hashbrown, sorting)", [r"pagefind", r"hashbrown", r"core::slice::sort", r"sha1", r"serde_json", r"lexical"]),
    ("allocation and copying", [r"malloc", r"free", r"realloc", r"memcpy", r"memmove", r"memset", r"_int_", r"alloc::", r"\bmi_", r"_mi_", r"libmimalloc"]),
    ("pages: templates, Markdown, charts (tera, pulldown-cmark, dangjian)", [r"tera", r"pest", r"pulldown", r"dangjian::"]),
    ("ledger workbooks (rust_xlsxwriter)", [r"rust_xlsxwriter", r"zip::"]),
    ("kernel (files, memory, scheduling)", [r"\[kernel", r"\[k\]"]),
]
rows = {}
total = 0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.match(r"\s*([\d.]+)%\s+(\d+)\s+(.*)", line)
    if not m:
        continue
    samples = int(m.group(2)); rest = m.group(3)
    total += samples
    phase = next((p for p, pats in PHASES if any(re.search(x, rest) for x in pats)), "other")
    rows[phase] = rows.get(phase, 0) + samples
print("| phase (by the sampled function) | samples | share |")
print("| --- | ---: | ---: |")
for phase, _ in PHASES + [("other", [])]:
    n = rows.get(phase, 0)
    print(f"| {phase} | {n} | {100 * n / max(total, 1):.1f} % |")
print(f"| **all** | **{total}** | |")
EOF
grep -E '：[0-9]+ ms$|搜索索引：|写入' "$OUT/build.log" | sed 's/^ */    /'
