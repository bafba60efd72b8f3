//! Plain data types for the register. No I/O, no terminal: everything here
//! can be built in a test with a struct literal.

mod date;
mod evaluation;
mod id;
mod matrix;
mod person;
mod role;
mod workspace;

pub use date::{Date, DateError};
pub use evaluation::{Evaluation, Revision};
pub use id::{is_valid_id, slugify};
pub use matrix::{Letter, Matrix};
pub use person::{Competency, DateProblem, Person, PersonKind, Status, manager_positions};
pub use role::{Assignment, Category, Duty, Role, assignment_id};
pub use workspace::{
    Activity, Exclusion, Organisation, Settings, Severity, Signoff, SodPair, SodRule, Workspace,
};
