//! Which generator built a site: each one's marker file and loader, tried in
//! a fixed order.

use std::path::{Path, PathBuf};

use super::{astro, eleventy, hugo, jekyll, render_engine, zola, Detected, Generator, SiteError};

/// One generator's module: how its site is recognised and its rules loaded.
struct Known {
    generator: Generator,
    /// The config file that marks a site as this generator's, if any.
    marker: fn(&Path) -> Option<PathBuf>,
    /// Reads the config (the marker, when found) into settings and rules.
    load: fn(&Path, Option<&Path>) -> Result<Detected, SiteError>,
}

/// In the order detection tries them: a marker that two generators share
/// (`config.toml`) goes to the first whose keys it has.
const KNOWN: &[Known] = &[
    Known { generator: Generator::Hugo, marker: hugo::marker, load: hugo::load },
    Known { generator: Generator::Zola, marker: zola::marker, load: zola::load },
    Known { generator: Generator::Jekyll, marker: jekyll::marker, load: jekyll::load },
    Known { generator: Generator::Astro, marker: astro::marker, load: astro::load },
    // Late: its marker may be only a package.json that depends on Eleventy.
    Known { generator: Generator::Eleventy, marker: eleventy::marker, load: eleventy::load },
    // Last: a Python module is the weakest sign of a site.
    Known { generator: Generator::RenderEngine, marker: render_engine::marker, load: render_engine::load },
];

/// Finds the generator of the site at `root` from its config files. `None`
/// when nothing is recognised (a plain folder of posts).
pub fn detect(root: &Path) -> Option<Result<Detected, SiteError>> {
    KNOWN.iter().find_map(|known| {
        let marker = (known.marker)(root)?;
        Some((known.load)(root, Some(&marker)))
    })
}

/// Loads the rules of a generator named in feedcard.yaml. Its config file is
/// read when there is one; without it, the generator's defaults apply.
pub fn load(generator: Generator, root: &Path) -> Result<Option<Detected>, SiteError> {
    if generator == Generator::Plain {
        return Ok(None);
    }
    let known = KNOWN.iter().find(|known| known.generator == generator).ok_or_else(|| {
        SiteError::new(root, None, format!("the rules of `generator: {generator}` are not in this build of feedcard"))
    })?;
    (known.load)(root, (known.marker)(root).as_deref()).map(Some)
}
