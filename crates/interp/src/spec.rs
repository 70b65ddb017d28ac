//! Support for spec files (`describe` / `it` / `expect`).
//!
//! The DSL itself is Simple code (`spl/std/spec.spl`); it registers groups,
//! examples and hooks through the internal built-ins `__spec_group`,
//! `__spec_example` and `__spec_hook`, and reports failed expectations with
//! `__spec_fail`. This module keeps that registry and runs the examples:
//! each in isolation (an error fails that example and the run goes on),
//! with the hooks of every enclosing group around it.

use std::path::Path;

use simple_syntax::{Diagnostic, SourceFile};

use crate::error::{ErrorKind, Eval, FileId, Flow, Loc, RuntimeError, fail};
use crate::machine::Machine;
use crate::value::Value;
use crate::{Error, Interpreter};

/// A loaded spec file (from [`Interpreter::load_spec_file`]): failures
/// point at its lines.
#[derive(Clone, Copy, Debug)]
pub struct SpecFile(FileId);

/// A `describe` / `context` group (group 0 is the file itself).
struct Group {
    name: String,
    parent: Option<usize>,
    before_each: Vec<Value>,
    after_each: Vec<Value>,
    before_all: Vec<Value>,
    after_all: Vec<Value>,
}

struct Example {
    name: String,
    group: usize,
    body: Value,
    skip: bool,
    loc: Option<Loc>,
    /// Syntax or name errors inside the example's body: it fails with them
    /// instead of running.
    errors: Vec<(simple_syntax::Span, String)>,
}

/// The registry the spec DSL fills while a spec file's top level runs.
pub(crate) struct SpecState {
    groups: Vec<Group>,
    open: Vec<usize>,
    examples: Vec<Example>,
    /// Let examples print straight to the output.
    nocapture: bool,
    /// The runner's own process (examples may fork).
    pid: u32,
    /// Examples (and their hooks) are running: ending the process now would
    /// end the whole test run without a summary.
    running: bool,
    /// How long one example (with its hooks) may run.
    timeout: Option<std::time::Duration>,
    /// `to_match` patterns, compiled once each (see [`regex_match`]).
    regexes: std::collections::HashMap<String, regex::Regex>,
}

/// At most this many compiled patterns are kept; the cache starts over
/// when it is full (a spec suite uses a handful).
const REGEX_CACHE: usize = 256;

impl Default for SpecState {
    fn default() -> Self {
        SpecState {
            groups: vec![Group {
                name: String::new(),
                parent: None,
                before_each: Vec::new(),
                after_each: Vec::new(),
                before_all: Vec::new(),
                after_all: Vec::new(),
            }],
            open: vec![0],
            examples: Vec::new(),
            nocapture: false,
            pid: std::process::id(),
            running: false,
            timeout: None,
            regexes: Default::default(),
        }
    }
}

fn name_text(m: &Machine, v: &Value) -> String {
    crate::value::DisplayValue(v, Some(&m.program.types)).to_string()
}

fn body_loc(v: &Value) -> Option<Loc> {
    match v {
        Value::Closure(c) => Some(Loc::new(c.def.file, c.def.span)),
        Value::Function(f) => Some(Loc::new(f.file, f.span)),
        _ => None,
    }
}

fn callable(v: &Value) -> bool {
    matches!(
        v,
        Value::Closure(_) | Value::Function(_) | Value::Native(_) | Value::Bound(_)
    )
}

fn call0(m: &mut Machine, f: &Value) -> Eval {
    let loc = body_loc(f).unwrap_or_default();
    crate::compile::call_value_with(m, f, [], loc)
}

/// `__spec_group(name, body)`: registers a group and runs its body, which
/// registers what the group contains.
pub(crate) fn group(m: &mut Machine, name: &Value, body: &Value) -> Eval {
    if !callable(body) {
        return fail("`describe`/`context` needs a block or a function as its body");
    }
    let parent = *m.host.spec.open.last().unwrap_or(&0);
    let name = name_text(m, name);
    m.host.spec.groups.push(Group {
        name,
        parent: Some(parent),
        before_each: Vec::new(),
        after_each: Vec::new(),
        before_all: Vec::new(),
        after_all: Vec::new(),
    });
    let id = m.host.spec.groups.len() - 1;
    m.host.spec.open.push(id);
    let r = call0(m, body);
    m.host.spec.open.pop();
    r.map(|_| Value::Nil)
}

/// `__spec_example(name, body, skip)`.
pub(crate) fn example(m: &mut Machine, name: &Value, body: &Value, skip: bool) -> Eval {
    if !callable(body) {
        return fail("`it` needs a block or a function as its body");
    }
    let group = *m.host.spec.open.last().unwrap_or(&0);
    let name = name_text(m, name);
    let loc = body_loc(body);
    m.host.spec.examples.push(Example {
        name,
        group,
        body: body.clone(),
        skip,
        loc,
        errors: Vec::new(),
    });
    Ok(Value::Nil)
}

/// `__spec_hook(kind, body)` with kind `before_each`, `after_each`,
/// `before_all` or `after_all`.
pub(crate) fn hook(m: &mut Machine, kind: &Value, body: &Value) -> Eval {
    if !callable(body) {
        return fail("a hook needs a block or a function");
    }
    let group = *m.host.spec.open.last().unwrap_or(&0);
    let g = &mut m.host.spec.groups[group];
    let list = match kind.as_str() {
        Some("before_each") => &mut g.before_each,
        Some("after_each") => &mut g.after_each,
        Some("before_all") => &mut g.before_all,
        Some("after_all") => &mut g.after_all,
        _ => return fail("unknown hook kind"),
    };
    list.push(body.clone());
    Ok(Value::Nil)
}

/// `__spec_fail(message, expected, actual)`: a failed expectation.
pub(crate) fn failure(message: &Value, expected: Value, actual: Value) -> Eval {
    let mut e = RuntimeError::new(message.as_str().unwrap_or("expectation failed"))
        .with_kind(ErrorKind::Assertion);
    e.value = Some(Value::tuple(vec![expected, actual]));
    Err(crate::error::Ctrl::error(Box::new(e)))
}

/// `__regex_match(text, pattern)` (the `to_match` matcher): whether
/// `pattern` matches somewhere in `text`. A pattern is compiled the first
/// time it is used and kept.
pub(crate) fn regex_match(m: &mut Machine, text: &Value, pattern: &Value) -> Eval {
    let (Some(text), Some(pattern)) = (text.as_str(), pattern.as_str()) else {
        return fail("`to_match` needs a text and a pattern text");
    };
    let cache = &mut m.host.spec.regexes;
    if let Some(re) = cache.get(pattern) {
        return Ok(Value::Bool(re.is_match(text)));
    }
    match regex::Regex::new(pattern) {
        Ok(re) => {
            let found = re.is_match(text);
            if cache.len() >= REGEX_CACHE {
                cache.clear();
            }
            cache.insert(pattern.to_string(), re);
            Ok(Value::Bool(found))
        }
        Err(e) => fail(format!("invalid pattern {pattern:?}: {e}")),
    }
}

/// What a runner shows about one example.
#[derive(Clone, Debug)]
pub struct ExampleInfo {
    /// Group names from the outermost, then the example's own name.
    pub path: Vec<String>,
    pub skip: bool,
    /// `file:line` of the example's body.
    pub location: String,
}

impl ExampleInfo {
    pub fn full_name(&self) -> String {
        self.path.join(" ")
    }
}

/// Why an example failed.
#[derive(Clone, Debug)]
pub struct Failure {
    pub message: String,
    /// `file:line` of the failed expectation in the spec file, or of the
    /// error.
    pub location: String,
    /// The source line there, trimmed.
    pub source: String,
    /// For failed expectations: the expected and actual values (debug form),
    /// and the texts themselves when both are texts (for a line diff).
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub texts: Option<(String, String)>,
    /// A runtime error's full report (source excerpt and call stack).
    pub report: Option<String>,
    /// What the example printed (output is captured while it runs).
    pub output: Option<String>,
}

impl Failure {
    /// A failure with only a message.
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            location: String::new(),
            source: String::new(),
            expected: None,
            actual: None,
            texts: None,
            report: None,
            output: None,
        }
    }
}

/// Which hook a failure came from.
#[derive(Clone, Copy, Debug)]
enum Hook {
    BeforeEach,
    AfterEach,
    BeforeAll,
    AfterAll,
}

impl Hook {
    fn name(self) -> &'static str {
        match self {
            Hook::BeforeEach => "before_each",
            Hook::AfterEach => "after_each",
            Hook::BeforeAll => "before_all",
            Hook::AfterAll => "after_all",
        }
    }
}

#[derive(Clone, Debug)]
pub enum Outcome {
    Passed,
    Failed(Box<Failure>),
    Skipped,
}

impl Machine {
    /// The examples registered so far.
    pub(crate) fn spec_examples(&self) -> Vec<ExampleInfo> {
        self.host
            .spec
            .examples
            .iter()
            .map(|e| ExampleInfo {
                path: self
                    .group_path(e.group)
                    .into_iter()
                    .chain([e.name.clone()])
                    .collect(),
                skip: e.skip,
                location: e.loc.map(|l| self.line_text(l)).unwrap_or_default(),
            })
            .collect()
    }

    fn group_path(&self, mut g: usize) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(parent) = self.host.spec.groups[g].parent {
            out.push(self.host.spec.groups[g].name.clone());
            g = parent;
        }
        out.reverse();
        out
    }

    /// The groups from the root down to `g`.
    fn chain(&self, mut g: usize) -> Vec<usize> {
        let mut out = vec![g];
        while let Some(p) = self.host.spec.groups[g].parent {
            out.push(p);
            g = p;
        }
        out.reverse();
        out
    }

    fn line_text(&self, loc: Loc) -> String {
        match self.program.file(loc.file) {
            Some(f) => format!("{}:{}", f.name(), f.line_col(loc.span.start).0),
            None => String::new(),
        }
    }

    /// Marks every example whose body contains `span` (in `file`) as failing
    /// with `report`. True when no example contains it.
    pub(crate) fn fail_examples_at(
        &mut self,
        file: FileId,
        span: simple_syntax::Span,
        report: &str,
    ) -> bool {
        let mut found = false;
        for ex in &mut self.host.spec.examples {
            if let Some(loc) = ex.loc
                && loc.file == file
                && loc.span.start <= span.start
                && span.end <= loc.span.end
            {
                ex.errors.push((span, report.to_string()));
                found = true;
            }
        }
        !found
    }

    /// [`Interpreter::run_specs`].
    fn run_specs(
        &mut self,
        spec_file: FileId,
        selected: &dyn Fn(usize, &ExampleInfo) -> bool,
        fail_fast: bool,
        report: &mut dyn FnMut(&ExampleInfo, &Outcome),
    ) {
        self.host.spec.running = true;
        self.run_specs_inner(spec_file, selected, fail_fast, report);
        self.host.spec.running = false;
    }

    /// Whether spec examples are running in this process (not in a child
    /// an example forked): ending the process here would end the test run.
    pub(crate) fn in_spec_run(&self) -> bool {
        self.host.spec.running && std::process::id() == self.host.spec.pid
    }

    fn run_specs_inner(
        &mut self,
        spec_file: FileId,
        selected: &dyn Fn(usize, &ExampleInfo) -> bool,
        fail_fast: bool,
        report: &mut dyn FnMut(&ExampleInfo, &Outcome),
    ) {
        let infos = self.spec_examples();
        let chosen: Vec<usize> = (0..infos.len())
            .filter(|&i| selected(i, &infos[i]))
            .collect();
        // before_all runs when a group's first chosen example runs, after_all
        // after its last one; a group whose before_all failed fails all of
        // its examples.
        let mut entered: Vec<usize> = Vec::new();
        let mut broken: Vec<(usize, Failure)> = Vec::new();
        for &i in &chosen {
            let info = &infos[i];
            if info.skip {
                report(info, &Outcome::Skipped);
                continue;
            }
            let group = self.host.spec.examples[i].group;
            let chain = self.chain(group);
            // Leave groups that are not ancestors of this example.
            while let Some(&g) = entered.last() {
                if chain.contains(&g) {
                    break;
                }
                entered.pop();
                self.leave_group(g, spec_file, report);
            }
            for &g in &chain {
                if !entered.contains(&g) {
                    entered.push(g);
                    if let Some(f) = self.run_hooks(g, Hook::BeforeAll, spec_file) {
                        broken.push((g, f));
                    }
                }
            }
            let outcome = match broken.iter().find(|(g, _)| chain.contains(g)) {
                Some((_, f)) => Outcome::Failed(Box::new(f.clone())),
                None => self.run_example(i, &chain, spec_file),
            };
            let failed = matches!(outcome, Outcome::Failed(_));
            if std::process::id() != self.host.spec.pid {
                // A process forked inside the example got back here (its
                // worker failed or returned): it must not run the rest of
                // the file. Its output stays its own.
                self.flush();
                std::process::exit(if failed { 1 } else { 0 });
            }
            report(info, &outcome);
            if failed && fail_fast {
                break;
            }
        }
        while let Some(g) = entered.pop() {
            self.leave_group(g, spec_file, report);
        }
    }

    /// Runs a group's `after_all` hooks; a failure is reported on its own.
    fn leave_group(
        &mut self,
        g: usize,
        spec_file: FileId,
        report: &mut dyn FnMut(&ExampleInfo, &Outcome),
    ) {
        if let Some(f) = self.run_hooks(g, Hook::AfterAll, spec_file) {
            let info = ExampleInfo {
                path: self
                    .group_path(g)
                    .into_iter()
                    .chain(["(after_all hook)".to_string()])
                    .collect(),
                skip: false,
                location: f.location.clone(),
            };
            report(&info, &Outcome::Failed(Box::new(f)));
        }
    }

    fn run_hooks(&mut self, g: usize, hook: Hook, spec_file: FileId) -> Option<Failure> {
        let g_ref = &self.host.spec.groups[g];
        let hooks = match hook {
            Hook::BeforeEach => &g_ref.before_each,
            Hook::AfterEach => &g_ref.after_each,
            Hook::BeforeAll => &g_ref.before_all,
            Hook::AfterAll => &g_ref.after_all,
        }
        .clone();
        for h in hooks {
            if let Err(c) = call0(self, &h) {
                return Some(self.failure_of(c, spec_file, Some(hook)));
            }
        }
        None
    }

    fn run_example(&mut self, i: usize, chain: &[usize], spec_file: FileId) -> Outcome {
        let Some(limit) = self.host.spec.timeout else {
            return self.run_example_untimed(i, chain, spec_file);
        };
        // A watchdog thread interrupts the example when the limit passes;
        // dropping `done` lets it go early.
        // It uses the interpreter's own interrupt handle (the fuel counter's
        // slow path notices it within a few thousand operations).
        let (done, wait) = std::sync::mpsc::channel::<()>();
        let handle = self.limits.interrupt.clone();
        let fired = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let fired_in_watchdog = fired.clone();
        let watchdog = std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(limit) {
                fired_in_watchdog.store(true, std::sync::atomic::Ordering::Relaxed);
                handle.interrupt();
            }
        });
        let mut outcome = self.run_example_untimed(i, chain, spec_file);
        drop(done);
        let _ = watchdog.join();
        // A request the example did not act on must not stop the next one.
        self.limits.interrupt.clear();
        if fired.load(std::sync::atomic::Ordering::Relaxed) {
            let secs = limit.as_secs_f64();
            let message = format!("timed out after {secs} s");
            outcome = Outcome::Failed(Box::new(match outcome {
                Outcome::Failed(mut f) => {
                    f.report = f.report.map(|r| format!("{message}\n{r}"));
                    f.message = message;
                    *f
                }
                _ => Failure::new(message),
            }));
        }
        outcome
    }

    fn run_example_untimed(&mut self, i: usize, chain: &[usize], spec_file: FileId) -> Outcome {
        let errors = &self.host.spec.examples[i].errors;
        if let Some((span, _)) = errors.first() {
            let n = errors.len();
            let mut f = Failure::new(if n == 1 {
                "the example does not compile".to_string()
            } else {
                format!("the example does not compile ({n} errors)")
            });
            f.report = Some(errors.iter().map(|(_, r)| r.as_str()).collect());
            (f.location, f.source) = self.line_at(Some(Loc::new(spec_file, *span)));
            return Outcome::Failed(Box::new(f));
        }
        let mut failure = None;
        let stack_len = self.stack.len();
        let (base, depth) = (self.base, self.depth);
        // Output printed by the example and its hooks is kept aside and
        // shown only if it fails.
        let captured = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let saved_out = (!self.host.spec.nocapture).then(|| {
            self.host.out.flush();
            std::mem::replace(
                &mut self.host.out,
                crate::services::Output::new(crate::services::Sink::Buffer(captured.clone())),
            )
        });
        let mut ran_before = 0;
        for &g in chain {
            if let Some(f) = self.run_hooks(g, Hook::BeforeEach, spec_file) {
                failure = Some(f);
                break;
            }
            ran_before += 1;
        }
        if failure.is_none() {
            let body = self.host.spec.examples[i].body.clone();
            if let Err(c) = call0(self, &body) {
                failure = Some(self.failure_of(c, spec_file, None));
            }
        }
        for &g in chain[..ran_before].iter().rev() {
            if let Some(f) = self.run_hooks(g, Hook::AfterEach, spec_file) {
                failure.get_or_insert(f);
            }
        }
        // An error can leave the machine mid-call; the next example starts
        // clean.
        self.stack.truncate(stack_len);
        self.base = base;
        self.depth = depth;
        if let Some(out) = saved_out {
            self.host.out.flush();
            self.host.out = out;
        }
        self.flush();
        match failure {
            Some(mut f) => {
                let text = String::from_utf8_lossy(&captured.borrow()).into_owned();
                f.output = (!text.is_empty()).then_some(text);
                Outcome::Failed(Box::new(f))
            }
            None => Outcome::Passed,
        }
    }

    /// `file:line` of `loc` and that source line, trimmed (empty when
    /// unknown).
    fn line_at(&self, loc: Option<Loc>) -> (String, String) {
        match loc.and_then(|l| self.program.file(l.file).map(|f| (l, f))) {
            Some((l, f)) => {
                let line = f.line_col(l.span.start).0;
                (
                    format!("{}:{line}", f.name()),
                    f.line_text(line).trim().to_string(),
                )
            }
            None => (String::new(), String::new()),
        }
    }

    fn failure_of(
        &mut self,
        c: crate::error::Ctrl,
        spec_file: FileId,
        hook: Option<Hook>,
    ) -> Failure {
        let mut e = match c.flow() {
            Flow::Error(e) => e,
            _ => Box::new(RuntimeError::new("control flow escaped the example")),
        };
        match hook {
            Some(h) => {
                e.leave_top(&format!("<{} hook>", h.name()));
                e.message = format!("in the {} hook: {}", h.name(), e.message);
            }
            None => e.leave_top("<example>"),
        }
        // Point at the innermost place in the spec file itself.
        let loc = e
            .trace
            .iter()
            .map(|f| f.loc)
            .chain(e.loc)
            .find(|l| l.file == spec_file)
            .or(e.loc);
        let (location, source) = self.line_at(loc);
        let types = &self.program.types;
        let debug = |v: &Value| {
            let mut s = String::new();
            crate::value::write_debug(&mut s, v, Some(types));
            s
        };
        let mut f = Failure {
            message: e.message.clone(),
            location,
            source,
            expected: None,
            actual: None,
            texts: None,
            report: None,
            output: None,
        };
        match (&e.kind, &e.value) {
            (ErrorKind::Assertion, Some(Value::Tuple(pair))) if pair.len() == 2 => {
                let pair = pair.values();
                f.expected = Some(debug(&pair[0]));
                f.actual = Some(debug(&pair[1]));
                if let (Value::Text(a), Value::Text(b)) = (&pair[0], &pair[1]) {
                    f.texts = Some((a.to_string(), b.to_string()));
                }
            }
            (ErrorKind::Assertion, _) => {
                f.report = (!e.notes.is_empty()).then(|| e.notes.join("\n"));
            }
            _ => f.report = Some(self.render_error(&e, false)),
        }
        f
    }
}

/// The spec runner's interface (the `simple test` command).
impl Interpreter {
    /// Loads and runs a spec file's top level, which registers its groups
    /// and examples (see [`Interpreter::run_specs`]).
    pub fn load_spec_file(&mut self, path: &Path) -> Result<SpecFile, Error> {
        let text = simple_syntax::source::read_text(path)
            .map_err(|e| Error::Io(format!("cannot read {}: {e}", path.display())))?;
        let source = SourceFile::new(path.display().to_string(), text);
        let mut deferred = Vec::new();
        let id = self.load_main_with(source.clone(), Some(&mut deferred))?;
        let file = self.machine.program.modules[id as usize].file;
        if let Err(e) = self.run_loaded(id) {
            // Errors in the source explain a failing top level best.
            if !deferred.is_empty() {
                return Err(Error::Diagnostics(
                    deferred.into_iter().map(|d| (source.clone(), d)).collect(),
                ));
            }
            return Err(e);
        }
        // An error inside an example fails that example only; any other
        // error fails the file.
        let outside: Vec<Diagnostic> = deferred
            .into_iter()
            .filter_map(|d| {
                let report = d.render(&source, false);
                self.machine
                    .fail_examples_at(file, d.span, &report)
                    .then_some(d)
            })
            .collect();
        if !outside.is_empty() {
            return Err(Error::Diagnostics(
                outside.into_iter().map(|d| (source.clone(), d)).collect(),
            ));
        }
        Ok(SpecFile(file))
    }

    /// Whether output printed by examples is captured (and shown only for
    /// failures), as `cargo test` does. On by default.
    pub fn set_spec_capture(&mut self, capture: bool) {
        self.machine.host.spec.nocapture = !capture;
    }

    /// Limits how long one example (with its `each` hooks) may run: one
    /// that runs longer is stopped and fails ("timed out after N s").
    pub fn set_spec_timeout(&mut self, limit: Option<std::time::Duration>) {
        self.machine.host.spec.timeout = limit;
    }

    /// The examples the spec files loaded so far registered.
    pub fn spec_examples(&self) -> Vec<ExampleInfo> {
        self.machine.spec_examples()
    }

    /// Runs the selected examples in order with their hooks; `report` sees
    /// each result as it happens (a failing `after_all` hook is reported as
    /// an entry of its own). Stops after the first failure when `fail_fast`.
    /// Failures point at lines of `spec_file`.
    pub fn run_specs(
        &mut self,
        spec_file: SpecFile,
        selected: &dyn Fn(usize, &ExampleInfo) -> bool,
        fail_fast: bool,
        report: &mut dyn FnMut(&ExampleInfo, &Outcome),
    ) {
        self.machine
            .run_specs(spec_file.0, selected, fail_fast, report);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::Sink;

    #[test]
    fn a_pattern_is_compiled_once() {
        let mut m = Machine::new(Sink::Stderr, Sink::Stderr);
        let pattern = Value::text("^a+b$");
        for (text, want) in [("aab", true), ("ab", true), ("ba", false)] {
            let got = regex_match(&mut m, &Value::text(text), &pattern);
            assert!(matches!(got, Ok(Value::Bool(b)) if b == want));
        }
        assert_eq!(m.host.spec.regexes.len(), 1);
        assert!(regex_match(&mut m, &Value::text("x"), &Value::text("(")).is_err());
        assert_eq!(
            m.host.spec.regexes.len(),
            1,
            "an invalid pattern is not kept"
        );
    }
}
