//! The RASCI matrix as CSV ([`render_csv`]) and a workbook ([`render_xlsx`])
//! for the auditor and the meeting.
//!
//! Both are built from the same plain tables ([`Sheet`]), whose every text
//! cell has been through [`safe::cell`]: a cell that would start with `=`,
//! `+`, `-`, `@`, a tab or a carriage return starts with `'` instead, and no
//! control character is left. The tables are pure data, so the tests check
//! exactly what the workbook receives.
//!
//! CSV layout (RFC 4180, comma separated, quoted where needed, UTF-8 without
//! a byte-order mark, `\n` line ends):
//!
//! - row 1: `subject`, `title`, `group`, then one column per role: its id;
//! - row 2: three empty cells, then each role's name;
//! - then one row per matrix subject (the ISO/IEC 27001:2022 clauses and
//!   Annex A controls, then the workspace's activities, then any subject
//!   the matrix file names that is neither), with the role's letter (R, A,
//!   S, C or I) or an empty cell.
//!
//! Roles are columns in the order of `roles.toml`; a role the matrix names
//! that does not exist gets a column after them, named `(unknown role)`.
//!
//! The workbook has the sheets "Matrix" (the same table, letters colour
//! coded *and* bold, header rows and subject columns frozen, set up to
//! print landscape one page wide with the headers repeated), "Roles",
//! "People", "Findings" and "About" (organisation, date, content hash and a
//! key to the letters).

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

use crate::catalogue;
use crate::model::{Date, Letter, Workspace};
use crate::rules::{Finding, Index};

use super::safe;

/// How a cell looks in the workbook (CSV ignores it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Ordinary text.
    Text,
    /// Text that may hold several lines.
    Wrap,
    /// A column heading.
    Header,
    /// A role name heading, written vertically above a narrow column.
    RoleHeader,
    /// A RASCI letter: bold, centred, with its own fill.
    Letter(Letter),
}

/// One cell: safe text and a style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Already defused by [`safe::cell`].
    pub text: String,
    pub style: Style,
}

impl Cell {
    /// A cell showing `raw` (made safe here).
    pub fn new(raw: &str, style: Style) -> Cell {
        Cell {
            text: safe::cell(raw),
            style,
        }
    }

    fn text(raw: &str) -> Cell {
        Cell::new(raw, Style::Text)
    }

    fn wrap(raw: &str) -> Cell {
        Cell::new(raw, Style::Wrap)
    }

    fn header(raw: &str) -> Cell {
        Cell::new(raw, Style::Header)
    }
}

/// A table: one worksheet of the workbook (and, for the matrix, the CSV).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    /// Rows at the top that are headings (frozen and repeated on print).
    pub header_rows: u32,
    /// Columns on the left that stay in view (frozen and repeated).
    pub frozen_cols: u16,
    /// Column widths in characters.
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    fn new(name: &'static str, header_rows: u32, frozen_cols: u16) -> Sheet {
        Sheet {
            name,
            header_rows,
            frozen_cols,
            widths: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Widths from the longest line in each column (rotated headings
    /// aside), between `min` and `max` characters.
    fn fit_widths(&mut self, min: f64, max: f64) {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        self.widths = (0..cols)
            .map(|c| {
                let longest = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .filter(|cell| cell.style != Style::RoleHeader)
                    .flat_map(|cell| cell.text.lines())
                    .map(|l| l.chars().count())
                    .max()
                    .unwrap_or(0);
                (longest as f64 + 2.0).clamp(min, max)
            })
            .collect();
    }
}

/// Matrix subjects as rows: (id, title, group), catalogue and activities
/// first, then ids the matrix names that are neither.
pub fn subject_rows(ws: &Workspace) -> Vec<(String, String, String)> {
    let mut rows: Vec<(String, String, String)> = catalogue::subjects(ws)
        .into_iter()
        .map(|s| (s.id.to_string(), s.title.to_string(), s.group))
        .collect();
    for id in ws.matrix.rows.keys() {
        if !rows.iter().any(|(s, _, _)| s == id) {
            rows.push((id.clone(), String::new(), UNKNOWN_GROUP.to_string()));
        }
    }
    rows
}

/// Group of matrix rows whose subject is neither in the catalogue nor an
/// activity.
pub const UNKNOWN_GROUP: &str = "Not in the catalogue";

/// Role columns: (id, name) for each role in order, then roles the matrix
/// names that do not exist.
pub fn role_columns(ws: &Workspace) -> Vec<(String, String)> {
    let mut cols: Vec<(String, String)> = ws
        .roles
        .values()
        .map(|r| (r.id.clone(), r.display_name().to_string()))
        .collect();
    for row in ws.matrix.rows.values() {
        for role in row.keys() {
            if !cols.iter().any(|(id, _)| id == role) {
                cols.push((role.clone(), "(unknown role)".to_string()));
            }
        }
    }
    cols
}

/// The matrix table: two heading rows (role ids, role names), then one row
/// per subject. See the module documentation for the layout.
pub fn matrix_sheet(ws: &Workspace) -> Sheet {
    let roles = role_columns(ws);
    let mut sheet = Sheet::new("Matrix", 2, 2);
    let mut ids = vec![
        Cell::header("subject"),
        Cell::header("title"),
        Cell::header("group"),
    ];
    ids.extend(roles.iter().map(|(id, _)| Cell::header(id)));
    let mut names = vec![Cell::text(""), Cell::text(""), Cell::text("")];
    names.extend(
        roles
            .iter()
            .map(|(_, name)| Cell::new(name, Style::RoleHeader)),
    );
    sheet.rows.push(ids);
    sheet.rows.push(names);
    for (id, title, group) in subject_rows(ws) {
        let mut row = vec![Cell::text(&id), Cell::wrap(&title), Cell::text(&group)];
        let letters = ws.matrix.rows.get(&id);
        for (role, _) in &roles {
            row.push(match letters.and_then(|l| l.get(role)) {
                Some(l) => Cell::new(l.as_str(), Style::Letter(*l)),
                None => Cell::text(""),
            });
        }
        sheet.rows.push(row);
    }
    sheet.fit_widths(4.0, 50.0);
    sheet
}

fn person_label(ws: &Workspace, id: &str) -> String {
    match ws.people.get(id) {
        Some(p) => match &p.email {
            Some(e) => format!("{} <{e}>", p.display_name()),
            None => p.display_name().to_string(),
        },
        None => format!("{id} (unknown person)"),
    }
}

/// The roles: what each must do and may decide, and who holds it on the
/// date.
pub fn roles_sheet(ix: &Index<'_>) -> Sheet {
    let ws = ix.ws;
    let mut sheet = Sheet::new("Roles", 1, 2);
    sheet.rows.push(
        [
            "role id",
            "name",
            "category",
            "Clause 5.3 duties",
            "purpose",
            "responsibilities",
            "authorities",
            "required competencies",
            &format!("holders on {}", ix.on),
            "deputies",
            "last reviewed",
        ]
        .iter()
        .map(|h| Cell::header(h))
        .collect(),
    );
    for r in ws.roles.values() {
        let assignments = ix.assignments(&r.id);
        let holders: Vec<String> = assignments
            .iter()
            .map(|a| person_label(ws, &a.person))
            .collect();
        let deputies: Vec<String> = assignments
            .iter()
            .filter_map(|a| {
                let d = a.deputy.as_deref()?;
                let holder = ws
                    .people
                    .get(&a.person)
                    .map_or(a.person.as_str(), |p| p.display_name());
                Some(format!("{} (for {holder})", person_label(ws, d)))
            })
            .collect();
        let duties: Vec<&str> = r.duties.iter().map(|d| d.as_str()).collect();
        sheet.rows.push(vec![
            Cell::text(&r.id),
            Cell::text(r.display_name()),
            Cell::text(r.category.as_str()),
            Cell::text(&duties.join(", ")),
            Cell::wrap(r.purpose.as_deref().unwrap_or("")),
            Cell::wrap(&r.responsibilities.join("\n")),
            Cell::wrap(&r.authorities.join("\n")),
            Cell::wrap(&r.competencies.join("\n")),
            Cell::wrap(&holders.join("\n")),
            Cell::wrap(&deputies.join("\n")),
            Cell::text(&r.reviewed.map_or(String::new(), |d| d.to_string())),
        ]);
    }
    sheet.fit_widths(8.0, 60.0);
    sheet
}

/// The people: who they are, where they report and what they hold on the
/// date. "status" is their standing on the date (active, left, not yet
/// joined).
pub fn people_sheet(ix: &Index<'_>) -> Sheet {
    let ws = ix.ws;
    let mut sheet = Sheet::new("People", 1, 2);
    sheet.rows.push(
        [
            "person id",
            "name",
            "email",
            "job title",
            "department",
            "manager",
            "kind",
            &format!("status on {}", ix.on),
            "left",
            "MFA",
            &format!("roles held on {}", ix.on),
        ]
        .iter()
        .map(|h| Cell::header(h))
        .collect(),
    );
    for p in ws.people.values() {
        let status = if p.has_left_by(ix.on) {
            "left"
        } else if p.is_active_on(ix.on) {
            "active"
        } else {
            "not yet joined"
        };
        let manager = p
            .manager
            .as_deref()
            .map_or(String::new(), |m| match ws.people.get(m) {
                Some(mp) => format!("{} ({m})", mp.display_name()),
                None => format!("{m} (unknown person)"),
            });
        let roles: Vec<&str> = ix
            .roles_held(&p.id)
            .iter()
            .map(|r| r.display_name())
            .collect();
        sheet.rows.push(vec![
            Cell::text(&p.id),
            Cell::text(p.display_name()),
            Cell::text(p.email.as_deref().unwrap_or("")),
            Cell::text(p.title.as_deref().unwrap_or("")),
            Cell::text(p.department.as_deref().unwrap_or("")),
            Cell::text(&manager),
            Cell::text(p.kind.as_str()),
            Cell::text(status),
            Cell::text(&p.left.map_or(String::new(), |d| d.to_string())),
            Cell::text(if p.mfa { "yes" } else { "no" }),
            Cell::wrap(&roles.join("\n")),
        ]);
    }
    sheet.fit_widths(6.0, 50.0);
    sheet
}

/// The findings on the date, most severe first.
pub fn findings_sheet(findings: &[Finding]) -> Sheet {
    let mut sheet = Sheet::new("Findings", 1, 0);
    sheet.rows.push(
        ["severity", "rule", "reference", "entity", "message"]
            .iter()
            .map(|h| Cell::header(h))
            .collect(),
    );
    for f in findings {
        sheet.rows.push(vec![
            Cell::text(f.severity.as_str()),
            Cell::text(f.rule),
            Cell::text(&f.reference),
            Cell::text(&format!("{} {}", f.entity.kind.as_str(), f.entity.id)),
            Cell::wrap(&f.message),
        ]);
    }
    sheet.fit_widths(8.0, 90.0);
    sheet
}

/// What the workbook is: organisation, date, content hash, letter key.
pub fn about_sheet(ws: &Workspace, as_of: Date) -> Sheet {
    about_sheet_hashed(ws, as_of, &super::content_hash(ws))
}

/// [`about_sheet`] with the content hash already computed.
fn about_sheet_hashed(ws: &Workspace, as_of: Date, hash: &str) -> Sheet {
    let mut sheet = Sheet::new("About", 0, 0);
    let mut pair = |k: &str, v: &str| {
        sheet.rows.push(vec![Cell::header(k), Cell::wrap(v)]);
    };
    pair("organisation", &ws.organisation.name);
    pair("ISMS scope", ws.organisation.scope.as_deref().unwrap_or(""));
    pair("as of", &as_of.to_string());
    pair("content hash", hash);
    pair("hash definition", super::HASH_DEFINITION);
    sheet.rows.push(Vec::new());
    for l in [
        Letter::R,
        Letter::A,
        Letter::AR,
        Letter::S,
        Letter::C,
        Letter::I,
    ] {
        sheet.rows.push(vec![
            Cell::new(l.as_str(), Style::Letter(l)),
            Cell::text(l.word()),
        ]);
    }
    sheet.widths = vec![18.0, 100.0];
    sheet
}

/// Every sheet of the workbook, in order.
pub fn workbook_sheets(ws: &Workspace, findings: &[Finding], as_of: Date) -> Vec<Sheet> {
    workbook_sheets_hashed(ws, findings, as_of, &super::content_hash(ws))
}

/// [`workbook_sheets`] with the content hash already computed, so the
/// workbook hashes the register once for its About sheet and properties.
fn workbook_sheets_hashed(
    ws: &Workspace,
    findings: &[Finding],
    as_of: Date,
    hash: &str,
) -> Vec<Sheet> {
    let ix = Index::new(ws, as_of);
    vec![
        matrix_sheet(ws),
        roles_sheet(&ix),
        people_sheet(&ix),
        findings_sheet(findings),
        about_sheet_hashed(ws, as_of, hash),
    ]
}

/// The matrix as CSV (see the module documentation for the layout).
pub fn render_csv(ws: &Workspace) -> Vec<u8> {
    let sheet = matrix_sheet(ws);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_writer(Vec::new());
    for row in &sheet.rows {
        // Writing into memory cannot fail.
        let _ = w.write_record(row.iter().map(|c| c.text.as_str()));
    }
    w.into_inner().unwrap_or_default()
}

/// Fill colour of each letter: distinct, light enough for black text, and
/// never the only signal (the letter itself is printed, bold).
fn letter_fill(l: Letter) -> u32 {
    match l {
        Letter::R => 0x9DC3E6,
        Letter::A | Letter::AR => 0xF4B183,
        Letter::S => 0xA9D18E,
        Letter::C => 0xFFE699,
        Letter::I => 0xD9D9D9,
    }
}

/// Excel refuses longer cells.
const MAX_CELL_CHARS: usize = 32_000;

/// The workbook as xlsx bytes. Deterministic: the creation date recorded
/// in the file is `as_of`, and the zip entries carry no time stamps.
pub fn render_xlsx(
    ws: &Workspace,
    findings: &[Finding],
    as_of: Date,
) -> Result<Vec<u8>, XlsxError> {
    let hash = super::content_hash(ws);
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(as_of.year()).unwrap_or(2000),
        as_of.month() as u8,
        as_of.day() as u8,
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "RASCI matrix: {}",
                safe::plain(&ws.organisation.name)
            ))
            .set_comment(format!("Register as of {as_of}; {hash}"))
            .set_creation_datetime(&created),
    );
    let base = Format::new().set_align(FormatAlign::Top);
    let wrap = base.clone().set_text_wrap();
    let header = Format::new()
        .set_bold()
        .set_align(FormatAlign::Bottom)
        .set_background_color(0xE7E6E6)
        .set_border_bottom(FormatBorder::Thin);
    let role_header = header
        .clone()
        .set_rotation(90)
        .set_align(FormatAlign::Center);
    let letters: Vec<Format> = Letter::ALL
        .iter()
        .map(|&l| {
            Format::new()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(letter_fill(l))
                .set_border(FormatBorder::Thin)
        })
        .collect();
    let letter = |l: Letter| &letters[Letter::ALL.iter().position(|x| *x == l).unwrap_or(0)];
    for sheet in workbook_sheets_hashed(ws, findings, as_of, &hash) {
        let ws_out = book.add_worksheet();
        ws_out.set_name(sheet.name)?;
        for (c, w) in sheet.widths.iter().enumerate() {
            ws_out.set_column_width(c as u16, *w)?;
        }
        let mut role_header_row = None;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32;
            for (c, cell) in row.iter().enumerate() {
                let text: String = if cell.text.chars().count() > MAX_CELL_CHARS {
                    cell.text.chars().take(MAX_CELL_CHARS).collect()
                } else {
                    cell.text.clone()
                };
                if text.is_empty() && cell.style != Style::Header {
                    continue;
                }
                let format = match cell.style {
                    Style::Text => &base,
                    Style::Wrap => &wrap,
                    Style::Header => &header,
                    Style::RoleHeader => {
                        role_header_row = Some(r);
                        &role_header
                    }
                    Style::Letter(l) => letter(l),
                };
                ws_out.write_string_with_format(r, c as u16, text, format)?;
            }
        }
        if let Some(r) = role_header_row {
            // Room for the vertical role names.
            let longest = sheet.rows[r as usize]
                .iter()
                .map(|c| c.text.chars().count())
                .max()
                .unwrap_or(10);
            ws_out.set_row_height(r, (longest as f64 * 6.5 + 10.0).clamp(30.0, 220.0))?;
        }
        if sheet.header_rows > 0 || sheet.frozen_cols > 0 {
            ws_out.set_freeze_panes(sheet.header_rows, sheet.frozen_cols)?;
        }
        if sheet.header_rows > 0 {
            ws_out.set_repeat_rows(0, sheet.header_rows - 1)?;
        }
        if sheet.frozen_cols > 0 {
            ws_out.set_repeat_columns(0, sheet.frozen_cols - 1)?;
        }
        ws_out.set_landscape();
        ws_out.set_print_fit_to_pages(1, 0);
        ws_out.set_print_gridlines(true);
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{clean, today};

    #[test]
    fn csv_has_two_header_rows_and_a_row_per_subject() {
        let ws = clean();
        let csv = String::from_utf8(render_csv(&ws)).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        let roles = ws.roles.len();
        assert!(lines[0].starts_with("subject,title,group,"));
        assert_eq!(lines[0].split(',').count(), 3 + roles);
        assert!(lines[1].starts_with(",,,"));
        let subjects = catalogue::subjects(&ws).len();
        assert_eq!(lines.len(), 2 + subjects);
        let a515 = lines.iter().find(|l| l.starts_with("A.5.15,")).unwrap();
        assert!(a515.contains(",A"), "{a515}");
    }

    #[test]
    fn every_text_cell_is_defused() {
        let mut ws = clean();
        let first = ws.roles.keys().next().unwrap().clone();
        ws.roles[&first].name = "=HYPERLINK(\"http://evil\",\"x\")".into();
        ws.roles[&first].responsibilities = vec!["@SUM(1)".into()];
        let p = ws.people.keys().next().unwrap().clone();
        ws.people[&p].name = "+cmd|' /C calc'!A0".into();
        ws.people[&p].title = Some("\u{1b}[31m-2+3".into());
        let findings = crate::rules::findings(&ws, today());
        for sheet in workbook_sheets(&ws, &findings, today()) {
            for row in &sheet.rows {
                for cell in row {
                    assert!(
                        !cell.text.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{}: {:?}",
                        sheet.name,
                        cell.text
                    );
                    assert!(!cell.text.contains('\u{1b}'), "{:?}", cell.text);
                }
            }
        }
        let xlsx = render_xlsx(&ws, &findings, today()).unwrap();
        assert!(xlsx.starts_with(b"PK"));
    }

    #[test]
    fn xlsx_is_deterministic() {
        let ws = clean();
        let f = crate::rules::findings(&ws, today());
        assert_eq!(
            render_xlsx(&ws, &f, today()).unwrap(),
            render_xlsx(&ws, &f, today()).unwrap()
        );
    }

    #[test]
    fn unknown_roles_and_subjects_keep_their_letters() {
        let mut ws = clean();
        ws.matrix.set("no-such-subject", "ghost", Some(Letter::R));
        let sheet = matrix_sheet(&ws);
        let last = sheet.rows.last().unwrap();
        assert_eq!(last[0].text, "no-such-subject");
        assert_eq!(last[2].text, UNKNOWN_GROUP);
        assert_eq!(last.last().unwrap().text, "R");
        assert_eq!(sheet.rows[1].last().unwrap().text, "(unknown role)");
    }
}
