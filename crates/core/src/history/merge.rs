//! The three-way merge behind `rasci merge-driver`: two edits of one
//! workspace file, made on two branches from a common ancestor, merged by
//! the register's structure (tables, entries, keys) rather than by lines.
//!
//! It is a pure function of three texts. Our file is the starting point
//! and keeps its formatting and comments wherever our side did not change;
//! what only their side changed is carried over (with its own comments);
//! what both sides changed the same way is kept once. Where both sides
//! changed one thing two ways, the result holds git-style conflict
//! markers with a comment line naming both values in register terms
//! (`# rasci: A.5.15 / ism: ours A, theirs R`), so the file does not load
//! until a person has chosen.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// One place where both sides changed the same thing differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Where, in register terms: `A.5.15 / ism`, `person mnowak / title`.
    pub place: String,
    /// Our value, in words (`A`, `"Head of IT"`, `removed`).
    pub ours: String,
    /// Their value, in words.
    pub theirs: String,
}

impl Conflict {
    /// The comment line written above the markers (without `# `).
    pub fn describe(&self) -> String {
        format!(
            "rasci: {}: ours {}, theirs {}",
            self.place, self.ours, self.theirs
        )
    }
}

/// The merged text and the conflicts left in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The file to write: clean TOML when `conflicts` is empty, otherwise
    /// TOML with one marked block per conflict.
    pub text: String,
    /// Empty when the merge is clean.
    pub conflicts: Vec<Conflict>,
}

/// A side that is not TOML at all: no structure to merge by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsable {
    /// `base`, `ours` or `theirs`.
    pub side: &'static str,
    /// The parser's message.
    pub message: String,
}

/// Merges `ours` and `theirs`, both edited from `base`. An empty `base`
/// is a file both sides added.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Result<Merged, Unparsable> {
    let parse = |side: &'static str, text: &str| {
        text.parse::<DocumentMut>().map_err(|e| Unparsable {
            side,
            message: e.message().trim().to_string(),
        })
    };
    let base_doc = parse("base", base)?;
    let mut doc = parse("ours", ours)?;
    let theirs_doc = parse("theirs", theirs)?;
    let mut m = Merger::default();
    m.table(
        Some(base_doc.as_table()),
        doc.as_table_mut(),
        theirs_doc.as_table(),
        &mut Vec::new(),
    );
    let mut text = doc.to_string();
    for (i, block) in m.blocks.iter().enumerate() {
        let sentinel = sentinel(i);
        let Some(at) = text.find(&sentinel) else {
            continue;
        };
        let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n + 1);
        text.replace_range(start..end, block);
    }
    Ok(Merged {
        text,
        conflicts: m.conflicts,
    })
}

fn sentinel(i: usize) -> String {
    format!("__rasci_merge_conflict_{i}__")
}

#[derive(Default)]
struct Merger {
    conflicts: Vec<Conflict>,
    /// The marked text of each conflict, by sentinel number.
    blocks: Vec<String>,
}

impl Merger {
    /// Merges `theirs` into `ours` (the result), given `base`.
    fn table(
        &mut self,
        base: Option<&Table>,
        ours: &mut Table,
        theirs: &Table,
        path: &mut Vec<String>,
    ) {
        let mut keys: Vec<String> = ours.iter().map(|(k, _)| k.to_string()).collect();
        for (k, _) in theirs.iter() {
            if !ours.contains_key(k) {
                keys.push(k.to_string());
            }
        }
        for key in keys {
            let b = base.and_then(|t| t.get(&key));
            let t = theirs.get(&key);
            let o = ours.get(&key);
            if same_opt(o, t) || same_opt(b, t) {
                continue; // Nothing to take from theirs.
            }
            path.push(key.clone());
            if same_opt(b, o) {
                // Only theirs changed it: take theirs.
                match t {
                    None => {
                        ours.remove(&key);
                    }
                    Some(t) => {
                        let mut t = t.clone();
                        unposition(&mut t);
                        ours.insert(&key, t);
                    }
                }
            } else {
                self.both_changed(b, ours, &key, t, path);
            }
            path.pop();
        }
    }

    fn both_changed(
        &mut self,
        base: Option<&Item>,
        ours: &mut Table,
        key: &str,
        theirs: Option<&Item>,
        path: &mut Vec<String>,
    ) {
        let o = ours.get_mut(key);
        match (o, theirs) {
            (Some(Item::Table(o)), Some(Item::Table(t))) => {
                let b = base.and_then(Item::as_table);
                self.table(b, o, t, path);
                return;
            }
            (Some(Item::ArrayOfTables(o)), Some(Item::ArrayOfTables(t))) => {
                let empty = ArrayOfTables::new();
                let b = base.and_then(Item::as_array_of_tables).unwrap_or(&empty);
                if self.tables(b, o, t, path) {
                    return;
                }
            }
            (Some(Item::Value(Value::Array(o))), Some(Item::Value(Value::Array(t)))) => {
                if let Some(b) = base
                    .and_then(Item::as_value)
                    .and_then(Value::as_array)
                    .or(Some(&toml_edit::Array::new()))
                    && appended_both(b, o, t)
                {
                    for v in t.iter().skip(b.len()) {
                        if !o.iter().any(|x| same_value(x, v)) {
                            o.push_formatted(v.clone());
                        }
                    }
                    return;
                }
            }
            _ => {}
        }
        self.conflict(ours, key, theirs, path);
    }

    /// Merges two lists of tables (assignments, competencies, sign-offs)
    /// entry by entry, when neither side removed an entry: the entries
    /// both had are merged in place, then ours added, then theirs added.
    /// False when that is not possible.
    fn tables(
        &mut self,
        base: &ArrayOfTables,
        ours: &mut ArrayOfTables,
        theirs: &ArrayOfTables,
        path: &mut Vec<String>,
    ) -> bool {
        let n = base.len();
        if ours.len() < n || theirs.len() < n {
            return false;
        }
        for i in 0..n {
            let b = base.get(i);
            let t = theirs.get(i).expect("length checked");
            let o = ours.get_mut(i).expect("length checked");
            path.push(format!("#{}", i + 1));
            self.table(b, o, t, path);
            path.pop();
        }
        let ours_added: Vec<Table> = ours.iter().skip(n).cloned().collect();
        for t in theirs.iter().skip(n) {
            if !ours_added.iter().any(|o| same_table(o, t)) {
                let mut t = t.clone();
                unposition_table(&mut t);
                ours.push(t);
            }
        }
        true
    }

    /// Leaves a marked conflict at `key` of `ours`.
    fn conflict(&mut self, ours: &mut Table, key: &str, theirs: Option<&Item>, path: &[String]) {
        let o = ours.get(key).cloned();
        let c = Conflict {
            place: place(path),
            ours: words(o.as_ref()),
            theirs: words(theirs),
        };
        let quoted = toml_edit::Key::new(key).display_repr().into_owned();
        let line = |item: Option<&Item>| match item.and_then(|i| inline(i.clone())) {
            Some(v) => format!("{quoted} = {}\n", v.to_string().trim()),
            None => String::new(),
        };
        let block = format!(
            "# {}\n<<<<<<< ours\n{}=======\n{}>>>>>>> theirs\n",
            c.describe(),
            line(o.as_ref()),
            line(theirs),
        );
        let n = self.blocks.len();
        self.blocks.push(block);
        self.conflicts.push(c);
        // A string stands in for the block, in the key's place; its line
        // is replaced in the text.
        let stand_in = toml_edit::value(sentinel(n));
        match ours.get_mut(key) {
            Some(item) => *item = stand_in,
            None => {
                ours.insert(key, stand_in);
            }
        }
    }
}

/// Both lists are `base` with entries added at the end.
fn appended_both(base: &toml_edit::Array, o: &toml_edit::Array, t: &toml_edit::Array) -> bool {
    let prefix = |a: &toml_edit::Array| {
        a.len() >= base.len() && base.iter().zip(a.iter()).all(|(x, y)| same_value(x, y))
    };
    prefix(o) && prefix(t)
}

/// An item as one inline value, to write on one line in a conflict.
fn inline(item: Item) -> Option<Value> {
    match item {
        Item::None => None,
        Item::Value(mut v) => {
            v.decor_mut().clear();
            Some(v)
        }
        Item::Table(t) => Some(Value::InlineTable(t.into_inline_table())),
        Item::ArrayOfTables(a) => Some(Value::Array(a.into_array())),
    }
}

/// A value in a comment: strings bare (letters, names), other values as
/// written, tables and lists by what they are.
fn words(item: Option<&Item>) -> String {
    match item {
        None | Some(Item::None) => "removed".into(),
        Some(Item::Value(Value::String(s))) => {
            let s = s.value();
            if s.len() <= 4 && !s.contains(' ') {
                s.to_string()
            } else {
                format!("{s:?}")
            }
        }
        Some(Item::Value(v)) => {
            let mut v = v.clone();
            v.decor_mut().clear();
            v.to_string().trim().replace('\n', " ")
        }
        Some(Item::Table(_)) => "changed".into(),
        Some(Item::ArrayOfTables(a)) => format!("{} entries", a.len()),
    }
}

/// A path in register terms: `person mnowak / title`, `A.5.15 / ism`,
/// `role ism / assignment #2 / until`.
fn place(path: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < path.len() {
        let p = &path[i];
        let entity = matches!(
            p.as_str(),
            "person" | "role" | "sod" | "activity" | "exclusion"
        );
        if entity && i == 0 && i + 1 < path.len() {
            parts.push(format!("{p} {}", path[i + 1]));
            i += 2;
        } else if p.starts_with('#') && !parts.is_empty() {
            let last = parts.pop().expect("not empty");
            parts.push(format!("{last} {p}"));
            i += 1;
        } else {
            parts.push(p.clone());
            i += 1;
        }
    }
    parts.join(" / ")
}

/// Tables carried over from theirs lose their position in their file, so
/// that they are written after the entry they follow in ours.
fn unposition(item: &mut Item) {
    match item {
        Item::Table(t) => unposition_table(t),
        Item::ArrayOfTables(a) => a.iter_mut().for_each(unposition_table),
        _ => {}
    }
}

fn unposition_table(t: &mut Table) {
    t.set_position(None);
    for (_, item) in t.iter_mut() {
        unposition(item);
    }
}

fn same_opt(a: Option<&Item>, b: Option<&Item>) -> bool {
    match (a, b) {
        (None | Some(Item::None), None | Some(Item::None)) => true,
        (Some(a), Some(b)) => same_item(a, b),
        _ => false,
    }
}

/// Equal in meaning, whatever the formatting and comments.
fn same_item(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::Value(Value::InlineTable(x)), Item::Table(y))
        | (Item::Table(y), Item::Value(Value::InlineTable(x))) => {
            same_table(&x.clone().into_table(), y)
        }
        (Item::Value(x), Item::Value(y)) => same_value(x, y),
        (Item::Table(x), Item::Table(y)) => same_table(x, y),
        (Item::ArrayOfTables(x), Item::ArrayOfTables(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same_table(a, b))
        }
        (Item::None, Item::None) => true,
        _ => false,
    }
}

fn same_table(a: &Table, b: &Table) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(k, v)| b.get(k).is_some_and(|w| same_item(v, w)))
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same_value(a, b))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEOPLE: &str = "# Our people.\n[person.anna]\nname = \"Anna Berg\" # CEO\ntitle = \"CEO\"\n\n[person.bo]\nname = \"Bo Lund\"\n";

    fn clean(base: &str, ours: &str, theirs: &str) -> String {
        let m = merge(base, ours, theirs).unwrap();
        assert!(m.conflicts.is_empty(), "{:?}\n{}", m.conflicts, m.text);
        m.text
    }

    #[test]
    fn people_added_at_the_end_on_both_sides_are_both_kept_in_order() {
        let ours = format!("{PEOPLE}\n[person.cai]\nname = \"Cai\"\n");
        let theirs = format!("{PEOPLE}\n[person.dee]  # new starter\nname = \"Dee\"\n");
        let text = clean(PEOPLE, &ours, &theirs);
        assert_eq!(
            text,
            format!("{ours}\n[person.dee]  # new starter\nname = \"Dee\"\n")
        );
    }

    #[test]
    fn different_keys_of_one_entry_merge_and_our_comments_stay() {
        let ours = PEOPLE.replace("title = \"CEO\"", "title = \"Chief Executive\"");
        let theirs = PEOPLE.replace("name = \"Bo Lund\"", "name = \"Bo Lund\"\nmfa = true");
        let text = clean(PEOPLE, &ours, &theirs);
        assert!(text.contains("# Our people.\n"), "{text}");
        assert!(text.contains("name = \"Anna Berg\" # CEO\n"), "{text}");
        assert!(text.contains("title = \"Chief Executive\""), "{text}");
        assert!(text.contains("mfa = true"), "{text}");
    }

    #[test]
    fn different_cells_of_one_subject_merge() {
        let base = "[\"A.5.15\"] # Access control\nism = \"A\"\n";
        let ours = "[\"A.5.15\"] # Access control\nism = \"A\"\nhead-of-it = \"R\"\n";
        let theirs = "[\"A.5.15\"] # Access control\nism = \"A\"\nreview-team = \"C\"\n";
        let text = clean(base, ours, theirs);
        assert_eq!(
            text,
            "[\"A.5.15\"] # Access control\nism = \"A\"\nhead-of-it = \"R\"\nreview-team = \"C\"\n"
        );
    }

    #[test]
    fn appointments_to_different_roles_and_added_assignments_merge() {
        let base = "[role.ism]\nname = \"ISM\"\n\n[[role.ism.assignment]]\nperson = \"anna\"\n\n[role.dpo]\nname = \"DPO\"\n";
        let ours = "[role.ism]\nname = \"ISM\"\n\n[[role.ism.assignment]]\nperson = \"anna\"\ndeputy = \"bo\"\n\n[role.dpo]\nname = \"DPO\"\n";
        let theirs = "[role.ism]\nname = \"ISM\"\n\n[[role.ism.assignment]]\nperson = \"anna\"\n\n[role.dpo]\nname = \"DPO\"\n\n[[role.dpo.assignment]]\nperson = \"cai\"\n";
        let text = clean(base, ours, theirs);
        let doc: toml::Table = text.parse().unwrap();
        assert_eq!(
            doc["role"]["ism"]["assignment"][0]["deputy"].as_str(),
            Some("bo")
        );
        assert_eq!(
            doc["role"]["dpo"]["assignment"][0]["person"].as_str(),
            Some("cai")
        );
    }

    #[test]
    fn list_items_added_on_both_sides_are_both_kept() {
        let base = "[role.ism]\nresponsibilities = [\"a\"]\n";
        let ours = "[role.ism]\nresponsibilities = [\"a\", \"b\"]\n";
        let theirs = "[role.ism]\nresponsibilities = [\"a\", \"c\"]\n";
        let text = clean(base, ours, theirs);
        let doc: toml::Table = text.parse().unwrap();
        let list: Vec<&str> = doc["role"]["ism"]["responsibilities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(list, ["a", "b", "c"]);
    }

    #[test]
    fn the_same_change_on_both_sides_is_kept_once() {
        let ours = PEOPLE.replace("CEO\"\n", "Chair\"\n");
        assert_eq!(clean(PEOPLE, &ours, &ours), ours);
    }

    #[test]
    fn one_cell_set_to_two_letters_is_a_conflict_in_register_terms() {
        let base = "[\"A.5.15\"]\nism = \"A\"\nhr = \"I\"\n";
        let ours = "[\"A.5.15\"]\nism = \"A/R\"\nhr = \"I\"\nhead-of-it = \"R\"\n";
        let theirs = "[\"A.5.15\"]\nism = \"R\"\nhr = \"I\"\n";
        let m = merge(base, ours, theirs).unwrap();
        assert_eq!(
            m.conflicts,
            [Conflict {
                place: "A.5.15 / ism".into(),
                ours: "A/R".into(),
                theirs: "R".into(),
            }]
        );
        assert_eq!(
            m.text,
            "[\"A.5.15\"]\n# rasci: A.5.15 / ism: ours A/R, theirs R\n<<<<<<< ours\nism = \"A/R\"\n=======\nism = \"R\"\n>>>>>>> theirs\nhr = \"I\"\nhead-of-it = \"R\"\n"
        );
    }

    #[test]
    fn a_field_changed_two_ways_and_a_removal_against_a_change_are_conflicts() {
        let ours = PEOPLE.replace("title = \"CEO\"", "title = \"Chair\"");
        let theirs = PEOPLE
            .replace("title = \"CEO\"", "title = \"Chief Executive\"")
            .replace("[person.bo]\nname = \"Bo Lund\"\n", "");
        let ours = ours.replace("name = \"Bo Lund\"", "name = \"Bo Lund-Berg\"");
        let m = merge(PEOPLE, &ours, &theirs).unwrap();
        let said: Vec<String> = m.conflicts.iter().map(Conflict::describe).collect();
        assert_eq!(
            said,
            [
                "rasci: person anna / title: ours \"Chair\", theirs \"Chief Executive\"",
                "rasci: person bo: ours changed, theirs removed",
            ]
        );
        assert!(m.text.contains("<<<<<<< ours\ntitle = \"Chair\"\n=======\ntitle = \"Chief Executive\"\n>>>>>>> theirs\n"), "{}", m.text);
        assert!(
            m.text.contains(
                "<<<<<<< ours\nbo = { name = \"Bo Lund-Berg\" }\n=======\n>>>>>>> theirs\n"
            ),
            "{}",
            m.text
        );
    }

    #[test]
    fn a_side_that_is_not_toml_is_refused() {
        let e = merge(PEOPLE, "[person.a\n", PEOPLE).unwrap_err();
        assert_eq!(e.side, "ours");
    }

    #[test]
    fn a_file_added_on_both_sides_merges_from_an_empty_base() {
        let text = clean(
            "",
            "[person.a]\nname = \"A\"\n",
            "[person.b]\nname = \"B\"\n",
        );
        let doc: toml::Table = text.parse().unwrap();
        assert_eq!(doc["person"].as_table().unwrap().len(), 2);
    }
}
