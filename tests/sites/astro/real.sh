#!/usr/bin/env bash
# Builds the fixture site with the real Astro and checks that the posts it
# publishes, at the addresses it gives them, are exactly expected-urls.txt.
#   tests/sites/astro/real.sh           compare (exit 1 and a diff on any difference)
#   tests/sites/astro/real.sh --write   rewrite expected-urls.txt from Astro
# Astro (and the two slug packages AstroPaper uses) are installed with npm into
# $FEEDCARD_NPM_SCRATCH/astro (default /tmp/feedcard-npm) when not there yet.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="5.18.2"
scratch="${FEEDCARD_NPM_SCRATCH:-/tmp/feedcard-npm}/astro"
if [[ ! -f "$scratch/node_modules/astro/astro.js" || ! -d "$scratch/node_modules/slugify" ]]; then
    mkdir -p "$scratch"
    npm install --prefix "$scratch" --no-audit --no-fund --silent \
        "astro@$version" "slugify@1.6.9" "lodash.kebabcase@4.1.1" >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R "$here/site/." "$work/"
ln -s "$scratch/node_modules" "$work/node_modules"

# The listing: each entry the two routes render, with the address the site
# links to (getPath for the blog, /notes/<id>/ for notes), dated up to the time
# the fixture harness runs at (feedcard holds later posts until their date).
cat > "$work/src/pages/feedcard-urls.txt.ts" <<'TS'
import { getCollection } from "astro:content";
import { getPath } from "@/utils/getPath";
import { postFilter } from "@/utils/postFilter";

const cutoff = Date.UTC(2026, 0, 1);

export async function GET() {
  const blog = (await getCollection("blog", postFilter))
    .filter((post) => post.data.pubDatetime.getTime() <= cutoff)
    .map((post) => `${post.filePath}\t${getPath(post.id, post.filePath)}`);
  const notes = (await getCollection("notes"))
    .filter((note) => note.data.pubDate.getTime() <= cutoff)
    .map((note) => `${note.filePath}\t/notes/${note.id}/`);
  return new Response([...blog, ...notes].join("\n") + "\n");
}
TS

(cd "$work" && TZ=UTC ASTRO_TELEMETRY_DISABLED=1 node "$scratch/node_modules/astro/astro.js" build >"$work/build.log" 2>&1) || {
    cat "$work/build.log" >&2
    echo "real.sh: Astro failed to build the fixture" >&2
    exit 2
}

site_url="$(sed -n 's/^ *website: *"\(.*\)",*$/\1/p' "$work/src/config.ts")"
# Every listed address must be a page Astro wrote, and every post page Astro
# wrote (not the /posts/ index pages) must be listed.
got="$(cd "$work" && node -e '
const fs = require("fs"), path = require("path");
const [base] = process.argv.slice(1);
const lines = fs.readFileSync("dist/feedcard-urls.txt", "utf8").split("\n").filter(Boolean);
const listed = new Set();
const out = lines.map((line) => {
  // Astro writes each page under the NFC form of its path, even when the id
  // keeps the decomposed (NFD) letters; that is the address served.
  const [file, raw] = line.split("\t");
  const url = raw.normalize("NFC");
  const page = path.join("dist", url, "index.html");
  if (!fs.existsSync(page)) { console.error(`listed but not built: ${page}`); process.exitCode = 3; }
  listed.add(path.normalize(page));
  return file + "\t" + new URL(url.replace(/^\//, ""), base).href;
});
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
for (const page of [...walk("dist/posts"), ...walk("dist/notes")]) {
  if (!page.endsWith("index.html") || /^dist\/posts\/(\d+\/)?index\.html$/.test(page)) continue;
  if (!listed.has(path.normalize(page))) { console.error(`built but not listed: ${page}`); process.exitCode = 3; }
}
console.log(out.sort().join("\n"));
' "$site_url")" || {
    echo "real.sh: the listing and the pages Astro built disagree (above)" >&2
    exit 1
}

. "$here/../compare.sh"
compare_with_expected "Astro $version" "$got" "$here" "${1:-}"
