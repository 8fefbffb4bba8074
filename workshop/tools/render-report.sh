#!/usr/bin/env bash
# Renders a run's results.html to a PNG with headless Chromium (Debian's package, /usr/bin/chromium),
# the whole page in one picture, 1400 px wide, charts drawn (they have no animation).
#
#   workshop/tools/render-report.sh <results.html> <out.png> [--install]
#
# --install: when Chromium is missing and this runs as root, apt-get installs it first.
# CHROMIUM=/path/to/chromium overrides the binary.
#
# Two passes: the first loads the page and prints its DOM, where report.js has written the page's
# height (body's data-page-height); the second takes the screenshot in a window that tall. Each
# pass gets a fresh profile directory, removed on exit; the page loads nothing from the network,
# and Chromium's own background traffic is switched off.
set -euo pipefail

usage() {
  echo "usage: $0 <results.html> <out.png> [--install]" >&2
  exit 64
}

[[ $# -ge 2 && $# -le 3 ]] || usage
html=$1
png=$2
install=${3:-}
[[ -z $install || $install == --install ]] || usage
[[ -f $html ]] || { echo "$0: no such file: $html" >&2; exit 66; }

chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
  if [[ $install == --install && $(id -u) -eq 0 ]]; then
    apt-get update && apt-get install -y chromium
  else
    echo "$0: $chromium not found; it needs Debian's Chromium: apt-get install -y chromium (as root)," \
         "or run this script as root with --install" >&2
    exit 69
  fi
fi

width=1400
fallback_height=16000
url="file://$(realpath "$html")"
out="$(realpath -m "$png")"
profiles=$(mktemp -d "${TMPDIR:-/tmp}/render-report.XXXXXX")
trap 'rm -rf "$profiles"' EXIT

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --hide-scrollbars --virtual-time-budget=5000)

height=$("$chromium" "${flags[@]}" --user-data-dir="$profiles/measure" --window-size="$width,1000" \
           --dump-dom "$url" 2>/dev/null | grep -o 'data-page-height="[0-9]*"' | grep -o '[0-9][0-9]*' | head -n 1 || true)
if [[ -z $height ]]; then
  echo "$0: the page did not report its height; taking $fallback_height px" >&2
  height=$fallback_height
fi

"$chromium" "${flags[@]}" --user-data-dir="$profiles/shoot" --window-size="$width,$height" \
  --screenshot="$out" "$url" 2>/dev/null
[[ -s $out ]] || { echo "$0: Chromium wrote no picture to $out" >&2; exit 70; }
echo "$out: ${width}x${height}"
