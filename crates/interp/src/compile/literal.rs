//! Literals that build values: interpolated strings, arrays, dicts.

use std::rc::Rc;

use super::Compiler;
use crate::builtins::format::{FormatSpec, write_formatted};
use crate::error::{Loc, fail};
use crate::function::{Code, code};
use crate::ir::{Elem, FPart, Node};
use crate::ops::type_name;
use crate::value::{Dict, DictKey, Value};

enum Piece {
    Text(String),
    Value(Code, Option<FormatSpec>),
    BadSpec(String),
}

impl Compiler<'_> {
    pub(super) fn fstring(&mut self, parts: &[FPart], loc: Loc) -> Code {
        let pieces: Vec<Piece> = parts
            .iter()
            .map(|p| match p {
                FPart::Text(t) => Piece::Text(t.clone()),
                FPart::Value(node, spec) => {
                    let code = self.node(node);
                    match spec.as_deref().map(FormatSpec::parse) {
                        None => Piece::Value(code, None),
                        Some(Ok(spec)) => Piece::Value(code, Some(spec)),
                        Some(Err(message)) => Piece::BadSpec(message),
                    }
                }
            })
            .collect();
        code(move |m| {
            let mut out = String::new();
            for piece in &pieces {
                match piece {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Value(code, spec) => {
                        let v = code(m).get()?;
                        let v = super::overload::shown(m, v, loc)?;
                        match spec {
                            None => {
                                crate::value::write_display(&mut out, &v, Some(&m.program.types))
                            }
                            Some(spec) => write_formatted(&mut out, &v, spec, &m.program.types)
                                .map_err(|c| c.at(loc))?,
                        }
                    }
                    Piece::BadSpec(message) => return fail(message.clone()).map_err(|c| c.at(loc)),
                }
            }
            Ok(Value::text(out))
        })
    }

    pub(super) fn array(&mut self, elems: &[Elem], loc: Loc) -> Code {
        if elems.iter().all(|e| !e.spread) {
            let codes: Vec<Code> = elems.iter().map(|e| self.node(&e.node)).collect();
            return code(move |m| {
                let mut out = Vec::with_capacity(codes.len());
                for c in &codes {
                    out.push(c(m).get()?);
                }
                Ok(Value::array(out))
            });
        }
        let codes: Vec<(Code, bool)> = elems
            .iter()
            .map(|e| (self.node(&e.node), e.spread))
            .collect();
        code(move |m| {
            let mut out = Vec::new();
            for (c, spread) in &codes {
                let v = c(m).get()?;
                if !spread {
                    out.push(v);
                    continue;
                }
                match v {
                    Value::Array(items) | Value::Tuple(items) => out.extend(items.iter()),
                    Value::Bytes(b) => out.extend(b.iter().map(|x| Value::Int(*x as i64))),
                    Value::Range(r) => {
                        if r.len() > 1 << 28 {
                            return fail("range too large to spread").map_err(|c| c.at(loc));
                        }
                        out.extend(r.iter().map(Value::Int))
                    }
                    other => {
                        return fail(format!(
                            "cannot spread {} into an array",
                            type_name(&other, Some(&m.program.types))
                        ))
                        .map_err(|c| c.at(loc));
                    }
                }
            }
            Ok(Value::array(out))
        })
    }

    pub(super) fn dict(&mut self, pairs: &[(Node, Node)], loc: Loc) -> Code {
        let codes: Vec<(Code, Code)> = pairs
            .iter()
            .map(|(k, v)| (self.node(k), self.node(v)))
            .collect();
        code(move |m| {
            let mut d = Dict::new();
            for (k, v) in &codes {
                let key = k(m).get()?;
                let value = v(m).get()?;
                d.insert(dict_key(key, m).map_err(|c| c.at(loc))?, value);
            }
            Ok(Value::Dict(Rc::new(d)))
        })
    }
}

/// Checks that `v` can be a dict key.
pub(crate) fn dict_key(v: Value, m: &crate::machine::Machine) -> crate::error::Eval<DictKey> {
    let name = type_name(&v, Some(&m.program.types));
    match DictKey::new(v) {
        Some(k) => Ok(k),
        None => fail(format!(
            "{name} cannot be a dict key (keys are texts, ints, bools or tuples of those)"
        )),
    }
}
