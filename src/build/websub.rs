//! WebSub: after a run that changed feeds, the hub `site.websub_hub` names
//! is told which (`hub.mode=publish`), so that subscribers hear of a new
//! post now instead of at their next poll. The files are published by then:
//! a hub that is down or slow costs a warning, never the build.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use url::Url;

use super::BuildReport;
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The most one run spends telling the hub, over all its feeds.
const TIME_LIMIT: Duration = Duration::from_secs(5);

/// Tells `hub` of each of `feed_paths` this run wrote (not those it left
/// unchanged): one POST per feed. The first failure ends the telling, with
/// one warning that names the hub, what went wrong and what was not told.
pub(super) fn announce(hub: &Url, config: &Config, feed_paths: &[String], report: &mut BuildReport) {
    let written: HashSet<&str> = report.written.iter().map(String::as_str).collect();
    let changed: Vec<(&str, String)> = feed_paths
        .iter()
        .filter(|path| written.contains(path.as_str()))
        .filter_map(|path| Some((path.as_str(), config.site.url.join(path).ok()?.to_string())))
        .collect();
    if changed.is_empty() {
        return;
    }
    let deadline = Instant::now() + TIME_LIMIT;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        // A hub's 4xx or 5xx is an answer to report, not an error to unwrap.
        .http_status_as_error(false)
        .user_agent(crate::feed::GENERATOR)
        .build()
        .into();
    for (index, (path, feed_url)) in changed.iter().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now());
        let outcome = match left.is_zero() {
            true => Err(format!("the {} s allowed for telling it ran out", TIME_LIMIT.as_secs())),
            false => publish(&agent, hub, feed_url, left),
        };
        if let Err(what) = outcome {
            let untold = changed.len() - index - 1;
            let also = match untold {
                0 => String::new(),
                1 => ", nor of 1 more changed feed".to_string(),
                n => format!(", nor of {n} more changed feeds"),
            };
            report.hub_warnings.push(
                Diagnostic::warning(
                    config.output.join(path),
                    None,
                    format!("the WebSub hub {hub} was not told of this change ({what}){also}"),
                )
                .with_help(
                    "the feeds are published all the same, and subscribers see the change at their next poll; \
                     check site.websub_hub in feedcard.yaml",
                ),
            );
            return;
        }
        report.announced.push(feed_url.clone());
    }
    let count = report.announced.len();
    let feeds = if count == 1 { "feed" } else { "feeds" };
    report.diagnostics.push(Diagnostic::notice(
        &config.output,
        None,
        format!("told the WebSub hub {hub} of {count} changed {feeds}"),
    ));
}

/// One `hub.mode=publish` POST; `Err` says what went wrong, for the warning.
fn publish(agent: &ureq::Agent, hub: &Url, feed_url: &str, left: Duration) -> Result<(), String> {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("hub.mode", "publish")
        .append_pair("hub.url", feed_url)
        .finish();
    let answer = agent
        .post(hub.as_str())
        .config()
        .timeout_global(Some(left))
        .build()
        .content_type("application/x-www-form-urlencoded")
        .send(body.as_str());
    match answer {
        Ok(response) if response.status().is_success() => Ok(()),
        Ok(response) => Err(format!("it answered HTTP {}", response.status())),
        Err(ureq::Error::Timeout(_)) => Err(format!("no answer within {} s", TIME_LIMIT.as_secs())),
        Err(ureq::Error::Io(error)) if error.kind() == std::io::ErrorKind::ConnectionRefused => {
            Err("the connection was refused".to_string())
        }
        // The operating system's words, without ureq's "io: " before them.
        Err(ureq::Error::Io(error)) => Err(error.to_string()),
        Err(ureq::Error::HostNotFound) => Err("its host name was not found".to_string()),
        Err(error) => Err(error.to_string()),
    }
}
