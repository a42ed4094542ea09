//! The worker threads, fitted to the open-file limit. Each worker opens at
//! most one file at a time (a post, an image, a staged card, always closed
//! before the next), so descriptors grow with the threads, not the posts:
//! under `ulimit -n 64`, a 96-core machine must not start 96 workers.

/// Descriptors left for the rest: stdio, the signal pipe, the two locks,
/// the main thread's own files.
const RESERVED: u64 = 16;

/// Starts rayon's pool with fewer threads when the limit calls for it.
pub(super) fn fit_to_open_file_limit() {
    let wanted = std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1);
    if let Some(fit) = soft_limit().and_then(|limit| fewer_threads(wanted, limit)) {
        // Fails only if the pool already started; it then stays as it is.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(fit).build_global();
    }
}

/// The thread count to use instead of `wanted`, if `limit` descriptors are too few.
fn fewer_threads(wanted: usize, limit: u64) -> Option<usize> {
    let fit = usize::try_from(limit.saturating_sub(RESERVED)).unwrap_or(usize::MAX).max(1);
    (wanted > fit).then_some(fit)
}

#[cfg(unix)]
fn soft_limit() -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes the struct it is handed, which outlives the call.
    let read = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    #[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux and macOS, not on every unix
    (read && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur as u64)
}

#[cfg(not(unix))]
fn soft_limit() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_shrink_only_when_descriptors_are_short() {
        assert_eq!(fewer_threads(2, 256), None);
        assert_eq!(fewer_threads(96, 1024), None);
        assert_eq!(fewer_threads(96, 64), Some(48));
        assert_eq!(fewer_threads(8, 10), Some(1), "always one worker");
    }

    #[cfg(unix)]
    #[test]
    fn the_limit_is_read() {
        assert!(soft_limit().is_some_and(|limit| limit >= 3), "stdio alone takes three");
    }
}
