//! A management sign-off of the register as it stands.

use super::fields::*;
use super::{EntityForm, FormKind, Submitted};
use crate::edit::Edit;
use crate::fingerprint;
use crate::model::*;
use crate::tui::form::{Field, Form, Kind};

#[derive(Debug, Clone)]
struct SignoffForm {
    today: Date,
}

pub fn signoff(today: Date) -> EntityForm {
    let fields = vec![
        Field::new("date", "Date", Kind::Date, today.to_string()),
        Field::new("by", "Signed by", Kind::Text, "").hint("person ids, comma separated"),
        Field::new("minutes", "Minutes", Kind::Text, "").hint("where the decision is recorded"),
    ];
    EntityForm {
        form: Form::new("Record a management sign-off", fields),
        kind: Box::new(SignoffForm { today }),
    }
}

impl FormKind for SignoffForm {
    fn submit(&self, form: &mut Form, ws: &Workspace) -> Option<Submitted> {
        let SignoffForm { today } = self;
        let result = {
            let Some(date) = date_field(form, "date") else {
                if form.field("date").text().is_none() {
                    form.fail("date", "required");
                }
                return None;
            };
            let mut by = form.field("by").items();
            crate::edit::dedup_in_order(&mut by);
            if let Err(e) = crate::edit::check_signoff_date(date, *today) {
                form.fail("date", e.to_string());
            }
            if let Err(e) = crate::edit::check_signatories(ws, &by, date) {
                form.fail("by", e.to_string());
            }
            let outside = crate::edit::signatories_outside_review_team(ws, &by, date);
            let mut signoffs = ws.signoffs.clone();
            signoffs.push(Signoff {
                date,
                by,
                minutes: form.field("minutes").text(),
                fingerprint: Some(fingerprint::fingerprint(ws)),
                commit: None,
            });
            let label = if outside.is_empty() {
                format!("sign-off on {date}")
            } else {
                format!(
                    "sign-off on {date} ({} held no review team role)",
                    outside.join(", ")
                )
            };
            Submitted::Edit(Box::new(Edit::SetSignoffs(signoffs)), label)
        };
        Some(result)
    }
}
