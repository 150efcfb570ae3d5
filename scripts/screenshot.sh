#!/usr/bin/env bash
# screenshot.sh renders a report's index.html to a PNG with headless
# Chromium, installing Debian's chromium first if it is missing.
#
#   scripts/screenshot.sh REPORT_DIR_OR_HTML [OUT.png] [WIDTHxHEIGHT]
#
# The default output is index.png beside the page, at 1400x3000. The page is
# opened as a file, with networking features off: a report needs nothing
# but itself, and a screenshot that depends on the network would hide that.
set -euo pipefail

if [ $# -lt 1 ]; then
	echo "usage: $0 REPORT_DIR_OR_HTML [OUT.png] [WIDTHxHEIGHT]" >&2
	exit 2
fi
page=$1
if [ -d "$page" ]; then
	page=$page/index.html
fi
if [ ! -f "$page" ]; then
	echo "$0: no such page: $page" >&2
	exit 2
fi
page=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
out=${2:-$(dirname "$page")/index.png}
size=${3:-1400x3000}

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "installing Debian's chromium…" >&2
	if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
	browser=$(command -v chromium)
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--hide-scrollbars --user-data-dir="$profile" --window-size="${size/x/,}" \
	--screenshot="$out" "file://$page" 2>/dev/null
echo "$out"
