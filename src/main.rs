//! The `rasci` binary: everything lives in the library; see `rasci::cli`.
//!
//! SIGPIPE stays ignored (Rust's default), so a closed pipe is a write
//! error the command line handles: `rasci who A.5.15 | head -1` ends
//! quietly with the command's own exit code, and an edit whose report
//! cannot be written still says it was saved (see `rasci::cli::error`).

fn main() -> std::process::ExitCode {
    rasci::cli::main()
}
