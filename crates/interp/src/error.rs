//! Runtime errors and non-local control flow.
//!
//! Every evaluation step returns `Result<Value, Ctrl>`. `Ctrl` carries the
//! ways evaluation can leave a step early: `break`, `continue`, `return`
//! (the value waits in the machine), and errors. Errors are boxed so the
//! common `Ok` path stays small.

use std::fmt;

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

/// How evaluation left a step early.
pub enum Ctrl {
    Break,
    Continue,
    /// `return`: the value is in `Machine::ret`.
    Return,
    Error(Box<RuntimeError>),
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

    /// Records `loc` as the error's location unless it already has one.
    pub fn at(mut self: Box<Self>, loc: Loc) -> Box<Self> {
        if self.loc.is_none() {
            self.loc = Some(loc);
            self.pending = Some(loc);
        }
        self
    }

    /// Called as the error leaves function `name`, which was called at
    /// `call_site`.
    pub fn leave_frame(&mut self, name: &str, call_site: Loc) {
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
                let mut d = Diagnostic::error(loc.span, &self.message);
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
            for frame in self.trace.iter().rev() {
                let place = match files(frame.loc.file) {
                    Some(file) => {
                        let (line, col) = file.line_col(frame.loc.span.start);
                        format!("{}:{}:{}", file.name(), line, col)
                    }
                    None => "<unknown>".to_string(),
                };
                out.push_str(&format!("  at {} ({})\n", frame.function, place));
            }
        }
        out
    }
}

/// Makes a boxed error control value.
pub fn rt_error(message: impl Into<String>) -> Ctrl {
    Ctrl::Error(Box::new(RuntimeError::new(message)))
}

/// Shorthand for returning an error from a step.
pub fn fail<T>(message: impl Into<String>) -> Eval<T> {
    Err(rt_error(message))
}

impl Ctrl {
    /// Attaches a location to an error (no-op for other control values).
    #[inline]
    pub fn at(self, loc: Loc) -> Ctrl {
        match self {
            Ctrl::Error(e) => Ctrl::Error(e.at(loc)),
            other => other,
        }
    }
}

impl From<Box<RuntimeError>> for Ctrl {
    fn from(e: Box<RuntimeError>) -> Ctrl {
        Ctrl::Error(e)
    }
}
