//! What the interpreter knows about the loaded program, independent of any
//! one run: source files, types, module scopes, global slot names, traits,
//! and the registered host functions. It grows as modules load (and as REPL
//! inputs arrive); evaluation reads it.

use std::rc::Rc;

use simple_syntax::{SourceFile, Symbol, ast};

use crate::error::FileId;
use crate::function::{Code, NativeFn};
use crate::types::{IdMap, TypeTable};
use crate::value::TypeId;

/// What a top-level name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Name {
    /// A module-level binding (value, function or extern).
    Global {
        index: u32,
        mutable: bool,
        kind: GlobalKind,
    },
    Type(TypeId),
    Module(u32),
    Trait(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlobalKind {
    Value,
    Function,
    Extern,
}

/// The names visible at the top level of one module.
#[derive(Default)]
pub struct ModuleScope {
    /// Names the module defines itself (these are its exports too).
    pub names: IdMap<Symbol, Name>,
    /// Names brought in unqualified by `use`; a module's own names win.
    pub imported: IdMap<Symbol, Name>,
    /// The names in `names` that a `use` bound (`use m.{x}`, `use m.x`)
    /// rather than a declaration of the module.
    pub used: Vec<Symbol>,
}

impl ModuleScope {
    pub fn get(&self, name: Symbol) -> Option<Name> {
        self.names
            .get(&name)
            .or_else(|| self.imported.get(&name))
            .copied()
    }
}

pub struct ModuleEntry {
    /// Dotted name (`std.io.fs`) or the script path for the main module.
    pub name: String,
    pub file: FileId,
    pub scope: ModuleScope,
    /// Still being loaded (used to detect import cycles).
    pub loading: bool,
    /// Its compiled top level, taken when it first runs.
    pub body: Option<Code>,
    pub frame_size: u32,
    /// Loading it failed (an error in its text, or in its top level when it
    /// ran): the importer keeps none of its names, and the next `use` of
    /// its file loads it again instead of taking the half-run module.
    pub failed: bool,
}

pub struct TraitEntry {
    pub name: Symbol,
    pub required: Vec<Symbol>,
    pub provided: Vec<ast::FnDecl>,
    pub file: FileId,
}

pub struct Program {
    pub files: Vec<SourceFile>,
    pub types: TypeTable,
    /// Field default presence per type (the resolver checks constructors).
    pub global_names: Vec<Symbol>,
    pub modules: Vec<ModuleEntry>,
    pub traits: Vec<TraitEntry>,
    /// Every variant name of every enum, for bare variant names.
    pub variant_names: IdMap<Symbol, Vec<(TypeId, u32)>>,
    /// Host functions an `extern fn` may bind to.
    pub externs: IdMap<Symbol, Rc<NativeFn>>,
    /// Globals the host defined (`Interpreter::set_global`, registered
    /// functions): every module sees them, after its own names and the
    /// built-ins.
    pub host_names: IdMap<Symbol, Name>,
}

impl Default for Program {
    fn default() -> Self {
        Self::new()
    }
}

impl Program {
    pub fn new() -> Program {
        Program {
            files: Vec::new(),
            types: TypeTable::new(),
            global_names: Vec::new(),
            modules: Vec::new(),
            traits: Vec::new(),
            variant_names: IdMap::default(),
            externs: IdMap::default(),
            host_names: IdMap::default(),
        }
    }

    /// A new module named `name` (text in `file`), not yet compiled; its id.
    /// `loading` while it is being resolved (for import cycles).
    pub fn add_module(&mut self, name: String, file: FileId, loading: bool) -> u32 {
        self.modules.push(ModuleEntry {
            name,
            file,
            scope: ModuleScope::default(),
            loading,
            body: None,
            frame_size: 0,
            failed: false,
        });
        (self.modules.len() - 1) as u32
    }

    pub fn add_file(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        (self.files.len() - 1) as FileId
    }

    pub fn file(&self, id: FileId) -> Option<SourceFile> {
        self.files.get(id as usize).cloned()
    }

    pub fn add_global(&mut self, name: Symbol) -> u32 {
        self.global_names.push(name);
        (self.global_names.len() - 1) as u32
    }
}
