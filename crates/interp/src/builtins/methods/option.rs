//! Option and Result methods, and the methods every value has.
//!
//! Options are nil-based: any non-nil value is "some", so these methods work
//! on every value. `Ok(v)`/`Err(e)` are real variants with their own
//! meaning for the same names.

use simple_syntax::{Symbol, known as k};

use super::{call1, expect_args};
use crate::error::{Eval, Loc, fail};
use crate::machine::Machine;
use crate::value::{DisplayValue, Value};

pub(super) const NAMES: &[Symbol] = &[
    k::UNWRAP,
    k::UNWRAP_OR,
    k::UNWRAP_OR_ELSE,
    k::EXPECT,
    k::IS_SOME,
    k::IS_NONE,
    k::IS_OK,
    k::IS_ERR,
    k::MAP,
    k::MAP_ERR,
    k::OK_METHOD,
    k::ERR_METHOD,
    k::AND_THEN,
    k::TO_TEXT,
    k::TO_STRING,
    k::COPY,
];

pub(super) fn call(
    m: &mut Machine,
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    loc: Loc,
) -> Option<Eval> {
    if !NAMES.contains(&name) {
        return None;
    }
    Some(call_inner(m, recv, name, args, loc))
}

fn shown(m: &Machine, v: &Value) -> String {
    DisplayValue(v, Some(&m.program.types)).to_string()
}

fn call_inner(m: &mut Machine, recv: &Value, name: Symbol, args: &mut [Value], loc: Loc) -> Eval {
    match name {
        k::TO_TEXT | k::TO_STRING => {
            return expect_args(name, args, 0, 0).map(|_| Value::text(shown(m, recv)));
        }
        k::COPY => return expect_args(name, args, 0, 0).map(|_| recv.clone()),
        _ => {}
    }
    if let Some((ok, inner)) = recv.as_result() {
        let inner = inner.clone();
        return match name {
            k::UNWRAP => {
                expect_args(name, args, 0, 0)?;
                if ok {
                    Ok(inner)
                } else {
                    fail(format!("called `unwrap` on {}", shown(m, recv)))
                }
            }
            k::EXPECT => {
                expect_args(name, args, 1, 1)?;
                if ok {
                    Ok(inner)
                } else {
                    let msg = shown(m, &args[0]);
                    fail(format!("{msg}: {}", shown(m, &inner)))
                }
            }
            k::UNWRAP_OR => {
                expect_args(name, args, 1, 1)?;
                Ok(if ok {
                    inner
                } else {
                    std::mem::take(&mut args[0])
                })
            }
            k::UNWRAP_OR_ELSE => {
                expect_args(name, args, 1, 1)?;
                if ok {
                    Ok(inner)
                } else {
                    call1(m, &args[0].clone(), inner, loc)
                }
            }
            k::IS_OK => expect_args(name, args, 0, 0).map(|_| Value::Bool(ok)),
            k::IS_ERR => expect_args(name, args, 0, 0).map(|_| Value::Bool(!ok)),
            k::IS_SOME => expect_args(name, args, 0, 0).map(|_| Value::Bool(true)),
            k::IS_NONE => expect_args(name, args, 0, 0).map(|_| Value::Bool(false)),
            k::OK_METHOD => {
                expect_args(name, args, 0, 0).map(|_| if ok { inner } else { Value::Nil })
            }
            k::ERR_METHOD => {
                expect_args(name, args, 0, 0).map(|_| if ok { Value::Nil } else { inner })
            }
            k::MAP => {
                expect_args(name, args, 1, 1)?;
                if ok {
                    Ok(Value::ok(call1(m, &args[0].clone(), inner, loc)?))
                } else {
                    Ok(recv.clone())
                }
            }
            k::MAP_ERR => {
                expect_args(name, args, 1, 1)?;
                if ok {
                    Ok(recv.clone())
                } else {
                    Ok(Value::err(call1(m, &args[0].clone(), inner, loc)?))
                }
            }
            k::AND_THEN => {
                expect_args(name, args, 1, 1)?;
                if ok {
                    call1(m, &args[0].clone(), inner, loc)
                } else {
                    Ok(recv.clone())
                }
            }
            _ => fail(format!("Result has no method `{name}`")),
        };
    }
    // Option semantics: nil is None, anything else is Some(itself).
    let some = !recv.is_nil();
    match name {
        k::UNWRAP => {
            expect_args(name, args, 0, 0)?;
            if some {
                Ok(recv.clone())
            } else {
                fail("called `unwrap` on nil")
            }
        }
        k::EXPECT => {
            expect_args(name, args, 1, 1)?;
            if some {
                Ok(recv.clone())
            } else {
                fail(shown(m, &args[0]))
            }
        }
        k::UNWRAP_OR => {
            expect_args(name, args, 1, 1)?;
            Ok(if some {
                recv.clone()
            } else {
                std::mem::take(&mut args[0])
            })
        }
        k::UNWRAP_OR_ELSE => {
            expect_args(name, args, 1, 1)?;
            if some {
                Ok(recv.clone())
            } else {
                let f = args[0].clone();
                crate::compile::call_value_with(m, &f, [], loc)
            }
        }
        k::IS_SOME => expect_args(name, args, 0, 0).map(|_| Value::Bool(some)),
        k::IS_NONE => expect_args(name, args, 0, 0).map(|_| Value::Bool(!some)),
        k::MAP | k::AND_THEN => {
            expect_args(name, args, 1, 1)?;
            if some {
                call1(m, &args[0].clone(), recv.clone(), loc)
            } else {
                Ok(Value::Nil)
            }
        }
        k::OK_METHOD => expect_args(name, args, 0, 0).map(|_| recv.clone()),
        k::IS_OK => expect_args(name, args, 0, 0).map(|_| Value::Bool(some)),
        k::IS_ERR => expect_args(name, args, 0, 0).map(|_| Value::Bool(!some)),
        _ => fail(format!("`{name}` needs a Result (`Ok`/`Err`) receiver")),
    }
}
