//! WebSub: feeds name the hub, and a run that changed feeds tells it, with
//! a local HTTP server on 127.0.0.1 standing in for the hub.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Output;
use std::sync::mpsc::{channel, Receiver};

/// One request as the hub received it.
#[derive(Debug)]
struct Received {
    request_line: String,
    content_type: Option<String>,
    body: String,
}

/// A hub on 127.0.0.1 that answers every request with `status`; returns
/// its address and the requests it got. A request is recorded before it is
/// answered, so every request of a finished build is already there.
fn hub(status: u16) -> (String, Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let url = format!("http://{}/hub", listener.local_addr().unwrap());
    let (sender, received) = channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            // ureq keeps the connection open for the next request.
            let sender = sender.clone();
            std::thread::spawn(move || serve(stream, status, |request| drop(sender.send(request))));
        }
    });
    (url, received)
}

/// A hub that takes each connection and never answers (held open until the test ends).
fn silent_hub() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let url = format!("http://{}/hub", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let held: Vec<TcpStream> = listener.incoming().flatten().collect();
        drop(held);
    });
    url
}

fn serve(stream: TcpStream, status: u16, record: impl Fn(Received)) {
    let mut writer = stream.try_clone().expect("clone the stream");
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let (mut length, mut content_type) = (0, None);
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("a header line");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').expect("a header");
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().expect("a length"),
                "content-type" => content_type = Some(value.trim().to_string()),
                _ => {}
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("the body");
        let body = String::from_utf8(body).expect("a UTF-8 body");
        record(Received { request_line: request_line.trim_end().to_string(), content_type, body });
        let answer = format!("HTTP/1.1 {status} Whatever\r\nContent-Length: 0\r\n\r\n");
        if writer.write_all(answer.as_bytes()).is_err() {
            return;
        }
    }
}

fn site_with_hub(hub: &str) -> Site {
    let site = Site::new(&format!("site:\n  title: Hubbed\n  url: https://blog.example.com/\n  websub_hub: {hub}\n"));
    site.post("first.md", &post("First", "2024-11-02", ""));
    site
}

/// A build with no proxy from the environment between feedcard and the local hub.
fn build(site: &Site, extra: &[&str]) -> Output {
    let mut command = build_command(site, extra);
    for name in ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
        command.env_remove(name);
    }
    command.output().expect("feedcard runs")
}

fn all(received: &Receiver<Received>) -> Vec<Received> {
    received.try_iter().collect()
}

fn form_body(feed: &str) -> String {
    format!("hub.mode=publish&hub.url=https%3A%2F%2Fblog.example.com%2F{feed}")
}

#[test]
fn a_run_that_changed_feeds_tells_the_hub_of_each_and_a_run_that_did_not_stays_quiet() {
    let (url, received) = hub(204);
    let site = site_with_hub(&url);
    let output = build(&site, &["-v"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let requests = all(&received);
    let mut bodies: Vec<&str> = requests.iter().map(|r| r.body.as_str()).collect();
    bodies.sort();
    assert_eq!(bodies, [form_body("atom.xml"), form_body("feed.json"), form_body("rss.xml")]);
    for request in &requests {
        assert_eq!(request.request_line, "POST /hub HTTP/1.1");
        assert_eq!(request.content_type.as_deref(), Some("application/x-www-form-urlencoded"));
    }
    assert!(stderr(&output).contains(&format!("told the WebSub hub {url} of 3 changed feeds")), "{}", stderr(&output));

    // Nothing changed: no feed written, so nothing to tell.
    let output = build(&site, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(all(&received).is_empty());

    // A dry run writes nothing, so it tells nothing either.
    site.post("second.md", &post("Second", "2024-11-03", ""));
    let output = build(&site, &["--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(all(&received).is_empty());

    // A new post changes every feed: each is told of again, once.
    let output = build(&site, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(all(&received).len(), 3);
}

#[test]
fn every_feed_names_the_hub_and_itself() {
    let (url, _received) = hub(204);
    let site = site_with_hub(&url);
    let output = build(&site, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    for (name, kind) in [("rss.xml", "application/rss+xml"), ("atom.xml", "application/atom+xml")] {
        let bytes = site.read_out(name);
        assert_well_formed_xml(name, &bytes);
        let links = atom_links(&bytes);
        assert!(links.contains(&("hub".to_string(), url.clone())), "{name}: {links:?}");
        assert!(links.contains(&("self".to_string(), format!("https://blog.example.com/{name}"))), "{name}: {links:?}");
        parse_feed(name, &bytes);
        let _ = kind;
    }
    let json: serde_json::Value = serde_json::from_slice(&site.read_out("feed.json")).unwrap();
    assert_eq!(json["hubs"], serde_json::json!([{"type": "WebSub", "url": url}]));
    parse_feed("feed.json", &site.read_out("feed.json"));
}

/// (rel, href) of every Atom `link`, in RSS (as `atom:link`) or Atom.
fn atom_links(bytes: &[u8]) -> Vec<(String, String)> {
    let mut reader = quick_xml::NsReader::from_reader(bytes);
    let mut links = Vec::new();
    let mut buf = Vec::new();
    loop {
        let (ns, event) = reader.read_resolved_event_into(&mut buf).expect("XML parses");
        match event {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let atom = matches!(ns, quick_xml::name::ResolveResult::Bound(n) if n.as_ref() == "http://www.w3.org/2005/Atom");
                if atom && e.local_name().as_ref() == "link" {
                    let attr = |key: &str| {
                        e.try_get_attribute(key)
                            .ok()
                            .flatten()
                            .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned())
                    };
                    links.push((attr("rel").unwrap_or_default(), attr("href").unwrap_or_default()));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    links
}

#[test]
fn a_hub_that_refuses_or_fails_is_a_warning_and_the_build_succeeds_even_under_strict() {
    // A port nothing listens on: the connection is refused.
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/", listener.local_addr().unwrap())
    };
    let site = site_with_hub(&closed);
    let output = build(&site, &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    // A warning, not an error, even under --strict; at the first feed told of.
    let first = site.out().join("atom.xml");
    assert!(said.contains(&format!("warning: {}: ", first.display())) && !said.contains("error"), "{said}");
    assert!(said.contains(&format!("the WebSub hub {closed} was not told of this change (the connection was refused), nor of 2 more changed feeds")), "{said}");
    assert!(site.out().join("rss.xml").is_file(), "the feeds are published all the same");

    let (failing, received) = hub(500);
    let site = site_with_hub(&failing);
    let output = build(&site, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains(&format!("the WebSub hub {failing} was not told of this change (it answered HTTP 500")),
        "{said}"
    );
    // The first failure ends the telling: one request, one warning.
    assert_eq!(all(&received).len(), 1);
    assert_eq!(said.matches("WebSub").count(), 1, "{said}");
}

#[test]
fn a_hub_that_never_answers_costs_one_warning_after_the_time_allowed() {
    let silent = silent_hub();
    let site = site_with_hub(&silent);
    let output = build(&site, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains(&format!(
            "the WebSub hub {silent} was not told of this change (no answer within 5 s), nor of 2 more changed feeds"
        )),
        "{said}"
    );
}
