//! The operator layer of expressions: prefix operators, `**`, and the
//! flat list of binary operators ordered by precedence (loosest first):
//! `or`/`||`; `and`/`&&`; prefix `not`; comparisons (chains); `??`;
//! ranges (non-associative); `|`; `xor`/`^`; `&`; `<< >>`; `+ -`;
//! `* / %`; then `**` (right-associative) and, tightest, the prefix
//! operators `- ~ !` and `await` (so `-2 ** 2` is `(-2) ** 2`).
//!
//! Written without chumsky's pratt parser: trying each precedence level in
//! turn after every operand cost one failed alternative per level per
//! operand, which dominated parse time. Here every operand costs one, and
//! the tree is built by an iterative shunting-yard pass, so no chain of
//! operators, however long, recurses.

use chumsky::prelude::*;

use super::errors::{Label, PErr};
use super::expr::{bx, mk};
use super::{Extra, In};
use crate::ast::{BinOp, CmpOp, Expr, ExprKind, UnaryOp};
use crate::span::Span;
use crate::token::Token;

/// A prefix operator of the unary level.
#[derive(Clone, Copy)]
pub(super) enum Prefix {
    Unary(UnaryOp),
    Await,
}

pub(super) fn apply_prefixes(prefixes: Vec<(Prefix, Span)>, mut e: Expr) -> Expr {
    for (p, sp) in prefixes.into_iter().rev() {
        let span = sp.to(e.span);
        e = match p {
            Prefix::Unary(op) => mk(ExprKind::Unary { op, expr: bx(e) }, span),
            Prefix::Await => mk(ExprKind::Await(bx(e)), span),
        };
    }
    e
}

/// A binary operator of the flat operator list (looser than `**`).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Bin {
    Op(BinOp),
    Cmp(CmpOp),
    Range(bool),
    /// `x |> f`: the call `f(x)`.
    Pipe,
}

impl Bin {
    /// Binding power, loosest first: `or`, `and`, (`not`), comparisons,
    /// `??`, ranges, `|`, `^`, `&`, shifts, `+ -`, `* / %`.
    fn prec(self) -> u8 {
        match self {
            Bin::Pipe => 0,
            Bin::Op(BinOp::Or) => 1,
            Bin::Op(BinOp::And) => 2,
            Bin::Cmp(_) => 4,
            Bin::Op(BinOp::Coalesce) => 5,
            Bin::Range(_) => 6,
            Bin::Op(BinOp::BitOr) => 7,
            Bin::Op(BinOp::BitXor) => 8,
            Bin::Op(BinOp::BitAnd) => 9,
            Bin::Op(BinOp::Shl | BinOp::Shr) => 10,
            Bin::Op(BinOp::Add | BinOp::Sub) => 11,
            Bin::Op(BinOp::Mul | BinOp::Div | BinOp::Mod | BinOp::MatMul) => 12,
            Bin::Op(BinOp::Pow) => 13,
        }
    }
}

/// The precedence of prefix `not`: looser than comparisons, tighter than
/// `and`.
const NOT_PREC: u8 = 3;

/// The next binary operator (`not in` and `is not` are two tokens).
pub(super) fn bin_op<'t>() -> impl Parser<'t, In<'t>, Bin, Extra<'t>> + Clone {
    chumsky::primitive::custom(
        |inp: &mut chumsky::input::InputRef<'t, '_, In<'t>, Extra<'t>>| {
            let before = inp.save();
            let op = match inp.next_ref() {
                Some(Token::Or | Token::PipePipe) => Bin::Op(BinOp::Or),
                Some(Token::And | Token::AmpAmp) => Bin::Op(BinOp::And),
                Some(Token::EqEq) => Bin::Cmp(CmpOp::Eq),
                Some(Token::NotEq) => Bin::Cmp(CmpOp::NotEq),
                Some(Token::Lt) => Bin::Cmp(CmpOp::Lt),
                Some(Token::LtEq) => Bin::Cmp(CmpOp::LtEq),
                Some(Token::Gt) => Bin::Cmp(CmpOp::Gt),
                Some(Token::GtEq) => Bin::Cmp(CmpOp::GtEq),
                Some(Token::In) => Bin::Cmp(CmpOp::In),
                Some(Token::Not) if matches!(inp.peek_ref(), Some(Token::In)) => {
                    inp.skip();
                    Bin::Cmp(CmpOp::NotIn)
                }
                Some(Token::Is) => {
                    if matches!(inp.peek_ref(), Some(Token::Not)) {
                        inp.skip();
                        Bin::Cmp(CmpOp::IsNot)
                    } else {
                        Bin::Cmp(CmpOp::Is)
                    }
                }
                Some(Token::QuestionQuestion) => Bin::Op(BinOp::Coalesce),
                Some(Token::DotDot) => Bin::Range(false),
                Some(Token::DotDotEq) => Bin::Range(true),
                // `|>` (no operand can start with `>`, so a `|` before one
                // is the pipe).
                Some(Token::Pipe) if matches!(inp.peek_ref(), Some(Token::Gt)) => {
                    inp.skip();
                    Bin::Pipe
                }
                Some(Token::Pipe) => Bin::Op(BinOp::BitOr),
                Some(Token::Caret | Token::Xor) => Bin::Op(BinOp::BitXor),
                Some(Token::Amp) => Bin::Op(BinOp::BitAnd),
                Some(Token::Shl) => Bin::Op(BinOp::Shl),
                Some(Token::Shr) => Bin::Op(BinOp::Shr),
                Some(Token::Plus) => Bin::Op(BinOp::Add),
                Some(Token::Minus) => Bin::Op(BinOp::Sub),
                Some(Token::Star) => Bin::Op(BinOp::Mul),
                Some(Token::At) => Bin::Op(BinOp::MatMul),
                Some(Token::Slash) => Bin::Op(BinOp::Div),
                Some(Token::Percent) => Bin::Op(BinOp::Mod),
                found => {
                    let span: Span = inp.span_since(before.cursor());
                    return Err(PErr::expecting(span, found, &[Label::Operator], &[]));
                }
            };
            Ok(op)
        },
    )
}

/// One operand of the flat list: its leading `not`s and the expression.
pub(super) type Operand = (Vec<Span>, Expr);

/// Builds the tree from `operand (op operand)*` by precedence (shunting
/// yard, iterative: no recursion however long the chain). Comparison
/// chains become one `Compare`, runs of one precedence level one
/// `BinaryChain`; a chained range is reported.
pub(super) fn climb(first: Operand, rest: Vec<(Bin, Operand)>, errors: &mut Vec<Span>) -> Expr {
    enum Op {
        Bin(Bin),
        Not(Span),
    }
    impl Op {
        fn prec(&self) -> u8 {
            match self {
                Op::Bin(b) => b.prec(),
                Op::Not(_) => NOT_PREC,
            }
        }
    }
    let mut ops: Vec<Op> = Vec::new();
    // Each operand with whether this pass built it from an operator (a
    // parenthesised operand is not continued as a chain).
    let mut out: Vec<(Expr, bool)> = Vec::new();

    fn reduce(ops: &mut Vec<Op>, out: &mut Vec<(Expr, bool)>) {
        let mut pop = || out.pop().expect("operand").0;
        let built = match ops.pop() {
            Some(Op::Not(sp)) => {
                let e = pop();
                let span = sp.to(e.span);
                mk(
                    ExprKind::Unary {
                        op: UnaryOp::Not,
                        expr: bx(e),
                    },
                    span,
                )
            }
            Some(Op::Bin(Bin::Cmp(op))) => {
                // The comparisons pushed consecutively form one chain.
                let mut chain = vec![op];
                while let Some(Op::Bin(Bin::Cmp(_))) = ops.last() {
                    if let Some(Op::Bin(Bin::Cmp(op))) = ops.pop() {
                        chain.push(op);
                    }
                }
                chain.reverse();
                let n = chain.len();
                let operands = out.split_off(out.len() - (n + 1));
                let mut it = operands.into_iter().map(|(e, _)| e);
                let first = it.next().expect("operand");
                let rest: Vec<(CmpOp, Expr)> = chain.into_iter().zip(it).collect();
                let span = first
                    .span
                    .to(rest.last().map_or(first.span, |(_, e)| e.span));
                mk(
                    ExprKind::Compare {
                        first: bx(first),
                        rest,
                    },
                    span,
                )
            }
            Some(Op::Bin(b)) => {
                let rhs = out.pop().expect("operand").0;
                let (lhs, lhs_built) = out.pop().expect("operand");
                let span = lhs.span.to(rhs.span);
                match b {
                    Bin::Op(op) if lhs_built => chain_or_binary(op, lhs, rhs, span),
                    Bin::Op(op) => mk(
                        ExprKind::Binary {
                            op,
                            lhs: bx(lhs),
                            rhs: bx(rhs),
                        },
                        span,
                    ),
                    Bin::Range(inclusive) => mk(
                        ExprKind::Range {
                            start: bx(lhs),
                            end: bx(rhs),
                            inclusive,
                        },
                        span,
                    ),
                    Bin::Pipe => mk(
                        ExprKind::Call {
                            callee: bx(rhs),
                            args: vec![crate::ast::Arg {
                                name: None,
                                span: lhs.span,
                                value: lhs,
                            }],
                        },
                        span,
                    ),
                    Bin::Cmp(_) => unreachable!(),
                }
            }
            None => return,
        };
        out.push((built, true));
    }

    let push_operand = |ops: &mut Vec<Op>, out: &mut Vec<(Expr, bool)>, (nots, e): Operand| {
        ops.extend(nots.into_iter().map(Op::Not));
        out.push((e, false));
    };
    push_operand(&mut ops, &mut out, first);
    for (bin, operand) in rest {
        let p = bin.prec();
        while let Some(top) = ops.last() {
            let chain = matches!((top, bin), (Op::Bin(Bin::Cmp(_)), Bin::Cmp(_)));
            if chain || top.prec() < p {
                break;
            }
            if let (Op::Bin(Bin::Range(_)), Bin::Range(_)) = (top, bin) {
                errors.push(operand.1.span);
            }
            reduce(&mut ops, &mut out);
        }
        ops.push(Op::Bin(bin));
        push_operand(&mut ops, &mut out, operand);
    }
    while !ops.is_empty() {
        reduce(&mut ops, &mut out);
    }
    out.pop().expect("operand").0
}

/// `lhs op rhs` where `lhs` was built from operators by the same pass: a
/// left operand of `op`'s precedence level is continued as one flat
/// `BinaryChain` instead of nesting.
fn chain_or_binary(op: BinOp, lhs: Expr, rhs: Expr, span: Span) -> Expr {
    let level = Bin::Op(op).prec();
    match lhs.kind {
        ExprKind::BinaryChain { first, mut rest }
            if rest
                .first()
                .is_some_and(|(o, _)| Bin::Op(*o).prec() == level) =>
        {
            rest.push((op, rhs));
            mk(ExprKind::BinaryChain { first, rest }, span)
        }
        ExprKind::Binary {
            op: inner,
            lhs: first,
            rhs: second,
        } if Bin::Op(inner).prec() == level => mk(
            ExprKind::BinaryChain {
                first,
                rest: vec![(inner, *second), (op, rhs)],
            },
            span,
        ),
        kind => mk(
            ExprKind::Binary {
                op,
                lhs: bx(Expr {
                    kind,
                    span: lhs.span,
                }),
                rhs: bx(rhs),
            },
            span,
        ),
    }
}
