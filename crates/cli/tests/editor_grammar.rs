//! The editor grammar (`editors/vscode/syntaxes/simple.tmLanguage.json`)
//! cannot go stale: it is valid JSON whose regular expressions compile,
//! its keywords are exactly the lexer's and its built-in functions exactly
//! the interpreter's, and colouring every `.spl` file of the repository
//! with it (by a small TextMate engine below; the upstream samples in
//! /tmp/upstream* too, when they are there) closes every string, comment
//! and interpolation it opens, with strings exactly where the lexer has
//! them. The grammar's regular expressions are kept to what both
//! Oniguruma (editors) and the `regex` crate (this test) accept: no
//! look-around, no back-references.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use regex::Regex;
use serde_json::Value;
use simple_syntax::{SourceFile, Token};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn grammar() -> Value {
    let path = root().join("editors/vscode/syntaxes/simple.tmLanguage.json");
    let text = std::fs::read_to_string(&path).expect("the grammar file");
    serde_json::from_str(&text).expect("the grammar is valid JSON")
}

fn read_json(rel: &str) -> Value {
    let text = std::fs::read_to_string(root().join(rel)).expect(rel);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel} is not valid JSON: {e}"))
}

/// The words of a `\b(?:a|b|c)\b` pattern.
fn words(pattern: &str) -> BTreeSet<String> {
    let inner = pattern
        .strip_prefix(r"\b(?:")
        .and_then(|p| p.strip_suffix(r")\b"))
        .unwrap_or_else(|| panic!("not a word list: {pattern}"));
    inner.split('|').map(str::to_string).collect()
}

fn repo_match(g: &Value, name: &str) -> String {
    g["repository"][name]["match"]
        .as_str()
        .unwrap_or_else(|| panic!("repository.{name}.match"))
        .to_string()
}

/// The lexer's keywords, read from `Token::keyword`'s match arms.
fn lexer_keywords() -> BTreeSet<String> {
    let src = std::fs::read_to_string(root().join("crates/syntax/src/token.rs")).expect("token.rs");
    let start = src.find("pub fn keyword").expect("Token::keyword");
    let end = start + src[start..].find("_ => return None").expect("its last arm");
    let arm = Regex::new(r#""(\w+)" => Token::"#).expect("regex");
    let found: BTreeSet<String> = arm
        .captures_iter(&src[start..end])
        .map(|c| c[1].to_string())
        .collect();
    for w in &found {
        assert!(
            Token::keyword(w).is_some(),
            "`{w}` read as a keyword but is not one"
        );
    }
    assert!(
        found.len() > 30,
        "too few keywords read from token.rs: {found:?}"
    );
    found
}

#[test]
fn the_extension_files_are_valid() {
    let g = grammar();
    assert_eq!(g["scopeName"], "source.simple");
    let pkg = read_json("editors/vscode/package.json");
    assert_eq!(
        pkg["contributes"]["grammars"][0]["path"],
        "./syntaxes/simple.tmLanguage.json"
    );
    assert_eq!(pkg["contributes"]["languages"][0]["extensions"][0], ".spl");
    let conf = read_json("editors/vscode/language-configuration.json");
    assert_eq!(conf["comments"]["lineComment"], "#");
    for key in ["increaseIndentPattern", "decreaseIndentPattern"] {
        let p = conf["indentationRules"][key].as_str().expect(key);
        Regex::new(p).unwrap_or_else(|e| panic!("{key}: {e}"));
    }
}

#[test]
fn keywords_are_the_lexers() {
    let g = grammar();
    let mut listed = BTreeSet::new();
    for name in [
        "keywords-control",
        "keywords-operator",
        "keywords-declaration",
        "constants",
    ] {
        for w in words(&repo_match(&g, name)) {
            assert!(listed.insert(w.clone()), "`{w}` is listed twice");
        }
    }
    let lexer = lexer_keywords();
    let missing: Vec<_> = lexer.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&lexer).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "editors/vscode/syntaxes/simple.tmLanguage.json: keywords of the lexer missing: {missing:?}; listed but not keywords: {extra:?}"
    );
}

#[test]
fn builtin_functions_are_the_interpreters() {
    let listed = words(&repo_match(&grammar(), "builtin-functions"));
    let builtins: BTreeSet<String> = simple_interp::reference::builtin_function_names()
        .into_iter()
        .map(str::to_string)
        .filter(|n| !n.starts_with("__"))
        .collect();
    assert_eq!(
        listed, builtins,
        "repository.builtin-functions of the grammar"
    );
}

// ----- a small TextMate engine ---------------------------------------------

enum Rule {
    Match(Regex),
    Region {
        name: String,
        begin: Regex,
        end: Regex,
        patterns: Vec<Value>,
    },
}

struct Engine {
    grammar: Value,
    /// The rules of each pattern list met so far (by its JSON text).
    cache: RefCell<HashMap<String, Rc<Vec<Rule>>>>,
}

impl Engine {
    /// The rules of a region's pattern list, compiled once.
    fn region_rules(&self, patterns: &[Value]) -> Rc<Vec<Rule>> {
        let key = serde_json::to_string(patterns).expect("JSON");
        if let Some(r) = self.cache.borrow().get(&key) {
            return r.clone();
        }
        let mut out = Vec::new();
        self.rules(patterns, 0, &mut out);
        let out = Rc::new(out);
        self.cache.borrow_mut().insert(key, out.clone());
        out
    }

    /// The concrete rules of a pattern list, includes and groups expanded.
    fn rules(&self, patterns: &[Value], depth: usize, out: &mut Vec<Rule>) {
        assert!(depth < 20, "include cycle in the grammar");
        for p in patterns {
            if let Some(inc) = p["include"].as_str() {
                let target = if inc == "$self" {
                    &self.grammar["patterns"]
                } else {
                    let key = inc.strip_prefix('#').expect("a #name include");
                    let r = &self.grammar["repository"][key];
                    assert!(!r.is_null(), "include of a missing rule {inc}");
                    if r["match"].is_null() && r["begin"].is_null() {
                        &r["patterns"]
                    } else {
                        self.rules(std::slice::from_ref(r), depth + 1, out);
                        continue;
                    }
                };
                let list = target.as_array().expect("a pattern list").clone();
                self.rules(&list, depth + 1, out);
            } else if let Some(m) = p["match"].as_str() {
                out.push(Rule::Match(compile(m)));
            } else if let Some(b) = p["begin"].as_str() {
                out.push(Rule::Region {
                    name: p["name"].as_str().unwrap_or("").to_string(),
                    begin: compile(b),
                    end: compile(p["end"].as_str().expect("a begin rule has an end")),
                    patterns: p["patterns"].as_array().cloned().unwrap_or_default(),
                });
            } else if let Some(list) = p["patterns"].as_array() {
                self.rules(&list.clone(), depth + 1, out);
            }
        }
    }
}

fn compile(re: &str) -> Regex {
    Regex::new(re).unwrap_or_else(|e| panic!("the grammar's regex {re:?} does not compile: {e}"))
}

/// An open region: its name, its end, the rules inside it, where it began.
struct Open {
    name: String,
    end: Regex,
    rules: Rc<Vec<Rule>>,
    at: usize,
}

/// Colours `text`: the offsets where string regions begin, or why the
/// colouring went wrong.
fn colour(engine: &Engine, top: &[Rule], text: &str) -> Result<BTreeSet<usize>, String> {
    let mut stack: Vec<Open> = Vec::new();
    let mut strings = BTreeSet::new();
    let mut offset = 0;
    for raw_line in text.split('\n') {
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        let mut pos = 0;
        // The next match of each rule of the current set from where it was
        // last searched: still the next one while it starts at or after
        // `pos` (the search sees the whole line either way).
        let mut next: Vec<Option<Option<(usize, usize)>>> = Vec::new();
        let mut depth = usize::MAX;
        while pos <= line.len() {
            let rules = stack.last().map_or(top, |o| &o.rules[..]);
            if depth != stack.len() {
                depth = stack.len();
                next = vec![None; rules.len()];
            }
            // The earliest match; the open region's end wins a tie, then
            // the first rule.
            let mut best: Option<(usize, usize, Option<usize>)> = None;
            if let Some(o) = stack.last()
                && let Some(m) = o.end.find_at(line, pos)
            {
                best = Some((m.start(), m.end(), None));
            }
            for (i, r) in rules.iter().enumerate() {
                let known = match next[i] {
                    Some(Some((s, e))) if s >= pos => Some((s, e)),
                    Some(None) => None,
                    _ => {
                        let re = match r {
                            Rule::Match(re) => re,
                            Rule::Region { begin, .. } => begin,
                        };
                        let found = re.find_at(line, pos).map(|m| (m.start(), m.end()));
                        next[i] = Some(found);
                        found
                    }
                };
                if let Some((s, e)) = known
                    && best.is_none_or(|(b, _, _)| s < b)
                {
                    best = Some((s, e, Some(i)));
                }
            }
            let Some((start, end, rule)) = best else {
                break;
            };
            match rule {
                None => {
                    stack.pop();
                }
                Some(i) => {
                    if let Rule::Region {
                        name,
                        end: end_re,
                        patterns,
                        ..
                    } = &rules[i]
                    {
                        // Decorators and attributes are skipped by the
                        // lexer: their strings are coloured, not lexed.
                        let skipped = stack.iter().any(|o| {
                            o.name.starts_with("meta.decorator")
                                || o.name.starts_with("meta.attribute")
                        });
                        if name.starts_with("string") && !skipped {
                            strings.insert(offset + start);
                        }
                        stack.push(Open {
                            name: name.clone(),
                            end: end_re.clone(),
                            rules: engine.region_rules(patterns),
                            at: offset + start,
                        });
                    }
                }
            }
            // Move on at least one character.
            pos = if end > pos {
                end
            } else {
                pos + line[pos..].chars().next().map_or(1, char::len_utf8)
            };
        }
        offset += raw_line.len() + 1;
    }
    match stack.last() {
        None => Ok(strings),
        Some(o) => Err(format!(
            "a region `{}` opened at byte {} is never closed",
            o.name, o.at
        )),
    }
}

fn spl_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() && !p.is_symlink() {
            spl_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "spl") {
            out.push(p);
        }
    }
}

#[test]
fn the_corpus_is_coloured_without_unclosed_regions() {
    let engine = Engine {
        grammar: grammar(),
        cache: RefCell::new(HashMap::new()),
    };
    let mut top = Vec::new();
    let patterns = engine.grammar["patterns"]
        .as_array()
        .expect("patterns")
        .clone();
    engine.rules(&patterns, 0, &mut top);
    let mut files = Vec::new();
    for dir in ["spl", "examples", "tests", "bench"] {
        spl_files(&root().join(dir), &mut files);
    }
    // Upstream samples in a folder named by SIMPLE_GRAMMAR_CORPUS, where a
    // developer has them. Not by default: a literal `{` with no `}` on its
    // line (`if ch == "{":`) is text to the lexer, which the grammar cannot
    // express without lookahead, and upstream code writes it.
    if let Ok(dirs) = std::env::var("SIMPLE_GRAMMAR_CORPUS") {
        for dir in dirs.split(':') {
            spl_files(Path::new(dir), &mut files);
        }
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let file = SourceFile::new(path.display().to_string(), text.as_str());
        let (tokens, diags) = simple_syntax::lexer::lex(&file);
        if !diags.is_empty() {
            continue;
        }
        checked += 1;
        let coloured = match colour(&engine, &top, &text) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        // Strings as the lexer sees them (a `:symbol` is a text token the
        // grammar colours as a symbol; strings inside interpolations count).
        let lexed: BTreeSet<usize> = tokens
            .iter()
            .filter(|(t, s)| {
                matches!(t, Token::Str(_) | Token::SuffixedStr(..) | Token::FStrStart)
                    && !text[s.start as usize..].starts_with(':')
            })
            .map(|(_, s)| s.start as usize)
            .collect();
        let at = |o: &usize| {
            let (l, c) = file.line_col(*o as u32);
            format!("{}:{l}:{c}", path.display())
        };
        for o in lexed.difference(&coloured) {
            failures.push(format!("{}: a string the grammar does not colour", at(o)));
        }
        for o in coloured.difference(&lexed) {
            failures.push(format!(
                "{}: the grammar starts a string here, the lexer does not",
                at(o)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 100, "only {checked} files coloured");
}
