#!/usr/bin/python3
"""Reads the cards back with OCR: one site of posts per script, built with
the feedcard binary and the fonts installed on the machine, then each card's
title read by tesseract in that script's language.

A script passes when the median similarity of its titles (difflib's ratio,
spaces ignored) is at least 0.9; the emoji cards, which OCR cannot read,
must show colour in the title. Exits 1 listing the scripts that fail, and
prints every title's figure.

Needs Debian's tesseract-ocr with its -ara -ces -chi-sim -chi-tra -deu -ell
-fra -heb -hin -jpn -kor -rus -tha packs, python3-pil, and the Noto fonts
(fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji): .ci/run installs
them.

usage: /usr/bin/python3 tests/cards_ocr.py [--bin target/debug/feedcard] [--keep DIR]
"""

import argparse
import difflib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import unicodedata

from PIL import Image, ImageOps

# (name, post language, tesseract languages, titles). The titles are
# written for this test.
SCRIPTS = [
    ("Latin with diacritics", "cs", "ces+deu+fra", [
        "Příliš žluťoučký kůň úpěl ďábelské ódy",
        "Größere Änderungen an der Übersetzung",
        "Où se trouve la clé du café près de l'église",
        "Ça marche déjà très bien à Noël",
        "Fünf Bücher über Zürich und Köln",
    ]),
    ("Greek", "el", "ell", [
        "Η γρήγορη καφέ αλεπού πηδά πάνω από τον σκύλο",
        "Σημειώσεις για την έκδοση του λογισμικού",
        "Πώς γράφουμε καλύτερα μηνύματα λάθους",
        "Μικρά εργαλεία για μεγάλα έργα",
        "Δοκιμές και αυτοματισμός στην πράξη",
    ]),
    ("Cyrillic", "ru", "rus", [
        "Съешь же ещё этих мягких французских булок",
        "Заметки о выпуске новой версии программы",
        "Как писать понятные сообщения об ошибках",
        "Маленькие инструменты для больших проектов",
        "Тестирование и автоматизация на практике",
    ]),
    ("Arabic", "ar", "ara", [
        "ملاحظات حول إصدار البرنامج الجديد",
        "كيف نكتب رسائل خطأ واضحة",
        "أدوات صغيرة لمشاريع كبيرة",
        "الاختبار والأتمتة في الممارسة",
        "لماذا نحب البرمجيات الحرة",
    ]),
    ("Hebrew", "he", "heb", [
        "הערות על גרסה חדשה של התוכנה",
        "איך כותבים הודעות שגיאה ברורות",
        "כלים קטנים לפרויקטים גדולים",
        "בדיקות ואוטומציה בפועל",
        "למה אנחנו אוהבים תוכנה חופשית",
    ]),
    ("Devanagari", "hi", "hin", [
        "सॉफ़्टवेयर के नए संस्करण पर टिप्पणियाँ",
        "स्पष्ट त्रुटि संदेश कैसे लिखें",
        "बड़ी परियोजनाओं के लिए छोटे उपकरण",
        "व्यवहार में परीक्षण और स्वचालन",
        "हमें मुक्त सॉफ़्टवेयर क्यों पसंद है",
    ]),
    ("Thai", "th", "tha", [
        "บันทึกเกี่ยวกับการออกรุ่นใหม่ของโปรแกรม",
        "วิธีเขียนข้อความแจ้งข้อผิดพลาดที่ชัดเจน",
        "เครื่องมือเล็กๆ สำหรับโครงการใหญ่",
        "การทดสอบและระบบอัตโนมัติในทางปฏิบัติ",
        "ทำไมเราถึงชอบซอฟต์แวร์เสรี",
    ]),
    ("Chinese (Simplified)", "zh-CN", "chi_sim", [
        "关于新版本发布的一些笔记",
        "如何写出清楚的错误信息",
        "大项目里的小工具",
        "测试与自动化的实践经验",
        "我们为什么喜欢自由软件",
    ]),
    ("Chinese (Traditional)", "zh-TW", "chi_tra", [
        "關於新版本發布的一些筆記",
        "如何寫出清楚的錯誤訊息",
        "大專案裡的小工具",
        "測試與自動化的實踐經驗",
        "我們為什麼喜歡自由軟體",
    ]),
    ("Japanese", "ja", "jpn", [
        "新しいバージョンのリリースについてのメモ",
        "わかりやすいエラーメッセージの書き方",
        "大きなプロジェクトのための小さな道具",
        "テストと自動化の実践",
        "なぜ私たちは自由なソフトウェアが好きなのか",
    ]),
    ("Korean", "ko", "kor", [
        "새 버전 출시에 관한 메모",
        "알기 쉬운 오류 메시지를 쓰는 방법",
        "큰 프로젝트를 위한 작은 도구",
        "실제로 해 보는 테스트와 자동화",
        "우리가 자유 소프트웨어를 좋아하는 이유",
    ]),
]

EMOJI = ("emoji", "en", "eng", [
    "Coffee ☕ and lightning ⚡",
    "Ferris 🦀 writes Rust",
    "Launch day 🚀 at last",
])

THRESHOLD = 0.9


def normalise(text):
    """NFC, no whitespace, no emoji or variation selectors."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "So"
                   and not "\ufe00" <= c <= "\ufe0f")


def build_site(root, lang, titles, binary):
    """Writes one post per title and builds the site; returns the card paths."""
    os.makedirs(os.path.join(root, "posts"))
    with open(os.path.join(root, "feedcard.yaml"), "w", encoding="utf-8") as f:
        f.write("site: {url: 'https://cards.example.org/', title: OCR}\n")
    for i, title in enumerate(titles):
        with open(os.path.join(root, "posts", f"p{i}.md"), "w", encoding="utf-8") as f:
            f.write(f'---\ntitle: "{title}"\ndate: 2025-01-0{i + 1}\nlang: {lang}\nslug: p{i}\n---\nBody.\n')
    out = os.path.join(root, "out")
    run = subprocess.run([binary, "build", root, "-o", out, "--now", "2026-01-01T00:00:00Z", "-q"],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"cards_ocr: feedcard build failed for lang {lang}:\n{run.stderr}")
    return [os.path.join(out, "cards", f"p{i}.png") for i in range(len(titles))]


def title_area(path):
    """The title: below the brand row (site name and date, the first band of
    ink from the top) and above the accent band along the bottom edge; grey,
    dark text on light, at half size: tesseract reads letters some 40 px tall
    best, and misses whole lines of 96 px Korean or Arabic at full size."""
    card = Image.open(path).convert("RGB")
    width, height = card.size
    grey = ImageOps.grayscale(card)
    background = grey.getpixel((width // 2, 2))
    pixels = grey.load()

    def inked(y):
        return any(abs(pixels[x, y] - background) > 40 for x in range(0, width, 2))

    band_top = height - round(height / 63)
    y = 0
    while y < band_top and not inked(y):
        y += 1
    while y < band_top and inked(y):
        y += 1
    top = card.crop((0, y, width, band_top))
    grey = grey.crop((0, y, width, band_top))
    if statistics.mean(grey.getdata()) < 128:
        grey = ImageOps.invert(grey)
    return grey.resize((grey.width // 2, grey.height // 2), Image.LANCZOS), top


def ocr(image, languages, scratch):
    path = os.path.join(scratch, "ocr.png")
    image.save(path)
    run = subprocess.run(["tesseract", path, "stdout", "-l", languages, "--psm", "6"],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"cards_ocr: tesseract -l {languages} failed:\n{run.stderr}")
    return run.stdout


def colourful_pixels(image):
    """Pixels far from grey: emoji drawn in colour, not as outlines."""
    return sum(1 for r, g, b in image.getdata() if max(r, g, b) - min(r, g, b) > 80)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    parser.add_argument("--bin", default=os.path.join(target, "debug", "feedcard"))
    parser.add_argument("--keep", help="copy the cards into this folder")
    args = parser.parse_args()
    if not shutil.which("tesseract"):
        raise SystemExit("cards_ocr: tesseract is not installed (apt-get install tesseract-ocr and its packs)")
    binary = os.path.abspath(args.bin)
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, lang, languages, titles in SCRIPTS + [EMOJI]:
            root = os.path.join(scratch, lang + name.replace(" ", ""))
            cards = build_site(root, lang, titles, binary)
            scores = []
            colour = True
            for title, card in zip(titles, cards):
                if args.keep:
                    os.makedirs(args.keep, exist_ok=True)
                    shutil.copy(card, os.path.join(args.keep, f"{lang}-{os.path.basename(card)}"))
                prepared, top = title_area(card)
                read = ocr(prepared, languages, scratch)
                score = difflib.SequenceMatcher(None, normalise(title), normalise(read)).ratio()
                scores.append(score)
                print(f"  {name}: {score:.2f} {title!r} read as {' '.join(read.split())!r}")
                if name == "emoji" and colourful_pixels(top) < 500:
                    colour = False
                    print(f"  {name}: {title!r} shows no colour emoji")
            median = statistics.median(scores)
            ok = median >= THRESHOLD and colour
            print(f"{name}: median similarity {median:.3f} over {len(scores)} cards {'ok' if ok else 'FAILED'}")
            if not ok:
                failures.append(name)
    if failures:
        print(f"cards_ocr: below {THRESHOLD} (or no colour): {', '.join(failures)}", file=sys.stderr)
        sys.exit(1)
    print("cards_ocr: every script reads back")


if __name__ == "__main__":
    main()
