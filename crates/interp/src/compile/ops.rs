//! Operators: unary, binary (with int fast paths), comparison chains, `?`,
//! and `as` casts.

use simple_syntax::ast::{BinOp, CmpOp, UnaryOp};

use super::Compiler;
use crate::error::{Ctrl, ErrorKind, Eval, Loc, RuntimeError, fail};
use crate::function::{Code, Num, Ret, code};
use crate::ir::{CastTarget, Node, NodeKind};
use crate::machine::Machine;
use crate::ops;
use crate::types::TypeTable;
use crate::value::Value;

/// A compiled condition.
pub(crate) type Test = Box<dyn Fn(&mut Machine) -> Eval<bool>>;

/// Expands `$body` once per arithmetic operator, with `$OP` a constant.
macro_rules! with_op {
    ($op:expr, $OP:ident => $body:expr) => {
        match $op {
            BinOp::Add => {
                const $OP: BinOp = BinOp::Add;
                $body
            }
            BinOp::Sub => {
                const $OP: BinOp = BinOp::Sub;
                $body
            }
            BinOp::Mul => {
                const $OP: BinOp = BinOp::Mul;
                $body
            }
            BinOp::Div => {
                const $OP: BinOp = BinOp::Div;
                $body
            }
            BinOp::Mod => {
                const $OP: BinOp = BinOp::Mod;
                $body
            }
            BinOp::Pow => {
                const $OP: BinOp = BinOp::Pow;
                $body
            }
            BinOp::MatMul => {
                const $OP: BinOp = BinOp::MatMul;
                $body
            }
            BinOp::BitAnd => {
                const $OP: BinOp = BinOp::BitAnd;
                $body
            }
            BinOp::BitOr => {
                const $OP: BinOp = BinOp::BitOr;
                $body
            }
            BinOp::BitXor => {
                const $OP: BinOp = BinOp::BitXor;
                $body
            }
            BinOp::Shl => {
                const $OP: BinOp = BinOp::Shl;
                $body
            }
            BinOp::Shr => {
                const $OP: BinOp = BinOp::Shr;
                $body
            }
            BinOp::And | BinOp::Or | BinOp::Coalesce => unreachable!("compiled separately"),
        }
    };
}

/// Expands `$body` once per comparison operator, with `$OP` a constant.
macro_rules! with_cmp {
    ($op:expr, $OP:ident => $body:expr) => {
        match $op {
            CmpOp::Eq => {
                const $OP: CmpOp = CmpOp::Eq;
                $body
            }
            CmpOp::NotEq => {
                const $OP: CmpOp = CmpOp::NotEq;
                $body
            }
            CmpOp::Lt => {
                const $OP: CmpOp = CmpOp::Lt;
                $body
            }
            CmpOp::LtEq => {
                const $OP: CmpOp = CmpOp::LtEq;
                $body
            }
            CmpOp::Gt => {
                const $OP: CmpOp = CmpOp::Gt;
                $body
            }
            CmpOp::GtEq => {
                const $OP: CmpOp = CmpOp::GtEq;
                $body
            }
            CmpOp::In => {
                const $OP: CmpOp = CmpOp::In;
                $body
            }
            CmpOp::NotIn => {
                const $OP: CmpOp = CmpOp::NotIn;
                $body
            }
            CmpOp::Is => {
                const $OP: CmpOp = CmpOp::Is;
                $body
            }
            CmpOp::IsNot => {
                const $OP: CmpOp = CmpOp::IsNot;
                $body
            }
        }
    };
}

/// An operand of an operator: read in place when it is a variable or a
/// constant, evaluated through its closure otherwise.
pub(crate) enum Operand {
    Local(u32),
    Global(u32),
    Int(i64),
    Bool(bool),
    Const(Value),
    Code(Code),
}

/// An operand of an arithmetic operator or a comparison: an [`Operand`],
/// or `local.name`, a field of a struct or class instance in a local.
/// (A separate type, so that `Operand::get` keeps its small match.)
pub(crate) enum ReadOp {
    Op(Operand),
    Field(u32, super::field::FieldSlot),
}

impl Operand {
    /// Reads the operand (a branch on its kind, then the read).
    #[inline(always)]
    pub(crate) fn get(&self, m: &mut Machine, loc: Loc) -> Eval {
        match self {
            // Scalars are rebuilt from their payload, which keeps them in
            // registers (a copied value is reassembled byte by byte).
            Operand::Local(s) => match m.local(*s) {
                Value::Int(i) => Ok(Value::Int(*i)),
                Value::Bool(b) => Ok(Value::Bool(*b)),
                v => Ok(v.clone()),
            },
            Operand::Global(g) => m.global(*g).map_err(|c| c.at(loc)),
            Operand::Int(i) => Ok(Value::Int(*i)),
            Operand::Bool(b) => Ok(Value::Bool(*b)),
            Operand::Const(v) => Ok(v.clone()),
            Operand::Code(c) => c(m).get(),
        }
    }
}

/// `local.name` (see `field.rs`), or the general field read.
#[inline(always)]
pub(super) fn read_field(
    m: &mut Machine,
    slot: u32,
    field: &super::field::FieldSlot,
    loc: Loc,
) -> Eval {
    if let Some(f) = field.get(&m.program.types, m.local(slot)) {
        return f.copy();
    }
    read_field_slow(m, slot, field.name(), loc)
}

#[inline(never)]
fn read_field_slow(m: &mut Machine, slot: u32, name: simple_syntax::Symbol, loc: Loc) -> Eval {
    let v = m.local(slot).clone();
    super::access::field_or_call(m, &v, name, loc)
}

/// Reading one kind of operand. Operator closures are generic over these,
/// so the operand kind is fixed when the closure is built. The operand
/// comes back as a [`Ret`], in registers: the operator looks at its bits to
/// pick the int or float path, and only the general path turns it into a
/// value (a value assembled in memory and copied on is read back with a
/// store-forwarding stall).
pub(crate) trait Read: 'static {
    fn read(&self, m: &mut Machine, loc: Loc) -> Ret;
}

pub(crate) struct LocalR(u32);
pub(crate) struct GlobalR(u32);
pub(crate) struct IntR(i64);
pub(crate) struct ConstR(Value);
pub(crate) struct FieldR(u32, super::field::FieldSlot);
pub(crate) struct CodeR(Code);

/// A copy of `v` as a `Ret`, numbers built from their payload.
#[inline(always)]
fn ret_of(v: &Value) -> Ret {
    match v {
        Value::Int(i) => Ret::int(*i),
        Value::Float(f) => Ret::float(*f),
        v => Ret::value(v.clone()),
    }
}

impl Read for FieldR {
    #[inline(always)]
    fn read(&self, m: &mut Machine, loc: Loc) -> Ret {
        if let Some(f) = self.1.get(&m.program.types, m.local(self.0)) {
            return ret_of(&f);
        }
        Ret::new(read_field_slow(m, self.0, self.1.name(), loc))
    }
}

impl Read for LocalR {
    #[inline(always)]
    fn read(&self, m: &mut Machine, _: Loc) -> Ret {
        ret_of(m.local(self.0))
    }
}

impl Read for GlobalR {
    #[inline(always)]
    fn read(&self, m: &mut Machine, loc: Loc) -> Ret {
        match &m.globals[self.0 as usize] {
            Value::Undefined => Ret::ctrl(m.undefined_global(self.0).at(loc)),
            v => ret_of(v),
        }
    }
}

impl Read for IntR {
    #[inline(always)]
    fn read(&self, _: &mut Machine, _: Loc) -> Ret {
        Ret::int(self.0)
    }
}

impl Read for ConstR {
    #[inline(always)]
    fn read(&self, _: &mut Machine, _: Loc) -> Ret {
        ret_of(&self.0)
    }
}

impl Read for CodeR {
    #[inline(always)]
    fn read(&self, m: &mut Machine, _: Loc) -> Ret {
        (self.0)(m)
    }
}

/// Expands `$body` with `$r` bound to the reader for `$operand`.
macro_rules! with_reader {
    ($operand:expr, $r:ident => $body:expr) => {
        match $operand {
            ReadOp::Op(Operand::Local(s)) => {
                let $r = LocalR(s);
                $body
            }
            ReadOp::Op(Operand::Global(g)) => {
                let $r = GlobalR(g);
                $body
            }
            ReadOp::Op(Operand::Int(i)) => {
                let $r = IntR(i);
                $body
            }
            ReadOp::Op(Operand::Bool(b)) => {
                let $r = ConstR(Value::Bool(b));
                $body
            }
            ReadOp::Op(Operand::Const(v)) => {
                let $r = ConstR(v);
                $body
            }
            ReadOp::Field(s, f) => {
                let $r = FieldR(s, f);
                $body
            }
            ReadOp::Op(Operand::Code(c)) => {
                let $r = CodeR(c);
                $body
            }
        }
    };
}

fn binary_code<A: Read, B: Read>(op: BinOp, a: A, b: B, loc: Loc) -> Code {
    with_op!(op, OP => Box::new(move |m| {
        let x = a.read(m, loc);
        if !x.is_ok() {
            return x;
        }
        let y = b.read(m, loc);
        if !y.is_ok() {
            x.discard();
            return y;
        }
        // Two ints, then floats (or an int meeting a float): numbers own
        // nothing, so the operands need no drop.
        let (p, q) = match (x.num(), y.num()) {
            (Num::Int(i), Num::Int(j)) => {
                return Ret::new(ops::int_binary(OP, i, j).map_err(|c| c.at(loc)));
            }
            (Num::Float(p), Num::Float(q)) => (p, q),
            (Num::Int(i), Num::Float(q)) => (i as f64, q),
            (Num::Float(p), Num::Int(j)) => (p, j as f64),
            _ => return binary_general(m, OP, x, y, loc),
        };
        match ops::float_arith(OP, p, q) {
            Some(r) => Ret::float(r),
            None => binary_general(m, OP, x, y, loc),
        }
    }))
}

/// An operator on anything but two numbers (or a float operator floats do
/// not have): `ops::binary` past its number cases.
#[inline(never)]
fn binary_general(m: &mut Machine, op: BinOp, x: Ret, y: Ret, loc: Loc) -> Ret {
    // Both are values (the caller checked); taken one after the other.
    let x = match x.get() {
        Ok(x) => x,
        Err(c) => {
            y.discard();
            return Ret::ctrl(c);
        }
    };
    let y = match y.get() {
        Ok(y) => y,
        Err(c) => return Ret::ctrl(c),
    };
    if let Some(r) = super::overload::binary(m, op, &x, &y, loc) {
        return Ret::new(r);
    }
    Ret::new(ops::binary_slow(op, x, y, Some(&m.program.types)).map_err(|c| c.at(loc)))
}

fn compare_code<A: Read, B: Read>(op: CmpOp, a: A, b: B, loc: Loc) -> Test {
    with_cmp!(op, OP => Box::new(move |m| {
        let x = a.read(m, loc);
        if !x.is_ok() {
            return x.get().map(|_| false);
        }
        let y = b.read(m, loc);
        if !y.is_ok() {
            x.discard();
            return y.get().map(|_| false);
        }
        if !is_membership(OP) {
            let (p, q) = match (x.num(), y.num()) {
                (Num::Int(i), Num::Int(j)) => return Ok(int_cmp(OP, i, j)),
                (Num::Float(p), Num::Float(q)) => (p, q),
                (Num::Int(i), Num::Float(q)) => (i as f64, q),
                (Num::Float(p), Num::Int(j)) => (p, j as f64),
                _ => return compare_general(m, OP, x, y, loc),
            };
            if let Some(r) = ops::float_cmp(OP, p, q) {
                return Ok(r);
            }
        }
        compare_general(m, OP, x, y, loc)
    }))
}

/// A comparison of anything but two numbers (and `in`).
#[inline(never)]
fn compare_general(m: &mut Machine, op: CmpOp, x: Ret, y: Ret, loc: Loc) -> Eval<bool> {
    // Both are values (the caller checked); taken one after the other.
    let x = match x.get() {
        Ok(x) => x,
        Err(c) => {
            y.discard();
            return Err(c);
        }
    };
    let y = y.get()?;
    // Two texts, equal or not (`c == " "` in a scanner): their bytes,
    // without the general comparison's dispatch.
    if let (Value::Text(p), Value::Text(q), CmpOp::Eq | CmpOp::NotEq) = (&x, &y, op) {
        let same = p.as_bytes() == q.as_bytes();
        x.discard();
        y.discard();
        return Ok(same == (op == CmpOp::Eq));
    }
    if let Some(r) = super::overload::compare(m, op, &x, &y, loc) {
        return r;
    }
    ops::compare_op(op, &x, &y, Some(&m.program.types)).map_err(|c| c.at(loc))
}

/// `in` / `not in`, which never compare two ints.
#[inline(always)]
const fn is_membership(op: CmpOp) -> bool {
    matches!(op, CmpOp::In | CmpOp::NotIn)
}

/// Integer comparison (not for `in`).
#[inline(always)]
fn int_cmp(op: CmpOp, i: i64, j: i64) -> bool {
    match op {
        CmpOp::Eq | CmpOp::Is => i == j,
        CmpOp::NotEq | CmpOp::IsNot => i != j,
        CmpOp::Lt => i < j,
        CmpOp::LtEq => i <= j,
        CmpOp::Gt => i > j,
        CmpOp::GtEq => i >= j,
        CmpOp::In | CmpOp::NotIn => false,
    }
}

impl Compiler<'_> {
    pub(super) fn unary(&mut self, op: UnaryOp, e: &Node, loc: Loc) -> Code {
        let e = self.node(e);
        match op {
            UnaryOp::Not => code(move |m| Ok(Value::Bool(!e(m).get()?.truthy()))),
            UnaryOp::Neg => code(move |m| match e(m).get()? {
                Value::Float(f) => Ok(Value::Float(-f)),
                v => ops::unary(op, v, Some(&m.program.types)).map_err(|c| c.at(loc)),
            }),
            _ => code(move |m| {
                let v = e(m).get()?;
                ops::unary(op, v, Some(&m.program.types)).map_err(|c| c.at(loc))
            }),
        }
    }

    pub(super) fn binary(&mut self, op: BinOp, a: &Node, b: &Node, loc: Loc) -> Code {
        if op == BinOp::Coalesce {
            let (a, b) = (self.node(a), self.node(b));
            return code(move |m| {
                let v = a(m).get()?;
                if v.is_nil() { b(m).get() } else { Ok(v) }
            });
        }
        // Each operator gets a closure of its own (the operator is a
        // constant inside it); operands that are variables or constants are
        // read in place instead of through a closure call.
        let (a, b) = (self.read_op(a), self.read_op(b));
        with_reader!(a, ra => with_reader!(b, rb => binary_code(op, ra, rb, loc)))
    }

    /// A long run of one level's left-associative operators, folded in a
    /// loop (`and`/`or`/`??` still stop at the first operand that decides).
    /// Each step reports errors at the span from the first operand to its
    /// own, as the nested form would.
    pub(super) fn chain(&mut self, first: &Node, rest: &[(BinOp, Node)]) -> Code {
        let start = first.span;
        let first = self.node(first);
        let rest: Box<[(BinOp, Code, Loc)]> = rest
            .iter()
            .map(|(op, n)| (*op, self.node(n), self.loc(start.to(n.span))))
            .collect();
        code(move |m| {
            let mut acc = first(m).get()?;
            for (op, operand, loc) in rest.iter() {
                acc = match op {
                    BinOp::And if !acc.truthy() => Value::Bool(false),
                    BinOp::Or if acc.truthy() => Value::Bool(true),
                    BinOp::And | BinOp::Or => Value::Bool(operand(m).get()?.truthy()),
                    BinOp::Coalesce if !acc.is_nil() => acc,
                    BinOp::Coalesce => operand(m).get()?,
                    _ => {
                        let y = operand(m).get()?;
                        super::overload::binary_values(m, *op, acc, y, *loc)?
                    }
                };
            }
            Ok(acc)
        })
    }

    /// Compiles an operand: variables and constants are read directly.
    pub(crate) fn operand(&mut self, node: &Node) -> Operand {
        match &node.kind {
            NodeKind::Local(s) => Operand::Local(*s),
            NodeKind::Capture(i) => Operand::Local(self.capture_base + i),
            NodeKind::Global(g) => Operand::Global(*g),
            NodeKind::Const(Value::Int(i)) => Operand::Int(*i),
            NodeKind::Const(Value::Bool(b)) => Operand::Bool(*b),
            NodeKind::Const(v) => Operand::Const(v.clone()),
            _ => Operand::Code(self.node(node)),
        }
    }

    /// A step that reads `node` as an operand of the operator at `loc`
    /// reads it (errors of a variable or field read are reported there).
    pub(super) fn operand_step(&mut self, node: &Node, loc: Loc) -> Code {
        let op = self.read_op(node);
        with_reader!(op, r => Box::new(move |m| r.read(m, loc)))
    }

    /// Compiles an operand of an operator: as [`Compiler::operand`], and a
    /// field of a local is read in place too.
    fn read_op(&mut self, node: &Node) -> ReadOp {
        match &node.kind {
            NodeKind::Field(e, name) if let NodeKind::Local(s) = e.kind => {
                let known = self.known_field(s, *name);
                ReadOp::Field(s, super::field::FieldSlot::new(*name, known))
            }
            _ => ReadOp::Op(self.operand(node)),
        }
    }

    /// Compiles a node used as a condition: a closure answering `bool`
    /// directly, with no `Value::Bool` in between for comparisons and
    /// boolean operators.
    pub(super) fn test_inner(&mut self, node: &Node) -> Test {
        let loc = self.loc(node.span);
        match &node.kind {
            NodeKind::Compare(first, rest) if rest.len() == 1 => {
                self.compare_test(first, rest[0].0, &rest[0].1, loc)
            }
            NodeKind::And(a, b) => {
                let (a, b) = (self.test(a), self.test(b));
                Box::new(move |m| Ok(a(m)? && b(m)?))
            }
            NodeKind::Or(a, b) => {
                let (a, b) = (self.test(a), self.test(b));
                Box::new(move |m| Ok(a(m)? || b(m)?))
            }
            NodeKind::Unary(UnaryOp::Not, e) => {
                let e = self.test(e);
                Box::new(move |m| Ok(!e(m)?))
            }
            // In a condition `x.?` is a yes/no presence test (so a present
            // `0` or `false` still counts as present).
            NodeKind::Present(e) => {
                let e = self.node(e);
                Box::new(move |m| Ok(crate::builtins::methods::is_present(&e(m).get()?)))
            }
            NodeKind::Const(v) => {
                let b = v.truthy();
                Box::new(move |_| Ok(b))
            }
            NodeKind::Local(x) => {
                let x = *x;
                Box::new(move |m| Ok(m.local(x).truthy()))
            }
            _ => {
                let c = self.node(node);
                Box::new(move |m| Ok(c(m).get()?.truthy()))
            }
        }
    }

    /// One comparison as a condition.
    fn compare_test(&mut self, first: &Node, op: CmpOp, second: &Node, loc: Loc) -> Test {
        let (a, b) = (self.read_op(first), self.read_op(second));
        with_reader!(a, ra => with_reader!(b, rb => compare_code(op, ra, rb, loc)))
    }

    pub(super) fn compare(&mut self, first: &Node, rest: &[(CmpOp, Node)], loc: Loc) -> Code {
        if let [(op, second)] = rest {
            let t = self.compare_test(first, *op, second, loc);
            return code(move |m| Ok(Value::Bool(t(m)?)));
        }
        // A chain `a < b < c`: each operand evaluated once, stops at the
        // first false link.
        let first = self.node(first);
        let rest: Vec<(CmpOp, Code)> = rest.iter().map(|(op, n)| (*op, self.node(n))).collect();
        code(move |m| {
            let mut left = first(m).get()?;
            for (op, code) in &rest {
                let right = code(m).get()?;
                if !super::overload::compare_values(m, *op, &left, &right, loc)? {
                    return Ok(Value::Bool(false));
                }
                left = right;
            }
            Ok(Value::Bool(true))
        })
    }

    /// `expr?`: unwraps `Ok(v)`; returns `Err(e)` or nil from the function.
    pub(super) fn try_(&mut self, e: &Node, loc: Loc) -> Code {
        let e = self.node(e);
        let in_function = self.in_function;
        code(move |m| {
            let v = e(m).get()?;
            try_value(m, v, in_function).map_err(|c| c.at(loc))
        })
    }
}

/// The meaning of `?` on a value: `Ok(v)` → `v`; `Err(e)` and nil leave the
/// function with themselves; at the top level they are errors.
pub(super) fn try_value(m: &mut crate::machine::Machine, v: Value, in_function: bool) -> Eval {
    let early = match v.as_result() {
        Some((true, inner)) => return Ok(inner.clone()),
        Some((false, _)) => true,
        None => v.is_nil(),
    };
    if !early {
        return Ok(v);
    }
    if in_function {
        m.ret = v;
        return Err(Ctrl::RETURN);
    }
    let shown = crate::value::DisplayValue(&v, Some(&m.program.types)).to_string();
    let mut err = RuntimeError::new(format!("`?` at the top level got {shown}"))
        .with_kind(ErrorKind::UncaughtErr);
    err.value = Some(v);
    Err(Ctrl::error(Box::new(err)))
}

/// `v as T`.
pub(super) fn cast(v: Value, target: CastTarget, types: &TypeTable) -> Eval {
    let int = |i: i64| -> Value {
        Value::Int(match target {
            CastTarget::I8 => i as i8 as i64,
            CastTarget::I16 => i as i16 as i64,
            CastTarget::I32 => i as i32 as i64,
            CastTarget::U8 => i as u8 as i64,
            CastTarget::U16 => i as u16 as i64,
            CastTarget::U32 => i as u32 as i64,
            _ => i,
        })
    };
    match (target, &v) {
        (CastTarget::Other, _) => Ok(v),
        (CastTarget::Text, _) => Ok(Value::text(
            crate::value::DisplayValue(&v, Some(types)).to_string(),
        )),
        (CastTarget::Bool, _) => Ok(Value::Bool(v.truthy())),
        (CastTarget::F64, Value::Int(i)) => Ok(Value::Float(*i as f64)),
        (CastTarget::F64, Value::Float(_)) => Ok(v),
        (CastTarget::F64, Value::Bool(b)) => Ok(Value::Float(*b as i64 as f64)),
        (CastTarget::F64, Value::U64(u)) => Ok(Value::Float(*u as f64)),
        // A negative int as u64 is the unsigned value of its bits.
        (CastTarget::U64, Value::Int(i)) if *i < 0 => Ok(Value::U64(*i as u64)),
        (CastTarget::U64, Value::U64(_)) => Ok(v),
        // Other widths take the low bits; `as i64` keeps all 64.
        (_, Value::U64(u)) => Ok(int(*u as i64)),
        (_, Value::Int(i)) => Ok(int(*i)),
        (_, Value::Bool(b)) => Ok(int(*b as i64)),
        // Truncates toward zero; out-of-range floats saturate at the
        // target's bounds and NaN gives 0 (as Rust's `as` does).
        (_, Value::Float(f)) => {
            let f = *f;
            Ok(Value::Int(match target {
                CastTarget::I8 => f as i8 as i64,
                CastTarget::I16 => f as i16 as i64,
                CastTarget::I32 => f as i32 as i64,
                CastTarget::U8 => f as u8 as i64,
                CastTarget::U16 => f as u16 as i64,
                CastTarget::U32 => f as u32 as i64,
                // u64 saturates at its own bounds.
                CastTarget::U64 => {
                    return Ok(crate::ops::int_value(f as u64 as i128).expect("a u64 fits"));
                }
                _ => f as i64,
            }))
        }
        (_, other) => fail(format!(
            "cannot cast {} to {}",
            ops::type_name(other, Some(types)),
            format!("{target:?}").to_lowercase()
        )),
    }
}
