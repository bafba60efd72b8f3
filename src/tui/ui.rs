//! Drawing a frame: the layout of the panes, the status line and the
//! layers on top. Everything here reads the state; nothing edits the
//! register.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::app::{App, Focus, Layer, Tone};
use super::overlay;
use super::pane::PaneCtx;
use crate::rules::counts;
use crate::text::{sanitize, truncate};

/// The smallest screen the workbench draws on.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Where each pane goes on a screen of `area`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub tree: Option<Rect>,
    pub matrix: Option<Rect>,
    pub findings: Option<Rect>,
    pub detail: Option<Rect>,
    pub status: Rect,
}

/// Splits the screen. Wide screens put the detail beside the findings;
/// narrow ones stack it under the matrix. A maximised pane takes
/// everything but the status line and a detail pane below it, tall enough
/// for a whole finding with its fix (on a small screen, the reason to
/// maximise).
pub fn layout(area: Rect, focus: Focus, maximised: bool) -> Panes {
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if maximised {
        let (main, detail) = if body.height >= 16 {
            let [main, detail] = Layout::vertical([
                Constraint::Min(6),
                Constraint::Length((body.height / 3).max(8)),
            ])
            .areas(body);
            (main, Some(detail))
        } else {
            (body, None)
        };
        let mut p = Panes {
            tree: None,
            matrix: None,
            findings: None,
            detail,
            status,
        };
        match focus {
            Focus::Tree => p.tree = Some(main),
            Focus::Matrix => p.matrix = Some(main),
            Focus::Findings => p.findings = Some(main),
        }
        return p;
    }
    let wide = area.width >= 120;
    let bottom_h = if area.height >= 40 {
        12
    } else {
        (area.height / 3).max(7)
    };
    let [top, bottom] =
        Layout::vertical([Constraint::Min(6), Constraint::Length(bottom_h)]).areas(body);
    let tree_w = if wide {
        (area.width * 28 / 100).clamp(30, 48)
    } else {
        28
    };
    let [tree, right] =
        Layout::horizontal([Constraint::Length(tree_w), Constraint::Min(20)]).areas(top);
    if wide {
        let [findings, detail] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(bottom);
        Panes {
            tree: Some(tree),
            matrix: Some(right),
            findings: Some(findings),
            detail: Some(detail),
            status,
        }
    } else {
        let [matrix, detail] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(6)]).areas(right);
        Panes {
            tree: Some(tree),
            matrix: Some(matrix),
            findings: Some(bottom),
            detail: Some(detail),
            status,
        }
    }
}

fn pane_block<'a>(app: &App, title: String, focused: bool) -> Block<'a> {
    let (bs, ts) = if focused {
        (app.theme.border_focused, app.theme.title_focused)
    } else {
        (app.theme.border, app.theme.title)
    };
    // The focused pane's title is marked with brackets too, not only colour.
    let title = if focused {
        format!("[{title}]")
    } else {
        format!(" {title} ")
    };
    Block::default()
        .borders(Borders::ALL)
        .border_set(app.glyphs.border)
        .border_style(bs)
        .title(Span::styled(title, ts))
}

/// Draws one frame.
pub fn draw(f: &mut Frame<'_>, app: &mut App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Resize to at least {MIN_WIDTH}x{MIN_HEIGHT} (now {}x{})",
            area.width, area.height
        );
        let y = area.y + area.height / 2;
        let x = area.x + area.width.saturating_sub(msg.chars().count() as u16) / 2;
        f.buffer_mut().set_string(
            x,
            y,
            truncate(&msg, area.width as usize, true),
            Style::new(),
        );
        app.areas = Default::default();
        return;
    }
    app.refresh();
    let panes = layout(area, app.focus, app.maximised);
    let mut cursor = None;
    // The panes see only this, and their own state.
    let (theme, glyphs) = (app.theme.clone(), app.glyphs);
    let ctx = |focused: bool| PaneCtx {
        ws: app.session.workspace(),
        findings: app.session.findings(),
        on: app.session.as_of(),
        today: app.session.evaluation().today,
        theme: &theme,
        glyphs: &glyphs,
        focused,
    };

    if let Some(r) = panes.tree {
        let focused = app.focus == Focus::Tree;
        let title = format!("1 {} · v", app.tree.view.title());
        let block = pane_block(app, title, focused);
        let inner = block.inner(r);
        f.render_widget(block, r);
        app.areas.tree = Some(inner);
        let c = super::tree::render(f, inner, &ctx(focused), &mut app.tree);
        if focused {
            cursor = c;
        }
    } else {
        app.areas.tree = None;
    }
    if let Some(r) = panes.matrix {
        let focused = app.focus == Focus::Matrix;
        let filters = app.matrix.filters_label();
        let mut title = if app.matrix.people {
            "2 Matrix (people)".to_string()
        } else {
            "2 Matrix".to_string()
        };
        if !filters.is_empty() {
            title.push_str(&format!(" — {}", sanitize(&filters)));
        }
        let block = pane_block(app, title, focused);
        let inner = block.inner(r);
        f.render_widget(block, r);
        app.areas.matrix = Some(inner);
        let c = super::matrix::render(f, inner, &ctx(focused), &mut app.matrix);
        if focused {
            cursor = c;
        }
    } else {
        app.areas.matrix = None;
    }
    if let Some(r) = panes.findings {
        let focused = app.focus == Focus::Findings;
        let (e, w, i) = counts(app.session.findings());
        let block = pane_block(
            app,
            format!("3 Findings ({e} errors, {w} warnings, {i} info)"),
            focused,
        );
        let inner = block.inner(r);
        f.render_widget(block, r);
        app.areas.findings = Some(inner);
        let c = super::findings::render(f, inner, &ctx(focused), &mut app.findings);
        if focused {
            cursor = c;
        }
    } else {
        app.areas.findings = None;
    }
    if let Some(r) = panes.detail {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(app.glyphs.border)
            .border_style(app.theme.border)
            .title(Span::styled(" Detail ", app.theme.title));
        let inner = block.inner(r);
        f.render_widget(block, r);
        let sel = super::detail::Selection {
            focus: app.focus,
            tree: &app.tree,
            matrix: &app.matrix,
            findings: &app.findings,
        };
        super::detail::render(f, inner, &ctx(false), &sel);
    }
    status_line(f, panes.status, app);

    // Layers, bottom to top; only the top one places the cursor.
    let theme = app.theme.clone();
    let glyphs = app.glyphs;
    let keymap = app.keymap.clone();
    let problems = app.key_problems.clone();
    let n = app.layers.len();
    for (k, layer) in app.layers.iter_mut().enumerate() {
        let c = match layer {
            Layer::Help(h) => {
                h.render(f, area, &keymap, &problems, &theme, &glyphs);
                None
            }
            Layer::Messages(m) => {
                m.render(f, area, &theme, &glyphs);
                None
            }
            Layer::Present(p) => {
                p.render(f, area, &glyphs);
                None
            }
            Layer::Palette(p) => p.render(
                f,
                area,
                "Command — type to filter, Enter runs",
                &theme,
                &glyphs,
            ),
            Layer::Finder(p) => p.render(
                f,
                area,
                "Find — people, roles, subjects, findings",
                &theme,
                &glyphs,
            ),
            Layer::Form(ef) => ef.form.render(f, area, &theme, &glyphs),
            Layer::Leave(d) => d.render(f, area, &theme, &glyphs),
            Layer::Pick(p, what) => p.render(
                f,
                area,
                match what {
                    super::form::Pick::Person => "Pick a person — type to filter, Enter chooses",
                    super::form::Pick::Role => "Pick a role — type to filter, Enter chooses",
                },
                &theme,
                &glyphs,
            ),
            Layer::Confirm(q) => {
                q.render(f, area, &theme, &glyphs);
                None
            }
        };
        if k + 1 == n {
            cursor = c;
        }
    }
    // Keep the terminal cursor on the selection, for screen readers.
    if let Some((x, y)) = cursor {
        f.set_cursor_position((x, y));
    }
    if app.glyphs.ascii {
        asciify(f.buffer_mut());
    }
}

/// Replaces every non-ASCII character on screen (punctuation in our own
/// text, accents in names) with an ASCII stand-in, for terminals whose
/// locale is not UTF-8.
fn asciify(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        let sym = cell.symbol();
        if sym.is_ascii() {
            continue;
        }
        let plain = match sym {
            "·" | "—" | "–" | "─" => "-",
            "│" => "|",
            "◂" => "<",
            "▸" | "▾" => ">",
            "…" => "~",
            "↑" => "^",
            "↓" => "v",
            "←" => "<",
            "→" => ">",
            "●" => "*",
            _ => {
                // Latin letters with accents keep their base letter.
                let c = sym.chars().next().unwrap_or('?');
                match crate::text::base_letter(c) {
                    Some(b) => {
                        let mut tmp = [0u8; 4];
                        let s: &str = b.encode_utf8(&mut tmp);
                        cell.set_symbol(s);
                        continue;
                    }
                    None => "?",
                }
            }
        };
        cell.set_symbol(plain);
    }
}

fn status_line(f: &mut Frame<'_>, area: Rect, app: &App) {
    let theme = &app.theme;
    let glyphs = &app.glyphs;
    let ws = app.session.workspace();
    let name = if ws.organisation.name.is_empty() {
        app.session.store().dir().display().to_string()
    } else {
        ws.organisation.name.clone()
    };
    let mut left = vec![Span::styled(
        format!(" {} ", truncate(&sanitize(&name), 24, glyphs.ascii)),
        theme.status,
    )];
    left.push(Span::raw(format!(" as of {} ", app.session.as_of())));
    if app.read_only.is_some() {
        left.push(Span::styled(
            " READ-ONLY ",
            theme.error.add_modifier(ratatui::style::Modifier::REVERSED),
        ));
    } else if app.session.is_dirty() {
        left.push(Span::styled(
            format!(" {} modified ", glyphs.dirty),
            theme.warning,
        ));
    } else {
        left.push(Span::styled(" saved ", theme.dim));
    }
    let (e, w, i) = counts(app.session.findings());
    left.push(Span::styled(format!(" {}{e}", glyphs.error), theme.error));
    left.push(Span::styled(
        format!(" {}{w}", glyphs.warning),
        theme.warning,
    ));
    left.push(Span::styled(format!(" {}{i} ", glyphs.info), theme.info));
    let used: usize = left.iter().map(|s| s.content.chars().count()).sum();
    let room = (area.width as usize).saturating_sub(used + 1);
    let mut spans = left;
    spans.push(Span::raw(" "));
    match &app.message {
        Some((text, tone)) => {
            let style = if *tone == Tone::Error {
                theme.error
            } else {
                Style::new()
            };
            spans.push(Span::styled(
                truncate(&sanitize(text), room, glyphs.ascii).into_owned(),
                style,
            ));
        }
        None if !app.pending.is_empty() => {
            let keys: Vec<String> = app.pending.iter().map(|k| k.to_string()).collect();
            spans.push(Span::styled(format!("{} …", keys.join(" ")), theme.dim));
        }
        None => {
            // An open layer has keys of its own; otherwise the focused
            // pane's hints, always ending with the way to the help.
            let layer_hints: Option<&[(&str, &str)]> = match app.layers.last() {
                Some(Layer::Confirm(q)) if q.save_label.is_some() => {
                    Some(&[("s", "save"), ("y", "quit"), ("n", "stay")])
                }
                Some(Layer::Confirm(_)) => Some(&[("y", "yes"), ("n", "no")]),
                Some(Layer::Palette(_)) | Some(Layer::Finder(_)) | Some(Layer::Pick(..)) => {
                    Some(&[("Esc", "close"), ("Enter", "choose"), ("↑↓", "move")])
                }
                Some(Layer::Help(_)) | Some(Layer::Messages(_)) => {
                    Some(&[("Esc", "close"), ("↑↓", "scroll")])
                }
                // Drawn over the status line; it shows its own keys.
                Some(Layer::Present(_)) => Some(&[]),
                // A form's keys depend on its focused field (below).
                Some(Layer::Form(_)) | Some(Layer::Leave(_)) | None => None,
            };
            let pairs: Vec<(String, &str)> = match (layer_hints, app.layers.last()) {
                // The form's own key map, for the field the cursor is in.
                (_, Some(Layer::Form(ef))) => ef.form.hints(glyphs.ascii),
                // The leaver dialog is a form with what follows below it.
                (_, Some(Layer::Leave(d))) => {
                    let mut h = d.form.hints(glyphs.ascii);
                    h.push(("PgDn".to_string(), "more"));
                    h
                }
                (Some(list), _) => list.iter().map(|(k, w)| (k.to_string(), *w)).collect(),
                (None, _) => {
                    let help = app
                        .keymap
                        .first_key(super::command::Command::Help, glyphs.ascii);
                    let reserve = help.as_ref().map_or(0, |k| k.chars().count() + 6);
                    let mut h = overlay::hints(
                        &app.keymap,
                        app.focus.context(),
                        room.saturating_sub(reserve),
                        glyphs.ascii,
                        app.read_only.is_some(),
                    );
                    h.retain(|(_, w)| *w != "help");
                    if let Some(k) = help {
                        h.push((k, "help"));
                    }
                    h
                }
            };
            // Whole hints only: stop before one that would be cut.
            let mut used = 0;
            for (key, word) in pairs {
                let len = key.chars().count() + word.chars().count() + 3;
                if used + len > room + 2 {
                    break;
                }
                used += len;
                spans.push(Span::styled(key, theme.key));
                spans.push(Span::raw(format!(" {word}  ")));
            }
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_fit_and_do_not_overlap() {
        let shapes = [
            (false, Focus::Matrix),
            (true, Focus::Tree),
            (true, Focus::Findings),
        ];
        for ((w, h), (maximised, focus)) in [(80, 24), (100, 30), (120, 40), (200, 60)]
            .into_iter()
            .flat_map(|size| shapes.map(|s| (size, s)))
        {
            let area = Rect::new(0, 0, w, h);
            let p = layout(area, focus, maximised);
            let rects: Vec<Rect> = [p.tree, p.matrix, p.findings, p.detail]
                .into_iter()
                .flatten()
                .chain([p.status])
                .collect();
            for (i, a) in rects.iter().enumerate() {
                assert!(
                    area.contains(a.as_position()) && a.right() <= w && a.bottom() <= h,
                    "{w}x{h}: {a:?}"
                );
                for b in &rects[i + 1..] {
                    assert!(!a.intersects(*b), "{w}x{h}: {a:?} overlaps {b:?}");
                }
            }
        }
        let p = layout(Rect::new(0, 0, 80, 24), Focus::Findings, true);
        assert!(p.findings.is_some() && p.tree.is_none() && p.matrix.is_none());
        let (findings, detail) = (p.findings.unwrap(), p.detail.unwrap());
        assert!(
            !findings.intersects(detail) && detail.height >= 7,
            "{detail:?}"
        );
    }
}
