//! A pseudo-terminal harness for end-to-end tests: the real `rasci` binary
//! runs in a PTY, its output goes through a `vt100` emulator, and the test
//! reads the screen back, waiting for visible evidence instead of sleeping.
//!
//! A test never assumes that something happened after a fixed delay: it
//! waits (up to a generous timeout, so a busy machine does not fail it)
//! until the screen shows the effect, and fails with the screen it saw.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// The date every run pretends is today, so findings are reproducible.
pub const TODAY: &str = "2026-11-27";

/// How long a wait may take before the test fails. Generous, because other
/// builds may share the machine; a passing test never waits this long.
/// `RASCI_E2E_TIMEOUT` (seconds) overrides it.
pub fn timeout() -> Duration {
    std::env::var("RASCI_E2E_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(20))
}

/// A private home folder for one test: HOME, the XDG folders and the
/// working directory of every run point into it.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("rasci-e2e-")
            .tempdir()
            .expect("temporary folder");
        for sub in ["data", "config"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("sandbox folders");
        }
        Sandbox { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The environment every run gets (nothing is inherited).
    pub fn env(&self) -> Vec<(String, String)> {
        let home = self.path();
        vec![
            ("HOME".into(), home.display().to_string()),
            (
                "XDG_DATA_HOME".into(),
                home.join("data").display().to_string(),
            ),
            (
                "XDG_CONFIG_HOME".into(),
                home.join("config").display().to_string(),
            ),
            ("TERM".into(), "xterm-256color".into()),
            ("LANG".into(), "C.UTF-8".into()),
            ("RASCI_TODAY".into(), TODAY.into()),
            ("PATH".into(), "/usr/bin:/bin".into()),
        ]
    }

    /// Runs `rasci` without a terminal (for `init` and the like) and returns
    /// its output; fails the test if it does not exit with `code`.
    pub fn run(&self, args: &[&str], code: i32) -> std::process::Output {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rasci"))
            .args(args)
            .env_clear()
            .envs(self.env())
            .current_dir(self.path())
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run rasci");
        assert_eq!(
            out.status.code(),
            Some(code),
            "rasci {args:?}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Creates the demo workspace in `<sandbox>/<name>` and returns its path.
    pub fn demo(&self, name: &str) -> PathBuf {
        let dir = self.path().join(name);
        self.run(
            &["init", &dir.display().to_string(), "--template", "demo"],
            0,
        );
        assert!(dir.join("matrix.toml").is_file(), "the demo has a matrix");
        dir
    }
}

/// How to start a run in a terminal.
#[derive(Debug, Clone)]
pub struct Spawn {
    pub rows: u16,
    pub cols: u16,
    /// Sets NO_COLOR=1.
    pub no_color: bool,
    /// Extra variables, applied last (an empty value removes the variable).
    pub env: Vec<(String, String)>,
}

impl Default for Spawn {
    fn default() -> Spawn {
        Spawn {
            rows: 30,
            cols: 100,
            no_color: true,
            env: Vec::new(),
        }
    }
}

impl Spawn {
    pub fn size(rows: u16, cols: u16) -> Spawn {
        Spawn {
            rows,
            cols,
            ..Spawn::default()
        }
    }
}

/// Replies to the queries a program may send to its terminal, and a log of
/// them. rasci is not expected to query anything; if it does, the harness
/// answers like a plain xterm so the program does not hang, and the test
/// can look at [`Term::queries`].
#[derive(Default)]
struct Answers {
    replies: Vec<u8>,
    log: Vec<String>,
}

impl vt100::Callbacks for Answers {
    fn unhandled_csi(
        &mut self,
        screen: &mut vt100::Screen,
        i1: Option<u8>,
        i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        let p: Vec<u16> = params.iter().flat_map(|x| x.iter().copied()).collect();
        let reply = match (i1, i2, c, p.as_slice()) {
            // Cursor position report.
            (None, None, 'n', [6]) => {
                let (row, col) = screen.cursor_position();
                Some(format!("\x1b[{};{}R", row + 1, col + 1))
            }
            // Device status.
            (None, None, 'n', [5]) => Some("\x1b[0n".to_string()),
            // Primary and secondary device attributes.
            (None, None, 'c', [] | [0]) => Some("\x1b[?1;2c".to_string()),
            (Some(b'>'), None, 'c', _) => Some("\x1b[>0;0;0c".to_string()),
            // Kitty keyboard protocol: not supported, so no reply (the
            // program learns that from the device attributes reply).
            (Some(b'?'), None, 'u', _) => None,
            // Mode queries (DECRQM): "not recognised".
            (_, Some(b'$'), 'p', [mode, ..]) => {
                let q = if i1 == Some(b'?') { "?" } else { "" };
                Some(format!("\x1b[{q}{mode};0$y"))
            }
            // Window size reports.
            (None, None, 't', [18]) => {
                let (rows, cols) = screen.size();
                Some(format!("\x1b[8;{rows};{cols}t"))
            }
            _ => return,
        };
        let i1 = i1.map(|b| (b as char).to_string()).unwrap_or_default();
        let i2 = i2.map(|b| (b as char).to_string()).unwrap_or_default();
        self.log.push(format!("CSI {i1}{p:?}{i2}{c}"));
        if let Some(r) = reply {
            self.replies.extend_from_slice(r.as_bytes());
        }
    }

    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        // Colour queries: OSC 10/11 with "?".
        if let [which @ (b"10" | b"11"), b"?"] = params {
            let which = String::from_utf8_lossy(which).into_owned();
            self.log.push(format!("OSC {which};?"));
            let colour = if which == "10" {
                "ffff/ffff/ffff"
            } else {
                "0000/0000/0000"
            };
            self.replies
                .extend_from_slice(format!("\x1b]{which};rgb:{colour}\x1b\\").as_bytes());
        }
    }
}

/// What the reader thread shares with the test.
struct Shared {
    parser: vt100::Parser<Answers>,
    /// Every byte the program wrote, for checks on escape sequences.
    transcript: Vec<u8>,
    /// The program's side of the terminal is closed: no more output.
    eof: bool,
    /// Inside a synchronized update (a frame being drawn): the screen is
    /// half old, half new, and waiters do not look at it.
    in_sync: bool,
    /// The last bytes seen, to find a marker split across two reads.
    tail: Vec<u8>,
    /// Asks the reader to let go of the terminal after its next read.
    hang_up: bool,
}

const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
const SYNC_END: &[u8] = b"\x1b[?2026l";

impl Shared {
    /// Feeds output to the emulator and follows the synchronized-update
    /// markers (a terminal that supports them shows a frame only when it
    /// is complete; so does this harness).
    fn feed(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.transcript.extend_from_slice(bytes);
        let mut window = std::mem::take(&mut self.tail);
        window.extend_from_slice(bytes);
        let last = |m: &[u8]| window.windows(m.len()).rposition(|w| w == m);
        match (last(SYNC_BEGIN), last(SYNC_END)) {
            (Some(b), Some(e)) => self.in_sync = b > e,
            (Some(_), None) => self.in_sync = true,
            (None, Some(_)) => self.in_sync = false,
            (None, None) => {}
        }
        let keep = window.len().saturating_sub(SYNC_BEGIN.len() - 1);
        self.tail = window.split_off(keep);
    }

    /// Is the screen a complete frame (or final, because the program is
    /// gone)?
    fn settled(&self) -> bool {
        self.eof || !self.in_sync
    }
}

type Writer = Arc<Mutex<Box<dyn Write + Send>>>;

/// A running program in a pseudo-terminal. Dropping it kills the program if
/// it is still running and waits for it, so a failing test leaves nothing
/// behind.
pub struct Term {
    state: Arc<(Mutex<Shared>, Condvar)>,
    /// `None` once the terminal has been hung up.
    writer: Option<Writer>,
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    reader: Option<JoinHandle<()>>,
    status: Option<ExitStatus>,
    pid: u32,
    label: String,
}

fn lock(m: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panicking test thread must not hide the screen from the Drop guard.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Term {
    /// Starts `rasci ARGS` in a fresh terminal of the given size, in the
    /// sandbox's folder and with only the sandbox's environment.
    pub fn spawn(sandbox: &Sandbox, args: &[&str], how: Spawn) -> Term {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: how.rows,
                cols: how.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_rasci"));
        cmd.args(args);
        cmd.env_clear();
        for (k, v) in sandbox.env() {
            cmd.env(k, v);
        }
        if how.no_color {
            cmd.env("NO_COLOR", "1");
        }
        for (k, v) in &how.env {
            if v.is_empty() {
                cmd.env_remove(k);
            } else {
                cmd.env(k, v);
            }
        }
        cmd.cwd(sandbox.path());
        let child = pair.slave.spawn_command(cmd).expect("start rasci");
        // Only the program may hold the terminal's other side, so that its
        // exit ends our reads.
        drop(pair.slave);
        let pid = child.process_id().expect("the program has a process id");
        let master = pair.master;
        let mut reader = master.try_clone_reader().expect("read the terminal");
        let writer: Writer = Arc::new(Mutex::new(
            master.take_writer().expect("write to the terminal"),
        ));
        let rows = std::num::NonZeroU16::new(how.rows).expect("rows > 0");
        let cols = std::num::NonZeroU16::new(how.cols).expect("cols > 0");
        let state = Arc::new((
            Mutex::new(Shared {
                parser: vt100::Parser::new_with_callbacks(rows, cols, 0, Answers::default()),
                transcript: Vec::new(),
                eof: false,
                in_sync: false,
                tail: Vec::new(),
                hang_up: false,
            }),
            Condvar::new(),
        ));
        let thread_state = Arc::clone(&state);
        let thread_writer = Arc::clone(&writer);
        let handle = std::thread::Builder::new()
            .name(format!("pty-reader-{pid}"))
            .spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                loop {
                    let n = match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    let replies = {
                        let (m, cv) = &*thread_state;
                        let mut s = lock(m);
                        s.feed(&buf[..n]);
                        let replies = std::mem::take(&mut s.parser.callbacks_mut().replies);
                        if s.settled() {
                            cv.notify_all();
                        }
                        if s.hang_up {
                            break;
                        }
                        replies
                    };
                    if !replies.is_empty() {
                        let mut w = thread_writer.lock().unwrap_or_else(|e| e.into_inner());
                        let _ = w.write_all(&replies);
                        let _ = w.flush();
                    }
                }
                let (m, cv) = &*thread_state;
                lock(m).eof = true;
                cv.notify_all();
            })
            .expect("start the reader thread");
        Term {
            state,
            writer: Some(writer),
            child,
            master: Some(master),
            reader: Some(handle),
            status: None,
            pid,
            label: format!("rasci {}", args.join(" ")),
        }
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The screen as text, one line per row (trailing blanks trimmed), as
    /// of the last complete frame.
    pub fn screen(&self) -> String {
        self.with_screen(|s| s.contents())
    }

    /// Runs `f` on the emulated screen, once it shows a complete frame.
    pub fn with_screen<R>(&self, mut f: impl FnMut(&vt100::Screen) -> R) -> R {
        self.wait_map("a complete frame", |s| Some(f(s)))
    }

    /// Row `i` of the screen, full width.
    pub fn row(&self, i: u16) -> String {
        self.with_screen(|s| row_text(s, i))
    }

    /// The last row: rasci's status line.
    pub fn status_line(&self) -> String {
        self.with_screen(|s| row_text(s, s.size().0.get() - 1))
    }

    /// Everything the program has written so far.
    pub fn transcript(&self) -> Vec<u8> {
        lock(&self.state.0).transcript.clone()
    }

    /// Terminal queries the program sent (and the harness answered).
    pub fn queries(&self) -> Vec<String> {
        lock(&self.state.0).parser.callbacks().log.clone()
    }

    /// A dump of the screen for failure messages.
    pub fn dump(&self) -> String {
        let s = lock(&self.state.0);
        dump_screen(s.parser.screen(), &self.label, s.eof)
    }

    /// Waits until the screen contains `text`; returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_map(&format!("{text:?} on the screen"), |s| {
            let c = s.contents();
            c.contains(text).then_some(c)
        })
    }

    /// Waits until the screen no longer contains `text`; returns the screen.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_map(&format!("{text:?} to disappear"), |s| {
            let c = s.contents();
            (!c.contains(text)).then_some(c)
        })
    }

    /// Waits until `ready` holds for the screen.
    pub fn wait_until(&self, what: &str, mut ready: impl FnMut(&vt100::Screen) -> bool) {
        self.wait_map(what, |s| ready(s).then_some(()))
    }

    /// Waits until `probe` returns something for a complete frame and
    /// returns it. Fails the test with `what` and the screen after the
    /// timeout, or as soon as the program has closed the terminal without
    /// the screen ever satisfying `probe`.
    pub fn wait_map<R>(&self, what: &str, mut probe: impl FnMut(&vt100::Screen) -> Option<R>) -> R {
        let limit = timeout();
        let deadline = Instant::now() + limit;
        let (m, cv) = &*self.state;
        let mut s = lock(m);
        loop {
            if s.settled()
                && let Some(r) = probe(s.parser.screen())
            {
                return r;
            }
            if s.eof {
                let d = dump_screen(s.parser.screen(), &self.label, true);
                drop(s);
                panic!("waiting for {what}: the program closed the terminal\n{d}");
            }
            let now = Instant::now();
            if now >= deadline {
                let d = dump_screen(s.parser.screen(), &self.label, false);
                drop(s);
                panic!("waiting for {what}: not seen within {limit:?}\n{d}");
            }
            s = cv
                .wait_timeout(s, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Types `keys` (raw bytes: "\t" Tab, "\r" Enter, "\x13" Ctrl-S...).
    pub fn send(&self, keys: &str) {
        let writer = self.writer.as_ref().expect("the terminal was hung up");
        let mut w = writer.lock().unwrap_or_else(|e| e.into_inner());
        w.write_all(keys.as_bytes()).expect("write to the terminal");
        w.flush().expect("flush the terminal");
    }

    /// Resizes the terminal (the program gets SIGWINCH).
    pub fn resize(&self, rows: u16, cols: u16) {
        {
            let mut s = lock(&self.state.0);
            let r = std::num::NonZeroU16::new(rows).expect("rows > 0");
            let c = std::num::NonZeroU16::new(cols).expect("cols > 0");
            s.parser.set_size(r, c);
        }
        self.master
            .as_ref()
            .expect("the terminal was hung up")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the terminal");
    }

    /// Closes our side of the terminal, as when an SSH connection drops:
    /// the kernel hangs the terminal up and sends SIGHUP to the program.
    /// The screen stays as it was last seen.
    pub fn hang_up(&mut self) {
        let (m, cv) = &*self.state;
        lock(m).hang_up = true;
        // Any key makes the program write, which wakes the reader so that
        // it lets go of its copy of the terminal.
        self.send("\x0c");
        let limit = timeout();
        let deadline = Instant::now() + limit;
        let mut s = lock(m);
        while !s.eof {
            let now = Instant::now();
            assert!(now < deadline, "the reader did not stop within {limit:?}");
            s = cv
                .wait_timeout(s, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        drop(s);
        if let Some(h) = self.reader.take() {
            let _ = h.join();
        }
        self.writer = None;
        self.master = None;
    }

    /// Sends a signal (`HUP`, `TERM`, `KILL`...) with the system's `kill`.
    pub fn signal(&self, name: &str) {
        let st = std::process::Command::new("kill")
            .args([format!("-{name}"), self.pid.to_string()])
            .status()
            .expect("run kill");
        assert!(st.success(), "kill -{name} {} failed", self.pid);
    }

    /// Has the program exited? (Non-blocking.)
    pub fn exited(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().ok().flatten();
        }
        self.status.clone()
    }

    /// Waits for the program to exit and for all it wrote to reach the
    /// screen; fails the test (and kills it) after the timeout.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let limit = timeout();
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(st) = self.exited() {
                break st;
            }
            if Instant::now() >= deadline {
                panic!("the program did not exit within {limit:?}\n{}", self.dump());
            }
            // The child is not ours to wait on with a condition variable;
            // new output wakes us early, otherwise poll briefly.
            let (m, cv) = &*self.state;
            let s = lock(m);
            let _ = cv.wait_timeout(s, Duration::from_millis(20));
        };
        // The program is gone, so its side of the terminal is closed and the
        // reader ends once it has passed on the last bytes.
        let (m, cv) = &*self.state;
        let mut s = lock(m);
        let drain = Instant::now() + limit;
        while !s.eof && Instant::now() < drain {
            s = cv
                .wait_timeout(s, Duration::from_millis(50))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        let eof = s.eof;
        drop(s);
        assert!(
            eof,
            "the terminal stayed open after the program exited\n{}",
            self.dump()
        );
        if let Some(h) = self.reader.take() {
            let _ = h.join();
        }
        status
    }

    /// Local-mode flags of the terminal ("ICANON", "ECHO", ...), as the
    /// terminal driver holds them now.
    pub fn local_flags(&self) -> Vec<String> {
        let Some(t) = self.master.as_ref().and_then(|m| m.get_termios()) else {
            return Vec::new();
        };
        format!("{:?}", t.local_flags)
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if self.exited().is_none() {
            let killed = std::process::Command::new("kill")
                .args(["-KILL", &self.pid.to_string()])
                .status()
                .is_ok_and(|s| s.success());
            if !killed {
                // portable-pty's own way: SIGHUP, which rasci obeys.
                let _ = self.child.kill();
            }
            // Reap it, but never hang a test run on a stuck process.
            let deadline = Instant::now() + timeout();
            while self.exited().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        // The reader ends by itself once the program's side is closed.
        if let Some(h) = self.reader.take()
            && lock(&self.state.0).eof
        {
            let _ = h.join();
        }
    }
}

/// Row `i` of `screen`, full width.
pub fn row_text(screen: &vt100::Screen, i: u16) -> String {
    let (_, cols) = screen.size();
    screen
        .rows(0, cols.get())
        .nth(i as usize)
        .unwrap_or_default()
}

/// The screen with a frame and the cursor position, for failure messages.
pub fn dump_screen(screen: &vt100::Screen, label: &str, eof: bool) -> String {
    let (rows, cols) = screen.size();
    let (crow, ccol) = screen.cursor_position();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "--- screen of `{label}` ({}x{}, cursor at row {crow} col {ccol}{}{}{}) ---",
        cols.get(),
        rows.get(),
        if screen.hide_cursor() { ", hidden" } else { "" },
        if screen.alternate_screen() {
            ", alternate screen"
        } else {
            ""
        },
        if eof { ", program gone" } else { "" },
    );
    for (i, row) in screen.rows(0, cols.get()).enumerate() {
        let _ = writeln!(out, "{i:>2}|{row}");
    }
    out.push_str("---");
    out
}
