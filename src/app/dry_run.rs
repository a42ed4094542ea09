//! What `build --dry-run` prints: each file the build would write or remove,
//! and why. Nothing was written, so the output folder still shows whether a
//! file is new or changed.

use std::path::Path;

use crate::build::BuildReport;
use crate::console::say;

/// Prints one line per file (unchanged ones only when `verbose`) and returns
/// the summary line.
pub(super) fn list(report: &BuildReport, output: &Path, verbose: bool) -> String {
    if !report.published {
        return "feedcard: dry run: the build would stop here and write nothing (fix the errors above, or pass --keep-going)"
            .to_string();
    }
    for path in &report.written {
        let why = if output.join(path).exists() { "changed" } else { "new" };
        say!("would write {} ({why})", output.join(path).display());
    }
    for path in &report.removed {
        say!("would remove {} (no longer made: its post or tag is gone)", output.join(path).display());
    }
    if verbose {
        for path in &report.unchanged {
            say!("unchanged {}", output.join(path).display());
        }
    }
    format!(
        "feedcard: dry run: {} to write, {} to remove, {} unchanged; nothing was written",
        report.written.len(),
        report.removed.len(),
        report.unchanged.len()
    )
}
