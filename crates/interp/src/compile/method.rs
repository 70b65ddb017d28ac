//! Method calls with their target cached per call site.
//!
//! `recv.name(args)` on a struct, class instance or enum value calls the
//! method its type has by that name. Finding it takes a hash lookup in the
//! type's method table, and the general path (`call.rs`) also classifies
//! the receiver (does the method change it? is it a `me` method on a
//! value type that must be written back?). Each call site here remembers
//! the methods it found for the last few types in a [`MethodCache`]; a
//! plain method (not `me`, or `me` on a class instance, which is a
//! reference) is then called straight away. A number receiver of a simple
//! float method (`d.sqrt()`, `x.max(y)`) is computed in place.
//!
//! Everything else — built-in receivers, `me` methods on values, static
//! functions, fields holding functions, named arguments — goes to the
//! general path with the same receiver and arguments, evaluated once and
//! in the same order.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use simple_syntax::Symbol;

use super::Compiler;
use super::access::index_value;
use super::call::{
    ArgCodes, call_function_ret, invoke_method, method_on_path, method_on_place_general, user_type,
};
use super::field::FieldSlot;
use super::place::CPlace;
use crate::builtins::methods::{float_binary_fn, float_unary_fn, is_mutator, text_unary_fn};
use crate::error::Loc;
use crate::function::{Code, FnDef, FnRole, Ret};
use crate::ir::{Args, Node, Place, Slot};
use crate::machine::Machine;
use crate::types::TypeTable;
use crate::value::{Str, TypeId, Value, push_value};

/// How many receiver types a call site remembers.
const WAYS: usize = 4;

/// The methods one call site found, by receiver type.
pub(crate) struct MethodCache {
    name: Symbol,
    /// Per entry, the type and the method epoch it was found in (see
    /// [`MethodCache::key`]).
    keys: Cell<[u64; WAYS]>,
    /// Per entry, the method.
    defs: RefCell<[Option<Rc<FnDef>>; WAYS]>,
    /// The entry the next miss replaces.
    next: Cell<usize>,
}

impl MethodCache {
    pub(crate) fn new(name: Symbol) -> MethodCache {
        MethodCache {
            name,
            keys: Cell::new([u64::MAX; WAYS]),
            defs: RefCell::new(Default::default()),
            next: Cell::new(0),
        }
    }

    /// The method `name` of type `ty`, if it has one.
    #[inline(always)]
    pub(crate) fn get(&self, types: &TypeTable, ty: TypeId) -> Option<Rc<FnDef>> {
        let key = Self::key(ty, types.method_epoch);
        let keys = self.keys.get();
        for (k, stored) in keys.iter().enumerate() {
            if *stored == key {
                return self.entry(k);
            }
        }
        self.miss(types, ty, key)
    }

    /// (type, epoch) as one word. An empty entry holds `u64::MAX`, which
    /// no lookup asks for: that would take a type id of `u32::MAX`, and
    /// the table never holds that many types.
    #[inline(always)]
    fn key(ty: TypeId, epoch: u32) -> u64 {
        ((ty as u64) << 32) | epoch as u64
    }

    #[inline(always)]
    fn entry(&self, k: usize) -> Option<Rc<FnDef>> {
        // The borrow is never held across a call, so it cannot fail.
        let defs = self.defs.try_borrow().ok()?;
        defs[k].as_ref().map(Rc::clone)
    }

    #[inline(never)]
    fn miss(&self, types: &TypeTable, ty: TypeId, key: u64) -> Option<Rc<FnDef>> {
        let def = Rc::clone(types.get(ty).methods.get(&self.name)?);
        if let Ok(mut defs) = self.defs.try_borrow_mut() {
            let k = self.next.get();
            defs[k] = Some(Rc::clone(&def));
            let mut keys = self.keys.get();
            keys[k] = key;
            self.keys.set(keys);
            self.next.set((k + 1) % WAYS);
        }
        Some(def)
    }
}

/// Whether a value is of a user type (what the cache is for).
#[inline(always)]
fn is_user_value(v: &Value) -> bool {
    matches!(
        v,
        Value::Struct(_) | Value::Object(_) | Value::Variant(_) | Value::UnitVariant(..)
    )
}

/// Where a receiver variable lives.
#[derive(Clone, Copy)]
enum Var {
    Local(u32),
    Global(u32),
}

impl Var {
    #[inline(always)]
    fn get(self, m: &Machine) -> &Value {
        match self {
            Var::Local(s) => m.local(s),
            Var::Global(g) => &m.globals[g as usize],
        }
    }
}

/// A float method computed in place for a float receiver.
#[derive(Clone, Copy)]
enum FloatFn {
    Unary(fn(f64) -> f64),
    Binary(fn(f64, f64) -> f64),
}

impl Compiler<'_> {
    /// `recv.method(args)` with an expression as the receiver, through a
    /// cached call site; `None` when an argument is named (the general
    /// compilation in `call.rs`).
    pub(super) fn method_call_cached(
        &mut self,
        recv: &Node,
        method: Symbol,
        args: &Args,
        loc: Loc,
    ) -> Option<Code> {
        if args.names.is_some() {
            return None;
        }
        let site = Site::new(method, args.values.len(), loc);
        let args = self.args(args);
        let recv = self.node(recv);
        Some(Box::new(move |m| match recv(m).get() {
            Ok(r) => site.on_value(m, &args, r),
            Err(c) => Ret::ctrl(c),
        }))
    }

    /// The cached part of a call site `var.method(args)` whose receiver is
    /// a variable (`call.rs` asks it first); `None` for other places and
    /// named arguments.
    pub(super) fn var_site(
        &mut self,
        place: &Place,
        method: Symbol,
        args: &Args,
        loc: Loc,
    ) -> Option<VarSite> {
        if args.names.is_some() {
            return None;
        }
        let var = match place {
            Place::Var { slot, .. } => match *slot {
                Slot::Local(s) => Var::Local(s),
                Slot::Global(g) => Var::Global(g),
            },
            Place::Capture(i, _) => Var::Local(self.capture_base + i),
            _ => return None,
        };
        Some(VarSite {
            var,
            site: Site::new(method, args.values.len(), loc),
        })
    }
}

impl Compiler<'_> {
    /// The cached part of a call site `var[i].method(args)` or
    /// `var.field.method(args)`: a receiver one step from a variable.
    pub(super) fn step_site(
        &mut self,
        place: &Place,
        method: Symbol,
        args: &Args,
        loc: Loc,
    ) -> Option<StepSite> {
        if args.names.is_some() {
            return None;
        }
        let (base, step) = match place {
            Place::Index(base, index) => (base, Step::Index(self.operand(index))),
            Place::Field(base, name) => (base, Step::Field(FieldSlot::new(*name, None))),
            _ => return None,
        };
        let var = match &**base {
            Place::Var { slot, .. } => match *slot {
                Slot::Local(s) => Var::Local(s),
                Slot::Global(g) => Var::Global(g),
            },
            Place::Capture(i, _) => Var::Local(self.capture_base + i),
            _ => return None,
        };
        Some(StepSite {
            var,
            step,
            site: Site::new(method, args.values.len(), loc),
        })
    }
}

/// The step from the variable to the receiver.
enum Step {
    Index(super::ops::Operand),
    Field(FieldSlot),
}

/// A call site whose receiver is one step (an index or a field) from a
/// variable: `src[i].is_digit()`, `self.items.len()`.
pub(crate) struct StepSite {
    var: Var,
    step: Step,
    site: Site,
}

impl StepSite {
    /// The call. The arguments are evaluated first, then the index, then
    /// the receiver is read (the general path's order). A receiver that a
    /// method could change in place (an array, byte buffer or dict with a
    /// mutating method, a struct or enum value with a `me` method), or one
    /// that cannot be read without an error, takes the general path with
    /// the same evaluated arguments and index.
    pub(crate) fn call(&self, m: &mut Machine, args: &ArgCodes, place: &CPlace) -> Ret {
        let loc = self.site.loc;
        let base = m.stack.len();
        // A slot for the receiver below the arguments.
        m.stack.push(Value::Nil);
        if let Err(e) = args.push(m) {
            m.stack.truncate(base);
            return Ret::ctrl(e);
        }
        let (recv, index) = match &self.step {
            Step::Index(index) => {
                let key = match index.get(m, loc) {
                    Ok(k) => k,
                    Err(e) => {
                        m.stack.truncate(base);
                        return Ret::ctrl(e);
                    }
                };
                let recv = index_value(self.var.get(m), &key, &m.program.types).ok();
                (recv, Some(key))
            }
            Step::Field(field) => {
                let recv = field
                    .get(&m.program.types, self.var.get(m))
                    .map(|f| (*f).clone());
                (recv, None)
            }
        };
        if let Some(recv) = recv {
            let method = self.site.method;
            if let (Value::Text(s), Some(f)) = (&recv, self.site.text) {
                // No arguments: only the receiver's slot is above `base`.
                let v = f(s);
                recv.discard();
                m.stack.truncate(base);
                return Ret::value(v);
            }
            match &recv {
                // A built-in method that changes its receiver (push, add, ...):
                // the general path writes the change back.
                _ if is_mutator(&recv, method) => {}
                Value::Struct(_)
                | Value::Variant(_)
                | Value::UnitVariant(..)
                | Value::Object(_) => {
                    if let Some(def) = self.site.plain_method(m, &recv) {
                        m.stack[base].overwrite(recv);
                        return call_function_ret(m, &def, None, base, None, loc, None);
                    }
                    if matches!(recv, Value::Object(_)) {
                        m.stack[base].overwrite(recv);
                        return Ret::new(invoke_method(m, base, method, None, loc));
                    }
                }
                _ => {
                    m.stack[base].overwrite(recv);
                    return Ret::new(invoke_method(m, base, method, None, loc));
                }
            }
        }
        m.stack.remove(base);
        let path = match place.eval_path_with(m, index) {
            Ok(p) => p,
            Err(e) => {
                m.stack.truncate(base);
                return Ret::ctrl(e);
            }
        };
        Ret::new(method_on_path(m, path, self.site.method, base, None, loc))
    }
}

/// A call site whose receiver is a variable.
pub(crate) struct VarSite {
    var: Var,
    site: Site,
}

impl VarSite {
    /// The call, when the variable holds a user type's value, a float
    /// for a float method or a text for a zero-argument text method
    /// (`c.is_digit()`); `None` (nothing evaluated) otherwise, and the
    /// caller takes the general path. The cases are out of line, so that
    /// a built-in receiver's call (`xs.len()`, `d.get(k)`) pays one test.
    #[inline(always)]
    pub(crate) fn try_call(&self, m: &mut Machine, args: &ArgCodes, place: &CPlace) -> Option<Ret> {
        match self.var.get(m) {
            v if is_user_value(v) => Some(self.site.on_user_var(m, args, self.var, place)),
            Value::Float(_) if self.site.fast.is_some() => {
                Some(self.site.on_float_var(m, args, self.var, place))
            }
            // No arguments to evaluate: the text is read where it is.
            Value::Text(s) => self.site.text.map(|f| Ret::value(f(s))),
            _ => None,
        }
    }
}

/// What a method call site keeps.
struct Site {
    method: Symbol,
    cache: MethodCache,
    fast: Option<FloatFn>,
    /// A zero-argument text method computed in place for a text receiver.
    text: Option<fn(&Str) -> Value>,
    loc: Loc,
}

impl Site {
    fn new(method: Symbol, nargs: usize, loc: Loc) -> Site {
        let fast = match nargs {
            0 => float_unary_fn(method).map(FloatFn::Unary),
            1 => float_binary_fn(method).map(FloatFn::Binary),
            _ => None,
        };
        let text = if nargs == 0 {
            text_unary_fn(method)
        } else {
            None
        };
        Site {
            method,
            cache: MethodCache::new(method),
            fast,
            text,
            loc,
        }
    }

    /// The plain method a receiver of a user type calls here, if any: what
    /// `invoke_method` would call, for a receiver that needs no
    /// write-back.
    #[inline(always)]
    fn plain_method(&self, m: &Machine, v: &Value) -> Option<Rc<FnDef>> {
        let ty = user_type(v)?;
        let def = self.cache.get(&m.program.types, ty)?;
        let plain = match def.role {
            FnRole::Method => true,
            // A class instance is a reference: its `me` methods change it
            // in place and need no write-back.
            FnRole::MeMethod => matches!(v, Value::Object(_)),
            FnRole::Static | FnRole::Free => false,
        };
        plain.then_some(def)
    }

    /// The call on a receiver that is an expression's value (evaluated
    /// before the arguments).
    #[inline(always)]
    fn on_value(&self, m: &mut Machine, args: &ArgCodes, r: Value) -> Ret {
        if is_user_value(&r) {
            if let Some(def) = self.plain_method(m, &r) {
                let base = m.stack.len();
                push_value(&mut m.stack, r);
                if let Err(e) = args.push(m) {
                    m.stack.truncate(base);
                    return Ret::ctrl(e);
                }
                return call_function_ret(m, &def, None, base, None, self.loc, None);
            }
        } else if let (Value::Float(x), Some(f)) = (&r, self.fast) {
            return self.float_call(m, args, f, *x, None);
        } else if let (Value::Text(s), Some(f)) = (&r, self.text) {
            let v = f(s);
            r.discard();
            return Ret::value(v);
        }
        let base = m.stack.len();
        m.stack.push(r);
        if let Err(e) = args.push(m) {
            m.stack.truncate(base);
            return Ret::ctrl(e);
        }
        Ret::new(invoke_method(m, base, self.method, None, self.loc))
    }

    /// A receiver of a user type held by a variable: the arguments are
    /// evaluated first, then the variable is read (as `method_on_place`
    /// does, so an argument that changes the variable is seen).
    #[inline(always)]
    fn on_user_var(&self, m: &mut Machine, args: &ArgCodes, var: Var, place: &CPlace) -> Ret {
        // A slot for the receiver below the arguments.
        let base = m.stack.len();
        m.stack.push(Value::Nil);
        if let Err(e) = args.push(m) {
            m.stack.truncate(base);
            return Ret::ctrl(e);
        }
        let v = var.get(m);
        if let Some(def) = self.plain_method(m, v) {
            let recv = v.clone();
            // The placeholder is nil: nothing to drop.
            m.stack[base].overwrite(recv);
            return call_function_ret(m, &def, None, base, None, self.loc, None);
        }
        // An argument changed the variable, or the method is not a plain
        // one: the general path, with the arguments at `base`.
        m.stack.remove(base);
        Ret::new(method_on_place_general(
            m,
            place,
            self.method,
            base,
            None,
            self.loc,
        ))
    }

    #[inline(never)]
    fn on_float_var(&self, m: &mut Machine, args: &ArgCodes, var: Var, place: &CPlace) -> Ret {
        match (var.get(m), self.fast) {
            (Value::Float(x), Some(f)) => self.float_call(m, args, f, *x, Some((var, place))),
            _ => {
                let base = m.stack.len();
                if let Err(e) = args.push(m) {
                    return Ret::ctrl(e);
                }
                Ret::new(method_on_place_general(
                    m,
                    place,
                    self.method,
                    base,
                    None,
                    self.loc,
                ))
            }
        }
    }

    /// `f.sqrt()`, `x.max(y)` and the like on a float receiver `x`,
    /// computed in place.
    #[inline(always)]
    fn float_call(
        &self,
        m: &mut Machine,
        args: &ArgCodes,
        f: FloatFn,
        x: f64,
        var: Option<(Var, &CPlace)>,
    ) -> Ret {
        match f {
            FloatFn::Unary(f) => Ret::float(f(x)),
            FloatFn::Binary(f) => self.float_binary(m, args, x, f, var),
        }
    }

    /// `x.min(y)` / `x.max(y)`: `y` is evaluated, then (for a variable
    /// receiver) the receiver is read again, as the general path would;
    /// anything but two floats without a NaN goes to the general path with
    /// `y` as its evaluated argument.
    fn float_binary(
        &self,
        m: &mut Machine,
        args: &ArgCodes,
        x: f64,
        f: fn(f64, f64) -> f64,
        var: Option<(Var, &CPlace)>,
    ) -> Ret {
        let y = match args.codes()[0](m).get() {
            Ok(y) => y,
            Err(c) => return Ret::ctrl(c),
        };
        let cur = match var {
            Some((var, _)) => match var.get(m) {
                Value::Float(x) => Some(*x),
                _ => None,
            },
            None => Some(x),
        };
        if let (Some(x), Value::Float(y)) = (cur, &y)
            && !x.is_nan()
            && !y.is_nan()
        {
            return Ret::float(f(x, *y));
        }
        let base = m.stack.len();
        match var {
            Some((_, place)) => {
                m.stack.push(y);
                Ret::new(method_on_place_general(
                    m,
                    place,
                    self.method,
                    base,
                    None,
                    self.loc,
                ))
            }
            None => {
                m.stack.push(Value::Float(x));
                m.stack.push(y);
                Ret::new(invoke_method(m, base, self.method, None, self.loc))
            }
        }
    }
}
