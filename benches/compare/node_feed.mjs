// The same job with Node's `feed` + `marked` + `gray-matter`, for comparison.
// usage: node node_feed.mjs POSTS_DIR OUT_DIR SITE_URL [summary]  (with NODE_PATH pointing at the installed modules)
// `summary`: front matter only (the description), no Markdown rendered.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, basename } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(process.env.NODE_PATH ? join(process.env.NODE_PATH, "x.js") : import.meta.url);
const { Feed } = require("feed");
const { marked } = require("marked");
const matter = require("gray-matter");

const [postsDir, outDir, site, mode] = process.argv.slice(2);
const full = mode !== "summary";
mkdirSync(outDir, { recursive: true });
const posts = readdirSync(postsDir)
  .filter((name) => name.endsWith(".md"))
  .sort()
  .map((name) => {
    const { data, content } = matter(readFileSync(join(postsDir, name), "utf8"));
    return { slug: basename(name, ".md"), data, content, date: data.date instanceof Date ? data.date : new Date(String(data.date).replace(" ", "T") + "Z") };
  })
  .sort((a, b) => b.date - a.date || (a.slug < b.slug ? 1 : -1));

const feed = new Feed({ title: "Bench", id: site, link: site, description: "Bench", copyright: "", feedLinks: { atom: site + "atom.xml", json: site + "feed.json" } });
for (const post of posts) {
  const permalink = `${site}${post.slug}/`;
  feed.addItem({
    title: post.data.title,
    id: permalink,
    link: post.data.link || permalink,
    description: post.data.description,
    content: full ? marked.parse(post.content) : undefined,
    date: post.date,
    category: (post.data.tags || []).map((name) => ({ name: String(name) })),
  });
}
writeFileSync(join(outDir, "rss.xml"), feed.rss2());
writeFileSync(join(outDir, "atom.xml"), feed.atom1());
writeFileSync(join(outDir, "feed.json"), feed.json1());
