#!/usr/bin/env bash
# Renders what a reader sees: the portfolio page of the bundled account list
# and every picture on it, and the README's waterfall, to PNG with headless
# Chromium, for a look before a change to the pictures is committed.
#
#   docs/render.sh [OUT_DIR]      (default: target/pictures)
#
# Needs chromium (or chromium-browser, google-chrome) on the PATH. The page is
# drawn at 1200 px wide; each picture at its own size, 2 device pixels a pixel.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/pictures}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

browser=""
for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null; then
        browser="$name"
        break
    fi
done
if [ -z "$browser" ]; then
    echo "render.sh: no chromium on the PATH" >&2
    exit 2
fi

cargo run --quiet --example portfolio -- --policy examples/data/policy.json \
    examples/data/accounts.csv --html "$out/report.html" >/dev/null
cargo run --quiet --example evaluate -- --sensitivity --svg "$out/waterfall.svg" >/dev/null
cargo run --quiet --example evaluate -- --policy examples/data/policy.json \
    --id PR-102 examples/data/accounts.csv --svg "$out/waterfall-prospect.svg" >/dev/null

# Every picture of the page, one file each, in the page's order.
awk -v dir="$out" '
    BEGIN { n = 0 }
    {
        line = $0
        while (length(line) > 0) {
            if (!inside) {
                at = index(line, "<svg ")
                if (at == 0) { break }
                n++
                file = sprintf("%s/page-%03d.svg", dir, n)
                line = substr(line, at)
                inside = 1
            }
            end = index(line, "</svg>")
            if (end == 0) { print line > file; break }
            print substr(line, 1, end + 5) > file
            close(file)
            line = substr(line, end + 6)
            inside = 0
        }
    }' "$out/report.html"

shot() { # FILE.svg|FILE.html WIDTH HEIGHT SCALE
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --force-device-scale-factor="$4" --window-size="$2,$3" \
        --screenshot="${1%.*}.png" "file://$1" >/dev/null 2>&1
}
shot "$out/report.html" 1200 6000 1
for svg in "$out"/*.svg; do
    size=$(grep -o 'width="[0-9.]*" height="[0-9.]*"' "$svg" | head -1 | tr -dc '0-9. ')
    read -r w h <<<"$size"
    shot "$svg" "${w%.*}" "${h%.*}" 2
done
ls "$out"/*.png
