//! Starting the full-screen workbench from the command line.

use std::ffi::OsStr;
use std::path::PathBuf;

use super::demo_history;

use super::open::{open_workspace, report_problems_only};
use super::{CommandResult, Ctx};
use crate::store::open::Access;
use crate::store::template::{Template, init};
use crate::text::sanitize;
use crate::tui::{self, Launch};

fn launch(cx: &Ctx) -> Launch {
    Launch {
        eval: cx.eval.clone(),
        read_only: cx.global.read_only,
        ascii: cx.global.ascii,
        mouse: !cx.global.no_mouse,
        present: false,
    }
}

/// `rasci` with no command: the workbench on the discovered workspace.
pub fn open(cx: &mut Ctx) -> CommandResult {
    if !tui::has_terminal() {
        return no_terminal(cx);
    }
    let launch = launch(cx);
    let access = if launch.read_only {
        Access::Read
    } else {
        Access::Edit
    };
    let opened = open_workspace(cx, access)?;
    Ok(tui::run(opened, launch))
}

/// `rasci present`: the workbench, read-only, opened in presentation mode.
pub fn present(cx: &mut Ctx) -> CommandResult {
    if !tui::has_terminal() {
        return no_terminal(cx);
    }
    let opened = open_workspace(cx, Access::Read)?;
    Ok(tui::run(
        opened,
        Launch {
            read_only: true,
            present: true,
            ..launch(cx)
        },
    ))
}

/// Without a terminal nothing is created or opened; a broken workspace is
/// still reported (that is what a script needs to hear first).
fn no_terminal(cx: &Ctx) -> CommandResult {
    report_problems_only(cx)?;
    Ok(tui::no_terminal())
}

/// `rasci demo`: a fresh copy of the demo, kept after quitting so the
/// changes can be inspected.
pub fn demo(cx: &mut Ctx, dir: Option<PathBuf>) -> CommandResult {
    if !tui::has_terminal() {
        return Ok(tui::no_terminal());
    }
    let dir = dir.unwrap_or_else(|| {
        let stamp = jiff::ZonedDateTime::now()
            .strftime("%Y%m%d-%H%M%S")
            .to_string();
        std::env::temp_dir().join(format!("rasci-demo-{stamp}-{}", std::process::id()))
    });
    init(&dir, Template::Demo)?;
    // The history is a bonus: without git the demo opens all the same, and
    // says why once, after the workbench has closed (as the folder is).
    let history = demo_history::build(&dir, cx.eval.today, OsStr::new("git"));
    let named = cx.global.workspace.replace(dir.clone());
    let code = open(cx);
    cx.global.workspace = named;
    super::error::say!(
        "The demo workspace is in {}",
        sanitize(&dir.display().to_string())
    );
    match history {
        Ok(built) => super::error::say!(
            "Its git history has {} commits, from {} to {}: try `rasci log` there.",
            built.commits,
            built.first,
            built.last
        ),
        Err(why) => super::error::say!("{why}"),
    }
    code
}
