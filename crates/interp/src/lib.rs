//! The Simple interpreter: resolver, evaluator, values, built-ins and the
//! embedding API.
//!
//! The pipeline after parsing (see `simple_syntax`): the [`resolve`]r turns
//! the AST into the resolved tree ([`ir`]) where names are slots; the
//! [`compile`]r turns that tree into closures; running the closures against
//! a [`Machine`] evaluates the program. [`Interpreter`] ties the steps
//! together for embedders and the `simple` command.
//!
//! ```
//! use simple_interp::{Interpreter, Value};
//! let mut interp = Interpreter::new_captured().0;
//! interp.register("add", |a: i64, b: i64| a + b);
//! let v = interp.eval("<example>", "extern fn add(a: i64, b: i64) -> i64\nadd(2, 3) * 10").unwrap();
//! assert_eq!(v, Value::Int(50));
//! ```

mod builtins;
mod compile;
mod convert;
mod error;
mod function;
mod host;
mod host_type;
mod introspect;
mod ir;
mod limits;
mod machine;
mod matrix;
mod modules;
mod not_send;
mod ops;
mod pipeline;
mod program;
pub mod reference;
mod resolve;
#[cfg(feature = "serde")]
pub mod serde_value;
mod services;
#[cfg(test)]
mod soundness_tests;
#[cfg(feature = "spec")]
pub mod spec;
mod suggest;
mod types;
mod value;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use simple_syntax::{Diagnostic, SourceFile, Symbol};

pub use convert::{IntoArgs, SimpleResult};
pub use error::{ErrorKind, RuntimeError};
pub use host::{FromValue, HostContext, HostError, HostFunction, HostReturn, IntoValue, RawHostFn};
pub use host_type::{Host, HostMethod, HostTypeBuilder};
pub use limits::InterruptHandle;
#[cfg(feature = "serde")]
pub use serde_value::{Serde, SerdeError};
pub use services::{BROKEN_PIPE_STATUS, Sink};
pub use value::Value;
// Views over memory the host owns (`sffi` lends its mappings to scripts).
pub use value::{ByteView, ViewSource};

use machine::Machine;

/// What the [`host_struct!`] macro expands to; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use crate::convert::{struct_fields, struct_value};
    pub use crate::types::TypeTable;
}

use error::{Ctrl, FileId, Flow, Loc};

/// The examples of `docs/embedding.md`, compiled and run as doctests so
/// that the documentation cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/embedding.md")]
pub struct EmbeddingDocExamples;
use modules::ModuleLoader;
use program::{ModuleScope, Name};

/// Why running a program stopped.
#[derive(Debug)]
pub enum Error {
    /// Syntax or resolve errors, with the file each belongs to.
    Diagnostics(Vec<(SourceFile, Diagnostic)>),
    /// A runtime error (with its call stack).
    Runtime(Box<RuntimeError>),
    /// `exit(code)` was called.
    Exit(i32),
    /// A file could not be read.
    Io(String),
}

impl Error {
    /// The runtime error's kind (`None` for diagnostics, I/O and `exit`):
    /// match on it to tell a limit ([`ErrorKind::OperationLimit`], ...) from
    /// a program's own error.
    pub fn kind(&self) -> Option<&ErrorKind> {
        match self {
            Error::Runtime(e) => Some(&e.kind),
            _ => None,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Diagnostics(list) => {
                let text: String = list.iter().map(|(file, d)| d.render(file, false)).collect();
                f.write_str(text.trim_end())
            }
            Error::Runtime(e) => f.write_str(&e.message),
            Error::Exit(code) => write!(f, "exit({code})"),
            Error::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

/// An embeddable Simple interpreter.
pub struct Interpreter {
    machine: Machine,
    loader: ModuleLoader,
    /// The scope of the interactive session / `eval` inputs.
    session: Option<(u32, ModuleScope)>,
    /// Modules whose names every main module sees (`use M.*` added first).
    prelude: Vec<String>,
}

impl Default for Interpreter {
    fn default() -> Self {
        Self::new()
    }
}

/// The exit status of a program whose `at_exit` handlers returned
/// `handler_errors` (from [`Interpreter::run_exit_handlers`]): an `exit(n)`
/// in a handler sets `n` (the last one run wins); any other error in a
/// handler turns a successful status into 1.
pub fn exit_status(status: i32, handler_errors: &[Error]) -> i32 {
    handler_errors.iter().fold(status, |status, e| match e {
        Error::Exit(n) => *n,
        _ if status == 0 => 1,
        _ => status,
    })
}

impl Interpreter {
    /// An interpreter writing to the process's stdout and stderr, with no
    /// host functions (a sandbox: `extern fn` declarations fail).
    pub fn new() -> Interpreter {
        Interpreter::with_sinks(Sink::Stdout, Sink::Stderr)
    }

    pub fn with_sinks(out: Sink, err: Sink) -> Interpreter {
        Interpreter {
            machine: Machine::new(out, err),
            loader: ModuleLoader::from_env(),
            session: None,
            prelude: Vec::new(),
        }
    }

    /// An interpreter whose output (stdout and stderr together) is
    /// collected in memory.
    pub fn new_captured() -> (Interpreter, Rc<RefCell<Vec<u8>>>) {
        let buf = Rc::new(RefCell::new(Vec::new()));
        let interp = Interpreter::with_sinks(Sink::Buffer(buf.clone()), Sink::Buffer(buf.clone()));
        (interp, buf)
    }

    /// Registers a host function. Programs call it by name; an
    /// `extern fn NAME(...)` declaration binds to it too (and checks the
    /// number of parameters).
    pub fn register<Args, F: HostFunction<Args>>(&mut self, name: &str, f: F) {
        let f = host::register_native(&mut self.machine, host::native_from_typed(name, f));
        self.define_host(name, Value::Native(f), false);
    }

    /// Defines (or redefines) a global every program sees, unless it
    /// defines that name itself. A name a program already defined is
    /// assigned instead.
    pub fn set_global(&mut self, name: &str, value: impl IntoValue) {
        let value = value.into_value_in(&self.machine.program.types);
        if let Some(index) = self.find_global(name) {
            self.machine.globals[index as usize] = value;
            return;
        }
        self.define_host(name, value, true);
    }

    /// The value of a global (defined by a program or by the host),
    /// converted; `None` when there is no such global or it does not
    /// convert.
    pub fn get_global<T: FromValue>(&self, name: &str) -> Option<T> {
        let mut v = self.global(name)?;
        T::from_value_in(&mut v, &self.machine.program.types)
    }

    fn define_host(&mut self, name: &str, value: Value, mutable: bool) {
        let sym = Symbol::intern(name);
        let prog = &mut self.machine.program;
        let index = match prog.host_names.get(&sym) {
            Some(Name::Global { index, .. }) => *index,
            _ => prog.add_global(sym),
        };
        prog.host_names.insert(
            sym,
            Name::Global {
                index,
                mutable,
                kind: program::GlobalKind::Value,
            },
        );
        self.machine.sync_globals();
        self.machine.globals[index as usize] = value;
    }

    /// Calls `f` with each line `print` writes (the text includes the
    /// newline), instead of writing to stdout.
    pub fn on_print(&mut self, f: impl FnMut(&str) + 'static) {
        self.machine.host.out.set_sink(Sink::Callback(Box::new(f)));
    }

    /// Calls `f` with each text `eprint` writes, instead of writing to
    /// stderr.
    pub fn on_eprint(&mut self, f: impl FnMut(&str) + 'static) {
        self.machine.host.err.set_sink(Sink::Callback(Box::new(f)));
    }

    /// Stops an evaluation after `n` operations (loop iterations and
    /// calls), with [`ErrorKind::OperationLimit`]. `None` (the default)
    /// for no limit. The count starts over at every `eval`, `run_*` and
    /// `call`.
    pub fn set_max_operations(&mut self, n: impl Into<Option<u64>>) {
        self.machine.limits.max_operations = n.into();
    }

    /// Deepest call nesting before [`ErrorKind::CallDepthLimit`] (default
    /// 100,000).
    pub fn set_max_call_depth(&mut self, depth: u32) {
        self.machine.max_depth = depth;
    }

    /// Largest text, array, byte buffer or dict a program may build, in
    /// bytes (an array item or dict entry counts 16 or 48 bytes): growing
    /// beyond it fails with [`ErrorKind::MemoryLimit`] before the memory
    /// is allocated. `None` (the default) for no limit.
    pub fn set_max_memory(&mut self, bytes: impl Into<Option<usize>>) {
        self.machine.limits.max_memory = bytes.into();
    }

    /// Stops an evaluation that runs longer than `limit` (wall clock), with
    /// [`ErrorKind::TimeLimit`]; each `eval`, `run_*` and `call` gets the
    /// whole limit. `None` (the default) for no limit.
    pub fn set_time_limit(&mut self, limit: impl Into<Option<std::time::Duration>>) {
        self.machine.limits.time_limit = limit.into();
    }

    /// A handle another thread can use to stop the running evaluation
    /// ([`ErrorKind::Interrupted`]).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        self.machine.limits.interrupt.clone()
    }

    /// Starts an evaluation's limits; the guard holds the memory budget.
    fn enter(&mut self) -> limits::MemoryGuard {
        self.machine.start_limits();
        limits::MemoryGuard::new(self.machine.limits.max_memory)
    }

    /// Registers Rust type `T` as a host type named `name`: programs hold
    /// its values ([`Host`]) as handles and call the methods added with
    /// [`HostTypeBuilder::method`].
    pub fn register_type<T: 'static>(&mut self, name: &str) -> HostTypeBuilder<T> {
        host_type::register(&mut self.machine.program.types, name)
    }

    /// Registers a host function that needs the interpreter (to flush its
    /// output, say) or takes a variable number of arguments.
    pub fn register_raw(
        &mut self,
        name: &str,
        min_args: usize,
        max_args: Option<usize>,
        f: impl Fn(&mut HostContext<'_>, &mut [Value]) -> Result<Value, HostError> + 'static,
    ) {
        let f = host::register_native(
            &mut self.machine,
            host::native_from_raw(name, min_args, max_args, Box::new(f)),
        );
        self.define_host(name, Value::Native(f), false);
    }

    /// The names of the registered host functions.
    pub fn host_functions(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .machine
            .program
            .externs
            .keys()
            .map(|k| k.to_string())
            .collect();
        names.sort();
        names
    }

    /// The script arguments `args()` returns.
    pub fn set_args(&mut self, args: Vec<String>) {
        self.machine.host.args = args;
    }

    pub fn add_search_path(&mut self, dir: impl Into<PathBuf>) {
        self.loader.search_paths.push(dir.into());
    }

    /// Deepest Simple call nesting before a "stack overflow" error.
    pub fn set_max_depth(&mut self, depth: u32) {
        self.machine.max_depth = depth;
    }

    pub fn flush(&mut self) {
        self.machine.flush();
    }

    /// The first error met writing the program's standard output (a closed
    /// pipe, a full disk) since the last call, if any: output after it was
    /// dropped. Call it after [`Interpreter::flush`] at the end of a run; a
    /// closed pipe conventionally ends a program with
    /// [`BROKEN_PIPE_STATUS`].
    pub fn take_output_error(&mut self) -> Option<std::io::Error> {
        self.machine.host.out.take_failure()
    }

    /// Renders an error the way `simple run` prints it.
    pub fn render_error(&self, e: &Error, color: bool) -> String {
        match e {
            Error::Diagnostics(list) => {
                simple_syntax::diagnostic::render_all(list.iter().map(|(f, d)| (f, d)), color)
            }
            Error::Runtime(r) => self.machine.render_error(r, color),
            Error::Exit(code) => format!("exit({code})\n"),
            Error::Io(message) => format!("error: {message}\n"),
        }
    }

    fn take_loader_errors(&mut self) -> Vec<(SourceFile, Diagnostic)> {
        let errors = std::mem::take(&mut self.loader.errors);
        errors
            .into_iter()
            .filter_map(|(id, d)| self.machine.program.file(id).map(|f| (f, d)))
            .collect()
    }

    /// Makes every name of module `path` (dotted, e.g. `std.spec`) visible
    /// in the programs this interpreter runs, as if they began with
    /// `use path.*`.
    pub fn add_prelude(&mut self, path: &str) {
        self.prelude.push(path.to_string());
    }

    /// Parses, resolves and compiles `file` as a new module; returns its id.
    fn load_main(&mut self, file: SourceFile) -> Result<u32, Error> {
        self.load_main_with(file, None)
    }

    /// [`Interpreter::load_main`]; with `deferred`, the main file's own
    /// syntax and name errors do not stop it: they are collected there and
    /// the module is compiled with the erroneous parts inert (the spec
    /// runner fails just the examples that contain them).
    fn load_main_with(
        &mut self,
        file: SourceFile,
        deferred: Option<&mut Vec<Diagnostic>>,
    ) -> Result<u32, Error> {
        let prog = &mut self.machine.program;
        let file_id = prog.add_file(file.clone());
        let id = prog.add_module(file.name().to_string(), file_id, true);
        let prelude = &self.prelude;
        let add_prelude = |ast: &mut simple_syntax::ast::Module| {
            for path in prelude.iter().rev() {
                use simple_syntax::ast::{Stmt, StmtKind, UseDecl, UseItems};
                let span = simple_syntax::Span::new(0, 0);
                let decl = UseDecl {
                    path: path.split('.').map(Symbol::intern).collect(),
                    path_span: span,
                    items: UseItems::Glob,
                    span,
                };
                ast.body.insert(
                    0,
                    Stmt {
                        kind: StmtKind::Use(Box::new(decl)),
                        span,
                    },
                );
            }
        };
        let mut scope = ModuleScope::default();
        let result = pipeline::compile_file(
            prog,
            &mut self.loader,
            &file,
            file_id,
            &mut scope,
            add_prelude,
            deferred,
        );
        let prog = &mut self.machine.program;
        prog.modules[id as usize].scope = scope;
        prog.modules[id as usize].loading = false;
        let mut all = self.take_loader_errors();
        match result {
            Ok(compiled) if all.is_empty() => {
                let entry = &mut self.machine.program.modules[id as usize];
                entry.body = Some(compiled.code);
                entry.frame_size = compiled.frame_size;
                Ok(id)
            }
            Ok(_) => Err(Error::Diagnostics(all)),
            Err(diags) => {
                all.extend(diags.into_iter().map(|d| (file.clone(), d)));
                Err(Error::Diagnostics(all))
            }
        }
    }

    /// Checks a file without running it: syntax and resolve errors.
    pub fn check(&mut self, file: SourceFile) -> Vec<(SourceFile, Diagnostic)> {
        match self.load_main(file) {
            Ok(_) => Vec::new(),
            Err(Error::Diagnostics(list)) => list,
            Err(_) => Vec::new(),
        }
    }

    fn convert(&mut self, c: Ctrl, top: &str) -> Error {
        match c.flow() {
            Flow::Error(mut e) => {
                e.leave_top(top);
                match e.kind {
                    ErrorKind::Exit(code) => Error::Exit(code),
                    _ => Error::Runtime(e),
                }
            }
            // The resolver rejects these outside functions and loops.
            Flow::Break | Flow::Continue | Flow::Return => Error::Runtime(Box::new(
                RuntimeError::new("control flow escaped the program"),
            )),
        }
    }

    fn run_loaded(&mut self, id: u32) -> Result<Value, Error> {
        let _guard = self.enter();
        self.machine.sync_globals();
        let entry = &mut self.machine.program.modules[id as usize];
        let body = entry.body.take();
        let frame_size = entry.frame_size;
        let Some(body) = body else {
            return Ok(Value::Nil);
        };
        let r = compile::run_in_frame(&mut self.machine, &body, frame_size);
        r.map_err(|c| {
            let prog = &mut self.machine.program;
            let mut scope = std::mem::take(&mut prog.modules[id as usize].scope);
            modules::forget_failed(prog, &mut scope);
            prog.modules[id as usize].scope = scope;
            self.convert(c, "<module>")
        })
    }

    /// Runs a program's text as the main module. Returns the value of its
    /// last statement. Does not call `main` (see [`Interpreter::run_main`]).
    pub fn run_source(&mut self, name: &str, text: &str) -> Result<Value, Error> {
        let id = self.load_main(SourceFile::new(name, text))?;
        self.run_loaded(id)
    }

    /// Runs a file as `simple run` does: the top level, then `main()` if the
    /// file defines one.
    pub fn run_main(&mut self, path: &Path) -> Result<Value, Error> {
        let text = simple_syntax::source::read_text(path)
            .map_err(|e| Error::Io(format!("cannot read {}: {e}", path.display())))?;
        self.run_main_source(&path.display().to_string(), &text)
    }

    /// [`Interpreter::run_main`] for a program given as text (`simple -e`,
    /// a program read from standard input): the top level, then `main()`.
    pub fn run_main_source(&mut self, name: &str, text: &str) -> Result<Value, Error> {
        let id = self.load_main(SourceFile::new(name, text))?;
        let value = self.run_loaded(id)?;
        let main = self.machine.program.modules[id as usize]
            .scope
            .names
            .get(&simple_syntax::known::MAIN)
            .copied();
        match main {
            Some(Name::Global { index, .. }) => {
                let f = self.machine.globals[index as usize].clone();
                if matches!(f, Value::Function(_) | Value::Closure(_)) {
                    self.check_main_params(&f)?;
                    let result = self.call_value(&f, Vec::new())?;
                    return self.main_result(&f, result);
                }
                Ok(value)
            }
            _ => Ok(value),
        }
    }

    /// `main` is called without arguments: one that requires some is an
    /// error at its declaration (not at the host's call).
    fn check_main_params(&self, main: &Value) -> Result<(), Error> {
        let Value::Function(def) = main else {
            return Ok(());
        };
        let Some(p) = def.params.iter().find(|p| p.default.is_none()) else {
            return Ok(());
        };
        let name = p.name.as_str();
        let mut err = RuntimeError::new(format!(
            "`main` is called without arguments, but declares the parameter `{name}` (the command-line arguments are in `args()`)"
        ));
        let at = simple_syntax::Span::new(def.span.start, def.span.start + 2);
        err.loc = Some(Loc::new(def.file, at));
        Err(Error::Runtime(Box::new(err)))
    }

    /// `main()` returning `Err(e)` ends the program like an uncaught error
    /// (reported at `main`'s declaration, exit status 1).
    fn main_result(&self, main: &Value, result: Value) -> Result<Value, Error> {
        match result.as_result() {
            Some((false, e)) => {
                let mut err = RuntimeError::new(format!(
                    "`main` returned an error: {}",
                    value::DisplayValue(e, Some(&self.machine.program.types))
                ));
                if let Value::Function(def) = main {
                    // Point at the `fn` keyword, not the whole body.
                    let at = simple_syntax::Span::new(def.span.start, def.span.start + 2);
                    err.loc = Some(Loc::new(def.file, at));
                }
                Err(Error::Runtime(Box::new(err)))
            }
            _ => Ok(result),
        }
    }

    /// Runs the `at_exit` functions registered by this process, latest first,
    /// and forgets them. Call it when a program ends — normally, by
    /// `exit(n)`, or after its error has been reported. A failing handler
    /// does not stop the others; the errors are returned, an `exit(n)` in a
    /// handler as `Error::Exit(n)` (see [`exit_status`] for the status they
    /// give the program). In a forked child nothing runs (the handlers belong
    /// to the parent).
    /// Records the report of the error that ended the program, for the
    /// `at_exit` functions (`__exit_error()`; a forked worker sends it to
    /// its parent). Call it after reporting the error, before
    /// [`Interpreter::run_exit_handlers`].
    pub fn set_exit_error(&mut self, report: String) {
        self.machine.host.exit_error = Some(report);
    }

    pub fn run_exit_handlers(&mut self) -> Vec<Error> {
        let me = std::process::id();
        let handlers = std::mem::take(&mut self.machine.host.exit_handlers);
        let mut errors = Vec::new();
        for (pid, f) in handlers.into_iter().rev() {
            if pid != me {
                continue;
            }
            match self.call_value(&f, Vec::new()) {
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        self.flush();
        errors
    }

    /// Calls a function value with arguments.
    pub fn call_value(&mut self, f: &Value, args: Vec<Value>) -> Result<Value, Error> {
        let _guard = self.enter();
        let loc = Loc::new(FileId::MAX, Default::default());
        compile::call_value_with(&mut self.machine, f, args, loc)
            .map_err(|c| self.convert(c, "<host>"))
    }

    /// Calls a module-level function of the programs run so far, by name,
    /// with a tuple of arguments (or a `Vec<Value>`), and converts the
    /// result: `interp.call::<i64>("scale", (2, 3.5))`.
    pub fn call<R: FromValue>(&mut self, name: &str, args: impl IntoArgs) -> Result<R, Error> {
        let f = self.global(name).ok_or_else(|| {
            Error::Runtime(Box::new(RuntimeError::new(format!(
                "no function named `{name}`"
            ))))
        })?;
        let args = args.into_args_in(&self.machine.program.types);
        let mut v = self.call_value(&f, args)?;
        let types = &self.machine.program.types;
        let shown = ops::type_name(&v, Some(types));
        R::from_value_in(&mut v, types).ok_or_else(|| {
            Error::Runtime(Box::new(RuntimeError::new(format!(
                "`{name}` returned {shown}, expected {}",
                R::EXPECTED
            ))))
        })
    }

    /// The value of a module-level name defined by the programs run so far
    /// (the latest definition wins).
    pub fn global(&self, name: &str) -> Option<Value> {
        self.find_global(name)
            .and_then(|i| self.machine.globals.get(i as usize).cloned())
            .filter(|v| !matches!(v, Value::Undefined))
    }

    fn find_global(&self, name: &str) -> Option<u32> {
        let sym = Symbol::intern(name);
        let prog = &self.machine.program;
        let mut found = None;
        if let Some((id, scope)) = &self.session {
            let _ = id;
            if let Some(Name::Global { index, .. }) = scope.names.get(&sym) {
                found = Some(*index);
            }
        }
        if found.is_none() {
            for module in prog.modules.iter().rev().filter(|m| !m.failed) {
                if let Some(Name::Global { index, .. }) = module.scope.names.get(&sym) {
                    found = Some(*index);
                    break;
                }
            }
        }
        if found.is_none()
            && let Some(Name::Global { index, .. }) = prog.host_names.get(&sym)
        {
            found = Some(*index);
        }
        found
    }

    /// Evaluates source text in a persistent session (the REPL's model):
    /// names defined by one input are visible to the next. Returns the
    /// value of the last statement.
    pub fn eval(&mut self, name: &str, text: &str) -> Result<Value, Error> {
        let file = SourceFile::new(name, text);
        let prog = &mut self.machine.program;
        let file_id = prog.add_file(file.clone());
        // A string alone in an input is a value to show, not a docstring.
        let doc_as_value = |ast: &mut simple_syntax::ast::Module| {
            if let Some(doc) = ast.doc.take() {
                use simple_syntax::ast::{Expr, ExprKind, Stmt, StmtKind};
                let span = simple_syntax::Span::new(0, text.len() as u32);
                let expr = Expr {
                    kind: ExprKind::Str(doc),
                    span,
                };
                ast.body.insert(
                    0,
                    Stmt {
                        kind: StmtKind::Expr(expr),
                        span,
                    },
                );
            }
        };
        let (id, mut scope) = match self.session.take() {
            Some(s) => s,
            None => {
                let id = prog.add_module("<session>".into(), file_id, false);
                (id, ModuleScope::default())
            }
        };
        let result = pipeline::compile_file(
            prog,
            &mut self.loader,
            &file,
            file_id,
            &mut scope,
            doc_as_value,
            None,
        );
        // The session's names stay visible to `global()` and later inputs.
        self.machine.program.modules[id as usize].scope = ModuleScope {
            names: scope.names.clone(),
            imported: scope.imported.clone(),
            used: scope.used.clone(),
        };
        self.session = Some((id, scope));
        let mut all = self.take_loader_errors();
        let compiled = match result {
            Ok(compiled) if all.is_empty() => compiled,
            Ok(_) => {
                self.forget_failed_imports();
                return Err(Error::Diagnostics(all));
            }
            Err(diags) => {
                all.extend(diags.into_iter().map(|d| (file.clone(), d)));
                self.forget_failed_imports();
                return Err(Error::Diagnostics(all));
            }
        };
        self.machine.sync_globals();
        let _guard = self.enter();
        compile::run_in_frame(&mut self.machine, &compiled.code, compiled.frame_size).map_err(|c| {
            self.forget_failed_imports();
            self.convert(c, "<input>")
        })
    }

    /// After a failed input: the session keeps no name of a module whose
    /// `use` failed (see [`modules::forget_failed`]).
    fn forget_failed_imports(&mut self) {
        let prog = &mut self.machine.program;
        if let Some((id, scope)) = &mut self.session {
            modules::forget_failed(prog, scope);
            let mut shown = std::mem::take(&mut prog.modules[*id as usize].scope);
            modules::forget_failed(prog, &mut shown);
            prog.modules[*id as usize].scope = shown;
        }
    }

    /// The docstring of a module-level function or type, by name.
    pub fn doc(&self, name: &str) -> Option<String> {
        let sym = Symbol::intern(name);
        let prog = &self.machine.program;
        let scopes = self
            .session
            .as_ref()
            .map(|(_, s)| s)
            .into_iter()
            .chain(prog.modules.iter().rev().map(|m| &m.scope));
        for scope in scopes {
            match scope.get(sym) {
                Some(Name::Type(ty)) => return prog.types.get(ty).doc.clone(),
                Some(Name::Global { index, .. }) => {
                    return match self.machine.globals.get(index as usize) {
                        Some(Value::Function(f)) => f.doc.clone(),
                        Some(Value::Closure(c)) => c.def.doc.clone(),
                        _ => None,
                    };
                }
                _ => {}
            }
        }
        None
    }

    /// The display form of a value (as `print` shows it).
    pub fn display(&self, v: &Value) -> String {
        value::DisplayValue(v, Some(&self.machine.program.types)).to_string()
    }

    /// The debug form of a value (texts quoted), as the REPL echoes it.
    pub fn debug(&self, v: &Value) -> String {
        let mut s = String::new();
        value::write_debug(&mut s, v, Some(&self.machine.program.types));
        s
    }
}
