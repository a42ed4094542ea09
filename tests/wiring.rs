//! Wiring a site: the manifest's `<meta>` and `<link>` tags, card addresses
//! that change with the card's bytes (in the manifest and every feed), and
//! the OPML list of feeds, each read back with a real parser.

mod common;

use common::*;
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;

const SITE_URL: &str = "https://blog.example.com/";

fn site() -> Site {
    let site = Site::new("site:\n  title: 'Notes & <Things>'\n  url: https://blog.example.com/\n");
    site.post(
        "alpha.md",
        &post(
            "Alpha \"quoted\" & <more>",
            "2024-11-02",
            "description: \"First post, 'with' quotes\"\ntags: [rust, web]\n",
        ),
    );
    site.post("beta.md", &post("Beta", "2024-11-03", "tags: [rust]\n"));
    site
}

/// Builds `site`, which must succeed.
fn build_ok(site: &Site) {
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
}

fn manifest(site: &Site) -> Value {
    serde_json::from_slice(&site.read_out(".feedcard/manifest.json")).expect("the manifest is JSON")
}

/// The attributes of every `<meta>` and `<link>` a browser finds in `html`
/// pasted into a page's head.
fn head_tags(html: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let page = format!("<!doctype html><html><head>{html}</head><body></body></html>");
    let dom = html5ever::parse_document(RcDom::default(), Default::default()).one(page);
    let mut found = Vec::new();
    collect(&dom.document, &mut found);
    found
}

fn collect(node: &Handle, found: &mut Vec<(String, BTreeMap<String, String>)>) {
    for child in node.children.borrow().iter() {
        if let NodeData::Element { name, attrs, .. } = &child.data {
            if matches!(&*name.local, "meta" | "link") {
                let attrs = attrs.borrow().iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
                found.push((name.local.to_string(), attrs));
            }
        }
        collect(child, found);
    }
}

/// `og:image` → its content, from the `<meta>` tags.
fn meta_contents(html: &str) -> BTreeMap<String, String> {
    head_tags(html)
        .into_iter()
        .map(|(tag, attrs)| {
            assert_eq!(tag, "meta", "{html}");
            let key = attrs.get("property").or_else(|| attrs.get("name")).expect("property or name").clone();
            (key, attrs["content"].clone())
        })
        .collect()
}

/// The first 8 hex digits of the BLAKE3 hash of `bytes`, as `b3sum` prints it.
fn hash8(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..8].to_string()
}

#[test]
fn each_post_gets_meta_tags_with_a_card_address_that_names_its_bytes() {
    let site = site();
    build_ok(&site);
    let manifest = manifest(&site);
    let alpha = &manifest["posts"]["alpha"];
    let version = hash8(&site.read_out("cards/alpha.png"));
    let card_url = format!("{SITE_URL}cards/alpha.png?v={version}");
    assert_eq!(alpha["card"], "cards/alpha.png", "the file keeps its name");
    assert_eq!(alpha["card_version"], version.as_str());
    assert_eq!(alpha["card_url"], card_url.as_str());

    let meta = meta_contents(alpha["meta"].as_str().expect("meta is a string"));
    let expected = [
        ("og:type", "article"),
        ("og:title", "Alpha \"quoted\" & <more>"),
        ("og:description", "First post, 'with' quotes"),
        ("og:url", "https://blog.example.com/alpha/"),
        ("og:site_name", "Notes & <Things>"),
        ("og:image", card_url.as_str()),
        ("og:image:type", "image/png"),
        ("og:image:width", "1200"),
        ("og:image:height", "630"),
        ("og:image:alt", "Alpha \"quoted\" & <more>"),
        ("twitter:card", "summary_large_image"),
        ("twitter:image", card_url.as_str()),
        ("twitter:image:alt", "Alpha \"quoted\" & <more>"),
    ];
    for (key, value) in expected {
        assert_eq!(meta.get(key).map(String::as_str), Some(value), "{key} in {meta:#?}");
    }
    // A post with no description has no og:description rather than an empty one.
    let beta = meta_contents(manifest["posts"]["beta"]["meta"].as_str().unwrap());
    assert!(!beta.contains_key("og:description"), "{beta:#?}");
    assert_eq!(beta["og:image"], format!("{SITE_URL}cards/beta.png?v={}", hash8(&site.read_out("cards/beta.png"))));
}

#[test]
fn the_manifest_lists_every_feed_with_autodiscovery_links_for_the_site_and_each_tag() {
    let site = site();
    build_ok(&site);
    let manifest = manifest(&site);
    let links = head_tags(manifest["links"].as_str().expect("links is a string"));
    let seen: Vec<(String, String, String)> = links
        .iter()
        .map(|(tag, attrs)| {
            assert_eq!((tag.as_str(), attrs["rel"].as_str()), ("link", "alternate"));
            (attrs["type"].clone(), attrs["title"].clone(), attrs["href"].clone())
        })
        .collect();
    let title = "Notes & <Things>".to_string();
    assert_eq!(
        seen,
        [
            ("application/rss+xml".into(), title.clone(), format!("{SITE_URL}rss.xml")),
            ("application/atom+xml".into(), title.clone(), format!("{SITE_URL}atom.xml")),
            ("application/feed+json".into(), title, format!("{SITE_URL}feed.json")),
        ]
    );
    // `rust` has two posts, so feeds of its own (RSS and Atom; JSON's tag
    // feeds are off by default); `web` has one, so none.
    let tag_links: BTreeMap<String, String> = serde_json::from_value(manifest["tag_links"].clone()).unwrap();
    assert_eq!(tag_links.keys().collect::<Vec<_>>(), ["rust"]);
    let rust: Vec<String> = head_tags(&tag_links["rust"]).into_iter().map(|(_, a)| a["href"].clone()).collect();
    assert_eq!(rust, [format!("{SITE_URL}tags/rust/rss.xml"), format!("{SITE_URL}tags/rust/atom.xml")]);
    // The feed list names files that exist, at the addresses the links give.
    let feeds = manifest["feeds"].as_array().expect("feeds is a list");
    assert_eq!(feeds.len(), 5);
    for feed in feeds {
        let path = feed["path"].as_str().unwrap();
        assert!(site.out().join(path).is_file(), "{path}");
        assert_eq!(feed["url"], format!("{SITE_URL}{path}").as_str());
        assert_eq!(feed["tag"].as_str(), path.strip_prefix("tags/").map(|rest| rest.split('/').next().unwrap()));
    }
}

/// The card address each feed gives each item, by item id, as readers parse it.
fn card_addresses(site: &Site) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // feed-rs does not read JSON Feed's `image`: serde_json does.
    let json: Value = serde_json::from_slice(&site.read_out("feed.json")).unwrap();
    for item in json["items"].as_array().unwrap() {
        found
            .entry(item["id"].as_str().unwrap().to_string())
            .or_default()
            .insert(item["image"].as_str().unwrap().to_string());
    }
    for name in ["rss.xml", "atom.xml", "tags/rust/rss.xml", "tags/rust/atom.xml"] {
        let feed = parse_feed(name, &site.read_out(name));
        for entry in feed.entries {
            let mut urls: Vec<String> = entry
                .media
                .iter()
                .flat_map(|m| m.content.iter())
                .filter_map(|c| Some(c.url.as_ref()?.to_string()))
                .collect();
            urls.extend(entry.links.iter().filter(|l| l.rel.as_deref() == Some("enclosure")).map(|l| l.href.clone()));
            assert_eq!(urls.len(), 1, "{name}: one picture per item, got {urls:?}");
            found.entry(entry.id).or_default().insert(urls.remove(0));
        }
    }
    found
}

#[test]
fn a_redrawn_card_gets_a_new_address_everywhere_and_the_same_bytes_keep_theirs() {
    let site = site();
    build_ok(&site);
    let first = card_addresses(&site);
    let alpha_id = format!("{SITE_URL}alpha/");
    let old = format!("{SITE_URL}cards/alpha.png?v={}", hash8(&site.read_out("cards/alpha.png")));
    // Every feed, RSS, Atom and JSON Feed alike, gives the versioned address.
    assert_eq!(first[&alpha_id], BTreeSet::from([old.clone()]));

    // Nothing changed: nothing is written, and the address stays (known from the manifest).
    let json = site.build(&["--format", "json"]);
    let report: Value = serde_json::from_slice(&json.stdout).expect("the report is JSON");
    assert_eq!(report["files"]["written"], serde_json::json!([]), "{report}");
    assert_eq!(manifest(&site)["posts"]["alpha"]["card_url"], old.as_str());

    // --force redraws every card: the same bytes, so the same addresses and no feed rewritten.
    let json = site.build(&["--format", "json", "--force"]);
    let report: Value = serde_json::from_slice(&json.stdout).expect("the report is JSON");
    assert_eq!(report["files"]["written"], serde_json::json!([]), "{report}");
    assert_eq!(card_addresses(&site), first);

    // A new title redraws the card: a new address in the manifest, its meta tags and every feed.
    site.post(
        "alpha.md",
        &post("Alpha, retitled", "2024-11-02", "description: \"First post, 'with' quotes\"\ntags: [rust, web]\n"),
    );
    build_ok(&site);
    let new = format!("{SITE_URL}cards/alpha.png?v={}", hash8(&site.read_out("cards/alpha.png")));
    assert_ne!(new, old);
    assert_eq!(card_addresses(&site)[&alpha_id], BTreeSet::from([new.clone()]));
    let manifest = manifest(&site);
    assert_eq!(manifest["posts"]["alpha"]["card_url"], new.as_str());
    assert_eq!(meta_contents(manifest["posts"]["alpha"]["meta"].as_str().unwrap())["og:image"], new);
    assert!(
        site.out().join("cards/alpha.png").is_file()
            && !site.out().join("cards").read_dir().unwrap().any(|f| f
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains('?'))
    );
}

/// Every `<outline>` of an OPML file with its attributes, read with an XML parser.
fn outlines(bytes: &[u8]) -> (BTreeMap<String, String>, Vec<BTreeMap<String, String>>) {
    assert_well_formed_xml("feeds.opml", bytes);
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let (mut root, mut found) = (BTreeMap::new(), Vec::new());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).expect("OPML parses") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let attrs: BTreeMap<String, String> = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).expect("escaped value");
                        (a.key.as_ref().to_string(), value.into_owned())
                    })
                    .collect();
                match e.name().as_ref() {
                    "opml" => root = attrs,
                    "outline" => found.push(attrs),
                    _ => {}
                }
            }
            _ => {}
        }
        buf.clear();
    }
    (root, found)
}

#[test]
fn the_opml_file_lists_every_feed_and_can_be_renamed_or_switched_off() {
    let site = site();
    build_ok(&site);
    let written = manifest(&site);
    assert_eq!(written["opml"], serde_json::json!({"path": "feeds.opml", "url": format!("{SITE_URL}feeds.opml")}));
    let (root, outlines) = outlines(&site.read_out("feeds.opml"));
    assert_eq!(root["version"], "2.0");
    let feeds: Vec<&BTreeMap<String, String>> = outlines.iter().filter(|o| o.contains_key("xmlUrl")).collect();
    let listed: BTreeSet<&str> = feeds.iter().map(|o| o["xmlUrl"].as_str()).collect();
    let in_manifest: BTreeSet<&str> =
        written["feeds"].as_array().unwrap().iter().map(|f| f["url"].as_str().unwrap()).collect();
    assert_eq!(listed, in_manifest);
    for feed in &feeds {
        assert_eq!(feed["type"], "rss", "{feed:?}");
        assert!(feed["text"].starts_with("Notes & <Things>"), "{feed:?}");
    }
    assert!(feeds.iter().any(|o| o["text"] == "Notes & <Things> — #rust (Atom)"), "{feeds:#?}");

    // Renamed: the new name is written and the old file, feedcard's own, removed.
    fs::write(
        site.path().join("feedcard.yaml"),
        "site:\n  title: 'Notes & <Things>'\n  url: https://blog.example.com/\nfeeds: {opml: subscriptions.opml}\n",
    )
    .unwrap();
    build_ok(&site);
    assert!(site.out().join("subscriptions.opml").is_file() && !site.out().join("feeds.opml").exists());
    // Off: no file, and the manifest says none.
    fs::write(site.path().join("feedcard.yaml"), "site:\n  url: https://blog.example.com/\nfeeds: {opml: false}\n")
        .unwrap();
    build_ok(&site);
    assert!(!site.out().join("subscriptions.opml").exists());
    assert!(manifest(&site).get("opml").is_none());
}

/// The "Wiring a site" section of README.md.
fn readme_section() -> String {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md");
    let start = readme.find("\n## Wiring a site\n").expect("README has a \"Wiring a site\" section");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |at| at + 3);
    rest[..end].to_string()
}

/// The fenced code blocks of `text` whose info string is `lang`.
fn code_blocks(text: &str, lang: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = (info.trim() == lang).then(String::new).or(Some(String::from("\u{0}"))),
            (Some(block), Some(_)) => {
                if !block.starts_with('\u{0}') {
                    blocks.push(block.clone());
                }
                current = None;
            }
            (Some(block), None) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().map(|map| map.keys().cloned().collect()).unwrap_or_default()
}

fn keys_of_all(values: &Value) -> BTreeSet<String> {
    values.as_array().into_iter().flatten().flat_map(keys).collect()
}

#[test]
fn the_readme_documents_the_manifest_the_build_writes() {
    let site = site();
    // A link post, so that the optional `link` is there as README shows it.
    site.post("gamma.md", &post("Gamma", "2024-11-04", "link: https://example.org/elsewhere/\ntags: [rust]\n"));
    build_ok(&site);
    let real = manifest(&site);
    let section = readme_section();
    let example: Value = serde_json::from_str(&code_blocks(&section, "json")[0]).expect("README's manifest is JSON");

    assert_eq!(keys(&example), keys(&real), "the manifest's top level");
    assert_eq!(keys(&example["posts"]["release-trains"]), keys(&real["posts"]["gamma"]), "a post");
    assert_eq!(keys_of_all(&example["feeds"]), keys_of_all(&real["feeds"]), "a feed");
    assert_eq!(keys(&example["opml"]), keys(&real["opml"]), "the OPML file");
    let file = |manifest: &Value| manifest["files"].as_object().and_then(|files| files.values().next()).map(keys);
    assert_eq!(file(&example), file(&real), "a file's record");

    // Each generator's snippet pastes the site's links and the post's meta tags.
    for (generator, lang) in
        [("Hugo", "go-html-template"), ("Jekyll", "liquid"), ("Eleventy", "njk"), ("Astro", "astro")]
    {
        let blocks = code_blocks(&section, lang);
        assert_eq!(blocks.len(), 1, "{generator}: one `{lang}` snippet");
        for field in ["links", "meta", "posts"] {
            assert!(blocks[0].contains(field), "{generator}'s snippet never reads `{field}`:\n{}", blocks[0]);
        }
    }
    // Every snippet reads the manifest where the command beside it writes it.
    for (output, path) in [
        ("-o static", "static/.feedcard/manifest.json"),
        ("-o public", "public/.feedcard/manifest.json"),
        ("-o feedcard-out", "feedcard-out/.feedcard/manifest.json"),
        ("-o .", "cp .feedcard/manifest.json"),
    ] {
        assert!(section.contains(output) && section.contains(path), "{output} and {path}");
    }
}
