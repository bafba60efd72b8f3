//! The `rasci` binary: everything lives in the library; see `rasci::cli`.

fn main() -> std::process::ExitCode {
    // Like other Unix tools, end quietly when the reader of a pipe goes
    // away (`rasci who A.5.15 | head -1`) instead of failing to print.
    #[cfg(unix)]
    // SAFETY: setting a signal disposition to its default at start-up,
    // before any other thread exists, has no memory-safety preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    rasci::cli::main()
}
