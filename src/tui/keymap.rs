//! Keys → commands. The defaults live here; a user's `keys.toml` in the
//! config folder replaces the keys of the commands it names and leaves the
//! rest alone. The help overlay, the palette and the status-line hints are
//! all generated from this one map, so they cannot drift apart.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
        (Global, "ctrl-l", Redraw),
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

impl KeyMap {
    /// The defaults with a user's overrides applied. Problems in the file
    /// are returned as messages; the defaults stay in force for them.
    pub fn with_overrides(text: &str) -> (KeyMap, Vec<String>) {
        let mut map = KeyMap::default();
        let mut problems = Vec::new();
        let table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("keys.toml: {}", e.message()));
                return (map, problems);
            }
        };
        for (section, value) in &table {
            let Some(context) = Context::ALL.iter().copied().find(|c| c.name() == section) else {
                problems.push(format!(
                    "keys.toml: unknown section [{section}] (use global, tree, matrix or findings)"
                ));
                continue;
            };
            let Some(entries) = value.as_table() else {
                problems.push(format!("keys.toml: [{section}] should be a table"));
                continue;
            };
            for (name, keys) in entries {
                let Some(command) = Command::from_name(name) else {
                    problems.push(format!(
                        "keys.toml: unknown command `{name}` in [{section}]"
                    ));
                    continue;
                };
                let specs: Vec<&str> = match keys {
                    toml::Value::String(s) => vec![s.as_str()],
                    toml::Value::Array(a) => a.iter().filter_map(toml::Value::as_str).collect(),
                    _ => {
                        problems.push(format!(
                            "keys.toml: `{name}` should be a key or a list of keys"
                        ));
                        continue;
                    }
                };
                let mut chords = Vec::new();
                for spec in specs {
                    match parse_chord(spec) {
                        Ok(c) => chords.push(c),
                        Err(e) => problems.push(format!("keys.toml: {e}")),
                    }
                }
                map.bindings
                    .retain(|b| !(b.command == command && b.context == context));
                map.bindings
                    .retain(|b| !(b.context == context && chords.contains(&b.chord)));
                for chord in chords {
                    map.bindings.push(Binding {
                        context,
                        chord,
                        command,
                    });
                }
            }
        }
        (map, problems)
    }

    /// Loads the user's `keys.toml` from the config folder, if there is one.
    pub fn load_user() -> (KeyMap, Vec<String>) {
        let Some(path) = crate::store::discover::config_dir().map(|d| d.join("keys.toml")) else {
            return (KeyMap::default(), Vec::new());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => KeyMap::with_overrides(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (KeyMap::default(), Vec::new()),
            Err(e) => (
                KeyMap::default(),
                vec![format!("cannot read {}: {e}", path.display())],
            ),
        }
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
        assert_eq!(problems.len(), 2, "{problems:?}");
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
}
