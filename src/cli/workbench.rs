//! Starting the full-screen workbench from the command line.

use std::path::PathBuf;

use super::{EXIT_USAGE, Global, open_workspace};
use crate::store::template::{Template, init};
use crate::text::sanitize;
use crate::tui::{self, Launch};

fn launch(global: &Global) -> Launch {
    Launch {
        today: global.today(),
        as_of: global.as_of(),
        read_only: global.read_only,
        ascii: global.ascii,
        mouse: !global.no_mouse,
        present: false,
    }
}

/// `rasci` with no command: the workbench on the discovered workspace.
pub fn open(global: &Global) -> u8 {
    if !tui::has_terminal() {
        return no_terminal(global);
    }
    match open_workspace(global) {
        Ok(opened) => tui::run(opened, launch(global)),
        Err(code) => code,
    }
}

/// `rasci present`: the workbench, read-only, opened in presentation mode.
pub fn present(global: &Global) -> u8 {
    if !tui::has_terminal() {
        return no_terminal(global);
    }
    match open_workspace(global) {
        Ok(opened) => tui::run(
            opened,
            Launch {
                read_only: true,
                present: true,
                ..launch(global)
            },
        ),
        Err(code) => code,
    }
}

/// Without a terminal nothing is created or opened; a broken workspace is
/// still reported (that is what a script needs to hear first).
fn no_terminal(global: &Global) -> u8 {
    match super::open::report_problems_only(global) {
        Err(code) => code,
        Ok(()) => tui::no_terminal(),
    }
}

/// `rasci demo`: a fresh copy of the demo, kept after quitting so the
/// changes can be inspected.
pub fn demo(global: &Global, dir: Option<PathBuf>) -> u8 {
    if !tui::has_terminal() {
        return tui::no_terminal();
    }
    let dir = dir.unwrap_or_else(|| {
        let stamp = jiff::ZonedDateTime::now()
            .strftime("%Y%m%d-%H%M%S")
            .to_string();
        std::env::temp_dir().join(format!("rasci-demo-{stamp}-{}", std::process::id()))
    });
    if let Err(e) = init(&dir, Template::Demo) {
        eprintln!("error: {}", sanitize(&e.to_string()));
        return EXIT_USAGE;
    }
    let mut g = global.clone();
    g.workspace = Some(dir.clone());
    let code = open(&g);
    eprintln!(
        "The demo workspace is in {}",
        sanitize(&dir.display().to_string())
    );
    code
}
