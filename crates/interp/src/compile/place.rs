//! Places: what assignment and mutating method calls change.
//!
//! A place is a variable followed by field, tuple-field and index steps
//! (`self.stats.hits`, `grid[y][x]`). To change one, the index expressions
//! are evaluated once into a [`Path`], then the path is walked with
//! `Rc::make_mut` at every step, so only shared storage is copied
//! (copy-on-write). Class instances are walked through their `RefCell`.
//!
//! A `val` binding freezes the values reachable from it; the freeze ends at a
//! class instance, whose fields stay assignable (it is a reference).

use std::rc::Rc;

use simple_syntax::ast::BinOp;
use simple_syntax::{Symbol, known};

use super::Compiler;
use crate::builtins::methods;
use crate::error::{Ctrl, Eval, Loc, fail};
use crate::function::{Code, FnDef, FnRole, Num, Ret, code};
use crate::ir::{Node, Place, Slot};
use crate::machine::Machine;
use crate::ops::{self, type_name};
use crate::types::TypeTable;
use crate::value::Value;

/// A compiled place.
pub(crate) enum CPlace {
    Var {
        slot: Slot,
        name: Symbol,
        mutable: bool,
    },
    Capture {
        slot: u32,
        name: Symbol,
    },
    Expr(Code),
    Field(Box<CPlace>, Symbol),
    TupleField(Box<CPlace>, u32),
    Index(Box<CPlace>, Code),
}

pub(super) enum Root {
    Local(u32),
    Global(u32),
    /// An expression's value: only changes inside class instances are seen.
    Temp(Value),
}

pub(super) enum Step {
    Field(Symbol),
    TupleField(u32),
    Index(Value),
}

/// A place with its index expressions evaluated.
pub(crate) struct Path {
    pub(super) root: Root,
    pub(super) steps: smallvec::SmallVec<[Step; 2]>,
    pub(super) name: Symbol,
    /// Why the root cannot be changed, if it cannot.
    frozen: Option<Frozen>,
}

#[derive(Clone, Copy)]
pub(super) enum Frozen {
    Val,
    Capture,
    SelfNotMe,
}

/// How a method call on a place must be carried out.
pub(crate) enum Classified {
    /// A built-in method that changes its receiver (`push`, `set`, ...).
    BuiltinMutator,
    /// A `me` method of a value type: take, call, write back.
    MeMethod(Rc<FnDef>),
    Other,
}

pub(crate) fn classify(v: &Value, method: Symbol, types: &TypeTable) -> Classified {
    let ty = match v {
        Value::Struct(s) => Some(s.ty),
        Value::Variant(var) => Some(var.ty),
        Value::UnitVariant(ty, _) => Some(*ty),
        // Class instances are references: their methods need no write-back.
        Value::Object(_) => return Classified::Other,
        _ => None,
    };
    if let Some(ty) = ty {
        return match types.get(ty).methods.get(&method) {
            Some(def) if def.role == FnRole::MeMethod => Classified::MeMethod(def.clone()),
            _ => Classified::Other,
        };
    }
    if methods::is_mutator(v, method) {
        Classified::BuiltinMutator
    } else {
        Classified::Other
    }
}

impl Compiler<'_> {
    pub(crate) fn place(&mut self, place: &Place) -> CPlace {
        match place {
            Place::Var {
                slot,
                name,
                mutable,
            } => CPlace::Var {
                slot: *slot,
                name: *name,
                // `val` forbids rebinding only (the resolver reports that);
                // changing the value in place through it is allowed. Only
                // `self` in a method that is not `me` stays frozen.
                mutable: *mutable || *name != known::SELF_,
            },
            Place::Capture(i, name) => CPlace::Capture {
                slot: self.capture_base + i,
                name: *name,
            },
            Place::Expr(e) => CPlace::Expr(self.node(e)),
            Place::Field(base, name) => CPlace::Field(Box::new(self.place(base)), *name),
            Place::TupleField(base, i) => CPlace::TupleField(Box::new(self.place(base)), *i),
            Place::Index(base, index) => {
                CPlace::Index(Box::new(self.place(base)), self.node(index))
            }
        }
    }

    pub(super) fn assign(
        &mut self,
        place: &Place,
        op: Option<BinOp>,
        value: &Node,
        loc: Loc,
    ) -> Code {
        if let Some(c) = self.assign_field(place, op, value, loc) {
            return c;
        }
        if let (Place::Var { slot, .. }, None) = (place, op)
            && let Some(c) = self.append_assign(*slot, value)
        {
            return c;
        }
        let value_node = value;
        let value = self.node(value);
        // Plain variables: no path needed; `x op= e` on ints updates the
        // slot in place.
        if let Place::Var { slot, .. } = place {
            return match (*slot, op) {
                (Slot::Local(s), None) => code(move |m| {
                    let v = value(m).get()?;
                    m.set_local(s, v);
                    Ok(Value::Nil)
                }),
                (Slot::Global(g), None) => code(move |m| {
                    let v = value(m).get()?;
                    m.globals[g as usize].overwrite(v);
                    Ok(Value::Nil)
                }),
                // A step of its own (not `code`): the int case reads the
                // right side's number from the `Ret` and answers nil
                // without building an `Eval` and converting it back.
                (slot, Some(op)) => with_op!(op, OP => Box::new(move |m| {
                    let rhs = value(m);
                    if !rhs.is_ok() {
                        return rhs;
                    }
                    let target = match slot {
                        Slot::Local(s) => m.local_mut(s),
                        Slot::Global(g) => &mut m.globals[g as usize],
                    };
                    if let (Value::Int(cur), Num::Int(r)) = (&mut *target, rhs.num()) {
                        // An int owns nothing: `rhs` needs no drop.
                        match ops::int_binary(OP, *cur, r) {
                            Ok(Value::Int(n)) => *cur = n,
                            Ok(other) => *target = other,
                            Err(e) => return Ret::ctrl(e.at(loc)),
                        }
                        return Ret::nil();
                    }
                    if let (Value::Float(cur), Num::Float(r)) = (&mut *target, rhs.num())
                        && let Some(v) = ops::float_arith(OP, *cur, r)
                    {
                        *cur = v;
                        return Ret::nil();
                    }
                    Ret::new(compound_var_slow(m, OP, slot, rhs, loc))
                })),
            };
        }
        // `a[i] = v` / `a[i] op= v` on a mutable variable holding an array:
        // the common case of index assignment, done without a path.
        if let Place::Index(base, index) = place
            && let Place::Var {
                slot,
                mutable: true,
                ..
            } = **base
        {
            let index = self.operand(index);
            let value = self.operand(value_node);
            let general = self.place(place);
            return code(move |m| {
                let v = value.get(m, loc)?;
                let i = index.get(m, loc)?;
                let frame = m.base;
                let target = match slot {
                    Slot::Local(s) => &mut m.stack[frame + s as usize],
                    Slot::Global(g) => &mut m.globals[g as usize],
                };
                let types = &m.program.types;
                if let (Value::Array(a), &Value::Int(n)) = (&mut *target, &i)
                    && !a.is_frozen()
                {
                    let len = a.len() as i64;
                    let k = if n < 0 { n + len } else { n };
                    if (0..len).contains(&k) {
                        // An int owns nothing: no drop glue for the index.
                        std::mem::forget(i);
                        let list = match Rc::get_mut(a) {
                            Some(list) => list,
                            None => Rc::make_mut(a),
                        };
                        let k = k as usize;
                        let new = match op {
                            None => v,
                            Some(op) => {
                                let cur = list.get(k).unwrap_or_default();
                                ops::binary(op, cur, v, Some(types)).map_err(|c| c.at(loc))?
                            }
                        };
                        list.set(k, new);
                        return Ok(Value::Nil);
                    }
                }
                // `d[k] = v` on a dict.
                if let (Value::Dict(d), None) = (&mut *target, op)
                    && !d.is_frozen()
                    && let Some(key) = crate::value::DictKey::new(i.clone())
                {
                    let dict = match Rc::get_mut(d) {
                        Some(dict) => dict,
                        None => Rc::make_mut(d),
                    };
                    if dict.len().is_power_of_two() {
                        crate::limits::check_size((dict.len() + 1) * crate::limits::ENTRY_BYTES)
                            .map_err(|c| c.at(loc))?;
                    }
                    dict.insert(key, v);
                    return Ok(Value::Nil);
                }
                assign_path(m, &general, Some(i), op, v, loc)
            });
        }
        let place = self.place(place);
        code(move |m| {
            let v = value(m).get()?;
            assign_path(m, &place, None, op, v, loc)
        })
    }
}

/// The general assignment: evaluate the path, then set (after reading and
/// combining for `op=`). `index` is the already evaluated last index, when
/// the caller evaluated it.
pub(super) fn assign_path(
    m: &mut Machine,
    place: &CPlace,
    index: Option<Value>,
    op: Option<BinOp>,
    v: Value,
    loc: Loc,
) -> Eval {
    let mut path = place.eval_path_with(m, index)?;
    let v = match op {
        None => v,
        Some(op) => {
            let cur = path.read(m).map_err(|c| c.at(loc))?;
            super::overload::binary_values(m, op, cur, v, loc)?
        }
    };
    path.set(m, v).map_err(|c| c.at(loc))?;
    Ok(Value::Nil)
}

impl CPlace {
    /// [`CPlace::eval_path`], with the last index already evaluated (when
    /// `index` is given and this place ends in an index).
    pub(crate) fn eval_path_with(&self, m: &mut Machine, index: Option<Value>) -> Eval<Path> {
        match (self, index) {
            (CPlace::Index(base, _), Some(i)) => {
                let mut p = base.eval_path(m)?;
                p.steps.push(Step::Index(i));
                Ok(p)
            }
            (place, _) => place.eval_path(m),
        }
    }

    /// Evaluates the index expressions, innermost (leftmost) first.
    pub(crate) fn eval_path(&self, m: &mut Machine) -> Eval<Path> {
        match self {
            CPlace::Var {
                slot,
                name,
                mutable,
            } => Ok(Path {
                root: match slot {
                    Slot::Local(s) => Root::Local(*s),
                    Slot::Global(g) => Root::Global(*g),
                },
                steps: Default::default(),
                name: *name,
                frozen: (!mutable).then_some(if *name == known::SELF_ {
                    Frozen::SelfNotMe
                } else {
                    Frozen::Val
                }),
            }),
            CPlace::Capture { slot, name } => Ok(Path {
                root: Root::Local(*slot),
                steps: Default::default(),
                name: *name,
                frozen: Some(Frozen::Capture),
            }),
            CPlace::Expr(code) => Ok(Path {
                root: Root::Temp(code(m).get()?),
                steps: Default::default(),
                name: Symbol::intern("<expression>"),
                frozen: None,
            }),
            CPlace::Field(base, name) => {
                let mut p = base.eval_path(m)?;
                p.steps.push(Step::Field(*name));
                Ok(p)
            }
            CPlace::TupleField(base, i) => {
                let mut p = base.eval_path(m)?;
                p.steps.push(Step::TupleField(*i));
                Ok(p)
            }
            CPlace::Index(base, index) => {
                let mut p = base.eval_path(m)?;
                p.steps.push(Step::Index(index(m).get()?));
                Ok(p)
            }
        }
    }
}

fn frozen_error(frozen: Frozen, name: Symbol, what: &str) -> Ctrl {
    crate::error::rt_error(match frozen {
        Frozen::Val => format!(
            "cannot {what} `{name}`: it is declared with `val` (use `var` for a binding that changes)"
        ),
        Frozen::Capture => {
            format!("cannot {what} `{name}`: a lambda captures values, not variables")
        }
        Frozen::SelfNotMe => format!(
            "cannot {what} `self` in a method that is not `me` (declare the method with `me` to change the receiver)"
        ),
    })
}

impl Path {
    fn root<'m>(&'m mut self, m: &'m mut Machine) -> Eval<(&'m mut Value, &'m TypeTable)> {
        let types = &m.program.types;
        let v = match &mut self.root {
            Root::Local(s) => &mut m.stack[m.base + *s as usize],
            Root::Global(g) => {
                if matches!(m.globals[*g as usize], Value::Undefined) {
                    return Err(m.undefined_global(*g));
                }
                &mut m.globals[*g as usize]
            }
            Root::Temp(v) => v,
        };
        Ok((v, types))
    }

    /// Calls `f` with a reference to the value at the path.
    pub(crate) fn with_ref<R>(
        &mut self,
        m: &mut Machine,
        f: impl FnOnce(&Value, &TypeTable) -> R,
    ) -> Eval<R> {
        let steps = std::mem::take(&mut self.steps);
        let result = (|| {
            let (root, types) = self.root(m)?;
            let mut f = Some(f);
            read_steps(root, &steps, types, &mut |v| {
                (f.take().expect("called once"))(v, types)
            })
        })();
        self.steps = steps;
        result
    }

    pub(crate) fn read(&mut self, m: &mut Machine) -> Eval {
        self.with_ref(m, |v, _| v.clone())
    }

    /// Fails if the path cannot be changed (a `val` root not reached
    /// through a class instance).
    pub(crate) fn check_mutable(&mut self, m: &mut Machine, method: Symbol) -> Eval<()> {
        self.modify(m, method, |_, _| Ok(()))
    }

    /// Calls `f` with a mutable reference to the value at the path,
    /// un-sharing every step on the way (copy-on-write).
    pub(crate) fn modify<R>(
        &mut self,
        m: &mut Machine,
        method: Symbol,
        f: impl FnOnce(&mut Value, &TypeTable) -> Eval<R>,
    ) -> Eval<R> {
        let steps = std::mem::take(&mut self.steps);
        let name = self.name;
        let frozen = self.frozen;
        let mut f = Some(f);
        let result = (|| {
            let (root, types) = self.root(m)?;
            walk_mut(
                root,
                &steps,
                types,
                frozen,
                name,
                &mut |v, types, frozen| {
                    if let (Some(fr), false) = (frozen, matches!(v, Value::Object(_))) {
                        let what = format!("call mutating method `{method}` on");
                        return Err(frozen_error(fr, name, &what));
                    }
                    (f.take().expect("called once"))(v, types)
                },
            )
        })();
        self.steps = steps;
        result
    }

    /// Assigns `v` to the path (`d[k] = v` inserts a missing key).
    pub(crate) fn set(&mut self, m: &mut Machine, v: Value) -> Eval<()> {
        let mut steps = std::mem::take(&mut self.steps);
        let name = self.name;
        let frozen = self.frozen;
        let last = steps.pop();
        let result = (|| {
            let (root, types) = self.root(m)?;
            match &last {
                None => {
                    if let Some(fr) = frozen {
                        return Err(frozen_error(fr, name, "assign to"));
                    }
                    *root = v;
                    Ok(())
                }
                Some(last) => walk_mut(
                    root,
                    &steps,
                    types,
                    frozen,
                    name,
                    &mut |parent, types, frozen| {
                        set_child(parent, last, v.clone(), types, frozen, name)
                    },
                ),
            }
        })();
        if let Some(last) = last {
            steps.push(last);
        }
        self.steps = steps;
        result
    }
}

pub(super) fn read_steps<R>(
    v: &Value,
    steps: &[Step],
    types: &TypeTable,
    f: &mut dyn FnMut(&Value) -> R,
) -> Eval<R> {
    let Some((step, rest)) = steps.split_first() else {
        return Ok(f(v));
    };
    match (step, v) {
        (Step::Field(name), Value::Object(obj)) => {
            let inst = obj
                .try_borrow()
                .map_err(|_| crate::error::rt_error("object is being modified"))?;
            let idx = field_index(types, inst.ty, *name, v)?;
            if matches!(inst.fields[idx], Value::Undefined) {
                return Err(super::lend::lent_field(*name));
            }
            read_steps(&inst.fields[idx], rest, types, f)
        }
        (Step::Field(name), Value::Struct(s)) => {
            let idx = field_index(types, s.ty, *name, v)?;
            read_steps(&s.fields[idx], rest, types, f)
        }
        (Step::Field(name), Value::Variant(var)) => {
            let info = &types.get(var.ty).variants[var.variant as usize];
            match info.fields.iter().position(|n| n == name) {
                Some(idx) => read_steps(&var.fields[idx], rest, types, f),
                None => fail(format!("variant `{}` has no field `{name}`", info.name)),
            }
        }
        (Step::TupleField(i), Value::Tuple(t)) => match t.get(*i as usize) {
            Some(x) => read_steps(&x, rest, types, f),
            None => fail(format!(
                "tuple index {i} out of range for a tuple of {}",
                t.len()
            )),
        },
        (Step::Index(key), _) => {
            let item = super::access::index_value(v, key, types)?;
            read_steps(&item, rest, types, f)
        }
        (Step::Field(name), other) => fail(format!(
            "{} has no field `{name}`",
            type_name(other, Some(types))
        )),
        (Step::TupleField(i), other) => fail(format!(
            "cannot take `.{i}` of {}",
            type_name(other, Some(types))
        )),
    }
}

pub(super) fn field_index(types: &TypeTable, ty: u32, name: Symbol, v: &Value) -> Eval<usize> {
    match types.get(ty).field_index(name) {
        Some(i) => Ok(i),
        None => {
            let info = types.get(ty);
            let hint = crate::suggest::did_you_mean(&crate::suggest::closest(
                name.as_str(),
                info.fields.iter().map(|f| f.as_str()),
                3,
            ));
            fail(format!(
                "{} has no field `{name}`{}",
                type_name(v, Some(types)),
                if hint.is_empty() {
                    String::new()
                } else {
                    format!("; {hint}")
                }
            ))
        }
    }
}

pub(super) type MutFn<'a, R> = dyn FnMut(&mut Value, &TypeTable, Option<Frozen>) -> Eval<R> + 'a;

/// Walks `steps` from `v`, un-sharing value-typed containers, and calls
/// `f` on the value reached.
pub(super) fn walk_mut<R>(
    v: &mut Value,
    steps: &[Step],
    types: &TypeTable,
    frozen: Option<Frozen>,
    name: Symbol,
    f: &mut MutFn<'_, R>,
) -> Eval<R> {
    let Some((step, rest)) = steps.split_first() else {
        return f(v, types, frozen);
    };
    // A class instance is a reference: what is behind it is not frozen.
    if let Value::Object(obj) = v {
        let obj = obj.clone();
        let mut inst = obj
            .try_borrow_mut()
            .map_err(|_| crate::error::rt_error("object is already being modified"))?;
        return match step {
            Step::Field(fname) => {
                let idx = field_index(types, inst.ty, *fname, &Value::Object(obj.clone()))?;
                if matches!(inst.fields[idx], Value::Undefined) {
                    return Err(super::lend::lent_field(*fname));
                }
                walk_mut(&mut inst.fields[idx], rest, types, None, name, f)
            }
            _ => fail("class instances have fields, not indexes"),
        };
    }
    if let Some(fr) = frozen {
        // A frozen value may still lead to a class instance, whose insides
        // can change: continue from there, or refuse.
        return match object_on_path(v, steps, types)? {
            Some((obj, used)) => walk_mut(
                &mut Value::Object(obj),
                &steps[used..],
                types,
                None,
                name,
                f,
            ),
            None => Err(frozen_error(fr, name, "change")),
        };
    }
    match (step, v) {
        (Step::Field(fname), Value::Struct(s)) => {
            let idx = field_index(types, s.ty, *fname, &Value::Nil)?;
            walk_mut(
                &mut Rc::make_mut(s).fields[idx],
                rest,
                types,
                frozen,
                name,
                f,
            )
        }
        (Step::Field(fname), Value::Variant(var)) => {
            let info = &types.get(var.ty).variants[var.variant as usize];
            match info.fields.iter().position(|n| n == fname) {
                Some(idx) => walk_mut(
                    &mut Rc::make_mut(var).fields[idx],
                    rest,
                    types,
                    frozen,
                    name,
                    f,
                ),
                None => fail(format!("variant `{}` has no field `{fname}`", info.name)),
            }
        }
        (Step::TupleField(i), Value::Tuple(t)) => {
            let len = t.len();
            match Rc::make_mut(t).values_mut().get_mut(*i as usize) {
                Some(x) => walk_mut(x, rest, types, frozen, name, f),
                None => fail(format!("tuple index {i} out of range for a tuple of {len}")),
            }
        }
        (Step::Index(_), Value::Array(a)) if a.is_frozen() => crate::value::frozen_error("array"),
        (Step::Index(_), Value::Dict(d)) if d.is_frozen() => crate::value::frozen_error("dict"),
        (Step::Index(key), Value::Array(a)) => {
            let idx = super::access::array_index(key, a.len(), types)?;
            walk_mut(
                &mut Rc::make_mut(a).values_mut()[idx],
                rest,
                types,
                frozen,
                name,
                f,
            )
        }
        (Step::Index(key), Value::Dict(d)) => {
            let k = crate::value::DictKey::new(key.clone())
                .ok_or_else(|| crate::error::rt_error("this value cannot be a dict key"))?;
            match Rc::make_mut(d).get_mut(&k) {
                Some(x) => walk_mut(x, rest, types, frozen, name, f),
                None => fail(format!(
                    "key {} not found in dict",
                    crate::value::DisplayValue(key, Some(types))
                )),
            }
        }
        (step, other) => fail(format!(
            "cannot change {} of {}",
            match step {
                Step::Field(n) => format!("field `{n}`"),
                Step::TupleField(i) => format!("`.{i}`"),
                Step::Index(_) => "an element".to_string(),
            },
            type_name(other, Some(types))
        )),
    }
}

/// The first class instance reached along `steps` from `v` (read-only),
/// with how many steps it took.
fn object_on_path(
    v: &Value,
    steps: &[Step],
    types: &TypeTable,
) -> Eval<Option<(Rc<std::cell::RefCell<crate::value::Instance>>, usize)>> {
    let mut current = v.clone();
    for (i, step) in steps.iter().enumerate() {
        if let Value::Object(obj) = &current {
            return Ok(Some((obj.clone(), i)));
        }
        let next = read_steps(&current, std::slice::from_ref(step), types, &mut |x| {
            x.clone()
        })?;
        current = next;
    }
    match current {
        Value::Object(obj) => Ok(Some((obj, steps.len()))),
        _ => Ok(None),
    }
}

/// `parent.step = v`.
fn set_child(
    parent: &mut Value,
    step: &Step,
    v: Value,
    types: &TypeTable,
    frozen: Option<Frozen>,
    name: Symbol,
) -> Eval<()> {
    if let Value::Object(obj) = parent {
        let mut inst = obj
            .try_borrow_mut()
            .map_err(|_| crate::error::rt_error("object is already being modified"))?;
        return match step {
            Step::Field(fname) => {
                let idx = match types.get(inst.ty).field_index(*fname) {
                    Some(i) => i,
                    None => {
                        return fail(format!("`{}` has no field `{fname}`", types.name(inst.ty)));
                    }
                };
                inst.fields[idx] = v;
                Ok(())
            }
            _ => fail("class instances have fields, not indexes"),
        };
    }
    if let Some(fr) = frozen {
        return Err(frozen_error(fr, name, "assign into"));
    }
    match (step, parent) {
        (Step::Field(fname), Value::Struct(s)) => {
            let idx = field_index(types, s.ty, *fname, &Value::Struct(s.clone()))?;
            Rc::make_mut(s).fields[idx] = v;
            Ok(())
        }
        (Step::Field(fname), Value::Variant(var)) => {
            let info = &types.get(var.ty).variants[var.variant as usize];
            match info.fields.iter().position(|n| n == fname) {
                Some(idx) => {
                    Rc::make_mut(var).fields[idx] = v;
                    Ok(())
                }
                None => fail(format!("variant `{}` has no field `{fname}`", info.name)),
            }
        }
        (Step::TupleField(i), Value::Tuple(t)) => {
            let len = t.len();
            match Rc::make_mut(t).values_mut().get_mut(*i as usize) {
                Some(x) => {
                    *x = v;
                    Ok(())
                }
                None => fail(format!("tuple index {i} out of range for a tuple of {len}")),
            }
        }
        (Step::Index(_), Value::Array(a)) if a.is_frozen() => crate::value::frozen_error("array"),
        (Step::Index(_), Value::Dict(d)) if d.is_frozen() => crate::value::frozen_error("dict"),
        (Step::Index(key), Value::Array(a)) => {
            let idx = super::access::array_index(key, a.len(), types)?;
            Rc::make_mut(a).set(idx, v);
            Ok(())
        }
        (Step::Index(key), Value::Bytes(b)) => {
            let idx = super::access::array_index(key, b.len(), types)?;
            match v {
                Value::Int(x) if (0..=255).contains(&x) => {
                    Rc::make_mut(b)[idx] = x as u8;
                    Ok(())
                }
                other => fail(format!(
                    "a byte must be an int in 0..=255, found {}",
                    crate::value::DisplayValue(&other, Some(types))
                )),
            }
        }
        (Step::Index(key), Value::Dict(d)) => {
            let name = type_name(key, Some(types));
            let k = crate::value::DictKey::new(key.clone()).ok_or_else(|| {
                crate::error::rt_error(format!(
                    "{name} cannot be a dict key (keys are texts, ints, bools or tuples of those)"
                ))
            })?;
            Rc::make_mut(d).insert(k, v);
            Ok(())
        }
        (Step::Index(_), Value::Text(_)) => {
            fail("texts are immutable: build a new text instead of assigning to an index")
        }
        (step, other) => fail(format!(
            "cannot assign to {} of {}",
            match step {
                Step::Field(n) => format!("field `{n}`"),
                Step::TupleField(i) => format!("`.{i}`"),
                Step::Index(_) => "an element".to_string(),
            },
            type_name(other, Some(types))
        )),
    }
}

/// `x op= e` on a variable when the int case does not apply: floats are
/// updated in place, anything else takes the general operator.
#[inline(never)]
fn compound_var_slow(m: &mut Machine, op: BinOp, slot: Slot, rhs: Ret, loc: Loc) -> Eval {
    let rhs = rhs.get()?;
    let target = match slot {
        Slot::Local(s) => m.local_mut(s),
        Slot::Global(g) => &mut m.globals[g as usize],
    };
    // A float meeting an int (or the reverse) is updated in place too.
    if let Some((x, y)) = ops::float_pair(target, &rhs)
        && let Some(r) = ops::float_arith(op, x, y)
    {
        rhs.discard();
        match target {
            Value::Float(cur) => *cur = r,
            other => other.overwrite(Value::Float(r)),
        }
        return Ok(Value::Nil);
    }
    let cur = std::mem::take(target);
    if let (Value::Undefined, Slot::Global(g)) = (&cur, slot) {
        return Err(m.undefined_global(g).at(loc));
    }
    let new = super::overload::binary_values(m, op, cur, rhs, loc)?;
    match slot {
        Slot::Local(s) => m.set_local(s, new),
        Slot::Global(g) => m.globals[g as usize] = new,
    }
    Ok(Value::Nil)
}
