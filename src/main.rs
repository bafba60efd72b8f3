//! The `rasci` binary: everything lives in the library; see `rasci::cli`.

fn main() -> std::process::ExitCode {
    rasci::cli::main()
}
