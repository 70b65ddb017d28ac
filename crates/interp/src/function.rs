//! Callable things: compiled functions, closures and native functions.

use std::rc::Rc;

use simple_syntax::{Span, Symbol};

use crate::error::{Eval, FileId};
use crate::machine::Machine;
use crate::value::{TypeId, Value};

/// A compiled evaluation step: the evaluator is a tree of these closures.
pub type Code = Box<dyn Fn(&mut Machine) -> Ret>;

/// A step's result as it crosses a closure boundary.
///
/// `Eval` (`Result<Value, Ctrl>`) is 16 bytes, but as an enum it is
/// returned through memory; a `MaybeUninit<u128>` of the same bytes comes
/// back in two registers, which makes every step measurably cheaper (about
/// a quarter in a micro-benchmark of nested steps). The bytes are only ever
/// those of an `Eval` and only turned back into one, so nothing about
/// `Eval`'s layout is assumed beyond its size.
#[repr(transparent)]
pub struct Ret(std::mem::MaybeUninit<u128>);

const _: () = assert!(std::mem::size_of::<Eval>() == std::mem::size_of::<Ret>());

impl Ret {
    #[inline(always)]
    pub fn new(e: Eval) -> Ret {
        // Ints and bools are built in registers: an `Eval` assembled in
        // memory (a one-byte tag store, then the payload) and read back as
        // two words stalls on store forwarding, and that was the largest
        // cost of arithmetic steps. After inlining the match folds away.
        let r = match &e {
            Ok(Value::Int(i)) => Ret::int(*i),
            Ok(Value::Bool(b)) => Ret::bool(*b),
            Ok(Value::Nil) => Ret::nil(),
            // SAFETY: same size (asserted above); MaybeUninit holds any
            // bytes, including an enum's padding.
            _ => {
                return Ret(unsafe { std::mem::transmute::<Eval, std::mem::MaybeUninit<u128>>(e) });
            }
        };
        // A scalar owns nothing.
        std::mem::forget(e);
        r
    }

    /// `Ok(Value::Int(i))`, built in registers.
    #[inline(always)]
    pub fn int(i: i64) -> Ret {
        Ret(std::mem::MaybeUninit::new(
            ((i as u64 as u128) << 64) | layout::INT_TAG as u128,
        ))
    }

    /// `Ok(Value::Nil)`, built in registers (what statements answer).
    #[inline(always)]
    pub fn nil() -> Ret {
        Ret(std::mem::MaybeUninit::new(layout::NIL_TAG as u128))
    }

    /// `Ok(Value::Bool(b))`, built in registers.
    #[inline(always)]
    pub fn bool(b: bool) -> Ret {
        Ret(std::mem::MaybeUninit::new(
            ((b as u128) << 8) | layout::BOOL_TAG as u128,
        ))
    }

    /// Whether this is an `Ok` (tested on the bytes in place).
    #[inline(always)]
    pub fn is_ok(&self) -> bool {
        // SAFETY: the bytes are an `Eval` (see `get`); this only borrows them.
        unsafe { &*(self as *const Ret as *const Eval) }.is_ok()
    }

    #[inline(always)]
    pub fn get(self) -> Eval {
        // SAFETY: the bytes were made from an `Eval` by `Ret::new`.
        unsafe { std::mem::transmute::<std::mem::MaybeUninit<u128>, Eval>(self.0) }
    }
}

/// Where `Eval` keeps an int and a bool, found (and checked) at compile
/// time, so that [`Ret::int`] and [`Ret::bool`] build exactly the bytes
/// `Ret::new(Ok(..))` would. If a compiler lays values out differently,
/// these constants fail to compile instead of misbehaving.
mod layout {
    use std::mem::MaybeUninit;

    use crate::error::Eval;
    use crate::value::Value;

    type Bytes = [MaybeUninit<u8>; 16];

    const fn bytes(e: Eval) -> Bytes {
        // SAFETY: same size; the bytes are only read where initialized
        // (reading padding is a compile error in a constant).
        unsafe { std::mem::transmute::<Eval, Bytes>(e) }
    }

    /// The tag byte of `Ok(Value::Int(_))`; the int is bytes 8..16.
    pub(super) const INT_TAG: u8 = {
        let n: i64 = 0x0102_0304_0506_0708;
        let b = bytes(Ok(Value::Int(n)));
        let want = n.to_le_bytes();
        let mut i = 0;
        while i < 8 {
            // SAFETY: the payload bytes of an int are initialized.
            assert!(unsafe { b[8 + i].assume_init() } == want[i]);
            i += 1;
        }
        // SAFETY: byte 0 is the tag (a compile error if it is padding).
        let tag = unsafe { b[0].assume_init() };
        let b = bytes(Ok(Value::Int(-1)));
        // SAFETY: as above.
        assert!(unsafe { b[0].assume_init() } == tag);
        tag
    };

    /// The tag byte of `Ok(Value::Nil)`.
    pub(super) const NIL_TAG: u8 = {
        let b = bytes(Ok(Value::Nil));
        // SAFETY: byte 0 is the tag (a compile error if it is padding).
        unsafe { b[0].assume_init() }
    };

    /// The tag byte of `Ok(Value::Bool(_))`; the bool is byte 1.
    pub(super) const BOOL_TAG: u8 = {
        let t = bytes(Ok(Value::Bool(true)));
        let f = bytes(Ok(Value::Bool(false)));
        // SAFETY: tag and bool bytes are initialized.
        unsafe {
            assert!(t[0].assume_init() == f[0].assume_init());
            assert!(t[1].assume_init() == 1 && f[1].assume_init() == 0);
            t[0].assume_init()
        }
    };
}

/// Makes a step from a closure written in terms of `Eval`.
#[inline(always)]
pub fn code(f: impl Fn(&mut Machine) -> Eval + 'static) -> Code {
    Box::new(move |m| Ret::new(f(m)))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FnRole {
    /// A free function or lambda.
    Free,
    /// A method reading `self` (slot 0).
    Method,
    /// A `me` method: `self` (slot 0) is written back to the receiver.
    MeMethod,
    /// A `static fn` of a type.
    Static,
}

pub struct ParamInfo {
    pub name: Symbol,
    /// Evaluated in the callee's frame (earlier parameters are visible) when
    /// the argument is missing.
    pub default: Option<Code>,
}

/// A function after compilation.
pub struct FnDef {
    pub name: Symbol,
    /// The type a method belongs to.
    pub owner: Option<TypeId>,
    pub role: FnRole,
    /// Declared parameters (without `self`; without the variadic one).
    pub params: Vec<ParamInfo>,
    /// The `...rest` parameter, collected into an array after `params`.
    pub variadic: Option<Symbol>,
    /// Slots the frame needs: self (methods), parameters, the variadic
    /// array, captures, then locals.
    pub frame_size: u32,
    /// Where captured values go (closures): the first capture slot.
    pub capture_base: u32,
    /// The capture slot (relative to `capture_base`) that receives the
    /// closure itself when it runs.
    pub self_capture: Option<u32>,
    pub body: Code,
    /// Indexes of the `mut` parameters (empty for almost every function).
    pub mut_params: Box<[u32]>,
    pub file: FileId,
    pub span: Span,
    pub doc: Option<String>,
    /// Name shown in call stacks (`Point.norm`, `<lambda>`).
    pub display_name: String,
}

impl FnDef {
    /// Slots before the parameters (1 for `self`, else 0).
    pub fn self_slots(&self) -> u32 {
        matches!(self.role, FnRole::Method | FnRole::MeMethod) as u32
    }

    pub fn min_args(&self) -> usize {
        self.params
            .iter()
            .take_while(|p| p.default.is_none())
            .count()
    }
}

/// A lambda or nested function with the values it captured.
pub struct Closure {
    pub def: Rc<FnDef>,
    pub captures: Vec<Value>,
}

impl Drop for Closure {
    fn drop(&mut self) {
        crate::value::drop_children(std::mem::take(&mut self.captures));
    }
}

/// The signature every native function has: the machine and the evaluated
/// arguments.
pub type NativeImpl = dyn Fn(&mut Machine, &mut [Value]) -> Eval;

/// A function implemented in Rust: a built-in, or a host function bound by
/// an `extern fn` declaration.
pub struct NativeFn {
    pub name: String,
    /// Accepted argument counts (`max: None` for any number).
    pub min_args: usize,
    pub max_args: Option<usize>,
    pub f: Box<NativeImpl>,
}
