//! Host functions: the registry behind `extern fn`, and the conversions
//! that let a Rust function be registered in one line.
//!
//! ```
//! # use simple_interp::{Interpreter, Value};
//! let mut interp = Interpreter::new();
//! interp.register("rt_getpid", || std::process::id() as i64);
//! interp.register("add", |a: i64, b: i64| a + b);
//! let src = "extern fn add(a: i64, b: i64) -> i64\nadd(40, 2)";
//! assert_eq!(interp.eval("<doc>", src).unwrap(), Value::Int(42));
//! ```
//!
//! Arguments convert through [`FromValue`], results through [`HostReturn`]
//! (a `Result::Err` becomes a Simple runtime error at the call).

use std::fmt::Display;
use std::rc::Rc;

use simple_syntax::Symbol;

use crate::error::{Eval, fail, rt_error};
use crate::function::NativeFn;
use crate::machine::Machine;
use crate::ops::type_name;
use crate::suggest;
use crate::types::TypeTable;
use crate::value::Value;

/// Converts a Simple value into a Rust argument.
///
/// Implemented for the scalars, `String`, `Value`, `Vec<T>`, `Option<T>`
/// (nil is `None`), `Result<T, E>` (Simple's `Ok`/`Err`), `HashMap` and
/// `BTreeMap`, tuples up to six items, and structs declared with
/// [`crate::host_struct!`].
pub trait FromValue: Sized {
    /// The kind named in "must be ..." messages.
    const EXPECTED: &'static str;
    fn from_value(v: &mut Value) -> Option<Self>;
    /// [`FromValue::from_value`] with the program's types at hand (host
    /// structs read Simple struct fields by name). Containers forward it.
    #[doc(hidden)]
    fn from_value_in(v: &mut Value, _types: &TypeTable) -> Option<Self> {
        Self::from_value(v)
    }
}

impl FromValue for i64 {
    const EXPECTED: &'static str = "an int";
    fn from_value(v: &mut Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        }
    }
}

impl FromValue for f64 {
    const EXPECTED: &'static str = "a number";
    fn from_value(v: &mut Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }
}

impl FromValue for bool {
    const EXPECTED: &'static str = "a bool";
    fn from_value(v: &mut Value) -> Option<Self> {
        match v {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl FromValue for String {
    const EXPECTED: &'static str = "a text";
    fn from_value(v: &mut Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.as_str().to_string()),
            _ => None,
        }
    }
}

/// Byte data: a byte buffer, or a text's UTF-8 bytes.
impl FromValue for Vec<u8> {
    const EXPECTED: &'static str = "bytes or a text";
    fn from_value(v: &mut Value) -> Option<Self> {
        match v {
            Value::Bytes(b) => Some(b.to_vec()),
            Value::View(w) => w.bytes().ok().map(<[u8]>::to_vec),
            Value::Text(s) => Some(s.as_bytes().to_vec()),
            Value::Array(items) => items
                .iter()
                .map(|x| match x {
                    Value::Int(i) if (0..=255).contains(&i) => Some(i as u8),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }
}

impl FromValue for Value {
    const EXPECTED: &'static str = "a value";
    fn from_value(v: &mut Value) -> Option<Self> {
        Some(std::mem::take(v))
    }
}

/// Converts a Rust value into a Simple value.
///
/// Implemented for the same types as [`FromValue`], except `Result`: a host
/// function returning `Result` raises its `Err` as a runtime error, so a
/// Simple `Ok`/`Err` value is built with [`crate::SimpleResult`].
pub trait IntoValue: Sized {
    fn into_value(self) -> Value;
    /// [`IntoValue::into_value`] with the program's types at hand (host
    /// structs become instances of the Simple struct of the same name).
    /// Containers forward it.
    #[doc(hidden)]
    fn into_value_in(self, _types: &TypeTable) -> Value {
        self.into_value()
    }
}

impl IntoValue for Value {
    fn into_value(self) -> Value {
        self
    }
}
impl IntoValue for () {
    fn into_value(self) -> Value {
        Value::Nil
    }
}
impl IntoValue for i64 {
    fn into_value(self) -> Value {
        Value::Int(self)
    }
}
impl IntoValue for f64 {
    fn into_value(self) -> Value {
        Value::Float(self)
    }
}
impl IntoValue for bool {
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
}
impl IntoValue for String {
    fn into_value(self) -> Value {
        Value::text(self)
    }
}
impl IntoValue for &str {
    fn into_value(self) -> Value {
        Value::text(self)
    }
}
/// Bytes come back as a compact byte buffer.
impl IntoValue for Vec<u8> {
    fn into_value(self) -> Value {
        Value::bytes(self)
    }
}

/// What a host function may return: a value, or a `Result` whose error
/// becomes a runtime error.
pub trait HostReturn {
    fn into_eval(self) -> Eval;
    #[doc(hidden)]
    fn into_eval_in(self, _types: &TypeTable) -> Eval
    where
        Self: Sized,
    {
        self.into_eval()
    }
}

impl<T: IntoValue> HostReturn for T {
    fn into_eval(self) -> Eval {
        Ok(self.into_value())
    }
    fn into_eval_in(self, types: &TypeTable) -> Eval {
        Ok(self.into_value_in(types))
    }
}

/// A host function's error, shown as the runtime error's message.
#[derive(Debug)]
pub struct HostError(pub String);

impl<T: IntoValue, E: Display> HostReturn for Result<T, E> {
    fn into_eval(self) -> Eval {
        self.map(IntoValue::into_value)
            .map_err(|e| rt_error(e.to_string()))
    }
    fn into_eval_in(self, types: &TypeTable) -> Eval {
        self.map(|v| v.into_value_in(types))
            .map_err(|e| rt_error(e.to_string()))
    }
}

/// A Rust function callable from Simple, for argument tuples `Args`.
pub trait HostFunction<Args>: 'static {
    const ARITY: usize;
    fn call(&self, name: &str, args: &mut [Value], types: &TypeTable) -> Eval;
}

fn convert<T: FromValue>(name: &str, index: usize, v: &mut Value, types: &TypeTable) -> Eval<T> {
    let shown = type_name(v, Some(types));
    T::from_value_in(v, types).ok_or_else(|| {
        rt_error(format!(
            "argument {} of `{name}` must be {}, found {shown}",
            index + 1,
            T::EXPECTED
        ))
    })
}

macro_rules! host_fn {
    ($n:expr; $($arg:ident $idx:tt),*) => {
        impl<F, R, $($arg: FromValue),*> HostFunction<($($arg,)*)> for F
        where
            F: Fn($($arg),*) -> R + 'static,
            R: HostReturn,
        {
            const ARITY: usize = $n;
            #[allow(unused_variables)]
            fn call(&self, name: &str, args: &mut [Value], types: &TypeTable) -> Eval {
                if args.len() != $n {
                    return fail(format!("`{name}` takes {} argument(s), {} given", $n, args.len()));
                }
                (self)($(convert::<$arg>(name, $idx, &mut args[$idx], types)?),*).into_eval_in(types)
            }
        }
    };
}

host_fn!(0;);
host_fn!(1; A 0);
host_fn!(2; A 0, B 1);
host_fn!(3; A 0, B 1, C 2);
host_fn!(4; A 0, B 1, C 2, D 3);
host_fn!(5; A 0, B 1, C 2, D 3, E 4);
host_fn!(6; A 0, B 1, C 2, D 3, E 4, G 5);

/// What a raw host function can reach of the running interpreter.
pub struct HostContext<'a> {
    machine: &'a mut Machine,
}

impl HostContext<'_> {
    /// Flushes the interpreter's buffered stdout and stderr (do this before
    /// `fork`, and before ending the process).
    pub fn flush(&mut self) {
        self.machine.flush();
    }

    /// Whether spec examples are running in this process (`simple test`):
    /// a host function must not end the process then, or the test run ends
    /// without its summary.
    pub fn in_spec_run(&self) -> bool {
        #[cfg(feature = "spec")]
        return self.machine.in_spec_run();
        #[cfg(not(feature = "spec"))]
        false
    }

    /// The display form of a value.
    pub fn display(&self, v: &Value) -> String {
        crate::value::DisplayValue(v, Some(&self.machine.program.types)).to_string()
    }
}

impl Value {
    /// A function value that calls `f`, its arguments and result converted
    /// as for [`crate::Interpreter::register`]. The closure lives as long
    /// as the value: a host can hand a program an object whose release it
    /// notices (the closure's captures are dropped with the last reference).
    ///
    /// ```
    /// # use simple_interp::{Interpreter, Value};
    /// let mut interp = Interpreter::new();
    /// interp.set_global("twice", Value::host_function("twice", |n: i64| n * 2));
    /// assert_eq!(interp.eval("<doc>", "twice(21)").unwrap(), Value::Int(42));
    /// ```
    pub fn host_function<Args, F: HostFunction<Args>>(name: &str, f: F) -> Value {
        Value::Native(Rc::new(native_from_typed(name, f)))
    }
}

/// A raw host function: the context and the arguments as values.
pub type RawHostFn = dyn Fn(&mut HostContext<'_>, &mut [Value]) -> Result<Value, HostError>;

pub(crate) fn native_from_typed<Args, F: HostFunction<Args>>(name: &str, f: F) -> NativeFn {
    let owned = name.to_string();
    NativeFn {
        name: name.to_string(),
        min_args: F::ARITY,
        max_args: Some(F::ARITY),
        f: Box::new(move |m, args| f.call(&owned, args, &m.program.types)),
    }
}

pub(crate) fn native_from_raw(
    name: &str,
    min: usize,
    max: Option<usize>,
    f: Box<RawHostFn>,
) -> NativeFn {
    NativeFn {
        name: name.to_string(),
        min_args: min,
        max_args: max,
        f: Box::new(move |m, args| {
            let mut ctx = HostContext { machine: m };
            f(&mut ctx, args).map_err(|e| rt_error(e.0))
        }),
    }
}

/// Runs an `extern fn` declaration: binds the global to the host function.
pub(crate) fn bind_extern(m: &mut Machine, global: u32, name: Symbol, params: u32) -> Eval {
    let Some(f) = m.program.externs.get(&name).cloned() else {
        let registered: Vec<&str> = m.program.externs.keys().map(|k| k.as_str()).collect();
        let mut message =
            format!("`extern fn {name}`: no host function named `{name}` is registered");
        if registered.is_empty() {
            message.push_str(" (this interpreter has no host functions)");
        } else {
            let close = suggest::closest(name.as_str(), registered, 3);
            if !close.is_empty() {
                message.push_str(&format!("; {}", suggest::did_you_mean(&close)));
            }
        }
        return fail(message);
    };
    let n = params as usize;
    if n < f.min_args || f.max_args.is_some_and(|max| n > max) {
        return fail(format!(
            "`extern fn {name}` declares {n} parameter(s), but the host function takes {}",
            match f.max_args {
                Some(max) if max == f.min_args => max.to_string(),
                Some(max) => format!("{} to {max}", f.min_args),
                None => format!("at least {}", f.min_args),
            }
        ));
    }
    m.globals[global as usize] = Value::Native(f);
    Ok(Value::Nil)
}

pub(crate) fn register_native(m: &mut Machine, f: NativeFn) -> Rc<NativeFn> {
    let name = Symbol::intern(&f.name);
    let f = Rc::new(f);
    m.program.externs.insert(name, f.clone());
    f
}
