//! Stopping a build on SIGINT or SIGTERM without leaving temporary files or
//! a half-published output folder.
//!
//! A signal is only recorded here. Before anything is staged the process may
//! exit at once (there is nothing to clean up). While files are staged, the
//! build sees the request at its next card or feed and backs out: its staged
//! files are removed as they are dropped. While staged files are being renamed
//! into place, the request waits until every rename is done, so the renames
//! either all happen or none do.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Catches SIGINT and SIGTERM for the rest of the process and returns the
/// [`Stop`] they set; `None` where signals cannot be caught. A signal that
/// arrives while nothing is staged ends the process at once, with 128 plus
/// the signal's number.
#[cfg(feature = "cli")]
pub fn catch_signals() -> Option<std::sync::Arc<Stop>> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]).ok()?;
        let stop = std::sync::Arc::new(Stop::new());
        let shared = stop.clone();
        // A plain thread, not the handler, decides: it may take locks and print.
        std::thread::spawn(move || {
            for signal in signals.forever() {
                shared.request(signal, |signal| {
                    crate::console::say!("feedcard: stopped by {}", crate::build::signal_name(signal));
                    std::process::exit(128 + signal);
                });
            }
        });
        Some(stop)
    }
    #[cfg(not(unix))]
    None
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Nothing of this run's is on disk: exiting leaves nothing behind.
    #[default]
    Free,
    /// Temporary files exist; the build must remove them.
    Staging,
    /// Renaming into place: finish first.
    Publishing,
}

/// Shared between the signal thread and the build.
#[derive(Debug, Default)]
pub struct Stop {
    /// The signal asked for, 0 for none.
    signal: AtomicI32,
    phase: Mutex<Phase>,
}

/// The build stopped at a request, having published nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped(pub i32);

impl Stop {
    pub fn new() -> Stop {
        Stop::default()
    }

    fn phase(&self) -> MutexGuard<'_, Phase> {
        // A panic elsewhere does not make the phase wrong.
        self.phase.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records `signal`; when nothing is staged, calls `exit_now` at once,
    /// holding the phase so that the build cannot start staging meanwhile.
    pub fn request(&self, signal: i32, exit_now: impl FnOnce(i32)) {
        let phase = self.phase();
        self.signal.store(signal, Ordering::SeqCst);
        if *phase == Phase::Free {
            exit_now(signal);
        }
    }

    /// The signal asked for, if any.
    pub fn signal(&self) -> Option<i32> {
        Some(self.signal.load(Ordering::SeqCst)).filter(|&s| s != 0)
    }

    /// `Err` once a stop was asked for.
    pub fn check(&self) -> Result<(), Stopped> {
        self.signal().map_or(Ok(()), |signal| Err(Stopped(signal)))
    }

    /// From here until the guard drops, a request waits for the build. Hold
    /// the guard longer than any staged file, so those are gone before a
    /// later request may exit at once.
    pub(crate) fn staging(&self) -> PhaseGuard<'_> {
        *self.phase() = Phase::Staging;
        PhaseGuard(self)
    }

    /// Starts the renames, unless a stop was asked for first.
    pub(crate) fn publishing(&self) -> Result<(), Stopped> {
        let mut phase = self.phase();
        self.check()?;
        *phase = Phase::Publishing;
        Ok(())
    }
}

/// Returns the phase to free when the build is done with its files.
pub(crate) struct PhaseGuard<'a>(&'a Stop);

impl Drop for PhaseGuard<'_> {
    fn drop(&mut self) {
        *self.0.phase() = Phase::Free;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_exits_at_once_only_when_nothing_is_staged() {
        let stop = Stop::new();
        let mut exited = None;
        stop.request(15, |s| exited = Some(s));
        assert_eq!(exited, Some(15));

        let stop = Stop::new();
        let guard = stop.staging();
        let mut exited = None;
        stop.request(2, |s| exited = Some(s));
        assert_eq!(exited, None, "the build backs out itself");
        assert_eq!(stop.check(), Err(Stopped(2)));
        assert_eq!(stop.publishing(), Err(Stopped(2)), "no rename starts after a request");
        drop(guard);
    }

    #[test]
    fn a_request_while_publishing_waits_for_the_renames() {
        let stop = Stop::new();
        let guard = stop.staging();
        assert_eq!(stop.publishing(), Ok(()));
        let mut exited = None;
        stop.request(15, |s| exited = Some(s));
        assert_eq!(exited, None);
        drop(guard);
        assert_eq!(stop.signal(), Some(15), "the caller exits after publishing");
    }
}
