#!/usr/bin/env bash
# scripts/setup.sh — install the external tools and fonts dangjian needs.
#
# Usage: scripts/setup.sh [--for-tests] [-h|--help]
#
#   (default)     typst CLI 0.15.x and the open CJK fonts (Fandol + Noto CJK)
#                 through `dangjian setup` into ~/.local/share/dangjian; .fonts
#                 becomes a link to its font folder (the tests use it)
#   --for-tests   additionally poppler-utils, chromium, LibreOffice Calc and Writer (apt), a Java runtime if
#                 none is present, and vnu-jar + axe-core + playwright-core
#                 into $REPO/.tools
#
# Idempotent: every step checks first and is skipped when already satisfied,
# so a warm run takes seconds. Any failure aborts with a non-zero exit code.
# Nothing font-related is installed system-wide: `dangjian setup` only downloads the
# .deb packages (apt-get download) and unpacks the font files.
set -Eeuo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FONT_DIR="$REPO/.fonts"
TOOLS_DIR="$REPO/.tools"

FOR_TESTS=0
for arg in "$@"; do
  case "$arg" in
    --for-tests) FOR_TESTS=1 ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

# ---------------------------------------------------------------- helpers ---
STEP="init"
T0=$SECONDS
say()  { printf '[setup] %-8s %s\n' "$STEP" "$*"; }
die()  { printf '[setup] %-8s FAILED: %s\n' "$STEP" "$*" >&2; exit 1; }
# shellcheck disable=SC2154  # rc is assigned inside the trap string
trap 'rc=$?; printf "[setup] %-8s FAILED (exit %s) at line %s: %s\n" "$STEP" "$rc" "$LINENO" "$BASH_COMMAND" >&2; exit $rc' ERR

SUDO=()
if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { STEP=init; die "not root and sudo not available (needed for apt-get)"; }
  SUDO=(sudo)
fi
APT_OPTS=(-q -o Dpkg::Use-Pty=0)
# apt-get download as root into a root-only temp dir otherwise warns about the _apt sandbox.
[[ $EUID -eq 0 ]] && APT_OPTS+=(-o APT::Sandbox::User=root)

WORK=""
cleanup() { [[ -n "$WORK" && -d "$WORK" ]] && rm -rf "$WORK"; return 0; }
trap cleanup EXIT
workdir() { [[ -n "$WORK" ]] || WORK="$(mktemp -d /tmp/dangjian-setup.XXXXXX)"; }

APT_UPDATED=0
apt_update_once() {
  [[ $APT_UPDATED -eq 1 ]] && return 0
  say "apt-get update"
  "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update >"${WORK:-/tmp}/apt-update.log" 2>&1 \
    || { cat "${WORK:-/tmp}/apt-update.log" >&2; die "apt-get update failed"; }
  APT_UPDATED=1
}
# apt_has_candidate PKG: true when apt knows a downloadable version of PKG.
apt_has_candidate() {
  local c
  c="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  [[ -n "$c" && "$c" != "(none)" ]]
}
# apt_install PKG...: install the missing ones (update first only if needed).
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  workdir; apt_update_once
  say "apt-get install ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "${missing[@]}" >"$WORK/apt-install.log" 2>&1 \
    || { tail -n 30 "$WORK/apt-install.log" >&2; die "apt-get install ${missing[*]} failed"; }
}
# ------------------------------------------------- 1. typst and fonts ---
# Installed by the program itself (`dangjian setup`, src/setup/): typst 0.15 and the open CJK
# fonts (Fandol from texlive-lang-chinese, Noto CJK from fonts-noto-cjk{,-extra}; only
# downloaded and unpacked, never installed system-wide) into the per-user folder
# ${XDG_DATA_HOME:-~/.local/share}/dangjian. This script only makes sure apt knows the font
# packages (apt-get update needs root) and links the repository's .fonts, which the tests
# use, to that folder: nothing is installed two ways.
STEP="dangjian"
for p in texlive-lang-chinese fonts-noto-cjk fonts-noto-cjk-extra; do
  apt_has_candidate "$p" || { workdir; apt_update_once; break; }
done
# Another `cargo install typst-cli` (e.g. started by hand) would race with the one
# `dangjian setup` may start: wait for it.
if pgrep -f "cargo install.*typst-cli" >/dev/null 2>&1; then
  say "another 'cargo install typst-cli' is running (pid $(pgrep -f 'cargo install.*typst-cli' | paste -sd' ')); waiting for it to finish..."
  while pgrep -f "cargo install.*typst-cli" >/dev/null 2>&1; do sleep 10; done
fi
command -v cargo >/dev/null 2>&1 || [[ -x "$HOME/.cargo/bin/cargo" ]] || die "cargo not found (install Rust via rustup first)"
CARGO="$(command -v cargo 2>/dev/null || echo "$HOME/.cargo/bin/cargo")"
# The tests build the debug binary, `make demo` the release one: build only the one needed.
PROFILE=(--release)
[[ $FOR_TESTS -eq 1 ]] && PROFILE=()
# Mirrors src/userdirs.rs (dirs::data_dir on Linux).
USER_FONTS="${XDG_DATA_HOME:-$HOME/.local/share}/dangjian/fonts"
FROM=()
# A .fonts folder left by an older version of this script: its files are copied over
# instead of downloaded again, then it becomes the link.
[[ -d "$FONT_DIR" && ! -L "$FONT_DIR" ]] && FROM=(--fonts-from "$FONT_DIR")
say "cargo run ${PROFILE[*]} -- setup ${FROM[*]}"
(cd "$REPO" && "$CARGO" run --quiet "${PROFILE[@]}" --bin dangjian -- setup "${FROM[@]}") \
  || die "dangjian setup failed (its messages above say why)"
if [[ -d "$FONT_DIR" && ! -L "$FONT_DIR" ]]; then
  mv "$FONT_DIR" "$FONT_DIR.old.$$"
  ln -s "$USER_FONTS" "$FONT_DIR"
  rm -rf "$FONT_DIR.old.$$"
  say "replaced .fonts/ by a link to $USER_FONTS"
elif [[ ! -e "$FONT_DIR" ]]; then
  ln -s "$USER_FONTS" "$FONT_DIR"
  say "linked .fonts -> $USER_FONTS"
fi
[[ -s "$FONT_DIR/FandolFang-Regular.otf" ]] || die ".fonts/FandolFang-Regular.otf missing after dangjian setup"

# ------------------------------------------------------ 3. test tooling ---
if [[ $FOR_TESTS -eq 1 ]]; then
  STEP="poppler"
  apt_install poppler-utils
  for c in pdftotext pdffonts pdfinfo pdftoppm; do command -v "$c" >/dev/null || die "$c not found after installing poppler-utils"; done
  say "ok: $(pdfinfo -v 2>&1 | sed -n 1p) (pdftotext pdffonts pdfinfo pdftoppm)"

  STEP="chromium"
  apt_install chromium
  # The browser tests look at Chinese pages: the browser needs a system CJK font, as every
  # reader's machine has one.
  apt_install fonts-noto-cjk
  command -v chromium >/dev/null || die "chromium not found after installing the chromium package"
  say "ok: $(chromium --version 2>/dev/null | sed -n 1p)"

  STEP="libreoffice"
  # tests/export_ledger.rs opens the exported 年度台账 in LibreOffice Calc (headless, no GUI
  # libraries) and converts it to CSV, as an office that has only WPS or LibreOffice would.
  apt_install libreoffice-calc-nogui
  command -v soffice >/dev/null || die "soffice not found after installing libreoffice-calc-nogui"
  # tests/docx_notice.rs converts each notice's .docx to PDF with LibreOffice Writer.
  apt_install libreoffice-writer-nogui
  say "ok: $(soffice --version 2>/dev/null | sed -n 1p)"

  STEP="java"
  if ! command -v java >/dev/null 2>&1; then apt_install default-jre-headless; fi
  command -v java >/dev/null || die "java not found (needed by vnu.jar)"
  say "ok: $(java -version 2>&1 | sed -n 1p)"

  STEP="npm"
  # vnu-jar (the W3C Nu validator), axe-core (accessibility rules, injected into pages) and
  # playwright-core (drives the system chromium; it downloads no browser of its own).
  VNU_JAR="$TOOLS_DIR/node_modules/vnu-jar/build/dist/vnu.jar"
  AXE_JS="$TOOLS_DIR/node_modules/axe-core/axe.min.js"
  PW_PKG="$TOOLS_DIR/node_modules/playwright-core/package.json"
  if [[ -s "$VNU_JAR" && -s "$AXE_JS" && -s "$PW_PKG" ]]; then
    say "ok: vnu-jar, axe-core and playwright-core present in .tools/node_modules"
  else
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm
    say "npm install --prefix .tools vnu-jar axe-core playwright-core..."
    workdir
    mkdir -p "$TOOLS_DIR"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
      npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error vnu-jar axe-core playwright-core >"$WORK/npm.log" 2>&1 \
      || { cat "$WORK/npm.log" >&2; die "npm install vnu-jar axe-core playwright-core failed"; }
    [[ -s "$VNU_JAR" ]] || die "vnu.jar not found at $VNU_JAR after npm install"
    [[ -s "$AXE_JS" ]] || die "axe.min.js not found at $AXE_JS after npm install"
    [[ -s "$PW_PKG" ]] || die "playwright-core not found in $TOOLS_DIR/node_modules after npm install"
    say "ok: installed vnu-jar $(node -p "require('$TOOLS_DIR/node_modules/vnu-jar/package.json').version"), axe-core $(node -p "require('$TOOLS_DIR/node_modules/axe-core/package.json').version") and playwright-core $(node -p "require('$PW_PKG').version")"
  fi
fi

STEP="done"
say "all steps ok in $((SECONDS - T0))s$([[ $FOR_TESTS -eq 1 ]] && echo ' (with --for-tests)')"
