//! Writing the model back to its files without disturbing them.
//!
//! The writer never re-serialises a file. It compares the model as it was
//! loaded with the model as it is now and applies only the differences to a
//! `toml_edit` document of the original text: a changed value keeps its
//! comments, an untouched entity keeps every byte, a new entity is appended
//! beside its siblings.

use toml::Value as V;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::schema::FileKind;
use crate::model::*;

/// The writer met a document that does not match the model it was loaded
/// as (it would be a bug; the save is refused rather than risk the file).
#[derive(Debug, thiserror::Error)]
#[error(
    "internal error: {file} does not match the register as loaded ({detail}); nothing was written"
)]
pub struct OutOfSync {
    pub file: &'static str,
    pub detail: String,
}

type Canon = toml::Table;

/// Does `kind`'s part of the register differ between `old` and `new`?
pub fn file_changed(kind: FileKind, old: &Workspace, new: &Workspace) -> bool {
    match kind {
        FileKind::Workspace => {
            old.organisation != new.organisation
                || old.settings != new.settings
                || old.sod_rules != new.sod_rules
                || old.activities != new.activities
                || old.exclusions != new.exclusions
                || old.signoffs != new.signoffs
        }
        FileKind::People => !same_map(&old.people, &new.people),
        FileKind::Roles => !same_map(&old.roles, &new.roles),
        FileKind::Matrix => !same_matrix(&old.matrix, &new.matrix),
    }
}

/// Content equality of two keyed collections, whatever their order. Runs
/// after every edit: entries are first compared side by side, which needs
/// no hashing when the order is unchanged (the usual case), and only a
/// difference in order falls back to looking each key up.
fn same_map<T: PartialEq>(
    a: &indexmap::IndexMap<String, T>,
    b: &indexmap::IndexMap<String, T>,
) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut pairs = a.iter().zip(b.iter());
    match pairs.position(|((ka, va), (kb, vb))| ka != kb || va != vb) {
        None => true,
        // Same key, different value: a real difference.
        Some(i) if a.get_index(i).map(|e| e.0) == b.get_index(i).map(|e| e.0) => false,
        Some(_) => a == b,
    }
}

/// Matrices are the same when every non-empty row is; a row emptied or added
/// empty does not count as a change.
fn same_matrix(a: &Matrix, b: &Matrix) -> bool {
    let nonempty = |m: &Matrix| m.rows.iter().filter(|(_, r)| !r.is_empty()).count();
    nonempty(a) == nonempty(b)
        && a.rows
            .iter()
            .filter(|(_, r)| !r.is_empty())
            .all(|(s, r)| b.rows.get(s) == Some(r))
}

/// The byte order mark some Windows editors put at the start of a file.
const BOM: &str = "\u{feff}";

/// `text` without its byte order mark, if it has one.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// The new text of `kind`'s file: `base` (its text as loaded, empty for a
/// new file) with the changes from `old` to `new` applied.
///
/// The file's byte order mark and line ends are kept: `toml_edit` drops the
/// one and writes every line end outside multi-line strings as LF, so the
/// mark is put back and so are the line ends (see [`restore_line_ends`]).
pub fn render(
    kind: FileKind,
    base: &str,
    old: &Workspace,
    new: &Workspace,
) -> Result<String, OutOfSync> {
    let body = strip_bom(base);
    let bom = &base[..base.len() - body.len()];
    let text = if body.contains('\r') {
        let crlf = mostly_crlf(body);
        restore_line_ends(body, &render_doc(kind, body, old, new, crlf)?, crlf)
    } else {
        // LF only, the usual case: nothing to restore.
        render_doc(kind, body, old, new, false)?
    };
    Ok(if bom.is_empty() {
        text
    } else {
        bom.to_string() + &text
    })
}

/// Do most lines of `text` end in CRLF?
fn mostly_crlf(text: &str) -> bool {
    let crlf = text.matches("\r\n").count();
    crlf > 0 && crlf * 2 >= text.matches('\n').count()
}

/// `made`, made by `toml_edit` from `orig`, with `orig`'s line ends: the
/// unchanged lines at the start and at the end keep their exact bytes, and
/// each line in between that `toml_edit` ended with LF ends as most of the
/// file does (CRLF when `crlf`). In a file that uses one kind of line end
/// throughout, that gives every untouched line its own.
fn restore_line_ends(orig: &str, made: &str, crlf: bool) -> String {
    let old: Vec<&str> = orig.split_inclusive('\n').collect();
    let new: Vec<&str> = made.split_inclusive('\n').collect();
    // Is `n` the line `o`, perhaps with its CRLF turned into LF?
    let same = |o: &str, n: &str| {
        o == n
            || o.strip_suffix("\r\n")
                .is_some_and(|body| n.strip_suffix('\n') == Some(body))
    };
    let prefix = old.iter().zip(&new).take_while(|(o, n)| same(o, n)).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(o, n)| same(o, n))
        .count();
    // Room for a CR on one line in ten.
    let mut out = String::with_capacity(made.len() + made.len() / 10);
    old[..prefix].iter().for_each(|l| out.push_str(l));
    for line in &new[prefix..new.len() - suffix] {
        // A line already ending in CRLF is inside a multi-line string,
        // where the line end is part of the value.
        match line.strip_suffix('\n') {
            Some(body) if crlf && !body.ends_with('\r') => {
                out.push_str(body);
                out.push_str("\r\n");
            }
            _ => out.push_str(line),
        }
    }
    old[old.len() - suffix..]
        .iter()
        .for_each(|l| out.push_str(l));
    out
}

/// [`render`] without the line ends: `crlf`, they are going to be turned
/// into CRLF.
fn render_doc(
    kind: FileKind,
    base: &str,
    old: &Workspace,
    new: &Workspace,
    crlf: bool,
) -> Result<String, OutOfSync> {
    let mut doc: DocumentMut = base.parse().map_err(|e: toml_edit::TomlError| OutOfSync {
        file: kind.file_name(),
        detail: e.message().to_string(),
    })?;
    ORPHANED.with(|o| o.borrow_mut().clear());
    // A file of nothing but comments keeps them as trailing text; remember
    // them so they stay at the top once entries are added.
    let comments_only = doc.as_table().is_empty();
    let root = doc.as_table_mut();
    let sync = |detail: &str| OutOfSync {
        file: kind.file_name(),
        detail: detail.to_string(),
    };
    match kind {
        FileKind::Workspace => {
            if old.organisation != new.organisation {
                let t = section(root, "organisation", false);
                patch_table(
                    t,
                    &organisation(&old.organisation),
                    &organisation(&new.organisation),
                )
                .map_err(|d| sync(&d))?;
            }
            if old.settings != new.settings {
                let t = section(root, "settings", false);
                patch_table(t, &settings(&old.settings), &settings(&new.settings))
                    .map_err(|d| sync(&d))?;
            }
            patch_keyed(root, "sod", &old.sod_rules, &new.sod_rules, sod_rule)
                .map_err(|d| sync(&d))?;
            patch_keyed(root, "activity", &old.activities, &new.activities, activity)
                .map_err(|d| sync(&d))?;
            patch_keyed(
                root,
                "exclusion",
                &old.exclusions,
                &new.exclusions,
                exclusion,
            )
            .map_err(|d| sync(&d))?;
            if old.signoffs != new.signoffs {
                let o: Vec<V> = old.signoffs.iter().map(|s| V::Table(signoff(s))).collect();
                let n: Vec<V> = new.signoffs.iter().map(|s| V::Table(signoff(s))).collect();
                patch_key(
                    root,
                    "signoff",
                    Some(&V::Array(o)),
                    Some(&V::Array(n)),
                    false,
                )
                .map_err(|d| sync(&d))?;
            }
        }
        FileKind::People => {
            patch_keyed(root, "person", &old.people, &new.people, person).map_err(|d| sync(&d))?;
        }
        FileKind::Roles => {
            patch_keyed(root, "role", &old.roles, &new.roles, role).map_err(|d| sync(&d))?;
        }
        FileKind::Matrix => patch_matrix(root, &old.matrix, &new.matrix).map_err(|d| sync(&d))?,
    }
    if comments_only && !doc.as_table().is_empty() {
        let mut header = doc.trailing().as_str().unwrap_or("").trim_end().to_string();
        if !header.is_empty() {
            header.push_str("\n\n");
            doc.decor_mut().set_prefix(header);
            doc.set_trailing("");
        }
    }
    let orphaned = ORPHANED.with(|o| std::mem::take(&mut *o.borrow_mut()));
    if !orphaned.is_empty() {
        let trailing = doc.trailing().as_str().unwrap_or("").to_string();
        doc.set_trailing(format!("{trailing}{orphaned}"));
    }
    if crlf {
        escape_new_line_breaks(doc.as_table_mut());
    }
    Ok(doc.to_string())
}

/// Writes every string added by this save that holds a line break on one
/// line, with the break escaped (`"a\nb"`). `toml_edit` would write it as a
/// multi-line string with the break as it is, which the turn to CRLF would
/// change into a different value. Strings that were already in the file
/// keep their form (their line ends come back as they were).
fn escape_new_line_breaks(table: &mut dyn TableLike) {
    for (_, item) in table.iter_mut() {
        match item {
            Item::Value(v) => escape_value(v),
            Item::Table(t) => escape_new_line_breaks(t),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(|t| escape_new_line_breaks(t)),
            Item::None => {}
        }
    }
}

fn escape_value(v: &mut Value) {
    match v {
        // A value read from the file has its text (`repr`); a new one not.
        Value::String(f) if f.as_repr().is_none() && f.value().contains(['\n', '\r']) => {
            if let Ok(mut one_line) = basic_string(f.value()).parse::<Value>() {
                *one_line.decor_mut() = f.decor().clone();
                *v = one_line;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(escape_value),
        Value::InlineTable(t) => t.iter_mut().for_each(|(_, v)| escape_value(v)),
        _ => {}
    }
}

/// `s` as a one-line TOML basic string: `"` and `\` and the control
/// characters escaped, everything else as it is.
pub fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push('\t'),
            c if c < ' ' || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The table at `key`, created (implicit when it only holds sub-tables) if
/// missing.
fn section<'a>(root: &'a mut Table, key: &str, implicit: bool) -> &'a mut dyn TableLike {
    let item = root.entry(key).or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(implicit);
        Item::Table(t)
    });
    if item.as_table_like().is_none() {
        let mut t = Table::new();
        t.set_implicit(implicit);
        *item = Item::Table(t);
    }
    item.as_table_like_mut().expect("just made a table")
}

thread_local! {
    /// Comments that stood above a removed entry with nothing after it to
    /// hand them to; they end up at the end of the file.
    static ORPHANED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The comment lines in a prefix (what stands above a table's header or a
/// key), or `None` when it is only blank space.
fn comments_in(decor: &toml_edit::Decor) -> Option<String> {
    let prefix = decor.prefix()?.as_str()?;
    prefix
        .lines()
        .any(|l| l.trim_start().starts_with('#'))
        .then(|| prefix.to_string())
}

/// Puts `comments` above whatever `decor` belongs to, before its own.
fn prepend_comments(decor: &mut toml_edit::Decor, comments: &str) {
    let own = decor
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string();
    decor.set_prefix(format!(
        "{}\n{own}",
        comments.trim_end_matches(['\n', ' ', '\t'])
    ));
}

/// The first key after `key` in `keys` (the order before it was removed)
/// that `parent` still holds as the right kind of item.
fn next_after(
    keys: &[String],
    key: &str,
    parent: &dyn TableLike,
    kind: fn(&Item) -> bool,
) -> Option<String> {
    let after = keys
        .iter()
        .position(|k| k == key)
        .map_or(keys.len(), |i| i + 1);
    keys[after..]
        .iter()
        .find(|k| parent.get(k).is_some_and(kind))
        .cloned()
}

/// Comments above a removed table or key: a file's header, or a section
/// heading such as `# Executive`, belongs to the file, not to the entry it
/// happened to precede. They move above the next one, or to the end of the
/// file when nothing follows.
fn orphan(comments: String) {
    ORPHANED.with(|o| o.borrow_mut().push_str(&comments));
}

/// Removes the table `key` from `parent`, keeping the comments above it.
fn remove_table(parent: &mut dyn TableLike, key: &str) {
    let keys: Vec<String> = parent.iter().map(|(k, _)| k.to_string()).collect();
    let comments = parent
        .get(key)
        .and_then(Item::as_table)
        .and_then(|t| comments_in(t.decor()));
    parent.remove(key);
    let Some(comments) = comments else {
        return;
    };
    let next = next_after(&keys, key, parent, Item::is_table);
    match next
        .and_then(|k| parent.get_mut(&k))
        .and_then(Item::as_table_mut)
    {
        Some(t) => prepend_comments(t.decor_mut(), &comments),
        None => orphan(comments),
    }
}

/// Removes `key = ...` from a table, keeping the comment lines written
/// above it (a note about a matrix row outlives its cell).
fn remove_key(dst: &mut dyn TableLike, key: &str) {
    let comments = dst.key(key).and_then(|k| comments_in(k.leaf_decor()));
    let keys: Vec<String> = dst.iter().map(|(k, _)| k.to_string()).collect();
    dst.remove(key);
    let Some(comments) = comments else {
        return;
    };
    let next = next_after(&keys, key, dst, Item::is_value);
    match next.as_deref().and_then(|k| dst.key_mut(k)) {
        Some(mut k) => prepend_comments(k.leaf_decor_mut(), &comments),
        None => orphan(comments),
    }
}

/// Patches a family of `[key.<id>]` tables.
fn patch_keyed<T: PartialEq>(
    root: &mut Table,
    key: &str,
    old: &indexmap::IndexMap<String, T>,
    new: &indexmap::IndexMap<String, T>,
    canon: fn(&T) -> Canon,
) -> Result<(), String> {
    if old == new {
        return Ok(());
    }
    let parent = section(root, key, true);
    for (id, n) in new {
        match old.get(id) {
            Some(o) if o == n => {}
            Some(o) => match parent.get_mut(id).and_then(Item::as_table_like_mut) {
                Some(t) => patch_table(t, &canon(o), &canon(n))?,
                None => return Err(format!("[{key}.{id}] is missing")),
            },
            None => {
                parent.insert(id, Item::Table(new_table(&canon(n))));
            }
        }
    }
    for id in old.keys().filter(|id| !new.contains_key(*id)) {
        remove_table(parent, id);
    }
    Ok(())
}

/// Applies the difference between two canonical forms to a table.
fn patch_table(dst: &mut dyn TableLike, old: &Canon, new: &Canon) -> Result<(), String> {
    for (k, n) in new {
        let o = old.get(k);
        if o != Some(n) {
            patch_key(dst, k, o, Some(n), false)?;
        }
    }
    for (k, o) in old {
        if !new.contains_key(k) {
            patch_key(dst, k, Some(o), None, false)?;
        }
    }
    Ok(())
}

/// Changes one key of a table from `old` to `new` (`None` = absent).
fn patch_key(
    dst: &mut dyn TableLike,
    key: &str,
    old: Option<&V>,
    new: Option<&V>,
    inline: bool,
) -> Result<(), String> {
    let Some(new) = new else {
        remove_key(dst, key);
        return Ok(());
    };
    let Some(item) = dst.get_mut(key) else {
        let item = if is_table_array(new) && !inline {
            let mut aot = ArrayOfTables::new();
            for t in as_tables(new) {
                aot.push(new_table(t));
            }
            Item::ArrayOfTables(aot)
        } else {
            Item::Value(edit_value(new, true))
        };
        dst.insert(key, item);
        return Ok(());
    };
    let empty = Vec::new();
    let old_items = match old {
        Some(V::Array(a)) => a,
        _ => &empty,
    };
    match (item, new) {
        (Item::ArrayOfTables(aot), V::Array(n)) if is_table_array(new) || n.is_empty() => {
            patch_table_list(&mut TableList::Aot(aot), old_items, n)
        }
        (Item::Value(Value::Array(arr)), V::Array(n)) => {
            if arr.iter().all(|v| v.is_inline_table())
                && n.iter().all(|v| v.is_table())
                && !arr.is_empty()
            {
                patch_table_list(&mut TableList::Inline(arr), old_items, n)
            } else {
                patch_value_list(arr, old_items, n);
                Ok(())
            }
        }
        (Item::Value(v), _) => {
            let mut fresh = edit_value(new, false);
            *fresh.decor_mut() = v.decor().clone();
            *v = fresh;
            Ok(())
        }
        (item, _) => {
            *item = Item::Value(edit_value(new, true));
            Ok(())
        }
    }
}

enum TableList<'a> {
    Aot(&'a mut ArrayOfTables),
    Inline(&'a mut Array),
}

impl TableList<'_> {
    fn len(&self) -> usize {
        match self {
            TableList::Aot(a) => a.len(),
            TableList::Inline(a) => a.len(),
        }
    }
    fn get_mut(&mut self, i: usize) -> Option<&mut dyn TableLike> {
        match self {
            TableList::Aot(a) => a.get_mut(i).map(|t| t as &mut dyn TableLike),
            TableList::Inline(a) => a
                .get_mut(i)
                .and_then(Value::as_inline_table_mut)
                .map(|t| t as &mut dyn TableLike),
        }
    }
    fn remove(&mut self, i: usize) {
        match self {
            TableList::Aot(a) => {
                let comments = a.get(i).and_then(|t| comments_in(t.decor()));
                a.remove(i);
                match (comments, a.get_mut(i)) {
                    (Some(c), Some(next)) => prepend_comments(next.decor_mut(), &c),
                    (Some(c), None) => orphan(c),
                    (None, _) => {}
                }
            }
            TableList::Inline(a) => {
                a.remove(i);
            }
        }
    }
    fn insert(&mut self, i: usize, t: &Canon) {
        match self {
            TableList::Aot(a) => a.insert(i, new_table(t)),
            TableList::Inline(a) => {
                let mut v = edit_value(&V::Table(t.clone()), false);
                if let Some(neigh) = a.get(i.saturating_sub(1)).or_else(|| a.get(0)) {
                    *v.decor_mut() = neigh.decor().clone();
                }
                a.insert_formatted(i, v);
            }
        }
    }
}

/// The index ranges that differ between two lists, after matching the
/// common start and end: `(start, old_end, new_end)`.
fn middle<T: PartialEq>(old: &[T], new: &[T]) -> (usize, usize, usize) {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    (prefix, old.len() - suffix, new.len() - suffix)
}

/// Patches a list of tables (assignments, competencies, sign-offs): equal
/// ends are left alone, pairs in the middle are patched field by field,
/// and the rest are removed or inserted.
fn patch_table_list(dst: &mut TableList<'_>, old: &[V], new: &[V]) -> Result<(), String> {
    if dst.len() != old.len() {
        return Err(format!(
            "a list has {} entries, expected {}",
            dst.len(),
            old.len()
        ));
    }
    let (start, old_end, new_end) = middle(old, new);
    let paired = (old_end - start).min(new_end - start);
    let empty = Canon::new();
    for i in start..start + paired {
        let (o, n) = (
            old[i].as_table().unwrap_or(&empty),
            new[i].as_table().unwrap_or(&empty),
        );
        let t = dst.get_mut(i).ok_or("list entry is not a table")?;
        patch_table(t, o, n)?;
    }
    for i in (start + paired..old_end).rev() {
        dst.remove(i);
    }
    for (offset, n) in new[start + paired..new_end].iter().enumerate() {
        dst.insert(start + paired + offset, n.as_table().unwrap_or(&empty));
    }
    Ok(())
}

/// Patches an array of plain values, keeping each element's layout.
fn patch_value_list(dst: &mut Array, old: &[V], new: &[V]) {
    if dst.len() != old.len() {
        // Layout unknown: replace wholesale, keeping the array's own decor.
        let decor = dst.decor().clone();
        if let Value::Array(mut fresh) = edit_value(&V::Array(new.to_vec()), false) {
            *fresh.decor_mut() = decor;
            *dst = fresh;
        }
        return;
    }
    let (start, old_end, new_end) = middle(old, new);
    let paired = (old_end - start).min(new_end - start);
    for (i, value) in new.iter().enumerate().skip(start).take(paired) {
        dst.replace(i, edit_value(value, false));
    }
    for i in (start + paired..old_end).rev() {
        dst.remove(i);
    }
    // New elements copy the layout of a neighbour, so a one-per-line list
    // stays one per line.
    let layout = dst
        .get(start + paired)
        .or_else(|| dst.get(dst.len().saturating_sub(1)))
        .map(|v| v.decor().clone());
    for (offset, n) in new[start + paired..new_end].iter().enumerate() {
        let mut v = edit_value(n, false);
        if let Some(d) = &layout {
            *v.decor_mut() = d.clone();
        }
        dst.insert_formatted(start + paired + offset, v);
    }
}

fn patch_matrix(root: &mut Table, old: &Matrix, new: &Matrix) -> Result<(), String> {
    let order: std::collections::HashMap<&str, usize> = crate::catalogue::catalogue()
        .subjects()
        .map(|e| e.id)
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();
    let mut added: Vec<(&String, Canon)> = Vec::new();
    for (subject, row) in &new.rows {
        let before = old.rows.get(subject);
        if before == Some(row) || (before.is_none() && row.is_empty()) {
            continue;
        }
        let o = before.map(cells).unwrap_or_default();
        let n = cells(row);
        match root.get_mut(subject).and_then(Item::as_table_like_mut) {
            Some(t) => {
                let mark = ORPHANED.with(|o| o.borrow().len());
                patch_table(t, &o, &n)?;
                // Notes above the row's last cells, now cleared: they stay
                // where they were, after what is left of the row.
                let notes = ORPHANED.with(|o| o.borrow_mut().split_off(mark));
                if !notes.is_empty() {
                    keep_after_row(root, subject, notes);
                }
            }
            None => added.push((subject, n)),
        }
    }
    // New rows go in catalogue order: each after the nearest earlier
    // subject already in the file (before the first one if there is none);
    // activities and unknown ids go at the end. Every new table gets an
    // explicit position so none inherits a neighbour's by accident.
    added.sort_by_key(|(s, _)| order.get(s.as_str()).copied().unwrap_or(usize::MAX));
    let positions: Vec<(Option<usize>, isize)> = root
        .iter()
        .filter_map(|(k, item)| Some((order.get(k).copied(), item.as_table()?.position()?)))
        .collect();
    let first = positions.iter().map(|p| p.1).min().unwrap_or(1);
    let mut end = positions.iter().map(|p| p.1).max().unwrap_or(0);
    let mut header_moved = false;
    for (subject, cells) in added {
        let mut t = new_table(&cells);
        let position = match order.get(subject.as_str()) {
            Some(&mine) => positions
                .iter()
                .filter(|(ord, _)| ord.is_some_and(|o| o < mine))
                .max_by_key(|(ord, _)| *ord)
                .map_or(first - 1, |(_, pos)| *pos),
            None => {
                end += 1;
                end
            }
        };
        if position < first && !header_moved {
            // The file's opening comments belong to its first table: hand
            // them to the new first table so they stay at the top.
            header_moved = true;
            if let Some(old_first) = root
                .iter_mut()
                .filter_map(|(_, item)| item.as_table_mut())
                .find(|x| x.position() == Some(first))
            {
                let header = old_first
                    .decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .unwrap_or("")
                    .to_string();
                old_first.decor_mut().set_prefix("\n");
                t.decor_mut().set_prefix(header);
            }
        }
        t.set_position(Some(position));
        root.insert(subject, Item::Table(t));
    }
    for (subject, row) in &old.rows {
        if !new.rows.contains_key(subject) && !row.is_empty() {
            remove_table(root, subject);
        }
    }
    Ok(())
}

/// Puts `notes` just below the matrix row `subject`, above the table that
/// follows it in the file (at the end of the file when none does).
fn keep_after_row(root: &mut Table, subject: &str, notes: String) {
    let pos = root
        .get(subject)
        .and_then(Item::as_table)
        .and_then(Table::position);
    let next = root
        .iter()
        .filter_map(|(k, item)| Some((item.as_table()?.position()?, k.to_string())))
        .filter(|(p, _)| pos.is_some_and(|mine| *p > mine))
        .min();
    match next.and_then(|(_, k)| root.get_mut(&k)?.as_table_mut()) {
        Some(t) => prepend_comments(t.decor_mut(), &notes),
        None => orphan(notes),
    }
}

/// A new table in the house style: scalars as `key = value`, lists of
/// tables as `[[...]]` sections, long lists one item per line.
fn new_table(c: &Canon) -> Table {
    let mut t = Table::new();
    for (k, v) in c {
        if is_table_array(v) {
            let mut aot = ArrayOfTables::new();
            for inner in as_tables(v) {
                aot.push(new_table(inner));
            }
            t.insert(k, Item::ArrayOfTables(aot));
        } else {
            t.insert(k, Item::Value(edit_value(v, true)));
        }
    }
    t
}

fn is_table_array(v: &V) -> bool {
    matches!(v, V::Array(a) if !a.is_empty() && a.iter().all(V::is_table))
}

fn as_tables(v: &V) -> impl Iterator<Item = &Canon> {
    v.as_array().into_iter().flatten().filter_map(V::as_table)
}

/// Converts a canonical value to an editable one. `pretty` lays out lists
/// of more than one string one item per line.
fn edit_value(v: &V, pretty: bool) -> Value {
    match v {
        V::String(s) => Value::from(s.as_str()),
        V::Integer(i) => Value::from(*i),
        V::Float(f) => Value::from(*f),
        V::Boolean(b) => Value::from(*b),
        V::Datetime(d) => Value::from(*d),
        V::Array(items) => {
            let mut arr = Array::new();
            for i in items {
                arr.push_formatted(edit_value(i, false));
            }
            let long = items.len() > 1
                && items
                    .iter()
                    .map(|i| i.as_str().map_or(8, str::len))
                    .sum::<usize>()
                    > 50;
            if pretty && long {
                for v in arr.iter_mut() {
                    v.decor_mut().set_prefix("\n    ");
                }
                arr.set_trailing_comma(true);
                arr.set_trailing("\n");
            } else {
                arr.fmt();
            }
            Value::Array(arr)
        }
        V::Table(t) => {
            let mut it = InlineTable::new();
            for (k, x) in t {
                it.insert(k, edit_value(x, false));
            }
            it.fmt();
            Value::InlineTable(it)
        }
    }
}

// Canonical forms: what each entity looks like as TOML. Defaults and empty
// values are left out, so new entries stay short.

fn s(v: &str) -> V {
    V::String(v.to_string())
}

fn date(d: Date) -> V {
    V::Datetime(toml::value::Datetime {
        date: Some(toml::value::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    })
}

fn list(items: &[String]) -> V {
    V::Array(items.iter().map(|i| s(i)).collect())
}

struct Builder(Canon);

impl Builder {
    fn new() -> Builder {
        Builder(Canon::new())
    }
    fn put(mut self, k: &str, v: V) -> Builder {
        self.0.insert(k.to_string(), v);
        self
    }
    fn opt_str(self, k: &str, v: &Option<String>) -> Builder {
        match v {
            Some(x) => self.put(k, s(x)),
            None => self,
        }
    }
    fn opt_date(self, k: &str, v: Option<Date>) -> Builder {
        match v {
            Some(d) => self.put(k, date(d)),
            None => self,
        }
    }
    fn opt_f64(self, k: &str, v: Option<f64>) -> Builder {
        match v {
            Some(f) => self.put(k, V::Float(f)),
            None => self,
        }
    }
    fn list(self, k: &str, v: &[String]) -> Builder {
        if v.is_empty() {
            self
        } else {
            self.put(k, list(v))
        }
    }
    fn flag(self, k: &str, v: bool) -> Builder {
        if v {
            self.put(k, V::Boolean(true))
        } else {
            self
        }
    }
    fn tables(self, k: &str, v: Vec<Canon>) -> Builder {
        if v.is_empty() {
            self
        } else {
            self.put(k, V::Array(v.into_iter().map(V::Table).collect()))
        }
    }
    fn done(self) -> Canon {
        self.0
    }
}

fn organisation(o: &Organisation) -> Canon {
    Builder::new()
        .put("name", s(&o.name))
        .opt_str("scope", &o.scope)
        .list("departments", &o.departments)
        .done()
}

fn settings(st: &Settings) -> Canon {
    let d = Settings::default();
    let mut b = Builder::new();
    if st.review_interval_days != d.review_interval_days {
        b = b.put("review-interval-days", V::Integer(st.review_interval_days));
    }
    if st.expiry_warning_days != d.expiry_warning_days {
        b = b.put("expiry-warning-days", V::Integer(st.expiry_warning_days));
    }
    if st.max_reporting_steps != d.max_reporting_steps {
        b = b.put(
            "max-reporting-steps",
            V::Integer(st.max_reporting_steps as i64),
        );
    }
    // Written whenever it differs from the default, even when empty: an
    // empty list means "no required roles", a missing one the default.
    if st.required_roles != d.required_roles {
        b = b.put("required-roles", list(&st.required_roles));
    }
    if st.commit_on_save != d.commit_on_save {
        b = b.put("commit-on-save", V::Boolean(st.commit_on_save));
    }
    b.done()
}

fn sod_rule(r: &SodRule) -> Canon {
    let b = match &r.pair {
        SodPair::Roles(p) => Builder::new().put("roles", list(p)),
        SodPair::Subjects(p) => Builder::new().put("subjects", list(p)),
    };
    b.put("severity", s(r.severity.as_str()))
        .put("reason", s(&r.reason))
        .done()
}

fn activity(a: &Activity) -> Canon {
    Builder::new()
        .put("title", s(&a.title))
        .opt_str("theme", &a.theme)
        .opt_str("description", &a.description)
        .list("related", &a.related)
        .done()
}

fn exclusion(e: &Exclusion) -> Canon {
    Builder::new()
        .put("justification", s(&e.justification))
        .done()
}

fn signoff(x: &Signoff) -> Canon {
    Builder::new()
        .put("date", date(x.date))
        .list("by", &x.by)
        .opt_str("minutes", &x.minutes)
        .opt_str("fingerprint", &x.fingerprint)
        .opt_str("commit", &x.commit)
        .done()
}

fn person(p: &Person) -> Canon {
    let mut b = Builder::new()
        .put("name", s(&p.name))
        .opt_str("email", &p.email)
        .opt_str("title", &p.title)
        .opt_str("department", &p.department)
        .opt_str("manager", &p.manager);
    if p.kind != PersonKind::default() {
        b = b.put("kind", s(p.kind.as_str()));
    }
    if p.status != Status::default() {
        b = b.put("status", s(p.status.as_str()));
    }
    b.opt_date("joined", p.joined)
        .opt_date("left", p.left)
        .opt_str("site", &p.site)
        .flag("mfa", p.mfa)
        .tables(
            "competency",
            p.competencies.iter().map(competency).collect(),
        )
        .done()
}

fn competency(c: &Competency) -> Canon {
    Builder::new()
        .put("id", s(&c.id))
        .opt_str("evidence", &c.evidence)
        .opt_date("achieved", c.achieved)
        .opt_date("expires", c.expires)
        .done()
}

fn role(r: &Role) -> Canon {
    let mut b = Builder::new().put("name", s(&r.name));
    if r.category != Category::default() {
        b = b.put("category", s(r.category.as_str()));
    }
    if !r.duties.is_empty() {
        b = b.put(
            "duties",
            V::Array(r.duties.iter().map(|d| s(d.as_str())).collect()),
        );
    }
    b.opt_str("purpose", &r.purpose)
        .list("responsibilities", &r.responsibilities)
        .list("authorities", &r.authorities)
        .list("competencies", &r.competencies)
        .flag("privileged", r.privileged)
        .flag("needs-deputy", r.needs_deputy)
        .opt_f64("fte", r.fte)
        .opt_date("reviewed", r.reviewed)
        .tables("assignment", r.assignments.iter().map(assignment).collect())
        .done()
}

fn assignment(a: &Assignment) -> Canon {
    Builder::new()
        .put("person", s(&a.person))
        .opt_date("from", a.from)
        .opt_date("until", a.until)
        .opt_str("deputy", &a.deputy)
        .opt_f64("allocation", a.allocation)
        .opt_str("evidence", &a.evidence)
        .opt_date("acknowledged", a.acknowledged)
        .opt_str("sponsor", &a.sponsor)
        .opt_str("contract", &a.contract)
        .opt_str("note", &a.note)
        .done()
}

fn cells(row: &indexmap::IndexMap<String, Letter>) -> Canon {
    row.iter()
        .map(|(r, l)| (r.clone(), s(l.as_str())))
        .collect()
}
