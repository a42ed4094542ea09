#!/usr/bin/env bash
# Opens `feedcard preview`'s page of the example site in headless Chromium
# (Debian's `chromium`) and checks it the way a reader would see it:
# tests/preview/chromium.mjs fails on a console error, an uncaught
# exception, a failed request, an image that did not load, or a platform
# frame of the wrong shape. First it makes sure the checker can fail, on
# tests/preview/broken.html. Offline; nothing is installed.
#
# usage: bash tests/preview/run.sh [SCREENSHOT_DIR]
# The screenshots stay in SCREENSHOT_DIR [default: $CARGO_TARGET_DIR, else
# target, /preview-screenshots].
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/preview

fail() {
  echo "tests/preview: $*" >&2
  exit 1
}
command -v chromium >/dev/null || fail "chromium is not installed (apt-get install chromium)"
command -v node >/dev/null || fail "node is not installed"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
shots=${1:-${CARGO_TARGET_DIR:-target}/preview-screenshots}

# The checker must reject a broken page, for each reason it knows.
if node "$here/chromium.mjs" "$here/broken.html" "$scratch/broken-shots" >"$scratch/broken.log" 2>&1; then
  cat "$scratch/broken.log" >&2
  fail "the Chromium check passed a broken page"
fi
for expected in "broken on purpose" "thrown on purpose" "image did not load: cards/not-there.png" \
  "request failed" "on x: image box 200x200"; do
  grep -qF "$expected" "$scratch/broken.log" || { cat "$scratch/broken.log" >&2; fail "the check did not report: $expected"; }
done

cargo run --quiet -- preview examples/site -o "$scratch/preview" --now 2026-01-01T00:00:00Z --quiet
node "$here/chromium.mjs" "$scratch/preview/index.html" "$shots"

# Square cards, cropped by four sites and kept whole by Slack, and a title
# that would run script and fetch a missing image if it were not escaped.
site=$scratch/square
mkdir -p "$site/posts"
printf 'site: {title: Square, url: "https://square.example.com/"}\ncard: {width: 1080, height: 1080}\n' >"$site/feedcard.yaml"
printf -- '---\ntitle: "<img src=x onerror=console.error(1)><script>console.error(2)</script>"\ndate: 2025-01-01\n---\nBody.\n' \
  >"$site/posts/hostile.md"
cargo run --quiet -- preview "$site" -o "$scratch/square-preview" --now 2026-01-01T00:00:00Z --quiet
node "$here/chromium.mjs" "$scratch/square-preview/index.html" "$shots/square"
