//! Lending a struct or enum receiver to its `me` method.
//!
//! `c.inc()`, `game.player.move()`, `boxes[0].grow()`: the method changes a
//! value that lives in a variable, without copying it. The value is *lent*
//! to the method — moved out of where it lives and put back when the
//! method returns, even by an error. What stays behind meanwhile must never
//! pass for a value:
//!
//! - The *anchor* is the storage that code the method runs could reach: the
//!   module-level variable at the root of the place or, when the place goes
//!   through a class instance, the field of the last such instance. A local
//!   variable of the caller cannot be reached by anything the method runs
//!   (lambdas capture values, not variables), so when it is the root it is
//!   the anchor and nothing can observe it.
//! - The anchor's whole value is taken out, leaving `Value::Undefined`.
//!   Reading the anchor while it is lent is an error naming the method
//!   (`Machine::undefined_global`, [`lent_field`]) — before, it read as
//!   `nil`. Everything below the anchor is private to the call, so the
//!   receiver is taken from it without copying.
//! - When the method returns, the receiver goes back into the anchor's
//!   value and that value back into the anchor. If the program assigned to
//!   the anchor meanwhile, that is an error — before, the assignment was
//!   silently undone.

use std::cell::RefCell;
use std::rc::Rc;

use simple_syntax::Symbol;

use super::place::{Path, Root, Step, field_index, read_steps, walk_mut};
use crate::error::{Ctrl, Eval, rt_error};
use crate::machine::Machine;
use crate::value::{Instance, Value};

/// Where the lent value was taken from.
enum Anchor {
    /// A slot of the caller's frame (absolute stack index).
    Local(usize),
    Global(u32),
    /// An expression's value: the changes are not seen by anyone.
    Temp,
    /// A field of a class instance.
    Field(Rc<RefCell<Instance>>, usize, Symbol),
}

/// A receiver on loan to a `me` method.
pub(super) struct Loan {
    anchor: Anchor,
    /// The anchor's value, with the receiver taken out of it.
    owned: Value,
    /// From the anchor's value to the receiver.
    steps: smallvec::SmallVec<[Step; 2]>,
    /// The place's root name and the method, for messages.
    name: Symbol,
    method: Symbol,
}

/// Reading a class instance's field while it is lent.
pub(crate) fn lent_field(field: Symbol) -> Ctrl {
    rt_error(format!(
        "field `{field}` is being changed by a `me` method and cannot be used until it returns (inside the method, use `self`)"
    ))
}

/// Takes the receiver at `path` out for a call of `method` (`path` was
/// checked to be changeable).
pub(super) fn lend(path: &mut Path, m: &mut Machine, method: Symbol) -> Eval<(Loan, Value)> {
    let (anchor, mut owned, from) = match last_instance(path, m)? {
        Some((k, obj)) => {
            let Some(Step::Field(field)) = path.steps.get(k) else {
                return Err(rt_error("class instances have fields, not indexes"));
            };
            let field = *field;
            let mut inst = obj
                .try_borrow_mut()
                .map_err(|_| rt_error("object is already being modified"))?;
            let idx = field_index(&m.program.types, inst.ty, field, &Value::Nil)?;
            if matches!(inst.fields[idx], Value::Undefined) {
                return Err(lent_field(field));
            }
            let v = std::mem::replace(&mut inst.fields[idx], Value::Undefined);
            drop(inst);
            (Anchor::Field(obj, idx, field), v, k + 1)
        }
        None => match &mut path.root {
            Root::Local(s) => {
                let i = m.base + *s as usize;
                let v = std::mem::replace(&mut m.stack[i], Value::Undefined);
                (Anchor::Local(i), v, 0)
            }
            Root::Global(g) => {
                let g = *g;
                if matches!(m.globals[g as usize], Value::Undefined) {
                    return Err(m.undefined_global(g));
                }
                let v = std::mem::replace(&mut m.globals[g as usize], Value::Undefined);
                (Anchor::Global(g), v, 0)
            }
            Root::Temp(v) => (Anchor::Temp, std::mem::take(v), 0),
        },
    };
    let steps: smallvec::SmallVec<[Step; 2]> = path.steps.drain(from..).collect();
    let taken = if steps.is_empty() {
        Ok(std::mem::take(&mut owned))
    } else {
        let types = &m.program.types;
        walk_mut(
            &mut owned,
            &steps,
            types,
            None,
            path.name,
            &mut |v, _, _| Ok(std::mem::take(v)),
        )
    };
    let loan = Loan {
        anchor,
        owned,
        steps,
        name: path.name,
        method,
    };
    match taken {
        Ok(recv) => {
            if let Anchor::Global(g) = loan.anchor {
                m.lent_globals.push((g, method));
            }
            Ok((loan, recv))
        }
        Err(e) => {
            // Nothing was taken: the anchor gets its value back as it was.
            let _ = restore(m, loan.anchor, loan.owned, loan.name, loan.method);
            Err(e)
        }
    }
}

/// Puts the method's `self` back where it was lent from.
pub(super) fn give_back(m: &mut Machine, loan: Loan, new_self: Value) -> Eval<()> {
    let Loan {
        anchor,
        mut owned,
        steps,
        name,
        method,
    } = loan;
    if let Anchor::Global(g) = anchor
        && let Some(i) = m.lent_globals.iter().rposition(|(x, _)| *x == g)
    {
        m.lent_globals.remove(i);
    }
    let placed = if steps.is_empty() {
        owned = new_self;
        Ok(())
    } else {
        // The anchor's value was private during the call: the path to the
        // receiver is as it was.
        let mut new_self = Some(new_self);
        walk_mut(
            &mut owned,
            &steps,
            &m.program.types,
            None,
            name,
            &mut |v, _, _| {
                *v = new_self.take().unwrap_or_default();
                Ok(())
            },
        )
    };
    restore(m, anchor, owned, name, method)?;
    placed
}

/// Puts the anchor's value back, unless the program assigned to the
/// anchor meanwhile (an error; the assigned value stays).
fn restore(
    m: &mut Machine,
    anchor: Anchor,
    owned: Value,
    name: Symbol,
    method: Symbol,
) -> Eval<()> {
    let assigned = |what: String| {
        Err(rt_error(format!(
            "{what} was assigned while its `me` method `{method}` was changing it, so the method's changes are lost (inside the method, change `self` instead)"
        )))
    };
    match anchor {
        Anchor::Local(i) => m.stack[i] = owned,
        Anchor::Temp => drop(owned),
        Anchor::Global(g) => {
            let slot = &mut m.globals[g as usize];
            if !matches!(slot, Value::Undefined) {
                return assigned(format!("`{name}`"));
            }
            *slot = owned;
        }
        Anchor::Field(obj, idx, field) => {
            let mut inst = obj
                .try_borrow_mut()
                .map_err(|_| rt_error("object is already being modified"))?;
            if !matches!(inst.fields[idx], Value::Undefined) {
                return assigned(format!("field `{field}`"));
            }
            inst.fields[idx] = owned;
        }
    }
    Ok(())
}

/// The last class instance the path goes through: the index of the step
/// taken from it, and the instance.
fn last_instance(path: &Path, m: &Machine) -> Eval<Option<(usize, Rc<RefCell<Instance>>)>> {
    if path.steps.is_empty() {
        return Ok(None);
    }
    let mut current = match &path.root {
        Root::Local(s) => m.stack[m.base + *s as usize].clone(),
        Root::Global(g) => m.globals[*g as usize].clone(),
        Root::Temp(v) => v.clone(),
    };
    let types = &m.program.types;
    let mut found = None;
    for (i, step) in path.steps.iter().enumerate() {
        if let Value::Object(obj) = &current {
            found = Some((i, obj.clone()));
        }
        current = read_steps(&current, std::slice::from_ref(step), types, &mut |x| {
            x.clone()
        })?;
    }
    Ok(found)
}
