#!/usr/bin/env bash
# Builds the fixture site with the real Eleventy and checks that the posts it
# publishes, at the addresses it gives them, are exactly expected-urls.txt.
#   tests/sites/eleventy/real.sh           compare (exit 1 and a diff on any difference)
#   tests/sites/eleventy/real.sh --write   rewrite expected-urls.txt from Eleventy
# Eleventy is installed with npm into $FEEDCARD_NPM_SCRATCH/eleventy (default
# /tmp/feedcard-npm) when it is not there yet; nothing else is downloaded.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="3.1.8"
scratch="${FEEDCARD_NPM_SCRATCH:-/tmp/feedcard-npm}/eleventy"
cli="$scratch/node_modules/@11ty/eleventy/cmd.cjs"
if [[ ! -f "$cli" ]]; then
    mkdir -p "$scratch"
    npm install --prefix "$scratch" --no-audit --no-fund --silent "@11ty/eleventy@$version" >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R "$here/site/." "$work/"

# The listing: every member of collections.posts that has a page (not
# `permalink: false`) and is dated up to the time the fixture harness runs at
# (feedcard holds later posts until their date; Eleventy publishes them at
# once), as `inputPath<TAB>url`.
cat > "$work/content/feedcard-urls.njk" <<'NJK'
---
permalink: /feedcard-urls.txt
eleventyExcludeFromCollections: true
---
{% for post in collections.posts %}{% if post.url and post.date.getTime() <= 1767225600000 %}{{ post.inputPath | safe }}	{{ post.url | safe }}
{% endif %}{% endfor %}
NJK

(cd "$work" && TZ=UTC ELEVENTY_RUN_MODE=build node "$cli" --quiet >"$work/build.log" 2>&1) || {
    cat "$work/build.log" >&2
    echo "real.sh: Eleventy failed to build the fixture" >&2
    exit 2
}

# Full URLs as a browser makes them (WHATWG URL, as the url crate does).
site_url="$(cd "$work" && node --input-type=module -e 'import m from "./_data/metadata.js"; console.log(m.url)')"
got="$(node -e '
const [base, file] = process.argv.slice(1);
const lines = require("fs").readFileSync(file, "utf8").split("\n").filter(Boolean);
const out = lines.map((line) => {
  const [input, url] = line.split("\t");
  return input.replace(/^\.\//, "") + "\t" + new URL(url.replace(/^\//, ""), base).href;
});
console.log(out.sort().join("\n"));
' "$site_url" "$work/_site/feedcard-urls.txt")"

. "$here/../compare.sh"
compare_with_expected "Eleventy $version" "$got" "$here" "${1:-}"
