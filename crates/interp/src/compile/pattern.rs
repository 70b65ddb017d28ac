//! Pattern matching at run time.

use simple_syntax::known;

use super::Compiler;
use crate::error::{Eval, Loc, fail};
use crate::function::{Code, code};
use crate::ir::{Node, Pat, Slot};
use crate::machine::Machine;
use crate::value::{Value, values_equal};

impl Compiler<'_> {
    pub(super) fn define_pattern(&mut self, pattern: &Pat, value: &Node, loc: Loc) -> Code {
        let value = self.node(value);
        let pattern = pattern.clone();
        code(move |m| {
            let v = unpackable(&pattern, value(m).get()?);
            if match_pattern(m, &pattern, &v)? {
                Ok(Value::Nil)
            } else {
                fail(format!(
                    "the value {} does not match the pattern",
                    DebugText(&v, m)
                ))
                .map_err(|c| c.at(loc))
            }
        })
    }

    /// `val P = e else: body`: binds when `e` matches, else runs `body`,
    /// which must leave the block (`return`, `break`, `continue`, an error).
    pub(super) fn define_pattern_else(
        &mut self,
        pattern: &Pat,
        value: &Node,
        body: &[Node],
        loc: Loc,
    ) -> Code {
        let value = self.node(value);
        let body = self.block(body);
        let pattern = pattern.clone();
        code(move |m| {
            let v = value(m).get()?;
            if match_pattern(m, &pattern, &v)? {
                return Ok(Value::Nil);
            }
            body(m).get()?;
            fail(format!(
                "the value {} does not match the pattern, and the `else` block did not leave (it must `return`, `break` or `continue`)",
                DebugText(&v, m)
            ))
            .map_err(|c| c.at(loc))
        })
    }
}

/// `val (a, b) = [1, 2]`: a binding's tuple pattern also unpacks an array
/// of its length, as in Python (a `match` arm keeps tuples and arrays
/// apart).
fn unpackable(pattern: &Pat, v: Value) -> Value {
    match (pattern, &v) {
        (Pat::Tuple(items), Value::Array(a)) if a.len() == items.len() => Value::Tuple(a.clone()),
        _ => v,
    }
}

/// A pattern in the forms `match` arms mostly have, tested without the
/// general [`match_pattern`] walk; anything else is `General`.
pub(crate) enum FastPat {
    /// `Type.Variant(a, _, b)` whose payload patterns are local names or
    /// `_`: the tag is compared and the fields bound directly, as
    /// (field, slot). `bare` when no payload pattern is given at all (only
    /// such a pattern also matches a unit variant).
    Variant {
        ty: crate::value::TypeId,
        variant: u32,
        binds: Box<[(u32, u32)]>,
        bare: bool,
    },
    /// An int literal.
    Int(i64),
    /// `_`.
    Wild,
    /// A bare name binding a local.
    Bind(u32),
    General,
}

impl FastPat {
    pub(crate) fn new(pat: &Pat) -> FastPat {
        match pat {
            Pat::Variant { ty, variant, args } => {
                let mut binds = Vec::new();
                for (i, a) in args.iter().enumerate() {
                    match a {
                        None | Some(Pat::Wild) => {}
                        Some(Pat::Bind(Slot::Local(s))) => binds.push((i as u32, *s)),
                        Some(_) => return FastPat::General,
                    }
                }
                FastPat::Variant {
                    ty: *ty,
                    variant: *variant,
                    binds: binds.into(),
                    bare: args.iter().all(|a| a.is_none()),
                }
            }
            Pat::Lit(Value::Int(k)) => FastPat::Int(*k),
            Pat::Wild => FastPat::Wild,
            Pat::Bind(Slot::Local(s)) => FastPat::Bind(*s),
            _ => FastPat::General,
        }
    }

    /// Whether this pattern can match some value of variant `variant` of
    /// enum `ty` (false only when it certainly cannot).
    pub(crate) fn may_match_variant(&self, ty: crate::value::TypeId, variant: u32) -> bool {
        match self {
            FastPat::Variant {
                ty: t, variant: v, ..
            } => *t == ty && *v == variant,
            FastPat::Int(_) => false,
            FastPat::Wild | FastPat::Bind(_) | FastPat::General => true,
        }
    }

    /// Tests `v` against the pattern (`pat`, of which this is the fast
    /// form), binding its names, as [`match_pattern`] does.
    #[inline(always)]
    pub(crate) fn test(&self, m: &mut Machine, pat: &Pat, v: &Value) -> Eval<bool> {
        Ok(match self {
            FastPat::Variant {
                ty,
                variant,
                binds,
                bare,
            } => match v {
                Value::Variant(var) if var.ty == *ty && var.variant == *variant => {
                    // As the general walk: payload patterns beyond the
                    // value's fields are not looked at.
                    for &(i, slot) in binds.iter() {
                        if let Some(x) = var.fields.get(i as usize) {
                            m.set_local(slot, x.clone());
                        }
                    }
                    true
                }
                Value::UnitVariant(t, var) => *bare && t == ty && var == variant,
                _ => false,
            },
            FastPat::Int(k) => match v {
                Value::Int(i) => i == k,
                _ => values_equal(v, &Value::Int(*k)),
            },
            FastPat::Wild => true,
            FastPat::Bind(slot) => {
                m.set_local(*slot, v.clone());
                true
            }
            FastPat::General => match_pattern(m, pat, v)?,
        })
    }
}

pub(crate) struct DebugText<'a>(pub &'a Value, pub &'a Machine);

impl std::fmt::Display for DebugText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        crate::value::write_debug(&mut s, self.0, Some(&self.1.program.types));
        f.write_str(&s)
    }
}

#[inline]
fn bind(m: &mut Machine, slot: Slot, v: &Value) {
    match slot {
        Slot::Local(s) => m.set_local(s, v.clone()),
        Slot::Global(g) => m.globals[g as usize] = v.clone(),
    }
}

/// Tests `v` against `pat`, binding the pattern's names on the way.
pub fn match_pattern(m: &mut Machine, pat: &Pat, v: &Value) -> Eval<bool> {
    Ok(match pat {
        Pat::Wild => true,
        Pat::Bind(slot) => {
            bind(m, *slot, v);
            true
        }
        Pat::Lit(c) => values_equal(v, c),
        Pat::Range {
            start,
            end,
            inclusive,
        } => match v {
            Value::Int(i) => *i >= *start && if *inclusive { *i <= *end } else { *i < *end },
            _ => false,
        },
        Pat::Tuple(items) => match v {
            Value::Tuple(t) if t.len() == items.len() => {
                for (p, x) in items.iter().zip(t.iter()) {
                    if !match_pattern(m, p, &x)? {
                        return Ok(false);
                    }
                }
                true
            }
            _ => false,
        },
        Pat::Array { items, rest } => {
            let values: std::borrow::Cow<'_, [Value]> = match v {
                Value::Array(a) => a.values(),
                Value::Bytes(b) => {
                    std::borrow::Cow::Owned(b.iter().map(|x| Value::Int(*x as i64)).collect())
                }
                _ => return Ok(false),
            };
            match rest {
                None => {
                    if values.len() != items.len() {
                        return Ok(false);
                    }
                    for (p, x) in items.iter().zip(values.iter()) {
                        if !match_pattern(m, p, x)? {
                            return Ok(false);
                        }
                    }
                    true
                }
                Some((pos, slot)) => {
                    if values.len() < items.len() {
                        return Ok(false);
                    }
                    let tail = items.len() - pos;
                    let rest_end = values.len() - tail;
                    for (p, x) in items[..*pos].iter().zip(values[..*pos].iter()) {
                        if !match_pattern(m, p, x)? {
                            return Ok(false);
                        }
                    }
                    for (p, x) in items[*pos..].iter().zip(values[rest_end..].iter()) {
                        if !match_pattern(m, p, x)? {
                            return Ok(false);
                        }
                    }
                    if let Some(slot) = slot {
                        bind(m, *slot, &Value::array(values[*pos..rest_end].to_vec()));
                    }
                    true
                }
            }
        }
        Pat::Variant { ty, variant, args } => match v {
            Value::Variant(var) if var.ty == *ty && var.variant == *variant => {
                for (p, x) in args.iter().zip(var.fields.iter()) {
                    if let Some(p) = p
                        && !match_pattern(m, p, x)?
                    {
                        return Ok(false);
                    }
                }
                true
            }
            Value::UnitVariant(t, var) => {
                t == ty && var == variant && args.iter().all(|a| a.is_none())
            }
            _ => false,
        },
        Pat::VariantNamed { name, args } => {
            let (ty, variant, fields): (u32, u32, &[Value]) = match v {
                Value::Variant(var) => (var.ty, var.variant, &var.fields),
                Value::UnitVariant(t, var) => (*t, *var, &[]),
                _ => return Ok(false),
            };
            let info = &m.program.types.get(ty).variants[variant as usize];
            if info.name != *name {
                return Ok(false);
            }
            match args {
                None => true,
                Some(args) => {
                    if args.len() != fields.len() {
                        return Ok(false);
                    }
                    let fields = fields.to_vec();
                    for (p, x) in args.iter().zip(fields.iter()) {
                        if !match_pattern(m, p, x)? {
                            return Ok(false);
                        }
                    }
                    true
                }
            }
        }
        Pat::Some(inner) => !v.is_nil() && match_pattern(m, inner, v)?,
        Pat::None => match v {
            Value::Nil => true,
            Value::UnitVariant(ty, variant) => {
                m.program.types.get(*ty).variants[*variant as usize].name == known::NONE
            }
            _ => false,
        },
        Pat::Ok(inner) => match v.as_result() {
            Some((true, x)) => {
                let x = x.clone();
                match_pattern(m, inner, &x)?
            }
            Some(_) => false,
            None => own_variant(m, known::OK, inner, v)?,
        },
        Pat::Err(inner) => match v.as_result() {
            Some((false, x)) => {
                let x = x.clone();
                match_pattern(m, inner, &x)?
            }
            Some(_) => false,
            None => own_variant(m, known::ERR, inner, v)?,
        },
        Pat::Or(alts) => {
            for p in alts {
                if match_pattern(m, p, v)? {
                    return Ok(true);
                }
            }
            false
        }
    })
}

/// `Ok(p)` / `Err(p)` against a value of a user enum that declares its own
/// one-field `Ok` / `Err` variant: the pattern means that variant.
fn own_variant(m: &mut Machine, name: simple_syntax::Symbol, inner: &Pat, v: &Value) -> Eval<bool> {
    let Value::Variant(var) = v else {
        return Ok(false);
    };
    let info = &m.program.types.get(var.ty).variants[var.variant as usize];
    if info.name != name || var.fields.len() != 1 {
        return Ok(false);
    }
    let x = var.fields[0].clone();
    match_pattern(m, inner, &x)
}
