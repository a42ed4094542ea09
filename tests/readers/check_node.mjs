// Reads the example site's feeds with widely used Node feed parsers and checks
// that each sees what tests/readers/expected.json says a reader must show:
// rss-parser and @rowanmanning/feed-parser for RSS and Atom,
// @extractus/feed-extractor for JSON Feed.
//
// usage: node check_node.mjs OUTPUT_DIR
// run.sh copies this file beside the node_modules it installed, so the
// imports resolve there. Exits 1 listing every mismatch.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import RssParser from 'rss-parser';
import { parseFeed } from '@rowanmanning/feed-parser';
import { extractFromJson } from '@extractus/feed-extractor';

const [out, expectedPath] = process.argv.slice(2);
if (!out) {
  console.error('usage: node check_node.mjs OUTPUT_DIR [EXPECTED_JSON]');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const expected = JSON.parse(fs.readFileSync(expectedPath ?? path.join(here, 'expected.json'), 'utf8'));
const manifest = JSON.parse(fs.readFileSync(path.join(out, '.feedcard', 'manifest.json'), 'utf8'));
const cards = new Map(Object.values(manifest.posts).map((post) => [post.permalink, post]));
const problems = [];

function check(where, what, got, want) {
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    problems.push(`${where}: ${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}

const instant = (text) => (text ? new Date(text).toISOString() : null);
const absolute = (url) => /^https?:\/\//.test(url);

// Every src/href in an HTML fragment is absolute, and the expected ones are there.
function checkContentUrls(where, post, html) {
  const urls = [...(html ?? '').matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  for (const url of urls.filter((u) => !absolute(u))) problems.push(`${where}: ${post.id}: relative address ${url}`);
  for (const url of post.content_urls ?? []) {
    if (!urls.includes(url)) problems.push(`${where}: ${post.id}: content lacks ${url} (has ${urls.join(' ')})`);
  }
}

// Checks every expected post found in `items` (looked up by id) through `read`,
// which maps a parser's item to {title, link, published, categories, summary, content}.
function checkPosts(where, spec, items, idOf, read) {
  const byId = new Map(items.map((item) => [idOf(item), item]));
  for (const post of expected.posts) {
    const item = byId.get(post.id);
    if (!item) {
      if (spec.count === 16) problems.push(`${where}: no item with id ${post.id}`);
      continue;
    }
    const seen = read(item);
    check(where, `${post.id}: title`, seen.title, post.title);
    check(where, `${post.id}: link a reader opens`, seen.link, post.link);
    check(where, `${post.id}: published instant`, instant(seen.published), instant(post.published));
    if (post.categories && seen.categories !== undefined) check(where, `${post.id}: categories`, seen.categories, post.categories);
    if (post.summary && seen.summary !== undefined) check(where, `${post.id}: summary as shown`, seen.summary, post.summary);
    if (seen.content !== undefined) checkContentUrls(where, post, seen.content);
  }
  for (const item of items) {
    const card = cards.get(idOf(item));
    if (!card) problems.push(`${where}: item id ${idOf(item)} is no post's permalink`);
  }
}

async function withRssParser(spec, xml) {
  const where = `rss-parser ${spec.path}`;
  const parser = new RssParser({ customFields: { item: [['media:content', 'mediaContent', { keepArray: true }]] } });
  let feed;
  try {
    feed = await parser.parseString(xml);
  } catch (error) {
    problems.push(`${where}: parse error: ${error.message}`);
    return;
  }
  check(where, 'feed title', feed.title, spec.title);
  check(where, 'item count', feed.items.length, spec.count);
  const idOf = (item) => (spec.format === 'rss' ? item.guid : item.id);
  checkPosts(where, spec, feed.items, idOf, (item) => ({
    title: item.title,
    link: item.link,
    published: item.isoDate,
    // rss-parser reads RSS categories; for Atom it keeps none.
    categories: spec.format === 'rss' ? item.categories : undefined,
    // contentSnippet is the text a reader shows for RSS's HTML description;
    // Atom's summary is text already.
    summary: spec.format === 'rss' ? item.contentSnippet : item.summary,
    content: spec.format === 'rss' ? item['content:encoded'] : item.content,
  }));
  if (spec.format === 'rss') {
    for (const item of feed.items) {
      const card = cards.get(item.guid);
      const media = item.mediaContent?.[0]?.$ ?? {};
      check(where, `${item.guid}: media:content url`, media.url, card?.card_url);
      check(where, `${item.guid}: media:content type`, media.type, 'image/png');
    }
  }
}

function withRowanmanning(spec, xml) {
  const where = `@rowanmanning/feed-parser ${spec.path}`;
  let feed;
  try {
    feed = parseFeed(xml);
  } catch (error) {
    problems.push(`${where}: parse error: ${error.message}`);
    return;
  }
  check(where, 'feed title', feed.title, spec.title);
  check(where, 'item count', feed.items.length, spec.count);
  check(where, 'feed self link', feed.self, `https://notes.example.org/${spec.path}`);
  checkPosts(where, spec, feed.items, (item) => item.id, (item) => ({
    title: item.title,
    link: item.url,
    published: item.published?.toISOString(),
    categories: item.categories.map((category) => category.term),
    summary: item.description,
    // Not its content: this parser decodes the entities inside the HTML
    // (`<code>&amp;</code>` comes back as `<code>&</code>`), addresses stay.
    content: item.content,
  }));
  for (const item of feed.items) {
    const card = cards.get(item.id);
    const media = item.media.find((m) => m.type === 'image') ?? {};
    check(where, `${item.id}: card url`, media.url, card?.card_url);
    check(where, `${item.id}: card type`, media.mimeType, 'image/png');
    check(where, `${item.id}: card size`, media.length, card?.bytes);
  }
}

function withFeedExtractor(spec, text) {
  const where = `@extractus/feed-extractor ${spec.path}`;
  let feed;
  try {
    feed = extractFromJson(JSON.parse(text), {
      // The fields its normalised entries leave out.
      getExtraEntryFields: (raw) => ({
        external_url: raw.external_url,
        image: raw.image,
        tags: raw.tags,
        summary: raw.summary,
        content_html: raw.content_html,
      }),
    });
  } catch (error) {
    problems.push(`${where}: parse error: ${error.message}`);
    return;
  }
  check(where, 'feed title', feed.title, spec.title);
  check(where, 'item count', feed.entries.length, spec.count);
  // Its `link` is JSON Feed's `url` (the post's page); a link post's
  // destination is `external_url`, which is what JSON Feed readers open.
  checkPosts(where, spec, feed.entries, (entry) => entry.id, (entry) => ({
    title: entry.title,
    link: entry.external_url ?? entry.link,
    published: entry.published,
    categories: entry.tags,
    summary: entry.summary,
    content: entry.content_html,
  }));
  for (const entry of feed.entries) {
    const card = cards.get(entry.id);
    check(where, `${entry.id}: url (the post's own page)`, entry.link, entry.id);
    check(where, `${entry.id}: image`, entry.image, card?.card_url);
  }
}

for (const spec of expected.feeds) {
  const text = fs.readFileSync(path.join(out, spec.path), 'utf8');
  if (spec.format === 'json') {
    withFeedExtractor(spec, text);
  } else {
    await withRssParser(spec, text);
    withRowanmanning(spec, text);
  }
}

if (problems.length) {
  console.error(`node parsers: ${problems.length} problem(s) reading the feeds:`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`node parsers (rss-parser, @rowanmanning/feed-parser, @extractus/feed-extractor): ${expected.feeds.length} feeds read as expected`);
