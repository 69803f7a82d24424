#!/usr/bin/env bash
# scripts/setup.sh — install the external tools and fonts dangjian needs.
#
# Usage: scripts/setup.sh [--for-tests] [-h|--help]
#
#   (default)     typst CLI 0.15.x (cargo install) and the open CJK fonts
#                 (Fandol + Noto CJK) into $REPO/.fonts
#   --for-tests   additionally poppler-utils, chromium (apt), a Java runtime if
#                 none is present, and vnu-jar + axe-core + playwright-core
#                 into $REPO/.tools
#
# Idempotent: every step checks first and is skipped when already satisfied,
# so a warm run takes seconds. Any failure aborts with a non-zero exit code.
# Nothing font-related is installed system-wide: the .deb packages are only
# downloaded (apt-get download) and unpacked in a temp directory.
set -Eeuo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FONT_DIR="$REPO/.fonts"
TOOLS_DIR="$REPO/.tools"
TYPST_VERSION="0.15.1"      # version installed when no 0.15.x is found
TYPST_SERIES="0.15."        # any typst reporting this prefix is accepted

FOR_TESTS=0
for arg in "$@"; do
  case "$arg" in
    --for-tests) FOR_TESTS=1 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
# fetch_deb PKG: download PKG's .deb into $WORK (no install); sets DEB to its path.
# (Not used in $(...): apt_update_once must update state in this shell.)
fetch_deb() {
  local pkg="$1"
  workdir
  apt_has_candidate "$pkg" || apt_update_once
  apt_has_candidate "$pkg" || die "apt knows no package '$pkg' (check /etc/apt/sources.list)"
  (cd "$WORK" && apt-get "${APT_OPTS[@]}" download "$pkg" >"$WORK/download-$pkg.log" 2>&1) \
    || { cat "$WORK/download-$pkg.log" >&2; die "apt-get download $pkg failed"; }
  local debs=("$WORK/${pkg}"_*.deb)
  DEB="${debs[0]}"
  [[ -f "$DEB" ]] || die "apt-get download $pkg produced no .deb"
}
# extract_fonts DEB DIR-IN-PACKAGE FILE...: copy FILEs from the package into $FONT_DIR.
extract_fonts() {
  local deb="$1" dir="$2"; shift 2
  local out f members=()
  out="$WORK/x-$(basename "$deb" .deb)"
  for f in "$@"; do members+=("./${dir#/}/$f"); done
  mkdir -p "$out"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$out" "${members[@]}" \
    || die "could not extract $* from $(basename "$deb")"
  mkdir -p "$FONT_DIR"
  for f in "$@"; do
    [[ -s "$out/${dir#/}/$f" ]] || die "$f missing/empty in $(basename "$deb")"
    cp "$out/${dir#/}/$f" "$FONT_DIR/.$f.part" && mv -f "$FONT_DIR/.$f.part" "$FONT_DIR/$f"
  done
}
# typst_ok BIN: true when BIN runs and reports typst 0.15.x.
typst_ok() { local v; v="$("$1" --version 2>/dev/null)" || return 1; [[ "$v" == "typst $TYPST_SERIES"* ]]; }
find_typst() {
  local c
  for c in "$(command -v typst 2>/dev/null || true)" "$HOME/.cargo/bin/typst"; do
    [[ -n "$c" && -x "$c" ]] && typst_ok "$c" && { printf '%s\n' "$c"; return 0; }
  done
  return 1
}

# ------------------------------------------------------------- 1. typst ---
STEP="typst"
if ! TYPST_BIN="$(find_typst)"; then
  # Another `cargo install typst-cli` (e.g. started by hand) would race with ours: wait for it.
  if pgrep -f "cargo install.*typst-cli" >/dev/null 2>&1; then
    say "another 'cargo install typst-cli' is running (pid $(pgrep -f 'cargo install.*typst-cli' | paste -sd' ')); waiting for it to finish..."
    while pgrep -f "cargo install.*typst-cli" >/dev/null 2>&1; do sleep 10; done
  fi
fi
if TYPST_BIN="$(find_typst)"; then
  say "ok: $("$TYPST_BIN" --version) ($TYPST_BIN)"
else
  command -v cargo >/dev/null 2>&1 || [[ -x "$HOME/.cargo/bin/cargo" ]] || die "cargo not found (install Rust via rustup first)"
  CARGO="$(command -v cargo 2>/dev/null || echo "$HOME/.cargo/bin/cargo")"
  say "cargo install --locked typst-cli --version $TYPST_VERSION (compiles from source: ~10-15 min on 2 cores)..."
  t=$SECONDS
  workdir
  "$CARGO" install --locked typst-cli --version "$TYPST_VERSION" >"$WORK/typst-install.log" 2>&1 \
    || { tail -n 40 "$WORK/typst-install.log" >&2; die "cargo install typst-cli failed"; }
  TYPST_BIN="$(find_typst)" || die "typst installed but '$HOME/.cargo/bin/typst --version' does not report $TYPST_SERIES*"
  say "installed $("$TYPST_BIN" --version) in $((SECONDS - t))s ($TYPST_BIN)"
fi
if [[ "$(command -v typst 2>/dev/null || true)" != "$TYPST_BIN" ]]; then
  say "note: 'typst' on PATH is not $TYPST_BIN; put $(dirname "$TYPST_BIN") first on PATH or call it by full path"
fi

# -------------------------------------------------------------- 2. fonts ---
# Fandol (GPL-3 + font exception, from TeX Live) is shipped by Debian only inside
# texlive-lang-chinese; Noto CJK (SIL OFL 1.1) Regular/Bold in fonts-noto-cjk, the heavier
# Black weight (小标宋 substitute) in fonts-noto-cjk-extra.
FANDOL_PKG="texlive-lang-chinese"
FANDOL_DIR="/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
FANDOL_FILES=(FandolFang-Regular.otf FandolKai-Regular.otf FandolHei-Regular.otf FandolHei-Bold.otf
              FandolSong-Regular.otf FandolSong-Bold.otf)
NOTO_DIR="/usr/share/fonts/opentype/noto"
NOTO_PKG="fonts-noto-cjk"
NOTO_FILES=(NotoSerifCJK-Regular.ttc NotoSerifCJK-Bold.ttc NotoSansCJK-Regular.ttc NotoSansCJK-Bold.ttc)
NOTO_EXTRA_PKG="fonts-noto-cjk-extra"
NOTO_EXTRA_FILES=(NotoSerifCJK-Black.ttc)

# fonts_step LABEL PKG DIR FILE...: fetch the package only if a file is missing.
fonts_step() {
  local label="$1" pkg="$2" dir="$3"; shift 3
  local f missing=() t=$SECONDS
  for f in "$@"; do [[ -s "$FONT_DIR/$f" ]] || missing+=("$f"); done
  if [[ ${#missing[@]} -eq 0 ]]; then
    say "ok: $label fonts present in .fonts/ ($# files)"
    return 0
  fi
  say "fetching ${#missing[@]} $label font file(s) from Debian package $pkg (download + unpack, not installed)..."
  fetch_deb "$pkg"
  extract_fonts "$DEB" "$dir" "${missing[@]}"
  rm -f "$DEB"
  say "ok: copied ${missing[*]} into .fonts/ ($((SECONDS - t))s)"
}
STEP="fonts"
fonts_step "Fandol"        "$FANDOL_PKG"     "$FANDOL_DIR" "${FANDOL_FILES[@]}"
fonts_step "Noto CJK"      "$NOTO_PKG"       "$NOTO_DIR"   "${NOTO_FILES[@]}"
fonts_step "Noto CJK Black" "$NOTO_EXTRA_PKG" "$NOTO_DIR"  "${NOTO_EXTRA_FILES[@]}"

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
