#!/usr/bin/env python3
"""Social cards with Pillow, for comparison with `feedcard build --only cards`.

usage: cards_pillow.py POSTS_DIR OUT_DIR FONTS_DIR CJK_FONT

One 1200x630 PNG a post, drawn the way a blog's own script would: a dark
card, the title wrapped at word boundaries (at every character in CJK text),
the site name and date, up to three tags as pills, an accent band. Fonts: the
repository's Inter Display Bold and Inter Medium; a title with CJK text is set
in CJK_FONT (a Noto Sans CJK collection) as a whole, since Pillow does not
fall back from font to font. Pillow has no colour emoji at these sizes, so an
emoji in a title draws as the font's missing-glyph box.
"""
import pathlib
import sys

import frontmatter
from PIL import Image, ImageDraw, ImageFont

W, H, PAD = 1200, 630, 72
BACKGROUND, TITLE, TEXT, MUTED = (15, 23, 42), (248, 250, 252), (226, 232, 240), (148, 163, 184)
ACCENT, TAG_BG, TAG_FG = (251, 191, 36), (30, 41, 59), (203, 213, 225)
TITLE_SIZE, MAX_LINES = 64, 4


def is_cjk(ch):
    code = ord(ch)
    return 0x3000 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def tokens(text):
    """Words with their trailing space; CJK characters one by one."""
    out, word = [], ""
    for ch in text:
        if is_cjk(ch):
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        else:
            word += ch
            if ch == " ":
                out.append(word)
                word = ""
    if word:
        out.append(word)
    return out


def wrap(draw, text, font, width):
    lines, line = [], ""
    for token in tokens(text):
        if line and draw.textlength((line + token).rstrip(), font=font) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1].rstrip(". ") + "…"
    return lines


def card(post, fonts, site):
    image = Image.new("RGB", (W, H), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title = str(post["title"])
    font = fonts["cjk"] if any(is_cjk(ch) for ch in title) else fonts["title"]
    y = PAD
    for line in wrap(draw, title, font, W - 2 * PAD):
        draw.text((PAD, y), line, font=font, fill=TITLE)
        y += int(TITLE_SIZE * 1.2)
    x, tag_y = PAD, H - PAD - 110
    for tag in list(post.get("tags", []))[:3]:
        label = f"#{tag}"
        width = draw.textlength(label, font=fonts["tag"])
        draw.rounded_rectangle((x, tag_y, x + width + 32, tag_y + 44), radius=22, fill=TAG_BG)
        draw.text((x + 16, tag_y + 8), label, font=fonts["tag"], fill=TAG_FG)
        x += width + 48
    footer_y = H - PAD - 30
    draw.text((PAD, footer_y), site, font=fonts["footer"], fill=TEXT)
    date = str(post["date"])[:10]
    draw.text((W - PAD - draw.textlength(date, font=fonts["footer"]), footer_y), date, font=fonts["footer"], fill=MUTED)
    draw.rectangle((0, H - 10, W, H), fill=ACCENT)
    return image


def main():
    posts_dir, out_dir, fonts_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    out_dir.mkdir(parents=True, exist_ok=True)
    fonts = {
        "title": ImageFont.truetype(str(fonts_dir / "InterDisplay-Bold.otf"), TITLE_SIZE),
        "cjk": ImageFont.truetype(sys.argv[4], TITLE_SIZE, index=0),
        "tag": ImageFont.truetype(str(fonts_dir / "Inter-Medium.otf"), 24),
        "footer": ImageFont.truetype(str(fonts_dir / "Inter-Medium.otf"), 28),
    }
    for path in sorted(posts_dir.glob("*.md")):
        card(frontmatter.load(path), fonts, "Bench").save(out_dir / f"{path.stem}.png")


if __name__ == "__main__":
    main()
