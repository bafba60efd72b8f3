//! `rasci git setup` (the merge driver, its attributes and the pre-commit
//! hook in the workspace's repository) and `rasci merge-driver`, which git
//! runs for each workspace file a merge touches on both sides.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::ValueEnum;

use super::error::say;
use super::{CommandError, CommandResult, Ctx, EXIT_FINDINGS, EXIT_OK, Format};
use crate::history::merge::{Unparsable, merge};
use crate::store::open::Access;
use crate::store::schema::FileKind;
use crate::text::sanitize;

/// `rasci git ...`.
#[derive(Debug, clap::Subcommand)]
pub enum GitCommand {
    /// Set up this workspace's git repository for the register: the merge
    /// driver (in .gitattributes and the repository's config) and a
    /// pre-commit hook that runs `rasci check` on what is being committed.
    Setup(SetupArgs),
}

#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// Which findings make the pre-commit hook refuse a commit: error,
    /// warning (errors or warnings), or never (it still refuses a register
    /// that does not load, such as one with conflict markers).
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub hook_fails_on: FailOn,
    /// The rasci program the driver and the hook run: default the full
    /// path of this one; `rasci` finds it on PATH when the hook runs.
    #[arg(long, value_name = "PROGRAM")]
    pub program: Option<String>,
    /// Do not install the pre-commit hook (only the merge driver).
    #[arg(long)]
    pub no_hook: bool,
    /// Replace a pre-commit hook that rasci did not write.
    #[arg(long)]
    pub force: bool,
}

/// `--hook-fails-on` and `check --fail-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Exit 1 when there are errors.
    Error,
    /// Exit 1 when there are errors or warnings.
    Warning,
    /// Exit 0 whatever the findings.
    Never,
}

impl FailOn {
    /// The word on the command line.
    pub fn word(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Never => "never",
        }
    }

    /// Whether findings of these counts fail.
    pub fn fails(self, errors: usize, warnings: usize) -> bool {
        match self {
            FailOn::Error => errors > 0,
            FailOn::Warning => errors + warnings > 0,
            FailOn::Never => false,
        }
    }
}

/// `rasci merge-driver BASE OURS THEIRS [PATH]`.
#[derive(Debug, clap::Args)]
pub struct DriverArgs {
    /// The common ancestor's version (git's %O).
    pub base: PathBuf,
    /// Our version (git's %A); the result is written here.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// The file's path in the repository (git's %P), for messages.
    pub path: Option<String>,
}

/// The first line of a hook rasci wrote, to know it again.
const HOOK_MARK: &str = "# rasci pre-commit hook";

/// Merges one workspace file for git: exit 0 when clean, 1 when the
/// result holds conflicts (git then records the file as conflicted).
pub fn merge_driver(_cx: &mut Ctx, a: &DriverArgs) -> CommandResult {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| {
            CommandError::usage(format!("merge driver: cannot read {}: {e}", p.display()))
        })
    };
    let (base, ours, theirs) = (read(&a.base)?, read(&a.ours)?, read(&a.theirs)?);
    let shown = sanitize(a.path.as_deref().unwrap_or("the file")).into_owned();
    let (text, code) = match merge(&base, &ours, &theirs) {
        Ok(m) => {
            for c in &m.conflicts {
                say!(
                    "{shown}: conflict: {}: ours {}, theirs {}",
                    sanitize(&c.place),
                    sanitize(&c.ours),
                    sanitize(&c.theirs)
                );
            }
            let code = if m.conflicts.is_empty() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            };
            (m.text, code)
        }
        Err(Unparsable { side, message }) => {
            // No structure to merge by: the whole file is the conflict.
            let side = match side {
                "ours" => "our",
                "theirs" => "their",
                _ => "the common ancestor's",
            };
            say!(
                "{shown}: conflict: {side} version is not valid TOML ({}); both versions are left in the file",
                sanitize(&message)
            );
            let nl = |s: &str| if s.ends_with('\n') { "" } else { "\n" };
            let text = format!(
                "# rasci: {shown}: not merged, {side} version is not valid TOML\n<<<<<<< ours\n{ours}{}=======\n{theirs}{}>>>>>>> theirs\n",
                nl(&ours),
                nl(&theirs)
            );
            (text, EXIT_FINDINGS)
        }
    };
    std::fs::write(&a.ours, text).map_err(|e| {
        CommandError::usage(format!(
            "merge driver: cannot write {}: {e}",
            a.ours.display()
        ))
    })?;
    Ok(code)
}

/// Runs git in `dir`; its trimmed standard output, or the error to show.
fn git(dir: &Path, args: &[&str]) -> Result<String, CommandError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| {
            CommandError::usage(format!("cannot run git: {e}"))
                .hint("install git, then run `git init` and `rasci git setup` in the workspace")
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(CommandError::usage(format!(
            "git {}: {err}",
            args.join(" ")
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// A word for `sh`, in single quotes.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

pub fn setup(cx: &mut Ctx, a: &SetupArgs) -> CommandResult {
    let place = super::open::place(cx);
    let (found, _) = place
        .find(Access::Read)
        .map_err(|e| super::open::open_error(e, Format::Text))?;
    let dir = super::open::absolute(&found.dir);
    let top = match git(&dir, &["rev-parse", "--show-toplevel"]) {
        Ok(t) => PathBuf::from(t),
        Err(e) if e.hints.is_empty() => {
            return Err(CommandError::usage(format!(
                "the workspace {} is not in a git repository",
                dir.display()
            ))
            .hint(format!(
                "start one: `git init {}`, then `rasci git setup`",
                dir.display()
            )));
        }
        Err(e) => return Err(e),
    };
    let program = match &a.program {
        Some(p) => p.clone(),
        None => std::env::current_exe()
            .map_err(|e| CommandError::usage(format!("cannot find this program's path: {e}")))?
            .display()
            .to_string(),
    };
    let quoted = sh_quote(&program);

    // The attributes, next to the workspace's files.
    let attributes = dir.join(".gitattributes");
    let existing = std::fs::read_to_string(&attributes).unwrap_or_default();
    let mut text = existing.clone();
    let kinds = [
        FileKind::Workspace,
        FileKind::People,
        FileKind::Roles,
        FileKind::Matrix,
    ];
    for kind in kinds {
        let line = format!("/{} merge=rasci", kind.file_name());
        if !existing.lines().any(|l| l.trim() == line) {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&line);
            text.push('\n');
        }
    }
    if text != existing {
        std::fs::write(&attributes, &text).map_err(|e| {
            CommandError::usage(format!("cannot write {}: {e}", attributes.display()))
        })?;
    }
    cx.out.line(&format!(
        "Wrote {} (the workspace files merge with the rasci driver).",
        sanitize(&attributes.display().to_string())
    ));

    git(
        &dir,
        &["config", "merge.rasci.name", "rasci register merge"],
    )?;
    let driver = format!("{quoted} merge-driver %O %A %B %P");
    git(&dir, &["config", "merge.rasci.driver", &driver])?;
    cx.out.line(&format!(
        "Set merge.rasci.driver = {} in the repository's config.",
        sanitize(&driver)
    ));

    if a.no_hook {
        return Ok(EXIT_OK);
    }
    let hooks = git(&dir, &["rev-parse", "--git-path", "hooks"])?;
    let hooks = if Path::new(&hooks).is_absolute() {
        PathBuf::from(hooks)
    } else {
        dir.join(hooks)
    };
    let hook = hooks.join("pre-commit");
    if let Ok(old) = std::fs::read_to_string(&hook)
        && !old.lines().nth(1).is_some_and(|l| l.starts_with(HOOK_MARK))
        && !a.force
    {
        return Err(CommandError::usage(format!(
            "{} exists and was not written by rasci; it is left as it is",
            hook.display()
        ))
        .hint("add the line the docs give to your hook, or run again with --force to replace it"));
    }
    let rel = dir
        .canonicalize()
        .ok()
        .zip(top.canonicalize().ok())
        .and_then(|(d, t)| d.strip_prefix(&t).ok().map(Path::to_path_buf))
        .unwrap_or_default();
    let rel = if rel.as_os_str().is_empty() {
        ".".to_string()
    } else {
        rel.display().to_string()
    };
    let script = hook_script(&quoted, &rel, a.hook_fails_on);
    std::fs::create_dir_all(&hooks)
        .and_then(|()| std::fs::write(&hook, script))
        .map_err(|e| CommandError::usage(format!("cannot write {}: {e}", hook.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).map_err(|e| {
            CommandError::usage(format!("cannot make {} executable: {e}", hook.display()))
        })?;
    }
    cx.out.line(&format!(
        "Installed {}: a commit is refused when the register being committed does not load{}.",
        sanitize(&hook.display().to_string()),
        match a.hook_fails_on {
            FailOn::Error => " or has errors",
            FailOn::Warning => " or has errors or warnings",
            FailOn::Never => "",
        }
    ));
    Ok(EXIT_OK)
}

/// The pre-commit hook: checks the workspace files as staged (a copy of
/// the index, not the working tree), so what is refused is what would be
/// committed.
fn hook_script(program: &str, rel: &str, fail_on: FailOn) -> String {
    format!(
        r#"#!/bin/sh
{HOOK_MARK} (written by `rasci git setup`; run it again to change it).
# Refuses a commit when the register as staged does not load or has
# findings at the level given to --fail-on. Skip it once with
# `git commit --no-verify`.
program={program}
ws={ws}
[ -n "$(git ls-files -- "$ws/workspace.toml")" ] || exit 0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
git ls-files -z -- "$ws" | git checkout-index -z --prefix="$tmp/" --stdin || exit 2
"$program" --workspace "$tmp/$ws" check --fail-on {level}
status=$?
if [ "$status" -ne 0 ]; then
    echo "rasci: commit refused: the register being committed fails \`rasci check --fail-on {level}\` (exit $status)" >&2
fi
exit "$status"
"#,
        ws = sh_quote(rel),
        level = fail_on.word(),
    )
}
