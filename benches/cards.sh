#!/usr/bin/env bash
# Card benchmark: COUNT cards from the generated corpus, drawn from scratch
# (--force), then a rebuild with nothing changed.
# usage: benches/cards.sh [COUNT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
runs=${2:-5}
work=${BENCH_DIR:-/tmp/feedcard-bench}/cards-$count

. benches/corpus.sh
# The default card settings (installed fonts on), as a user runs it.
cat > "$work/feedcard.yaml" <<YAML
site: {title: Bench, url: "https://bench.example.com/"}
YAML
build=("$release"/feedcard build "$work" -o "$work/out" -q --only cards --now 2026-01-01T00:00:00Z)

echo "cards: $count posts, drawn from scratch:"
python3 benches/measure.py "$runs" --prepare "rm -rf '$work/out'" -- "${build[@]}"
echo "cards: $count posts, nothing changed:"
python3 benches/measure.py "$runs" -- "${build[@]}"
ls -l "$work/out/cards" | awk 'NR > 1 {print $5}' | sort -n | awk '{a[NR] = $1} END {printf "card size: median %.1f KB, largest %.1f KB\n", a[int((NR + 1) / 2)] / 1024, a[NR] / 1024}'
