#!/usr/bin/env bash
# Reads the example site's feeds back with real feed readers' parsers:
# Python's feedparser and Node's rss-parser, @rowanmanning/feed-parser and
# @extractus/feed-extractor. Installs them (pinned) into a scratch folder,
# never into the repo or the system; after that nothing needs the network.
# Exits non-zero, listing every mismatch, when a parser reads something else
# than tests/readers/expected.json says.
#
# usage: bash tests/readers/run.sh
# READERS_DIR=DIR keeps the installed parsers there between runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/readers

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tools=${READERS_DIR:-$scratch/tools}
mkdir -p "$tools/py" "$tools/node"

fail() {
  echo "tests/readers: $*" >&2
  exit 1
}

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_ROOT_USER_ACTION=ignore
if ! PYTHONPATH="$tools/py" python3 -c 'import feedparser' 2>/dev/null; then
  # --target keeps it out of the system Python (Debian marks that one
  # externally managed, which only matters for installs into it).
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet --target "$tools/py" feedparser==6.0.14 \
    || fail "could not install feedparser from PyPI"
fi
if [ ! -d "$tools/node/node_modules/@extractus/feed-extractor" ]; then
  (cd "$tools/node" && echo '{"private": true}' >package.json &&
    npm install --silent --no-audit --no-fund --no-package-lock --save-exact \
      rss-parser@3.13.0 @rowanmanning/feed-parser@2.1.5 @extractus/feed-extractor@8.0.3 >/dev/null) \
    || fail "could not install the Node feed parsers from npm"
fi
# ES module imports resolve next to the importing file, so the check runs
# from beside the node_modules it needs.
cp "$here/check_node.mjs" "$tools/node/check_node.mjs"

cargo build --release --quiet
"${CARGO_TARGET_DIR:-target}/release/feedcard" build examples/site -o "$scratch/site" \
  --now 2026-01-01T00:00:00Z --quiet || fail "the example site did not build"

status=0
PYTHONPATH="$tools/py" python3 "$here/check_feedparser.py" "$scratch/site" || status=1
node "$tools/node/check_node.mjs" "$scratch/site" "$here/expected.json" || status=1
[ "$status" = 0 ] || fail "a feed parser read the feeds differently than expected (see above)"
