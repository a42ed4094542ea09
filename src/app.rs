//! The commands: turn parsed arguments into a `Config`, run, report, and
//! choose the exit code. Everything printed goes to stderr (JSON to stdout),
//! through [`crate::console`], which never panics on a closed pipe.

mod dry_run;
mod shell;
mod threads;

use chrono::{DateTime, TimeZone, Utc};
use clap::Parser;
use std::time::{Duration, Instant};

use crate::build::{self, BuildError, BuildOptions, BuildReport, Only};
use crate::cli::{self, BuildArgs, CardArgs, CheckArgs, Cli, Command, Format, InitArgs, PreviewArgs, SiteArgs};
use crate::config::{Config, ConfigError, Overrides, CONFIG_FILE_NAME};
use crate::console::{say, ColourChoice};
use crate::exit_codes::ExitCode;
use crate::output::OutputError;
use crate::post;
use crate::preview::PreviewError;
use crate::progress::CardBar;
use crate::render::RenderCardError;
use crate::summary::{self, Verbosity};
use std::sync::Arc;

/// Stands in for the site URL when `check` runs with no config: permalinks
/// are validated but never published.
const CHECK_PLACEHOLDER_URL: &str = "https://example.invalid/";

pub fn main() -> i32 {
    let cli = Cli::parse();
    threads::fit_to_open_file_limit();
    crate::console::set_colour(match cli.color {
        cli::ColorWhen::Auto => ColourChoice::Auto,
        cli::ColorWhen::Always => ColourChoice::Always,
        cli::ColorWhen::Never => ColourChoice::Never,
    });
    let code = match cli.command {
        Command::Build(args) => run_build(args),
        Command::Check(args) => run_check(args),
        Command::Card(args) => run_card(args),
        Command::Preview(args) => run_preview(args),
        Command::Init(args) => run_init(args),
        Command::Completions(args) => shell::completions(args.shell),
        Command::Man => shell::man_page(),
    };
    code.into()
}

fn run_build(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    let site = &args.site;
    let overrides = overrides(site, args.output.clone());
    let (config, options) = match prepare(site, &overrides) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let options = BuildOptions {
        keep_going: args.keep_going,
        lock_timeout: Duration::from_secs(args.lock_timeout),
        only: args.only.map(|only| match only {
            cli::Only::Feeds => Only::Feeds,
            cli::Only::Cards => Only::Cards,
        }),
        force: args.force,
        allow_earlier_now: args.allow_earlier_now,
        dry_run: args.dry_run,
        stop: crate::stop::catch_signals(),
        progress: if site.quiet || site.format == Format::Json {
            None
        } else {
            CardBar::for_terminal().map(|bar| Arc::new(bar) as Arc<dyn build::Progress>)
        },
        ..options
    };
    let report = match build::build(&config, &options) {
        Ok(report) => report,
        Err(error) => {
            let code = match error {
                BuildError::Output(OutputError::Locked(..)) => ExitCode::Locked,
                BuildError::Card(_) | BuildError::NoInput(_) | BuildError::ClockBehind { .. } => ExitCode::Usage,
                BuildError::Output(_) => ExitCode::Output,
                BuildError::Stopped(signal) => ExitCode::for_signal(signal),
                BuildError::PostChanged(_) => ExitCode::PostErrors,
            };
            return fail(site, code, &error.to_string());
        }
    };
    // Asked to stop while the build was publishing (it finished first) or
    // after it had decided to publish nothing.
    if let Some(signal) = options.stop.as_ref().and_then(|stop| stop.signal()) {
        let name = build::signal_name(signal);
        let message = if report.published {
            format!("stopped by {name} after publishing this run's files")
        } else {
            format!("stopped by {name}; nothing was published")
        };
        return fail(site, ExitCode::for_signal(signal), &message);
    }
    if !site.quiet && site.format == Format::Text {
        if let Some(line) = config.site_line() {
            say!("{line}");
        }
    }
    if args.dry_run {
        return report_run(site, &report, || dry_run::list(&report, &config.output, site.verbose));
    }
    let code = report_run(site, &report, || summary::build_line(&report, &config.output, started.elapsed()));
    if site.verbose {
        for path in &report.written {
            say!("wrote {}", config.output.join(path).display());
        }
        for path in &report.removed {
            say!("removed {}", config.output.join(path).display());
        }
    }
    code
}

fn run_check(args: CheckArgs) -> ExitCode {
    let site = &args.site;
    // No placeholder address: a site `build` would refuse fails here too.
    let overrides = overrides(site, None);
    let (config, options) = match prepare(site, &overrides) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    if !site.quiet && site.format == Format::Text {
        for line in config.site_summary() {
            say!("  {line}");
        }
    }
    let report = match build::check(&config, &options) {
        Ok(report) => report,
        Err(error) => return fail(site, ExitCode::Usage, &error.to_string()),
    };
    if !site.quiet && site.format == Format::Text {
        for line in summary::font_lines(&report.fonts) {
            say!("  {line}");
        }
    }
    report_run(site, &report, || summary::check_line(&report))
}

/// `feedcard preview`: the page is written even when posts have errors (it
/// shows them); the exit code is `build`'s.
fn run_preview(args: PreviewArgs) -> ExitCode {
    let site = &args.site;
    let (config, options) = match prepare(site, &overrides(site, None)) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let folder = args.output.clone().unwrap_or_else(|| crate::preview::DEFAULT_FOLDER.into());
    let done = match crate::preview::preview(&config, &options, &folder) {
        Ok(done) => done,
        Err(error) => {
            let code = match error {
                PreviewError::Output(_) => ExitCode::Output,
                _ => ExitCode::Usage,
            };
            return fail(site, code, &error.to_string());
        }
    };
    report_run(site, &done.report, || {
        format!("feedcard: {} cards; open {} to see them", done.cards, done.page.display())
    })
}

/// Prints the diagnostics and the summary (a line, or JSON) and picks the exit code.
fn report_run(site: &SiteArgs, report: &BuildReport, line: impl FnOnce() -> String) -> ExitCode {
    let failed = report.failed(site.strict);
    let code = if failed { ExitCode::PostErrors } else { ExitCode::Success };
    summary::print_diagnostics(&report.diagnostics, failed, verbosity(site));
    // Never errors: --strict does not apply to the WebSub hub.
    summary::print_diagnostics(&report.hub_warnings, failed, Verbosity { strict: false, ..verbosity(site) });
    if site.format == Format::Json {
        print_stdout(&summary::json(report, code));
    } else if !site.quiet || failed {
        say!("{}", line());
    }
    code
}

fn print_stdout(line: &str) {
    crate::console::to_stdout(format_args!("{line}"));
}

fn verbosity(site: &SiteArgs) -> Verbosity {
    Verbosity { quiet: site.quiet, verbose: site.verbose, strict: site.strict }
}

/// A run that stopped before reporting on posts: the message on stderr, and
/// for `--format json` the same as JSON on stdout.
fn fail(site: &SiteArgs, code: ExitCode, message: &str) -> ExitCode {
    say!("error: {message}");
    if site.format == Format::Json {
        print_stdout(&summary::json_failure(message, code));
    }
    code
}

fn run_card(args: CardArgs) -> ExitCode {
    // As `build` treats a missing input: a usage problem, said plainly.
    if let Err(message) = check_post_path(&args.post) {
        return usage_error(ConfigError::new(message));
    }
    let config_file = args.config.clone().or_else(|| nearest_config(&args.post));
    let overrides = Overrides {
        input: args.post.parent().map(|dir| dir.to_path_buf()),
        config_file,
        output: None,
        site_url: args.site_url.clone(),
        // A card shows no address: it needs no site URL.
        fallback_site_url: Some(CHECK_PLACEHOLDER_URL.to_string()),
    };
    let mut config = match Config::load(&overrides) {
        Ok(config) => config,
        Err(error) => return usage_error(error),
    };
    without_placeholder_names(&mut config);
    let parsed = match post::read_post_file(&args.post, &config) {
        Ok(parsed) => parsed,
        Err(problems) => {
            for problem in problems {
                let label = if problem.is_error() { "error" } else { "warning" };
                say!("{label}: {problem}");
            }
            return ExitCode::PostErrors;
        }
    };
    let post = &parsed.post;
    let card = match crate::render_card(post, &config) {
        Ok(card) => card,
        Err(RenderCardError::Settings(error)) => return usage_error(ConfigError::new(error.to_string())),
        Err(RenderCardError::Post(problem)) => {
            say!("error: {problem}");
            return ExitCode::PostErrors;
        }
    };
    let mut warnings = config.warnings.clone();
    warnings.extend(parsed.warnings.iter().cloned());
    warnings.extend(card.warnings.iter().cloned());
    for warning in &warnings {
        if args.strict || !args.quiet {
            say!("{}: {warning}", if args.strict { "error" } else { "warning" });
        }
    }
    // A character no font has: no card, unless --keep-going (drawn without it).
    let missing = card.missing_glyphs;
    if let Some(error) = &missing {
        say!("error: {error}");
    }
    if (args.strict && !warnings.is_empty()) || (missing.is_some() && !args.keep_going) {
        return ExitCode::PostErrors;
    }
    let target = args.output.clone().unwrap_or_else(|| format!("{}.png", post.slug).into());
    if let Err(error) = crate::output::write_atomically(&target, &card.png) {
        say!("error: {error}");
        return ExitCode::PostErrors;
    }
    if !args.quiet {
        say!("feedcard: wrote {} ({}x{}, {} KB)", target.display(), card.width, card.height, card.png.len() / 1024);
    }
    if missing.is_some() {
        return ExitCode::PostErrors;
    }
    ExitCode::Success
}

/// With no site URL given, the site's title and author default to the
/// placeholder's host: a card shows neither rather than that.
fn without_placeholder_names(config: &mut Config) {
    if config.site.url.as_str() != CHECK_PLACEHOLDER_URL {
        return;
    }
    let host = config.site.url.host_str().unwrap_or_default().to_string();
    if config.site.title == host {
        config.site.title.clear();
    }
    if config.site.author.name == host {
        config.site.author.name.clear();
    }
}

/// A missing post or a folder, said as such (not "not a regular file").
fn check_post_path(post: &std::path::Path) -> Result<(), String> {
    match std::fs::metadata(post) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(format!("{}: the file does not exist (check the path of the post)", post.display()))
        }
        Ok(meta) if meta.is_dir() => Err(format!(
            "{}: is a folder; pass one post's file (`feedcard build` makes the card of every post in a folder)",
            post.display()
        )),
        _ => Ok(()),
    }
}

/// The `feedcard.yaml` in the post's folder or the closest folder above it.
fn nearest_config(post: &std::path::Path) -> Option<std::path::PathBuf> {
    let absolute = std::path::absolute(post).ok()?;
    absolute.ancestors().skip(1).map(|dir| dir.join(CONFIG_FILE_NAME)).find(|candidate| candidate.is_file())
}

fn overrides(site: &SiteArgs, output: Option<std::path::PathBuf>) -> Overrides {
    Overrides {
        config_file: site.config.clone(),
        input: site.input.clone(),
        output,
        site_url: site.site_url.clone(),
        fallback_site_url: None,
    }
}

/// `feedcard init`: detect, print what was found, write feedcard.yaml.
fn run_init(args: InitArgs) -> ExitCode {
    let dir = args.site.clone().unwrap_or_else(|| ".".into());
    let target = dir.join(CONFIG_FILE_NAME);
    if target.exists() && !args.force {
        say!("error: {} already exists; edit it, or pass --force to replace it", target.display());
        return ExitCode::Usage;
    }
    let overrides = Overrides {
        input: Some(dir.clone()),
        site_url: args.site_url.clone(),
        // Written into the file as a line to fill in, not as a value.
        fallback_site_url: Some(CHECK_PLACEHOLDER_URL.to_string()),
        ..Overrides::default()
    };
    // An existing feedcard.yaml (with --force) would otherwise be read first.
    let config = match Config::load_site_only(&overrides) {
        Ok(config) => config,
        Err(error) => return usage_error(error),
    };
    let text = crate::config::init_text(&config);
    if let Err(error) = crate::output::write_atomically(&target, text.as_bytes()) {
        say!("error: {error}");
        return ExitCode::Output;
    }
    if !args.quiet {
        for line in config.site_summary() {
            say!("  {line}");
        }
        say!("feedcard: wrote {}; check it, then run `feedcard build {}`", target.display(), dir.display());
    }
    ExitCode::Success
}

fn prepare(site: &SiteArgs, overrides: &Overrides) -> Result<(Config, BuildOptions), ExitCode> {
    let config = Config::load(overrides).map_err(|error| fail(site, ExitCode::Usage, &error.to_string()))?;
    let now = resolve_now(site.now.as_deref(), &config).map_err(|message| fail(site, ExitCode::Usage, &message))?;
    let options = BuildOptions { strict: site.strict, ..BuildOptions::new(now) };
    Ok((config, options))
}

fn usage_error(error: ConfigError) -> ExitCode {
    say!("error: {error}");
    ExitCode::Usage
}

/// `--now`, else `SOURCE_DATE_EPOCH` (reproducible builds), else the clock.
fn resolve_now(flag: Option<&str>, config: &Config) -> Result<DateTime<Utc>, String> {
    if let Some(text) = flag {
        return post::parse_date(text, config.site.timezone)
            .map(|date| date.with_timezone(&Utc))
            .map_err(|e| format!("--now `{text}`: {e}"));
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().map_err(|_| {
            format!("SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds since 1970 (unset it or fix it)")
        })?;
        return Utc
            .timestamp_opt(seconds, 0)
            .single()
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH `{epoch}` is out of range"));
    }
    Ok(Utc::now())
}
