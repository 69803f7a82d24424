#!/usr/bin/env bash
# scripts/fuzz.sh — run the cargo-fuzz targets in fuzz/ for a fixed time each.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET…]
#
#   SECONDS   time per target (default 600)
#   TARGET    load_record, markdown_typst, markdown_html, journal, title_breaker (default: all, in turn)
#
# Installs cargo-fuzz with `cargo install cargo-fuzz` when it is missing. libFuzzer needs
# nightly compiler flags (-Zsanitizer=address, coverage instrumentation); this machine has
# only a stable toolchain, so the script sets RUSTC_BOOTSTRAP=1, which lets stable rustc take
# them (the same compiler, the flags merely unlocked; ASan's runtime ships with stable).
#
# Each target starts from its committed seeds (fuzz/corpus/<target>/, kept small by hand)
# and from what earlier runs on this machine found (fuzz/corpus-work/<target>/, not
# committed). New inputs go to corpus-work only. One process per target, one fuzzing thread
# (RAYON_NUM_THREADS=1 for the loader), debug assertions on (integer overflow panics).
# A run longer than 10 s for one input counts as a hang, more than 2 GB as out of memory.
#
# Prints, per target: seconds, executions, executions per second, corpus size and findings
# (crash/leak/timeout/oom files in fuzz/artifacts/<target>/). Exit status 1 if anything was
# found. Reproduce a finding with:
#   (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -a -s none <target> artifacts/<target>/<file>)
# and turn it into a regression test (tests/proptest_*.rs keep the ones found so far).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${1:-600}"
shift || true
ALL_TARGETS=(load_record markdown_typst markdown_html journal title_breaker)
if [[ $# -gt 0 ]]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

[[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a whole number, got '$SECONDS_PER_TARGET'" >&2; exit 2; }
for t in "${TARGETS[@]}"; do
  [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || { echo "fuzz.sh: unknown target '$t' (known: ${ALL_TARGETS[*]})" >&2; exit 2; }
done

say() { printf '[fuzz] %s\n' "$*"; }

if ! cargo fuzz --version >/dev/null 2>&1; then
  say "cargo-fuzz is missing: cargo install cargo-fuzz"
  cargo install cargo-fuzz
fi
say "$(cargo fuzz --version)"

export RUSTC_BOOTSTRAP=1
export RAYON_NUM_THREADS=1
cd "$REPO/fuzz"

# Sanitizer: none by default. The code under test is safe Rust, so what a run can find is a
# panic (including integer overflow: debug assertions are on), a hang or running out of
# memory, none of which needs ASan, which halves the speed here. FUZZ_SANITIZER=address
# turns it back on.
SANITIZER="${FUZZ_SANITIZER:-none}"
say "building the targets (release, debug assertions, sanitizer: $SANITIZER) …"
if ! cargo fuzz build --debug-assertions --sanitizer "$SANITIZER" >build.log 2>&1; then
  tail -n 40 build.log >&2
  say "FAILED to build the fuzz targets with RUSTC_BOOTSTRAP=1 (log: fuzz/build.log)"
  exit 1
fi
rm -f build.log
# The binaries are run directly, not through `cargo fuzz run`, so that a source change made
# meanwhile does not start a rebuild inside the timed run.
BIN_DIR="$REPO/fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release"

declare -a SUMMARY=()
FOUND=0
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus-work/$t" "artifacts/$t"
  before=$(find "artifacts/$t" -type f | wc -l)
  log="corpus-work/$t.log"
  say "$t: ${SECONDS_PER_TARGET} s …"
  start=$(date +%s)
  set +e
  "$BIN_DIR/$t" "corpus-work/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1
  status=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n1)
  execs=${execs:-$(grep -o '^#[0-9]*' "$log" | tail -n1 | tr -d '#')}
  execs=${execs:-0}
  per_sec=$(( execs / (elapsed > 0 ? elapsed : 1) ))
  corpus=$(find "corpus-work/$t" "corpus/$t" -type f | wc -l)
  after=$(find "artifacts/$t" -type f | wc -l)
  found=$(( after - before ))
  if [[ $status -ne 0 && $found -eq 0 ]]; then
    # libFuzzer failed without writing an artifact (a build or start-up problem).
    tail -n 30 "$log" >&2
    found=1
  fi
  if [[ $found -gt 0 ]]; then
    FOUND=1
    grep -E '^==[0-9]+==|panicked|SUMMARY|Test unit written' "$log" | head -n 20 >&2 || true
  fi
  SUMMARY+=("$(printf '%-15s %6s s %12s execs %8s/s %6s inputs %3s findings' "$t" "$elapsed" "$execs" "$per_sec" "$corpus" "$found")")
done

say "summary (log of each run: fuzz/corpus-work/<target>.log)"
for line in "${SUMMARY[@]}"; do say "  $line"; done
if [[ $FOUND -ne 0 ]]; then
  say "FINDINGS: see fuzz/artifacts/<target>/"
  exit 1
fi
say "no findings"
