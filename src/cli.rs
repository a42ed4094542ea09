//! Command-line arguments, and nothing else: `app` turns them into a `Config`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "feedcard",
    version,
    about = "RSS, Atom and JSON feeds and social preview cards from a folder of Markdown posts",
    long_about = "Reads Markdown posts with YAML front matter and writes RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds \
                  whose items point at each post's external `link`, plus one 1200x630 PNG card per post.\n\n\
                  Exit codes: 0 success (warnings allowed unless --strict), 1 a problem in the posts, \
                  2 a usage or configuration problem, 3 another build holds the output folder, \
                  4 the output folder could not be written."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Colour `error:`, `warning:` and file names on stderr: `auto` on a
    /// terminal unless NO_COLOR is set
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read the posts and write the feeds and each post's card into the output folder.
    Build(BuildArgs),
    /// Read and validate the posts, and check every card can be drawn; write nothing. Exits 1 on any error.
    Check(CheckArgs),
    /// Render the social preview card of one post to a PNG file.
    Card(CardArgs),
    /// Write an HTML page of every card as Mastodon, Bluesky, LinkedIn, Slack and X show it.
    ///
    /// Draws every post's card as `build` would, and writes one page showing each card at full
    /// size and in each site's frame, with the problems found in its post, into
    /// ./feedcard-preview (or -o FOLDER), never into the output folder.
    Preview(PreviewArgs),
    /// Write a commented feedcard.yaml showing what feedcard detected in a site.
    Init(InitArgs),
    /// Print a shell completion script on stdout.
    Completions(CompletionsArgs),
    /// Print the man page (roff) on stdout: `feedcard man | man -l -`.
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell, e.g. `feedcard completions bash > ~/.local/share/bash-completion/completions/feedcard`
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The site folder [default: .]
    pub site: Option<PathBuf>,

    /// The site's address, when the site's own files do not give it
    #[arg(long, value_name = "URL")]
    pub site_url: Option<String>,

    /// Replace an existing feedcard.yaml
    #[arg(long)]
    pub force: bool,

    /// Print nothing on success
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// A site folder (Hugo, Jekyll, Eleventy, Astro, Zola, render-engine, or one holding
    /// feedcard.yaml and posts/), or a folder of posts [default: .]
    pub input: Option<PathBuf>,

    /// The config file [default: INPUT/feedcard.yaml when it exists]
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The site's address; overrides site.url in the config and the site's own config files
    #[arg(long, value_name = "URL")]
    pub site_url: Option<String>,

    /// The build's "now": posts dated later are not published yet [default: $SOURCE_DATE_EPOCH, else the clock]
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,

    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,

    /// Print nothing on success
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print notices (e.g. skipped files); `build` also lists the files it wrote or removed
    #[arg(short, long)]
    pub verbose: bool,

    /// `json`: print one JSON object with every count and problem on stdout
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,

    /// The output folder; overrides `output` in the config
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Publish the valid posts even when others have errors, and cards
    /// without the characters no font has (still exits 1)
    #[arg(long)]
    pub keep_going: bool,

    /// Seconds to wait for another build on the same output folder
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub lock_timeout: u64,

    /// Build only the feeds or only the cards
    #[arg(long, value_enum, value_name = "WHAT")]
    pub only: Option<Only>,

    /// Render every card, even those whose inputs did not change
    #[arg(long)]
    pub force: bool,

    /// Decide everything, write nothing: list each file the build would write
    /// or remove, and why (unchanged ones too with -v)
    #[arg(long)]
    pub dry_run: bool,

    /// Build with a --now earlier than the newest post already published,
    /// taking the posts dated after it off the site (without it, exit 2)
    #[arg(long, requires = "now")]
    pub allow_earlier_now: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Only {
    Feeds,
    Cards,
}

#[derive(Debug, Args)]
pub struct CardArgs {
    /// The post to draw
    pub post: PathBuf,

    /// The PNG to write [default: <slug>.png]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The config file [default: the nearest feedcard.yaml above the post]
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The site's address; overrides site.url in the config (a card does not need it)
    #[arg(long, value_name = "URL")]
    pub site_url: Option<String>,

    /// Warnings about the post are errors
    #[arg(long)]
    pub strict: bool,

    /// Write the card even when no font has some of its characters, without
    /// them (still exits 1)
    #[arg(long)]
    pub keep_going: bool,

    /// Print nothing on success
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    #[command(flatten)]
    pub site: SiteArgs,

    /// The folder for the page and its images, never inside the output folder; created if
    /// needed, and an existing one must be empty or an earlier preview [default: ./feedcard-preview]
    #[arg(short, long, value_name = "FOLDER")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}
