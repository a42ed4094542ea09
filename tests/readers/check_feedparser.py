"""Reads the example site's feeds with Python's feedparser, the parser behind
many feed readers, and checks that it sees what tests/readers/expected.json
says a reader must show.

usage: check_feedparser.py OUTPUT_DIR

feedparser 6.0 reads RSS and Atom only, so the JSON Feed is read with the
json module and the field meanings of JSON Feed 1.1 (what JSON Feed readers
do). Exits 1 listing every mismatch.
"""

import calendar
import html.parser
import json
import sys
from datetime import datetime
from pathlib import Path

import feedparser

HERE = Path(__file__).resolve().parent
problems = []


def check(feed, what, got, want):
    if got != want:
        problems.append(f"{feed}: {what}: got {got!r}, want {want!r}")


def instant(text):
    """`2024-11-02T12:14:09Z` as seconds since the epoch."""
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


class HtmlReader(html.parser.HTMLParser):
    """The text a reader shows for an HTML fragment, and its src/href values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href")]

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def read_html(fragment):
    reader = HtmlReader()
    reader.feed(fragment)
    reader.close()
    return "".join(reader.text), reader.urls


def shown_text(detail):
    """What a reader displays for a feedparser text construct."""
    if detail.type in ("text/html", "application/xhtml+xml"):
        return read_html(detail.value)[0]
    return detail.value


def check_content_urls(feed, post, html_text):
    _, urls = read_html(html_text)
    for url in urls:
        if not url.startswith(("https://", "http://")):
            problems.append(f"{feed}: {post['id']}: content has a relative address {url!r}")
    for url in post.get("content_urls", []):
        if url not in urls:
            problems.append(f"{feed}: {post['id']}: content lacks {url!r} (has {urls!r})")


def check_xml_feed(out, spec, posts, cards):
    name = spec["path"]
    parsed = feedparser.parse((out / name).read_bytes())
    if parsed.bozo:
        problems.append(f"{name}: feedparser reports an error: {parsed.get('bozo_exception')!r}")
    check(name, "version", parsed.version, {"rss": "rss20", "atom": "atom10"}[spec["format"]])
    check(name, "entry count", len(parsed.entries), spec["count"])
    check(name, "feed title", parsed.feed.get("title"), spec["title"])
    entries = {entry.get("id"): entry for entry in parsed.entries}
    for entry in parsed.entries:
        card = cards.get(entry.get("id"))
        if card is None:
            problems.append(f"{name}: entry id {entry.get('id')!r} is no post's permalink")
            continue
        where = f"{entry.id}: card"
        if spec["format"] == "rss":
            media = entry.get("media_content") or [{}]
            check(name, f"{where} media:content url", media[0].get("url"), card["card_url"])
            check(name, f"{where} media:content medium", media[0].get("medium"), "image")
            check(name, f"{where} media:content type", media[0].get("type"), "image/png")
            check(name, f"{where} media:content size", media[0].get("filesize"), str(card["bytes"]))
            check(name, f"{where} media:content width", media[0].get("width"), str(card["width"]))
            check(name, f"{where} media:content height", media[0].get("height"), str(card["height"]))
        else:
            enclosures = entry.get("enclosures") or [{}]
            check(name, f"{where} enclosure href", enclosures[0].get("href"), card["card_url"])
            check(name, f"{where} enclosure type", enclosures[0].get("type"), "image/png")
            check(name, f"{where} enclosure length", enclosures[0].get("length"), str(card["bytes"]))
        # A non-link post opens its permalink.
        if card.get("link") is None:
            check(name, f"{entry.id}: link of a post without `link`", entry.get("link"), entry.id)
    for post in posts:
        entry = entries.get(post["id"])
        if entry is None:
            if spec["count"] == 16:
                problems.append(f"{name}: no entry with id {post['id']!r}")
            continue
        where = post["id"]
        check(name, f"{where}: title", entry.get("title"), post["title"])
        check(name, f"{where}: link a reader opens", entry.get("link"), post["link"])
        parsed_time = entry.get("published_parsed")
        check(name, f"{where}: published instant", parsed_time and calendar.timegm(parsed_time), instant(post["published"]))
        if "categories" in post:
            check(name, f"{where}: categories", [tag.term for tag in entry.get("tags", [])], post["categories"])
        if "summary" in post:
            check(name, f"{where}: summary as shown", shown_text(entry.summary_detail), post["summary"])
        contents = entry.get("content") or []
        if not contents:
            problems.append(f"{name}: {where}: no content")
        else:
            check(name, f"{where}: content type", contents[0].type, "text/html")
            check_content_urls(name, post, contents[0].value)


def check_json_feed(out, spec, posts, cards):
    name = spec["path"]
    try:
        feed = json.loads((out / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        problems.append(f"{name}: not JSON: {error}")
        return
    check(name, "version", feed.get("version"), "https://jsonfeed.org/version/1.1")
    check(name, "feed title", feed.get("title"), spec["title"])
    items = feed.get("items", [])
    check(name, "item count", len(items), spec["count"])
    by_id = {item.get("id"): item for item in items}
    for item in items:
        card = cards.get(item.get("id"))
        if card is None:
            problems.append(f"{name}: item id {item.get('id')!r} is no post's permalink")
            continue
        check(name, f"{item['id']}: url (the post's own page)", item.get("url"), item["id"])
        check(name, f"{item['id']}: image", item.get("image"), card["card_url"])
        check(name, f"{item['id']}: external_url", item.get("external_url"), card.get("link"))
    for post in posts:
        item = by_id.get(post["id"])
        if item is None:
            problems.append(f"{name}: no item with id {post['id']!r}")
            continue
        where = post["id"]
        check(name, f"{where}: title", item.get("title"), post["title"])
        check(name, f"{where}: link a reader opens", item.get("external_url") or item.get("url"), post["link"])
        published = item.get("date_published", "")
        check(name, f"{where}: published instant", instant(published) if published else None, instant(post["published"]))
        if "categories" in post:
            check(name, f"{where}: tags", item.get("tags"), post["categories"])
        if "summary" in post:
            # JSON Feed's summary is plain text: shown as is.
            check(name, f"{where}: summary", item.get("summary"), post["summary"])
        check_content_urls(name, post, item.get("content_html", ""))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_feedparser.py OUTPUT_DIR")
    out = Path(sys.argv[1])
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    manifest = json.loads((out / ".feedcard" / "manifest.json").read_text(encoding="utf-8"))
    cards = {post["permalink"]: post for post in manifest["posts"].values()}
    for spec in expected["feeds"]:
        if spec["format"] == "json":
            check_json_feed(out, spec, expected["posts"], cards)
        else:
            check_xml_feed(out, spec, expected["posts"], cards)
    if problems:
        print(f"feedparser {feedparser.__version__}: {len(problems)} problem(s) reading the feeds:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        sys.exit(1)
    print(f"feedparser {feedparser.__version__}: {len(expected['feeds'])} feeds read as expected")


if __name__ == "__main__":
    main()
