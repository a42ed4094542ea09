#!/usr/bin/env bash
# feedcard against the tools people use today, on the same generated corpus,
# interleaved: 3 feeds with full content, 3 feeds from front matter only, and
# cards, against npm feed+marked, python-feedgen+markdown, Hugo, Pillow and
# satori+resvg (and the floor program, examples/bench_floor.rs, if it builds).
# Prints the Markdown for README's Performance section on stdout, progress on stderr.
#
# usage: [COUNT=10000] [CARDS=1000] [ROUNDS=3] [BENCH_DIR=/tmp/feedcard-bench] [README=README.md] benches/compare/peers.sh
# README=FILE: also put the tables into FILE between its "peers.sh output" markers.
# quick: COUNT=500 CARDS=100 ROUNDS=1 benches/compare/peers.sh
#
# The peers go into $BENCH_DIR/tools (an npm folder and a Python venv), never
# into the repository; Hugo comes from the system (apt-get install hugo).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the repository
export COUNT=${COUNT:-10000} CARDS=${CARDS:-1000} ROUNDS=${ROUNDS:-3}
bench=${BENCH_DIR:-/tmp/feedcard-bench}
export TOOLS=$bench/tools WORK=$bench/peers-$COUNT
target=${CARGO_TARGET_DIR:-target}
mkdir -p "$TOOLS" "$WORK"

# The peers, pinned, so a later run measures the same code.
if [ ! -d "$TOOLS/node_modules/@resvg/resvg-js" ]; then
  (cd "$TOOLS" && npm install --silent --no-audit --no-fund \
    feed@6.0.0 marked@18.2.1 gray-matter@4.0.3 satori@0.63.2 @resvg/resvg-js@2.6.2 >/dev/null)
fi
if [ ! -x "$TOOLS/venv/bin/python" ]; then
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install -q feedgen==1.0.0 Markdown==3.11.3 python-frontmatter==1.3.0 Pillow==13.0.0 fonttools==4.68.0
fi
command -v hugo >/dev/null || apt-get install -y -q hugo >/dev/null
# GNU time measures each run from a tiny parent (see measure.py).
[ -x /usr/bin/time ] || apt-get install -y -q time >/dev/null

# A CJK face for the card peers: Pillow reads the Noto Sans CJK collection,
# satori needs one face as a plain OpenType file.
export CJK_TTC="" CJK_OTF=""
for ttc in /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc; do
  [ -f "$ttc" ] || continue
  CJK_TTC=$ttc CJK_OTF=$TOOLS/NotoSansCJK-JP.otf
  [ -f "$CJK_OTF" ] || "$TOOLS/venv/bin/python" -c \
    'import sys; from fontTools.ttLib import TTCollection; TTCollection(sys.argv[1]).fonts[0].save(sys.argv[2])' "$ttc" "$CJK_OTF"
  break
done

cargo build --release --quiet --example gen_corpus --bin feedcard
export FEEDCARD=$target/release/feedcard FLOOR=""
if cargo build --release --quiet --example bench_floor 2>/dev/null; then
  FLOOR=$target/release/examples/bench_floor
else
  echo "note: examples/bench_floor.rs does not build here; no floor rows" >&2
fi
[ -d "$WORK/posts" ] || "$target/release/examples/gen_corpus" "$WORK" "$COUNT"
[ -d "$WORK/cards-$CARDS/posts" ] || "$target/release/examples/gen_corpus" "$WORK/cards-$CARDS" "$CARDS"

# feedcard: one config a job; the cards job and the whole site keep every default.
site='site: {title: Bench, url: "https://bench.example.com/"}'
mkdir -p "$WORK/full" "$WORK/summary" "$WORK/default"
printf '%s\ninput: ../posts\n' "$site" > "$WORK/default/feedcard.yaml"
printf '%s\ninput: ../posts\nfeeds: {limit: 0, tags: false}\n' "$site" > "$WORK/full/feedcard.yaml"
printf '%s\ninput: ../posts\nfeeds: {limit: 0, tags: false, content: summary}\n' "$site" > "$WORK/summary/feedcard.yaml"
printf '%s\n' "$site" > "$WORK/cards-$CARDS/feedcard.yaml"

# Hugo: a site whose content folder is the corpus, asked for one thing, the
# home page's RSS feed with every post (full content, or the description);
# no HTML pages, sections, taxonomies, sitemap or robots.txt.
for mode in full summary; do
  site_dir=$WORK/hugo-$mode
  mkdir -p "$site_dir/layouts"
  cat > "$site_dir/config.toml" <<TOML
baseURL = "https://bench.example.com/"
title = "Bench"
contentDir = "$WORK/posts"
buildFuture = true
disableKinds = ["section", "taxonomy", "term", "sitemap", "robotsTXT", "404"]
[outputs]
home = ["RSS"]
[services.rss]
limit = -1
[[cascade]]
[cascade._build]
render = "never"
list = "always"
[cascade._target]
kind = "page"
TOML
  if [ "$mode" = full ]; then body='{{ .Content | html }}'; else body='{{ .Description }}'; fi
  sed "s#BODY#$body#" benches/compare/hugo_rss.xml > "$site_dir/layouts/index.rss.xml"
done

PEER_VERSIONS="Node $(node --version), $(cd "$TOOLS" && node -e '
  for (const m of ["feed", "marked", "gray-matter", "satori", "@resvg/resvg-js"])
    process.stdout.write(`${m} ${require(`./node_modules/${m}/package.json`).version}, `)')"
PEER_VERSIONS+="Python $("$TOOLS/venv/bin/python" -c 'import sys; print(sys.version.split()[0])'), "
PEER_VERSIONS+=$("$TOOLS/venv/bin/pip" list --format=freeze 2>/dev/null |
  grep -iE '^(feedgen|markdown|python-frontmatter|pillow)==' | sed 's/==/ /' | paste -sd, - | sed 's/,/, /g')
PEER_VERSIONS+=", Hugo $(hugo version | sed -E 's/^hugo v([^ +]*).*/\1/')"
export PEER_VERSIONS
exec "$TOOLS/venv/bin/python" benches/compare/peers.py
