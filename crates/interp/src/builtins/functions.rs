//! Built-in functions: output, conversion, assertions, process control.

use std::rc::Rc;

use super::Builtin;
use super::format::{format_placeholders, has_placeholders};
use crate::error::{Ctrl, ErrorKind, Eval, RuntimeError, fail};
use crate::function::NativeFn;
use crate::machine::Machine;
use crate::ops::type_name;
use crate::value::{Value, write_debug, write_display};

/// A built-in as a first-class function value (`xs.map(str)`).
pub fn native_value(b: Builtin) -> Value {
    Value::Native(Rc::new(NativeFn {
        name: b.name().to_string(),
        min_args: 0,
        max_args: None,
        f: Box::new(move |m, args| {
            let mut buf: crate::value::ArgBuf = args.iter_mut().map(std::mem::take).collect();
            call(m, b, &mut buf)
        }),
    }))
}

fn arity(b: Builtin, args: &[Value], min: usize, max: usize) -> Eval<()> {
    super::methods::expect_args(b.name(), args, min, max)
}

/// The text `print` writes for its arguments.
fn print_text(m: &Machine, args: &[Value]) -> Eval<String> {
    let types = &m.program.types;
    if let [Value::Text(fmt), rest @ ..] = args
        && !rest.is_empty()
        && has_placeholders(fmt)
    {
        return format_placeholders(fmt, rest, types);
    }
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write_display(&mut out, a, Some(types));
    }
    Ok(out)
}

/// After a write to stdout: a closed pipe ends the program quietly (with
/// the status of a process killed by SIGPIPE); any other write error ends
/// it with an error.
fn output_failure(m: &mut Machine) -> Eval {
    if !m.host.out.failed() {
        return Ok(Value::Nil);
    }
    match m.host.out.take_failure() {
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            let code = crate::services::BROKEN_PIPE_STATUS;
            Err(Ctrl::error(Box::new(
                RuntimeError::new(format!("exit({code})")).with_kind(ErrorKind::Exit(code)),
            )))
        }
        Some(e) => fail(format!("cannot write to stdout: {e}")),
        None => Ok(Value::Nil),
    }
}

pub fn call(m: &mut Machine, b: Builtin, args: &mut [Value]) -> Eval {
    use Builtin as B;
    let types = &m.program.types;
    match b {
        B::Print | B::Println => {
            let mut s = print_text(m, args)?;
            s.push('\n');
            m.host.out.write_str(&s);
            output_failure(m)
        }
        B::PrintRaw => {
            let s = print_text(m, args)?;
            m.host.out.write_str(&s);
            output_failure(m)
        }
        B::Eprint | B::Eprintln => {
            let mut s = print_text(m, args)?;
            s.push('\n');
            m.write_err(&s);
            Ok(Value::Nil)
        }
        B::Format => {
            let Some((first, rest)) = args.split_first() else {
                return fail("`format` needs a format text");
            };
            let Value::Text(fmt) = first else {
                return fail(format!(
                    "`format` needs a text first, found {}",
                    type_name(first, Some(types))
                ));
            };
            Ok(Value::text(format_placeholders(fmt, rest, types)?))
        }
        B::Len => {
            arity(b, args, 1, 1)?;
            super::methods::length(&args[0], types).map(Value::Int)
        }
        B::Range => {
            arity(b, args, 1, 3)?;
            let ints: Vec<i64> = args
                .iter()
                .map(|a| match a {
                    Value::Int(i) => Ok(*i),
                    other => fail(format!(
                        "`range` needs ints, found {}",
                        type_name(other, Some(types))
                    )),
                })
                .collect::<Eval<_>>()?;
            match ints.as_slice() {
                [n] => Ok(Value::range(0, *n, false)),
                [a, b] => Ok(Value::range(*a, *b, false)),
                [a, b, step] => {
                    if *step == 0 {
                        return fail("`range` step cannot be zero");
                    }
                    Ok(Value::stepped_range(*a, *b, *step))
                }
                _ => unreachable!("arity checked"),
            }
        }
        B::Int => {
            arity(b, args, 1, 1)?;
            match &args[0] {
                Value::Int(i) => Ok(Value::Int(*i)),
                Value::Float(f) => {
                    if f.is_nan() || f.is_infinite() {
                        return fail(format!("cannot convert {f} to int"));
                    }
                    Ok(Value::Int(*f as i64))
                }
                Value::Bool(v) => Ok(Value::Int(*v as i64)),
                Value::Text(s) => super::methods::parse_int(s)
                    .map(Value::Int)
                    .ok_or_else(|| crate::error::rt_error(format!("cannot convert {s:?} to int"))),
                other => fail(format!(
                    "cannot convert {} to int",
                    type_name(other, Some(types))
                )),
            }
        }
        B::Float => {
            arity(b, args, 1, 1)?;
            match &args[0] {
                Value::Int(i) => Ok(Value::Float(*i as f64)),
                Value::Float(f) => Ok(Value::Float(*f)),
                Value::Bool(v) => Ok(Value::Float(*v as i64 as f64)),
                Value::Text(s) => {
                    s.trim().parse::<f64>().map(Value::Float).map_err(|_| {
                        crate::error::rt_error(format!("cannot convert {s:?} to float"))
                    })
                }
                other => fail(format!(
                    "cannot convert {} to float",
                    type_name(other, Some(types))
                )),
            }
        }
        B::Str => {
            arity(b, args, 1, 1)?;
            match &args[0] {
                Value::Text(_) => return Ok(std::mem::take(&mut args[0])),
                Value::Int(i) => {
                    let mut buf = [0; 20];
                    let digits = crate::value::int_digits(*i, &mut buf);
                    return Ok(Value::Text(crate::value::Str::new(digits)));
                }
                _ => {}
            }
            let mut s = String::new();
            write_display(&mut s, &args[0], Some(types));
            Ok(Value::text(s))
        }
        B::Repr => {
            arity(b, args, 1, 1)?;
            let mut s = String::new();
            write_debug(&mut s, &args[0], Some(types));
            Ok(Value::text(s))
        }
        B::Freeze | B::Unfreeze => {
            arity(b, args, 1, 1)?;
            Ok(crate::value::set_frozen(
                std::mem::take(&mut args[0]),
                b == B::Freeze,
            ))
        }
        B::IsFrozen => {
            arity(b, args, 1, 1)?;
            Ok(Value::Bool(crate::value::is_frozen(&args[0])))
        }
        B::SetFrom => {
            arity(b, args, 0, 1)?;
            match args.first() {
                Some(items) => super::methods::set_from_items(items, Some(types)),
                None => Ok(Value::set([])),
            }
        }
        B::WireEncode => {
            arity(b, args, 1, 1)?;
            // Ok(bytes), or Err(why) for a value with no wire form: the
            // worker reports that to its parent instead of failing.
            Ok(match super::wire::encode(&args[0], types) {
                Ok(data) => Value::ok(Value::bytes(data)),
                Err(why) => Value::err(Value::text(why)),
            })
        }
        B::WireDecode => {
            arity(b, args, 1, 1)?;
            // Ok(value), or Err(why) for bytes that are not an encoded value.
            let decoded = match &args[0] {
                Value::Bytes(data) => super::wire::decode(data, types),
                Value::View(w) => match w.bytes() {
                    Ok(b) => super::wire::decode(b, types),
                    Err(e) => Err(e),
                },
                other => {
                    return fail(format!(
                        "`__wire_decode` needs bytes, found {}",
                        type_name(other, Some(types))
                    ));
                }
            };
            Ok(match decoded {
                Ok(v) => Value::ok(v),
                Err(why) => Value::err(Value::text(why)),
            })
        }
        B::ExitError => {
            arity(b, args, 0, 0)?;
            Ok(m.host.exit_error.clone().map_or(Value::Nil, Value::text))
        }
        B::TypeOf => {
            arity(b, args, 1, 1)?;
            Ok(Value::text(type_name(&args[0], Some(types))))
        }
        B::Assert => {
            arity(b, args, 1, 2)?;
            if args[0].truthy() {
                return Ok(Value::Nil);
            }
            let message = match args.get(1) {
                Some(msg) => {
                    let mut s = String::from("assertion failed: ");
                    write_display(&mut s, msg, Some(types));
                    s
                }
                None => "assertion failed".to_string(),
            };
            Err(Ctrl::error(Box::new(
                RuntimeError::new(message).with_kind(ErrorKind::Assertion),
            )))
        }
        B::Fail => {
            arity(b, args, 0, 1)?;
            let mut s = String::new();
            match args.first() {
                Some(msg) => write_display(&mut s, msg, Some(types)),
                None => s.push_str("failed"),
            }
            fail(s)
        }
        B::Exit => {
            arity(b, args, 0, 1)?;
            let code = match args.first() {
                None => 0,
                Some(Value::Int(i)) => *i as i32,
                Some(other) => {
                    return fail(format!(
                        "`exit` needs an int code, found {}",
                        type_name(other, Some(types))
                    ));
                }
            };
            Err(Ctrl::error(Box::new(
                RuntimeError::new(format!("exit({code})")).with_kind(ErrorKind::Exit(code)),
            )))
        }
        B::Some => {
            arity(b, args, 1, 1)?;
            Ok(std::mem::take(&mut args[0]))
        }
        B::Ok | B::Err => {
            arity(b, args, 1, 1)?;
            let v = std::mem::take(&mut args[0]);
            Ok(if b == B::Ok {
                Value::ok(v)
            } else {
                Value::err(v)
            })
        }
        B::Args => {
            arity(b, args, 0, 0)?;
            Ok(Value::array(
                m.host
                    .args
                    .iter()
                    .map(|a| Value::text(a.as_str()))
                    .collect(),
            ))
        }
        B::Bytes => {
            arity(b, args, 0, 1)?;
            match args.first() {
                None => Ok(Value::bytes(Vec::new())),
                Some(Value::Text(s)) => Ok(Value::bytes(s.as_bytes().to_vec())),
                Some(Value::Bytes(v)) => Ok(Value::Bytes(v.clone())),
                Some(Value::View(w)) => Ok(Value::bytes(
                    w.bytes().map_err(crate::error::rt_error)?.to_vec(),
                )),
                Some(Value::Int(n)) => {
                    if *n < 0 || *n > 1 << 31 {
                        return fail(format!("`bytes({n})`: size out of range"));
                    }
                    Ok(Value::bytes(vec![0; *n as usize]))
                }
                Some(Value::Array(items)) => {
                    let mut out = Vec::with_capacity(items.len());
                    for item in items.iter() {
                        match item {
                            Value::Int(x) if (0..=255).contains(&x) => out.push(x as u8),
                            other => {
                                return fail(format!(
                                    "`bytes` needs ints in 0..=255, found {}",
                                    crate::value::DisplayValue(&other, Some(types))
                                ));
                            }
                        }
                    }
                    Ok(Value::bytes(out))
                }
                Some(other) => fail(format!(
                    "cannot make bytes from {}",
                    type_name(other, Some(types))
                )),
            }
        }
        B::Chr => {
            arity(b, args, 1, 1)?;
            match &args[0] {
                Value::Int(i) => match u32::try_from(*i).ok().and_then(char::from_u32) {
                    Some(c) => Ok(Value::text(c.to_string())),
                    None => fail(format!("{i} is not a Unicode code point")),
                },
                other => fail(format!(
                    "`chr` needs an int, found {}",
                    type_name(other, Some(types))
                )),
            }
        }
        B::Ord => {
            arity(b, args, 1, 1)?;
            match &args[0] {
                Value::Text(s) if s.chars().count() == 1 => {
                    Ok(Value::Int(s.chars().next().map_or(0, |c| c as i64)))
                }
                other => fail(format!(
                    "`ord` needs a one-character text, found {}",
                    crate::value::DisplayValue(other, Some(types))
                )),
            }
        }
        B::Min | B::Max => {
            let items: Vec<Value> = match args {
                [Value::Array(a)] => a.values().into_owned(),
                _ => args.to_vec(),
            };
            if items.is_empty() {
                return fail(format!("`{}` of nothing", b.name()));
            }
            super::methods::extreme(&items, b == B::Max, types)
        }
        B::AtExit => {
            arity(b, args, 1, 1)?;
            if !matches!(
                args[0],
                Value::Function(_) | Value::Closure(_) | Value::Native(_) | Value::Bound(_)
            ) {
                return fail(format!(
                    "`at_exit` needs a function, found {}",
                    type_name(&args[0], Some(types))
                ));
            }
            let f = std::mem::take(&mut args[0]);
            m.host.exit_handlers.push((std::process::id(), f));
            Ok(Value::Nil)
        }
        #[cfg(feature = "spec")]
        B::SpecGroup => {
            arity(b, args, 2, 2)?;
            crate::spec::group(m, &args[0].clone(), &args[1].clone())
        }
        #[cfg(feature = "spec")]
        B::SpecExample => {
            arity(b, args, 3, 3)?;
            let skip = args[2].truthy();
            crate::spec::example(m, &args[0].clone(), &args[1].clone(), skip)
        }
        #[cfg(feature = "spec")]
        B::SpecHook => {
            arity(b, args, 2, 2)?;
            crate::spec::hook(m, &args[0].clone(), &args[1].clone())
        }
        #[cfg(feature = "spec")]
        B::SpecFail => {
            arity(b, args, 3, 3)?;
            let actual = std::mem::take(&mut args[2]);
            let expected = std::mem::take(&mut args[1]);
            crate::spec::failure(&args[0], expected, actual)
        }
        #[cfg(feature = "spec")]
        B::RegexMatch => {
            arity(b, args, 2, 2)?;
            crate::spec::regex_match(m, &args[0], &args[1])
        }
        #[cfg(not(feature = "spec"))]
        B::SpecGroup | B::SpecExample | B::SpecHook | B::SpecFail | B::RegexMatch => fail(format!(
            "`{}`: this interpreter was built without spec support (the `spec` feature of simple-interp)",
            b.name()
        )),
        B::Abs => {
            arity(b, args, 1, 1)?;
            match &args[0] {
                Value::Int(i) => i
                    .checked_abs()
                    .map(Value::Int)
                    .ok_or_else(|| crate::error::rt_error("integer overflow in abs")),
                Value::Float(f) => Ok(Value::Float(f.abs())),
                other => fail(format!(
                    "`abs` needs a number, found {}",
                    type_name(other, Some(types))
                )),
            }
        }
    }
}
