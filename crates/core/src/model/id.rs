//! What makes an id: the key a person, role, rule or activity is known by
//! in every file, in references between them and in git history.

/// Is `id` acceptable as a person, role, rule or activity id? Letters,
/// digits, `.`, `_` and `-`; it must start with a letter or digit.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// A valid id made from arbitrary text: lower case, runs of other characters
/// turned into single dashes.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    if trimmed.is_empty() {
        "id".to_string()
    } else {
        trimmed.to_string()
    }
}
