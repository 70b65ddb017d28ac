//! Modules: finding, loading (once), and running imported files.
//!
//! `use a.b.c` looks for `a/b/c.spl` in the importing file's folder, then in
//! each folder of `SIMPLE_PATH`, then in the standard library embedded in
//! the binary; a path into one of upstream's library layers
//! (`lib.nogc_sync_mut.src.set`) is also looked for in the standard
//! library (see `upstream_layer_path`). A module is parsed, resolved and compiled when first
//! imported, and its top level runs when the importing `use` statement runs.

use std::path::{Path, PathBuf};

use simple_syntax::{Diagnostic, SourceFile, Symbol};

use crate::error::{Eval, FileId, fail};
use crate::machine::Machine;
use crate::pipeline::compile_file;
use crate::program::{ModuleScope, Name, Program};
use crate::resolve::Loader;
use crate::value::Value;

include!(concat!(env!("OUT_DIR"), "/stdlib.rs"));

/// Where a module's text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Origin {
    /// A file: its canonical path (its identity) and the path as found
    /// (what messages show).
    File(PathBuf, PathBuf),
    Std(&'static str),
}

/// Finds and loads modules; remembers what it loaded.
#[derive(Default)]
pub struct ModuleLoader {
    /// Folders from `SIMPLE_PATH` (and any the embedder adds).
    pub search_paths: Vec<PathBuf>,
    loaded: Vec<(Origin, u32)>,
    /// Names of the modules being loaded, outermost first (for cycles).
    stack: Vec<String>,
    /// Problems found in imported modules, reported with their own files.
    pub errors: Vec<(FileId, Diagnostic)>,
}

impl ModuleLoader {
    pub fn from_env() -> ModuleLoader {
        let mut loader = ModuleLoader::default();
        if let Some(paths) = std::env::var_os("SIMPLE_PATH") {
            loader
                .search_paths
                .extend(std::env::split_paths(&paths).filter(|p| !p.as_os_str().is_empty()));
        }
        loader
    }

    fn find(&self, prog: &Program, rel: &str, from: FileId) -> (Option<Origin>, Vec<String>) {
        let mut searched = Vec::new();
        let from_dir = prog
            .file(from)
            .map(|f| f.name().to_string())
            .filter(|n| !n.starts_with('<'))
            .and_then(|n| Path::new(&n).parent().map(Path::to_path_buf));
        let mut dirs: Vec<PathBuf> = Vec::new();
        if let Some(d) = from_dir {
            dirs.push(if d.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                d
            });
        }
        dirs.extend(self.search_paths.iter().cloned());
        for dir in dirs {
            let candidate = dir.join(rel);
            searched.push(dir.display().to_string());
            if candidate.is_file() {
                let canonical = candidate
                    .canonicalize()
                    .unwrap_or_else(|_| candidate.clone());
                let shown = candidate
                    .strip_prefix("./")
                    .map(Path::to_path_buf)
                    .unwrap_or(candidate);
                return (Some(Origin::File(canonical, shown)), searched);
            }
        }
        searched.push("<standard library>".into());
        let origin = STDLIB
            .iter()
            .find(|(path, _)| *path == rel)
            .map(|(path, _)| Origin::Std(path));
        (origin, searched)
    }
}

/// How deep [`ModuleLoader::available`] looks under a search path, and how
/// many entries it reads at most: listing must stay quick even when a
/// search path is a large tree (the home directory, say).
const LIST_DEPTH: usize = 3;
const LIST_ENTRIES: usize = 2000;

impl ModuleLoader {
    /// The dotted names of the modules `use` can find: the standard library
    /// and `.spl` files under the search paths.
    pub fn available(&self) -> Vec<String> {
        let mut out: Vec<String> = STDLIB.iter().map(|(path, _)| dotted(path)).collect();
        let mut budget = LIST_ENTRIES;
        for dir in &self.search_paths {
            list_dir(dir, "", LIST_DEPTH, &mut budget, &mut out);
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Upstream's library folders are named by memory model and mutability
/// ("layers": `nogc_sync_mut`, `gc_async_mut`, `nogc_async_immut`, ...),
/// and its code imports them by repository path: `lib.<layer>.src.set`.
/// Where no file answers to such a path, `use` reads it as the standard
/// library module of the same name: `lib.<layer>.src.X` and
/// `std.<layer>.X` are looked for as `std/X.spl` (the layer says how
/// upstream builds the module, not what it provides). `None` for any other
/// path.
fn upstream_layer_path(dotted: &str) -> Option<String> {
    let parts: Vec<&str> = dotted.split('.').collect();
    let is_layer = |p: &str| p.starts_with("nogc_") || p.starts_with("gc_");
    let rest = match parts.as_slice() {
        ["lib", layer, "src", rest @ ..] if is_layer(layer) => rest,
        ["std" | "lib", layer, rest @ ..] if is_layer(layer) => rest,
        _ => return None,
    };
    if rest.is_empty() {
        return None;
    }
    Some(format!("std/{}.spl", rest.join("/")))
}

/// The standard library module that declares `name` at its top level (a
/// `fn`, `struct`, `class`, `enum`, `trait` or `type` line), for the hint
/// on an unknown name: `Set` gives `std.set`. When other modules re-export
/// the name (a `use M.{..., name, ...}` line naming the declaring module, as
/// `std.io.fs` does for the parts it is written as), the shortest-named of
/// them is given instead: `File` gives `std.io.fs`, not `std.io.fs.staging`.
pub fn std_module_declaring(name: &str) -> Option<String> {
    if name.starts_with('_') {
        return None;
    }
    let declaring = STDLIB.iter().find_map(|(path, text)| {
        let declares = text.lines().any(|line| {
            let line = line.strip_prefix("pub ").unwrap_or(line);
            ["fn ", "struct ", "class ", "enum ", "trait ", "type "]
                .iter()
                .filter_map(|kw| line.strip_prefix(kw))
                .any(|rest| {
                    rest.strip_prefix(name).is_some_and(|after| {
                        !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    })
                })
        });
        declares.then(|| dotted(path))
    })?;
    let head = format!("use {declaring}.{{");
    let reexporter = STDLIB
        .iter()
        .filter(|(_, text)| {
            text.lines().any(|line| {
                line.strip_prefix(&head)
                    .and_then(|rest| rest.split_once('}'))
                    .is_some_and(|(names, _)| names.split(',').any(|n| n.trim() == name))
            })
        })
        .map(|(path, _)| dotted(path))
        .min_by_key(String::len);
    Some(reexporter.unwrap_or(declaring))
}

/// `a/b/c.spl` as `a.b.c`.
fn dotted(rel: &str) -> String {
    rel.strip_suffix(".spl").unwrap_or(rel).replace('/', ".")
}

fn list_dir(dir: &Path, prefix: &str, depth: usize, budget: &mut usize, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        // Only names `use` can spell.
        let stem = name.strip_suffix(".spl").unwrap_or(name);
        if stem.is_empty() || !stem.chars().all(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let path = entry.path();
        if name.ends_with(".spl") && path.is_file() {
            out.push(format!("{prefix}{stem}"));
        } else if depth > 1 && path.is_dir() {
            list_dir(&path, &format!("{prefix}{stem}."), depth - 1, budget, out);
        }
    }
}

impl Loader for ModuleLoader {
    fn load_inline(
        &mut self,
        prog: &mut Program,
        name: Symbol,
        module: &simple_syntax::ast::Module,
        file: FileId,
    ) -> Result<u32, Vec<Diagnostic>> {
        let id = prog.add_module(name.to_string(), file, true);
        let mut scope = ModuleScope::default();
        let result = crate::pipeline::compile_ast(prog, self, module, file, &mut scope, None);
        let entry = &mut prog.modules[id as usize];
        entry.scope = scope;
        entry.loading = false;
        entry.failed = result.is_err();
        let compiled = result?;
        entry.body = Some(compiled.code);
        entry.frame_size = compiled.frame_size;
        Ok(id)
    }

    fn load(&mut self, prog: &mut Program, path: &[Symbol], from: FileId) -> Result<u32, String> {
        let dotted: Vec<&str> = path.iter().map(|s| s.as_str()).collect();
        let dotted = dotted.join(".");
        let rel = format!("{}.spl", dotted.replace('.', "/"));
        let (mut origin, mut searched) = self.find(prog, &rel, from);
        if origin.is_none()
            && let Some(std_rel) = upstream_layer_path(&dotted)
        {
            let (o, more) = self.find(prog, &std_rel, from);
            origin = o;
            searched.extend(more.into_iter().map(|s| format!("{s} (as `{std_rel}`)")));
        }
        let Some(origin) = origin else {
            return Err(format!(
                "module `{dotted}` not found: looked for `{rel}` in {}",
                searched.join(", ")
            ));
        };
        let same = |a: &Origin, b: &Origin| match (a, b) {
            (Origin::File(x, _), Origin::File(y, _)) => x == y,
            _ => a == b,
        };
        if let Some(at) = self.loaded.iter().position(|(o, _)| same(o, &origin)) {
            let id = self.loaded[at].1;
            let entry = &prog.modules[id as usize];
            if entry.failed {
                // Failed in this pass: its errors are already on their way.
                if self.errors.iter().any(|(f, _)| *f == entry.file) {
                    return Err(format!("module `{dotted}` has errors (reported above)"));
                }
                // Failed earlier (an earlier input, program or example):
                // load it again, from its file as it is now.
                self.loaded.remove(at);
                return self.load(prog, path, from);
            }
            if entry.loading {
                let mut cycle = self.stack.clone();
                let start = cycle.iter().position(|n| *n == entry.name).unwrap_or(0);
                cycle.drain(..start);
                cycle.push(entry.name.clone());
                return Err(format!("import cycle: {}", cycle.join(" -> ")));
            }
            return Ok(id);
        }
        let (display, text) = match &origin {
            Origin::File(_, p) => match simple_syntax::source::read_text(p) {
                Ok(t) => (p.display().to_string(), t),
                Err(e) => {
                    return Err(format!(
                        "cannot read module `{dotted}` ({}): {e}",
                        p.display()
                    ));
                }
            },
            Origin::Std(p) => {
                let text = STDLIB
                    .iter()
                    .find(|(q, _)| q == p)
                    .map(|(_, t)| *t)
                    .unwrap_or("");
                (format!("<std>/{p}"), text.to_string())
            }
        };
        let source = SourceFile::new(display, text);
        let file = prog.add_file(source.clone());
        let id = prog.add_module(dotted.clone(), file, true);
        self.loaded.push((origin, id));
        self.stack.push(dotted.clone());
        let result = compile_into(prog, self, id, &source, file);
        self.stack.pop();
        let entry = &mut prog.modules[id as usize];
        entry.loading = false;
        entry.failed = result.is_err();
        match result {
            Ok(()) => Ok(id),
            Err(count) => Err(format!(
                "module `{dotted}` has {count} error{} (reported above)",
                if count == 1 { "" } else { "s" }
            )),
        }
    }
}

/// Parses, resolves and compiles module `id` from `source` (program file
/// `file`); on errors, records them and returns how many are its own (or,
/// when only modules it imports failed, how many those have).
fn compile_into(
    prog: &mut Program,
    loader: &mut ModuleLoader,
    id: u32,
    source: &SourceFile,
    file: FileId,
) -> Result<(), usize> {
    let before = loader.errors.len();
    let mut scope = ModuleScope::default();
    let result = compile_file(prog, loader, source, file, &mut scope, |_| {}, None);
    prog.modules[id as usize].scope = scope;
    match result {
        Ok(compiled) => {
            let entry = &mut prog.modules[id as usize];
            entry.body = Some(compiled.code);
            entry.frame_size = compiled.frame_size;
            Ok(())
        }
        Err(diags) if diags.is_empty() => Err(loader.errors.len() - before),
        Err(diags) => {
            let n = diags.len();
            loader.errors.extend(diags.into_iter().map(|d| (file, d)));
            Err(n)
        }
    }
}

/// Runs an imported module's top level, the first time only. `at` is the
/// importing `use` statement.
pub fn run_module(m: &mut Machine, id: u32, at: crate::error::Loc) -> Eval<()> {
    let entry = &mut m.program.modules[id as usize];
    let Some(body) = entry.body.take() else {
        return Ok(());
    };
    let frame_size = entry.frame_size;
    let name = entry.name.clone();
    m.sync_globals();
    crate::compile::run_in_frame(m, &body, frame_size).map_err(|mut c| {
        // Half run: nothing of it may stay visible (see `forget_failed`).
        m.program.modules[id as usize].failed = true;
        if let Some(e) = c.as_error_mut() {
            e.leave_frame(&format!("<module {name}>"), at);
        }
        c
    })?;
    Ok(())
}

/// Removes from an importer's scope every name that came from a module
/// whose load failed (the module itself, the names it declares — not the
/// names it imported from other modules), so that a failed `use` leaves
/// nothing half-defined behind.
pub fn forget_failed(prog: &Program, scope: &mut ModuleScope) {
    let mut gone: Vec<Name> = Vec::new();
    for (id, entry) in prog.modules.iter().enumerate() {
        if entry.failed {
            gone.push(Name::Module(id as u32));
            gone.extend(
                entry
                    .scope
                    .names
                    .iter()
                    .filter(|(k, n)| !matches!(n, Name::Module(_)) && !entry.scope.used.contains(k))
                    .map(|(_, n)| *n),
            );
        }
    }
    if gone.is_empty() {
        return;
    }
    scope.names.retain(|_, n| !gone.contains(n));
    scope.imported.retain(|_, n| !gone.contains(n));
}

/// `module.name` at run time.
pub fn module_member(m: &mut Machine, id: u32, name: Symbol) -> Eval {
    let entry = &m.program.modules[id as usize];
    match entry.scope.names.get(&name) {
        Some(Name::Global { index, .. }) => m.global(*index),
        Some(Name::Type(ty)) => Ok(Value::Type(*ty)),
        Some(Name::Module(inner)) => Ok(Value::Module(*inner)),
        Some(Name::Trait(_)) => fail(format!("`{name}` is a trait, not a value")),
        None => fail(format!("module `{}` has no name `{name}`", entry.name)),
    }
}

#[cfg(test)]
mod tests {
    use super::std_module_declaring;

    // Scans the text of every std module: slow under Miri, and no unsafe code runs.
    #[test]
    #[cfg_attr(miri, ignore)]
    fn the_hint_names_the_module_to_import() {
        assert_eq!(std_module_declaring("Set").as_deref(), Some("std.set"));
        // Declared in std.io.fs's parts, re-exported by std.io.fs (and some by another
        // part): the hint names std.io.fs.
        for name in ["File", "StageMode", "spawn", "ProcessHandle", "SharedSlots"] {
            assert_eq!(
                std_module_declaring(name).as_deref(),
                Some("std.io.fs"),
                "{name}"
            );
        }
        assert_eq!(std_module_declaring("no_such_name_anywhere"), None);
    }
}
