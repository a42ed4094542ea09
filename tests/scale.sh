#!/usr/bin/env bash
# Scale: a cold build of 3,000 generated posts with cards and the default
# config, under `ulimit -n 256` (macOS's default), must succeed: exit 0,
# one valid PNG card per post, feeds a parser reads, a manifest listing
# every post; then a run with nothing changed must write nothing. A build
# that keeps a descriptor per staged file fails here with "Too many open
# files" (exit 4).
#
# Too slow for the debug build under `cargo test`: .ci/run runs it with the
# release binary. usage: bash tests/scale.sh   (FEEDCARD=path picks the
# binary, GEN_CORPUS=path the corpus generator; SCALE_POSTS and
# SCALE_ULIMIT change the 3000 and the 256)
set -euo pipefail
cd "$(dirname "$0")/.."

posts=${SCALE_POSTS:-3000}
limit=${SCALE_ULIMIT:-256}
if [ -z "${FEEDCARD:-}" ] || [ -z "${GEN_CORPUS:-}" ]; then
  cargo build --release --quiet --bin feedcard --example gen_corpus
fi
FEEDCARD=${FEEDCARD:-${CARGO_TARGET_DIR:-target}/release/feedcard}
GEN_CORPUS=${GEN_CORPUS:-${CARGO_TARGET_DIR:-target}/release/examples/gen_corpus}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() {
  echo "tests/scale.sh: FAILED: $*" >&2
  exit 1
}

"$GEN_CORPUS" "$scratch/site" "$posts" >/dev/null
printf 'site: {title: Scale, url: "https://scale.example.com/"}\n' >"$scratch/site/feedcard.yaml"
out=$scratch/out

# Runs the build under the descriptor limit; GNU time adds the peak memory
# to the log when it is installed.
build() {
  local timer=()
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -f 'wall %e s, peak %M KB')
  (
    ulimit -n "$limit"
    exec "${timer[@]}" "$FEEDCARD" build "$scratch/site" -o "$out" --now 2026-01-01T00:00:00Z --format json
  ) >"$scratch/report.json" 2>"$scratch/stderr" && status=0 || status=$?
}

build
if [ "$status" != 0 ]; then
  tail -n 20 "$scratch/stderr" >&2
  fail "the cold build of $posts posts under ulimit -n $limit exited $status"
fi
echo "tests/scale.sh: cold build of $posts posts with cards, ulimit -n $limit: $(tail -n 1 "$scratch/stderr")"

/usr/bin/python3 - "$out" "$posts" <<'PY' || fail "the outputs of the cold build are wrong (above)"
import json, pathlib, sys
import xml.etree.ElementTree as ET

out, posts = pathlib.Path(sys.argv[1]), int(sys.argv[2])
problems = []
cards = sorted((out / "cards").glob("*.png"))
if len(cards) != posts:
    problems.append(f"{len(cards)} cards for {posts} posts")
bad = [c.name for c in cards if not c.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") or c.stat().st_size < 1000]
if bad:
    problems.append(f"{len(bad)} cards are no PNG, e.g. {bad[:3]}")
leftover = [str(p) for p in out.rglob(".feedcard-*.tmp")]
if leftover:
    problems.append(f"temporary files left behind: {leftover[:3]}")
items = min(posts, 50)  # feeds.*.limit's default
counts = {
    "rss.xml": len(ET.parse(out / "rss.xml").findall("./channel/item")),
    "atom.xml": len(ET.parse(out / "atom.xml").findall("{http://www.w3.org/2005/Atom}entry")),
    "feed.json": len(json.loads((out / "feed.json").read_text())["items"]),
}
problems += [f"{name} has {n} items, not {items}" for name, n in counts.items() if n != items]
for feed in (out / "tags").glob("*/rss.xml"):
    ET.parse(feed)
manifest = json.loads((out / ".feedcard/manifest.json").read_text())
if len(manifest["posts"]) != posts:
    problems.append(f"the manifest lists {len(manifest['posts'])} posts, not {posts}")
for problem in problems:
    print("tests/scale.sh:", problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

build
[ "$status" = 0 ] || { tail -n 20 "$scratch/stderr" >&2; fail "the run with nothing changed exited $status"; }
/usr/bin/python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); w = r["files"]["written"]; sys.exit(f"nothing changed, yet it wrote {w[:3]}" if w else 0)' \
  "$scratch/report.json" || fail "the run with nothing changed rewrote files"
echo "tests/scale.sh: ok ($posts cards, $(ls "$out/tags" | wc -l) tags, nothing rewritten on the second run)"
