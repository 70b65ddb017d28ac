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
use crate::function::{Closure, Code, FnDef, FnRole, NativeFn};
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
    #[inline]
    pub(crate) fn eval(&self, m: &mut Machine) -> Eval<ArgBuf> {
        let mut out = ArgBuf::with_capacity(self.codes.len());
        for c in self.codes.iter() {
            out.push(c(m)?);
        }
        Ok(out)
    }

    pub(crate) fn names(&self) -> Option<&[Option<Symbol>]> {
        self.names.as_deref()
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
        Box::new(move |m| {
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
            return Box::new(move |m| {
                let f = match &m.globals[index as usize] {
                    Value::Function(def) => {
                        let def = def.clone();
                        let mut argv = args.eval(m)?;
                        return call_function(m, &def, None, None, &mut argv, args.names(), loc);
                    }
                    Value::Undefined => return Err(m.undefined_global(index).at(loc)),
                    other => other.clone(),
                };
                let mut argv = args.eval(m)?;
                call_value(m, &f, &mut argv, args.names(), loc)
            });
        }
        let callee = self.node(callee);
        Box::new(move |m| {
            let f = callee(m)?;
            let mut argv = args.eval(m)?;
            call_value(m, &f, &mut argv, args.names(), loc)
        })
    }

    pub(super) fn call_builtin(&mut self, b: Builtin, args: &Args, loc: Loc) -> Code {
        let args = self.args(args);
        Box::new(move |m| {
            let mut argv = args.eval(m)?;
            if args.names.is_some() {
                return fail(format!("`{}` does not take named arguments", b.name()))
                    .map_err(|c| c.at(loc));
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
        Box::new(move |m| {
            let mut values = Vec::with_capacity(codes.len());
            for (i, code) in codes.iter().enumerate() {
                values.push(match code {
                    Some(c) => c(m)?,
                    None => field_default(m, ty, i).map_err(|c| c.at(loc))?,
                });
            }
            Ok(instance(ty, values, class))
        })
    }

    pub(super) fn make_variant(&mut self, ty: TypeId, variant: u32, fields: &[Node]) -> Code {
        let codes: Box<[Code]> = fields.iter().map(|f| self.node(f)).collect();
        Box::new(move |m| {
            let mut values = Vec::with_capacity(codes.len());
            for c in codes.iter() {
                values.push(c(m)?);
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
        let args = self.args(args);
        match place {
            None => {
                let recv = self.node(recv);
                Box::new(move |m| {
                    let r = recv(m)?;
                    let mut argv = args.eval(m)?;
                    invoke_method(m, r, method, &mut argv, args.names(), loc)
                })
            }
            Some(place) => {
                let place = self.place(place);
                Box::new(move |m| {
                    let mut argv = args.eval(m)?;
                    method_on_place(m, &place, method, &mut argv, args.names(), loc)
                })
            }
        }
    }

    pub(super) fn call_static(&mut self, ty: TypeId, name: Symbol, args: &Args, loc: Loc) -> Code {
        let args = self.args(args);
        Box::new(move |m| {
            let mut argv = args.eval(m)?;
            call_static_fn(m, ty, name, &mut argv, args.names(), loc)
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
        Box::new(move |m| {
            let r = recv(m)?;
            if r.is_nil() {
                return Ok(Value::Nil);
            }
            let r = super::ops::try_value(m, r, in_function).map_err(|c| c.at(loc))?;
            let mut argv = args.eval(m)?;
            invoke_method(m, r, method, &mut argv, args.names(), loc)
        })
    }
}

pub(crate) fn instance(ty: TypeId, fields: Vec<Value>, class: bool) -> Value {
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
    rt_error(format!(
        "stack overflow (depth {}) in `{name}`: the recursion is too deep or never ends",
        m.depth
    ))
}

/// Calls a Simple function. `closure` supplies captured values,
/// `receiver` the `self` of a method. For `me` methods, `self_out` receives
/// the receiver's final value.
#[allow(clippy::too_many_arguments)]
pub fn call_function_full(
    m: &mut Machine,
    def: &Rc<FnDef>,
    closure: Option<&Rc<Closure>>,
    receiver: Option<Value>,
    args: &mut ArgBuf,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
    self_out: Option<&mut Value>,
) -> Eval {
    if m.depth >= m.max_depth {
        return Err(stack_overflow(m, &def.display_name).at(loc));
    }
    let base = m.stack.len();
    if def.self_slots() == 1 {
        m.stack.push(receiver.unwrap_or(Value::Nil));
    }
    let mut needs_defaults = false;
    if names.is_none() && args.len() == def.params.len() && def.variadic.is_none() {
        m.stack.extend(args.drain(..));
    } else if let Err(e) = bind_args(m, def, args, names, &mut needs_defaults) {
        m.stack.truncate(base);
        return Err(e.at(loc));
    }
    m.stack.resize(base + def.frame_size as usize, Value::Nil);
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
    // Grow the native stack on demand so deep Simple recursion is bounded
    // by `max_depth`, not by the thread's stack size.
    let r = stacker::maybe_grow(256 * 1024, 8 * 1024 * 1024, || {
        if needs_defaults {
            fill_defaults(m, def, base)?;
        }
        (def.body)(m)
    });
    m.depth -= 1;
    m.base = saved;
    let r = match r {
        Ok(v) => Ok(v),
        Err(Ctrl::Return) => Ok(std::mem::take(&mut m.ret)),
        Err(Ctrl::Error(mut e)) => {
            if e.loc.is_none() {
                e.loc = Some(Loc::new(def.file, def.span));
            }
            e.leave_frame(&def.display_name, loc);
            Err(Ctrl::Error(e))
        }
        // The resolver rejects break/continue outside loops.
        Err(Ctrl::Break | Ctrl::Continue) => Ok(Value::Nil),
    };
    if let Some(out) = self_out {
        *out = std::mem::take(&mut m.stack[base]);
    }
    m.stack.truncate(base);
    r
}

/// Calls a Simple function without a receiver.
#[inline]
pub fn call_function(
    m: &mut Machine,
    def: &Rc<FnDef>,
    closure: Option<&Rc<Closure>>,
    receiver: Option<Value>,
    args: &mut ArgBuf,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    call_function_full(m, def, closure, receiver, args, names, loc, None)
}

/// Arranges positional, named and variadic arguments into parameter slots
/// (pushed on the stack). Missing parameters with defaults are left
/// `Undefined` and filled in once the frame exists.
fn bind_args(
    m: &mut Machine,
    def: &FnDef,
    args: &mut ArgBuf,
    names: Option<&[Option<Symbol>]>,
    needs_defaults: &mut bool,
) -> Eval<()> {
    let n = def.params.len();
    let mut slots: smallvec::SmallVec<[Value; 8]> = smallvec::smallvec![Value::Undefined; n];
    let mut rest = Vec::new();
    let mut next = 0;
    for (i, arg) in args.drain(..).enumerate() {
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
        if matches!(m.stack[first + i], Value::Undefined) {
            if let Some(code) = &p.default {
                let v = code(m)?;
                m.stack[first + i] = v;
            }
        }
    }
    Ok(())
}

/// Calls any callable value.
pub fn call_value(
    m: &mut Machine,
    f: &Value,
    args: &mut ArgBuf,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    match f {
        Value::Function(def) => call_function(m, def, None, None, args, names, loc),
        Value::Closure(c) => call_function(m, &c.def, Some(c), None, args, names, loc),
        Value::Native(n) => call_native(m, n, args, names).map_err(|c| c.at(loc)),
        Value::Bound(b) => match &b.method {
            BoundKind::User(def) => {
                call_function(m, def, None, Some(b.receiver.clone()), args, names, loc)
            }
            BoundKind::Builtin(name) => {
                methods::call(m, b.receiver.clone(), *name, args, names, loc).map_err(|c| c.at(loc))
            }
        },
        Value::Type(ty) => construct_dynamic(m, *ty, args, names).map_err(|c| c.at(loc)),
        other => fail(format!(
            "{} is not callable",
            type_name(other, Some(&m.program.types))
        ))
        .map_err(|c| c.at(loc)),
    }
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
    let mut out = Vec::with_capacity(fields.len());
    for (i, v) in values.into_iter().enumerate() {
        out.push(match v {
            Some(v) => v,
            None => field_default(m, ty, i)?,
        });
    }
    Ok(instance(ty, out, class))
}

/// `Type.name(args)`: a static function, or the built-in `new`.
pub(crate) fn call_static_fn(
    m: &mut Machine,
    ty: TypeId,
    name: Symbol,
    args: &mut ArgBuf,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    let info = m.program.types.get(ty);
    match info.methods.get(&name) {
        Some(def) if def.role == FnRole::Static => {
            let def = def.clone();
            call_function(m, &def, None, None, args, names, loc)
        }
        Some(def) => {
            // `Type.method(obj, args)`: the receiver passed explicitly.
            if args.is_empty() {
                return fail(format!(
                    "`{}.{name}` is a method; call it on a value, or pass the receiver first",
                    info.name
                ))
                .map_err(|c| c.at(loc));
            }
            let def = def.clone();
            let receiver = args.remove(0);
            call_function(m, &def, None, Some(receiver), args, names, loc)
        }
        None if name == simple_syntax::known::NEW => {
            construct_dynamic(m, ty, args, names).map_err(|c| c.at(loc))
        }
        None => {
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
fn user_type(v: &Value) -> Option<TypeId> {
    match v {
        Value::Struct(s) => Some(s.ty),
        Value::Object(o) => o.try_borrow().ok().map(|i| i.ty),
        Value::Variant(v) => Some(v.ty),
        Value::UnitVariant(ty, _) => Some(*ty),
        _ => None,
    }
}

/// `recv.method(args)` on a value (not a place).
pub fn invoke_method(
    m: &mut Machine,
    recv: Value,
    method: Symbol,
    args: &mut ArgBuf,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    if let Some(ty) = user_type(&recv) {
        if let Some(def) = m.program.types.get(ty).methods.get(&method) {
            let def = def.clone();
            if def.role == FnRole::Static {
                return call_function(m, &def, None, None, args, names, loc);
            }
            return call_function(m, &def, None, Some(recv), args, names, loc);
        }
        // A field holding a function: `obj.callback(x)`.
        if let Some(f) = field_value(m, &recv, method) {
            return call_value(m, &f, args, names, loc);
        }
    }
    match &recv {
        Value::Type(ty) => return call_static_fn(m, *ty, method, args, names, loc),
        Value::Module(id) => {
            let f = crate::modules::module_member(m, *id, method).map_err(|c| c.at(loc))?;
            return call_value(m, &f, args, names, loc);
        }
        _ => {}
    }
    methods::call(m, recv, method, args, names, loc).map_err(|c| c.at(loc))
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

/// `place.method(args)`: a `me` method or mutating built-in changes the
/// place in place; anything else is called on a copy of its value.
fn method_on_place(
    m: &mut Machine,
    place: &CPlace,
    method: Symbol,
    args: &mut ArgBuf,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    let mut path = place.eval_path(m)?;
    let kind = path
        .with_ref(m, |v, types| super::place::classify(v, method, types))
        .map_err(|c| c.at(loc))?;
    match kind {
        Classified::BuiltinMutator => {
            if names.is_some() {
                return fail(format!("`{method}` does not take named arguments"))
                    .map_err(|c| c.at(loc));
            }
            path.modify(m, method, |v, types| {
                methods::call_mut(v, method, args, types)
            })
            .map_err(|c| c.at(loc))
        }
        Classified::MeMethod(def) => {
            path.check_mutable(m, method).map_err(|c| c.at(loc))?;
            let recv = path
                .modify(m, method, |v, _| Ok(std::mem::take(v)))
                .map_err(|c| c.at(loc))?;
            let mut new_self = Value::Nil;
            let r = call_function_full(
                m,
                &def,
                None,
                Some(recv),
                args,
                names,
                loc,
                Some(&mut new_self),
            );
            path.modify(m, method, |v, _| {
                *v = new_self;
                Ok(())
            })
            .map_err(|c| c.at(loc))?;
            r
        }
        Classified::Other => {
            let recv = path.read(m).map_err(|c| c.at(loc))?;
            invoke_method(m, recv, method, args, names, loc)
        }
    }
}

/// Makes a bound method value `recv.name` (no call), if `name` is a method.
pub(crate) fn bind_method(m: &Machine, recv: &Value, name: Symbol) -> Option<Value> {
    if let Some(ty) = user_type(recv) {
        if let Some(def) = m.program.types.get(ty).methods.get(&name) {
            return Some(Value::Bound(Rc::new(BoundMethod {
                receiver: recv.clone(),
                method: BoundKind::User(def.clone()),
            })));
        }
    }
    methods::has_method(recv, name).then(|| {
        Value::Bound(Rc::new(BoundMethod {
            receiver: recv.clone(),
            method: BoundKind::Builtin(name),
        }))
    })
}
