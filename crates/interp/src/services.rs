//! The services a host provides to a running program: where its output
//! goes, its arguments, the `at_exit` handlers it registered, and (with the
//! `spec` feature) the spec registry. The evaluator's hot paths never touch
//! these; `print`, `args()`, `at_exit` and the spec built-ins do.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use crate::value::Value;

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

/// What a [`crate::machine::Machine`] offers the program beyond computing.
pub struct HostServices {
    pub out: Output,
    pub err: Output,
    /// Script arguments (`args()`), the script path first.
    pub args: Vec<String>,
    /// `at_exit` functions with the process that registered them.
    pub exit_handlers: Vec<(u32, Value)>,
    /// The report of the error that ended the program, for the `at_exit`
    /// functions (`__exit_error()`; a forked worker sends it to its parent).
    /// Set by the embedder after it reported the error.
    pub exit_error: Option<String>,
    /// What spec files register (see `spec.rs`).
    #[cfg(feature = "spec")]
    pub(crate) spec: crate::spec::SpecState,
}

impl HostServices {
    pub fn new(out: Sink, err: Sink) -> HostServices {
        HostServices {
            out: Output::new(out),
            err: Output::new(err),
            args: Vec::new(),
            exit_handlers: Vec::new(),
            exit_error: None,
            #[cfg(feature = "spec")]
            spec: Default::default(),
        }
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
}
