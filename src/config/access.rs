//! What a library user reads from a [`Config`]; the crate itself reads the
//! fields.

use chrono_tz::Tz;
use std::path::Path;
use url::Url;

use super::Config;
use crate::diagnostic::Diagnostic;

impl Config {
    /// The address the site is served from; permalinks start with it.
    pub fn site_url(&self) -> &Url {
        &self.site.url
    }

    /// The site's title: the feeds' title and the name on the cards.
    pub fn title(&self) -> &str {
        &self.site.title
    }

    /// The feeds' description.
    pub fn description(&self) -> &str {
        &self.site.description
    }

    /// The site's language tag, such as `en`.
    pub fn language(&self) -> &str {
        &self.site.language
    }

    /// The time zone of dates written without an offset.
    pub fn timezone(&self) -> Tz {
        self.site.timezone
    }

    /// The folder the posts are read from.
    pub fn posts_dir(&self) -> &Path {
        &self.input
    }

    /// The folder [`crate::build`] writes into.
    pub fn output_dir(&self) -> &Path {
        &self.output
    }

    /// Problems with the settings that do not stop a build (a card colour
    /// hard to read, a site URL on plain http); [`crate::build`] reports
    /// them with the posts' problems.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}
