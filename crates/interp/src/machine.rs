//! The runtime state one program runs in.
//!
//! Locals of every active call live in one `stack` vector; a call's frame is
//! `stack[base..]`, and compiled code reads slot `i` as `stack[base + i]`.
//! Calls push their arguments, grow the frame to the callee's size, run the
//! body and truncate back: no allocation per call.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use crate::error::{Eval, Loc, RuntimeError, rt_error};
use crate::program::Program;
use crate::value::Value;

/// Deepest Simple call nesting allowed before a clean "stack overflow"
/// error. The native stack grows on demand (see `call.rs`), so this bounds
/// memory, not the native stack.
pub const DEFAULT_MAX_DEPTH: u32 = 100_000;

/// Where program output goes.
pub enum Sink {
    Stdout,
    Stderr,
    /// Collected in memory (embedding, tests).
    Buffer(Rc<RefCell<Vec<u8>>>),
    /// Handed to a host closure, one call per `print` (not buffered).
    Callback(Box<dyn FnMut(&str)>),
}

/// A buffered output stream. `print` appends here; the buffer is flushed
/// when it grows, on `flush()`, before a fork and at exit.
pub struct Output {
    buf: Vec<u8>,
    sink: Sink,
    /// The first write error (a closed pipe, a full disk); output after it
    /// is dropped. `print` turns it into the end of the program.
    failure: Option<std::io::Error>,
    /// A write has failed: later output is dropped without a new error.
    dead: bool,
}

/// The exit status of a program stopped because its stdout was closed
/// (as if killed by SIGPIPE: 128 + 13).
pub const BROKEN_PIPE_STATUS: i32 = 141;

impl Output {
    /// Sends what is buffered to the old sink, then writes to `sink`.
    pub fn set_sink(&mut self, sink: Sink) {
        self.flush();
        self.sink = sink;
    }

    pub fn new(sink: Sink) -> Output {
        Output {
            buf: Vec::with_capacity(8192),
            sink,
            failure: None,
            dead: false,
        }
    }

    /// The first write error since the last call, if any.
    pub fn take_failure(&mut self) -> Option<std::io::Error> {
        self.failure.take()
    }

    /// Whether writing has failed (see [`Output::take_failure`]).
    #[inline]
    pub fn failed(&self) -> bool {
        self.failure.is_some()
    }

    #[inline]
    pub fn write_str(&mut self, s: &str) {
        if let Sink::Callback(f) = &mut self.sink {
            f(s);
            return;
        }
        self.buf.extend_from_slice(s.as_bytes());
        if self.buf.len() >= 64 * 1024 {
            self.flush();
        }
    }

    pub fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        if self.dead {
            self.buf.clear();
            return;
        }
        match &mut self.sink {
            // A closed pipe or full disk must not crash the interpreter:
            // the error is kept for `print` (which ends the program) and
            // output that cannot be written is dropped.
            Sink::Stdout => {
                let mut out = std::io::stdout().lock();
                if let Err(e) = out.write_all(&self.buf).and_then(|()| out.flush()) {
                    self.failure = Some(e);
                    self.dead = true;
                }
            }
            Sink::Stderr => {
                let mut out = std::io::stderr().lock();
                let _ = out.write_all(&self.buf);
                let _ = out.flush();
            }
            Sink::Buffer(b) => b.borrow_mut().extend_from_slice(&self.buf),
            Sink::Callback(f) => f(&String::from_utf8_lossy(&self.buf)),
        }
        self.buf.clear();
    }
}

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
    /// Operations left before the limits are looked at again (see
    /// `limits.rs`).
    pub fuel: u64,
    pub limits: crate::limits::Limits,
    pub program: Program,
    pub out: Output,
    pub err: Output,
    /// Script arguments (`args()`), the script path first.
    pub args: Vec<String>,
    /// What spec files register (see `spec.rs`).
    pub spec: crate::spec::SpecState,
    /// `at_exit` functions with the process that registered them.
    pub exit_handlers: Vec<(u32, Value)>,
    /// Set by a call site whose arguments include plain variables, for a
    /// callee with `mut` parameters: the callee's frame base and, per
    /// argument, the caller's variable (see `compile::call::write_back`).
    pub(crate) write_back: Option<(usize, std::rc::Rc<[Option<crate::ir::Slot>]>)>,
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
            fuel: 0,
            limits: Default::default(),
            program: Program::new(),
            out: Output::new(out),
            err: Output::new(err),
            args: Vec::new(),
            spec: Default::default(),
            exit_handlers: Vec::new(),
            write_back: None,
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
        rt_error(format!(
            "`{name}` is used before its definition has run (move the use below the definition)"
        ))
    }

    pub fn flush(&mut self) {
        self.out.flush();
        self.err.flush();
    }

    /// Writes to stderr keeping order with stdout.
    pub fn write_err(&mut self, s: &str) {
        self.out.flush();
        self.err.write_str(s);
        self.err.flush();
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
