"""A small render-engine site written for feedcard's tests."""

import os

from render_engine import Blog, Collection, Page, Site

SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000/")

app = Site()
app.output_path = "output"
app.site_vars.update(
    {
        "SITE_TITLE": "Kitchen Notes",
        "SITE_URL": SITE_URL,
    }
)


@app.page
class Index(Page):
    template = "index.html"


@app.collection
class Posts(Blog):
    content_path = "content/posts"
    routes = ["blog"]


@app.collection
class Notes(Blog):
    """Short notes: a second blog, with a feed of its own."""

    content_path = "content/notes"
    routes = ["notes"]


@app.collection
class Pages(Collection):
    content_path = "content/pages"


if __name__ == "__main__":
    app.render()
