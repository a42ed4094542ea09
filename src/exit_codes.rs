/// What the process tells cron or CI; the number alone says whether anything is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Success = 0,
    /// A problem in the posts (also with --keep-going, after publishing the rest).
    PostErrors = 1,
    /// A usage or configuration problem.
    Usage = 2,
    /// Another build holds the output folder's lock.
    Locked = 3,
    /// The output folder could not be written (permissions, disk full, a
    /// file where a folder should be).
    Output = 4,
    /// Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it.
    Interrupted = 130,
    /// Stopped by SIGTERM: 128 + 15.
    Terminated = 143,
}

impl ExitCode {
    /// The code for a run stopped by `signal`.
    pub fn for_signal(signal: i32) -> ExitCode {
        if signal == 2 {
            ExitCode::Interrupted
        } else {
            ExitCode::Terminated
        }
    }
}

impl From<ExitCode> for i32 {
    fn from(code: ExitCode) -> i32 {
        code as i32
    }
}
