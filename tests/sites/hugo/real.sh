#!/usr/bin/env bash
# Builds the Hugo fixture with the real Hugo and checks that the posts it
# publishes, and their addresses, are those in expected-urls.txt.
#
#   tests/sites/hugo/real.sh            compare (exit 1 and a diff on any difference)
#   tests/sites/hugo/real.sh --print    print Hugo's `path<TAB>URL` lines only
#
# Installs Hugo from Debian when it is missing (needs root). A post is what
# the site's home page lists: a regular page of the main sections that Hugo
# builds (no drafts, nothing scheduled or expired, nothing headless or
# unlisted). Run on a date before 2099 (the fixture's scheduled post).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if ! command -v hugo >/dev/null 2>&1; then
    echo "hugo not found; installing it from Debian" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -R "$here/site" "$tmp/site"

# A plain-text output of the home page that lists every post: its source
# file and the address Hugo gives it. Added in a second config file so the
# fixture's own hugo.toml is used as it is.
cat >"$tmp/listing.toml" <<'EOF'
[outputFormats.feedcardlist]
mediaType = "text/plain"
baseName = "feedcard-urls"
isPlainText = true
notAlternative = true

[outputs]
home = ["HTML", "feedcardlist"]
EOF
mkdir -p "$tmp/site/layouts"
cat >"$tmp/site/layouts/index.feedcardlist.txt" <<'EOF'
{{- range where site.RegularPages "Section" "in" site.Params.mainSections -}}
{{ .File.Filename }}{{ "\t" }}{{ .Permalink }}
{{ end -}}
EOF

hugo --quiet --source "$tmp/site" --config "$tmp/site/hugo.toml,$tmp/listing.toml" \
    --destination "$tmp/public" >"$tmp/hugo.log" 2>&1 || {
    cat "$tmp/hugo.log" >&2
    echo "hugo failed to build the fixture" >&2
    exit 2
}

# `.File.Filename` is absolute: keep the path from the site root.
sed "s|^$tmp/site/||" "$tmp/public/feedcard-urls.txt" | grep -v '^$' | LC_ALL=C sort >"$tmp/got.txt"

if [[ "${1:-}" == "--print" ]]; then
    cat "$tmp/got.txt"
    exit 0
fi

grep -v -e '^#' -e '^$' "$here/expected-urls.txt" | LC_ALL=C sort >"$tmp/want.txt"
if diff -u --label expected-urls.txt --label "hugo $(hugo version | cut -d' ' -f2)" "$tmp/want.txt" "$tmp/got.txt"; then
    echo "hugo: $(wc -l <"$tmp/got.txt") of $(wc -l <"$tmp/want.txt") posts at the expected addresses"
else
    echo "hugo: the real Hugo publishes other posts or addresses than expected-urls.txt (diff above)" >&2
    exit 1
fi
