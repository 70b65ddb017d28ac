//! Expressions: operator precedence (chumsky's pratt parser plus explicit
//! layers for `or`, `and`, `not` and comparison chains), atoms, postfix
//! operators, lambdas, comprehensions and `if` expressions.

use chumsky::prelude::*;

use super::errors::{Label, custom, skip_line, tok, word};
use super::operators::{Prefix, apply_prefixes, bin_op, climb};
use super::{Extra, Grammar, In, P};
use crate::ast::{
    Arg, ArrayElem, BinOp, CompClause, ElifArm, Expr, ExprKind, FStrPart, FieldInit, IfExpr,
    Lambda, Param, Stmt, StmtKind, TypeExpr, UnaryOp,
};
use crate::span::Span;
use crate::symbol::Symbol;
use crate::token::Token;

/// A postfix operation, applied to the expression on its left.
#[derive(Clone)]
enum Post {
    Call(Vec<Arg>),
    Field(Symbol, Span),
    /// `.0`, or `.0.1` when the lexer read `0.1` as one float.
    TupleField(Vec<(u32, Span)>),
    Index(Expr),
    Slice(Option<Expr>, Option<Expr>, Option<Expr>),
    Try,
    Present,
    OptField(Symbol, Span),
    Cast(TypeExpr),
    /// `.Point { ... }`: a struct literal through a module path.
    StructLit(Symbol, Span, Vec<FieldInit>),
    /// `.with {"k": v}`: a method called with one dict literal, no
    /// parentheses.
    DictCall(Symbol, Span, Arg),
    /// A bracketed part that failed to parse (already reported).
    Error,
}

pub(super) fn mk(kind: ExprKind, span: Span) -> Expr {
    Expr { kind, span }
}

pub(super) fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

pub(super) fn name<'t>() -> impl Parser<'t, In<'t>, Symbol, Extra<'t>> + Clone {
    select_ref! { Token::Ident(s) => *s }.labelled(Label::Name)
}

/// A name after `.`: keywords are allowed there (`x.match`, `r.val`).
fn member_name<'t>() -> impl Parser<'t, In<'t>, Symbol, Extra<'t>> + Clone {
    select_ref! {
        Token::Ident(s) => *s,
        t if super::errors::is_keyword(t) => Symbol::intern(&t.to_string()),
    }
    .labelled(Label::FieldName)
}

fn is_upper(s: Symbol) -> bool {
    s.as_str().starts_with(|c: char| c.is_ascii_uppercase())
}

/// The statement terminator: `Newline` or `;`.
pub(super) fn terminator<'t>() -> impl Parser<'t, In<'t>, (), Extra<'t>> + Clone {
    select_ref! { Token::Newline => (), Token::Semicolon => () }.labelled(Label::EndOfLine)
}

/// `{ x: 1, y }` after a struct name.
fn field_inits<'t>(
    g: &Grammar<'t>,
) -> impl Parser<'t, In<'t>, Vec<FieldInit>, Extra<'t>> + Clone + use<'t> {
    name()
        .map_with(|n, e| (n, e.span()))
        .then(tok(Token::Colon).ignore_then(g.expr.clone()).or_not())
        .map_with(|((name, name_span), value), e| FieldInit {
            name,
            value: value.unwrap_or_else(|| mk(ExprKind::Name(name), name_span)),
            span: e.span(),
        })
        .separated_by(tok(Token::Comma))
        .allow_trailing()
        .collect::<Vec<_>>()
        .delimited_by(tok(Token::LBrace), tok(Token::RBrace))
}

/// Comprehension clauses: `for P in E` then any number of `for`/`if`.
fn comp_clauses<'t>(
    g: &Grammar<'t>,
) -> impl Parser<'t, In<'t>, Vec<CompClause>, Extra<'t>> + Clone + use<'t> {
    let comp_for = tok(Token::For)
        .ignore_then(super::pattern::for_target(g.pattern.clone()))
        .then_ignore(tok(Token::In).labelled(Label::KwIn))
        .then(g.expr.clone())
        .map(|(pattern, iter)| CompClause::For { pattern, iter });
    let comp_if = tok(Token::If)
        .ignore_then(g.expr.clone())
        .map(CompClause::If);
    comp_for
        .clone()
        .then(comp_for.or(comp_if).repeated().collect::<Vec<_>>())
        .map(|(first, mut rest)| {
            rest.insert(0, first);
            rest
        })
}

fn delims<'t>(open: Token, close: Token) -> impl Parser<'t, In<'t>, Span, Extra<'t>> + Clone {
    let others = match open {
        Token::LParen => [
            (Token::LBracket, Token::RBracket),
            (Token::LBrace, Token::RBrace),
        ],
        Token::LBracket => [
            (Token::LParen, Token::RParen),
            (Token::LBrace, Token::RBrace),
        ],
        _ => [
            (Token::LParen, Token::RParen),
            (Token::LBracket, Token::RBracket),
        ],
    };
    nested_delimiters(open, close, others, |span| span)
}

/// An interpolated string: `FStrStart (text | {expr[:spec]})* FStrEnd`.
pub(super) fn fstr<'t>(
    g: &Grammar<'t>,
) -> impl Parser<'t, In<'t>, Expr, Extra<'t>> + Clone + use<'t> {
    let part = choice((
        select_ref! { Token::FStrText(s) => FStrPart::Text(s.clone()) },
        tok(Token::InterpOpen)
            .ignore_then(g.expr.clone())
            .then(select_ref! { Token::InterpClose(spec) => spec.clone() })
            .map(|(expr, spec)| FStrPart::Expr { expr, spec }),
    ));
    tok(Token::FStrStart)
        .ignore_then(part.repeated().collect::<Vec<_>>())
        .then_ignore(tok(Token::FStrEnd))
        .map_with(|parts, e| mk(ExprKind::FStr(parts), e.span()))
}

/// Literals, names, brackets, strings, lambdas, `if`, `match`.
fn atom<'t>(g: &Grammar<'t>) -> P<'t, Expr> {
    let expr = g.expr.clone();

    let literal = select_ref! {
        Token::Int(v) => ExprKind::Int(*v),
        Token::UInt(v) => ExprKind::UInt(*v),
        Token::Float(v) => ExprKind::Float(*v),
        Token::UnitInt(v, u) => ExprKind::UnitLit { number: Box::new(mk(ExprKind::Int(*v), Span::default())), suffix: *u },
        Token::UnitFloat(v, u) => ExprKind::UnitLit { number: Box::new(mk(ExprKind::Float(*v), Span::default())), suffix: *u },
        Token::Str(s) => ExprKind::Str(s.clone()),
        Token::SuffixedStr(text, suffix) => ExprKind::Suffixed { text: text.clone(), suffix: *suffix },
        Token::True => ExprKind::Bool(true),
        Token::False => ExprKind::Bool(false),
        Token::Nil => ExprKind::Nil,
        // `me.items` in a method body: upstream's other spelling of `self`.
        Token::Me => ExprKind::Name(Symbol::intern("self")),
    }
    .map_with(|mut k, e| {
        if let ExprKind::UnitLit { number, .. } = &mut k {
            number.span = e.span();
        }
        mk(k, e.span())
    });

    let fstr = fstr(g);

    let struct_lit = select_ref! { Token::Ident(s) => *s }
        .map_with(|s, e| (s, e.span()))
        .then_ignore(select_ref! { Token::LBrace => () }.rewind())
        .filter(|(s, _)| is_upper(*s))
        .then(field_inits(g))
        .map_with(|((s, s_span), fields), e| {
            mk(
                ExprKind::StructLit {
                    path: bx(mk(ExprKind::Name(s), s_span)),
                    fields,
                },
                e.span(),
            )
        });
    // `double 5`, `add1 add2(10)`, `apply 5 \\n: n * 2`: a name followed,
    // after a blank, by a token that cannot otherwise follow a name is a
    // call without parentheses; its arguments run to the end of the
    // expression (a trailing lambda needs no comma).
    let bare_arg = expr.clone().map_with(|value, e| Arg {
        name: None,
        value,
        span: e.span(),
    });
    let bare_args = bare_arg
        .clone()
        .then(
            tok(Token::Comma)
                .ignore_then(bare_arg.clone())
                .or(tok(Token::Backslash).rewind().ignore_then(bare_arg))
                .repeated()
                .collect::<Vec<_>>(),
        )
        .map(|(first, mut rest)| {
            rest.insert(0, first);
            rest
        });
    // The name is read once; the arguments are tried only when the next
    // token can start one (such a token never touches a name without a
    // blank: it would have lexed as part of it).
    // `identity<i64>(x)`, `Box<T>(value: 1)`: explicit type arguments
    // before a call's `(` (dropped: types are not checked). Anything else
    // after `<` is a comparison.
    let type_args = tok(Token::Lt)
        .ignore_then(g.ty.clone().separated_by(tok(Token::Comma)).at_least(1))
        .then_ignore(tok(Token::Gt))
        .then_ignore(tok(Token::LParen).rewind());
    let name_expr = name()
        .map_with(|s, e| mk(ExprKind::Name(s), e.span()))
        .then_ignore(type_args.or_not())
        .then(
            any_ref()
                .filter(|t: &&Token| starts_bare_call_arg(t))
                .rewind()
                .ignore_then(bare_args)
                .or_not(),
        )
        .map_with(|(callee, args), e| match args {
            None => callee,
            Some(args) => mk(
                ExprKind::Call {
                    callee: bx(callee),
                    args,
                },
                e.span(),
            ),
        });

    // `()`, `(e)`, `(e,)`, `(a, b)`
    let paren = tok(Token::LParen)
        .ignore_then(
            expr.clone()
                .separated_by(tok(Token::Comma))
                .collect::<Vec<_>>()
                .then(tok(Token::Comma).or_not()),
        )
        .then_ignore(tok(Token::RParen))
        .map_with(|(mut items, trailing), e| {
            if items.len() == 1 && trailing.is_none() {
                items.pop().unwrap()
            } else {
                mk(ExprKind::Tuple(items), e.span())
            }
        })
        .recover_with(via_parser(
            delims(Token::LParen, Token::RParen).map(|span| mk(ExprKind::Error, span)),
        ));

    // `[a, *b]`, `[x for x in xs if c]`
    let elem = tok(Token::Star)
        .ignore_then(expr.clone())
        .map(ArrayElem::Spread)
        .or(expr.clone().map(ArrayElem::Item));
    // `[for x in xs if c: e]`: upstream's comprehension form.
    let leading_comp = comp_clauses(g)
        .then_ignore(tok(Token::Colon))
        .then(expr.clone())
        .map(|(clauses, elem)| ExprKind::ListComp {
            elem: bx(elem),
            clauses,
        });
    // After the first element: comprehension clauses, `; n` (`[v; n]`, `n`
    // copies of `v`, the same as `[v] * n`), or more elements.
    enum ArrayRest {
        Comp(Vec<CompClause>),
        Repeat(Expr),
        Items(Vec<ArrayElem>),
    }
    let array_body = elem
        .clone()
        .then(choice((
            comp_clauses(g).map(ArrayRest::Comp),
            tok(Token::Semicolon)
                .ignore_then(expr.clone())
                .map(ArrayRest::Repeat),
            tok(Token::Comma)
                .ignore_then(
                    elem.separated_by(tok(Token::Comma))
                        .allow_trailing()
                        .collect::<Vec<_>>(),
                )
                .or_not()
                .map(|rest| ArrayRest::Items(rest.unwrap_or_default())),
        )))
        .try_map(|(first, rest), span| match rest {
            ArrayRest::Repeat(n) => match first {
                ArrayElem::Item(v) => Ok(ExprKind::Binary {
                    op: BinOp::Mul,
                    lhs: bx(mk(ExprKind::Array(vec![ArrayElem::Item(v)]), span)),
                    rhs: bx(n),
                }),
                ArrayElem::Spread(_) => Err(custom(
                    span,
                    "a spread cannot be repeated",
                    "remove the `*`",
                )),
            },
            ArrayRest::Comp(clauses) => match first {
                ArrayElem::Item(elem) => Ok(ExprKind::ListComp {
                    elem: bx(elem),
                    clauses,
                }),
                ArrayElem::Spread(_) => Err(custom(
                    span,
                    "a spread cannot be a comprehension element",
                    "remove the `*`",
                )),
            },
            ArrayRest::Items(mut rest) => {
                rest.insert(0, first);
                Ok(ExprKind::Array(rest))
            }
        })
        .or_not()
        .map(|k| k.unwrap_or(ExprKind::Array(Vec::new())));
    let array_body = leading_comp.or(array_body);
    let array = array_body
        .delimited_by(tok(Token::LBracket), tok(Token::RBracket))
        .map_with(|k, e| mk(k, e.span()))
        .recover_with(via_parser(
            delims(Token::LBracket, Token::RBracket).map(|span| mk(ExprKind::Error, span)),
        ));

    // `{}`, `{k: v, ...}`, `{k: v for (k, v) in pairs}`
    let entry = expr
        .clone()
        .then_ignore(tok(Token::Colon).labelled(Label::ColonTypeBody))
        .then(expr.clone());
    // `{for k, v in pairs: (k, v)}` (or `...: k: v`): upstream's form.
    let leading_dict_comp = comp_clauses(g)
        .then_ignore(tok(Token::Colon))
        .then(entry.clone().map(Ok).or(expr.clone().map(Err)))
        .try_map(|(clauses, body), span| {
            let (key, value) = match body {
                Ok(kv) => kv,
                Err(Expr {
                    kind: ExprKind::Tuple(mut items),
                    ..
                }) if items.len() == 2 => {
                    let v = items.pop().expect("two items");
                    (items.pop().expect("two items"), v)
                }
                Err(_) => {
                    return Err(custom(
                        span,
                        "a dict comprehension needs a `(key, value)` pair",
                        "write `(k, v)` or `k: v` after the `:`",
                    ));
                }
            };
            Ok(ExprKind::DictComp {
                key: bx(key),
                value: bx(value),
                clauses,
            })
        });
    let dict_body = entry
        .clone()
        .then(choice((
            comp_clauses(g).map(Ok),
            tok(Token::Comma)
                .ignore_then(
                    entry
                        .separated_by(tok(Token::Comma))
                        .allow_trailing()
                        .collect::<Vec<_>>(),
                )
                .or_not()
                .map(|rest| Err(rest.unwrap_or_default())),
        )))
        .map(|((k, v), rest)| match rest {
            Ok(clauses) => ExprKind::DictComp {
                key: bx(k),
                value: bx(v),
                clauses,
            },
            Err(mut rest) => {
                rest.insert(0, (k, v));
                ExprKind::Dict(rest)
            }
        })
        .or_not()
        .map(|k| k.unwrap_or(ExprKind::Dict(Vec::new())));
    let dict_body = leading_dict_comp.or(dict_body);
    let dict = dict_body
        .delimited_by(tok(Token::LBrace), tok(Token::RBrace))
        .map_with(|k, e| mk(k, e.span()))
        .recover_with(via_parser(
            delims(Token::LBrace, Token::RBrace).map(|span| mk(ExprKind::Error, span)),
        ));

    // `s{1, 2, 3}`: a set literal, upstream's prefix form. The `s` must
    // touch the `{` (`s {` is the name `s` and a dict).
    let set_lit = select_ref! { Token::Ident(s) if s.as_str() == "s" => () }
        .map_with(|_, e| e.span())
        .then(
            select_ref! { Token::LBrace => () }
                .map_with(|_, e| e.span())
                .rewind(),
        )
        .filter(|(name, brace): &(Span, Span)| name.end == brace.start)
        .ignore_then(
            expr.clone()
                .separated_by(tok(Token::Comma))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(tok(Token::LBrace), tok(Token::RBrace)),
        )
        .map_with(|items, e| mk(ExprKind::Set(items), e.span()));

    // `\x: e`, `\a, b: e`, `\: e`
    let simple_param = name().map_with(|name, e| Param {
        name,
        ty: None,
        default: None,
        variadic: false,
        is_mut: false,
        span: e.span(),
    });
    let backslash_lambda = tok(Token::Backslash)
        .ignore_then(
            simple_param
                .separated_by(tok(Token::Comma))
                .collect::<Vec<_>>(),
        )
        .then_ignore(tok(Token::Colon).labelled(Label::ColonAfterLambdaParams))
        .then(g.block_body.clone())
        .map_with(|(params, body), e| {
            mk(
                ExprKind::Lambda(Box::new(Lambda { params, body })),
                e.span(),
            )
        });
    // `|x| e`, `|a, b| e`, `|| e`: the closure spelling upstream also accepts
    // (typed parameters `|x: i64|` allowed).
    let pipe_param = name()
        .then(tok(Token::Colon).ignore_then(g.ty.clone()).or_not())
        .map_with(|(name, ty), e| Param {
            name,
            ty,
            default: None,
            variadic: false,
            is_mut: false,
            span: e.span(),
        });
    let pipe_lambda = choice((
        tok(Token::PipePipe).to(Vec::new()),
        pipe_param
            .separated_by(tok(Token::Comma))
            .collect::<Vec<_>>()
            .delimited_by(tok(Token::Pipe), tok(Token::Pipe)),
    ))
    .then(expr.clone())
    .map_with(|(params, body), e| {
        let span: Span = body.span;
        mk(
            ExprKind::Lambda(Box::new(Lambda {
                params,
                body: vec![Stmt {
                    kind: StmtKind::Expr(body),
                    span,
                }],
            })),
            e.span(),
        )
    });
    // `fn(x: i64) -> i64: body`
    let fn_lambda = tok(Token::Fn)
        .ignore_then(super::decl::params(g))
        .then_ignore(tok(Token::Arrow).ignore_then(g.ty.clone()).or_not())
        .then_ignore(tok(Token::Colon).labelled(Label::ColonLambdaBody))
        .then(g.block_body.clone())
        .map_with(|(params, body), e| {
            mk(
                ExprKind::Lambda(Box::new(Lambda { params, body })),
                e.span(),
            )
        });
    // `&:name`: the method reference `\p: p.name()`.
    let method_ref = tok(Token::Amp)
        .ignore_then(tok(Token::Colon))
        .ignore_then(name())
        .map_with(|method, e| {
            let span: Span = e.span();
            let param = crate::symbol::Symbol::intern("method ref receiver");
            let recv = mk(ExprKind::Name(param), span);
            let call = super::stmt::method_call(recv, method.as_str(), Vec::new(), span);
            let params = vec![Param {
                name: param,
                ty: None,
                default: None,
                variadic: false,
                is_mut: false,
                span,
            }];
            mk(
                ExprKind::Lambda(Box::new(Lambda {
                    params,
                    body: vec![Stmt {
                        kind: StmtKind::Expr(call),
                        span,
                    }],
                })),
                span,
            )
        });

    choice((
        set_lit,
        struct_lit,
        name_expr,
        method_ref,
        literal,
        paren,
        fstr,
        array,
        dict,
        backslash_lambda,
        pipe_lambda,
        fn_lambda,
        if_expr(g),
        super::pattern::match_expr(g),
    ))
    .labelled(Label::Expr)
    .boxed()
}

/// Tokens after which a name followed by a blank reads as a call without
/// parentheses (`double 5`, `print "hi"`): tokens that can never follow a
/// name otherwise. `-`, `[` and `(` are left out (`a - 1`, `xs [0]`).
fn starts_bare_call_arg(t: &Token) -> bool {
    matches!(
        t,
        // `to` / `not_to` belong to `expect x to eq(y)`, `unwrap` to
        // `x unwrap or: d`.
        Token::Ident(s) if !matches!(s.as_str(), "to" | "not_to" | "unwrap")
    ) || matches!(
        t,
        Token::Int(_)
            | Token::UInt(_)
            | Token::Float(_)
            | Token::UnitInt(..)
            | Token::UnitFloat(..)
            | Token::Str(_)
            | Token::SuffixedStr(..)
            | Token::FStrStart
            | Token::Not
            | Token::Backslash
            | Token::True
            | Token::False
            | Token::Nil
    )
}

/// An argument that uses `_1`, `_2`, ... (or `_` inside a larger
/// expression) is a lambda of that many parameters: `xs.map(_1 * 2)`.
pub(super) fn placeholder_lambda(value: Expr) -> Expr {
    // A bare `_` or `_1` argument is not a lambda of its own: it belongs
    // to the enclosing argument (`xs.map(add(_1, 10))` maps with
    // `\a: add(a, 10)`).
    if matches!(&value.kind, ExprKind::Name(n) if is_placeholder(n.as_str())) {
        return value;
    }
    let names = super::depth::placeholders(&value);
    if names.is_empty() {
        return value;
    }
    let span = value.span;
    let params = names
        .into_iter()
        .map(|name| Param {
            name,
            ty: None,
            default: None,
            variadic: false,
            is_mut: false,
            span,
        })
        .collect();
    mk(
        ExprKind::Lambda(Box::new(Lambda {
            params,
            body: vec![Stmt {
                kind: StmtKind::Expr(value),
                span,
            }],
        })),
        span,
    )
}

/// `if c: a elif d: b else: e` (one-line or indented blocks). The `elif`
/// arms are collected in a list, not parsed recursively, so a chain of
/// thousands of them neither recurses nor nests.
pub(super) fn if_expr<'t>(g: &Grammar<'t>) -> P<'t, Expr> {
    let cond = super::stmt::cond(g);
    let block = super::stmt::block(g, Label::ColonAfterCond);
    let else_block = super::stmt::block(g, Label::ColonAfterElse);
    let elif_kw = choice((
        tok(Token::Elif).ignored(),
        tok(Token::Else).then(tok(Token::If)).ignored(),
    ));
    let elif = tok(Token::Newline)
        .or_not()
        .ignore_then(
            elif_kw
                .ignore_then(cond.clone().then(block.clone()))
                .map_with(|(cond, then), e| ElifArm {
                    cond,
                    then,
                    span: e.span(),
                }),
        )
        .repeated()
        .collect::<Vec<_>>();
    let else_part = tok(Token::Newline)
        .or_not()
        .ignore_then(tok(Token::Else))
        .ignore_then(else_block);
    tok(Token::If)
        .ignore_then(cond)
        .then(block)
        .then(elif)
        .then(else_part.or_not())
        .map_with(|(((cond, then), elifs), else_), e| {
            mk(
                ExprKind::If(Box::new(IfExpr {
                    cond,
                    then,
                    elifs,
                    else_,
                })),
                e.span(),
            )
        })
        .boxed()
}

/// `.name`, `(args)`, `[i]`, `?`, `as T`, ... as one choice.
fn postfix_op<'t>(g: &Grammar<'t>) -> P<'t, Post> {
    let src = g.src;
    let expr = g.expr.clone();

    let arg = name()
        .then_ignore(select_ref! { Token::Colon => (), Token::Assign => () })
        .or_not()
        .then(expr.clone())
        .then_ignore(call_site_label(&[Token::Comma, Token::RParen]).or_not())
        .map_with(|(name, value), e| Arg {
            name,
            value: placeholder_lambda(value),
            span: e.span(),
        });
    // A positional argument written without parentheses around it.
    let loose_arg = expr.clone().map_with(|value, e| Arg {
        name: None,
        value,
        span: e.span(),
    });
    let call = arg
        .separated_by(tok(Token::Comma))
        .allow_trailing()
        .collect::<Vec<_>>()
        .delimited_by(tok(Token::LParen), tok(Token::RParen))
        // `f(x) \\n: n * 2`: a trailing lambda is one more argument.
        .then(
            tok(Token::Backslash)
                .rewind()
                .ignore_then(loose_arg.clone())
                .or_not(),
        )
        .map(|(mut args, trailing): (Vec<Arg>, Option<Arg>)| {
            args.extend(trailing);
            Post::Call(args)
        })
        .recover_with(via_parser(
            delims(Token::LParen, Token::RParen).map(|_| Post::Error),
        ));

    let struct_path_lit = tok(Token::Dot)
        .ignore_then(select_ref! { Token::Ident(s) => *s }.map_with(|s, e| (s, e.span())))
        .then_ignore(select_ref! { Token::LBrace => () }.rewind())
        .filter(|(s, _)| is_upper(*s))
        .then(field_inits(g))
        .map(|((s, span), fields)| Post::StructLit(s, span, fields));

    let field = select_ref! { Token::Dot => (), Token::ColonColon => () }
        .ignore_then(member_name().map_with(|s, e| (s, e.span())))
        .then(tok(Token::LBrace).rewind().ignore_then(loose_arg).or_not())
        .map(|((s, span), arg)| match arg {
            None => Post::Field(s, span),
            Some(arg) => Post::DictCall(s, span, arg),
        });

    let tuple_field = tok(Token::Dot).ignore_then(
        select_ref! {
            Token::Int(v) => Some(*v),
            Token::Float(_) => None,
        }
        .map_with(|v, e| (v, e.span()))
        .try_map(move |(v, span): (Option<i64>, Span), _| match v {
            Some(v) => u32::try_from(v)
                .map(|i| Post::TupleField(vec![(i, span)]))
                .map_err(|_| custom(span, "tuple index out of range", "too large")),
            None => split_float_index(src, span)
                .map(Post::TupleField)
                .ok_or_else(|| custom(span, "expected a tuple index", "not a tuple index")),
        }),
    );

    let opt_expr = expr.clone().or_not();
    let index = opt_expr
        .clone()
        .then(
            choice((
                tok(Token::ColonColon)
                    .ignore_then(opt_expr.clone())
                    .map(|step| (None, step)),
                tok(Token::Colon)
                    .ignore_then(opt_expr.clone())
                    .then(tok(Token::Colon).ignore_then(opt_expr.clone()).or_not())
                    .map(|(end, step)| (end, step.flatten())),
            ))
            .or_not(),
        )
        .try_map(|(start, slice), span| match (start, slice) {
            (Some(i), None) => Ok(Post::Index(i)),
            (None, None) => Err(custom(span, "expected an index", "empty brackets")),
            (start, Some((end, step))) => Ok(Post::Slice(start, end, step)),
        })
        .delimited_by(tok(Token::LBracket), tok(Token::RBracket))
        .recover_with(via_parser(
            delims(Token::LBracket, Token::RBracket).map(|_| Post::Error),
        ));

    let opt_field = tok(Token::QuestionDot)
        .ignore_then(member_name().map_with(|s, e| (s, e.span())))
        .map(|(s, span)| Post::OptField(s, span));
    let cast = tok(Token::As).ignore_then(g.ty.clone()).map(Post::Cast);
    let simple = select_ref! {
        Token::Question => Post::Try,
        Token::DotQuestion => Post::Present,
    };

    let ops = choice((
        call,
        struct_path_lit,
        field,
        tuple_field,
        index,
        opt_field,
        simple,
        cast,
    ));
    // One cheap check for "is a postfix operator next?" instead of eight
    // failed alternatives after every operand.
    select_ref! {
        Token::LParen | Token::Dot | Token::ColonColon | Token::LBracket | Token::Question
            | Token::DotQuestion | Token::QuestionDot | Token::As => (),
    }
    .rewind()
    .ignore_then(ops)
    .boxed()
}

/// `t.0.1` lexed as `t` `.` `0.1`: the two indexes with their spans.
fn split_float_index(src: &str, span: Span) -> Option<Vec<(u32, Span)>> {
    let text = src.get(span.range())?;
    let (a, b) = text.split_once('.')?;
    let ia = a.parse::<u32>().ok()?;
    let ib = b.parse::<u32>().ok()?;
    let mid = span.start + a.len() as u32;
    Some(vec![
        (ia, Span::new(span.start, mid)),
        (ib, Span::new(mid + 1, span.end)),
    ])
}

fn apply_post(lhs: Expr, op: Post, span: Span) -> Expr {
    let kind = match op {
        Post::Call(args) => ExprKind::Call {
            callee: bx(lhs),
            args,
        },
        Post::Field(name, name_span) => ExprKind::Field {
            expr: bx(lhs),
            name,
            name_span,
        },
        Post::TupleField(indexes) => {
            let mut e = lhs;
            for (index, s) in indexes {
                let sp = Span::new(e.span.start, s.end);
                e = mk(ExprKind::TupleField { expr: bx(e), index }, sp);
            }
            return e;
        }
        Post::Index(i) => ExprKind::Index {
            expr: bx(lhs),
            index: bx(i),
        },
        Post::Slice(start, end, step) => ExprKind::Slice {
            expr: bx(lhs),
            start: start.map(bx),
            end: end.map(bx),
            step: step.map(bx),
        },
        Post::Try => ExprKind::Try(bx(lhs)),
        Post::Present => ExprKind::Present(bx(lhs)),
        Post::OptField(name, name_span) => ExprKind::OptField {
            expr: bx(lhs),
            name,
            name_span,
        },
        Post::Cast(ty) => ExprKind::Cast { expr: bx(lhs), ty },
        Post::StructLit(name, name_span, fields) => ExprKind::StructLit {
            path: bx(field_of(lhs, name, name_span, span.start)),
            fields,
        },
        Post::DictCall(name, name_span, arg) => {
            let callee = field_of(lhs, name, name_span, span.start);
            ExprKind::Call {
                callee: bx(callee),
                args: vec![arg],
            }
        }
        Post::Error => ExprKind::Error,
    };
    mk(kind, span)
}

fn binary(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span.to(rhs.span);
    mk(
        ExprKind::Binary {
            op,
            lhs: bx(lhs),
            rhs: bx(rhs),
        },
        span,
    )
}

/// The whole expression grammar: prefix operators and `**` around postfix
/// chains, then one flat list of binary operators ordered by precedence
/// (see [`super::operators`]).
pub(super) fn expr<'t>(g: &Grammar<'t>) -> P<'t, Expr> {
    let postfix_expr = atom(g)
        .foldl_with(postfix_op(g).repeated(), |lhs, op, e| {
            let span: Span = e.span();
            apply_post(lhs, op, span)
        })
        .boxed();
    let prefix = select_ref! {
        Token::Minus => Prefix::Unary(UnaryOp::Neg),
        Token::Tilde => Prefix::Unary(UnaryOp::BitNot),
        Token::Bang => Prefix::Unary(UnaryOp::Not),
        Token::Await => Prefix::Await,
    }
    .map_with(|p, e| (p, e.span()))
    .repeated()
    .collect::<Vec<_>>();
    // Unary operators bind tighter than `**` (LANGUAGE.md §4), and `**` is
    // right-associative: `-2 ** 2` is `(-2) ** 2`, `a ** -b ** c` is
    // `a ** ((-b) ** c)`.
    let unary = prefix
        .then(postfix_expr.clone())
        .then(
            tok(Token::StarStar)
                .ignore_then(prefix.then(postfix_expr))
                .repeated()
                .collect::<Vec<_>>(),
        )
        .map(|((pre0, first), chain)| {
            let first = apply_prefixes(pre0, first);
            let mut operands: Vec<Expr> = chain
                .into_iter()
                .map(|(pre, base)| apply_prefixes(pre, base))
                .collect();
            let Some(mut acc) = operands.pop() else {
                return first;
            };
            while let Some(base) = operands.pop() {
                acc = binary(BinOp::Pow, base, acc);
            }
            binary(BinOp::Pow, first, acc)
        })
        .boxed();
    let nots = tok(Token::Not)
        .map_with(|_, e| e.span())
        .repeated()
        .collect::<Vec<Span>>();
    let operand = nots.then(unary);
    // `x unwrap or: d`, `x unwrap else: f`, `x unwrap or_return: v`: the
    // value inside `x` (`Ok(v)` gives `v`), or — when `x` is nil or an
    // `Err` — `d`, `f()`, or returning `v` from the function.
    let unwrap_tail = word("unwrap")
        .ignore_then(choice((
            tok(Token::Or).to(0u8),
            tok(Token::Else).to(1u8),
            word("or_return").to(2u8),
        )))
        .then_ignore(tok(Token::Colon))
        .then(g.expr.clone())
        .map_with(|t, e| (t, e.span()));
    operand
        .clone()
        .then(bin_op().then(operand).repeated().collect::<Vec<_>>())
        .validate(|(first, rest), _, emitter| {
            if rest.is_empty() && first.0.is_empty() {
                return first.1;
            }
            let mut errors = Vec::new();
            let e = climb(first, rest, &mut errors);
            for span in errors {
                emitter.emit(custom(
                    span,
                    "ranges cannot be chained",
                    "put parentheses around one of the ranges",
                ));
            }
            e
        })
        .then(unwrap_tail.or_not())
        .map(|(value, tail)| match tail {
            Some(((how, fallback), span)) => unwrap_or(value, how, fallback, span),
            None => value,
        })
        .boxed()
}

/// `value unwrap or: d` (`how` 0), `else: f` (1), `or_return: v` (2) as a
/// `match`: nil and `Err(_)` take the fallback, `Ok(x)` gives `x`, any
/// other value is itself.
fn unwrap_or(value: Expr, how: u8, fallback: Expr, span: Span) -> Expr {
    use crate::ast::{MatchArm, MatchExpr, Pattern, PatternKind, VariantArg};
    let at = fallback.span;
    let stmt = |kind: StmtKind| Stmt { kind, span: at };
    let fallback_body = match how {
        0 => vec![stmt(StmtKind::Expr(fallback))],
        1 => vec![stmt(StmtKind::Expr(mk(
            ExprKind::Call {
                callee: bx(fallback),
                args: Vec::new(),
            },
            at,
        )))],
        _ => vec![stmt(StmtKind::Return(Some(fallback)))],
    };
    let x = Symbol::intern(" unwrapped");
    let pat = |kind: PatternKind| Pattern { kind, span };
    let variant = |name: &str, inner: PatternKind| {
        pat(PatternKind::Variant {
            path: vec![Symbol::intern(name)],
            args: Some(vec![VariantArg {
                name: None,
                pattern: pat(inner),
            }]),
        })
    };
    let arm = |pattern: Pattern, body: Vec<Stmt>| MatchArm {
        pattern,
        guard: None,
        body,
        span,
    };
    let x_body = || vec![stmt(StmtKind::Expr(mk(ExprKind::Name(x), span)))];
    mk(
        ExprKind::Match(Box::new(MatchExpr {
            scrutinee: value,
            arms: vec![
                // One arm for both, so the fallback is not copied: nested
                // `unwrap or:` fallbacks would double the tree at each level.
                arm(
                    pat(PatternKind::Or(vec![
                        pat(PatternKind::Nil),
                        variant("Err", PatternKind::Wildcard),
                    ])),
                    fallback_body,
                ),
                arm(variant("Ok", PatternKind::Bind(x)), x_body()),
                arm(pat(PatternKind::Bind(x)), x_body()),
            ],
        })),
        span,
    )
}

/// Recovery for one line that failed inside a block: an error statement.
pub(super) fn error_stmt<'t>() -> impl Parser<'t, In<'t>, Stmt, Extra<'t>> + Clone {
    skip_line().map_with(|_, e| Stmt {
        kind: StmtKind::Error,
        span: e.span(),
    })
}

/// `_` or `_1` ... `_9`.
fn is_placeholder(name: &str) -> bool {
    name == "_"
        || name
            .strip_prefix('_')
            .is_some_and(|k| k.len() == 1 && matches!(k.as_bytes()[0], b'1'..=b'9'))
}

/// A call-site label (`copy(src to, dst)`, `fn copy(src to, dst)`): one of
/// `to from by into onto with` after an argument or parameter, before one
/// of `next`. It only documents; arguments still match by position.
pub(super) fn call_site_label<'t>(
    next: &'static [Token],
) -> impl Parser<'t, In<'t>, (), Extra<'t>> + Clone {
    select_ref! {
        Token::Ident(s) if matches!(s.as_str(), "to" | "from" | "by" | "into" | "onto" | "with") => ()
    }
    .then_ignore(any_ref().filter(move |t: &&Token| next.contains(t)).rewind())
}

/// `lhs.name`, spanning from `start` to the end of the name.
fn field_of(lhs: Expr, name: Symbol, name_span: Span, start: u32) -> Expr {
    mk(
        ExprKind::Field {
            expr: bx(lhs),
            name,
            name_span,
        },
        Span::new(start, name_span.end),
    )
}
