#!/usr/bin/env bash
# bench/run.sh — time dangjian side by side with Hugo on the same synthetic corpus.
#
# Usage: bench/run.sh [SIZE] [--sizes "10000 100000 300000:1"] [--runs N] [--work DIR]
#                     [--doc FILE] [--mem-limit GiB] [-h|--help]
#
#   SIZE          activities of the corpus (default 100000); `demo`, `10k` also work
#   --sizes LIST  several sizes in one run; `SIZE:N` overrides --runs for that size
#   --runs N      repetitions per size (default 3); medians are reported
#   --work DIR    corpora, outputs and raw timings (default /tmp/dangjian-bench)
#   --doc FILE    the report (default docs/benchmarks.md; `-` = print only)
#   --mem-limit G virtual-memory cap per timed command, in GiB (default: 80 % of RAM);
#                 a command above it fails and is reported as failed, not the machine
#   --report-only write the report again from the last run's raw timings in --work
#
# Per size and repetition, each under /usr/bin/time -v: Hugo full build (clean output),
# dangjian full build --no-pdf (clean output, no cache), no-change rebuild, one-record change
# (one activity's body edited, then restored), full build with the cache kept, metrics only
# (stats --format json), check. Then `build --no-pdf -v` (cold, and one-record) for the
# per-step timings. The repository's own demo site is timed too (cold and warm).
# Installs hugo and time (apt) when missing. Idempotent: a corpus is generated only when it
# is missing or was written by another generator binary or size. Not part of CI (`make test`).
set -Eeuo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="/tmp/dangjian-bench"
DOC="$REPO/docs/benchmarks.md"
RUNS=3
REPORT_ONLY=0
SIZES=""
MEM_LIMIT_GIB=""
ARGS_SEEN="$*"

usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES="${2:?--sizes needs a list}"; shift 2 ;;
    --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
    --work) WORK="${2:?--work needs a folder}"; shift 2 ;;
    --doc) DOC="${2:?--doc needs a file or -}"; shift 2 ;;
    --mem-limit) MEM_LIMIT_GIB="${2:?--mem-limit needs GiB}"; shift 2 ;;
    --report-only) REPORT_ONLY=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "run.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
    *) SIZES="$SIZES $1"; shift ;;
  esac
done
[[ -n "${SIZES// /}" ]] || SIZES="100000"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs must be a positive number" >&2; exit 2; }

# ---------------------------------------------------------------- helpers ---
STEP="init"
T0=$SECONDS
say()  { printf '[bench] %-8s %s\n' "$STEP" "$*" >&2; }
die()  { printf '[bench] %-8s FAILED: %s\n' "$STEP" "$*" >&2; exit 1; }
# shellcheck disable=SC2154  # rc is assigned inside the trap string
trap 'rc=$?; printf "[bench] %-8s FAILED (exit %s) at line %s: %s\n" "$STEP" "$rc" "$LINENO" "$BASH_COMMAND" >&2; exit $rc' ERR

SUDO=()
[[ $EUID -eq 0 ]] || SUDO=(sudo)   # only used when something must be installed
APT_OPTS=(-q -o Dpkg::Use-Pty=0)
APT_UPDATED=0
apt_update_once() {
  [[ $APT_UPDATED -eq 1 ]] && return 0
  say "apt-get update"
  "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update >"$WORK/apt-update.log" 2>&1 \
    || { cat "$WORK/apt-update.log" >&2; die "apt-get update failed"; }
  APT_UPDATED=1
}
# apt_install PKG: install PKG unless dpkg knows it (update first only if apt has no candidate).
apt_install() {
  local p="$1" c
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && return 0
  c="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  [[ $EUID -eq 0 ]] || command -v sudo >/dev/null 2>&1 || die "$p is missing; not root and sudo not available"
  [[ -n "$c" && "$c" != "(none)" ]] || apt_update_once
  say "apt-get install $p"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "$p" >"$WORK/apt-install.log" 2>&1 \
    || { apt_update_once; "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
         apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "$p" >"$WORK/apt-install.log" 2>&1; } \
    || { tail -n 30 "$WORK/apt-install.log" >&2; die "apt-get install $p failed"; }
}

# size_count SIZE: `demo` | N | Nk → the generator's --activities value.
size_arg() { case "$1" in demo) echo demo ;; *k|*K) echo "$(( ${1%[kK]} * 1000 ))" ;; *) echo "$1" ;; esac; }
# A short label: 10000 → 10k.
size_label() {
  local n="$1"
  if [[ "$n" == demo ]]; then echo demo
  elif (( n % 1000 == 0 )); then echo "$((n / 1000))k"
  else echo "$n"; fi
}

# timed LABEL CMD...: runs CMD under /usr/bin/time -v (stdout and stderr to a log), appends
# one row to $RAW: size run label wall_s user_s sys_s cpu_s maxrss_kb rc load1.
timed() {
  local label="$1"; shift
  local tf="$WORK/last.time" log="$WORK/logs/$SIZE_LABEL-$RUN-$label.log" rc=0 load
  load="$(cut -d' ' -f1 /proc/loadavg)"
  ( ulimit -v "$MEM_LIMIT_KB"; exec /usr/bin/time -v -o "$tf" "$@" ) >"$log" 2>&1 || rc=$?
  awk -v size="$SIZE_LABEL" -v run="$RUN" -v label="$label" -v rc="$rc" -v load="$load" '
    /User time \(seconds\)/ { user = $NF }
    /System time \(seconds\)/ { sys = $NF }
    /Maximum resident set size/ { rss = $NF }
    /Elapsed \(wall clock\)/ {
      n = split($NF, p, ":"); wall = 0
      for (i = 1; i <= n; i++) wall = wall * 60 + p[i]
    }
    END { printf "%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%s\t%s\n",
                 size, run, label, wall, user, sys, user + sys, rss, rc, load }' "$tf" >>"$RAW"
  local row; row="$(tail -n 1 "$RAW")"
  say "$(printf '%-5s run %s  %-15s %s' "$SIZE_LABEL" "$RUN" "$label" \
        "$(awk -F'\t' '{printf "wall %7.2fs  cpu %7.2fs  rss %6.0f MiB  rc %s", $4, $7, $8/1024, $9}' <<<"$row")")"
  if [[ $rc -ne 0 ]]; then
    say "  $label exited $rc; last lines of $log:"
    tail -n 5 "$log" | sed 's/^/    /' >&2
  fi
  return 0
}

# verbose_build NAME TITLE: `build --no-pdf -v` on $SITE into $OUT_D; its step timings become
# a table in $BREAKDOWN.
verbose_build() {
  local log="$WORK/logs/$SIZE_LABEL-verbose-$1.log" t=$SECONDS
  ( ulimit -v "$MEM_LIMIT_KB"; exec "$DJ" --root "$SITE" build --no-pdf --output "$OUT_D" -v ) >"$log" 2>&1 \
    || say "verbose build ($1) failed, see $log"
  say "verbose build ($1): $((SECONDS - t)) s"
  breakdown "$log" "$SIZE_LABEL" "$2"
}

# breakdown LOG SIZE_LABEL TITLE: the step timings of one `build -v` log as tables in $BREAKDOWN.
breakdown() {
  {
    printf '\n### %s activities: %s\n\n| step | ms | share |\n| --- | ---: | ---: |\n' "$2" "$3"
    # Lines with `·` are parts of the step before them, not added to the steps: the activity
    # pages and the search index, which run side by side in the step marked 同时进行 (so their
    # times overlap), and the index's phases (wall time summed over its shards, indexed one at
    # a time). A table of their own, each as a share of that step's wall time.
    awk '/^  .*：[0-9]+ ms$/ { sub(/^  /, ""); split($0, p, "："); sub(/ ms$/, "", p[2]);
           if (p[1] ~ /^·/) { sub(/^·/, "", p[1]); gsub(/·/, " · ", p[1]); ph[++m] = p[1]; pms[m] = p[2]; next }
           step[++n] = p[1]; ms[n] = p[2]; total += p[2]; if (p[1] ~ /同时进行/) { both = p[2]; bname = p[1] } }
         END { for (i = 1; i <= n; i++) printf "| %s | %d | %.1f %% |\n", step[i], ms[i], total ? 100 * ms[i] / total : 0;
               printf "| **sum of the steps** | **%d** | |\n", total
               if (m > 0) {
                 printf "\nThe step %s by part (the two sides overlap; the index phases are summed over its shards):\n\n| part | ms | of the step |\n| --- | ---: | ---: |\n", bname
                 for (i = 1; i <= m; i++) printf "| %s | %d | %.0f %% |\n", ph[i], pms[i], both ? 100 * pms[i] / both : 0
               } }' "$1"
    # The build's other lines (pages kept, shards rebuilt, files written, summary), verbatim.
    printf '\n'
    # (Not the rule warnings the corpus gives: they are the same in every build.)
    grep -E '^(  沿用|  搜索索引：重建|  写入|已生成)' "$1" | sed 's/^ *//; s/^/    /' || true
  } >>"$BREAKDOWN"
}

mkdir -p "$WORK/logs" "$WORK/bin"

# ------------------------------------------------------------ 1. tools ---
STEP="tools"
command -v hugo >/dev/null 2>&1 || apt_install hugo
[[ -x /usr/bin/time ]] || apt_install time
command -v hugo >/dev/null || die "hugo not found after installing the hugo package"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found after installing the time package"
HUGO_VERSION="$(hugo version 2>/dev/null | head -n1)"
say "ok: $HUGO_VERSION"
# Hugo makes no search index; a Hugo site with search runs the Pagefind CLI over its output.
# The same Pagefind version as the crate dangjian links, from npm.
PF_VERSION="1.6.0"
PF="$WORK/pagefind-cli/node_modules/.bin/pagefind_extended"
if [[ ! -x "$PF" ]] || [[ "$("$PF" --version 2>/dev/null)" != "pagefind_extended $PF_VERSION" && "$("$PF" --version 2>/dev/null)" != "pagefind $PF_VERSION" ]]; then
  command -v npm >/dev/null 2>&1 || apt_install npm
  say "npm install pagefind@$PF_VERSION (the CLI, for Hugo)"
  npm install --silent --no-audit --no-fund --prefix "$WORK/pagefind-cli" "pagefind@$PF_VERSION" >"$WORK/logs/npm-pagefind.log" 2>&1 \
    || { tail -n 20 "$WORK/logs/npm-pagefind.log" >&2; die "npm install pagefind failed"; }
fi
[[ -x "$PF" ]] || PF="$WORK/pagefind-cli/node_modules/.bin/pagefind"
say "ok: $("$PF" --version)"
if [[ -z "$MEM_LIMIT_GIB" ]]; then
  MEM_LIMIT_KB=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) * 8 / 10 ))
else
  MEM_LIMIT_KB=$(( MEM_LIMIT_GIB * 1024 * 1024 ))
fi
say "memory cap per timed command: $((MEM_LIMIT_KB / 1024 / 1024)) GiB (ulimit -v)"
# Zola is measured if cargo can install it from the registry into the bench's own folder; the
# report says what cargo answered otherwise (as of 2026-12, Zola is not published on crates.io).
ZOLA="$WORK/zola/bin/zola"
if [[ ! -x "$ZOLA" ]]; then
  say "cargo install zola (into $WORK/zola)..."
  cargo install --quiet --root "$WORK/zola" zola >"$WORK/logs/zola-install.log" 2>&1 || true
fi
if [[ -x "$ZOLA" ]]; then
  ZOLA_STATUS="installed ($("$ZOLA" --version)), but not timed: the corpus generator writes no Zola site yet"
else
  ZOLA_STATUS="not measured: \`cargo install zola\` answered “$(grep -m1 -E '^error' "$WORK/logs/zola-install.log" | sed 's/`//g')”"
fi
say "zola: $ZOLA_STATUS"

# ------------------------------------------------------------ 2. build ---
STEP="build"
say "cargo build --release (dangjian, example gen_corpus)..."
(cd "$REPO" && cargo build --release --quiet --bin dangjian --example gen_corpus) \
  || die "cargo build --release failed"
# Snapshots: others may rebuild target/ while the benchmark runs.
cp "$REPO/target/release/dangjian" "$WORK/bin/dangjian.new" && mv -f "$WORK/bin/dangjian.new" "$WORK/bin/dangjian"
cp "$REPO/target/release/examples/gen_corpus" "$WORK/bin/gen_corpus.new" && mv -f "$WORK/bin/gen_corpus.new" "$WORK/bin/gen_corpus"
DJ="$WORK/bin/dangjian"
GEN="$WORK/bin/gen_corpus"
GIT_REV="$(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
GIT_DIRTY="$(cd "$REPO" && git status --porcelain -- src Cargo.toml Cargo.lock themes 2>/dev/null | wc -l)"
DIRTY_NOTE=""
if [[ $GIT_DIRTY -gt 0 ]]; then DIRTY_NOTE=", $GIT_DIRTY uncommitted changes in src/ themes/ Cargo.*"; fi
DJ_VERSION="$("$DJ" --version) (commit $GIT_REV$DIRTY_NOTE)"
say "ok: $DJ_VERSION"

RAW="$WORK/raw.tsv"
# At least five runs of the demo: its target is a median of five.
DEMO_RUNS=$(( RUNS > 5 ? RUNS : 5 ))
BREAKDOWN="$WORK/breakdown.md"
CORPORA="$WORK/corpora.md"
DEMO="$WORK/demo-site"
if [[ $REPORT_ONLY -eq 1 ]]; then
  [[ -s "$RAW" && -d "$DEMO/content" && -f "$WORK/load.txt" ]] || die "--report-only: no earlier run in $WORK"
  { read -r LOAD_START; read -r LOAD_END; } <"$WORK/load.txt"
  # The version the run measured, not the one just built.
  [[ -s "$WORK/version.txt" ]] && DJ_VERSION="$(cat "$WORK/version.txt")"
  : >"$BREAKDOWN"
  while read -r log; do
    kind="${log##*-verbose-}"; kind="${kind%.log}"
    case "$kind" in
      full) title="cold full build (no output, no cache)" ;;
      onerecord) title="one-record change (one activity's body edited)" ;;
      *) continue ;;
    esac
    label="$(basename "$log")"; label="${label%%-verbose-*}"
    breakdown "$log" "$label" "$title"
  done < <(ls "$WORK"/logs/*-verbose-*.log 2>/dev/null | sort -V)
else
printf '%s\n' "$DJ_VERSION" >"$WORK/version.txt"
printf 'size\trun\tlabel\twall_s\tuser_s\tsys_s\tcpu_s\tmaxrss_kb\trc\tload1\n' >"$RAW"
: >"$WORK/workbench.txt"
: >"$BREAKDOWN"
: >"$CORPORA"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------- 3. the demo site ---
# A fresh local clone (HEAD; with git history for the revision pages), so that its cache can
# be cleared without touching the working copy's. Without themes/: the binary's built-in theme
# is the working copy's, a committed themes/ may be older.
STEP="demo"
SIZE_LABEL="repo-demo"
rm -rf "$DEMO"
# --no-hardlinks: the work folder may be on another file system (a tmpfs).
git clone --quiet --local --no-hardlinks "$REPO" "$DEMO" || die "git clone --local $REPO failed"
rm -rf "$DEMO/themes"
for ((RUN = 1; RUN <= DEMO_RUNS; RUN++)); do
  rm -rf "$WORK/out-demo" "$DEMO/.cache/dangjian"
  timed dj-demo-cold "$DJ" --root "$DEMO" build --no-pdf --output "$WORK/out-demo"
  rm -rf "$WORK/out-demo"
  timed dj-demo-warm "$DJ" --root "$DEMO" build --no-pdf --output "$WORK/out-demo"
done

# ------------------------------------------------------- 4. per size ---
for spec in $SIZES; do
  size="${spec%%:*}"
  runs="$RUNS"
  [[ "$spec" == *:* ]] && runs="${spec##*:}"
  n="$(size_arg "$size")"
  [[ "$n" == demo || "$n" =~ ^[0-9]+$ ]] || die "not a size: $size"
  SIZE_LABEL="$(size_label "$n")"
  STEP="$SIZE_LABEL"
  CORPUS="$WORK/corpus-$SIZE_LABEL"
  stamp="$(sha256sum "$GEN" | cut -c1-16) --activities $n"
  if [[ -f "$CORPUS/.stamp" && "$(cat "$CORPUS/.stamp")" == "$stamp" && -f "$CORPUS/site/site.toml" ]]; then
    say "ok: corpus $CORPUS is current"
  else
    say "generating corpus ($n activities) into $CORPUS..."
    mkdir -p "$CORPUS"
    rm -f "$CORPUS/.stamp"
    "$GEN" --activities "$n" --out "$CORPUS" 2>"$WORK/logs/gen-$SIZE_LABEL.log" \
      || { cat "$WORK/logs/gen-$SIZE_LABEL.log" >&2; die "gen_corpus failed"; }
    printf '%s\n' "$stamp" >"$CORPUS/.stamp"
  fi
  SITE="$CORPUS/site"
  # The record the one-record change edits: the middle activity of the last year.
  last_year="$(ls "$SITE/content/activities" | sort -n | tail -n1)"
  mapfile -t year_files < <(ls "$SITE/content/activities/$last_year")
  RECORD="$SITE/content/activities/$last_year/${year_files[$(( ${#year_files[@]} / 2 ))]}"
  cp "$RECORD" "$WORK/record.orig"
  restore_record() { [[ -f "$WORK/record.orig" ]] && cp "$WORK/record.orig" "$RECORD"; return 0; }
  edit_record() { printf '\n会后，支部书记又补充了一条意见（基准测试第 %s 次修改）。\n' "$1" >>"$RECORD"; }
  trap 'restore_record' EXIT
  # Warm the page cache, so that both tools read the corpus from memory.
  tar -cf - -C "$CORPUS" site hugo | cat >/dev/null
  OUT_H="$WORK/out-hugo-$SIZE_LABEL"
  OUT_D="$WORK/out-dangjian-$SIZE_LABEL"

  for ((RUN = 1; RUN <= runs; RUN++)); do
    rm -rf "$OUT_H" "$CORPUS/hugo/resources" "$CORPUS/hugo/.hugo_build.lock"
    timed hugo-full hugo --quiet -s "$CORPUS/hugo" -d "$OUT_H"
    timed hugo-pagefind "$PF" --site "$OUT_H" --force-language zh-cn --quiet
    rm -rf "$OUT_D" "$SITE/.cache/dangjian"
    timed dj-full "$DJ" --root "$SITE" build --no-pdf --output "$OUT_D"
    timed dj-nochange "$DJ" --root "$SITE" build --no-pdf --output "$OUT_D"
    edit_record "$RUN"
    timed dj-onerecord "$DJ" --root "$SITE" build --no-pdf --output "$OUT_D"
    restore_record
    rm -rf "$OUT_D"
    timed dj-full-warm "$DJ" --root "$SITE" build --no-pdf --output "$OUT_D"
    timed dj-stats sh -c '"$1" --root "$2" stats --format json >/dev/null' sh "$DJ" "$SITE"
    timed dj-check "$DJ" --root "$SITE" check
  done

  # Per-step timings (`build -v`) of one more cold full build and one more one-record change.
  STEP="$SIZE_LABEL -v"
  rm -rf "$OUT_D" "$SITE/.cache/dangjian"
  verbose_build full "cold full build (no output, no cache)"
  edit_record verbose
  verbose_build onerecord "one-record change (one activity's body edited)"
  restore_record
  if [[ "$n" == 10000 ]]; then
    # The workbench's save-to-visible time at 10k: the real `dangjian serve` on a copy of the
    # corpus, a form posted, the activity's page polled until it shows the new title.
    say "workbench save to visible (10k, 5 runs)..."
    python3 "$REPO/bench/workbench_save.py" "$SITE" --runs 5 --bin "$DJ" >"$WORK/logs/workbench-10k.log" 2>&1 \
      || say "workbench_save.py failed, see $WORK/logs/workbench-10k.log"
    tail -n 1 "$WORK/logs/workbench-10k.log" >"$WORK/workbench.txt"
  fi
  STEP="$SIZE_LABEL"
  acts="$(find "$SITE/content/activities" -name '*.md' | wc -l)"
  branches="$(find "$SITE/content/branches" -name '*.toml' | wc -l)"
  notices="$(find "$SITE/content/notices" -name '*.md' | wc -l)"
  brands="$(find "$SITE/content/brands" -name '*.md' | wc -l)"
  html_d="$(find "$OUT_D" -name '*.html' 2>/dev/null | wc -l)"
  files_d="$(find "$OUT_D" -type f 2>/dev/null | wc -l)"
  html_h="$(find "$OUT_H" -name '*.html' 2>/dev/null | wc -l)"
  files_h="$(find "$OUT_H" -type f 2>/dev/null | wc -l)"
  printf '| %s | %s | %s | %s | %s | %s | %s / %s (%s) | %s / %s (%s) |\n' "$SIZE_LABEL" "$acts" "$branches" "$notices" "$brands" \
    "$(du -sh "$SITE/content" | cut -f1)" "$html_d" "$files_d" "$(du -sh "$OUT_D" 2>/dev/null | cut -f1)" \
    "$html_h" "$files_h" "$(du -sh "$OUT_H" 2>/dev/null | cut -f1)" >>"$CORPORA"
  # Counted: the outputs of large sizes go (at 100k, 1.6 GB and 1.2 GB; left behind with a
  # 300k corpus they once filled this machine's disk in the middle of a test run).
  if [[ "$n" =~ ^[0-9]+$ ]] && (( n >= 100000 )); then rm -rf "$OUT_H" "$OUT_D"; fi
  restore_record
  trap - EXIT
done
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n%s\n' "$LOAD_START" "$LOAD_END" >"$WORK/load.txt"
fi

# ------------------------------------------------------- 5. the report ---
STEP="report"
# medians: size label → median wall, cpu, rss (kB), runs, failures.
MED="$WORK/medians.tsv"
# Failed runs (exit ≠ 0) are counted, not used in the medians.
awk -F'\t' 'NR > 1 { k = $1 "\t" $3; if (!(k in seen)) { seen[k] = 1; order[++m] = k; n[k] = 0 }
                     if ($9 != 0) { f[k]++; next }
                     n[k]++; w[k, n[k]] = $4; c[k, n[k]] = $7; r[k, n[k]] = $8 }
  function med(a, k, cnt,   i, j, t, v) {
    for (i = 1; i <= cnt; i++) v[i] = a[k, i]
    for (i = 2; i <= cnt; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    return cnt % 2 ? v[(cnt + 1) / 2] : (v[cnt / 2] + v[cnt / 2 + 1]) / 2
  }
  END { for (i = 1; i <= m; i++) { k = order[i]
          if (n[k] == 0) printf "%s\t\t\t\t0\t%d\n", k, f[k]
          else printf "%s\t%.2f\t%.2f\t%.0f\t%d\t%d\n", k, med(w, k, n[k]), med(c, k, n[k]), med(r, k, n[k]), n[k], f[k] + 0 } }' \
  "$RAW" >"$MED"

# val SIZE TASK wall|cpu|rss|runs|failed: one median (or count) from $MED; empty when absent.
val() {
  awk -F'\t' -v s="$1" -v l="$2" -v what="$3" '
    BEGIN { col["wall"] = 3; col["cpu"] = 4; col["rss"] = 5; col["runs"] = 6; col["failed"] = 7 }
    $1 == s && $2 == l { print $(col[what]) }' "$MED"
}
mib() { [[ -n "$1" ]] && awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }' || echo "–"; }
ratio() { [[ -n "$1" && -n "$2" ]] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "–" }' || echo "–"; }
pct() { [[ -n "$1" && -n "$2" ]] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b; else print "–" }' || echo "–"; }
secs() { [[ -n "$1" ]] && printf '%s s' "$1" || echo "–"; }
verdict() { awk -v ok="$1" 'BEGIN { print (ok == 1 ? "met" : "**not met**") }'; }

results_table() {
  local s="$1" hw hc hr dw
  hw="$(val "$s" hugo-full wall)"; hc="$(val "$s" hugo-full cpu)"; hr="$(val "$s" hugo-full rss)"
  dw="$(val "$s" dj-full wall)"
  printf '| task | wall (median) | CPU user+sys | peak RSS | runs (failed) | wall ÷ Hugo full | CPU ÷ Hugo full | RSS ÷ Hugo full | wall ÷ dangjian full |\n'
  printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
  local l name w c r n f
  local pw
  pw="$(val "$s" hugo-pagefind wall)"
  if [[ -n "$hw" && -n "$pw" && -n "$dw" ]]; then
    local sw
    sw="$(awk -v a="$hw" -v b="$pw" 'BEGIN { printf "%.2f", a + b }')"
    printf '| Hugo full build + Pagefind CLI over its output (sum of the two medians) | %s | | | | %s | | | %s |\n' \
      "$(secs "$sw")" "$(ratio "$sw" "$hw")" "$(pct "$sw" "$dw")"
  fi
  for l in hugo-full hugo-pagefind dj-full dj-nochange dj-onerecord dj-full-warm dj-stats dj-check; do
    case "$l" in
      hugo-full) name="Hugo full build (clean output)" ;;
      hugo-pagefind) name="Pagefind CLI ($PF_VERSION, extended) over Hugo's output" ;;
      dj-full) name="dangjian full build \`--no-pdf\` (clean output, no cache)" ;;
      dj-nochange) name="dangjian no-change rebuild" ;;
      dj-onerecord) name="dangjian one-record change" ;;
      dj-full-warm) name="dangjian full build, output deleted, cache kept" ;;
      dj-stats) name="dangjian metrics only (\`stats --format json\`)" ;;
      dj-check) name="dangjian \`check\`" ;;
    esac
    n="$(val "$s" "$l" runs)"; [[ -n "$n" ]] || continue
    w="$(val "$s" "$l" wall)"; c="$(val "$s" "$l" cpu)"; r="$(val "$s" "$l" rss)"; f="$(val "$s" "$l" failed)"
    printf '| %s | %s | %s | %s | %s (%s) | %s | %s | %s | %s |\n' "$name" "$(secs "$w")" "$(secs "$c")" "$(mib "$r")" "$((n + f))" "$f" \
      "$(ratio "$w" "$hw")" "$(ratio "$c" "$hc")" "$(ratio "$r" "$hr")" "$(pct "$w" "$dw")"
  done
}

# check EXPR-WITH-a-AND-b A B: met / not met / – (a value missing).
check() {
  [[ -n "$2" && -n "$3" ]] || { echo "– (failed)"; return 0; }
  verdict "$(awk -v a="$2" -v b="$3" "BEGIN { print ($1) ? 1 : 0 }")"
}
targets_table() {
  local s="$1" hw dw dr nw ow
  hw="$(val "$s" hugo-full wall)"; dw="$(val "$s" dj-full wall)"; dr="$(val "$s" dj-full rss)"
  nw="$(val "$s" dj-nochange wall)"; ow="$(val "$s" dj-onerecord wall)"
  printf '| target (%s activities, 2 cores, `--no-pdf`, issue 19) | measured | |\n| --- | ---: | --- |\n' "$s"
  # The goal: a searchable site faster than Hugo builds one without search.
  printf '| site with search faster than Hugo without it (dangjian wall ÷ Hugo wall < 1) | %s | %s |\n' \
    "$(ratio "$dw" "$hw")" "$(check 'b > 0 && a / b < 1' "$dw" "$hw")"
  local pw sw
  pw="$(val "$s" hugo-pagefind wall)"
  sw=""
  if [[ -n "$hw" && -n "$pw" ]]; then sw="$(awk -v a="$hw" -v b="$pw" 'BEGIN { printf "%.2f", a + b }')"; fi
  printf '| against Hugo + Pagefind CLI, the equivalent site with search (dangjian wall ÷ theirs < 1) | %s | %s |\n' \
    "$(ratio "$dw" "$sw")" "$(check 'b > 0 && a / b < 1' "$dw" "$sw")"
  printf '| peak memory < 1 GiB | %s | %s |\n' "$(mib "$dr")" "$(check 'a < b' "$dr" 1048576)"
  printf '| no-change rebuild ≈ 0 %% of a full build (< 1 %%) | %s | %s |\n' \
    "$(pct "$nw" "$dw")" "$(check 'b > 0 && a / b < 0.01' "$nw" "$dw")"
  printf '| one-record rebuild < 5 %% of a full build | %s | %s |\n' \
    "$(pct "$ow" "$dw")" "$(check 'b > 0 && a / b < 0.05' "$ow" "$dw")"
}

CPU_MODEL="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
MEM_TOTAL="$(free -h | awk '/^Mem:/ { print $2 }')"
OS="$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
REPORT="$WORK/benchmarks.md"
demo_w="$(val repo-demo dj-demo-cold wall)"
demo_ww="$(val repo-demo dj-demo-warm wall)"
{
  cat <<EOF
# Benchmarks

Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); do not edit the tables by hand — run
\`make bench\` (or \`bash bench/run.sh $ARGS_SEEN\`) again. The figures are medians of repeated
runs, and the comparisons are ratios of runs made side by side, in the same session, on the same
corpus, so that they hold on another machine better than the absolute times.

## Machine

| | |
| --- | --- |
| CPU | $CPU_MODEL, $(nproc) cores (\`nproc\`) |
| memory | $MEM_TOTAL (\`free -h\`) |
| system | $OS, kernel $(uname -r) |
| rustc | $(rustc --version 2>/dev/null || echo unknown) |
| Hugo | $HUGO_VERSION |
| Pagefind CLI | $("$PF" --version) |
| dangjian | $DJ_VERSION |
| load average (1, 5, 15 min) | $LOAD_START at the start, $LOAD_END at the end |

## Targets

EOF
  for spec in $SIZES; do
    s="$(size_label "$(size_arg "${spec%%:*}")")"
    targets_table "$s"
    echo
  done
  printf '| target | measured | |\n| --- | ---: | --- |\n'
  demo_n="$(find "$DEMO/content/activities" -name '*.md' | wc -l)"
  printf '| demo site (%s activities), site only, < 1 s — no output, no cache | %s | %s |\n' \
    "$demo_n" "$(secs "$demo_w")" "$(check 'a < b' "$demo_w" 1)"
  printf '| demo site (%s activities), site only, < 1 s — output deleted, cache kept | %s | %s |\n\n' \
    "$demo_n" "$(secs "$demo_ww")" "$(check 'a < b' "$demo_ww" 1)"
  printf '## Workbench and Zola\n\n'
  printf -- '- **Workbench, save to visible at 10k** (`bench/workbench_save.py`, 5 runs): %s\n' \
    "$(cat "$WORK/workbench.txt" 2>/dev/null || true)"
  printf -- '- **Zola**: %s.\n\n' "$ZOLA_STATUS"
  echo "## Results"
  printf '\n### The demo site (the repository'"'"'s own content/ at %s)\n\n' "$GIT_REV"
  printf '| task | wall (median) | CPU user+sys | peak RSS | runs (failed) |\n| --- | ---: | ---: | ---: | ---: |\n'
  for l in dj-demo-cold dj-demo-warm; do
    case "$l" in
      dj-demo-cold) name="dangjian build \`--no-pdf\` (clean output, no cache)" ;;
      dj-demo-warm) name="dangjian build \`--no-pdf\` (output deleted, cache kept)" ;;
    esac
    n="$(val repo-demo "$l" runs)"; f="$(val repo-demo "$l" failed)"
    printf '| %s | %s | %s | %s | %s (%s) |\n' "$name" "$(secs "$(val repo-demo "$l" wall)")" \
      "$(secs "$(val repo-demo "$l" cpu)")" "$(mib "$(val repo-demo "$l" rss)")" "$(( ${n:-0} + ${f:-0} ))" "${f:-0}"
  done
  for spec in $SIZES; do
    s="$(size_label "$(size_arg "${spec%%:*}")")"
    printf '\n### %s activities\n\n' "$s"
    results_table "$s"
  done
  cat <<EOF

“wall ÷ dangjian full” is the share of a full build that a rebuild takes. CPU time is user + system
time of the process and its children; peak RSS is the largest resident set (\`/usr/bin/time -v\`,
“Maximum resident set size”).

## Corpora and outputs

| size | activities | branches | notices | brands | content/ | dangjian: HTML / files (size) | Hugo: HTML / files (size) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$(cat "$CORPORA")

## Where dangjian's time goes

One more \`dangjian --root site build --no-pdf --output … -v\` per size after the timed runs (clean
output); the steps are the ones the build prints with \`--verbose\` (wall time per step).
$(cat "$BREAKDOWN")

## Method

- **Corpus.** \`cargo run --release --example gen_corpus -- --activities N --out DIR\` writes
  \`DIR/site\` (a dangjian site that passes \`dangjian check\` with rule warnings only) and
  \`DIR/hugo\` (the same activities — same titles, bodies and dates — as Hugo content with a minimal
  theme: \`baseof.html\`, \`list.html\`, \`single.html\`, \`index.html\`). Branches scale with the size
  (one per ~333 activities, at least 15), 10 years (2016–2025), activities spread evenly over
  branch × year, notices (one per 10 branches and year), brands (one per 3 branches), annual data
  and summaries, one checklist. Bodies are 1–3 Chinese paragraphs of 200–800 characters from the
  generator's own phrase pools, plus resolutions for meetings. Deterministic (fixed seed).
- **What Hugo builds.** Home, one page per activity, notice and brand, the sections
  \`activities/\` and \`activities/<year>/\` (every activity of the year in one table), taxonomies
  \`branches\` and \`kinds\` (one page per branch and per kind listing all its activities), the
  sitemap and one RSS feed of 50 items (\`rssLimit\`); no search index, no charts, no statistics.
  A Hugo site with search runs the Pagefind CLI over its output; that run
  (\`pagefind_extended --site OUT --force-language zh-cn\`, Pagefind $PF_VERSION from npm, the
  version dangjian links) is timed after each Hugo build, and “Hugo + Pagefind” is the sum.
  dangjian builds more from the same records — dashboard and statistics pages, month pages,
  annual reports, checklists, SVG charts, a Pagefind search index, sitemap and Atom feed — so the
  comparison is “the site each tool makes of these records”, not identical pages.
- **Runs.** Per size, each repetition runs, in this order: Hugo full build into an empty folder
  (\`hugo --quiet -s hugo -d OUT\`); dangjian full build into an empty folder with its cache
  (\`site/.cache/dangjian/\`: search shards, manifest) deleted
  (\`dangjian --root site build --no-pdf --output OUT\`); the same command again (no change); the
  same command after appending one sentence to one activity's body (the file is restored after);
  the full build again into an emptied output folder with the cache kept (what \`rm -rf output\`
  gives a user); \`dangjian --root site stats --format json > /dev/null\`;
  \`dangjian --root site check\`. Each under \`/usr/bin/time -v\`; the tables show the median of the
  successful repetitions. The corpus is read once (\`tar\`) before the first run, so both tools
  read it from the page cache. Both binaries are copies taken at the start (others may rebuild
  \`target/\` meanwhile). Each timed command runs under \`ulimit -v\` of $((MEM_LIMIT_KB / 1024 / 1024)) GiB, so that a
  runaway build fails instead of the machine.
- **Demo site.** A \`git clone --local\` of the repository at $GIT_REV (so that the revision pages
  have their git history), without \`themes/\` (the binary's built-in theme is the working copy's);
  built cold (no output, no cache) and warm (output deleted, cache kept), $DEMO_RUNS times each.
- **Noise.** The machine is shared with other work (compilers, test suites); the load average
  at the start and end is above, and the raw table below shows the 1-minute load before each run.
  Wall times are more affected by that than CPU times; the ratios compare runs made minutes
  apart under similar load.

## Raw runs

| size | run | task | wall s | user s | sys s | CPU s | max RSS MiB | exit | load (1 min) |
| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$(awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s | %s | %.0f | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 / 1024, $9, $10 }' "$RAW")
EOF
} >"$REPORT"

cat "$REPORT"
if [[ "$DOC" != "-" ]]; then
  cp "$REPORT" "$DOC.part" && mv -f "$DOC.part" "$DOC"
  say "wrote $DOC"
fi
STEP="done"
say "all steps ok in $((SECONDS - T0))s (raw timings: $RAW)"
