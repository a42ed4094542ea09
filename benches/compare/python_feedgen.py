#!/usr/bin/env python3
"""The same job with Python's feedgen + markdown + python-frontmatter, for comparison.

usage: python_feedgen.py POSTS_DIR OUT_DIR SITE_URL [summary]
`summary`: front matter only (the description), no Markdown rendered.
"""
import pathlib
import sys

import frontmatter
import markdown
from dateutil import parser as dates, tz
from feedgen.feed import FeedGenerator


def main():
    posts_dir, out_dir, site = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
    full = sys.argv[4:5] != ["summary"]
    out_dir.mkdir(parents=True, exist_ok=True)
    posts = []
    for path in sorted(posts_dir.rglob("*.md")):
        post = frontmatter.load(path)
        date = dates.parse(str(post["date"]))
        if date.tzinfo is None:
            date = date.replace(tzinfo=tz.UTC)
        posts.append((date, path.stem, post))
    posts.sort(key=lambda p: (p[0], p[1]), reverse=True)
    fg = FeedGenerator()
    fg.id(site)
    fg.title("Bench")
    fg.link(href=site, rel="alternate")
    fg.link(href=site + "atom.xml", rel="self")
    fg.description("Bench")
    for date, slug, post in reversed(posts):
        entry = fg.add_entry()
        permalink = f"{site}{slug}/"
        entry.id(permalink)
        entry.guid(permalink, permalink=True)
        entry.title(post["title"])
        entry.link(href=post.get("link", permalink))
        entry.published(date)
        entry.updated(date)
        entry.description(post.get("description", ""))
        if full:
            entry.content(markdown.markdown(post.content), type="CDATA")
        for tag in post.get("tags", []):
            entry.category(term=str(tag))
    fg.rss_file(str(out_dir / "rss.xml"))
    fg.atom_file(str(out_dir / "atom.xml"))


if __name__ == "__main__":
    main()
