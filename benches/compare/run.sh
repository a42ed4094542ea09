#!/usr/bin/env bash
# Times feedcard against Python feedgen+markdown and Node feed+marked on the
# same generated corpus (three feeds, full content, no limit).
# Installs the others into a scratch folder; nothing lands in the repo.
# usage: benches/compare/run.sh [COUNT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-10000}
runs=${2:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/feedcard-bench}
work=$BENCH_DIR/feeds-$count
tools=$BENCH_DIR/tools
mkdir -p "$tools"
if [ ! -d "$tools/node_modules/feed" ]; then
  (cd "$tools" && npm install --silent --no-audit --no-fund feed marked gray-matter >/dev/null)
fi
python3 -c 'import feedgen, markdown, frontmatter' 2>/dev/null || pip install -q feedgen markdown python-frontmatter
bash benches/feeds.sh "$count" 1 >/dev/null

echo "feedcard:";  python3 benches/measure.py "$runs" --prepare "rm -rf '$work/out'" -- \
  target/release/feedcard build "$work" -o "$work/out" -q --only feeds --now 2026-01-01T00:00:00Z
echo "node feed + marked:"; NODE_PATH="$tools/node_modules" python3 benches/measure.py "$runs" -- \
  node benches/compare/node_feed.mjs "$work/posts" "$work/out-node" https://bench.example.com/
echo "python feedgen + markdown:"; python3 benches/measure.py "$runs" -- \
  python3 benches/compare/python_feedgen.py "$work/posts" "$work/out-python" https://bench.example.com/
