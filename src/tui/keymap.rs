//! Keys → commands. The defaults live here; a user's `keys.toml` in the
//! config folder replaces the keys of the commands it names and leaves the
//! rest alone. The help overlay, the palette and the status-line hints are
//! all generated from this one map, so they cannot drift apart.
//!
//! Problems in the file are reported as `path:line:column: message`. Keys
//! that hide other keys (a pane key over a global one, a single key over a
//! chord it starts) are applied and reported; an entry that would leave
//! quit, help, save or the palette without a key in some pane is not.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::command::{Command, Context};

/// One key press, normalised: shift is folded into the character for
/// printable keys, so `A` and `shift-a` are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Key {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let alt = e.modifiers.contains(KeyModifiers::ALT);
        let (code, shift) = match e.code {
            KeyCode::Char(c) => {
                // Some terminals send ctrl-letters in upper case.
                let c = if ctrl { c.to_ascii_lowercase() } else { c };
                (KeyCode::Char(c), false)
            }
            KeyCode::BackTab => (KeyCode::BackTab, false),
            other => (other, e.modifiers.contains(KeyModifiers::SHIFT)),
        };
        Key {
            code,
            ctrl,
            alt,
            shift,
        }
    }

    /// Parses `ctrl-s`, `shift-tab`, `f1`, `pgdn`, `?`, `A`, `space`...
    pub fn parse(spec: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = spec;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 1 && (lower.starts_with("ctrl-") || lower.starts_with("c-")) {
                ctrl = true;
                rest = &rest[rest.find('-').unwrap_or(0) + 1..];
            } else if rest.len() > 1 && (lower.starts_with("alt-") || lower.starts_with("m-")) {
                alt = true;
                rest = &rest[rest.find('-').unwrap_or(0) + 1..];
            } else if rest.len() > 1 && lower.starts_with("shift-") {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if shift => {
                shift = false;
                KeyCode::BackTab
            }
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" | "bs" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        let c = if shift && c.is_ascii_lowercase() {
                            shift = false;
                            c.to_ascii_uppercase()
                        } else if ctrl {
                            c.to_ascii_lowercase()
                        } else {
                            c
                        };
                        KeyCode::Char(c)
                    }
                    _ => return Err(format!("unknown key `{spec}`")),
                }
            }
        };
        Ok(Key {
            code,
            ctrl,
            alt,
            shift,
        })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => f.write_str("?"),
        }
    }
}

/// A sequence of one or two keys (`g g`).
pub type Chord = Vec<Key>;

/// Formats a chord for display; arrows become words in ASCII mode.
pub fn chord_label(chord: &[Key], ascii: bool) -> String {
    chord
        .iter()
        .map(|k| {
            let s = k.to_string();
            if ascii {
                s.replace('↑', "Up")
                    .replace('↓', "Down")
                    .replace('←', "Left")
                    .replace('→', "Right")
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub chord: Chord,
    pub command: Command,
}

/// What a key press means, given the keys before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Command(Command),
    /// The start of a longer chord: wait for the next key.
    Pending,
    None,
}

/// The complete key map.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<Binding>,
}

const DEFAULTS: &[(Context, &str, Command)] = {
    use Command::*;
    use Context::*;
    &[
        (Global, "?", Help),
        (Global, "f1", Help),
        (Global, ":", Palette),
        (Global, "ctrl-p", Palette),
        (Global, "/", Finder),
        (Global, "ctrl-f", Finder),
        (Global, "tab", FocusNext),
        (Global, "shift-tab", FocusPrev),
        (Global, "1", FocusTree),
        (Global, "2", FocusMatrix),
        (Global, "3", FocusFindings),
        (Global, "z", Maximise),
        (Global, "ctrl-s", Save),
        (Global, "u", Undo),
        (Global, "ctrl-z", Undo),
        (Global, "ctrl-r", Redo),
        (Global, "ctrl-y", Redo),
        (Global, "q", Quit),
        (Global, "ctrl-q", Quit),
        (Global, "ctrl-c", Quit),
        (Global, "f5", Reload),
        (Global, "M", ToggleMouse),
        (Global, "P", Present),
        (Global, "ctrl-l", Redraw),
        (Global, "g m", Messages),
        (Global, "up", Up),
        (Global, "k", Up),
        (Global, "down", Down),
        (Global, "j", Down),
        (Global, "left", Left),
        (Global, "h", Left),
        (Global, "right", Right),
        (Global, "l", Right),
        (Global, "pgup", PageUp),
        (Global, "ctrl-b", PageUp),
        (Global, "pgdn", PageDown),
        (Global, "ctrl-d", PageDown),
        (Global, "home", Home),
        (Global, "0", Home),
        (Global, "end", End),
        (Global, "$", End),
        (Global, "g g", Top),
        (Global, "G", Bottom),
        (Global, "enter", Open),
        (Tree, "v", CycleTreeView),
        (Tree, "space", Toggle),
        (Tree, "E", ExpandAll),
        (Tree, "C", CollapseAll),
        (Tree, "m", JumpManager),
        (Tree, "n", NewPerson),
        (Tree, "a", Assign),
        (Tree, "L", MarkLeft),
        (Tree, "e", EndAssignment),
        (Tree, "D", Delete),
        (Matrix, "r", SetR),
        (Matrix, "a", SetA),
        (Matrix, "b", SetAR),
        (Matrix, "s", SetS),
        (Matrix, "c", SetC),
        (Matrix, "i", SetI),
        (Matrix, "x", ClearCell),
        (Matrix, "delete", ClearCell),
        (Matrix, "backspace", ClearCell),
        (Matrix, "f", FilterFindings),
        (Matrix, "t", FilterGroup),
        (Matrix, "\\", FilterText),
        (Matrix, "esc", ClearFilters),
        (Matrix, "p", PeopleColumns),
        (Matrix, "e", EditColumn),
    ]
};

/// Commands shown in the status line for each context, most useful first.
pub const HINTS: &[(Context, &[Command])] = {
    use Command::*;
    &[
        (
            Context::Tree,
            &[Open, CycleTreeView, Assign, MarkLeft, NewPerson],
        ),
        (
            Context::Matrix,
            &[SetA, SetR, ClearCell, FilterFindings, PeopleColumns],
        ),
        (Context::Findings, &[Open]),
        (Context::Global, &[Save, Undo, Finder, Help, Quit]),
    ]
};

impl Default for KeyMap {
    fn default() -> KeyMap {
        let bindings = DEFAULTS
            .iter()
            .map(|(context, spec, command)| Binding {
                context: *context,
                chord: parse_chord(spec).expect("default key specs are valid"),
                command: *command,
            })
            .collect();
        KeyMap { bindings }
    }
}

fn parse_chord(spec: &str) -> Result<Chord, String> {
    let keys: Result<Chord, String> = spec.split_whitespace().map(Key::parse).collect();
    let keys = keys?;
    if keys.is_empty() || keys.len() > 2 {
        return Err(format!(
            "`{spec}`: a binding is one key or two keys separated by a space"
        ));
    }
    Ok(keys)
}

/// Commands that must keep a key in every pane: without them the user is
/// stuck (cannot leave, save, look up a key or run a command by name).
const ESSENTIAL: [Command; 4] = [
    Command::Quit,
    Command::Help,
    Command::Save,
    Command::Palette,
];

/// The panes a key can be pressed in (the focus is always one of them).
const PANES: [Context; 3] = [Context::Tree, Context::Matrix, Context::Findings];

/// `path:line:column` of byte `offset` in `text`, for messages.
fn locate(path: &Path, text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{}:{line}:{column}", path.display())
}

impl KeyMap {
    /// [`KeyMap::from_file`] for text without a known path.
    pub fn with_overrides(text: &str) -> (KeyMap, Vec<String>) {
        KeyMap::from_file(Path::new("keys.toml"), text)
    }

    /// The defaults with the overrides in `text` (read from `path`) applied.
    /// Each problem is one message starting `path:line:column:`. An entry
    /// that would leave an essential command without a key in some pane is
    /// not applied; keys that hide other keys are applied and reported.
    pub fn from_file(path: &Path, text: &str) -> (KeyMap, Vec<String>) {
        let (map, mut problems) = KeyMap::apply(text);
        problems.sort_by_key(|(offset, _)| *offset);
        let problems = problems
            .into_iter()
            .map(|(offset, message)| format!("{}: {message}", locate(path, text, offset)))
            .collect();
        (map, problems)
    }

    /// [`KeyMap::from_file`], with each problem at a byte offset.
    fn apply(text: &str) -> (KeyMap, Vec<(usize, String)>) {
        let mut map = KeyMap::default();
        let mut problems = Vec::new();
        let table = match DeTable::parse(text) {
            Ok(t) => t.into_inner(),
            Err(e) => {
                let offset = e.span().map_or(0, |s| s.start);
                problems.push((offset, e.message().to_string()));
                return (map, problems);
            }
        };
        // Where the file names each (section, command) it applies.
        let mut origins = HashMap::new();
        for (section, value) in &table {
            let offset = section.span().start;
            let section: &str = section.get_ref();
            let Some(context) = Context::ALL.iter().copied().find(|c| c.name() == section) else {
                let message =
                    format!("unknown section [{section}] (use global, tree, matrix or findings)");
                problems.push((offset, message));
                continue;
            };
            let Some(entries) = value.get_ref().as_table() else {
                problems.push((offset, format!("[{section}] should be a table")));
                continue;
            };
            for (name, keys) in entries {
                let offset = name.span().start;
                let name: &str = name.get_ref();
                let Some(command) = Command::from_name(name) else {
                    problems.push((offset, format!("unknown command `{name}` in [{section}]")));
                    continue;
                };
                let items: Vec<&Spanned<DeValue>> = match keys.get_ref() {
                    DeValue::Array(a) => a.iter().collect(),
                    _ => vec![keys],
                };
                let (mut chords, known) = (Vec::new(), problems.len());
                for item in items {
                    match item.get_ref().as_str().map(parse_chord) {
                        Some(Ok(c)) => chords.push(c),
                        Some(Err(e)) => problems.push((item.span().start, e)),
                        None => problems.push((
                            item.span().start,
                            format!("`{name}` should be a key or a list of keys"),
                        )),
                    }
                }
                if chords.is_empty() && problems.len() > known {
                    continue; // Nothing usable: the defaults stay.
                }
                let mut next = map.clone();
                next.bind(context, command, chords);
                match next.stranded() {
                    Some(why) => {
                        problems.push((offset, format!("[{section}] {name} not applied: {why}")));
                    }
                    None => {
                        map = next;
                        origins.insert((context, command), offset);
                    }
                }
            }
        }
        problems.extend(map.clashes(&origins));
        (map, problems)
    }

    /// Loads the user's `keys.toml` from the config folder, if there is one.
    pub fn load_user() -> (KeyMap, Vec<String>) {
        let Some(path) = crate::store::discover::config_dir().map(|d| d.join("keys.toml")) else {
            return (KeyMap::default(), Vec::new());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => KeyMap::from_file(&path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (KeyMap::default(), Vec::new()),
            Err(e) => (
                KeyMap::default(),
                vec![format!("cannot read {}: {e}", path.display())],
            ),
        }
    }

    /// Gives `command` in `context` exactly `chords`, taking them from
    /// whatever had them there.
    fn bind(&mut self, context: Context, command: Command, chords: Vec<Chord>) {
        self.bindings.retain(|b| {
            b.context != context || (b.command != command && !chords.contains(&b.chord))
        });
        self.bindings
            .extend(chords.into_iter().map(|chord| Binding {
                context,
                chord,
                command,
            }));
    }

    /// Can `b` be typed in `pane`: nothing hides it or a key it starts with?
    fn reaches(&self, b: &Binding, pane: Context) -> bool {
        (b.context == pane || b.context == Context::Global)
            && self.lookup(pane, &b.chord) == Lookup::Command(b.command)
            && (1..b.chord.len()).all(|n| self.lookup(pane, &b.chord[..n]) == Lookup::Pending)
    }

    /// Why the map would leave the user stuck: an essential command with no
    /// key in some pane.
    fn stranded(&self) -> Option<String> {
        ESSENTIAL.iter().find_map(|&command| {
            let panes: Vec<&str> = PANES
                .iter()
                .filter(|&&pane| {
                    !self
                        .bindings
                        .iter()
                        .any(|b| b.command == command && self.reaches(b, pane))
                })
                .map(|pane| pane.name())
                .collect();
            (!panes.is_empty()).then(|| {
                format!(
                    "{} would have no key in {}",
                    command.name(),
                    panes.join(", ")
                )
            })
        })
    }

    /// Keys the file made that hide or take other keys, each with the offset
    /// of the entry to blame: a pane key over a global one, a key over a
    /// chord that starts with it, a key taken from a command not named.
    fn clashes(&self, origins: &HashMap<(Context, Command), usize>) -> Vec<(usize, String)> {
        let origin = |b: &Binding| origins.get(&(b.context, b.command)).copied();
        let label = |b: &Binding| chord_label(&b.chord, true);
        let mut found = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                // Defaults never clash, so one of the two is the file's.
                let Some(offset) = origin(a).max(origin(b)) else {
                    continue;
                };
                let global = a.context == Context::Global || b.context == Context::Global;
                if a.command == b.command || !(global || a.context == b.context) {
                    continue;
                }
                let (pane, other) = if a.context == Context::Global {
                    (b, a)
                } else {
                    (a, b)
                };
                let (short, long) = if a.chord.len() <= b.chord.len() {
                    (a, b)
                } else {
                    (b, a)
                };
                if a.chord == b.chord {
                    let message = format!(
                        "`{}` in [{}] runs {} instead of the global {}",
                        label(pane),
                        pane.context.name(),
                        pane.command.name(),
                        other.command.name()
                    );
                    found.push((offset, message));
                } else if long.chord.starts_with(&short.chord) {
                    let message = format!(
                        "`{}` ({}) cannot be typed in [{}]: `{}` alone runs {}",
                        label(long),
                        long.command.name(),
                        pane.context.name(),
                        label(short),
                        short.command.name()
                    );
                    found.push((offset, message));
                }
            }
        }
        for d in KeyMap::default().bindings {
            if self.bindings.contains(&d) || origin(&d).is_some() {
                continue;
            }
            let taker = self
                .bindings
                .iter()
                .find(|t| t.context == d.context && t.chord == d.chord);
            if let Some(t) = taker
                && let Some(offset) = origin(t)
            {
                let message = format!(
                    "`{}` in [{}] now runs {}, no longer {}",
                    label(t),
                    t.context.name(),
                    t.command.name(),
                    d.command.name()
                );
                found.push((offset, message));
            }
        }
        found
    }

    /// What `keys` (the pending keys plus the new one) mean in `context`.
    /// Pane bindings take precedence over global ones.
    pub fn lookup(&self, context: Context, keys: &[Key]) -> Lookup {
        for ctx in [context, Context::Global] {
            if let Some(b) = self
                .bindings
                .iter()
                .find(|b| b.context == ctx && b.chord == keys)
            {
                return Lookup::Command(b.command);
            }
        }
        let pending = self.bindings.iter().any(|b| {
            (b.context == context || b.context == Context::Global)
                && b.chord.len() > keys.len()
                && b.chord.starts_with(keys)
        });
        if pending {
            Lookup::Pending
        } else {
            Lookup::None
        }
    }

    /// Every chord bound to `command` (in any context), in definition order.
    pub fn chords(&self, command: Command) -> Vec<&Chord> {
        self.bindings
            .iter()
            .filter(|b| b.command == command)
            .map(|b| &b.chord)
            .collect()
    }

    /// The first key of `command`, for hints ("Ctrl-S").
    pub fn first_key(&self, command: Command, ascii: bool) -> Option<String> {
        self.chords(command).first().map(|c| chord_label(c, ascii))
    }

    /// All keys of `command`, for the help ("u, Ctrl-Z").
    pub fn keys_label(&self, command: Command, ascii: bool) -> String {
        self.chords(command)
            .iter()
            .map(|c| chord_label(c, ascii))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(spec: &str) -> Key {
        Key::parse(spec).unwrap()
    }

    #[test]
    fn parses_and_prints_keys() {
        assert_eq!(key("ctrl-s").to_string(), "Ctrl-S");
        assert_eq!(key("shift-tab").code, KeyCode::BackTab);
        assert_eq!(key("G"), key("shift-g"));
        assert_eq!(key("F1").code, KeyCode::F(1));
        assert_eq!(key("space").code, KeyCode::Char(' '));
        assert!(Key::parse("hyper-x").is_err());
    }

    #[test]
    fn events_normalise_shift_and_ctrl() {
        let e = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&e), key("G"));
        let e = KeyEvent::new(KeyCode::Char('S'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&e), key("ctrl-s"));
    }

    #[test]
    fn chords_wait_for_their_second_key() {
        let map = KeyMap::default();
        let g = key("g");
        assert_eq!(map.lookup(Context::Matrix, &[g]), Lookup::Pending);
        assert_eq!(
            map.lookup(Context::Matrix, &[g, g]),
            Lookup::Command(Command::Top)
        );
        assert_eq!(
            map.lookup(Context::Matrix, &[key("a")]),
            Lookup::Command(Command::SetA)
        );
        assert_eq!(
            map.lookup(Context::Tree, &[key("a")]),
            Lookup::Command(Command::Assign)
        );
        assert_eq!(map.lookup(Context::Findings, &[key("a")]), Lookup::None);
    }

    #[test]
    fn overrides_replace_only_what_they_name() {
        let (map, problems) = KeyMap::with_overrides(
            "[global]\nsave = [\"ctrl-w\", \"F2\"]\n[matrix]\nset-a = \"1\"\nnot-a-command = \"x\"\n[nowhere]\n",
        );
        assert_eq!(
            problems,
            [
                // `1` focuses the tree everywhere else: worth knowing.
                "keys.toml:4:1: `1` in [matrix] runs set-a instead of the global focus-tree",
                "keys.toml:5:1: unknown command `not-a-command` in [matrix]",
                "keys.toml:6:2: unknown section [nowhere] (use global, tree, matrix or findings)",
            ]
        );
        assert_eq!(
            map.lookup(Context::Tree, &[key("ctrl-w")]),
            Lookup::Command(Command::Save)
        );
        assert_eq!(map.lookup(Context::Tree, &[key("ctrl-s")]), Lookup::None);
        assert_eq!(
            map.lookup(Context::Matrix, &[key("1")]),
            Lookup::Command(Command::SetA)
        );
        assert_eq!(map.lookup(Context::Matrix, &[key("a")]), Lookup::None);
        // Untouched commands keep their defaults.
        assert_eq!(
            map.lookup(Context::Matrix, &[key("r")]),
            Lookup::Command(Command::SetR)
        );
        assert_eq!(
            map.first_key(Command::Save, false).as_deref(),
            Some("Ctrl-W")
        );
    }

    #[test]
    fn a_broken_file_keeps_the_defaults() {
        let (map, problems) = KeyMap::with_overrides("[global\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(
            map.lookup(Context::Global, &[key("ctrl-s")]),
            Lookup::Command(Command::Save)
        );
        // So does an entry without one usable key.
        let (map, problems) = KeyMap::with_overrides("[matrix]\nset-r = \"hyperr\"\n");
        assert_eq!(problems, ["keys.toml:2:9: unknown key `hyperr`"]);
        assert_eq!(
            map.lookup(Context::Matrix, &[key("r")]),
            Lookup::Command(Command::SetR)
        );
    }

    #[test]
    fn every_command_has_a_key_or_is_reachable_by_palette() {
        // Palette-only commands are fine; but pane commands need keys.
        let map = KeyMap::default();
        for c in Command::ALL {
            if c.context() != Context::Global {
                assert!(!map.chords(*c).is_empty(), "{} has no key", c.name());
            }
        }
    }

    fn overrides(text: &str) -> (KeyMap, Vec<String>) {
        KeyMap::from_file(Path::new("/home/ann/.config/rasci/keys.toml"), text)
    }

    #[test]
    fn the_defaults_hide_nothing() {
        let map = KeyMap::default();
        for b in &map.bindings {
            for pane in PANES {
                if b.context == Context::Global || b.context == pane {
                    assert!(map.reaches(b, pane), "{b:?} in {pane:?}");
                }
            }
        }
        assert_eq!(map.stranded(), None);
        assert_eq!(overrides("").1, Vec::<String>::new());
    }

    #[test]
    fn a_pane_key_hiding_a_global_one_is_reported_and_applied() {
        let (map, problems) = overrides("[matrix]\nset-r = \"q\"\n");
        assert_eq!(
            problems,
            [
                "/home/ann/.config/rasci/keys.toml:2:1: `q` in [matrix] runs set-r instead of the global quit"
            ]
        );
        assert_eq!(
            map.lookup(Context::Matrix, &[key("q")]),
            Lookup::Command(Command::SetR)
        );
        assert_eq!(
            map.lookup(Context::Tree, &[key("q")]),
            Lookup::Command(Command::Quit)
        );
    }

    #[test]
    fn a_key_taken_from_another_command_is_reported() {
        let (map, problems) = overrides("[global]\nsave = \"q\"\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].ends_with("`q` in [global] now runs save, no longer quit"),
            "{problems:?}"
        );
        assert_eq!(
            map.first_key(Command::Quit, false).as_deref(),
            Some("Ctrl-Q")
        );
        // Swapping two keys is deliberate: nothing to say.
        let (map, problems) = overrides("[matrix]\nset-a = \"r\"\nset-r = \"a\"\n");
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            map.lookup(Context::Matrix, &[key("r")]),
            Lookup::Command(Command::SetA)
        );
    }

    #[test]
    fn essential_commands_keep_a_key_in_every_pane() {
        let (map, problems) = overrides("[global]\nquit = []\nhelp = \"x\"\n");
        assert_eq!(
            problems,
            [
                "/home/ann/.config/rasci/keys.toml:2:1: [global] quit not applied: \
                 quit would have no key in tree, matrix, findings",
                // `x` clears a matrix cell, so help would be lost there.
                "/home/ann/.config/rasci/keys.toml:3:1: [global] help not applied: \
                 help would have no key in matrix",
            ]
        );
        assert_eq!(map.keys_label(Command::Quit, false), "q, Ctrl-Q, Ctrl-C");
        assert_eq!(map.keys_label(Command::Help, false), "?, F1");
        // A pane binding may not take the last keys either; the rest applies.
        let (map, problems) =
            overrides("[matrix]\nset-r = [\"q\", \"ctrl-q\", \"ctrl-c\"]\nset-a = \"ctrl-p\"\n");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("[matrix] set-r not applied: quit would have no key in matrix")
        );
        assert!(
            problems[1].contains("`Ctrl-P` in [matrix] runs set-a instead of the global palette")
        );
        assert_eq!(
            map.lookup(Context::Matrix, &[key("q")]),
            Lookup::Command(Command::Quit)
        );
        assert_eq!(
            map.lookup(Context::Matrix, &[key("r")]),
            Lookup::Command(Command::SetR)
        );
        assert_eq!(
            map.lookup(Context::Matrix, &[key("ctrl-p")]),
            Lookup::Command(Command::SetA)
        );
        // A chord counts only if its first key is not taken.
        let (_, problems) = overrides("[global]\nsave = \"z z\"\n");
        assert!(problems[0].contains("save not applied"), "{problems:?}");
    }

    #[test]
    fn a_key_that_starts_a_chord_is_reported() {
        let (map, problems) = overrides("[global]\nfind = \"g\"\n");
        // Both chords that start with g: g g (top) and g m (messages).
        assert_eq!(problems.len(), 2, "{problems:?}");
        for chord in ["`g g` (top)", "`g m` (messages)"] {
            assert!(
                problems.iter().any(|p| p.ends_with(&format!(
                    "{chord} cannot be typed in [global]: `g` alone runs find"
                ))),
                "{chord}: {problems:?}"
            );
        }
        assert_eq!(
            map.lookup(Context::Tree, &[key("g")]),
            Lookup::Command(Command::Finder)
        );
        // The other way round: a chord behind a single key, in one pane.
        let (_, problems) = overrides("[tree]\nexpand-all = \"m m\"\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].ends_with(
                "`m m` (expand-all) cannot be typed in [tree]: `m` alone runs jump-manager"
            ),
            "{problems:?}"
        );
    }

    #[test]
    fn messages_carry_the_path_line_and_column() {
        let path = "/home/ann/.config/rasci/keys.toml";
        let (_, problems) = overrides("[global]\nsave = \"ctrl-s\"\n\n[global\n");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with(&format!("{path}:4:")),
            "{problems:?}"
        );
        let (_, problems) = overrides(
            "# my keys\n[global]\nsave = [\n  \"ctrl-s\",\n  \"hyper-x\",\n  5,\n]\n[tree]\n  nonsense = \"x\"\n",
        );
        assert_eq!(
            problems,
            [
                format!("{path}:5:3: unknown key `hyper-x`"),
                format!("{path}:6:3: `save` should be a key or a list of keys"),
                format!("{path}:9:3: unknown command `nonsense` in [tree]"),
            ]
        );
    }
}
