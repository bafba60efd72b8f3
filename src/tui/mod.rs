//! The full-screen workbench (ratatui + crossterm): org tree, matrix grid
//! and live findings over the same core the command line uses.
//!
//! This module owns the terminal: it enters raw mode and the alternate
//! screen, draws only when something happened (inside synchronized
//! updates), and always gives the terminal back — on quit, on panic, on
//! SIGTERM and on SIGHUP — keeping unsaved edits in a recovery file when it
//! has to stop without asking.

/// Prints to stderr without panicking when stderr is a terminal that has
/// hung up (after an SSH drop, `eprintln!` would panic).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod app;
pub mod command;
pub mod detail;
pub mod findings;
pub mod flow;
pub mod form;
pub mod forms;
pub mod handlers;
pub mod keymap;
pub mod leave;
pub mod matrix;
pub mod overlay;
pub mod pane;
pub mod present;
pub mod theme;
pub mod tree;
pub mod ui;

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use app::{App, Options};
use keymap::{Key, KeyMap};

use crate::model::Evaluation;
use crate::session::Session;
use crate::store::open::Opened;
use crate::store::recovery;

/// How the workbench was asked to start.
#[derive(Debug, Clone)]
pub struct Launch {
    /// The dates to evaluate on (the same the command line uses).
    pub eval: Evaluation,
    pub read_only: bool,
    pub ascii: bool,
    pub mouse: bool,
    /// Start in presentation mode.
    pub present: bool,
}

/// Why the event loop ended.
enum Exit {
    Quit,
    /// A signal (its number) or a lost terminal asked us to stop.
    Signal(usize),
}

/// Runs the workbench on an opened workspace; returns the exit code.
/// Is there a terminal to draw on and read keys from? Checked before
/// anything is created or opened, so a script that starts the workbench by
/// mistake leaves no trace.
pub fn has_terminal() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// Says that the workbench needs a terminal; returns the exit code.
pub fn no_terminal() -> u8 {
    say!(
        "error: the workbench needs a terminal; for scripts use `rasci check` and the other commands"
    );
    2
}

/// Runs the workbench on a workspace opened by [`crate::store::open`]
/// (with the lock tried, unless read-only); returns the exit code.
pub fn run(opened: Opened, launch: Launch) -> u8 {
    if !has_terminal() {
        return no_terminal();
    }
    let store = opened.store;
    let dir = store.dir().to_path_buf();
    let read_only = if launch.present {
        Some("presentation; nothing is edited".to_string())
    } else if launch.read_only {
        Some("opened with --read-only".to_string())
    } else {
        match opened.lock {
            Some(Ok(())) => None,
            // Short enough for the status line; the details are the holder.
            Some(Err(crate::store::fsutil::LockError::Held { holder })) => {
                Some(format!("another rasci is editing it ({holder})"))
            }
            Some(Err(e)) => Some(e.to_string()),
            None => Some("opened without the write lock".to_string()),
        }
    };
    let interrupted = [
        store.finished_note().map(str::to_string),
        store.set_aside_note(),
    ]
    .into_iter()
    .flatten()
    .reduce(|a, b| format!("{a}; {b}"));
    let session = Session::evaluated(store, opened.workspace, launch.eval.clone());
    let (keymap, problems) = KeyMap::load_user();
    let options = Options {
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        ascii: launch.ascii || !theme::locale_is_utf8(),
        mouse: launch.mouse,
    };
    let mut app = App::new(session, read_only.clone(), keymap, &options);
    if launch.present {
        app.present();
    } else if let Some(why) = &read_only {
        app.warn(format!("Read-only: {why}"));
    } else if let Some(rec) = recovery::find(&dir) {
        app.offer_recovery(rec);
    }
    if let Some(note) = &interrupted {
        app.warn(format!("Warning: {note}"));
    }
    if let Some(first) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" (+{} more; see the help, ?)", n - 1),
        };
        app.warn(format!("{first}{more}"));
        app.key_problems = problems;
    }

    // Signals only set a flag; the loop notices within its poll interval.
    let signal = Arc::new(AtomicUsize::new(0));
    #[cfg(unix)]
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        let _ = signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize);
    }

    let mut terminal = match enter(app.mouse) {
        Ok(t) => t,
        Err(e) => {
            restore(true);
            say!("error: cannot set up the terminal: {e}");
            return 2;
        }
    };
    install_panic_hook();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &signal)
    }));
    restore(app.mouse);
    // What needs the user's attention, in full, where it can be copied.
    if let Some(note) = &interrupted {
        say!("warning: {note}");
    }
    for p in &app.key_problems {
        say!("{}", crate::text::sanitize(p));
    }

    match outcome {
        Ok(Ok(Exit::Quit)) => 0,
        Ok(Ok(Exit::Signal(sig))) => {
            keep_unsaved(&app);
            128 + sig as u8
        }
        // Writing to the terminal failed: it is gone (a hang-up that beat
        // the SIGHUP), so end as SIGHUP would.
        Ok(Err(e)) => {
            keep_unsaved(&app);
            say!("error: the terminal failed: {e}");
            128 + 1
        }
        Err(_) => {
            keep_unsaved(&app);
            say!("rasci stopped on an internal error; please report it with the message above");
            101
        }
    }
}

/// Writes unsaved edits to the recovery folder and says where.
fn keep_unsaved(app: &App) {
    match app.session.write_recovery() {
        Ok(Some(dir)) => say!(
            "Unsaved edits were kept in {}; rasci will offer them the next time it opens this workspace.",
            crate::text::sanitize(&dir.display().to_string())
        ),
        Ok(None) => {}
        Err(e) => say!("error: could not keep unsaved edits: {e}"),
    }
}

type Term = Terminal<CrosstermBackend<io::Stdout>>;

fn enter(mouse: bool) -> io::Result<Term> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Terminal::new(CrosstermBackend::new(out))
}

/// Gives the terminal back: every step is attempted even if one fails
/// (the terminal may be gone after an SSH drop).
fn restore(mouse: bool) {
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Mouse capture may or may not be on; turning it off is harmless.
        restore(true);
        previous(info);
    }));
}

/// How often files are compared with what was loaded.
const DISK_CHECK: Duration = Duration::from_secs(2);

/// Quiet time after the last key before unsaved edits are copied to the
/// recovery folder, so that even a `kill -9` or a power cut loses little.
const RECOVERY_IDLE: Duration = Duration::from_secs(2);

/// Keeps the recovery folder in step with unsaved edits while the user
/// pauses: written when there are unsaved edits it does not hold yet,
/// removed when there are none.
#[derive(Default)]
struct Autosave {
    written_at: Option<u64>,
}

impl Autosave {
    fn tick(&mut self, app: &mut App) {
        if app.read_only.is_some() || app.recovery.is_some() {
            return;
        }
        let rev = app.session.revision();
        if app.session.is_dirty() {
            if self.written_at != Some(rev) {
                match app.session.write_recovery() {
                    Ok(_) => self.written_at = Some(rev),
                    Err(e) => app.warn(format!("Could not keep a recovery copy: {e}")),
                }
            }
        } else if self.written_at.take().is_some() {
            let _ = recovery::clear_own(app.session.store().dir());
        }
    }

    /// On a normal exit nothing needs recovering.
    fn finish(&mut self, app: &App) {
        if self.written_at.take().is_some() {
            let _ = recovery::clear_own(app.session.store().dir());
        }
    }
}

fn event_loop(terminal: &mut Term, app: &mut App, signal: &AtomicUsize) -> io::Result<Exit> {
    let mut dirty_frame = true;
    let mut last_disk_check = Instant::now();
    let mut last_input = Instant::now();
    let mut autosave = Autosave::default();
    let mut last_size = crossterm::terminal::size().ok();
    loop {
        if app.quit {
            autosave.finish(app);
            return Ok(Exit::Quit);
        }
        let sig = signal.load(Ordering::Relaxed);
        if sig != 0 {
            return Ok(Exit::Signal(sig));
        }
        if app.mouse_changed {
            app.mouse_changed = false;
            let mut out = io::stdout();
            if app.mouse {
                execute!(out, EnableMouseCapture)?;
            } else {
                execute!(out, DisableMouseCapture)?;
            }
        }
        if app.force_redraw {
            app.force_redraw = false;
            terminal.clear()?;
            dirty_frame = true;
        }
        if dirty_frame {
            queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
            terminal.draw(|f| ui::draw(f, app))?;
            execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
            dirty_frame = false;
        }
        let ready = match event::poll(Duration::from_millis(500)) {
            Ok(r) => r,
            // The terminal is gone (an SSH drop without a SIGHUP).
            Err(_) => return Ok(Exit::Signal(1)),
        };
        if ready {
            let ev = match event::read() {
                Ok(ev) => ev,
                Err(_) => return Ok(Exit::Signal(1)),
            };
            last_input = Instant::now();
            match ev {
                // Presses (and auto-repeats of a held key) only: Windows
                // also reports releases, which would run every command twice.
                Event::Key(k)
                    if k.kind == KeyEventKind::Press || k.kind == KeyEventKind::Repeat =>
                {
                    app.handle_key(Key::from_event(&k));
                    dirty_frame = true;
                }
                Event::Mouse(m) => {
                    app.handle_mouse(m);
                    dirty_frame = true;
                }
                Event::Paste(text) => {
                    app.handle_paste(&text);
                    dirty_frame = true;
                }
                Event::Resize(w, h) => {
                    last_size = Some((w, h));
                    dirty_frame = true;
                }
                Event::FocusGained => dirty_frame = true,
                _ => {}
            }
        } else {
            // A resize that arrived before the input reader was listening
            // sends no event; notice it on the next quiet tick instead.
            let size = crossterm::terminal::size().ok();
            if size != last_size {
                last_size = size;
                dirty_frame = true;
            }
            if last_disk_check.elapsed() >= DISK_CHECK {
                last_disk_check = Instant::now();
                if app.check_disk() {
                    dirty_frame = true;
                }
            }
            if last_input.elapsed() >= RECOVERY_IDLE {
                autosave.tick(app);
            }
        }
    }
}
