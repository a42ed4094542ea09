#!/usr/bin/env bash
# Opens `feedcard preview`'s page of the example site in headless Chromium
# (Debian's `chromium`) and checks it the way a reader would see it:
# tests/preview/chromium.mjs fails on a console error, an uncaught
# exception, a failed request, an image that did not load, or a platform
# frame of the wrong shape. First it makes sure the checker can fail, on
# tests/preview/broken.html. Offline; nothing is installed.
#
# usage: bash tests/preview/run.sh [SCREENSHOT_DIR]
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
shots=${1:-$scratch/screenshots}

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
if [ -z "${1:-}" ]; then
  # The screenshots go with the scratch folder unless a folder was given.
  echo "tests/preview: pass SCREENSHOT_DIR to keep the screenshot"
fi
