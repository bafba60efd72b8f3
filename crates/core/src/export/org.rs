//! The org chart: people by reporting line, each with the roles they hold
//! on the evaluation date, as Graphviz DOT ([`render_dot`]) or a Mermaid
//! flowchart ([`render_mermaid`]). The same [`Chart`] gives the nested list
//! of the roles and responsibilities document.
//!
//! Who is on the chart: everyone in the organisation on the date (groups
//! only when they hold a role), anyone who holds a role in force although
//! they have left or not yet joined (so the problem shows), and the direct
//! manager of anyone on the chart (so a leaver who still manages people
//! shows). Leavers, people not yet joined, externals, contractors and
//! groups carry a text marker as well as a different line style.
//!
//! Graph node ids are `p0`, `p1`, ... in register order, never the
//! register's own ids; every label goes through [`super::safe`].

use crate::model::{Date, Person, PersonKind, Role, Workspace};
use crate::rules::Index;

use super::safe;

/// Where a person on the chart stands on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Active,
    /// Left by the date; carries the last working day when recorded.
    Left(Option<Date>),
    /// Joins after the date.
    NotJoined(Option<Date>),
}

/// One person on the chart.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub person: &'a Person,
    /// Roles held through assignments in force, in register order.
    pub roles: Vec<&'a Role>,
    /// Index of their manager's node, when the manager is on the chart.
    pub manager: Option<usize>,
    pub standing: Standing,
}

impl Node<'_> {
    /// Text markers: `left 2026-09-30`, `external`, ... (empty for an
    /// active employee).
    pub fn markers(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.standing {
            Standing::Active => {}
            Standing::Left(Some(d)) => out.push(format!("left {d}")),
            Standing::Left(None) => out.push("left".to_string()),
            Standing::NotJoined(Some(d)) => out.push(format!("joins {d}")),
            Standing::NotJoined(None) => out.push("not yet joined".to_string()),
        }
        match self.person.kind {
            PersonKind::Employee => {}
            k => out.push(k.as_str().to_string()),
        }
        out
    }
}

/// The reporting lines on a date.
#[derive(Debug, Clone)]
pub struct Chart<'a> {
    pub nodes: Vec<Node<'a>>,
    children: Vec<Vec<usize>>,
}

impl<'a> Chart<'a> {
    /// Builds the chart of `ix.ws` on `ix.on`.
    pub fn new(ix: &Index<'a>) -> Chart<'a> {
        let ws: &'a Workspace = ix.ws;
        let on = ix.on;
        let mut included: Vec<bool> = ws
            .people
            .values()
            .map(|p| {
                let holds = !ix.roles_held(&p.id).is_empty();
                holds || (p.is_active_on(on) && p.kind != PersonKind::Group)
            })
            .collect();
        // Direct managers of people on the chart, so every reporting line
        // has both ends.
        let base = included.clone();
        for (i, p) in ws.people.values().enumerate() {
            if base[i]
                && let Some(m) = p.manager.as_deref().and_then(|m| ws.people.get_index_of(m))
            {
                included[m] = true;
            }
        }
        let mut slot = vec![usize::MAX; ws.people.len()];
        let mut nodes = Vec::new();
        for (i, p) in ws.people.values().enumerate() {
            if !included[i] {
                continue;
            }
            slot[i] = nodes.len();
            let standing = if p.has_left_by(on) {
                Standing::Left(p.left)
            } else if !p.is_active_on(on) {
                Standing::NotJoined(p.joined)
            } else {
                Standing::Active
            };
            nodes.push(Node {
                person: p,
                roles: ix.roles_held(&p.id).to_vec(),
                manager: None,
                standing,
            });
        }
        let mut children = vec![Vec::new(); nodes.len()];
        for (n, node) in nodes.iter_mut().enumerate() {
            let p = node.person;
            let manager = p
                .manager
                .as_deref()
                .filter(|m| *m != p.id)
                .and_then(|m| ws.people.get_index_of(m))
                .map(|i| slot[i])
                .filter(|&m| m != usize::MAX);
            node.manager = manager;
            if let Some(m) = manager {
                children[m].push(n);
            }
        }
        Chart { nodes, children }
    }

    /// Nodes in depth-first order from the tops of the tree, with their
    /// depth: people without a manager on the chart first, then (so that a
    /// reporting cycle still appears) whoever was not reached, each once.
    pub fn outline(&self) -> Vec<(usize, usize)> {
        let mut seen = vec![false; self.nodes.len()];
        let mut out = Vec::with_capacity(self.nodes.len());
        let roots = (0..self.nodes.len()).filter(|&n| self.nodes[n].manager.is_none());
        let rest: Vec<usize> = (0..self.nodes.len()).collect();
        for root in roots.chain(rest) {
            if seen[root] {
                continue;
            }
            let mut stack = vec![(root, 0usize)];
            while let Some((n, depth)) = stack.pop() {
                if seen[n] {
                    continue;
                }
                seen[n] = true;
                out.push((n, depth));
                for &c in self.children[n].iter().rev() {
                    if !seen[c] {
                        stack.push((c, depth + 1));
                    }
                }
            }
        }
        out
    }

    /// Reporting lines as (manager node, report node).
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter_map(|(n, node)| node.manager.map(|m| (m, n)))
    }
}

/// The lines of a node's label, unescaped: name, job title, roles, markers.
fn label_lines(node: &Node<'_>) -> Vec<String> {
    let mut lines = vec![node.person.display_name().to_string()];
    if let Some(t) = node.person.title.as_deref().filter(|t| !t.is_empty()) {
        lines.push(t.to_string());
    }
    if !node.roles.is_empty() {
        let names: Vec<&str> = node.roles.iter().map(|r| r.display_name()).collect();
        lines.push(format!("Roles: {}", names.join(", ")));
    }
    let markers = node.markers();
    if !markers.is_empty() {
        lines.push(format!("[{}]", markers.join(", ")));
    }
    lines
}

/// The org chart as a Graphviz `digraph`: one box per person labelled with
/// name, job title and roles, an edge from each manager to each report.
/// Leavers and people not yet joined are dashed, externals, contractors
/// and groups dotted, besides their text marker.
pub fn render_dot(ws: &Workspace, as_of: Date) -> String {
    let ix = Index::new(ws, as_of);
    let chart = Chart::new(&ix);
    let mut out = String::new();
    out.push_str(&format!(
        "// Org chart with the roles held on {as_of}, generated by rasci.\n"
    ));
    out.push_str("digraph org {\n");
    out.push_str(&format!(
        "  graph [rankdir=TB, labelloc=t, fontname=\"Helvetica\", label=\"{}\"];\n",
        safe::dot(&format!(
            "{}: reporting lines and roles on {as_of}",
            ws.organisation.name
        ))
    ));
    out.push_str("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    out.push_str("  edge [arrowhead=none];\n");
    for (n, node) in chart.nodes.iter().enumerate() {
        let label: Vec<String> = label_lines(node).iter().map(|l| safe::dot(l)).collect();
        let style = match (node.standing, node.person.kind) {
            (Standing::Left(_) | Standing::NotJoined(_), _) => ", style=\"rounded,dashed\"",
            (_, PersonKind::Employee) => "",
            _ => ", style=\"rounded,dotted\"",
        };
        out.push_str(&format!(
            "  {} [label=\"{}\"{style}];\n",
            safe::node_id(n),
            label.join("\\n")
        ));
    }
    for (m, n) in chart.edges() {
        out.push_str(&format!(
            "  {} -> {};\n",
            safe::node_id(m),
            safe::node_id(n)
        ));
    }
    out.push_str("}\n");
    out
}

/// The org chart as a Mermaid `flowchart TD`: quoted labels with Mermaid
/// entity codes for every special character, `<br/>` between the lines we
/// write, and classes `leaver` (dashed) and `outside` (externals,
/// contractors, groups) besides the text marker.
pub fn render_mermaid(ws: &Workspace, as_of: Date) -> String {
    let ix = Index::new(ws, as_of);
    let chart = Chart::new(&ix);
    let mut out = String::new();
    out.push_str(&format!(
        "%% Org chart with the roles held on {as_of}, generated by rasci.\n"
    ));
    out.push_str("flowchart TD\n");
    let mut leavers = Vec::new();
    let mut outside = Vec::new();
    for (n, node) in chart.nodes.iter().enumerate() {
        let label: Vec<String> = label_lines(node).iter().map(|l| safe::mermaid(l)).collect();
        let id = safe::node_id(n);
        out.push_str(&format!("    {id}[\"{}\"]\n", label.join("<br/>")));
        match (node.standing, node.person.kind) {
            (Standing::Left(_) | Standing::NotJoined(_), _) => leavers.push(id),
            (_, PersonKind::Employee) => {}
            _ => outside.push(id),
        }
    }
    for (m, n) in chart.edges() {
        out.push_str(&format!(
            "    {} --> {}\n",
            safe::node_id(m),
            safe::node_id(n)
        ));
    }
    out.push_str("    classDef leaver stroke-dasharray: 6 4\n");
    out.push_str("    classDef outside stroke-dasharray: 2 2\n");
    if !leavers.is_empty() {
        out.push_str(&format!("    class {} leaver\n", leavers.join(",")));
    }
    if !outside.is_empty() {
        out.push_str(&format!("    class {} outside\n", outside.join(",")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{clean, today};

    #[test]
    fn chart_follows_managers_and_survives_cycles() {
        let mut ws = clean();
        let ix = Index::new(&ws, today());
        let chart = Chart::new(&ix);
        let outline = chart.outline();
        assert_eq!(outline.len(), chart.nodes.len());
        assert_eq!(outline[0].1, 0, "starts at a top");
        // Every report comes after their manager, one level deeper.
        for (pos, &(n, depth)) in outline.iter().enumerate() {
            if let Some(m) = chart.nodes[n].manager {
                let mpos = outline.iter().position(|&(x, _)| x == m).unwrap();
                assert!(mpos < pos);
                assert_eq!(outline[mpos].1 + 1, depth);
            }
        }

        // A cycle: everyone still appears exactly once.
        let ids: Vec<String> = ws.people.keys().take(2).cloned().collect();
        ws.people[&ids[0]].manager = Some(ids[1].clone());
        ws.people[&ids[1]].manager = Some(ids[0].clone());
        let ix = Index::new(&ws, today());
        let chart = Chart::new(&ix);
        let outline = chart.outline();
        let mut seen: Vec<usize> = outline.iter().map(|&(n, _)| n).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), chart.nodes.len());
    }

    #[test]
    fn hostile_names_stay_inside_their_labels() {
        let mut ws = clean();
        let first = ws.people.keys().next().unwrap().clone();
        ws.people[&first].name = "Eve\" ]; evil [label=\"x\\".into();
        let dot = render_dot(&ws, today());
        assert!(dot.contains("Eve\\\" ]; evil [label=\\\"x\\\\"), "{dot}");
        let mermaid = render_mermaid(&ws, today());
        assert!(
            mermaid.contains("Eve#quot; #93;#59; evil #91;label=#quot;x\\"),
            "{mermaid}"
        );
    }
}
