#!/usr/bin/env bash
# A disk that fills up mid-run publishes nothing: builds the example site
# into a small tmpfs, changes the site's description (so every feed
# changes), fills the disk until the new rss.xml fits but not the rest, and
# rebuilds. The run must exit 4 naming the file, leave every published file
# byte for byte as it was and no temporary file behind; once there is room
# again, the next run must converge to a clean build's files.
#
# Needs root (it mounts a tmpfs); skips with a notice otherwise. CI runs as
# root. usage: bash tests/full_disk.sh   (FEEDCARD=path picks the binary)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  echo "tests/full_disk.sh: skipped, mounting a tmpfs needs root" >&2
  exit 0
fi
if [ -z "${FEEDCARD:-}" ]; then
  cargo build --quiet
  FEEDCARD=${CARGO_TARGET_DIR:-target}/debug/feedcard
fi

scratch=$(mktemp -d)
out=$scratch/out
cleanup() {
  umount "$out" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() {
  echo "tests/full_disk.sh: $*" >&2
  exit 1
}

mkdir "$out"
mount -t tmpfs -o size=8m tmpfs "$out" || { echo "tests/full_disk.sh: skipped, cannot mount a tmpfs" >&2; exit 0; }
cp -r examples/site "$scratch/site"
now=(--now 2026-01-01T00:00:00Z)
"$FEEDCARD" build "$scratch/site" -o "$out" "${now[@]}" -q || fail "the first build failed"

# Every feed states the site's description.
sed -i 's/^  description: .*/  description: Links, renamed./' "$scratch/site/feedcard.yaml"
grep -q 'renamed' "$scratch/site/feedcard.yaml" || fail "could not change the example site's description"

# Room for the new rss.xml (written first) but not for atom.xml after it:
# publishing feed by feed would serve a new RSS beside an old Atom feed.
sums() { (cd "$out" && find . -type f ! -name filler -print0 | sort -z | xargs -0 sha256sum); }
before=$(sums)
free=$(df --output=avail -B1 "$out" | tail -1)
# (tmpfs counts whole 4 KB pages; the example's atom.xml takes one more than rss.xml.)
rss_pages=$((($(stat -c %s "$out/rss.xml") + 4095) / 4096))
dd if=/dev/zero of="$out/filler" bs=4096 count=$((free / 4096 - rss_pages)) status=none 2>/dev/null || true

status=0
err=$("$FEEDCARD" build "$scratch/site" -o "$out" "${now[@]}" -q 2>&1) || status=$?
[ "$status" = 4 ] || fail "a full disk should exit 4, not $status: $err"
grep -q "$out" <<<"$err" || fail "the message should name the file: $err"
grep -q "free some space" <<<"$err" || fail "the message should say what to do: $err"
[ "$(grep -o "$out" <<<"$err" | wc -l)" = 1 ] || fail "the message should name the file once: $err"
[ "$(sums)" = "$before" ] || fail "a run that hit a full disk changed published files: $err"
if find "$out" -name '.feedcard-*.tmp' | grep -q .; then fail "temporary files were left behind"; fi

# With room again, the next run converges to a clean build.
rm "$out/filler"
"$FEEDCARD" build "$scratch/site" -o "$out" "${now[@]}" -q || fail "the build after freeing space failed"
"$FEEDCARD" build "$scratch/site" -o "$scratch/clean" "${now[@]}" -q || fail "the clean build failed"
diff -r -x .feedcard "$out" "$scratch/clean" >/dev/null || fail "the repaired output differs from a clean build"
echo "tests/full_disk.sh: a full disk published nothing, and the next run converged"
