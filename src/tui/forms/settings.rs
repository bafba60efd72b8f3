//! Review interval, warning window, reporting steps and required roles.

use super::fields::*;
use super::{EntityForm, FormKind, Submitted};
use crate::edit::Edit;
use crate::model::*;
use crate::tui::form::{Field, Form, Kind};

#[derive(Debug, Clone)]
struct SettingsForm;

pub fn settings(ws: &Workspace) -> EntityForm {
    let s = &ws.settings;
    let fields = vec![
        Field::new(
            "review",
            "Review every",
            Kind::Number,
            s.review_interval_days.to_string(),
        )
        .hint("days between role reviews"),
        Field::new(
            "warn",
            "Warn ahead",
            Kind::Number,
            s.expiry_warning_days.to_string(),
        )
        .hint("days before competence evidence expires"),
        Field::new(
            "steps",
            "Reporting steps",
            Kind::Number,
            s.max_reporting_steps.to_string(),
        )
        .hint("manager steps allowed from the 5.3 b) holder to top management"),
        Field::new(
            "required",
            "Required roles",
            Kind::Text,
            s.required_roles.join(", "),
        )
        .hint("role ids, comma separated"),
    ];
    EntityForm {
        form: Form::new("Settings", fields),
        kind: Box::new(SettingsForm),
    }
}

impl FormKind for SettingsForm {
    fn submit(&self, form: &mut Form, ws: &Workspace) -> Option<Submitted> {
        let result = {
            let d = Settings::default();
            let s = Settings {
                review_interval_days: int_field(form, "review", 1)
                    .unwrap_or(d.review_interval_days),
                expiry_warning_days: int_field(form, "warn", 0).unwrap_or(d.expiry_warning_days),
                max_reporting_steps: int_field(form, "steps", 1)
                    .map_or(d.max_reporting_steps, |n| n.min(1000) as u32),
                required_roles: form.field("required").items(),
                // Not on the form: kept as the workspace has it.
                commit_on_save: ws.settings.commit_on_save,
            };
            for r in &s.required_roles {
                if !ws.roles.contains_key(r) {
                    form.fail("required", format!("there is no role `{r}`"));
                }
            }
            Submitted::Edit(Box::new(Edit::SetSettings(s)), "edit settings".into())
        };
        Some(result)
    }
}
