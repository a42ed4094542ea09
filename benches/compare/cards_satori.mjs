// Social cards with satori (layout to SVG) + resvg-js (SVG to PNG), for
// comparison with `feedcard build --only cards`: the same card as
// cards_pillow.py, built from plain element objects (no JSX, no build step).
// usage: node cards_satori.mjs POSTS_DIR OUT_DIR FONTS_DIR CJK_OTF  (with NODE_PATH pointing at the installed modules)
// Fonts: the repository's Inter Display Bold and Inter Medium, then CJK_OTF
// (one face taken out of the Noto Sans CJK collection: satori reads no .ttc),
// which satori falls back to glyph by glyph. Colour emoji need images the
// caller supplies (loadAdditionalAsset); none are given here, offline.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, basename } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(process.env.NODE_PATH ? join(process.env.NODE_PATH, "x.js") : import.meta.url);
const satori = require("satori").default;
const { Resvg } = require("@resvg/resvg-js");
const matter = require("gray-matter");

const [postsDir, outDir, fontsDir, cjkFont] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const fonts = [
  { name: "Inter Display", data: readFileSync(join(fontsDir, "InterDisplay-Bold.otf")), weight: 700, style: "normal" },
  { name: "Inter", data: readFileSync(join(fontsDir, "Inter-Medium.otf")), weight: 500, style: "normal" },
  { name: "Noto Sans CJK", data: readFileSync(cjkFont), weight: 700, style: "normal" },
];
const h = (type, style, children) => ({ type, props: { style: { display: "flex", ...style }, children } });

function card(data) {
  const tags = (data.tags || []).slice(0, 3).map((tag) =>
    h("div", { background: "#1e293b", color: "#cbd5e1", borderRadius: 22, padding: "8px 16px", marginRight: 16 }, `#${tag}`),
  );
  const date = data.date instanceof Date ? data.date.toISOString().slice(0, 10) : String(data.date).slice(0, 10);
  const text = h("div", { flexGrow: 1, margin: 72, flexDirection: "column", justifyContent: "space-between" }, [
    h("div", { fontFamily: "Inter Display", fontSize: 64, lineHeight: 1.2, color: "#f8fafc", lineClamp: 4 }, String(data.title)),
    h("div", { flexDirection: "column" }, [
      h("div", { fontSize: 24, marginBottom: 24 }, tags),
      h("div", { fontSize: 28, justifyContent: "space-between", color: "#e2e8f0" }, [
        h("span", {}, "Bench"),
        h("span", { color: "#94a3b8" }, date),
      ]),
    ]),
  ]);
  const band = h("div", { height: 10, background: "#fbbf24" }, []);
  return h("div", { width: 1200, height: 630, flexDirection: "column", background: "#0f172a", fontFamily: "Inter" }, [text, band]);
}

for (const name of readdirSync(postsDir).filter((n) => n.endsWith(".md")).sort()) {
  const { data } = matter(readFileSync(join(postsDir, name), "utf8"));
  const svg = await satori(card(data), { width: 1200, height: 630, fonts });
  // satori has turned all text into paths: resvg needs no fonts (and would scan the system's for every card).
  const png = new Resvg(svg, { fitTo: { mode: "original" }, font: { loadSystemFonts: false } }).render().asPng();
  writeFileSync(join(outDir, `${basename(name, ".md")}.png`), png);
}
