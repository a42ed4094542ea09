#!/usr/bin/env python3
"""The feed page in a real browser: builds the example site, serves it on
127.0.0.1 (browsers refuse XSLT on file://), opens rss.xml, atom.xml and a
per-tag feed in headless Chromium, and checks that the page the stylesheet
makes shows every item of the feed: its title linked to its link, its date
and its card. Saves a screenshot of each page in a folder it prints.

usage: feed_page.py --bin target/debug/feedcard [--shots DIR] [--chromium PATH]
                    [--readme-shot docs/feed-page.png]
Offline (every host but 127.0.0.1 is unreachable to the browser); exit 1
when a page is missing or wrong.
"""
import argparse
import functools
import html
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
NOW = "2026-01-01T00:00:00Z"


def expected_items(path):
    """(title, link, image or None, date) per item, read from the feed itself."""
    root = ET.parse(path).getroot()
    items = []
    if root.tag == "rss":
        channel = root.find("channel")
        address = channel.find(ATOM + "link[@rel='self']").get("href")
        for item in channel.findall("item"):
            media = item.find(MEDIA + "content")
            image = media.get("url") if media is not None else None
            items.append((item.findtext("title"), item.findtext("link"), image, item.findtext("pubDate")))
    else:
        address = root.find(ATOM + "link[@rel='self']").get("href")
        for entry in root.findall(ATOM + "entry"):
            title = entry.find(ATOM + "title")
            text = html.unescape(title.text) if title.get("type") == "html" else title.text
            link = entry.find(ATOM + "link[@rel='alternate']").get("href")
            enclosure = entry.find(ATOM + "link[@rel='enclosure']")
            image = enclosure.get("href") if enclosure is not None else None
            date = entry.findtext(ATOM + "published") or entry.findtext(ATOM + "updated")
            items.append((text, link, image, date))
    return address, items


class FeedPage(HTMLParser):
    """What the transformed page shows: the address and each item's title,
    link, date and image, read from the DOM Chromium dumps."""

    def __init__(self):
        super().__init__()
        self.transformed = False
        self.address = ""
        self.items = []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "main" and attrs.get("id") == "feed-page":
            self.transformed = True
        if tag == "article" and "item" in classes:
            self.items.append({"title": "", "link": None, "image": None, "date": "", "datetime": None})
        if self.items and tag == "img":
            self.items[-1]["image"] = attrs.get("src")
        if tag == "time" and self.items:
            self.items[-1]["datetime"] = attrs.get("datetime")
        if tag == "a" and self.stack and self.stack[-1][0] == "h3" and self.items:
            self.items[-1]["link"] = attrs.get("href")
        if tag not in ("img", "meta", "br", "input", "link"):
            self.stack.append((tag, classes))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        tags = [tag for tag, _ in self.stack]
        if "code" in tags and any("address" in classes for _, classes in self.stack):
            self.address += data
        if self.items and "h3" in tags and "a" in tags:
            self.items[-1]["title"] += data
        if self.items and "time" in tags:
            self.items[-1]["date"] += data


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    # Chromium closes connections it no longer needs (a favicon) on exit.
    def handle_error(self, *_):
        pass


def chromium(binary, profile, *args):
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--user-data-dir=" + profile, "--hide-scrollbars",
        # Offline: nothing but the local server is reachable.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        sys.exit(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def check_page(name, dom, address, items):
    """Problems with one page, as sentences; empty when it is right."""
    page = FeedPage()
    page.feed(dom)
    if not page.transformed:
        return [f"{name}: the browser did not apply the stylesheet (no feed page in the DOM)"]
    problems = []
    if page.address.strip() != address:
        problems.append(f"{name}: shows the address {page.address.strip()!r}, not {address!r}")
    if len(page.items) != len(items):
        problems.append(f"{name}: shows {len(page.items)} items, the feed has {len(items)}")
    for shown, (title, link, image, date) in zip(page.items, items):
        if shown["title"].strip() != title.strip():
            problems.append(f"{name}: shows the title {shown['title']!r} where the feed has {title!r}")
        if shown["link"] != link:
            problems.append(f"{name}: {title!r} links to {shown['link']!r}, not {link!r}")
        if shown["image"] != image:
            problems.append(f"{name}: {title!r} shows the image {shown['image']!r}, not {image!r}")
        if not shown["date"].strip() or shown["datetime"] != date:
            problems.append(f"{name}: {title!r} shows the date {shown['datetime']!r} ({shown['date']!r}), not {date!r}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the feedcard binary")
    parser.add_argument("--shots", help="where to save the screenshots [default: a new temporary folder]")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--readme-shot", help="also save rss.xml's page here, without Chromium's XSLT banner")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shots = args.shots or tempfile.mkdtemp(prefix="feed-page-")
    os.makedirs(shots, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="feed-page-") as scratch:
        site = os.path.join(scratch, "site")
        handler = functools.partial(QuietHandler, directory=site)
        server = QuietServer(("127.0.0.1", 0), handler)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        # Built for the local address, so the cards load from the same server.
        subprocess.run(
            [args.bin, "build", os.path.join(root, "examples/site"), "-o", site,
             "--site-url", base, "--now", NOW, "--quiet"],
            check=True,
        )
        tag_feeds = sorted(
            f"tags/{tag}/{name}"
            for tag in os.listdir(os.path.join(site, "tags"))
            for name in ("rss.xml", "atom.xml")
            if os.path.exists(os.path.join(site, "tags", tag, name))
        )
        pages = ["rss.xml", "atom.xml"] + tag_feeds[:1]
        profile = os.path.join(scratch, "profile")
        problems = []
        counts = []
        for name in pages:
            address, items = expected_items(os.path.join(site, name))
            dom = chromium(args.chromium, profile, "--dump-dom", base + name)
            found = check_page(name, dom, address, items)
            problems += found
            counts.append(f"{name}: {len(items)} items" + ("" if found else ", all shown"))
        for name in ["rss.xml", "atom.xml"]:
            shot = os.path.join(shots, name.replace(".xml", ".png"))
            # Atom in dark mode, so that both colour schemes are seen.
            dark = ["--force-dark-mode"] if name == "atom.xml" else []
            chromium(args.chromium, profile, *dark, "--window-size=1000,1500", "--screenshot=" + shot, base + name)
            if not os.path.getsize(shot):
                problems.append(f"{name}: the screenshot is empty")
        if args.readme_shot:
            chromium(args.chromium, profile, "--disable-features=GenerateXSLTWarningBanner",
                     "--window-size=900,1100", "--screenshot=" + os.path.abspath(args.readme_shot), base + "rss.xml")
        server.shutdown()

    for line in counts:
        print(line)
    print(f"screenshots: {shots}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print("feed page: ok")


if __name__ == "__main__":
    main()
