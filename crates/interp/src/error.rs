//! Runtime errors and non-local control flow.
//!
//! Every evaluation step returns `Result<Value, Ctrl>`. `Ctrl` carries the
//! ways evaluation can leave a step early: `break`, `continue`, `return`
//! (the value waits in the machine), and errors. Errors are boxed so the
//! common `Ok` path stays small.

use std::fmt;
use std::ptr::NonNull;

use simple_syntax::{Diagnostic, SourceFile, Span};

use crate::value::Value;

/// Identifies a loaded source file (an index into the interpreter's file
/// table).
pub type FileId = u32;

/// A source location: file and span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

impl Loc {
    pub const fn new(file: FileId, span: Span) -> Loc {
        Loc { file, span }
    }
}

/// How evaluation left a step early, as seen when handling it.
pub enum Flow {
    Break,
    Continue,
    /// `return`: the value is in `Machine::ret`.
    Return,
    Error(Box<RuntimeError>),
}

/// How evaluation left a step early, in one word.
///
/// Every evaluation step returns `Result<Value, Ctrl>`; keeping `Ctrl` to one
/// pointer makes that result 16 bytes, so it comes back in registers. The
/// pointer is either a small sentinel (break, continue, return) or an owned
/// `Box<RuntimeError>`. `#[repr(transparent)]`: it is laid out as that
/// pointer (`Ret` in `function.rs` relies on it).
#[repr(transparent)]
pub struct Ctrl(NonNull<RuntimeError>);

const BREAK_TAG: usize = 1;
const CONTINUE_TAG: usize = 2;
const RETURN_TAG: usize = 3;

impl Ctrl {
    pub const BREAK: Ctrl = Ctrl::sentinel(BREAK_TAG);
    pub const CONTINUE: Ctrl = Ctrl::sentinel(CONTINUE_TAG);
    pub const RETURN: Ctrl = Ctrl::sentinel(RETURN_TAG);

    const fn sentinel(tag: usize) -> Ctrl {
        // SAFETY: the tags are non-zero; a sentinel is never dereferenced or
        // freed (boxes are 8-aligned, so they never collide with 1..=3).
        Ctrl(unsafe { NonNull::new_unchecked(std::ptr::without_provenance_mut(tag)) })
    }

    pub fn error(e: Box<RuntimeError>) -> Ctrl {
        Ctrl(NonNull::from(Box::leak(e)))
    }

    #[inline(always)]
    fn tag(&self) -> usize {
        self.0.as_ptr().addr()
    }

    #[inline(always)]
    pub fn is_break(&self) -> bool {
        self.tag() == BREAK_TAG
    }

    #[inline(always)]
    pub fn is_continue(&self) -> bool {
        self.tag() == CONTINUE_TAG
    }

    #[inline(always)]
    pub fn is_return(&self) -> bool {
        self.tag() == RETURN_TAG
    }

    /// The error, when this is one.
    pub fn as_error_mut(&mut self) -> Option<&mut RuntimeError> {
        if self.tag() <= RETURN_TAG {
            None
        } else {
            // SAFETY: non-sentinel values own a leaked Box<RuntimeError>.
            Some(unsafe { self.0.as_mut() })
        }
    }

    /// Takes the control value apart.
    pub fn flow(self) -> Flow {
        let tag = self.tag();
        let flow = match tag {
            BREAK_TAG => Flow::Break,
            CONTINUE_TAG => Flow::Continue,
            RETURN_TAG => Flow::Return,
            // SAFETY: non-sentinel values own a leaked Box<RuntimeError>;
            // `forget` below keeps Drop from freeing it a second time.
            _ => Flow::Error(unsafe { Box::from_raw(self.0.as_ptr()) }),
        };
        std::mem::forget(self);
        flow
    }
}

impl Drop for Ctrl {
    fn drop(&mut self) {
        if self.tag() > RETURN_TAG {
            // SAFETY: non-sentinel values own a leaked Box<RuntimeError>.
            drop(unsafe { Box::from_raw(self.0.as_ptr()) });
        }
    }
}

impl From<Flow> for Ctrl {
    fn from(f: Flow) -> Ctrl {
        match f {
            Flow::Break => Ctrl::BREAK,
            Flow::Continue => Ctrl::CONTINUE,
            Flow::Return => Ctrl::RETURN,
            Flow::Error(e) => Ctrl::error(e),
        }
    }
}

impl std::fmt::Debug for Ctrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.tag() {
            BREAK_TAG => f.write_str("Break"),
            CONTINUE_TAG => f.write_str("Continue"),
            RETURN_TAG => f.write_str("Return"),
            // SAFETY: non-sentinel values own a leaked Box<RuntimeError>.
            _ => write!(f, "Error({:?})", unsafe { self.0.as_ref() }.message),
        }
    }
}

pub type Eval<T = Value> = Result<T, Ctrl>;

#[derive(Clone, Debug, PartialEq)]
pub enum ErrorKind {
    /// An ordinary runtime error.
    Error,
    /// `exit(code)` unwinding to the top.
    Exit(i32),
    /// `expr?` on an `Err(e)` at the top level of a program.
    UncaughtErr,
    /// A failed `expect`/assertion (the spec runner reports these specially).
    Assertion,
    /// The operation budget (`Interpreter::set_max_operations`) ran out.
    OperationLimit,
    /// Calls nested deeper than `Interpreter::set_max_call_depth` allows.
    CallDepthLimit,
    /// A value would outgrow the memory budget (`Interpreter::set_max_memory`).
    MemoryLimit,
    /// The time limit (`Interpreter::set_time_limit`) passed.
    TimeLimit,
    /// The host called `InterruptHandle::interrupt`.
    Interrupted,
}

impl ErrorKind {
    /// True for the errors a limit set by the host raises.
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            ErrorKind::OperationLimit
                | ErrorKind::CallDepthLimit
                | ErrorKind::MemoryLimit
                | ErrorKind::TimeLimit
                | ErrorKind::Interrupted
        )
    }
}

/// One line of a call stack: a function and the point reached in it.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceFrame {
    pub function: String,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub struct RuntimeError {
    pub kind: ErrorKind,
    pub message: String,
    /// Where the error happened; `None` until the evaluating node fills it in
    /// (built-ins raise errors without knowing where they were called from).
    pub loc: Option<Loc>,
    /// Call stack, innermost first; filled in while unwinding.
    pub trace: Vec<TraceFrame>,
    /// The innermost point of the frame currently unwinding (the error's own
    /// location, then each call site in turn).
    pending: Option<Loc>,
    /// Extra lines printed after the message (e.g. expected/actual).
    pub notes: Vec<String>,
    /// A value carried by the error (the `e` of an uncaught `Err(e)`).
    pub value: Option<Value>,
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        crate::value::write_debug(&mut s, self, None);
        f.write_str(&s)
    }
}

impl RuntimeError {
    pub fn new(message: impl Into<String>) -> RuntimeError {
        RuntimeError {
            kind: ErrorKind::Error,
            message: message.into(),
            loc: None,
            trace: Vec::new(),
            pending: None,
            notes: Vec::new(),
            value: None,
        }
    }

    pub fn with_kind(mut self, kind: ErrorKind) -> RuntimeError {
        self.kind = kind;
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> RuntimeError {
        self.notes.push(note.into());
        self
    }

    /// Called as the error leaves function `name`, which was called at
    /// `call_site`.
    pub fn leave_frame(&mut self, name: &str, call_site: Loc) {
        if call_site.file == FileId::MAX {
            // Called by the host (embedder or runner): the trace ends here.
            if let Some(point) = self.pending.take() {
                self.trace.push(TraceFrame {
                    function: name.to_string(),
                    loc: point,
                });
            }
            return;
        }
        if self.loc.is_none() {
            self.loc = Some(call_site);
            self.pending = Some(call_site);
        }
        if let Some(point) = self.pending.take() {
            self.trace.push(TraceFrame {
                function: name.to_string(),
                loc: point,
            });
        }
        self.pending = Some(call_site);
    }

    /// Called once at the outermost level (`<module>` or the REPL).
    pub fn leave_top(&mut self, name: &str) {
        if let Some(point) = self.pending.take() {
            self.trace.push(TraceFrame {
                function: name.to_string(),
                loc: point,
            });
        }
    }

    /// Renders the error like a diagnostic, followed by the call stack
    /// (innermost last). `files` maps a FileId to its source.
    pub fn render(&self, files: &dyn Fn(FileId) -> Option<SourceFile>, color: bool) -> String {
        let mut out = String::new();
        let located = self.loc.and_then(|loc| files(loc.file).map(|f| (loc, f)));
        match located {
            Some((loc, file)) => {
                let mut d = Diagnostic::error(loc.span, &self.message).with_label("here");
                for note in &self.notes {
                    d = d.with_note(note);
                }
                out.push_str(&d.render(&file, color));
            }
            None => {
                out.push_str(&format!("error: {}\n", self.message));
                for note in &self.notes {
                    out.push_str(&format!("  note: {note}\n"));
                }
            }
        }
        if !self.trace.is_empty() {
            out.push_str("call stack (innermost last):\n");
            let frames: Vec<&TraceFrame> = self.trace.iter().rev().collect();
            let mut i = 0;
            while i < frames.len() {
                let frame = frames[i];
                let place = match files(frame.loc.file) {
                    Some(file) => {
                        let (line, col) = file.line_col(frame.loc.span.start);
                        format!("{}:{}:{}", file.name(), line, col)
                    }
                    None => "<unknown>".to_string(),
                };
                out.push_str(&format!("  at {} ({})\n", frame.function, place));
                // A run of identical frames (runaway recursion) shows once.
                let repeats = frames[i + 1..].iter().take_while(|f| **f == frame).count();
                if repeats > 1 {
                    out.push_str(&format!(
                        "  [previous frame repeated {repeats} more times]\n"
                    ));
                    i += repeats;
                }
                i += 1;
            }
        }
        out
    }
}

/// Makes an error control value.
pub fn rt_error(message: impl Into<String>) -> Ctrl {
    Ctrl::error(Box::new(RuntimeError::new(message)))
}

/// Shorthand for returning an error from a step.
pub fn fail<T>(message: impl Into<String>) -> Eval<T> {
    Err(rt_error(message))
}

impl Ctrl {
    /// Attaches a location to an error (no-op for other control values).
    #[inline]
    pub fn at(mut self, loc: Loc) -> Ctrl {
        if let Some(e) = self.as_error_mut()
            && e.loc.is_none()
        {
            e.loc = Some(loc);
            e.pending = Some(loc);
        }
        self
    }
}

impl From<Box<RuntimeError>> for Ctrl {
    fn from(e: Box<RuntimeError>) -> Ctrl {
        Ctrl::error(e)
    }
}
