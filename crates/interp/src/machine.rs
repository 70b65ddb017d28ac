//! The runtime state one program runs in, next to the loaded program
//! (`program.rs`) and the host's services (`services.rs`).
//!
//! Locals of every active call live in one `stack` vector; a call's frame is
//! `stack[base..]`, and compiled code reads slot `i` as `stack[base + i]`.
//! Calls push their arguments, grow the frame to the callee's size, run the
//! body and truncate back: no allocation per call.

use crate::error::{Eval, Loc, RuntimeError, rt_error};
use crate::program::Program;
use crate::services::{HostServices, Sink};
use crate::value::Value;

/// Deepest Simple call nesting allowed before a clean "stack overflow"
/// error. The native stack grows on demand (see `call.rs`), so this bounds
/// memory, not the native stack.
pub const DEFAULT_MAX_DEPTH: u32 = 100_000;

/// An interpreter's machine: the runtime state (value stack, frames,
/// globals, the return value in flight, call depth, the limits' fuel) as
/// its own fields, which the compiled code reaches directly; the loaded
/// program; and the host's services.
pub struct Machine {
    /// Locals of all active frames.
    pub stack: Vec<Value>,
    /// Start of the running frame in `stack`.
    pub base: usize,
    /// Module-level bindings of every module.
    pub globals: Vec<Value>,
    /// The value of a `return` in flight.
    pub ret: Value,
    pub depth: u32,
    pub max_depth: u32,
    /// A type invariant is being checked: methods it calls do not check
    /// invariants again (an invariant may call the type's own methods).
    pub checking_invariant: bool,
    /// Operations left before the limits are looked at again (see
    /// `limits.rs`).
    pub fuel: u64,
    pub limits: crate::limits::Limits,
    /// What is loaded: files, types, modules, global names, host functions.
    pub program: Program,
    /// Output, arguments, `at_exit` handlers, the spec registry.
    pub host: HostServices,
    /// Set by a call site whose arguments include plain variables, for a
    /// callee with `mut` parameters: the callee's frame base and, per
    /// argument, the caller's variable (see `compile::call::write_back`).
    pub(crate) write_back: Option<(usize, std::rc::Rc<[Option<crate::ir::Slot>]>)>,
    /// Module-level variables lent to a running `me` method, with the
    /// method's name (see `compile::lend`): reading one is an error that
    /// says so.
    pub(crate) lent_globals: Vec<(u32, simple_syntax::Symbol)>,
}

impl Machine {
    pub fn new(out: Sink, err: Sink) -> Machine {
        Machine {
            stack: Vec::with_capacity(1024),
            base: 0,
            globals: Vec::new(),
            ret: Value::Nil,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            checking_invariant: false,
            fuel: 0,
            limits: Default::default(),
            program: Program::new(),
            host: HostServices::new(out, err),
            write_back: None,
            lent_globals: Vec::new(),
        }
    }

    /// Makes room for globals the resolver allocated since the last run.
    pub fn sync_globals(&mut self) {
        let n = self.program.global_names.len();
        if self.globals.len() < n {
            self.globals.resize(n, Value::Undefined);
        }
    }

    #[inline(always)]
    pub fn local(&self, slot: u32) -> &Value {
        &self.stack[self.base + slot as usize]
    }

    #[inline(always)]
    pub fn local_mut(&mut self, slot: u32) -> &mut Value {
        let i = self.base + slot as usize;
        &mut self.stack[i]
    }

    #[inline(always)]
    pub fn set_local(&mut self, slot: u32, v: Value) {
        let i = self.base + slot as usize;
        self.stack[i].overwrite(v);
    }

    /// Moves the values from `base` up off the stack into an argument
    /// buffer (one copy for the usual few arguments).
    #[inline]
    pub fn take_args(&mut self, base: usize) -> crate::value::ArgBuf {
        let base = base.min(self.stack.len());
        let n = self.stack.len() - base;
        let mut args = crate::value::ArgBuf::new();
        if n <= args.inline_size() {
            // SAFETY: the `n` values are moved bit for bit into the buffer's
            // inline storage (room checked above), and the stack forgets
            // them by shortening its length without dropping them.
            unsafe {
                std::ptr::copy_nonoverlapping(self.stack.as_ptr().add(base), args.as_mut_ptr(), n);
                args.set_len(n);
                self.stack.set_len(base);
            }
        } else {
            args.extend(self.stack.drain(base..));
        }
        args
    }

    /// Pops everything from `base` up, releasing only what holds heap
    /// memory (a frame of ints is popped without running drop code).
    #[inline(always)]
    pub fn pop_frame(&mut self, base: usize) {
        let base = base.min(self.stack.len());
        if self.stack[base..].iter().all(|v| !v.owns_heap()) {
            // SAFETY: every value being cut off is a scalar, which owns
            // nothing, so not running its drop code loses nothing.
            unsafe { self.stack.set_len(base) }
        } else {
            self.stack.truncate(base);
        }
    }

    #[inline(always)]
    pub fn global(&self, index: u32) -> Eval {
        match &self.globals[index as usize] {
            Value::Int(i) => Ok(Value::Int(*i)),
            Value::Undefined => Err(self.undefined_global(index)),
            v => Ok(v.clone()),
        }
    }

    #[cold]
    pub fn undefined_global(&self, index: u32) -> crate::error::Ctrl {
        let name = self
            .program
            .global_names
            .get(index as usize)
            .map(|s| s.as_str())
            .unwrap_or("?");
        if let Some((_, method)) = self.lent_globals.iter().rev().find(|(g, _)| *g == index) {
            return rt_error(format!(
                "`{name}` is being changed by its `me` method `{method}` and cannot be used until it returns (inside the method, use `self`)"
            ));
        }
        rt_error(format!(
            "`{name}` is used before its definition has run (move the use below the definition)"
        ))
    }

    pub fn flush(&mut self) {
        self.host.flush();
    }

    /// Writes to stderr keeping order with stdout.
    pub fn write_err(&mut self, s: &str) {
        self.host.write_err(s);
    }

    /// Renders an error with its source excerpt and call stack.
    pub fn render_error(&self, e: &RuntimeError, color: bool) -> String {
        e.render(&|id| self.program.file(id), color)
    }

    pub fn loc_text(&self, loc: Loc) -> String {
        match self.program.file(loc.file) {
            Some(f) => {
                let (line, col) = f.line_col(loc.span.start);
                format!("{}:{}:{}", f.name(), line, col)
            }
            None => "<unknown>".into(),
        }
    }
}
