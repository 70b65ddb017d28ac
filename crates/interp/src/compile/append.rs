//! `x = x + e` (and `x = x + a + b ...`) on a variable holding a text or
//! an array: appended in place.
//!
//! `x += e` takes the value out of the variable, so the text is not shared
//! and `push_str` appends where it is. `x = x + e` reads `x` first (a
//! copy, so the text has two owners: the variable and the copy), then
//! evaluates `e`, and `+` on the shared text copies all of it: quadratic in
//! a loop. Here the operands are evaluated in the same order and each
//! append's checks (the size limits, the only ways a text `+` can fail)
//! are made where the operator would make them, but the appends wait for
//! the last operand; then, if the variable still holds the very storage
//! that was read (no operand changed it), the variable lets go of it and
//! the copy, now the only owner, is appended to in place. `+` runs no
//! program code, so doing the appends later is not observable.

use simple_syntax::ast::BinOp;

use super::Compiler;
use crate::error::{Eval, Loc};
use crate::function::{Code, code};
use crate::ir::{Node, NodeKind, Slot};
use crate::machine::Machine;
use crate::ops;
use crate::value::{Str, Value};

impl Compiler<'_> {
    /// `slot = value` when `value` is `slot + e1 + e2 ...`; `None`
    /// otherwise.
    pub(super) fn append_assign(&mut self, slot: Slot, value: &Node) -> Option<Code> {
        // `x + a + b` is `(x + a) + b`: the right operands, outermost first.
        let mut rights = Vec::new();
        let mut node = value;
        while let NodeKind::Binary(BinOp::Add, left, right) = &node.kind {
            rights.push((&**right, self.loc(node.span)));
            node = left;
        }
        let same = match (slot, &node.kind) {
            (Slot::Local(s), NodeKind::Local(l)) => s == *l,
            (Slot::Global(g), NodeKind::Global(l)) => g == *l,
            _ => false,
        };
        if !same {
            return None;
        }
        rights.reverse();
        // The operands are read as each operator reads them (so errors are
        // reported at the same place).
        let left = self.operand_step(node, rights[0].1);
        let steps: Box<[(Code, Loc)]> = rights
            .into_iter()
            .map(|(r, loc)| (self.operand_step(r, loc), loc))
            .collect();
        Some(code(move |m| {
            let x = left(m).get()?;
            let new = match x {
                Value::Text(x) => append_texts(m, slot, x, &steps)?,
                Value::Array(_) if steps.len() == 1 => append_array(m, slot, x, &steps[0])?,
                x => add_all(m, x, &steps)?,
            };
            match slot {
                Slot::Local(s) => m.set_local(s, new),
                Slot::Global(g) => m.globals[g as usize].overwrite(new),
            }
            Ok(Value::Nil)
        }))
    }
}

/// What is appended to the text: a text value, or another value's
/// display form.
enum Piece {
    Text(Str),
    Shown(String),
}

/// `x + e1 + e2 ...` with `x` a text read from the variable.
fn append_texts(m: &mut Machine, slot: Slot, mut x: Str, steps: &[(Code, Loc)]) -> Eval {
    let mut pieces: smallvec::SmallVec<[Piece; 4]> = smallvec::SmallVec::new();
    let mut len = x.len();
    for (step, loc) in steps {
        let piece = match step(m).get()? {
            Value::Text(t) => {
                ops::text_append_checks(len, t.len(), true).map_err(|c| c.at(*loc))?;
                Piece::Text(t)
            }
            other => {
                let mut shown = String::new();
                crate::value::write_display(&mut shown, &other, Some(&m.program.types));
                ops::text_append_checks(len, shown.len(), false).map_err(|c| c.at(*loc))?;
                Piece::Shown(shown)
            }
        };
        len += match &piece {
            Piece::Text(t) => t.len(),
            Piece::Shown(s) => s.len(),
        };
        pieces.push(piece);
    }
    if let Value::Text(held) = var_mut(m, slot)
        && held.same_storage(&x)
    {
        *var_mut(m, slot) = Value::Nil;
    }
    for piece in &pieces {
        x.push_str(match piece {
            Piece::Text(t) => t,
            Piece::Shown(s) => s,
        });
    }
    Ok(Value::Text(x))
}

/// `xs + e` with `xs` an array read from the variable.
fn append_array(m: &mut Machine, slot: Slot, mut xs: Value, step: &(Code, Loc)) -> Eval {
    let (code, loc) = step;
    let ys = code(m).get()?;
    // (A frozen array is not extended in place: `+` makes a new array.)
    let (Value::Array(x), Value::Array(y)) = (&mut xs, &ys) else {
        return add(m, xs, ys, *loc);
    };
    if x.is_frozen() {
        return add(m, xs, ys, *loc);
    }
    ops::array_append_checks(x.len(), y.len()).map_err(|c| c.at(*loc))?;
    if let Value::Array(held) = var_mut(m, slot)
        && std::rc::Rc::ptr_eq(held, x)
    {
        *var_mut(m, slot) = Value::Nil;
    }
    let items: Vec<Value> = y.iter().collect();
    std::rc::Rc::make_mut(x).extend(items);
    Ok(xs)
}

/// `x + e1 + e2 ...` as the operators compute it.
fn add_all(m: &mut Machine, mut x: Value, steps: &[(Code, Loc)]) -> Eval {
    for (step, loc) in steps {
        let y = step(m).get()?;
        x = add(m, x, y, *loc)?;
    }
    Ok(x)
}

fn add(m: &Machine, a: Value, b: Value, loc: Loc) -> Eval {
    ops::binary(BinOp::Add, a, b, Some(&m.program.types)).map_err(|c| c.at(loc))
}

fn var_mut(m: &mut Machine, slot: Slot) -> &mut Value {
    match slot {
        Slot::Local(s) => m.local_mut(s),
        Slot::Global(g) => &mut m.globals[g as usize],
    }
}
