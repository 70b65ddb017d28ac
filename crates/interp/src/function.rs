//! Callable things: compiled functions, closures and native functions.

use std::marker::PhantomData;
use std::mem::{ManuallyDrop, MaybeUninit, transmute};
use std::rc::Rc;

use simple_syntax::{Span, Symbol};

use crate::error::{Ctrl, Eval, FileId};
use crate::machine::Machine;
use crate::value::{TypeId, Value};

/// A compiled evaluation step: the evaluator is a tree of these closures.
pub type Code = Box<dyn Fn(&mut Machine) -> Ret>;

/// A step's result as it crosses a closure boundary: an [`Eval`] in a
/// layout Rust guarantees.
///
/// `Eval` (`Result<Value, Ctrl>`) is 16 bytes, but as an enum it is
/// returned through memory; a `MaybeUninit<u128>` of 16 bytes comes back in
/// two registers, which makes every step measurably cheaper (about a
/// quarter in a micro-benchmark of nested steps).
///
/// The 16 bytes are one of
/// - a [`Value`] (`Ok`): `Value` is `#[repr(u8)]`, so byte 0 is its tag and
///   each variant's fields follow as in a `#[repr(C)]` struct (an int at
///   bytes 8..16, a bool at byte 1);
/// - a `CtrlBits` (`Err`): byte 0 is `CTRL_TAG`, which is no `Value`'s
///   tag, and the `Ctrl` (a `#[repr(transparent)]` pointer) is at bytes
///   8..16.
///
/// `MaybeUninit` holds any bytes, padding and pointer provenance included,
/// so moving a `Value` or a `CtrlBits` in and out is a plain move.
#[repr(transparent)]
pub struct Ret {
    bits: MaybeUninit<u128>,
    /// A `Ret` may own `Rc`s: it is neither `Send` nor `Sync`.
    _owns: PhantomData<Rc<()>>,
}

/// The `Err` form of a `Ret`'s bytes.
#[repr(C)]
struct CtrlBits {
    /// Always [`CTRL_TAG`].
    tag: u8,
    ctrl: Ctrl,
}

/// The tag byte of a `Ret` holding a control signal.
///
/// Any byte that is no `Value`'s tag would do; this one is the byte that
/// `Eval` itself has at offset 0 for an `Err`, read at compile time, so
/// that when `Eval` is laid out like `Ret` (as rustc does today) the
/// conversions between them compile to nothing. Nothing else depends on
/// it, and it is no `Value`'s tag whatever the layout: `Eval` is as big as
/// `Value` (asserted), so `Ok(v)` keeps all of `v`'s bytes, and byte 0 is
/// the only byte that no variant lets take any value (asserted again
/// below: tags count up from 0 and `Undefined` is the last variant).
const CTRL_TAG: u8 = {
    // SAFETY: same size (asserted below); a compile-time read: were byte
    // 0 padding, the build would fail.
    unsafe { transmute::<Eval, [MaybeUninit<u8>; 16]>(Err(Ctrl::BREAK))[0].assume_init() }
};

const _: () = {
    assert!(size_of::<Value>() == size_of::<Ret>());
    assert!(size_of::<Eval>() == size_of::<Ret>());
    assert!(size_of::<CtrlBits>() == size_of::<Ret>());
    assert!(tag_of(Value::Undefined) < CTRL_TAG);
};

/// The tag byte of a value.
const fn tag_of(v: Value) -> u8 {
    let v = ManuallyDrop::new(v);
    // SAFETY: `Value` is `#[repr(u8)]`: its first byte is its tag.
    unsafe { *(&raw const v).cast::<u8>() }
}

/// The tag byte of a value, by reference.
fn tag_of_ref(v: &Value) -> u8 {
    // SAFETY: as in `tag_of`.
    unsafe { *(v as *const Value).cast::<u8>() }
}

const INT_TAG: u8 = tag_of(Value::Int(0));
const FLOAT_TAG: u8 = tag_of(Value::Float(0.0));
const BOOL_TAG: u8 = tag_of(Value::Bool(false));
const NIL_TAG: u8 = tag_of(Value::Nil);

/// The 16 bytes that start with `b0`, `b1`, then zeros, and hold `hi` (in
/// native byte order) at bytes 8..16, built in registers.
#[inline(always)]
const fn bits(b0: u8, b1: u8, hi: u64) -> u128 {
    #[cfg(target_endian = "little")]
    let w = (b0 as u128) | ((b1 as u128) << 8) | ((hi as u128) << 64);
    #[cfg(target_endian = "big")]
    let w = ((b0 as u128) << 120) | ((b1 as u128) << 112) | (hi as u128);
    w
}

impl Ret {
    #[inline(always)]
    fn from_bits(bits: MaybeUninit<u128>) -> Ret {
        Ret {
            bits,
            _owns: PhantomData,
        }
    }

    #[inline(always)]
    pub fn new(e: Eval) -> Ret {
        match e {
            Ok(v) => Ret::value(v),
            Err(c) => Ret::ctrl(c),
        }
    }

    /// `Ok(v)`.
    #[inline(always)]
    pub fn value(v: Value) -> Ret {
        // Ints and bools are built in registers: a value assembled in
        // memory (a one-byte tag store, then the payload) and read back as
        // two words stalls on store forwarding, and that was the largest
        // cost of arithmetic steps. After inlining the match folds away.
        let r = match &v {
            Value::Int(i) => Ret::int(*i),
            Value::Float(f) => Ret::float(*f),
            Value::Bool(b) => Ret::bool(*b),
            Value::Nil => Ret::nil(),
            _ => {
                debug_assert!(tag_of_ref(&v) != CTRL_TAG);
                // SAFETY: same size (asserted above); MaybeUninit holds any
                // bytes, including padding and pointers.
                return Ret::from_bits(unsafe { transmute::<Value, MaybeUninit<u128>>(v) });
            }
        };
        // A scalar owns nothing.
        std::mem::forget(v);
        r
    }

    /// `Err(c)`.
    #[inline(always)]
    pub fn ctrl(c: Ctrl) -> Ret {
        let c = CtrlBits {
            tag: CTRL_TAG,
            ctrl: c,
        };
        // SAFETY: same size (asserted above); MaybeUninit holds any bytes.
        Ret::from_bits(unsafe { transmute::<CtrlBits, MaybeUninit<u128>>(c) })
    }

    /// `Ok(Value::Int(i))`, built in registers.
    #[inline(always)]
    pub fn int(i: i64) -> Ret {
        // The bytes of `Value::Int(i)`: the tag, then the int at offset 8
        // (`#[repr(u8)]` lays the variant out as `#[repr(C)] (u8, i64)`).
        Ret::from_bits(MaybeUninit::new(bits(INT_TAG, 0, i as u64)))
    }

    /// `Ok(Value::Float(f))`, built in registers (laid out as an int).
    #[inline(always)]
    pub fn float(f: f64) -> Ret {
        Ret::from_bits(MaybeUninit::new(bits(FLOAT_TAG, 0, f.to_bits())))
    }

    /// `Ok(Value::Nil)`, built in registers (what statements answer).
    #[inline(always)]
    pub fn nil() -> Ret {
        Ret::from_bits(MaybeUninit::new(bits(NIL_TAG, 0, 0)))
    }

    /// `Ok(Value::Bool(b))`, built in registers.
    #[inline(always)]
    pub fn bool(b: bool) -> Ret {
        // The bytes of `Value::Bool(b)`: the tag, then the bool (0 or 1)
        // at offset 1.
        Ret::from_bits(MaybeUninit::new(bits(BOOL_TAG, b as u8, 0)))
    }

    /// The number this holds, read from its bits (an arithmetic step
    /// decides its fast path without turning the `Ret` into a value).
    #[inline(always)]
    pub(crate) fn num(&self) -> Num {
        let tag = self.tag();
        if tag == INT_TAG {
            Num::Int(self.payload() as i64)
        } else if tag == FLOAT_TAG {
            Num::Float(f64::from_bits(self.payload()))
        } else {
            Num::Other
        }
    }

    /// Bytes 8..16 of an int or float.
    #[inline(always)]
    fn payload(&self) -> u64 {
        debug_assert!(self.tag() == INT_TAG || self.tag() == FLOAT_TAG);
        // SAFETY: called for an int or float only, and those are only ever
        // made by `Ret::int` and `Ret::float` (`Ret::value` routes both
        // there), which initialize all 16 bytes. The payload is the 8
        // bytes at offset 8 (`#[repr(u8)]` lays `Int(i64)` and
        // `Float(f64)` out as `#[repr(C)] (u8, i64/f64)`), aligned for a
        // u64 within the u128.
        unsafe { (&raw const self.bits).cast::<u64>().add(1).read() }
    }

    /// Drops what this holds (a `Ret` has no drop glue of its own).
    #[inline(always)]
    pub fn discard(self) {
        if let Ok(v) = self.get() {
            v.discard();
        }
    }

    /// The tag byte.
    #[inline(always)]
    fn tag(&self) -> u8 {
        // SAFETY: byte 0 of either form is initialized: a `Value`'s tag or
        // `CtrlBits::tag`.
        unsafe { *(&raw const self.bits).cast::<u8>() }
    }

    /// Whether this is an `Ok`.
    #[inline(always)]
    pub fn is_ok(&self) -> bool {
        self.tag() != CTRL_TAG
    }

    #[inline(always)]
    pub fn get(self) -> Eval {
        if self.is_ok() {
            // SAFETY: not `CTRL_TAG`, so the bytes are a `Value`'s (made by
            // `value`, or built by `int`, `bool` or `nil` as that `Value`'s
            // layout prescribes).
            Ok(unsafe { transmute::<MaybeUninit<u128>, Value>(self.bits) })
        } else {
            // SAFETY: `CTRL_TAG`, so the bytes are a `CtrlBits` made by `ctrl`.
            Err(unsafe { transmute::<MaybeUninit<u128>, CtrlBits>(self.bits) }.ctrl)
        }
    }
}

/// A `Ret` seen as a number (see [`Ret::num`]).
#[derive(Clone, Copy)]
pub(crate) enum Num {
    Int(i64),
    Float(f64),
    /// Not a number, or a control signal.
    Other,
}

/// Compile-time checks that `Ret::int`, `Ret::bool` and `Ret::nil` build
/// the bytes the values have (the layout rules above already promise it).
mod layout_check {
    use std::mem::MaybeUninit;

    use super::{BOOL_TAG, FLOAT_TAG, INT_TAG, NIL_TAG, bits};
    use crate::value::Value;

    type Bytes = [MaybeUninit<u8>; 16];

    const fn bytes(v: Value) -> Bytes {
        // SAFETY: same size; the bytes are only read where initialized
        // (reading padding is a compile error in a constant).
        unsafe { std::mem::transmute::<Value, Bytes>(v) }
    }

    /// Byte `i` of `bits(..)` as laid out in memory.
    const fn byte(w: u128, i: usize) -> u8 {
        w.to_ne_bytes()[i]
    }

    const _: () = {
        let n: i64 = 0x0102_0304_0506_0708;
        let v = bytes(Value::Int(n));
        let w = bits(INT_TAG, 0, n as u64);
        // SAFETY: the tag and the payload bytes of an int are initialized.
        unsafe {
            assert!(v[0].assume_init() == byte(w, 0));
            let mut i = 8;
            while i < 16 {
                assert!(v[i].assume_init() == byte(w, i));
                i += 1;
            }
        }
        let x: f64 = -1.5e300;
        let v = bytes(Value::Float(x));
        let w = bits(FLOAT_TAG, 0, x.to_bits());
        // SAFETY: the tag and the payload bytes of a float are initialized.
        unsafe {
            assert!(v[0].assume_init() == byte(w, 0));
            let mut i = 8;
            while i < 16 {
                assert!(v[i].assume_init() == byte(w, i));
                i += 1;
            }
        }
        let t = bytes(Value::Bool(true));
        let w = bits(BOOL_TAG, 1, 0);
        // SAFETY: the tag and the bool are initialized.
        unsafe {
            assert!(t[0].assume_init() == byte(w, 0));
            assert!(t[1].assume_init() == byte(w, 1));
        }
        let nil = bytes(Value::Nil);
        // SAFETY: the tag is initialized.
        assert!(unsafe { nil[0].assume_init() } == byte(bits(NIL_TAG, 0, 0), 0));
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
    pub(crate) default: Option<Code>,
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
    pub(crate) body: Code,
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
    pub(crate) f: Box<NativeImpl>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Flow, rt_error};

    #[test]
    fn ret_round_trips() {
        for i in [0, 1, -1, i64::MIN, i64::MAX, 0x0102_0304_0506_0708] {
            let r = Ret::int(i);
            assert!(r.is_ok());
            assert!(matches!(r.get(), Ok(Value::Int(j)) if j == i));
            assert!(matches!(Ret::new(Ok(Value::Int(i))).get(), Ok(Value::Int(j)) if j == i));
        }
        for b in [false, true] {
            assert!(matches!(Ret::bool(b).get(), Ok(Value::Bool(c)) if c == b));
        }
        assert!(matches!(Ret::nil().get(), Ok(Value::Nil)));
        assert!(matches!(Ret::value(Value::Float(1.5)).get(), Ok(Value::Float(f)) if f == 1.5));
        for f in [0.0, -0.0, 1.5, f64::MAX, f64::MIN_POSITIVE, f64::INFINITY] {
            assert!(
                matches!(Ret::float(f).get(), Ok(Value::Float(g)) if g.to_bits() == f.to_bits())
            );
        }
        assert!(matches!(Ret::float(f64::NAN).get(), Ok(Value::Float(g)) if g.is_nan()));
        let long = "a text longer than fourteen bytes";
        for s in ["short", long] {
            let r = Ret::value(Value::text(s));
            assert!(r.is_ok());
            assert_eq!(r.get().unwrap().as_str(), Some(s));
        }
        let arr = Ret::new(Ok(Value::array(vec![Value::Int(1), Value::text(long)])));
        match arr.get() {
            Ok(Value::Array(a)) => assert_eq!(a.len(), 2),
            _ => panic!("not an array"),
        }
    }

    #[test]
    fn ret_carries_control() {
        for (c, want) in [(Ctrl::BREAK, 0), (Ctrl::CONTINUE, 1), (Ctrl::RETURN, 2)] {
            let r = Ret::ctrl(c);
            assert!(!r.is_ok());
            let got = match r.get().unwrap_err().flow() {
                Flow::Break => 0,
                Flow::Continue => 1,
                Flow::Return => 2,
                Flow::Error(_) => 3,
            };
            assert_eq!(got, want);
        }
        let r = Ret::new(Err(rt_error("boom")));
        assert!(!r.is_ok());
        match r.get().unwrap_err().flow() {
            Flow::Error(e) => assert_eq!(e.message, "boom"),
            _ => panic!("not an error"),
        }
    }
}
