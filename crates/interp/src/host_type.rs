//! Host types: Rust values a program holds as opaque handles and calls
//! methods on (Rhai's `register_type_with_name`).
//!
//! ```
//! use simple_interp::{Host, Interpreter, Value};
//!
//! #[derive(Default)]
//! struct Counter { n: i64 }
//!
//! let mut interp = Interpreter::new();
//! interp
//!     .register_type::<Counter>("Counter")
//!     .method("add", |c: &mut Counter, by: i64| c.n += by)
//!     .method("get", |c: &mut Counter| c.n);
//! interp.register("counter", || Host(Counter::default()));
//! let v = interp.eval("<c>", "val c = counter()\nc.add(2)\nc.add(3)\nc.get()").unwrap();
//! assert_eq!(v, Value::Int(5));
//! assert_eq!(interp.eval("<t>", "type_of(c)").unwrap().to_string(), "Counter");
//! ```
//!
//! A handle is a reference: every name holding it sees one Rust value, and
//! the value is dropped when the last handle goes. Methods take the value
//! as `&mut T` and their arguments and result convert like a host
//! function's. A method cannot be re-entered on the same object (an
//! argument that is the receiver itself fails to convert instead).

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;

use simple_syntax::Symbol;

use crate::error::{Eval, fail, rt_error};
use crate::host::{FromValue, HostReturn, IntoValue};
use crate::ops::type_name;
use crate::types::{IdMap, TypeTable};
use crate::value::Value;

/// A method of a host type, type-erased: the receiver, the arguments.
type MethodFn = dyn Fn(&mut dyn Any, &mut [Value], &TypeTable) -> Eval;

/// A registered host type: its name and methods.
pub struct HostType {
    pub(crate) name: String,
    methods: RefCell<IdMap<Symbol, Rc<MethodFn>>>,
}

impl HostType {
    fn new(name: &str) -> Rc<HostType> {
        Rc::new(HostType {
            name: name.to_string(),
            methods: RefCell::new(IdMap::default()),
        })
    }

    /// The method names, sorted.
    pub(crate) fn method_names(&self) -> Vec<Symbol> {
        let mut names: Vec<Symbol> = self.methods.borrow().keys().copied().collect();
        names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        names
    }
}

/// A Rust value held by a program (`Value::Host`).
pub struct HostObject {
    pub(crate) ty: Rc<HostType>,
    data: RefCell<Box<dyn Any>>,
}

impl HostObject {
    /// The type's registered name.
    pub fn type_name(&self) -> &str {
        &self.ty.name
    }
}

/// Wraps a Rust value to cross into Simple as a host object (and back):
/// `interp.register("open", |path: String| Host(Db::open(path)))`. The
/// value's type should be registered with
/// [`crate::Interpreter::register_type`]; an unregistered one gets its Rust
/// name and no methods.
#[derive(Clone, Debug, PartialEq)]
pub struct Host<T>(pub T);

fn object_of<T: 'static>(value: T, types: Option<&TypeTable>) -> Value {
    let ty = types
        .and_then(|t| t.host_types.get(&TypeId::of::<T>()).cloned())
        .unwrap_or_else(|| {
            let full = std::any::type_name::<T>();
            HostType::new(full.rsplit("::").next().unwrap_or(full))
        });
    Value::Host(Rc::new(HostObject {
        ty,
        data: RefCell::new(Box::new(value)),
    }))
}

impl<T: 'static> IntoValue for Host<T> {
    fn into_value(self) -> Value {
        object_of(self.0, None)
    }
    fn into_value_in(self, types: &TypeTable) -> Value {
        object_of(self.0, Some(types))
    }
}

/// A copy of the Rust value behind a handle (the handle keeps its own).
impl<T: Clone + 'static> FromValue for Host<T> {
    const EXPECTED: &'static str = "a host object of the registered type";
    fn from_value(v: &mut Value) -> Option<Self> {
        match v {
            Value::Host(h) => {
                let data = h.data.try_borrow().ok()?;
                data.downcast_ref::<T>().cloned().map(Host)
            }
            _ => None,
        }
    }
}

/// A Rust function usable as a method of host type `T`: its first
/// parameter is `&mut T`, the others convert like a host function's.
pub trait HostMethod<T, Args>: 'static {
    fn call(&self, this: &mut T, name: &str, args: &mut [Value], types: &TypeTable) -> Eval;
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

macro_rules! host_method {
    ($n:expr; $($arg:ident $idx:tt),*) => {
        impl<T, F, R, $($arg: FromValue),*> HostMethod<T, ($($arg,)*)> for F
        where
            F: Fn(&mut T, $($arg),*) -> R + 'static,
            R: HostReturn,
        {
            #[allow(unused_variables)]
            fn call(&self, this: &mut T, name: &str, args: &mut [Value], types: &TypeTable) -> Eval {
                if args.len() != $n {
                    return fail(format!("`{name}` takes {} argument(s), {} given", $n, args.len()));
                }
                (self)(this, $(convert::<$arg>(name, $idx, &mut args[$idx], types)?),*)
                    .into_eval_in(types)
            }
        }
    };
}

host_method!(0;);
host_method!(1; A 0);
host_method!(2; A 0, B 1);
host_method!(3; A 0, B 1, C 2);
host_method!(4; A 0, B 1, C 2, D 3);
host_method!(5; A 0, B 1, C 2, D 3, E 4);

/// Adds methods to a host type (from [`crate::Interpreter::register_type`]).
pub struct HostTypeBuilder<T> {
    ty: Rc<HostType>,
    _type: PhantomData<fn(T)>,
}

impl<T: 'static> HostTypeBuilder<T> {
    /// Adds (or replaces) method `name`: `f(&mut T, args...)`.
    pub fn method<Args, F: HostMethod<T, Args>>(self, name: &str, f: F) -> Self {
        let shown = format!("{}.{name}", self.ty.name);
        let erased = move |this: &mut dyn Any, args: &mut [Value], types: &TypeTable| -> Eval {
            match this.downcast_mut::<T>() {
                Some(this) => f.call(this, &shown, args, types),
                None => fail(format!("`{shown}` called on another type")),
            }
        };
        self.ty
            .methods
            .borrow_mut()
            .insert(Symbol::intern(name), Rc::new(erased));
        self
    }
}

/// Registers host type `T` as `name` in `types` (a second registration
/// keeps the methods added so far and renames the type).
pub(crate) fn register<T: 'static>(types: &mut TypeTable, name: &str) -> HostTypeBuilder<T> {
    let ty = match types.host_types.get(&TypeId::of::<T>()) {
        Some(old) => {
            let ty = Rc::new(HostType {
                name: name.to_string(),
                methods: RefCell::new(old.methods.borrow().clone()),
            });
            types.host_types.insert(TypeId::of::<T>(), ty.clone());
            ty
        }
        None => {
            let ty = HostType::new(name);
            types.host_types.insert(TypeId::of::<T>(), ty.clone());
            ty
        }
    };
    HostTypeBuilder {
        ty,
        _type: PhantomData,
    }
}

/// `obj.name(args)` on a host object; `None` when the type has no such
/// method (the caller reports it).
pub(crate) fn call_method(
    obj: &HostObject,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Option<Eval> {
    let f = obj.ty.methods.borrow().get(&name).cloned()?;
    let Ok(mut data) = obj.data.try_borrow_mut() else {
        return Some(fail(format!(
            "`{}.{name}`: the object is in use by a method already",
            obj.ty.name
        )));
    };
    Some(f(&mut **data, args, types))
}
