//! The documentation of the standard library's modules, read from their
//! sources (`spl/`, embedded in the binary).
//!
//! A declaration's documentation is its docstring, or else the `#` comment
//! lines right above it (no blank line between). Names starting with `__`
//! are internal and left out; module-level `val`/`var` bindings appear only
//! when documented.

use simple_syntax::ast::{Stmt, StmtKind, UseItems};
use simple_syntax::{SourceFile, Span, Token};

/// One documented module.
#[derive(Debug)]
pub struct ModuleDoc {
    /// `std.io`.
    pub name: String,
    pub doc: Option<String>,
    pub items: Vec<Item>,
    /// Names the module re-exports (`use std.io.fs.staging.{File, ...}`): the module
    /// they come from and the names, as written.
    pub reexports: Vec<(String, Vec<String>)>,
}

/// A function, type, extern or binding of a module, or a member of a type.
#[derive(Debug)]
pub struct Item {
    pub name: String,
    /// The declaration as written, up to its `:`: `fn read_text(path: text) -> Result<text, IoError>`.
    pub header: String,
    pub doc: Option<String>,
    /// Fields and methods of a type.
    pub members: Vec<Item>,
}

/// Every module of the standard library, in name order.
pub fn modules() -> Vec<ModuleDoc> {
    let mut out: Vec<ModuleDoc> = crate::modules::STDLIB
        .iter()
        .map(|(path, text)| module_doc(&module_name(path), text))
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// `std/io/fs.spl` → `std.io.fs`.
fn module_name(path: &str) -> String {
    path.trim_end_matches(".spl").replace('/', ".")
}

/// The documentation of one module's source.
pub fn module_doc(name: &str, text: &str) -> ModuleDoc {
    let file = SourceFile::new(name, text);
    let (module, _) = simple_syntax::parse_module(&file);
    let (tokens, _) = simple_syntax::lexer::lex(&file);
    let src = Source { text, tokens };
    let mut items = Vec::new();
    let mut reexports = Vec::new();
    for stmt in &module.body {
        if let Some(item) = src.item(stmt) {
            items.push(item);
        }
        if let StmtKind::Use(u) = &stmt.kind
            && let UseItems::Names(names) = &u.items
        {
            let from: Vec<&str> = u.path.iter().map(|s| s.as_str()).collect();
            let names: Vec<String> = names
                .iter()
                .filter(|n| !n.name.as_str().starts_with("__"))
                .map(|n| n.alias.unwrap_or(n.name).to_string())
                .collect();
            reexports.push((from.join("."), names));
        }
    }
    ModuleDoc {
        name: name.to_string(),
        doc: module.doc.as_deref().map(clean_doc),
        items,
        reexports,
    }
}

struct Source<'a> {
    text: &'a str,
    tokens: Vec<(Token, Span)>,
}

impl Source<'_> {
    fn item(&self, stmt: &Stmt) -> Option<Item> {
        let start = stmt.span.start;
        let (name, doc, members) = match &stmt.kind {
            StmtKind::Fn(f) => (f.sig.name, f.doc.as_deref(), Vec::new()),
            StmtKind::Extern(sig) => (sig.name, None, Vec::new()),
            StmtKind::Struct(s) => {
                let mut members: Vec<Item> = s
                    .fields
                    .iter()
                    .map(|f| Item {
                        name: f.name.as_str().to_string(),
                        header: collapse(self.slice(f.span.start, f.span.end)),
                        doc: None,
                        members: Vec::new(),
                    })
                    .collect();
                members.extend(s.methods.iter().filter_map(|m| self.method(m)));
                (s.name, s.doc.as_deref(), members)
            }
            StmtKind::Enum(e) => {
                let members = e.methods.iter().filter_map(|m| self.method(m)).collect();
                (e.name, e.doc.as_deref(), members)
            }
            StmtKind::Trait(t) => {
                let members = t.provided.iter().filter_map(|m| self.method(m)).collect();
                (t.name, t.doc.as_deref(), members)
            }
            StmtKind::Let(l) => {
                let simple_syntax::ast::PatternKind::Bind(n) = &l.pattern.kind else {
                    return None;
                };
                let doc = self.leading_comment(start, stmt.span.end)?;
                let header = collapse(self.slice(start, l.pattern.span.end));
                return Some(Item {
                    name: n.as_str().to_string(),
                    header,
                    doc: Some(doc),
                    members: Vec::new(),
                });
            }
            _ => return None,
        };
        let name = name.as_str();
        if name.starts_with("__") {
            return None;
        }
        let header = match &stmt.kind {
            StmtKind::Extern(sig) => collapse(self.slice(start, sig.span.end)),
            _ => self.header(start, stmt.span.end),
        };
        Some(Item {
            name: name.to_string(),
            header,
            doc: doc
                .map(clean_doc)
                .or_else(|| self.leading_comment(start, stmt.span.end)),
            members,
        })
    }

    /// The comment above a module-level declaration, unless the
    /// declaration is one of a run of lines with no blank line after it:
    /// a comment above such a run (`# files` over a list of externs)
    /// heads the run rather than documenting its first line.
    fn leading_comment(&self, start: u32, end: u32) -> Option<String> {
        let rest = self.text.get(end as usize..).unwrap_or("");
        let next_line = rest.split_once('\n').map_or("", |(_, after)| after);
        let next_line = next_line.lines().next().unwrap_or("");
        if !next_line.trim().is_empty() && !next_line.trim_start().starts_with('#') {
            return None;
        }
        self.comment_above(start)
    }

    fn method(&self, f: &simple_syntax::ast::FnDecl) -> Option<Item> {
        let name = f.sig.name.as_str();
        if name.starts_with("__") {
            return None;
        }
        let start = f.sig.span.start;
        Some(Item {
            name: name.to_string(),
            header: self.header(start, f.sig.span.end.max(start)),
            doc: f
                .doc
                .as_deref()
                .map(clean_doc)
                .or_else(|| self.comment_above(start)),
            members: Vec::new(),
        })
    }

    fn slice(&self, start: u32, end: u32) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// The declaration from `start` up to its first `:` outside brackets
    /// (the one opening its body), whitespace collapsed.
    fn header(&self, start: u32, end: u32) -> String {
        let mut depth = 0i32;
        let first = self.tokens.partition_point(|(_, s)| s.start < start);
        let mut stop = end;
        for (tok, span) in &self.tokens[first..] {
            match tok {
                Token::LParen | Token::LBracket | Token::LBrace => depth += 1,
                Token::RParen | Token::RBracket | Token::RBrace => depth -= 1,
                Token::Colon if depth <= 0 => {
                    stop = span.start;
                    break;
                }
                _ => {}
            }
            if span.start >= end {
                break;
            }
        }
        collapse(self.slice(start, stop.min(end)))
    }

    /// The `#` comment lines right above the line holding `start`
    /// (decorators and attributes in between are skipped).
    fn comment_above(&self, start: u32) -> Option<String> {
        let before = self.text.get(..start as usize)?;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let mut lines: Vec<&str> = Vec::new();
        for line in self.text[..line_start].lines().rev() {
            let t = line.trim();
            if t.starts_with('@') || t.starts_with("#[") {
                continue;
            }
            let Some(comment) = t.strip_prefix('#') else {
                break;
            };
            lines.push(comment.strip_prefix(' ').unwrap_or(comment));
        }
        lines.reverse();
        // A rule line (`# -----`) separates sections; it documents nothing.
        let text = lines
            .iter()
            .skip_while(|l| is_rule(l))
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_string())
    }
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '=' | '#' | ' '))
}

/// Whitespace runs (line breaks included) as one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A docstring without its leading and trailing blank lines and without
/// the indentation its lines after the first share.
pub fn clean_doc(doc: &str) -> String {
    let lines: Vec<&str> = doc.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.push(l.trim());
        } else {
            out.push(l.get(indent..).unwrap_or(l.trim_start()).trim_end());
        }
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docstrings_and_comments_document_declarations() {
        let src = "\"\"\"\nA module.\n\n    indented example\n\"\"\"\n\n# ----\n# Section\n# ----\n\n# Adds one.\nfn inc(x: i64) -> i64:\n    x + 1\n\nfn twice(x):\n    \"\"\"Doubles.\"\"\"\n    val y = x * 2\n    y\n\nfn __hidden(): nil\n\nfn bare(a, b = [1, 2]): a\n\n# A limit.\nval LIMIT = 10\n\n# Heads a run.\nextern fn rt_a() -> i64\nextern fn rt_b() -> i64\n\nstruct Point:\n    \"\"\"A point.\"\"\"\n    x: i64\n    y: i64 = 0\n    # Its norm.\n    fn norm() -> f64:\n        (self.x * self.x + self.y * self.y).sqrt()\n";
        let m = module_doc("demo", src);
        assert_eq!(m.doc.as_deref(), Some("A module.\n\n    indented example"));
        let shown: Vec<(String, Option<String>)> = m
            .items
            .iter()
            .map(|i| (i.header.clone(), i.doc.clone()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("fn inc(x: i64) -> i64".into(), Some("Adds one.".into())),
                ("fn twice(x)".into(), Some("Doubles.".into())),
                ("fn bare(a, b = [1, 2])".into(), None),
                ("val LIMIT".into(), Some("A limit.".into())),
                ("extern fn rt_a() -> i64".into(), None),
                ("extern fn rt_b() -> i64".into(), None),
                ("struct Point".into(), Some("A point.".into())),
            ]
        );
        let point: Vec<(String, Option<String>)> = m.items[6]
            .members
            .iter()
            .map(|i| (i.header.clone(), i.doc.clone()))
            .collect();
        assert_eq!(
            point,
            vec![
                ("x: i64".into(), None),
                ("y: i64 = 0".into(), None),
                ("fn norm() -> f64".into(), Some("Its norm.".into())),
            ]
        );
    }

    #[test]
    // Lexes every std module: minutes under Miri, and no unsafe code runs.
    #[cfg_attr(miri, ignore)]
    fn every_std_module_is_read() {
        let names: Vec<String> = modules().into_iter().map(|m| m.name).collect();
        assert!(names.contains(&"std.io".to_string()), "{names:?}");
        assert!(names.contains(&"std.spec".to_string()), "{names:?}");
    }
}
