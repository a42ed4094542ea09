//! `feedcard init`: a commented feedcard.yaml that shows every setting
//! feedcard inferred, so a user sees it and can change any of it.

use super::Config;
use crate::site::Generator;

/// The text of a feedcard.yaml for `config`. Values read from the site's own
/// files stay commented out, so the site's files remain the one place they
/// are set; uncommenting a line overrides them.
pub fn init_text(config: &Config) -> String {
    let mut out = String::new();
    out.push_str("# feedcard.yaml, written by `feedcard init` from what it found in this folder.\n");
    out.push_str("# Lines starting with `#` show inferred values; uncomment one to override it.\n");
    out.push_str("# Every key is described in README.md, \"Configuration\".\n\n");
    match config.generator {
        Generator::Plain => {
            out.push_str("# generator: hugo   # none was detected; name one if this folder is a site\n")
        }
        generator => {
            let marker = config.detected.as_ref().and_then(|d| d.marker.as_ref());
            let why =
                marker.map_or("named".to_string(), |m| format!("detected from {}", one_line(&m.display().to_string())));
            out.push_str(&format!("generator: {generator}   # {why}\n"));
        }
    }
    let from = |setting: &str| config.origins.iter().find(|(key, _)| *key == setting).map(|(_, file)| file.clone());
    out.push_str("site:\n");
    let site = &config.site;
    let settings = [
        ("url", site.url.to_string()),
        ("title", site.title.clone()),
        ("description", site.description.clone()),
        ("language", site.language.clone()),
        ("timezone", site.timezone.name().to_string()),
    ];
    for (key, value) in settings {
        let value = yaml_scalar(&value);
        match from(key) {
            // A URL given only on the command line must be written down.
            Some(source) if source == "--site-url" => out.push_str(&format!("  {key}: {value}\n")),
            Some(source) if source == super::PLACEHOLDER_ORIGIN => out.push_str(
                "  url:   # REQUIRED, left empty so no build runs without it: the address, like https://example.com/\n",
            ),
            Some(source) => out.push_str(&format!("  # {key}: {value}   # from {}\n", one_line(&source))),
            None => out.push_str(&format!("  # {key}: {value}   # default\n")),
        }
    }
    out.push_str(
        "  # websub_hub: https://pubsubhubbub.appspot.com/   # optional: feeds name it, changes are announced to it\n",
    );
    out.push_str("\n# How posts are found and addressed:\n");
    for line in config.rules.describe() {
        out.push_str(&format!("#   {}\n", one_line(&line)));
    }
    out.push_str("# permalink: /{year}/{slug}/   # replaces the generator's addresses\n");
    out.push_str("# include: [\"notes/**/*.md\"]   # more files to read as posts (.gitignore patterns)\n");
    out.push_str("# exclude: [\"drafts/\", \"**/_index.md\"]   # files that are never posts\n");
    out.push_str(&format!("# tags_from: [{}]\n", config.tag_keys.join(", ")));
    out.push_str("# feeds: {tags_min_posts: 2}   # per-tag feeds only for tags this many posts have\n");
    out.push_str("\n# output: output   # the folder feedcard writes into\n");
    out
}

/// Text for a comment: a line end in a folder name or a site's setting
/// must not end the comment and start a live key.
fn one_line(text: &str) -> String {
    crate::diagnostic::Printable(text).to_string()
}

/// A value as YAML writes it: quoted when plain text would change meaning.
fn yaml_scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && !value.starts_with(|c: char| "!&*[]{}|>'\"%@`#,?-: ".contains(c))
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(' ')
        && !value.contains(char::is_control);
    if plain {
        value.to_string()
    } else {
        serde_json::to_string(value).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    #[test]
    fn the_written_config_reads_back_to_the_same_settings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "---\ntitle: A\ndate: 2024-01-01\n---\n").unwrap();
        let overrides = Overrides {
            input: Some(dir.path().to_path_buf()),
            site_url: Some("https://x.example/blog/".to_string()),
            ..Overrides::default()
        };
        let config = Config::load(&overrides).unwrap();
        let text = init_text(&config);
        assert!(text.contains("  url: https://x.example/blog/\n"), "{text}");
        assert!(text.contains("# title: x.example"), "{text}");
        std::fs::write(dir.path().join("feedcard.yaml"), &text).unwrap();
        let again = Config::load(&Overrides { input: Some(dir.path().to_path_buf()), ..Overrides::default() }).unwrap();
        assert_eq!(again.site.url, config.site.url);
        assert_eq!(again.site.title, config.site.title);
    }

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(yaml_scalar("Field Notes"), "Field Notes");
        assert_eq!(yaml_scalar("Notes: a blog"), "\"Notes: a blog\"");
        assert_eq!(yaml_scalar("#1 blog"), "\"#1 blog\"");
        assert_eq!(yaml_scalar(""), "\"\"");
        assert_eq!(yaml_scalar("A\nexclude: x"), "\"A\\nexclude: x\"");
        assert_eq!(yaml_scalar("A\nB"), "\"A\\nB\"");
    }

    /// A line end in the site's folder name or in a setting the site's own
    /// config holds stays inside its comment: no live key is written.
    #[test]
    fn line_ends_in_paths_and_values_start_no_key() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site\noutput: elsewhere");
        std::fs::create_dir_all(site.join("content/posts")).unwrap();
        std::fs::write(site.join("hugo.toml"), "baseURL = 'https://x.example/'\ntitle = \"T\\nexclude: ['**']\"\n")
            .unwrap();
        std::fs::write(site.join("content/posts/a.md"), "---\ntitle: A\ndate: 2024-01-01\n---\n").unwrap();
        let config = Config::load(&Overrides { input: Some(site.clone()), ..Overrides::default() }).unwrap();
        let text = init_text(&config);
        let live: Vec<&str> =
            text.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).collect();
        assert_eq!(
            live,
            [
                "generator: hugo   # detected from ".to_string()
                    + &one_line(&site.join("hugo.toml").display().to_string()),
                "site:".to_string()
            ],
            "{text}"
        );
    }
}
