#!/usr/bin/env bash
# Feed benchmark: the three main feeds (per-tag off) of COUNT posts with
# ~1,000-word bodies, full content (CONTENT=summary: front matter only), no item limit.
# usage: [CONTENT=summary] benches/feeds.sh [COUNT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
runs=${2:-5}
content=${CONTENT:-full}
work=${BENCH_DIR:-/tmp/feedcard-bench}/feeds-$count

. benches/corpus.sh
cat > "$work/feedcard.yaml" <<YAML
site: {title: Bench, url: "https://bench.example.com/"}
feeds: {limit: 0, content: $content, tags: false}
YAML

echo "feeds ($content): $count posts, $(du -sh "$work/posts" | cut -f1) of Markdown"
# A fresh output folder every run, so every run renders and writes everything.
python3 benches/measure.py "$runs" --prepare "rm -rf '$work/out'" -- \
  "$release"/feedcard build "$work" -o "$work/out" -q --only feeds --now 2026-01-01T00:00:00Z
ls -l "$work/out"
