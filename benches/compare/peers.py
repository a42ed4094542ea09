#!/usr/bin/env python3
"""Runs feedcard and its peers on the same corpus, interleaved, and prints
README's Performance tables. Started by peers.sh, which installs the peers,
builds feedcard and writes the corpus and the sites; its environment names them.

Each job runs every tool once per round (feedcard first, then each peer),
ROUNDS rounds, a fresh output folder every run; the table shows medians of
wall time, CPU time (user + system, children included) and peak resident
memory, and each peer's median over feedcard's. Every run's output is read
back (feeds with Python's XML and JSON parsers, cards with Pillow) and a run
whose output is short fails the row, so a broken peer cannot pass as fast.
"""
import json
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from measure import measure  # noqa: E402

E = os.environ
COUNT, CARDS, ROUNDS = int(E["COUNT"]), int(E["CARDS"]), int(E["ROUNDS"])
WORK, TOOLS = pathlib.Path(E["WORK"]), pathlib.Path(E["TOOLS"])
FEEDCARD, FLOOR = E["FEEDCARD"], E.get("FLOOR", "")
HERE = pathlib.Path(__file__).resolve().parent
FONTS = HERE.parent.parent / "fonts"
SITE = "https://bench.example.com/"
# Late enough that every generated post is published (the corpus runs into the 2020s).
NOW = "2100-01-01T00:00:00Z"
PY = str(TOOLS / "venv/bin/python")
NODE_ENV = dict(E, NODE_PATH=str(TOOLS / "node_modules"))
ATOM = "{http://www.w3.org/2005/Atom}"


def text_size(element):
    return len("".join(element.itertext())) if element is not None else 0


def read_rss(path):
    items = ET.parse(path).getroot().iter("item")
    sizes = [max(text_size(c) for c in item if c.tag.endswith(("description", "encoded"))) for item in items]
    return "RSS", sizes


def read_atom(path):
    entries = ET.parse(path).getroot().iter(ATOM + "entry")
    sizes = [max([text_size(e.find(ATOM + "content")), text_size(e.find(ATOM + "summary"))]) for e in entries]
    return "Atom", sizes


def read_json(path):
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    return "JSON Feed", [max(len(i.get("content_html", "")), len(i.get("summary", ""))) for i in items]


READERS = {".xml": read_rss, ".json": read_json}


def check_feeds(out, names, want_chars):
    """Reads each feed back; returns (ok, what they hold)."""
    kinds, counts, medians = [], set(), []
    for name in names:
        path = out / name
        if not path.is_file():
            return False, f"no {name}"
        try:
            kind, sizes = (read_atom if "atom" in name else READERS[path.suffix])(path)
        except (ET.ParseError, ValueError, KeyError) as e:
            return False, f"{name} unreadable: {e}"
        kinds.append(kind)
        counts.add(len(sizes))
        medians.append(statistics.median(sizes) if sizes else 0)
    ok = counts == {COUNT} and min(medians) >= want_chars
    items = "/".join(f"{n:,}" for n in sorted(counts))
    return ok, f"{', '.join(kinds)}: {items} items, {min(medians) / 1000:.1f} k chars of text a median item"


def check_floor(out):
    """The floor writes nothing; it prints how many posts it read."""
    line = (out / "stdout.txt").read_text(encoding="utf-8").strip() if (out / "stdout.txt").is_file() else ""
    posts = line.split(" ")[0]
    return posts in (str(COUNT), str(CARDS)), f"{int(posts):,} posts read, nothing written" if posts.isdigit() else "printed nothing"


def check_cards(out, want=CARDS):
    from PIL import Image

    pngs = sorted(out.rglob("*.png"))
    if not pngs:
        return False, "no PNG"
    sizes = sorted(p.stat().st_size for p in pngs)
    with Image.open(pngs[len(pngs) // 2]) as image:
        shape = image.size
    ok = len(pngs) == want and shape == (1200, 630)
    return ok, f"{len(pngs):,} PNGs {shape[0]}x{shape[1]}, median {sizes[len(sizes) // 2] / 1024:.0f} KB"


def tool(name, argv, check, env=None, stdout=False):
    return {"name": name, "argv": argv, "check": check, "env": env, "stdout": stdout}


def feed_jobs():
    posts = str(WORK / "posts")
    jobs = []
    for mode, want in (("full", 2000), ("summary", 20)):
        summary = [] if mode == "full" else ["summary"]
        title = (
            f"3 feeds, full HTML content, {COUNT:,} posts, cold"
            if mode == "full"
            else f"3 feeds, front matter only (`content: summary`), {COUNT:,} posts, cold"
        )
        jobs.append({"title": title, "tools": [
            tool("feedcard", [FEEDCARD, "build", str(WORK / mode), "-o", "{out}", "-q", "--only", "feeds", "--now", NOW],
                 lambda out, want=want: check_feeds(out, ["rss.xml", "atom.xml", "feed.json"], want)),
            tool("npm feed + marked + gray-matter" if mode == "full" else "npm feed + gray-matter",
                 ["node", str(HERE / "node_feed.mjs"), posts, "{out}", SITE, *summary],
                 lambda out, want=want: check_feeds(out, ["rss.xml", "atom.xml", "feed.json"], want), NODE_ENV),
            tool("python-feedgen + markdown (RSS, Atom)" if mode == "full" else "python-feedgen (RSS, Atom)",
                 [PY, str(HERE / "python_feedgen.py"), posts, "{out}", SITE, *summary],
                 lambda out, want=want: check_feeds(out, ["rss.xml", "atom.xml"], want)),
            tool("Hugo (one RSS feed)",
                 ["hugo", "--quiet", "-s", str(WORK / f"hugo-{mode}"), "-d", "{out}", "--cacheDir", str(WORK / "hugo-cache")],
                 lambda out, want=want: check_feeds(out, ["index.xml"], want)),
        ]})
        if FLOOR:
            flag = ["--html"] if mode == "full" else []
            what = "read + YAML + pulldown-cmark" if mode == "full" else "read + YAML"
            jobs[-1]["tools"].append(tool(f"floor: {what}, no feed", [FLOOR, posts, *flag], check_floor, stdout=True))
    return jobs


def card_job():
    posts = str(WORK / f"cards-{CARDS}" / "posts")
    cjk_ttc, cjk_otf = E.get("CJK_TTC", ""), E.get("CJK_OTF", "")
    pillow_fonts = [cjk_ttc or str(FONTS / "InterDisplay-Bold.otf")]
    satori_fonts = [cjk_otf or str(FONTS / "InterDisplay-Bold.otf")]
    tools = [
        tool("feedcard", [FEEDCARD, "build", str(WORK / f"cards-{CARDS}"), "-o", "{out}", "-q", "--only", "cards", "--now", NOW],
             check_cards),
        tool("Pillow", [PY, str(HERE / "cards_pillow.py"), posts, "{out}", str(FONTS), *pillow_fonts], check_cards),
        tool("satori + resvg-js", ["node", str(HERE / "cards_satori.mjs"), posts, "{out}", str(FONTS), *satori_fonts],
             check_cards, NODE_ENV),
    ]
    if FLOOR:
        tools.append(tool("floor: read + YAML + flat PNG encode", [FLOOR, posts, "--png"], check_floor, stdout=True))
    return {"title": f"{CARDS:,} cards, cold", "tools": tools, "per_item": CARDS}


def solo_job():
    """feedcard alone with the default config: the whole site cold, then the run a cron job does most."""
    argv = [FEEDCARD, "build", str(WORK / "default"), "-o", "{out}", "-q", "--now", NOW]

    def check_site(out):
        ok, what = check_cards(out / "cards", COUNT)
        feeds = [p for p in out.rglob("*") if p.suffix in (".xml", ".json") and p.parent.name != ".feedcard"]
        return ok and len(feeds) > 3, f"{what}; {len(feeds):,} feed files"

    return {"title": f"feedcard alone, default config, {COUNT:,} posts (feeds, per-tag feeds, cards)", "solo": True,
            "tools": [tool("cold build", argv, check_site), dict(tool("nothing changed", argv, check_site), keep=True)]}


def stamps(folder):
    """Each file's modification time, to see what a run wrote."""
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def run_job(job):
    posts = WORK / (f"cards-{CARDS}/posts" if "per_item" in job else "posts")
    subprocess.run(f"cat '{posts}'/*.md > /dev/null", shell=True, check=False)  # the page cache, untimed
    runs = {t["name"]: [] for t in job["tools"]}
    notes = {}
    for round_ in range(ROUNDS):
        for t in job["tools"]:
            out = WORK / "out" / "run"
            if not t.get("keep"):
                shutil.rmtree(out, ignore_errors=True)
            argv = [a.replace("{out}", str(out)) for a in t["argv"]]
            out.mkdir(parents=True, exist_ok=True)
            before = stamps(out)
            code, wall, peak, cpu = measure(argv, t["env"], str(out / "stdout.txt") if t["stdout"] else os.devnull)
            ok, what = t["check"](out) if code == 0 else (False, f"exit {code}")
            if t.get("keep") and code == 0:
                rewritten = sum(1 for path, stamp in stamps(out).items() if before.get(path) != stamp)
                ok &= rewritten == 0
                what += f"; {rewritten} files written"
            notes[t["name"]] = what
            runs[t["name"]].append((wall, cpu, peak, ok))
            say(f"  round {round_ + 1}/{ROUNDS} {t['name']}: {wall:.2f} s wall, {cpu:.2f} s CPU, {peak:.0f} MB; {what}")
    shutil.rmtree(WORK / "out", ignore_errors=True)
    return runs, notes


def ratio(value):
    return f"{value:.2f}x" if value < 1 else f"{value:.1f}x"


def seconds(value):
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def table(job, runs, notes):
    if job.get("solo"):
        rows = ["| run | wall | CPU | peak memory | output (read back) |", "| --- | --- | --- | --- | --- |"]
    else:
        rows = ["| tool | wall | CPU | peak memory | wall ratio | CPU ratio | output (read back) |",
                "| --- | --- | --- | --- | --- | --- | --- |"]
    medians = {}
    for name, results in runs.items():
        medians[name] = tuple(statistics.median(r[i] for r in results) for i in range(3)) + (all(r[3] for r in results),)
    base = medians.get("feedcard")
    for name, (wall, cpu, peak, ok) in medians.items():
        cpu_text = seconds(cpu)
        if "per_item" in job:
            cpu_text += f" ({cpu / job['per_item'] * 1000:.1f} ms a card)"
        label = f"**{name}**" if name == "feedcard" else name
        note = notes[name] if ok else f"**FAILED**: {notes[name]}"
        ratios = "" if base is None else f"{ratio(wall / base[0])} | {ratio(cpu / base[1])} | "
        rows.append(f"| {label} | {seconds(wall)} | {cpu_text} | {peak:.0f} MB | {ratios}{note} |")
    return "\n".join(rows), medians


def say(text):
    print(text, file=sys.stderr, flush=True)


def version(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "?"


def header(load_before):
    cpu_model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    commit = version(["git", "-C", str(HERE), "log", "-1", "--format=%h %cs"])
    dirty = " (with uncommitted changes)" if version(["git", "-C", str(HERE), "status", "--porcelain", "--untracked-files=no"]) else ""
    size = sum(p.stat().st_size for p in (WORK / "posts").glob("*.md")) / 2**20
    return "\n".join([
        f"- Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, `benches/compare/peers.sh` with "
        f"COUNT={COUNT} CARDS={CARDS} ROUNDS={ROUNDS}; load average (1, 5, 15 min) {load_before} before, "
        f"{{load_after}} after.",
        f"- Machine: {os.cpu_count()} cores ({cpu_model}), {ram:.0f} GiB RAM, Linux {platform.release()}.",
        f"- feedcard {commit}{dirty}, release build, the default config; the feed jobs add "
        f"`feeds: {{limit: 0, tags: false}}` (every post, no per-tag feeds, as the peers write).",
        f"- Corpus: `gen_corpus` (fixed seed), {COUNT:,} posts of ~1,000 words ({size:.0f} MB of Markdown), "
        f"4 titles in 10 with Japanese, Chinese, colour emoji or accented Latin; the cards job draws the first {CARDS:,}.",
        f"- Method: {'one round' if ROUNDS == 1 else f'medians of {ROUNDS} interleaved rounds'} "
        f"(every tool once a round, feedcard first, a fresh "
        f"output folder every run); whole-process wall and CPU time (user + system), peak resident memory; "
        f"a ratio is the tool's median over feedcard's (above 1: slower than feedcard).",
        f"- Peers: {E.get('PEER_VERSIONS', '?')}.",
    ])


def main():
    load_before = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    head = header(load_before)
    jobs = feed_jobs() + [card_job(), solo_job()]
    sections = []
    for job in jobs:
        say(f"{job['title']}:")
        runs, notes = run_job(job)
        text, medians = table(job, runs, notes)
        floor = next((m for name, m in medians.items() if name.startswith("floor")), None)
        if floor:
            text += f"\n\nfeedcard's CPU is {medians['feedcard'][1] / floor[1]:.1f}x the floor's."
        sections.append(f"#### {job['title']}\n\n{text}")
    if not FLOOR:
        sections.append("(No floor rows: `examples/bench_floor.rs` could not be built.)")
    load_after = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    text = head.replace("{load_after}", load_after) + "\n\n" + "\n\n".join(sections)
    print(text)
    if E.get("README"):
        paste(pathlib.Path(E["README"]), text)


def paste(readme, text):
    """Puts the tables between README's two markers, in place of the last run's."""
    start, end = "<!-- peers.sh output: start -->\n", "<!-- peers.sh output: end -->"
    old = readme.read_text(encoding="utf-8")
    if start not in old or end not in old:
        sys.exit(f"{readme}: no `{start.strip()}` ... `{end}` markers; paste the output above by hand")
    before, rest = old.split(start, 1)
    readme.write_text(before + start + "\n" + text + "\n\n" + end + rest.split(end, 1)[1], encoding="utf-8")
    say(f"wrote the tables into {readme}")


if __name__ == "__main__":
    main()
