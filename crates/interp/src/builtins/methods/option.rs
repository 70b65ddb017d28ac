//! Option and Result methods, and the methods every value has.
//!
//! Options are nil-based: any non-nil value is "some", so these methods work
//! on every value. `Ok(v)`/`Err(e)` are real variants with their own
//! meaning for the same names.

use simple_syntax::{Symbol, known as k};

use super::names::M;
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
    k::FILTER,
];

/// Option/Result methods beyond [`NAMES`].
pub(super) const EXTRA: &[M] = &[
    M::IsSomeAnd,
    M::IsNoneOr,
    M::IsOkAnd,
    M::IsErrAnd,
    M::UnwrapOrDefault,
    M::UnwrapErr,
    M::ExpectErr,
    M::Or,
    M::OrElse,
    M::OkOr,
    M::OkOrElse,
    M::MapOr,
    M::MapOrElse,
    M::Flatten,
    M::Clone,
];

pub(super) fn call(
    m: &mut Machine,
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    loc: Loc,
) -> Option<Eval> {
    if NAMES.contains(&name) && name != k::FILTER {
        return Some(call_inner(m, recv, name, args, loc));
    }
    let method = if name == k::FILTER {
        None
    } else {
        Some(M::of(name).filter(|x| EXTRA.contains(x))?)
    };
    Some(call_extra(m, recv, method, name, args, loc))
}

/// Calls `f` with no arguments.
fn call0(m: &mut Machine, f: &Value, loc: Loc) -> Eval {
    crate::compile::call_value_with(m, f, [], loc)
}

/// The Option/Result methods beyond [`NAMES`] (and `filter`): `method` is
/// `None` for `filter`.
fn call_extra(
    m: &mut Machine,
    recv: &Value,
    method: Option<M>,
    name: Symbol,
    args: &mut [Value],
    loc: Loc,
) -> Eval {
    let Some(method) = method else {
        // `filter(pred)`: the value when `pred` accepts it, else nil.
        expect_args(name, args, 1, 1)?;
        if recv.is_nil() {
            return Ok(Value::Nil);
        }
        let f = std::mem::take(&mut args[0]);
        return Ok(if call1(m, &f, recv.clone(), loc)?.truthy() {
            recv.clone()
        } else {
            Value::Nil
        });
    };
    if method == M::Clone {
        return expect_args(name, args, 0, 0).map(|_| recv.clone());
    }
    let arity = match method {
        M::UnwrapOrDefault | M::UnwrapErr | M::Flatten => 0,
        M::MapOr | M::MapOrElse => 2,
        _ => 1,
    };
    expect_args(name, args, arity, arity)?;
    // `present` is Some/Ok; `inner` the value inside (the receiver itself
    // for a nil-based option) or the error of an `Err`.
    let result = recv.as_result().map(|(ok, v)| (ok, v.clone()));
    let is_result = result.is_some();
    let (present, inner) = match result {
        Some((ok, v)) => (ok, v),
        None => (!recv.is_nil(), recv.clone()),
    };
    match method {
        // On a Result (a present value) these test the Result itself.
        M::IsSomeAnd if is_result => Ok(Value::Bool(
            call1(m, &args[0].clone(), recv.clone(), loc)?.truthy(),
        )),
        M::IsNoneOr if is_result => Ok(Value::Bool(
            call1(m, &args[0].clone(), recv.clone(), loc)?.truthy(),
        )),
        M::IsSomeAnd | M::IsOkAnd => Ok(Value::Bool(
            present && call1(m, &args[0].clone(), inner, loc)?.truthy(),
        )),
        M::IsNoneOr => Ok(Value::Bool(
            !present || call1(m, &args[0].clone(), inner, loc)?.truthy(),
        )),
        M::IsErrAnd if is_result => Ok(Value::Bool(
            !present && call1(m, &args[0].clone(), inner, loc)?.truthy(),
        )),
        M::IsErrAnd | M::UnwrapErr | M::ExpectErr if !is_result => fail(format!(
            "`{name}` needs a Result (`Ok`/`Err`) receiver, found {}",
            shown(m, recv)
        )),
        M::UnwrapErr => {
            if present {
                fail(format!("called `unwrap_err` on {}", shown(m, recv)))
            } else {
                Ok(inner)
            }
        }
        M::ExpectErr => {
            if present {
                fail(format!("{}: {}", shown(m, &args[0]), shown(m, &inner)))
            } else {
                Ok(inner)
            }
        }
        // There is no type to take a default from: an absent value gives nil.
        M::UnwrapOrDefault => Ok(if present { inner } else { Value::Nil }),
        M::Or => Ok(if present {
            recv.clone()
        } else {
            std::mem::take(&mut args[0])
        }),
        M::OrElse => {
            if present {
                Ok(recv.clone())
            } else if is_result {
                call1(m, &args[0].clone(), inner, loc)
            } else {
                call0(m, &args[0].clone(), loc)
            }
        }
        // A Result already is one.
        M::OkOr | M::OkOrElse if is_result => Ok(recv.clone()),
        M::OkOr => Ok(if present {
            Value::ok(inner)
        } else {
            Value::err(std::mem::take(&mut args[0]))
        }),
        M::OkOrElse => {
            if present {
                Ok(Value::ok(inner))
            } else {
                Ok(Value::err(call0(m, &args[0].clone(), loc)?))
            }
        }
        M::MapOr => {
            if present {
                call1(m, &args[1].clone(), inner, loc)
            } else {
                Ok(std::mem::take(&mut args[0]))
            }
        }
        M::MapOrElse => {
            if present {
                call1(m, &args[1].clone(), inner, loc)
            } else if is_result {
                call1(m, &args[0].clone(), inner, loc)
            } else {
                call0(m, &args[0].clone(), loc)
            }
        }
        // Nil-based options are flat already; `Ok(Ok(v))` becomes `Ok(v)`.
        M::Flatten => Ok(match recv.as_result() {
            Some((true, v)) if v.as_result().is_some() => v.clone(),
            _ => recv.clone(),
        }),
        _ => fail(format!("`{name}` is not an Option or Result method")),
    }
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
