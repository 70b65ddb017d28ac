//! Reading parts of values: fields, tuple fields, `?.`, indexes, slices.

use simple_syntax::Symbol;

use super::Compiler;
use crate::error::{Eval, Loc, fail, rt_error};
use crate::function::{Code, code};
use crate::ir::Node;
use crate::machine::Machine;
use crate::ops::type_name;
use crate::types::TypeTable;
use crate::value::{DictKey, DisplayValue, Str, Value};

impl Compiler<'_> {
    pub(super) fn field(&mut self, e: &Node, name: Symbol, loc: Loc) -> Code {
        // `self.x`, `p.x` on a local: read the field in place, without
        // copying the struct reference.
        if let crate::ir::NodeKind::Local(slot) = e.kind {
            return self.field_of_local(slot, name, loc);
        }
        let e = self.node(e);
        // Remembers the last (type, index) seen here: field lookups by name
        // happen once per type, not once per evaluation.
        let field = super::field::FieldSlot::new(name, None);
        code(move |m| {
            let v = e(m).get()?;
            if let Some(f) = field.get(&m.program.types, &v) {
                return f.copy();
            }
            field_or_call(m, &v, name, loc)
        })
    }

    pub(super) fn tuple_field(&mut self, e: &Node, index: u32, loc: Loc) -> Code {
        let e = self.node(e);
        code(move |m| match e(m).get()? {
            Value::Tuple(t) => match t.get(index as usize) {
                Some(v) => Ok(v.clone()),
                None => fail(format!(
                    "tuple index {index} out of range for a tuple of {}",
                    t.len()
                ))
                .map_err(|c| c.at(loc)),
            },
            Value::Variant(v) => match v.fields.get(index as usize) {
                Some(x) => Ok(x.clone()),
                None => fail(format!("payload index {index} out of range")).map_err(|c| c.at(loc)),
            },
            other => fail(format!(
                "cannot take `.{index}` of {}",
                type_name(&other, Some(&m.program.types))
            ))
            .map_err(|c| c.at(loc)),
        })
    }

    pub(super) fn opt_field(&mut self, e: &Node, name: Symbol, loc: Loc) -> Code {
        let e = self.node(e);
        let in_function = self.in_function;
        code(move |m| {
            let v = e(m).get()?;
            if v.is_nil() {
                return Ok(Value::Nil);
            }
            let v = super::ops::try_value(m, v, in_function).map_err(|c| c.at(loc))?;
            field_or_call(m, &v, name, loc)
        })
    }

    pub(super) fn index(&mut self, e: &Node, i: &Node, loc: Loc) -> Code {
        // `xs[i]` on a local: indexed in place, without copying the array
        // reference. Only when the index cannot change the variable (no
        // calls in it), so reading the variable after it is the same.
        if let crate::ir::NodeKind::Local(slot) = e.kind
            && is_plain(i)
        {
            let i = self.operand(i);
            return code(move |m| {
                let key = i.get(m, loc)?;
                if let (Value::Array(a), Value::Int(n)) = (m.local(slot), &key)
                    && let Ok(idx) = usize::try_from(*n)
                {
                    // Scalars rebuilt from their payload, the rest moved
                    // out as it is (see `FieldRef::copy`).
                    match a.get(idx) {
                        Some(Value::Int(i)) => return Ok(Value::Int(i)),
                        Some(Value::Float(f)) => return Ok(Value::Float(f)),
                        Some(Value::Object(o)) => return Ok(Value::Object(o)),
                        Some(Value::Struct(s)) => return Ok(Value::Struct(s)),
                        Some(x) => return Ok(x),
                        None => {}
                    }
                }
                index_value(m.local(slot), &key, &m.program.types).map_err(|c| c.at(loc))
            });
        }
        let (e, i) = (self.node(e), self.node(i));
        code(move |m| {
            let v = e(m).get()?;
            let key = i(m).get()?;
            // Arrays with int indexes are the hot case.
            if let (Value::Array(a), Value::Int(n)) = (&v, &key)
                && let Ok(idx) = usize::try_from(*n)
                && let Some(x) = a.get(idx)
            {
                return Ok(x.clone());
            }
            index_value(&v, &key, &m.program.types).map_err(|c| c.at(loc))
        })
    }

    pub(super) fn slice(
        &mut self,
        e: &Node,
        start: Option<&Node>,
        end: Option<&Node>,
        step: Option<&Node>,
        loc: Loc,
    ) -> Code {
        let e = self.node(e);
        let start = start.map(|n| self.node(n));
        let end = end.map(|n| self.node(n));
        let step = step.map(|n| self.node(n));
        code(move |m| {
            let v = e(m).get()?;
            let mut bound = |c: &Option<Code>, what: &str| -> Eval<Option<i64>> {
                match c {
                    None => Ok(None),
                    Some(c) => match c(m).get()? {
                        Value::Int(i) => Ok(Some(i)),
                        Value::Nil => Ok(None),
                        other => fail(format!(
                            "slice {what} must be an int, found {}",
                            type_name(&other, Some(&m.program.types))
                        )),
                    },
                }
            };
            let s = bound(&start, "start").map_err(|c| c.at(loc))?;
            let en = bound(&end, "end").map_err(|c| c.at(loc))?;
            let st = bound(&step, "step").map_err(|c| c.at(loc))?;
            slice_value(&v, s, en, st.unwrap_or(1), &m.program.types).map_err(|c| c.at(loc))
        })
    }
}

/// Whether evaluating `node` can run no code but operators on variables
/// and constants (so it cannot change any variable).
pub(super) fn is_plain(node: &Node) -> bool {
    use crate::ir::NodeKind as K;
    match &node.kind {
        K::Const(_) | K::Local(_) | K::Capture(_) | K::Global(_) => true,
        // Not fields: `v.name` calls a method when `v` has no such field.
        K::Unary(_, e) | K::TupleField(e, _) => is_plain(e),
        K::Binary(_, a, b) | K::And(a, b) | K::Or(a, b) | K::Index(a, b) => {
            is_plain(a) && is_plain(b)
        }
        K::Compare(first, rest) => is_plain(first) && rest.iter().all(|(_, n)| is_plain(n)),
        _ => false,
    }
}

/// `v.name` for anything but the struct fast path.
/// `v.name` in an expression: a field, or — when `v` has no field `name` —
/// a method that can take no arguments, called (`xs.first`, `s.trim`,
/// upstream's meaning). A method that needs arguments gives a bound method
/// value (`val f = obj.scale` then `f(2)`).
pub(super) fn field_or_call(m: &mut Machine, v: &Value, name: Symbol, loc: Loc) -> Eval {
    let r = get_field(m, v, name).map_err(|c| c.at(loc))?;
    let Value::Bound(b) = &r else {
        return Ok(r);
    };
    if has_field(m, v, name) {
        return Ok(r);
    }
    match &b.method {
        crate::value::BoundKind::User(def) => {
            if def.min_args() == 0 && def.variadic.is_none() {
                super::call::call_method_values(m, v.clone(), name, loc)
            } else {
                Ok(r)
            }
        }
        crate::value::BoundKind::Builtin(_) => {
            match super::call::call_method_values(m, v.clone(), name, loc) {
                Ok(x) => Ok(x),
                // A built-in that needs arguments: keep the bound method.
                Err(mut c) => {
                    let needs_args = c
                        .as_error_mut()
                        .is_some_and(|e| e.message.starts_with(&format!("`{name}` takes ")));
                    if needs_args { Ok(r) } else { Err(c) }
                }
            }
        }
    }
}

/// Whether `v` has a field (or payload field) called `name`.
fn has_field(m: &Machine, v: &Value, name: Symbol) -> bool {
    let types = &m.program.types;
    match v {
        Value::Struct(s) => types.get(s.ty).field_index(name).is_some(),
        Value::Object(o) => o
            .try_borrow()
            .is_ok_and(|i| types.get(i.ty).field_index(name).is_some()),
        Value::Variant(var) => types.get(var.ty).variants[var.variant as usize]
            .fields
            .contains(&name),
        _ => false,
    }
}

pub(crate) fn get_field(m: &mut Machine, v: &Value, name: Symbol) -> Eval {
    let types = &m.program.types;
    match v {
        Value::Struct(s) => {
            if let Some(idx) = types.get(s.ty).field_index(name) {
                return Ok(s.fields[idx].clone());
            }
        }
        Value::Object(o) => {
            let inst = o
                .try_borrow()
                .map_err(|_| crate::error::rt_error("object is being modified"))?;
            if let Some(idx) = types.get(inst.ty).field_index(name) {
                return match &inst.fields[idx] {
                    Value::Undefined => Err(super::lend::lent_field(name)),
                    v => Ok(v.clone()),
                };
            }
        }
        Value::Variant(var) => {
            let info = &types.get(var.ty).variants[var.variant as usize];
            if let Some(idx) = info.fields.iter().position(|f| *f == name) {
                return Ok(var.fields[idx].clone());
            }
        }
        Value::Module(id) => return crate::modules::module_member(m, *id, name),
        Value::Type(ty) => return super::call::static_ref(m, *ty, name),
        _ => {}
    }
    if let Some(bound) = super::call::bind_method(m, v, name) {
        return Ok(bound);
    }
    let fields: Vec<&str> = match v {
        Value::Struct(s) => types.get(s.ty).fields.iter().map(|f| f.as_str()).collect(),
        _ => Vec::new(),
    };
    let spelled = crate::suggest::other_spelling(name.as_str(), |m| {
        crate::builtins::methods::has_method(v, Symbol::intern(m))
    });
    let hint = match spelled {
        Some(m) => format!("it is spelled `{m}` here"),
        None => crate::suggest::did_you_mean(&crate::suggest::closest(name.as_str(), fields, 3)),
    };
    fail(format!(
        "{} has no field or method `{name}`{}",
        type_name(v, Some(types)),
        if hint.is_empty() {
            String::new()
        } else {
            format!("; {hint}")
        }
    ))
}

/// Turns an int index (negative counts from the end) into a position.
pub(crate) fn array_index(key: &Value, len: usize, types: &TypeTable) -> Eval<usize> {
    let Value::Int(i) = key else {
        return fail(format!(
            "an index must be an int, found {}",
            type_name(key, Some(types))
        ));
    };
    let idx = if *i < 0 { *i + len as i64 } else { *i };
    if idx < 0 || idx >= len as i64 {
        return fail(format!("index {i} out of range for length {len}"));
    }
    Ok(idx as usize)
}

/// `v[key]`.
pub(crate) fn index_value(v: &Value, key: &Value, types: &TypeTable) -> Eval {
    // `xs[a..b]` and `xs[a..=b]` are slices.
    if let (
        Value::Range(r),
        Value::Array(_) | Value::Tuple(_) | Value::Text(_) | Value::Bytes(_) | Value::View(_),
    ) = (key, v)
    {
        let end = r.end_exclusive().clamp(i64::MIN as i128, i64::MAX as i128) as i64;
        return slice_value(v, Some(r.start), Some(end), r.step, types);
    }
    match v {
        Value::Array(a) | Value::Tuple(a) => {
            Ok(a.get(array_index(key, a.len(), types)?).unwrap_or_default())
        }
        Value::Bytes(b) => Ok(Value::Int(b[array_index(key, b.len(), types)?] as i64)),
        Value::View(view) => {
            let i = array_index(key, view.len(), types)?;
            view.byte(i).map(|b| Value::Int(b as i64)).map_err(rt_error)
        }
        Value::Text(s) => {
            let Value::Int(i) = key else {
                return fail(format!(
                    "a text index must be an int, found {}",
                    type_name(key, Some(types))
                ));
            };
            let _ = i;
            // `is_ascii` is known without a scan (see `Str`), and a
            // one-character text is inline: no allocation.
            if s.is_ascii() {
                let idx = array_index(key, s.len(), types)?;
                return Ok(Value::Text(Str::ascii_char(s.as_bytes()[idx])));
            }
            let n = s.chars().count();
            let idx = array_index(key, n, types)?;
            let mut buf = [0u8; 4];
            Ok(match s.chars().nth(idx) {
                Some(c) => Value::text(&*c.encode_utf8(&mut buf)),
                None => Value::text(""),
            })
        }
        Value::Dict(d) => {
            let Some(k) = DictKey::new(key.clone()) else {
                return fail(format!(
                    "{} cannot be a dict key",
                    type_name(key, Some(types))
                ));
            };
            match d.get(&k) {
                Some(v) => Ok(v.clone()),
                None => fail(format!(
                    "key {} not found in dict (use `get` for a value-or-nil lookup)",
                    DebugKey(key, types)
                )),
            }
        }
        Value::Range(r) => {
            let idx = array_index(key, r.len() as usize, types)?;
            Ok(Value::Int(r.get(idx as i64)))
        }
        other => fail(format!("cannot index {}", type_name(other, Some(types)))),
    }
}

struct DebugKey<'a>(&'a Value, &'a TypeTable);

impl std::fmt::Display for DebugKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        crate::value::write_debug(&mut s, self.0, Some(self.1));
        f.write_str(&s)
    }
}

/// The positions a slice `[start:end:step]` selects from `len` items.
pub(crate) fn slice_positions(
    len: usize,
    start: Option<i64>,
    end: Option<i64>,
    step: i64,
) -> Eval<Vec<usize>> {
    if step == 0 {
        return fail("slice step cannot be zero");
    }
    let len = len as i64;
    let norm = |i: i64| if i < 0 { i + len } else { i };
    let mut out = Vec::new();
    if step > 0 {
        let s = start.map(norm).unwrap_or(0).clamp(0, len);
        let e = end.map(norm).unwrap_or(len).clamp(0, len);
        let mut i = s;
        while i < e {
            out.push(i as usize);
            i += step;
        }
    } else {
        let s = start.map(norm).unwrap_or(len - 1).clamp(-1, len - 1);
        let e = end.map(norm).unwrap_or(-1).clamp(-1, len - 1);
        let mut i = s;
        while i > e {
            out.push(i as usize);
            i += step;
        }
    }
    Ok(out)
}

pub(crate) fn slice_value(
    v: &Value,
    start: Option<i64>,
    end: Option<i64>,
    step: i64,
    types: &TypeTable,
) -> Eval {
    match v {
        Value::Array(a) | Value::Tuple(a) => {
            let items: Vec<Value> = slice_positions(a.len(), start, end, step)?
                .into_iter()
                .map(|i| a.get(i).unwrap_or_default())
                .collect();
            Ok(if matches!(v, Value::Tuple(_)) {
                Value::tuple(items)
            } else {
                Value::array(items)
            })
        }
        Value::Bytes(b) => {
            if step == 1 {
                let len = b.len() as i64;
                let norm = |i: i64| if i < 0 { i + len } else { i };
                let s = start.map(norm).unwrap_or(0).clamp(0, len) as usize;
                let e = end.map(norm).unwrap_or(len).clamp(0, len) as usize;
                return Ok(Value::bytes(if s < e {
                    b[s..e].to_vec()
                } else {
                    Vec::new()
                }));
            }
            Ok(Value::bytes(
                slice_positions(b.len(), start, end, step)?
                    .into_iter()
                    .map(|i| b[i])
                    .collect(),
            ))
        }
        Value::View(view) => {
            if step == 1 {
                // A window on the same memory: nothing is copied.
                let len = view.len() as i64;
                let norm = |i: i64| if i < 0 { i + len } else { i };
                let s = start.map(norm).unwrap_or(0).clamp(0, len) as usize;
                let e = end.map(norm).unwrap_or(len).clamp(0, len) as usize;
                view.bytes().map_err(rt_error)?;
                return Ok(Value::view(view.sub(s, e.max(s))));
            }
            let b = view.bytes().map_err(rt_error)?;
            Ok(Value::bytes(
                slice_positions(b.len(), start, end, step)?
                    .into_iter()
                    .map(|i| b[i])
                    .collect(),
            ))
        }
        Value::Text(s) => {
            if s.is_ascii() && step == 1 {
                let len = s.len() as i64;
                let norm = |i: i64| if i < 0 { i + len } else { i };
                let a = start.map(norm).unwrap_or(0).clamp(0, len) as usize;
                let e = end.map(norm).unwrap_or(len).clamp(0, len) as usize;
                return Ok(Value::text(if a < e { &s[a..e] } else { "" }));
            }
            let chars: Vec<char> = s.chars().collect();
            Ok(Value::text(
                slice_positions(chars.len(), start, end, step)?
                    .into_iter()
                    .map(|i| chars[i])
                    .collect::<String>(),
            ))
        }
        other => fail(format!("cannot slice {}", type_name(other, Some(types)))),
    }
}

#[allow(dead_code)]
fn display(v: &Value, types: &TypeTable) -> String {
    DisplayValue(v, Some(types)).to_string()
}
