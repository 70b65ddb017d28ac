//! Control flow: `if`, `match`, `while`, `loop`, `for`.

use std::rc::Rc;

use simple_syntax::{Symbol, known};

use super::Compiler;
use super::pattern::{DebugText, FastPat, match_pattern};
use crate::error::{Eval, Loc, fail};
use crate::function::{Code, Ret, code};
use crate::ir::{Arm, Cond, Node, NodeKind, Pat, Slot};
use crate::machine::Machine;
use crate::ops::type_name;
use crate::value::Value;

/// A compiled condition.
enum CCond {
    Expr(super::ops::Test),
    Let(Pat, Code),
}

impl CCond {
    #[inline]
    fn test(&self, m: &mut Machine) -> Eval<bool> {
        match self {
            CCond::Expr(t) => t(m),
            CCond::Let(p, c) => {
                let v = c(m).get()?;
                match_pattern(m, p, &v)
            }
        }
    }
}

/// What a loop body's result means for the loop.
macro_rules! loop_step {
    ($m:ident, $r:expr) => {
        $m.tick()?;
        match $r.get() {
            Ok(v) => v.discard(),
            Err(c) if c.is_continue() => {}
            Err(c) if c.is_break() => break,
            Err(e) => return Err(e),
        }
    };
}

/// [`loop_step!`] for a batch of iterations charged at once
/// (`Machine::take_fuel`): a `break` gives back the unused rest.
macro_rules! batch_step {
    ($m:ident, $batch:ident, $r:expr) => {
        match $r.get() {
            Ok(v) => v.discard(),
            Err(c) if c.is_continue() => {}
            Err(c) if c.is_break() => {
                $m.fuel += $batch;
                return Ok(Value::Nil);
            }
            Err(e) => return Err(e),
        }
    };
}

impl Compiler<'_> {
    fn cond(&mut self, cond: &Cond) -> CCond {
        match cond {
            Cond::Expr(e) => CCond::Expr(self.test(e)),
            Cond::Let(p, e) => CCond::Let(p.clone(), self.node(e)),
        }
    }

    pub(super) fn if_(&mut self, cond: &Cond, then: &[Node], else_: Option<&[Node]>) -> Code {
        let then = self.block(then);
        let else_ = else_.map(|b| self.block(b));
        match (self.cond(cond), else_) {
            (CCond::Expr(c), Some(e)) => Box::new(move |m| match c(m) {
                Ok(true) => then(m),
                Ok(false) => e(m),
                Err(c) => Ret::ctrl(c),
            }),
            (CCond::Expr(c), None) => {
                code(move |m| if c(m)? { then(m).get() } else { Ok(Value::Nil) })
            }
            (cond, else_) => code(move |m| {
                if cond.test(m)? {
                    then(m).get()
                } else if let Some(e) = &else_ {
                    e(m).get()
                } else {
                    Ok(Value::Nil)
                }
            }),
        }
    }

    /// `if` with a long `elif` chain: the conditions are tried in a loop.
    pub(super) fn if_chain(&mut self, arms: &[(Cond, Vec<Node>)], else_: Option<&[Node]>) -> Code {
        let arms: Box<[(CCond, Code)]> = arms
            .iter()
            .map(|(c, b)| (self.cond(c), self.block(b)))
            .collect();
        let else_ = else_.map(|b| self.block(b));
        Box::new(move |m| {
            for (cond, body) in arms.iter() {
                match cond.test(m) {
                    Ok(true) => return body(m),
                    Ok(false) => {}
                    Err(c) => return Ret::ctrl(c),
                }
            }
            match &else_ {
                Some(e) => e(m),
                None => Ret::nil(),
            }
        })
    }

    pub(super) fn match_(&mut self, scrutinee: &Node, arms: &[Arm], loc: Loc) -> Code {
        let scrutinee = self.node(scrutinee);
        let arms: Box<[MatchArm]> = arms
            .iter()
            .map(|a| MatchArm {
                fast: FastPat::new(&a.pattern),
                pat: a.pattern.clone(),
                guard: a.guard.as_ref().map(|g| self.node(g)),
                body: self.block(&a.body),
            })
            .collect();
        let table = VariantTable::new(&arms);
        Box::new(move |m| {
            let v = match scrutinee(m).get() {
                Ok(v) => v,
                Err(c) => return Ret::ctrl(c),
            };
            // An enum value starts at the first arm that can match its
            // variant: the arms before it cannot.
            let start = table.as_ref().map_or(0, |t| t.start(&v));
            for arm in &arms[start..] {
                match arm.fast.test(m, &arm.pat, &v) {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(c) => return Ret::ctrl(c),
                }
                if let Some(g) = &arm.guard {
                    match g(m).get() {
                        Ok(x) if x.truthy() => {}
                        Ok(_) => continue,
                        Err(c) => return Ret::ctrl(c),
                    }
                }
                return (arm.body)(m);
            }
            Ret::ctrl(no_arm(m, &v, loc))
        })
    }

    pub(super) fn while_(&mut self, cond: &Cond, body: &[Node]) -> Code {
        let cond = self.cond(cond);
        let body = self.loop_body(body);
        code(move |m| {
            while cond.test(m)? {
                loop_step!(m, body(m));
            }
            Ok(Value::Nil)
        })
    }

    /// `with value as name: body`: `value.__enter__()` (when defined) is
    /// bound to `name` (else `value` itself), and `value.__exit__(err)`
    /// (when defined) runs however the body ends: normally, by `return` /
    /// `break`, or by an error (passed as its message; `nil` otherwise). The
    /// body's outcome stands unless `__exit__` itself fails.
    pub(super) fn with_(
        &mut self,
        value: &Node,
        slot: Option<Slot>,
        body: &[Node],
        loc: Loc,
    ) -> Code {
        use super::call::{call_method_values, call_method_with, user_method_arity};
        let value = self.node(value);
        let body = self.block(body);
        let enter = Symbol::intern("__enter__");
        let exit = Symbol::intern("__exit__");
        code(move |m| {
            let v = value(m).get()?;
            let entered = if user_method_arity(m, &v, enter).is_some() {
                call_method_values(m, v.clone(), enter, loc)?
            } else {
                v.clone()
            };
            if let Some(slot) = slot {
                match slot {
                    Slot::Local(s) => m.set_local(s, entered),
                    Slot::Global(g) => m.globals[g as usize] = entered,
                }
            }
            let mut outcome = body(m).get();
            if let Some(arity) = user_method_arity(m, &v, exit) {
                let err = match &mut outcome {
                    Err(c) => c
                        .as_error_mut()
                        .map_or(Value::Nil, |e| Value::text(e.message.as_str())),
                    Ok(_) => Value::Nil,
                };
                let args = if arity == 0 { Vec::new() } else { vec![err] };
                call_method_with(m, v, exit, args, loc)?;
            }
            outcome
        })
    }

    pub(super) fn loop_(&mut self, body: &[Node]) -> Code {
        let body = self.loop_body(body);
        code(move |m| {
            loop {
                loop_step!(m, body(m));
            }
            Ok(Value::Nil)
        })
    }

    pub(super) fn for_(&mut self, pattern: &Pat, iter: &Node, body: &[Node], loc: Loc) -> Code {
        let body = self.loop_body(body);
        let pattern = pattern.clone();
        // `for i in a..b` counts without building a range value.
        if let NodeKind::Range {
            start,
            end,
            inclusive,
        } = &iter.kind
        {
            let (start, end, inclusive) = (self.node(start), self.node(end), *inclusive);
            return code(move |m| {
                let (s, e) = match (start(m).get()?, end(m).get()?) {
                    (Value::Int(s), Value::Int(e)) => (s, e),
                    (a, b) => {
                        return fail(format!(
                            "a range needs int bounds, found {} and {}",
                            type_name(&a, Some(&m.program.types)),
                            type_name(&b, Some(&m.program.types))
                        ))
                        .map_err(|c| c.at(loc));
                    }
                };
                let end = e as i128 + inclusive as i128;
                count(m, &pattern, &body, s, end, loc)
            });
        }
        let iter = self.node(iter);
        code(move |m| {
            let v = iter(m).get()?;
            for_each(m, v, &pattern, &body, loc)
        })
    }
}

/// A compiled `match` arm.
struct MatchArm {
    fast: FastPat,
    pat: Pat,
    guard: Option<Code>,
    body: Code,
}

/// For a `match` whose arms test variants of one enum: per variant, the
/// first arm that can match it.
struct VariantTable {
    ty: crate::value::TypeId,
    start: Box<[u32]>,
}

impl VariantTable {
    fn new(arms: &[MatchArm]) -> Option<VariantTable> {
        let ty = arms.iter().find_map(|a| match a.fast {
            FastPat::Variant { ty, .. } => Some(ty),
            _ => None,
        })?;
        let highest = arms
            .iter()
            .filter_map(|a| match a.fast {
                FastPat::Variant { ty: t, variant, .. } if t == ty => Some(variant),
                _ => None,
            })
            .max()?;
        let start = (0..=highest)
            .map(|variant| {
                arms.iter()
                    .position(|a| a.fast.may_match_variant(ty, variant))
                    .unwrap_or(arms.len()) as u32
            })
            .collect();
        Some(VariantTable { ty, start })
    }

    /// Where to start testing arms for `v`.
    #[inline(always)]
    fn start(&self, v: &Value) -> usize {
        let variant = match v {
            Value::Variant(var) if var.ty == self.ty => var.variant,
            Value::UnitVariant(ty, variant) if *ty == self.ty => *variant,
            _ => return 0,
        };
        // A variant no arm names explicitly: from the first arm that can
        // match anything.
        match self.start.get(variant as usize) {
            Some(&i) => i as usize,
            None => 0,
        }
    }
}

#[cold]
fn no_arm(m: &Machine, v: &Value, loc: Loc) -> crate::error::Ctrl {
    crate::error::rt_error(format!(
        "no `match` arm matches the value {}",
        DebugText(v, m)
    ))
    .at(loc)
}

#[inline(always)]
fn bind_item(m: &mut Machine, pattern: &Pat, v: Value, loc: Loc) -> Eval<()> {
    match pattern {
        Pat::Bind(Slot::Local(s)) => {
            m.set_local(*s, v);
            Ok(())
        }
        _ => {
            if match_pattern(m, pattern, &v)? {
                Ok(())
            } else if matches!(pattern, Pat::Tuple(_)) && !matches!(v, Value::Tuple(_)) {
                // `for a, b in xs` over an item that is not a tuple binds nil
                // to every name (upstream's meaning).
                bind_nil(m, pattern);
                Ok(())
            } else {
                fail(format!(
                    "the `for` pattern does not match the item {}",
                    DebugText(&v, m)
                ))
                .map_err(|c| c.at(loc))
            }
        }
    }
}

/// Sets every name a pattern binds to nil.
fn bind_nil(m: &mut Machine, pattern: &Pat) {
    match pattern {
        Pat::Bind(Slot::Local(s)) => m.set_local(*s, Value::Nil),
        Pat::Bind(Slot::Global(g)) => m.globals[*g as usize] = Value::Nil,
        Pat::Tuple(items) | Pat::Or(items) => items.iter().for_each(|p| bind_nil(m, p)),
        Pat::Array { items, rest } => {
            items.iter().for_each(|p| bind_nil(m, p));
            if let Some((_, Some(slot))) = rest {
                bind_nil(m, &Pat::Bind(*slot));
            }
        }
        Pat::Some(p) | Pat::Ok(p) | Pat::Err(p) => bind_nil(m, p),
        Pat::Variant { args, .. } => args.iter().flatten().for_each(|p| bind_nil(m, p)),
        Pat::VariantNamed { args, .. } => args.iter().flatten().for_each(|p| bind_nil(m, p)),
        Pat::Wild | Pat::Lit(_) | Pat::Range { .. } | Pat::None => {}
    }
}

fn count(m: &mut Machine, pattern: &Pat, body: &Code, start: i64, end: i128, loc: Loc) -> Eval {
    count_by(m, pattern, body, start, end, 1, loc)
}

/// Counts from `start` toward `end` (exclusive) by `step` (non-zero).
fn count_by(
    m: &mut Machine,
    pattern: &Pat,
    body: &Code,
    start: i64,
    end: i128,
    step: i64,
    loc: Loc,
) -> Eval {
    if step > 0
        && end <= i64::MAX as i128
        && let Pat::Bind(Slot::Local(s)) = pattern
    {
        // The common case, counted in i64: ends at `end` or when the next
        // step would overflow.
        let (s, end) = (*s, end as i64);
        let mut i = start;
        while i < end {
            // The iterations left, charged to the limits in batches.
            let left = (end as i128 - i as i128 - 1) / step as i128 + 1;
            let mut batch = m.take_fuel(left.min(u64::MAX as i128) as u64)?;
            while batch > 0 {
                batch -= 1;
                match m.local_mut(s) {
                    Value::Int(slot) => *slot = i,
                    other => other.overwrite(Value::Int(i)),
                }
                batch_step!(m, batch, body(m));
                i = match i.checked_add(step) {
                    Some(next) => next,
                    None => {
                        m.fuel += batch;
                        return Ok(Value::Nil);
                    }
                };
            }
        }
        return Ok(Value::Nil);
    }
    let mut i = start as i128;
    let step = step as i128;
    let more = |i: i128| if step > 0 { i < end } else { i > end };
    if let Pat::Bind(Slot::Local(s)) = pattern {
        let s = *s;
        while more(i) {
            // After the first round the slot holds an int: update its
            // payload alone (a whole-value copy of a freshly built value
            // stalls on store forwarding).
            match m.local_mut(s) {
                Value::Int(slot) => *slot = i as i64,
                other => other.overwrite(Value::Int(i as i64)),
            }
            loop_step!(m, body(m));
            i += step;
        }
    } else {
        while more(i) {
            bind_item(m, pattern, Value::Int(i as i64), loc)?;
            loop_step!(m, body(m));
            i += step;
        }
    }
    Ok(Value::Nil)
}

/// Iterates any iterable value. Collections are iterated as they were when
/// the loop started (the loop holds its own reference).
pub(crate) fn for_each(m: &mut Machine, v: Value, pattern: &Pat, body: &Code, loc: Loc) -> Eval {
    match v {
        Value::Range(r) if r.step == 1 => count(m, pattern, body, r.start, r.end_exclusive(), loc),
        Value::Range(r) => count_by(m, pattern, body, r.start, r.end_exclusive(), r.step, loc),
        Value::Array(a) | Value::Tuple(a) => {
            let items: Rc<crate::value::List> = a;
            let mut iter = items.iter();
            let mut left = items.len() as u64;
            // Charged to the limits in batches, as in `count_by`.
            while left > 0 {
                let mut batch = m.take_fuel(left)?;
                left -= batch;
                while batch > 0 {
                    batch -= 1;
                    let Some(x) = iter.next() else {
                        return Ok(Value::Nil);
                    };
                    bind_item(m, pattern, x, loc)?;
                    batch_step!(m, batch, body(m));
                }
            }
            Ok(Value::Nil)
        }
        Value::Bytes(b) => {
            for x in b.iter() {
                bind_item(m, pattern, Value::Int(*x as i64), loc)?;
                loop_step!(m, body(m));
            }
            Ok(Value::Nil)
        }
        Value::View(view) => {
            // The loop holds its own reference; a release during the loop
            // is noticed at the next byte.
            for i in 0..view.len() {
                let x = view
                    .byte(i)
                    .map_err(|e| crate::error::rt_error(e).at(loc))?;
                bind_item(m, pattern, Value::Int(x as i64), loc)?;
                loop_step!(m, body(m));
            }
            Ok(Value::Nil)
        }
        Value::Text(s) => {
            let mut buf = [0u8; 4];
            for c in s.chars() {
                bind_item(m, pattern, Value::text(&*c.encode_utf8(&mut buf)), loc)?;
                loop_step!(m, body(m));
            }
            Ok(Value::Nil)
        }
        Value::Set(d) => {
            // The loop holds its own reference: changes to the set inside
            // the loop do not affect it.
            for k in d.keys() {
                bind_item(m, pattern, k.value().clone(), loc)?;
                loop_step!(m, body(m));
            }
            Ok(Value::Nil)
        }
        Value::Dict(d) => {
            for (k, x) in d.iter() {
                bind_item(
                    m,
                    pattern,
                    Value::tuple(vec![k.value().clone(), x.clone()]),
                    loc,
                )?;
                loop_step!(m, body(m));
            }
            Ok(Value::Nil)
        }
        other => {
            // Anything with `iter()`: iterate what it returns; an object with
            // `next()` is called until it returns nil.
            let types = &m.program.types;
            let ty = match &other {
                Value::Struct(s) => Some(s.ty),
                Value::Object(o) => o.try_borrow().ok().map(|i| i.ty),
                Value::Variant(v) => Some(v.ty),
                _ => None,
            };
            let methods = ty.map(|t| &types.get(t).methods);
            let has = |name| methods.is_some_and(|ms| ms.contains_key(&name));
            if has(known::ITER) {
                let inner = super::call::call_method_values(m, other, known::ITER, loc)?;
                if matches!(&inner, Value::Struct(_) | Value::Object(_)) && !has_next(m, &inner) {
                    return fail(
                        "`iter()` returned a value that is neither iterable nor has `next()`",
                    )
                    .map_err(|c| c.at(loc));
                }
                return for_each(m, inner, pattern, body, loc);
            }
            if has(known::NEXT) {
                // The loop owns the iterator: a `me next()` advances it.
                let next = methods.and_then(|ms| ms.get(&known::NEXT)).cloned();
                let mut iter = other;
                loop {
                    let item = match &next {
                        Some(def) if def.role == crate::function::FnRole::MeMethod => {
                            let base = m.stack.len();
                            m.stack.push(std::mem::take(&mut iter));
                            let mut new_self = Value::Nil;
                            let r = super::call::call_function_ret(
                                m,
                                def,
                                None,
                                base,
                                None,
                                loc,
                                Some(&mut new_self),
                            )
                            .get();
                            iter = new_self;
                            r?
                        }
                        _ => super::call::call_method_values(m, iter.clone(), known::NEXT, loc)?,
                    };
                    if item.is_nil() {
                        break;
                    }
                    bind_item(m, pattern, item, loc)?;
                    loop_step!(m, body(m));
                }
                return Ok(Value::Nil);
            }
            fail(format!(
                "cannot iterate over {} (it has no `iter()` or `next()` method)",
                type_name(&other, Some(types))
            ))
            .map_err(|c| c.at(loc))
        }
    }
}

fn has_next(m: &Machine, v: &Value) -> bool {
    let ty = match v {
        Value::Struct(s) => s.ty,
        Value::Object(o) => match o.try_borrow() {
            Ok(i) => i.ty,
            Err(_) => return false,
        },
        _ => return false,
    };
    let methods = &m.program.types.get(ty).methods;
    methods.contains_key(&known::NEXT) || methods.contains_key(&known::ITER)
}
