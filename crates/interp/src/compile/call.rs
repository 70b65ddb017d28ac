//! Calls: user functions, closures, natives, methods, constructors.
//!
//! The calling convention: the callee's frame is pushed on `Machine::stack`
//! as `[self?][params...][variadic?][locals...][captures...]`, the body
//! runs with `Machine::base` pointing at it, and the stack is truncated
//! back afterwards. Arguments are evaluated into an inline buffer first.

use std::rc::Rc;

use simple_syntax::Symbol;

use super::Compiler;
use super::place::{CPlace, Classified};
use crate::builtins::{Builtin, functions, methods};
use crate::error::{Ctrl, Eval, Loc, fail, rt_error};
use crate::function::{Closure, Code, FnDef, FnRole, NativeFn, Ret, code};
use crate::ir::{Args, LambdaIr, Node, NodeKind, Place};
use crate::machine::Machine;
use crate::ops::type_name;
use crate::program::Program;
use crate::suggest;
use crate::types::TypeKind;
use crate::value::{ArgBuf, BoundKind, BoundMethod, Instance, TypeId, Value, VariantObj};

/// Compiled call arguments.
pub(crate) struct ArgCodes {
    codes: Box<[Code]>,
    names: Option<Rc<[Option<Symbol>]>>,
}

impl ArgCodes {
    /// Evaluates the arguments onto the machine stack (where the callee's
    /// frame will be). On error nothing is left behind.
    #[inline]
    pub(crate) fn push(&self, m: &mut Machine) -> Eval<()> {
        let start = m.stack.len();
        for c in self.codes.iter() {
            match c(m).get() {
                Ok(v) => crate::value::push_value(&mut m.stack, v),
                Err(e) => {
                    m.stack.truncate(start);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Evaluates the arguments into a buffer (for built-ins).
    #[inline]
    pub(crate) fn eval(&self, m: &mut Machine) -> Eval<ArgBuf> {
        let mut out = ArgBuf::with_capacity(self.codes.len());
        for c in self.codes.iter() {
            out.push(c(m).get()?);
        }
        Ok(out)
    }

    pub(crate) fn names(&self) -> Option<&[Option<Symbol>]> {
        self.names.as_deref()
    }

    pub(crate) fn codes(&self) -> &[Code] {
        &self.codes
    }
}

impl Compiler<'_> {
    pub(crate) fn args(&mut self, args: &Args) -> ArgCodes {
        ArgCodes {
            codes: args.values.iter().map(|a| self.node(a)).collect(),
            names: args.names.as_ref().map(|n| n.clone().into()),
        }
    }

    pub(super) fn lambda(&mut self, l: &LambdaIr) -> Code {
        let def = self.function(&l.func);
        let capture_base = self.capture_base;
        let sources: Box<[Option<u32>]> = l
            .captures
            .iter()
            .map(|c| match c {
                crate::ir::CaptureFrom::Local(s) => Some(*s),
                crate::ir::CaptureFrom::Capture(i) => Some(capture_base + i),
                crate::ir::CaptureFrom::SelfRef => None,
            })
            .collect();
        code(move |m| {
            let captures = sources
                .iter()
                .map(|s| match s {
                    Some(slot) => m.local(*slot).clone(),
                    None => Value::Nil,
                })
                .collect();
            Ok(Value::Closure(Rc::new(Closure {
                def: def.clone(),
                captures,
            })))
        })
    }

    pub(super) fn call(&mut self, callee: &Node, args: &Args, loc: Loc) -> Code {
        let args = self.args(args);
        // Calls of a module-level function: no closure value to build.
        if let NodeKind::Global(index) = callee.kind {
            return code(move |m| {
                let f = match &m.globals[index as usize] {
                    Value::Function(def) => {
                        let def = def.clone();
                        let base = m.stack.len();
                        args.push(m)?;
                        return call_function_ret(m, &def, None, base, args.names(), loc, None)
                            .get();
                    }
                    Value::Undefined => return Err(m.undefined_global(index).at(loc)),
                    other => other.clone(),
                };
                let base = m.stack.len();
                args.push(m)?;
                call_value(m, &f, base, args.names(), loc)
            });
        }
        let callee = self.node(callee);
        code(move |m| {
            let f = callee(m).get()?;
            let base = m.stack.len();
            args.push(m)?;
            call_value(m, &f, base, args.names(), loc)
        })
    }

    /// `f(args)` where some arguments are plain variables: a callee with
    /// `mut` parameters writes their final values back to those variables.
    pub(super) fn call_writing_back(
        &mut self,
        callee: Callee,
        args: &Args,
        targets: Rc<[Option<crate::ir::Slot>]>,
        loc: Loc,
    ) -> Code {
        let args = self.args(args);
        code(move |m| {
            let f = match &callee {
                Callee::Global(g) => match &m.globals[*g as usize] {
                    // The common case, a function without `mut` parameters:
                    // the plain call.
                    Value::Function(def) if def.mut_params.is_empty() => {
                        let def = def.clone();
                        let base = m.stack.len();
                        args.push(m)?;
                        return call_function_ret(m, &def, None, base, None, loc, None).get();
                    }
                    Value::Undefined => return Err(m.undefined_global(*g).at(loc)),
                    f => f.clone(),
                },
                Callee::Code(c) => c(m).get()?,
            };
            let base = m.stack.len();
            args.push(m)?;
            // Registered after the arguments ran, so that calls inside them
            // (which may share this frame base) cannot take it.
            m.write_back = Some((base, targets.clone()));
            let r = call_value(m, &f, base, args.names(), loc);
            m.write_back = None;
            r
        })
    }

    /// `f(args)` with `f` a module-level function.
    pub(super) fn call_function_global(&mut self, index: u32, args: &Args, loc: Loc) -> Code {
        let args = self.args(args);
        Box::new(move |m| {
            // The call owns a count of the function while its body runs: the
            // global can be changed under it (an argument or a host function
            // may do so through `&mut Machine`), and the body must outlive
            // the call.
            let def = match &m.globals[index as usize] {
                Value::Function(def) => def.clone(),
                Value::Undefined => return Ret::ctrl(m.undefined_global(index).at(loc)),
                other => {
                    // Not reachable for a `fn` binding; kept general.
                    let f = other.clone();
                    let base = m.stack.len();
                    if let Err(c) = args.push(m) {
                        return Ret::ctrl(c);
                    }
                    return Ret::new(call_value(m, &f, base, args.names(), loc));
                }
            };
            let base = m.stack.len();
            if let Err(c) = args.push(m) {
                return Ret::ctrl(c);
            }
            // The callee's `Ret` is handed on as it is.
            call_function_ret(m, &def, None, base, args.names(), loc, None)
        })
    }

    pub(super) fn call_builtin(&mut self, b: Builtin, args: &Args, loc: Loc) -> Code {
        let args = self.args(args);
        code(move |m| {
            let mut argv = args.eval(m)?;
            if args.names.is_some() {
                return fail(format!("`{}` does not take named arguments", b.name()))
                    .map_err(|c| c.at(loc));
            }
            if matches!(b, Builtin::Print | Builtin::Println) {
                for v in argv.iter_mut() {
                    *v = super::overload::shown(m, std::mem::take(v), loc)?;
                }
            }
            functions::call(m, b, &mut argv).map_err(|c| c.at(loc))
        })
    }

    pub(super) fn construct(&mut self, ty: TypeId, fields: &[Option<Node>], loc: Loc) -> Code {
        let codes: Box<[Option<Code>]> = fields
            .iter()
            .map(|f| f.as_ref().map(|n| self.node(n)))
            .collect();
        let class = self.prog.types.get(ty).kind == TypeKind::Class;
        code(move |m| {
            let mut values = crate::value::Fields::with_capacity(codes.len());
            for (i, code) in codes.iter().enumerate() {
                values.push(match code {
                    Some(c) => c(m).get()?,
                    None => field_default(m, ty, i).map_err(|c| c.at(loc))?,
                });
            }
            Ok(instance(ty, values, class))
        })
    }

    pub(super) fn make_variant(&mut self, ty: TypeId, variant: u32, fields: &[Node]) -> Code {
        let codes: Box<[Code]> = fields.iter().map(|f| self.node(f)).collect();
        code(move |m| {
            let mut values = crate::value::VariantFields::with_capacity(codes.len());
            for c in codes.iter() {
                values.push(c(m).get()?);
            }
            Ok(Value::Variant(Rc::new(VariantObj {
                ty,
                variant,
                fields: values,
            })))
        })
    }

    pub(super) fn call_method(
        &mut self,
        recv: &Node,
        method: Symbol,
        args: &Args,
        place: Option<&Place>,
        loc: Loc,
    ) -> Code {
        if place.is_none()
            && let Some(c) = self.method_call_cached(recv, method, args, loc)
        {
            return c;
        }
        let site = place.and_then(|p| self.var_site(p, method, args, loc));
        let step_site = place.and_then(|p| self.step_site(p, method, args, loc));
        let args = self.args(args);
        match place {
            None => {
                let recv = self.node(recv);
                code(move |m| {
                    let r = recv(m).get()?;
                    let base = m.stack.len();
                    m.stack.push(r);
                    if let Err(e) = args.push(m) {
                        m.stack.truncate(base);
                        return Err(e);
                    }
                    invoke_method(m, base, method, args.names(), loc)
                })
            }
            Some(place) => {
                let place = self.place(place);
                if let Some(site) = step_site {
                    return Box::new(move |m| site.call(m, &args, &place));
                }
                Box::new(move |m| {
                    // A user type's method or a float method: cached.
                    if let Some(site) = &site
                        && let Some(r) = site.try_call(m, &args, &place)
                    {
                        return r;
                    }
                    let base = m.stack.len();
                    if let Err(e) = args.push(m) {
                        return Ret::ctrl(e);
                    }
                    Ret::new(method_on_place(m, &place, method, base, args.names(), loc))
                })
            }
        }
    }

    /// `xs.push(v)` whose result is not used. On a local array it appends
    /// in place without building the result; anything else takes the
    /// general path.
    pub(super) fn push_statement(
        &mut self,
        recv: &Node,
        args: &Args,
        place: &Place,
        loc: Loc,
    ) -> Code {
        let general = self.call_method(recv, simple_syntax::known::PUSH, args, Some(place), loc);
        let Place::Var {
            slot: crate::ir::Slot::Local(slot),
            ..
        } = *place
        else {
            return general;
        };
        let arg = self.node(&args.values[0]);
        code(move |m| {
            if !matches!(m.local(slot), Value::Array(_)) {
                return general(m).get();
            }
            let v = arg(m).get()?;
            let (stack, types) = (&mut m.stack, &m.program.types);
            match &mut stack[m.base + slot as usize] {
                Value::Array(a) if !a.is_frozen() => {
                    crate::limits::check_growth(a.len(), 1).map_err(|c| c.at(loc))?;
                    Rc::make_mut(a).push(v);
                    Ok(Value::Nil)
                }
                // The argument changed the variable: the general method
                // call reports it (and discards the result).
                other => methods::call_mut(other, simple_syntax::known::PUSH, &mut [v], types)
                    .map(|_| Value::Nil)
                    .map_err(|c| c.at(loc)),
            }
        })
    }

    pub(super) fn call_static(&mut self, ty: TypeId, name: Symbol, args: &Args, loc: Loc) -> Code {
        let args = self.args(args);
        code(move |m| {
            let base = m.stack.len();
            args.push(m)?;
            call_static_fn(m, ty, name, base, args.names(), loc)
        })
    }

    pub(super) fn call_opt_method(
        &mut self,
        recv: &Node,
        method: Symbol,
        args: &Args,
        loc: Loc,
    ) -> Code {
        let recv = self.node(recv);
        let args = self.args(args);
        let in_function = self.in_function;
        code(move |m| {
            let r = recv(m).get()?;
            if r.is_nil() {
                return Ok(Value::Nil);
            }
            let r = super::ops::try_value(m, r, in_function).map_err(|c| c.at(loc))?;
            let base = m.stack.len();
            m.stack.push(r);
            if let Err(e) = args.push(m) {
                m.stack.truncate(base);
                return Err(e);
            }
            invoke_method(m, base, method, args.names(), loc)
        })
    }
}

pub(crate) fn instance(ty: TypeId, fields: crate::value::Fields, class: bool) -> Value {
    let inst = Instance { ty, fields };
    if class {
        Value::Object(Rc::new(std::cell::RefCell::new(inst)))
    } else {
        Value::Struct(Rc::new(inst))
    }
}

/// The default value of field `index` of `ty` (evaluated each time, so a
/// default `[]` is a fresh array).
pub(crate) fn field_default(m: &mut Machine, ty: TypeId, index: usize) -> Eval {
    let info = m.program.types.get(ty);
    match info.defaults.get(index).cloned().flatten() {
        Some(code) => super::run_in_frame(m, &code, 0),
        None => {
            let name = info.fields[index];
            fail(format!(
                "missing field `{name}` for `{}` (it has no default)",
                info.name
            ))
        }
    }
}

#[cold]
fn stack_overflow(m: &Machine, name: &str) -> Ctrl {
    Ctrl::error(Box::new(
        crate::error::RuntimeError::new(format!(
            "stack overflow (depth {}) in `{name}`: the recursion is too deep or never ends",
            m.depth
        ))
        .with_kind(crate::error::ErrorKind::CallDepthLimit),
    ))
}

/// Calls a Simple function whose frame starts at `base`: the stack above
/// it holds `self` (for methods) and then the arguments. `closure` supplies
/// captured values. For `me` methods, `self_out` receives the receiver's
/// final value. The frame is popped before returning.
///
/// The answer is a [`Ret`], which stays in registers: a call's result is
/// usually handed straight to the caller's step (`.get()` for an `Eval`).
pub fn call_function_ret(
    m: &mut Machine,
    def: &FnDef,
    closure: Option<&Rc<Closure>>,
    base: usize,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
    self_out: Option<&mut Value>,
) -> Ret {
    if m.depth >= m.max_depth {
        m.stack.truncate(base);
        return Ret::new(Err(stack_overflow(m, &def.display_name).at(loc)));
    }
    if let Err(e) = m.tick() {
        m.stack.truncate(base);
        return Ret::new(Err(e.at(loc)));
    }
    let first_param = base + def.self_slots() as usize;
    let nargs = m.stack.len() - first_param;
    let mut needs_defaults = false;
    if (names.is_some() || nargs != def.params.len() || def.variadic.is_some())
        && let Err(e) = bind_args(m, def, first_param, names, &mut needs_defaults)
    {
        m.stack.truncate(base);
        return Ret::new(Err(e.at(loc)));
    }
    let frame_end = base + def.frame_size as usize;
    if m.stack.len() < frame_end {
        m.stack.resize(frame_end, Value::Nil);
    }
    if let Some(c) = closure {
        let cb = base + def.capture_base as usize;
        for (i, v) in c.captures.iter().enumerate() {
            m.stack[cb + i] = v.clone();
        }
        if let Some(k) = def.self_capture {
            m.stack[cb + k as usize] = Value::Closure(c.clone());
        }
    }
    let saved = std::mem::replace(&mut m.base, base);
    m.depth += 1;
    let r = if m.depth.is_multiple_of(16) {
        // Every few levels, make sure the native stack has room: deep
        // Simple recursion is bounded by `max_depth`, not by the thread's
        // stack size.
        stacker::maybe_grow(1024 * 1024, 16 * 1024 * 1024, || {
            run_body(m, def, base, needs_defaults)
        })
    } else {
        run_body(m, def, base, needs_defaults)
    };
    m.depth -= 1;
    m.base = saved;
    let r = if r.is_ok() {
        r
    } else {
        leave_body(m, r, def, loc)
    };
    if let Some(out) = self_out {
        *out = std::mem::take(&mut m.stack[base]);
    }
    if !def.mut_params.is_empty() {
        write_back(m, def, first_param, base);
    }
    m.pop_frame(base);
    r
}

/// The function a write-back call calls.
pub(crate) enum Callee {
    /// A module-level binding (usually a `fn`).
    Global(u32),
    Code(Code),
}

/// For a call's arguments: the caller's variable behind each positional
/// argument that is a plain variable, or `None` when there is none (or any
/// argument is named).
pub(crate) fn write_back_targets(args: &Args) -> Option<Rc<[Option<crate::ir::Slot>]>> {
    if args.names.is_some() {
        return None;
    }
    let targets: Vec<Option<crate::ir::Slot>> = args
        .values
        .iter()
        .map(|a| match a.kind {
            NodeKind::Local(s) => Some(crate::ir::Slot::Local(s)),
            NodeKind::Global(g) => Some(crate::ir::Slot::Global(g)),
            _ => None,
        })
        .collect();
    targets.iter().any(Option::is_some).then(|| targets.into())
}

/// Copies the final values of `def`'s `mut` parameters (in the frame at
/// `first_param`) to the caller's variables named by the call site, if the
/// call site registered this frame (`base`) for write-back.
#[inline(never)]
fn write_back(m: &mut Machine, def: &FnDef, first_param: usize, base: usize) {
    let Some((wb_base, targets)) = m.write_back.take() else {
        return;
    };
    if wb_base != base {
        m.write_back = Some((wb_base, targets));
        return;
    }
    let caller = m.base;
    for &i in def.mut_params.iter() {
        let Some(Some(slot)) = targets.get(i as usize) else {
            continue;
        };
        let v = m.stack[first_param + i as usize].clone();
        match slot {
            crate::ir::Slot::Local(s) => m.stack[caller + *s as usize] = v,
            crate::ir::Slot::Global(g) => m.globals[*g as usize] = v,
        }
    }
}

/// A body that ended with a control signal: `return` gives its value; an
/// error gets this frame added to its call stack.
#[inline(never)]
fn leave_body(m: &mut Machine, r: Ret, def: &FnDef, loc: Loc) -> Ret {
    let c = match r.get() {
        Ok(v) => return Ret::new(Ok(v)),
        Err(c) => c,
    };
    if c.is_return() {
        return Ret::new(Ok(crate::value::take_words(&mut m.ret)));
    }
    let mut c = c;
    Ret::new(match c.as_error_mut() {
        Some(e) => {
            if e.loc.is_none() {
                e.loc = Some(Loc::new(def.file, def.span));
            }
            e.leave_frame(&def.display_name, loc);
            Err(c)
        }
        // The resolver rejects break/continue outside loops.
        None => Ok(Value::Nil),
    })
}

#[inline(always)]
fn run_body(m: &mut Machine, def: &FnDef, base: usize, needs_defaults: bool) -> Ret {
    if needs_defaults && let Err(e) = fill_defaults(m, def, base) {
        return Ret::new(Err(e));
    }
    (def.body)(m)
}

/// Arranges the arguments at `stack[first..]` (positional, named,
/// variadic) into parameter slots in place. Missing parameters with defaults
/// are left `Undefined` and filled in once the frame exists.
fn bind_args(
    m: &mut Machine,
    def: &FnDef,
    first: usize,
    names: Option<&[Option<Symbol>]>,
    needs_defaults: &mut bool,
) -> Eval<()> {
    let n = def.params.len();
    let args: ArgBuf = m.stack.drain(first..).collect();
    let mut slots: smallvec::SmallVec<[Value; 8]> = smallvec::smallvec![Value::Undefined; n];
    let mut rest = Vec::new();
    let mut next = 0;
    for (i, arg) in args.into_iter().enumerate() {
        match names.and_then(|ns| ns.get(i).copied().flatten()) {
            None => {
                if next < n {
                    slots[next] = arg;
                    next += 1;
                } else if def.variadic.is_some() {
                    rest.push(arg);
                } else {
                    return fail(format!(
                        "`{}` takes {} argument{}, but more were given",
                        def.display_name,
                        n,
                        if n == 1 { "" } else { "s" }
                    ));
                }
            }
            Some(name) => match def.params.iter().position(|p| p.name == name) {
                Some(idx) => {
                    if !matches!(slots[idx], Value::Undefined) {
                        return fail(format!(
                            "argument `{name}` of `{}` is given twice",
                            def.display_name
                        ));
                    }
                    slots[idx] = arg;
                }
                None => {
                    let hint = suggest::did_you_mean(&suggest::closest(
                        name.as_str(),
                        def.params.iter().map(|p| p.name.as_str()),
                        3,
                    ));
                    return fail(format!(
                        "`{}` has no parameter named `{name}`{}",
                        def.display_name,
                        if hint.is_empty() {
                            String::new()
                        } else {
                            format!("; {hint}")
                        }
                    ));
                }
            },
        }
    }
    for (i, slot) in slots.iter().enumerate() {
        if matches!(slot, Value::Undefined) {
            if def.params[i].default.is_none() {
                return fail(format!(
                    "missing argument `{}` in call to `{}`",
                    def.params[i].name, def.display_name
                ));
            }
            *needs_defaults = true;
        }
    }
    m.stack.extend(slots);
    if def.variadic.is_some() {
        m.stack.push(Value::array(rest));
    }
    Ok(())
}

fn fill_defaults(m: &mut Machine, def: &FnDef, base: usize) -> Eval<()> {
    let first = base + def.self_slots() as usize;
    for (i, p) in def.params.iter().enumerate() {
        if matches!(m.stack[first + i], Value::Undefined)
            && let Some(code) = &p.default
        {
            let v = code(m).get()?;
            m.stack[first + i] = v;
        }
    }
    Ok(())
}

/// Calls any callable value with the arguments at `stack[base..]` (which
/// are consumed).
pub fn call_value(
    m: &mut Machine,
    f: &Value,
    base: usize,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    match f {
        Value::Function(def) => call_function_ret(m, def, None, base, names, loc, None).get(),
        Value::Closure(c) => call_function_ret(m, &c.def, Some(c), base, names, loc, None).get(),
        Value::Native(n) => {
            let mut args = m.take_args(base);
            call_native(m, n, &mut args, names).map_err(|c| c.at(loc))
        }
        Value::Bound(b) => {
            m.stack.insert(base, b.receiver.clone());
            match &b.method {
                BoundKind::User(def) => {
                    call_function_ret(m, def, None, base, names, loc, None).get()
                }
                BoundKind::Builtin(name) => invoke_method(m, base, *name, names, loc),
            }
        }
        Value::Type(ty) => {
            let mut args = m.take_args(base);
            construct_dynamic(m, *ty, &mut args, names).map_err(|c| c.at(loc))
        }
        other => {
            m.stack.truncate(base);
            fail(format!(
                "{} is not callable",
                type_name(other, Some(&m.program.types))
            ))
            .map_err(|c| c.at(loc))
        }
    }
}

/// Calls a callable value with arguments given as values.
pub fn call_value_with(
    m: &mut Machine,
    f: &Value,
    args: impl IntoIterator<Item = Value>,
    loc: Loc,
) -> Eval {
    let base = m.stack.len();
    m.stack.extend(args);
    call_value(m, f, base, None, loc)
}

pub(crate) fn call_native(
    m: &mut Machine,
    n: &NativeFn,
    args: &mut ArgBuf,
    names: Option<&[Option<Symbol>]>,
) -> Eval {
    if names.is_some() {
        return fail(format!("`{}` does not take named arguments", n.name));
    }
    if args.len() < n.min_args || n.max_args.is_some_and(|max| args.len() > max) {
        let expected = match n.max_args {
            Some(max) if max == n.min_args => format!("{max}"),
            Some(max) => format!("{} to {max}", n.min_args),
            None => format!("at least {}", n.min_args),
        };
        return fail(format!(
            "`{}` takes {expected} argument(s), {} given",
            n.name,
            args.len()
        ));
    }
    (n.f)(m, args)
}

/// `Type(args)` through a value, or `Type.new(...)` without a user `new`.
pub(crate) fn construct_dynamic(
    m: &mut Machine,
    ty: TypeId,
    args: &mut ArgBuf,
    names: Option<&[Option<Symbol>]>,
) -> Eval {
    let info = m.program.types.get(ty);
    if info.kind == TypeKind::Enum {
        return fail(format!(
            "enum `{}` cannot be called; construct one of its variants",
            info.name
        ));
    }
    let class = info.kind == TypeKind::Class;
    let fields = info.fields.clone();
    let type_name = info.name;
    let mut values: Vec<Option<Value>> = vec![None; fields.len()];
    let mut next = 0;
    for (i, arg) in args.drain(..).enumerate() {
        let index = match names.and_then(|ns| ns.get(i).copied().flatten()) {
            Some(name) => fields
                .iter()
                .position(|f| *f == name)
                .ok_or_else(|| rt_error(format!("`{type_name}` has no field `{name}`")))?,
            None => {
                next += 1;
                next - 1
            }
        };
        if index >= fields.len() {
            return fail(format!(
                "`{type_name}` has {} field(s); too many arguments",
                fields.len()
            ));
        }
        values[index] = Some(arg);
    }
    let mut out = crate::value::Fields::with_capacity(fields.len());
    for (i, v) in values.into_iter().enumerate() {
        out.push(match v {
            Some(v) => v,
            None => field_default(m, ty, i)?,
        });
    }
    Ok(instance(ty, out, class))
}

/// `Type.name(args)` with the arguments at `stack[base..]`: a static
/// function, a method given its receiver first, or the built-in `new`.
pub(crate) fn call_static_fn(
    m: &mut Machine,
    ty: TypeId,
    name: Symbol,
    base: usize,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    let info = m.program.types.get(ty);
    match info.methods.get(&name) {
        Some(def) if def.role == FnRole::Static => {
            let def = def.clone();
            call_function_ret(m, &def, None, base, names, loc, None).get()
        }
        Some(def) => {
            // `Type.method(obj, args)`: the receiver passed explicitly.
            if m.stack.len() == base {
                let message = format!(
                    "`{}.{name}` is a method; call it on a value, or pass the receiver first",
                    info.name
                );
                return fail(message).map_err(|c| c.at(loc));
            }
            let def = def.clone();
            call_function_ret(m, &def, None, base, names, loc, None).get()
        }
        None if name == simple_syntax::known::NEW => {
            let mut args = m.take_args(base);
            construct_dynamic(m, ty, &mut args, names).map_err(|c| c.at(loc))
        }
        None => {
            m.stack.truncate(base);
            let info = m.program.types.get(ty);
            let hint = suggest::did_you_mean(&suggest::closest(
                name.as_str(),
                info.methods.keys().map(|k| k.as_str()),
                3,
            ));
            fail(format!(
                "`{}` has no static function `{name}`{}",
                info.name,
                if hint.is_empty() {
                    String::new()
                } else {
                    format!("; {hint}")
                }
            ))
            .map_err(|c| c.at(loc))
        }
    }
}

/// `Type.name` as a value.
pub(crate) fn static_ref(m: &mut Machine, ty: TypeId, name: Symbol) -> Eval {
    let info = m.program.types.get(ty);
    match info.methods.get(&name) {
        Some(def) => Ok(Value::Function(def.clone())),
        None => fail(format!(
            "`{}` has no static function or variant `{name}`",
            info.name
        )),
    }
}

/// A payload variant used as a function value (`xs.map(Shape.Circle)`).
pub(crate) fn variant_constructor(prog: &Program, ty: TypeId, variant: u32) -> Value {
    let info = prog.types.get(ty);
    let v = &info.variants[variant as usize];
    let arity = v.fields.len();
    Value::Native(Rc::new(NativeFn {
        name: format!("{}.{}", info.name, v.name),
        min_args: arity,
        max_args: Some(arity),
        f: Box::new(move |_, args| {
            Ok(Value::Variant(Rc::new(VariantObj {
                ty,
                variant,
                fields: args.iter_mut().map(std::mem::take).collect(),
            })))
        }),
    }))
}

/// The user-defined type of a value, if any.
pub(crate) fn user_type(v: &Value) -> Option<TypeId> {
    match v {
        Value::Struct(s) => Some(s.ty),
        Value::Object(o) => o.try_borrow().ok().map(|i| i.ty),
        Value::Variant(v) => Some(v.ty),
        Value::UnitVariant(ty, _) => Some(*ty),
        _ => None,
    }
}

/// `recv.method(args)` with `stack[base]` the receiver and the arguments
/// after it (all consumed).
pub fn invoke_method(
    m: &mut Machine,
    base: usize,
    method: Symbol,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    let recv = &m.stack[base];
    if let Some(ty) = user_type(recv) {
        if let Some(def) = m.program.types.get(ty).methods.get(&method) {
            let def = def.clone();
            if def.role == FnRole::Static {
                m.stack.remove(base);
            }
            return call_function_ret(m, &def, None, base, names, loc, None).get();
        }
        // A field holding a function: `obj.callback(x)`.
        if let Some(f) = field_value(m, recv, method) {
            m.stack.remove(base);
            return call_value(m, &f, base, names, loc);
        }
        // `method_missing(self, name, args, block)` answers any other call.
        if let Some(def) = m.program.types.get(ty).methods.get(&method_missing_name()) {
            let def = def.clone();
            let args = m.take_args(base + 1).into_vec();
            m.stack.push(Value::text(method.as_str()));
            m.stack.push(Value::array(args));
            if def.params.len() >= 3 {
                m.stack.push(Value::Nil);
            }
            return call_function_ret(m, &def, None, base, None, loc, None).get();
        }
    }
    match *recv {
        Value::Type(ty) => {
            m.stack.remove(base);
            return call_static_fn(m, ty, method, base, names, loc);
        }
        Value::Module(id) => {
            m.stack.remove(base);
            let f = match crate::modules::module_member(m, id, method) {
                Ok(f) => f,
                Err(e) => {
                    m.stack.truncate(base);
                    return Err(e.at(loc));
                }
            };
            return call_value(m, &f, base, names, loc);
        }
        _ => {}
    }
    // A method an `impl text:` block added (built-in methods come first).
    if let Some(def) = m.program.types.builtin_impl_method(recv, method)
        && !methods::has_method(recv, method)
    {
        let def = def.clone();
        return call_function_ret(m, &def, None, base, names, loc, None).get();
    }
    let mut args = m.take_args(base + 1);
    let recv = m.stack.pop().expect("the receiver is on the stack");
    methods::call(m, recv, method, &mut args, names, loc).map_err(|c| c.at(loc))
}

fn method_missing_name() -> Symbol {
    thread_local! {
        static NAME: Symbol = Symbol::intern("method_missing");
    }
    NAME.with(|s| *s)
}

fn field_value(m: &Machine, v: &Value, name: Symbol) -> Option<Value> {
    match v {
        Value::Struct(s) => {
            let idx = m.program.types.get(s.ty).field_index(name)?;
            Some(s.fields[idx].clone())
        }
        Value::Object(o) => {
            let inst = o.try_borrow().ok()?;
            let idx = m.program.types.get(inst.ty).field_index(name)?;
            Some(inst.fields[idx].clone())
        }
        _ => None,
    }
}

/// `place.method(args)` with the arguments at `stack[base..]`: a `me`
/// method or mutating built-in changes the place in place; anything else is
/// called on a copy of its value.
// Inlined into the call-site closure (as before the cached sites came):
// with it, a built-in method on a variable (`d.get(k)`) costs a third
// less. The cached sites call the out-of-line copy below.
#[inline(always)]
fn method_on_place(
    m: &mut Machine,
    place: &CPlace,
    method: Symbol,
    base: usize,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    // A plain variable (`xs.push(v)`, `s.len()`): no path needed.
    if let CPlace::Var { slot, mutable, .. } = *place {
        let frame = m.base;
        let v = match slot {
            crate::ir::Slot::Local(s) => &m.stack[frame + s as usize],
            crate::ir::Slot::Global(g) => &m.globals[g as usize],
        };
        let user = matches!(
            v,
            Value::Struct(_) | Value::Variant(_) | Value::UnitVariant(..) | Value::Undefined
        );
        let mutator = methods::is_mutator(v, method);
        if mutator && mutable && names.is_none() {
            // The receiver lies below the arguments on the stack (or in the
            // globals): both are borrowed at once, nothing is copied.
            let types = &m.program.types;
            let r = match slot {
                crate::ir::Slot::Local(s) => {
                    let (below, args) = m.stack.split_at_mut(base);
                    methods::call_mut(&mut below[frame + s as usize], method, args, types)
                }
                crate::ir::Slot::Global(g) => methods::call_mut(
                    &mut m.globals[g as usize],
                    method,
                    &mut m.stack[base..],
                    types,
                ),
            };
            m.pop_frame(base);
            return r.map_err(|c| c.at(loc));
        }
        // A method that only reads a built-in receiver: called on the
        // variable in place, with its arguments straight from the stack.
        if !mutator && !user && names.is_none() {
            let types = &m.program.types;
            let r = match slot {
                crate::ir::Slot::Local(s) => {
                    let (below, args) = m.stack.split_at_mut(base);
                    methods::call_pure(&below[frame + s as usize], method, args, types)
                }
                crate::ir::Slot::Global(g) => {
                    methods::call_pure(&m.globals[g as usize], method, &mut m.stack[base..], types)
                }
            };
            if let Some(r) = r {
                m.pop_frame(base);
                return r.map_err(|c| c.at(loc));
            }
        }
        let v = match slot {
            crate::ir::Slot::Local(s) => &m.stack[frame + s as usize],
            crate::ir::Slot::Global(g) => &m.globals[g as usize],
        };
        // A struct's ordinary (not `me`) method needs no write-back either.
        let plain_user_method = match v {
            Value::Struct(s) => m
                .program
                .types
                .get(s.ty)
                .methods
                .get(&method)
                .is_some_and(|d| d.role != FnRole::MeMethod),
            _ => false,
        };
        if (!mutator && !user) || plain_user_method {
            let recv = v.clone();
            m.stack.insert(base, recv);
            return invoke_method(m, base, method, names, loc);
        }
    }
    let path = match place.eval_path(m) {
        Ok(p) => p,
        Err(e) => {
            m.stack.truncate(base);
            return Err(e);
        }
    };
    method_on_path(m, path, method, base, names, loc)
}

/// The end of [`method_on_place`]: the call on the value at an evaluated
/// path.
pub(crate) fn method_on_path(
    m: &mut Machine,
    mut path: super::place::Path,
    method: Symbol,
    base: usize,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    let kind = match path.with_ref(m, |v, types| super::place::classify(v, method, types)) {
        Ok(k) => k,
        Err(e) => {
            m.stack.truncate(base);
            return Err(e.at(loc));
        }
    };
    match kind {
        Classified::BuiltinMutator => {
            let mut args = m.take_args(base);
            if names.is_some() {
                return fail(format!("`{method}` does not take named arguments"))
                    .map_err(|c| c.at(loc));
            }
            path.modify(m, method, |v, types| {
                methods::call_mut(v, method, &mut args, types)
            })
            .map_err(|c| c.at(loc))
        }
        Classified::MeMethod(def) => {
            // The receiver is lent to the method (see `lend.rs`).
            let lent = path
                .check_mutable(m, method)
                .and_then(|_| super::lend::lend(&mut path, m, method));
            let (loan, recv) = match lent {
                Ok(x) => x,
                Err(e) => {
                    m.stack.truncate(base);
                    return Err(e.at(loc));
                }
            };
            m.stack.insert(base, recv);
            let mut new_self = Value::Nil;
            let r = call_function_ret(m, &def, None, base, names, loc, Some(&mut new_self)).get();
            super::lend::give_back(m, loan, new_self).map_err(|c| c.at(loc))?;
            r
        }
        Classified::Other => {
            let recv = match path.read(m) {
                Ok(v) => v,
                Err(e) => {
                    m.stack.truncate(base);
                    return Err(e.at(loc));
                }
            };
            m.stack.insert(base, recv);
            invoke_method(m, base, method, names, loc)
        }
    }
}

/// How many positional arguments the user-defined method `name` of `v`
/// takes (`None`: `v` has no such method).
pub(crate) fn user_method_arity(m: &Machine, v: &Value, name: Symbol) -> Option<usize> {
    let ty = user_type(v)?;
    let def = m.program.types.get(ty).methods.get(&name)?;
    Some(def.params.len())
}

/// `recv.method(args)`, from Rust.
pub(crate) fn call_method_with(
    m: &mut Machine,
    recv: Value,
    method: Symbol,
    args: Vec<Value>,
    loc: Loc,
) -> Eval {
    let base = m.stack.len();
    m.stack.push(recv);
    m.stack.extend(args);
    invoke_method(m, base, method, None, loc)
}

/// [`method_on_place`], out of line (for `method.rs`'s slow paths).
#[inline(never)]
pub(crate) fn method_on_place_general(
    m: &mut Machine,
    place: &CPlace,
    method: Symbol,
    base: usize,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    method_on_place(m, place, method, base, names, loc)
}

/// `recv.method()` with no arguments, from Rust.
pub(crate) fn call_method_values(m: &mut Machine, recv: Value, method: Symbol, loc: Loc) -> Eval {
    let base = m.stack.len();
    m.stack.push(recv);
    invoke_method(m, base, method, None, loc)
}

/// Makes a bound method value `recv.name` (no call), if `name` is a method.
pub(crate) fn bind_method(m: &Machine, recv: &Value, name: Symbol) -> Option<Value> {
    if let Some(ty) = user_type(recv)
        && let Some(def) = m.program.types.get(ty).methods.get(&name)
    {
        return Some(Value::Bound(Rc::new(BoundMethod {
            receiver: recv.clone(),
            method: BoundKind::User(def.clone()),
        })));
    }
    if !methods::has_method(recv, name)
        && let Some(def) = m.program.types.builtin_impl_method(recv, name)
    {
        return Some(Value::Bound(Rc::new(BoundMethod {
            receiver: recv.clone(),
            method: BoundKind::User(def.clone()),
        })));
    }
    methods::has_method(recv, name).then(|| {
        Value::Bound(Rc::new(BoundMethod {
            receiver: recv.clone(),
            method: BoundKind::Builtin(name),
        }))
    })
}
