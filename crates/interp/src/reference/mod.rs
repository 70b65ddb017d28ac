//! The language reference, generated from the code: the built-in functions
//! and methods (the tables of [`crate::builtins::docs`]) and the
//! documentation of the standard library's modules (read from their
//! sources by [`std_docs`]).
//!
//! `simple doc` prints it (all of it, one group, entry or module), the
//! REPL's `:doc` falls back to it, and `docs/reference.md` is
//! [`markdown`]'s output (a test fails when the file is stale).

pub mod std_docs;

use std::fmt::Write;

use crate::builtins::docs::{Entry, GROUPS, Group};
use crate::suggest;
use std_docs::{Item, ModuleDoc};

/// The whole reference as plain text.
/// The names of the built-in functions (`print`, `len`, ...), as scripts
/// call them (for editor grammars and completion).
pub fn builtin_function_names() -> Vec<&'static str> {
    crate::builtins::Builtin::ALL
        .iter()
        .map(|b| b.name())
        .collect()
}

pub fn text() -> String {
    let mut out =
        String::from("The Simple reference: built-in functions, methods and std modules.\n");
    out.push_str(
        "`simple doc NAME` shows one entry (`simple doc text.split`, `simple doc std.io`).\n",
    );
    for g in GROUPS {
        out.push('\n');
        out.push_str(&group_text(g));
    }
    for m in std_docs::modules() {
        out.push('\n');
        out.push_str(&module_text(&m));
    }
    out
}

/// What `simple doc QUERY` shows: a group (`text`), an entry (`text.split`,
/// `split`), a module (`std.io`), a module's item (`std.io.read_text`), or
/// the whole reference for an empty query. `Err` says that nothing has
/// that name, with the closest names.
pub fn lookup(query: &str) -> Result<String, String> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(text());
    }
    if let Some(g) = GROUPS.iter().find(|g| g.name == q) {
        return Ok(group_text(g));
    }
    if let Some((recv, name)) = q.split_once('.')
        && let Some(g) = GROUPS.iter().find(|g| g.is_named(recv))
    {
        if let Some(e) = g.entry(name) {
            return Ok(entry_text(g, e));
        }
        // Every value has the Option/Result methods.
        let any = option_group();
        if !g.receiver.is_empty()
            && let Some(e) = any.entry(name)
        {
            return Ok(entry_text(any, e));
        }
        let names: Vec<&str> = g.names().collect();
        let prefix = if g.receiver.is_empty() { "" } else { recv };
        return Err(not_found(q, name, names.into_iter(), prefix));
    }
    // The std modules are read only when the query needs them.
    let modules = std_docs::modules();
    if q == "std" {
        let mut out = String::from("The std modules (`simple doc std.NAME` shows one):\n");
        for m in &modules {
            let first = m
                .doc
                .as_deref()
                .and_then(|d| d.lines().next())
                .unwrap_or("");
            let _ = writeln!(out, "    {:<24} {first}", m.name);
        }
        return Ok(out);
    }
    if let Some(m) = modules.iter().find(|m| m.name == q) {
        return Ok(module_text(m));
    }
    // `std.io.read_text`, `std.spec.Expectation.to_equal`: the longest
    // module name that prefixes the query.
    if let Some(m) = modules
        .iter()
        .filter(|m| q.starts_with(&format!("{}.", m.name)))
        .max_by_key(|m| m.name.len())
    {
        let rest = &q[m.name.len() + 1..];
        // A re-exported name is documented where it is declared.
        let first = rest.split('.').next().unwrap_or(rest);
        let source = m
            .reexports
            .iter()
            .find(|(_, names)| names.iter().any(|n| n == first))
            .and_then(|(from, _)| modules.iter().find(|s| &s.name == from));
        return module_item(m, rest)
            .or_else(|| source.and_then(|s| module_item(s, rest)))
            .ok_or_else(|| {
                let names = item_paths(m);
                not_found(q, rest, names.iter().map(|n| n.as_str()), &m.name)
            });
    }
    let mut found = Vec::new();
    for g in GROUPS {
        if let Some(e) = g.entry(q) {
            found.push(entry_text(g, e));
        }
    }
    for m in &modules {
        if let Some(item) = m.items.iter().find(|i| i.name == q) {
            found.push(item_text(&format!("{}.", m.name), item));
        }
    }
    // `int`, `str`, `bytes` name functions and, loosely, kinds of values.
    let kind = GROUPS.iter().find(|g| g.is_named(q));
    match kind {
        Some(g) if found.is_empty() => return Ok(group_text(g)),
        Some(g) => {
            found.push(format!(
                "(`simple doc {}` shows all the {}.)\n",
                g.name,
                g.title.to_lowercase()
            ));
        }
        None => {}
    }
    if !found.is_empty() {
        return Ok(found.join("\n"));
    }
    let mut names: Vec<String> = Vec::new();
    for g in GROUPS {
        names.push(g.name.to_string());
        names.extend(g.names().map(str::to_string));
        if !g.receiver.is_empty() {
            names.extend(g.names().map(|n| format!("{}.{n}", g.receiver)));
        }
    }
    for m in &modules {
        names.push(m.name.clone());
        names.extend(item_paths(m).iter().map(|p| format!("{}.{p}", m.name)));
    }
    Err(not_found(q, q, names.iter().map(|n| n.as_str()), ""))
}

fn option_group() -> &'static Group {
    GROUPS
        .iter()
        .find(|g| g.name == "option")
        .expect("the Option/Result group exists")
}

/// "no entry `x`; did you mean `y`?", trying another language's spelling
/// first (`size` → `len`).
fn not_found<'a>(
    query: &str,
    name: &str,
    candidates: impl Iterator<Item = &'a str> + Clone,
    prefix: &str,
) -> String {
    let qualify = |n: &str| {
        if prefix.is_empty() {
            n.to_string()
        } else {
            format!("{prefix}.{n}")
        }
    };
    let spelled = suggest::other_spelling(name, |m| candidates.clone().any(|c| c == m));
    let hint = match spelled {
        Some(m) => format!("; it is spelled `{}` here", qualify(m)),
        None => {
            let close: Vec<String> = suggest::closest(name, candidates, 3)
                .iter()
                .map(|n| qualify(n))
                .collect();
            match suggest::did_you_mean(&close) {
                h if h.is_empty() => String::new(),
                h => format!("; {h}"),
            }
        }
    };
    format!("no entry for `{query}` in the reference{hint}")
}

/// `Type.member` or `name` paths of a module's items.
fn item_paths(m: &ModuleDoc) -> Vec<String> {
    let mut out = Vec::new();
    for i in &m.items {
        out.push(i.name.clone());
        out.extend(i.members.iter().map(|x| format!("{}.{}", i.name, x.name)));
    }
    out
}

fn module_item(m: &ModuleDoc, path: &str) -> Option<String> {
    let prefix = format!("{}.", m.name);
    match path.split_once('.') {
        None => m
            .items
            .iter()
            .find(|i| i.name == path)
            .map(|i| item_text(&prefix, i)),
        Some((ty, member)) => {
            let item = m.items.iter().find(|i| i.name == ty)?;
            let x = item.members.iter().find(|x| x.name == member)?;
            Some(item_text(&format!("{prefix}{ty}."), x))
        }
    }
}

fn group_text(g: &Group) -> String {
    let mut out = format!("== {} ==\n", g.title);
    out.push_str(g.intro);
    out.push('\n');
    for e in g.entries {
        out.push('\n');
        out.push_str(&entry_text(g, e));
    }
    out
}

fn entry_text(g: &Group, e: &Entry) -> String {
    let mut out = format!("{}\n    {}\n", e.signature(g), e.doc);
    if e.names.len() > 1 {
        let _ = writeln!(out, "    Also spelled: {}", e.names[1..].join(", "));
    }
    out
}

fn module_text(m: &ModuleDoc) -> String {
    let mut out = format!("== {} ==\n", m.name);
    if let Some(doc) = &m.doc {
        out.push_str(doc);
        out.push('\n');
    }
    let mut undocumented = Vec::new();
    for item in &m.items {
        if item.doc.is_none() && item.members.iter().all(|x| x.doc.is_none()) {
            undocumented.push(item.header.split('(').next().unwrap_or("").to_string());
            continue;
        }
        out.push('\n');
        out.push_str(&item_text("", item));
    }
    if !undocumented.is_empty() {
        let _ = write!(out, "\nUndocumented: {}\n", undocumented.join(", "));
    }
    for (from, names) in &m.reexports {
        let _ = write!(
            out,
            "\nFrom {from} (`simple doc {from}`), also names of this module: {}\n",
            names.join(", ")
        );
    }
    out
}

/// An item: its header, its documentation indented, its members.
fn item_text(prefix: &str, item: &Item) -> String {
    let mut out = String::new();
    if prefix.is_empty() {
        let _ = writeln!(out, "{}", item.header);
    } else {
        let _ = writeln!(out, "{}  ({prefix}{})", item.header, item.name);
    }
    if let Some(doc) = &item.doc {
        for line in doc.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    for x in &item.members {
        let _ = writeln!(out, "    {}", x.header);
        if let Some(doc) = &x.doc {
            for line in doc.lines() {
                let _ = writeln!(out, "        {line}");
            }
        }
    }
    // No trailing blanks on lines whose documentation line was empty.
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The whole reference as Markdown: `docs/reference.md`.
pub fn markdown() -> String {
    let modules = std_docs::modules();
    let mut out = String::from(
        "# Reference\n\n\
         <!-- Generated by `simple doc --markdown` from the tables in\n\
         crates/interp/src/builtins/docs/ and the sources in spl/std/. Do not\n\
         edit: a test fails when this file differs from what the code gives\n\
         (regenerate with `cargo run -p simple-cli -- doc --markdown > docs/reference.md`). -->\n\n\
         Every built-in function and method, and the documentation of the\n\
         standard library's modules. The same text is at hand in a terminal:\n\
         `simple doc` (all of it), `simple doc text.split` (one entry),\n\
         `simple doc split` (every entry of that name), `simple doc std.io`\n\
         (one module), and `:doc NAME` in the REPL.\n\n",
    );
    out.push_str("## Contents\n\n");
    for g in GROUPS {
        let _ = writeln!(out, "- [{}](#{})", g.title, anchor(g.title));
    }
    for m in &modules {
        let _ = writeln!(out, "- [{}](#{})", m.name, anchor(&m.name));
    }
    for g in GROUPS {
        let _ = write!(out, "\n## {}\n\n{}\n\n", g.title, g.intro);
        for e in g.entries {
            let _ = write!(out, "- `{}` — {}", e.signature(g), e.doc);
            if e.names.len() > 1 {
                let others: Vec<String> = e.names[1..].iter().map(|n| format!("`{n}`")).collect();
                let _ = write!(out, " Also spelled {}.", others.join(", "));
            }
            out.push('\n');
        }
    }
    for m in &modules {
        let _ = write!(out, "\n## {}\n", m.name);
        if let Some(doc) = &m.doc {
            let _ = write!(out, "\n{doc}\n");
        }
        let mut undocumented = Vec::new();
        for item in &m.items {
            if item.doc.is_none() && item.members.iter().all(|x| x.doc.is_none()) {
                undocumented.push(format!("`{}`", item.header.split('(').next().unwrap_or("")));
                continue;
            }
            let _ = write!(out, "\n### `{}`\n", item.header);
            if let Some(doc) = &item.doc {
                let _ = write!(out, "\n{doc}\n");
            }
            if !item.members.is_empty() {
                out.push('\n');
            }
            for x in &item.members {
                let _ = write!(out, "- `{}`", x.header);
                if let Some(doc) = &x.doc {
                    let _ = write!(out, " — {}", doc.replace('\n', " "));
                }
                out.push('\n');
            }
        }
        if !undocumented.is_empty() {
            let _ = write!(out, "\nUndocumented: {}.\n", undocumented.join(", "));
        }
        for (from, names) in &m.reexports {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            let _ = write!(
                out,
                "\nFrom [{from}](#{}), also names of this module: {}.\n",
                anchor(from),
                names.join(", ")
            );
        }
    }
    out
}

/// GitHub's anchor for a heading.
fn anchor(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

// Pure lookups over the reference tables and std docs: slow under Miri
// (they lex every std module) and they run no unsafe code.
#[cfg(all(test, not(miri)))]
mod tests;
