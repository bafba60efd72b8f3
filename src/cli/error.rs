//! What a command says when it fails, and where its output goes.
//!
//! A command returns `Result<u8, CommandError>`: its exit code when it ran
//! (0, or 1 for `check` with errors), or an error carrying the message, the
//! hints and the exit code. Only [`super::run`] prints an error, once, at
//! the top, so no command prints half an answer and an error in place.
//!
//! Standard output goes through [`Out`], which never panics: the first
//! write error is kept and later writes are skipped. At the end a closed
//! pipe (`| head -1`) ends quietly with the command's own exit code; any
//! other write error (a full disk) is an error, exit 2, unless the command
//! had already saved a change, whose exit code then stands.

use std::fmt::Display;
use std::io::{self, Write};

use super::{EXIT_OK, EXIT_USAGE};
use crate::text::sanitize;

/// Prints to standard error, ignoring failure: there is nowhere left to
/// report a closed standard error to.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;

/// A failed command: what went wrong, how to go on, and the exit code.
#[derive(Debug)]
pub struct CommandError {
    /// Printed before the message: the problems of a workspace that did not
    /// load, compiler style, already formatted.
    pub details: Vec<String>,
    /// One line, after `error: `.
    pub message: String,
    /// Each after `hint: `.
    pub hints: Vec<String>,
    pub code: u8,
    /// For `--format json`: the failure as JSON on standard output too.
    pub json: Option<serde_json::Value>,
}

impl CommandError {
    /// A failure with exit code 2. The message may quote user text or
    /// paths: it is stripped of control characters.
    pub fn usage(message: impl Display) -> CommandError {
        CommandError {
            details: Vec::new(),
            message: sanitize(&message.to_string()).into_owned(),
            hints: Vec::new(),
            code: EXIT_USAGE,
            json: None,
        }
    }

    /// Adds a hint (sanitised like the message).
    pub fn hint(mut self, hint: impl Display) -> CommandError {
        self.hints.push(sanitize(&hint.to_string()).into_owned());
        self
    }

    pub fn with_json(mut self, json: serde_json::Value) -> CommandError {
        self.json = Some(json);
        self
    }

    pub fn with_details(mut self, details: Vec<String>) -> CommandError {
        self.details = details;
        self
    }

    /// The text printed on standard error.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for d in &self.details {
            s.push_str(d);
            s.push('\n');
        }
        s.push_str(&format!("error: {}\n", self.message));
        for h in &self.hints {
            s.push_str(&format!("hint: {h}\n"));
        }
        s
    }
}

impl<E: std::error::Error> From<E> for CommandError {
    fn from(e: E) -> CommandError {
        CommandError::usage(e)
    }
}

/// What a command returns.
pub type CommandResult = Result<u8, CommandError>;

/// Standard output that remembers its first failure instead of panicking.
pub struct Out {
    sink: Box<dyn Write>,
    failed: Option<io::Error>,
    /// What was saved, once something was ("the change", "the export").
    saved: Option<&'static str>,
    /// Anything was written through here. The workbench draws on the
    /// terminal itself; a terminal that hung up is its business (it exits
    /// like SIGHUP), not a failed write of a command's output.
    used: bool,
}

impl Out {
    pub fn stdout() -> Out {
        Out::to(Box::new(io::stdout()))
    }

    pub fn to(sink: Box<dyn Write>) -> Out {
        Out {
            sink,
            failed: None,
            saved: None,
            used: false,
        }
    }

    /// Writes `text` as it is (it carries its own line ends).
    pub fn print(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    /// Writes `text` and a line end.
    pub fn line(&mut self, text: &str) {
        self.print(text);
        self.print("\n");
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        self.used = true;
        if self.failed.is_none()
            && let Err(e) = self.sink.write_all(bytes)
        {
            self.failed = Some(e);
        }
    }

    /// Records that a change was saved: from now on a failed write cannot
    /// turn the command into a failure.
    pub fn mark_saved(&mut self, what: &'static str) {
        self.saved = Some(what);
    }

    /// Flushes and gives the exit code for a command that returned `code`.
    pub fn conclude(mut self, code: u8) -> u8 {
        if self.used
            && self.failed.is_none()
            && let Err(e) = self.sink.flush()
        {
            self.failed = Some(e);
        }
        match (self.failed, self.saved) {
            (None, _) => code,
            // The reader went away (`| head -1`): what it wanted it has.
            (Some(e), _) if e.kind() == io::ErrorKind::BrokenPipe => code,
            (Some(e), Some(what)) => {
                say!(
                    "warning: {what} was saved, but its report could not be written to standard output: {e}"
                );
                code
            }
            (Some(e), None) => {
                say!("error: cannot write to standard output: {e}");
                EXIT_USAGE
            }
        }
    }
}

/// Finishes a command: prints its error (JSON on standard output first,
/// when asked for) and returns the exit code.
pub fn conclude(result: CommandResult, mut out: Out) -> u8 {
    match result {
        Ok(code) => out.conclude(code),
        Err(e) => {
            if let Some(json) = &e.json {
                out.line(&super::output::json_text(json));
            }
            // The error's own code stands, whatever became of the JSON.
            let _ = out.conclude(EXIT_OK);
            let _ = io::stderr().write_all(e.render().as_bytes());
            e.code
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that fails every write with `kind`.
    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_keeps_the_exit_code_and_other_failures_give_2() {
        let mut out = Out::to(Box::new(Failing(io::ErrorKind::BrokenPipe)));
        out.print("findings\n");
        assert_eq!(out.conclude(1), 1);
        let mut out = Out::to(Box::new(Failing(io::ErrorKind::StorageFull)));
        out.print("findings\n");
        assert_eq!(out.conclude(0), EXIT_USAGE);
        let mut out = Out::to(Box::new(Failing(io::ErrorKind::StorageFull)));
        out.mark_saved("the change");
        out.print("Saved\n");
        assert_eq!(out.conclude(0), 0, "a save that happened stands");
    }

    /// A sink whose flush fails, like a terminal that hung up.
    struct Gone;

    impl Write for Gone {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::other("the terminal hung up"))
        }
    }

    #[test]
    fn an_unused_output_cannot_change_the_exit_code() {
        // The workbench's 129 after a hang-up stays 129.
        assert_eq!(Out::to(Box::new(Gone)).conclude(129), 129);
        let mut out = Out::to(Box::new(Gone));
        out.print("x");
        assert_eq!(out.conclude(0), EXIT_USAGE);
    }

    #[test]
    fn an_error_renders_details_message_and_hints_without_controls() {
        let e = CommandError::usage("no such role `x\u{1b}[2J`")
            .hint("try `rasci find x`")
            .with_details(vec!["  --> people.toml:1:1".into()]);
        assert_eq!(
            e.render(),
            "  --> people.toml:1:1\nerror: no such role `x?[2J`\nhint: try `rasci find x`\n"
        );
        assert_eq!(e.code, EXIT_USAGE);
    }
}
