//! Source text to code: parse → resolve → compile. Main modules
//! (`Interpreter::run_*`, `check`, spec files), `eval` inputs and imported
//! modules all take this one path; they differ only in where the file's
//! names go (`scope`), how the syntax tree is adjusted before it is resolved
//! (`prepare`: the prelude's `use` lines, an input's lone string shown as a
//! value) and whether the file's own errors stop it (`deferred`).

use simple_syntax::{Diagnostic, SourceFile, ast};

use crate::compile::Compiler;
use crate::error::FileId;
use crate::function::Code;
use crate::modules::ModuleLoader;
use crate::program::{ModuleScope, Program};
use crate::resolve::Resolver;

/// A file's compiled top level.
pub(crate) struct Compiled {
    pub(crate) code: Code,
    /// Slots the top level's own frame needs.
    pub(crate) frame_size: u32,
}

/// Parses `source` (program file `file`), lets `prepare` adjust the syntax
/// tree, resolves it with its top-level names in `scope`, and compiles it.
///
/// The file's own syntax and name errors stop it and are returned, unless
/// `deferred` collects them (the file is then compiled with the erroneous
/// parts inert). Errors in modules it imports are left in `loader.errors`
/// for the caller to report with their own files; they stop it too (the
/// returned list may then be empty).
pub(crate) fn compile_file(
    prog: &mut Program,
    loader: &mut ModuleLoader,
    source: &SourceFile,
    file: FileId,
    scope: &mut ModuleScope,
    prepare: impl FnOnce(&mut ast::Module),
    mut deferred: Option<&mut Vec<Diagnostic>>,
) -> Result<Compiled, Vec<Diagnostic>> {
    let (mut ast, diags) = simple_syntax::parse_module(source);
    if !diags.is_empty() {
        match deferred.as_deref_mut() {
            Some(out) => out.extend(diags),
            None => return Err(diags),
        }
    }
    prepare(&mut ast);
    compile_ast(prog, loader, &ast, file, scope, deferred)
}

/// [`compile_file`] past parsing: resolves and compiles a syntax tree (a
/// file's, or an inline `module name:` block's) of program file `file`.
pub(crate) fn compile_ast(
    prog: &mut Program,
    loader: &mut ModuleLoader,
    ast: &ast::Module,
    file: FileId,
    scope: &mut ModuleScope,
    deferred: Option<&mut Vec<Diagnostic>>,
) -> Result<Compiled, Vec<Diagnostic>> {
    let imported_errors = loader.errors.len();
    let (ir, diags) = Resolver::new(prog, loader, scope, file).resolve_module(ast);
    match deferred {
        Some(out) => out.extend(diags),
        None if !diags.is_empty() => return Err(diags),
        None => {}
    }
    if loader.errors.len() > imported_errors {
        return Err(Vec::new());
    }
    let frame_size = ir.frame_size;
    let code = Compiler::new(prog, file).compile_module(ir);
    Ok(Compiled { code, frame_size })
}
