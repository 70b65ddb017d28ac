//! Compile-time checks that no public type which can own an `Rc` is `Send`
//! or `Sync`: moving one to another thread, or sharing it, would race on
//! the reference count. Most get this from their fields; [`Str`] and
//! [`Ret`] keep their `Rc`s as raw bytes and say so with a marker. A type
//! added here that is `Send` or `Sync` fails the build.
//!
//! The same, as what a user would write (each must fail to compile; a
//! `Str` is reached through a text value, `Ret` is crate-private):
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: &T) {}
//! if let simple_interp::Value::Text(s) = simple_interp::Value::text("x") {
//!     send(&s);
//! }
//! ```
//!
//! ```compile_fail,E0277
//! fn sync<T: Sync>(_: &T) {}
//! if let simple_interp::Value::Text(s) = simple_interp::Value::text("x") {
//!     sync(&s);
//! }
//! ```
//!
//! ```compile_fail,E0277
//! fn send<T: Send>() {}
//! send::<simple_interp::Value>();
//! ```
//!
//! ```compile_fail,E0277
//! fn send<T: Send>() {}
//! send::<simple_interp::Interpreter>();
//! ```
//!
//! The machine is not handed out (it was `Interpreter::machine`):
//!
//! ```compile_fail,E0599
//! let mut interp = simple_interp::Interpreter::new();
//! let _ = interp.machine();
//! ```

#![allow(dead_code)]

use crate::Interpreter;
use crate::error::{Ctrl, Flow};
use crate::function::{Closure, FnDef, NativeFn, ParamInfo, Ret};
use crate::host::HostContext;
use crate::machine::Machine;
use crate::program::Program;
use crate::services::{HostServices, Output, Sink};
use crate::types::TypeTable;
use crate::value::{
    ArgBuf, BoundKind, BoundMethod, Dict, DictKey, Fields, Instance, List, Str, Value, VariantObj,
};

/// Fails to compile when a listed type is `Send` or `Sync`: with the bound
/// met, both impls apply and the item is ambiguous (the trick of the
/// `static_assertions` crate).
macro_rules! assert_not_send_or_sync {
    ($($t:ty),* $(,)?) => {$(
        const _: fn() = || {
            trait AmbiguousIfSend<A> {
                fn item() {}
            }
            impl<T: ?Sized> AmbiguousIfSend<()> for T {}
            impl<T: ?Sized + Send> AmbiguousIfSend<u8> for T {}
            let _ = <$t as AmbiguousIfSend<_>>::item;

            trait AmbiguousIfSync<A> {
                fn item() {}
            }
            impl<T: ?Sized> AmbiguousIfSync<()> for T {}
            impl<T: ?Sized + Sync> AmbiguousIfSync<u8> for T {}
            let _ = <$t as AmbiguousIfSync<_>>::item;
        };
    )*};
}

assert_not_send_or_sync!(
    Str,
    Ret,
    Value,
    Ctrl,
    Flow,
    Dict,
    DictKey,
    List,
    Instance,
    Fields,
    ArgBuf,
    VariantObj,
    BoundMethod,
    BoundKind,
    FnDef,
    ParamInfo,
    Closure,
    NativeFn,
    Machine,
    Output,
    Sink,
    HostServices,
    Program,
    TypeTable,
    HostContext<'static>,
    Interpreter,
);
