//! A progress bar for long card runs, shown only on a terminal: cron, CI and
//! pipes see nothing.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::OnceLock;

use crate::build::Progress;

/// Below this many cards a run is over before a bar would help.
const WORTH_A_BAR: usize = 50;

pub struct CardBar {
    bar: OnceLock<ProgressBar>,
}

impl CardBar {
    /// A bar if stderr is a terminal, else `None`.
    pub fn for_terminal() -> Option<CardBar> {
        std::io::stderr().is_terminal().then(|| CardBar { bar: OnceLock::new() })
    }
}

impl Progress for CardBar {
    fn start(&self, cards_to_draw: usize) {
        if cards_to_draw < WORTH_A_BAR {
            return;
        }
        let style = ProgressStyle::with_template("{prefix} {bar:40} {pos}/{len} cards, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        let bar = ProgressBar::with_draw_target(Some(cards_to_draw as u64), ProgressDrawTarget::stderr())
            .with_style(style)
            .with_prefix("feedcard");
        let _ = self.bar.set(bar);
    }

    fn card_done(&self) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
