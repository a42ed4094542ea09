#!/usr/bin/env bash
# Incremental benchmark: a site of COUNT posts with the default config (feeds,
# per-tag feeds, cards). One full build, then the run a cron job does most
# often (nothing changed), then a run after one post changed.
# usage: benches/rebuild.sh [COUNT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
runs=${2:-5}
work=${BENCH_DIR:-/tmp/feedcard-bench}/rebuild-$count

release=${CARGO_TARGET_DIR:-target}/release
cargo build --release --quiet --example gen_corpus --bin feedcard
rm -rf "$work"
"$release"/examples/gen_corpus "$work" "$count"
cat > "$work/feedcard.yaml" <<YAML
site: {title: Bench, url: "https://bench.example.com/"}
YAML
build=("$release"/feedcard build "$work" -o "$work/out" -q --now 2026-01-01T00:00:00Z)

echo "rebuild: $count posts, first full build:"
python3 benches/measure.py 1 -- "${build[@]}"
echo "rebuild: $count posts, nothing changed:"
python3 benches/measure.py "$runs" -- "${build[@]}"
before=$(find "$work/out" -type f -newer "$work/feedcard.yaml" | wc -l)
echo "rebuild: $count posts, one post retitled each run:"
python3 benches/measure.py "$runs" --prepare "sed -i '3s/^title: \"/title: \"x/' '$work/posts/post-00042.md'" -- "${build[@]}"
sed -i "3s/^title: \"/title: \"x/" "$work/posts/post-00042.md"
"${build[@]}" --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); print("last run wrote:", sorted(r["files"]["written"]), "cards drawn:", r["cards_drawn"])'
