//! Fields of struct and class instances on the fast path: reading `p.x`
//! and assigning `p.x = e` / `p.x op= e` where `p` is a variable.
//!
//! A field is found by name in its type's field list; each site remembers
//! the (type, position) it saw last in a [`FieldSlot`], so the search runs
//! once per type, not once per evaluation. Where the compiler knows the
//! type a variable will hold — `self` in a method, a local bound to a
//! constructor call — the slot starts out resolved. Either way the type is
//! checked on every use, and anything else (another type, a variant, a
//! missing field, a frozen `self`, an instance being modified) takes the
//! general path, which reports errors as it always did.

use std::cell::{Cell, Ref};
use std::rc::Rc;

use simple_syntax::Symbol;
use simple_syntax::ast::BinOp;

use super::Compiler;
use crate::error::{Eval, Loc};
use crate::function::{Code, code};
use crate::ir::{Node, NodeKind, Place, Slot};
use crate::machine::Machine;
use crate::ops;
use crate::types::TypeTable;
use crate::value::{TypeId, Value};

/// The position of one field name in the type last seen at a site.
pub(crate) struct FieldSlot {
    name: Symbol,
    /// (type, index); `u32::MAX` as the type when nothing was seen yet.
    seen: Cell<(TypeId, u32)>,
}

impl FieldSlot {
    pub(crate) fn new(name: Symbol, known: Option<(TypeId, usize)>) -> FieldSlot {
        FieldSlot {
            name,
            seen: Cell::new(known.map_or((u32::MAX, 0), |(t, i)| (t, i as u32))),
        }
    }

    pub(crate) fn name(&self) -> Symbol {
        self.name
    }

    /// The index of the field in instances of `ty`, if it has the field.
    #[inline(always)]
    pub(crate) fn index(&self, types: &TypeTable, ty: TypeId) -> Option<usize> {
        let (seen, i) = self.seen.get();
        if seen == ty {
            return Some(i as usize);
        }
        self.lookup(types, ty)
    }

    #[inline(never)]
    fn lookup(&self, types: &TypeTable, ty: TypeId) -> Option<usize> {
        let i = types.get(ty).field_index(self.name)?;
        self.seen.set((ty, i as u32));
        Some(i)
    }

    /// The field of a struct or class instance, if `v` is one that has it
    /// (and, for a class instance, is not being modified and the field is not
    /// lent to a `me` method).
    #[inline(always)]
    pub(crate) fn get<'v>(&self, types: &TypeTable, v: &'v Value) -> Option<FieldRef<'v>> {
        match v {
            Value::Struct(s) => {
                let i = self.index(types, s.ty)?;
                Some(FieldRef::Plain(&s.fields[i]))
            }
            Value::Object(o) => {
                let inst = o.try_borrow().ok()?;
                let i = self.index(types, inst.ty)?;
                // A field lent to a `me` method: the slow path reports it.
                if matches!(inst.fields[i], Value::Undefined) {
                    return None;
                }
                Some(FieldRef::Borrowed(Ref::map(inst, |inst| &inst.fields[i])))
            }
            _ => None,
        }
    }
}

/// A field reached by [`FieldSlot::get`].
pub(crate) enum FieldRef<'v> {
    Plain(&'v Value),
    /// Inside a class instance, borrowed while the reference lives.
    Borrowed(Ref<'v, Value>),
}

impl std::ops::Deref for FieldRef<'_> {
    type Target = Value;

    #[inline(always)]
    fn deref(&self) -> &Value {
        match self {
            FieldRef::Plain(v) => v,
            FieldRef::Borrowed(r) => r,
        }
    }
}

impl FieldRef<'_> {
    /// A copy of the field. Copied as an `Eval` directly (not through an
    /// `Option<Value>`, whose different layout makes the compiler move the
    /// value byte-wise through memory, a store-forwarding stall), and a
    /// scalar rebuilt from its payload, which stays in registers.
    #[inline(always)]
    pub(crate) fn copy(&self) -> Eval {
        Ok(match &**self {
            Value::Float(f) => Value::Float(*f),
            Value::Int(i) => Value::Int(*i),
            v => v.clone(),
        })
    }
}

impl Compiler<'_> {
    /// The type the variable in local `slot` is known to hold where the
    /// compiler knows it: `self` in a method, a local bound to a
    /// constructor call. Only a first guess: every use checks the type.
    pub(crate) fn known_field(&self, slot: u32, name: Symbol) -> Option<(TypeId, usize)> {
        let ty = if slot == 0 && self.self_type.is_some() {
            self.self_type?
        } else {
            *self.constructed.get(&slot)?
        };
        let index = self.prog.types.get(ty).field_index(name)?;
        Some((ty, index))
    }

    /// `local.name`: read in place, without copying the instance reference.
    pub(super) fn field_of_local(&mut self, slot: u32, name: Symbol, loc: Loc) -> Code {
        let field = FieldSlot::new(name, self.known_field(slot, name));
        code(move |m| super::ops::read_field(m, slot, &field, loc))
    }

    /// `var.name = e` and `var.name op= e` on a struct or class instance
    /// held by a variable: the field is changed where it is (un-sharing a
    /// struct first), without building a path. `None` for other places.
    pub(super) fn assign_field(
        &mut self,
        place: &Place,
        op: Option<BinOp>,
        value: &Node,
        loc: Loc,
    ) -> Option<Code> {
        let Place::Field(base, name) = place else {
            return None;
        };
        let Place::Var {
            slot,
            name: var,
            mutable,
        } = **base
        else {
            return None;
        };
        // As `CPlace::Var`: only `self` of a method that is not `me` is
        // frozen (a class instance behind it still changes).
        let mutable = mutable || var != simple_syntax::known::SELF_;
        let known = match slot {
            Slot::Local(s) => self.known_field(s, *name),
            Slot::Global(_) => None,
        };
        let field = FieldSlot::new(*name, known);
        let value = self.operand(value);
        let general = self.place(place);
        Some(code(move |m| {
            let v = value.get(m, loc)?;
            let v = match set_field(m, slot, mutable, &field, op, v, loc)? {
                None => return Ok(Value::Nil),
                Some(v) => v,
            };
            super::place::assign_path(m, &general, None, op, v, loc)
        }))
    }

    /// Notes the type of a local bound to a constructor call (see
    /// [`Compiler::known_field`]).
    pub(super) fn note_constructed(&mut self, slot: Slot, value: &Node) {
        if let (Slot::Local(s), NodeKind::Construct { ty, .. }) = (slot, &value.kind) {
            self.constructed.insert(s, *ty);
        }
    }
}

/// Does `var.field op= v` in place when the variable holds a struct or
/// class instance with that field; gives `v` back when it does not apply.
#[inline(always)]
fn set_field(
    m: &mut Machine,
    slot: Slot,
    mutable: bool,
    field: &FieldSlot,
    op: Option<BinOp>,
    v: Value,
    loc: Loc,
) -> Eval<Option<Value>> {
    let frame = m.base;
    let target = match slot {
        Slot::Local(s) => &mut m.stack[frame + s as usize],
        Slot::Global(g) => &mut m.globals[g as usize],
    };
    let types = &m.program.types;
    match target {
        Value::Object(o) => {
            let o = Rc::clone(o);
            let Ok(mut inst) = o.try_borrow_mut() else {
                return Ok(Some(v));
            };
            let Some(i) = field.index(types, inst.ty) else {
                return Ok(Some(v));
            };
            // Lent to a `me` method: the general path reports it.
            if matches!(inst.fields[i], Value::Undefined) {
                return Ok(Some(v));
            }
            let Some(op) = op else {
                inst.fields[i] = v;
                return Ok(None);
            };
            if combine_in_place(op, &mut inst.fields[i], &v, loc)? {
                return Ok(None);
            }
            // The general operator runs with the instance released: it may
            // display it (`text + instance`), as the general path would.
            let cur = inst.fields[i].clone();
            drop(inst);
            let new = ops::binary(op, cur, v, Some(types)).map_err(|c| c.at(loc))?;
            match o.try_borrow_mut() {
                Ok(mut inst) => inst.fields[i] = new,
                Err(_) => return Err(busy(loc)),
            }
            Ok(None)
        }
        Value::Struct(s) if mutable => {
            let Some(i) = field.index(types, s.ty) else {
                return Ok(Some(v));
            };
            let Some(op) = op else {
                Rc::make_mut(s).fields[i] = v;
                return Ok(None);
            };
            let inst = match Rc::get_mut(s) {
                Some(inst) => inst,
                None => Rc::make_mut(s),
            };
            if combine_in_place(op, &mut inst.fields[i], &v, loc)? {
                return Ok(None);
            }
            let cur = inst.fields[i].clone();
            inst.fields[i] = ops::binary(op, cur, v, Some(types)).map_err(|c| c.at(loc))?;
            Ok(None)
        }
        _ => Ok(Some(v)),
    }
}

#[cold]
fn busy(loc: Loc) -> crate::error::Ctrl {
    crate::error::rt_error("object is already being modified").at(loc)
}

/// `cur op= v` for two ints or two numbers with a float among them,
/// written into `cur`; false (nothing done) for anything else.
#[inline(always)]
pub(crate) fn combine_in_place(op: BinOp, cur: &mut Value, v: &Value, loc: Loc) -> Eval<bool> {
    if let (Value::Int(x), Value::Int(y)) = (&*cur, v) {
        match ops::int_binary(op, *x, *y) {
            Ok(r) => cur.overwrite(r),
            Err(e) => return Err(e.at(loc)),
        }
        return Ok(true);
    }
    if let Some((x, y)) = ops::float_pair(cur, v)
        && let Some(r) = ops::float_arith(op, x, y)
    {
        match cur {
            Value::Float(f) => *f = r,
            other => other.overwrite(Value::Float(r)),
        }
        return Ok(true);
    }
    Ok(false)
}
