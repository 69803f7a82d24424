#!/usr/bin/env bash
# bench/search_shards.sh — the trade-off behind the number of search shards, on one corpus:
# per shard size, the time a one-record change spends re-indexing its shard (`build -v`,
# step 搜索索引) against the time a search takes in Chromium (bench/search_latency.mjs).
#
# Usage: bench/search_shards.sh [--size 10000] [--per-shard "125 250 500 1000"] [--runs 5]
#                               [--work DIR] [--bin FILE]
#
# Uses bench/run.sh's corpus in --work (generated with its generator when missing) and a
# release binary (default target/release/dangjian, copied first). Each shard size gets its own
# output folder, built cold (`DANGJIAN_BENCH_DOCS_PER_SHARD=N`, search cache emptied), then
# once more after one activity's body was edited (restored after). The site is served by
# python's http.server on 127.0.0.1 and searched RUNS times in fresh browser contexts.
# Prints a Markdown table (also written to WORK/search-shards.md). Not part of CI.
set -Eeuo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="/tmp/dangjian-bench"
SIZE=10000
PER_SHARD="125 250 500 1000"
RUNS=5
BIN="$REPO/target/release/dangjian"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --per-shard) PER_SHARD="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --bin) BIN="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "search_shards.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
say() { printf '[shards] %s\n' "$*" >&2; }
mkdir -p "$WORK/bin" "$WORK/logs"
[[ -x "$BIN" ]] || { echo "no binary at $BIN: cargo build --release first" >&2; exit 1; }
cp "$BIN" "$WORK/bin/dangjian-shards"
DJ="$WORK/bin/dangjian-shards"
TOOLS="$REPO/.tools"
[[ -d "$TOOLS/node_modules/playwright-core" ]] || { echo "no playwright-core in .tools: run scripts/setup.sh" >&2; exit 1; }
CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
[[ -n "$CHROMIUM" ]] || { echo "no chromium: run scripts/setup.sh" >&2; exit 1; }

label=$(( SIZE / 1000 ))k
CORPUS="$WORK/corpus-$label"
if [[ ! -f "$CORPUS/site/site.toml" ]]; then
  GEN="$REPO/target/release/examples/gen_corpus"
  [[ -x "$GEN" ]] || (cd "$REPO" && cargo build --release --quiet --example gen_corpus)
  say "generating $SIZE activities into $CORPUS"
  "$GEN" --activities "$SIZE" --out "$CORPUS" >/dev/null
fi
SITE="$CORPUS/site"
last_year="$(ls "$SITE/content/activities" | sort -n | tail -n1)"
mapfile -t year_files < <(ls "$SITE/content/activities/$last_year")
RECORD="$SITE/content/activities/$last_year/${year_files[$(( ${#year_files[@]} / 2 ))]}"
cp "$RECORD" "$WORK/shards-record.orig"
trap 'cp "$WORK/shards-record.orig" "$RECORD"' EXIT

step_ms() { awk -v s="$1" '$0 ~ "^  " s "：[0-9]+ ms$" { sub(/^.*：/, ""); sub(/ ms$/, ""); print }' "$2"; }

OUT_MD="$WORK/search-shards.md"
{
  printf '| docs per shard | shards | cold build: 搜索索引 | one-record change: 搜索索引 | one-record change, whole build | first search (fresh browser) | its pagefind requests | their size | next query (indexes loaded) |\n'
  printf '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
} >"$OUT_MD"
for n in $PER_SHARD; do
  out="$WORK/out-shards-$label-$n"
  rm -rf "$out" "$SITE/.cache/dangjian"
  say "$n docs per shard: cold build"
  DANGJIAN_BENCH_DOCS_PER_SHARD=$n "$DJ" --root "$SITE" build --no-pdf --output "$out" -v \
    >"$WORK/logs/shards-$n-cold.log" 2>&1
  printf '\n会后补充一条意见（分片基准）。\n' >>"$RECORD"
  say "$n docs per shard: one-record change"
  t0=$(date +%s%N)
  DANGJIAN_BENCH_DOCS_PER_SHARD=$n "$DJ" --root "$SITE" build --no-pdf --output "$out" -v \
    >"$WORK/logs/shards-$n-one.log" 2>&1
  one_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  cp "$WORK/shards-record.orig" "$RECORD"
  shards=$(( $(find "$out/pagefind" -name 'pagefind-entry.json' | wc -l) ))
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out" >/dev/null 2>&1 &
  server=$!
  sleep 1
  say "$n docs per shard ($shards shards): searching"
  json="$(node "$REPO/bench/search_latency.mjs" "$TOOLS" "$CHROMIUM" "http://127.0.0.1:$port/" "$RUNS" 主题党日 理论学习)" || json='{}'
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  printf '%s\n' "$json" >"$WORK/logs/shards-$n-search.json"
  python3 - "$n" "$shards" "$(step_ms 搜索索引 "$WORK/logs/shards-$n-cold.log")" \
    "$(step_ms 搜索索引 "$WORK/logs/shards-$n-one.log")" "$one_ms" "$json" >>"$OUT_MD" <<'EOF'
import json, sys
n, shards, cold, one, whole, raw = sys.argv[1:]
r = json.loads(raw or "{}")
ms = lambda v: "–" if v in (None, "") else f"{int(v):,} ms"
print(f"| {n} | {shards} | {ms(cold)} | {ms(one)} | {ms(whole)} | {ms(r.get('cold_ms'))} "
      f"| {r.get('requests', '–')} | {r.get('kib', '–')} KiB | {ms(r.get('warm_ms'))} |")
EOF
  tail -n 1 "$OUT_MD" >&2
  rm -rf "$out"
done
cat "$OUT_MD"
