//! Statements, blocks, bindings, assignments, loops and the spec forms
//! (`describe "x":`, `before_each:`, `expect cond`).

use chumsky::prelude::*;

use super::errors::{Label, custom, skip_block, tok, word};
use super::expr::{error_stmt, mk, terminator};
use super::{Extra, Grammar, In, P};
use crate::ast::{Arg, BinOp, BindingKind, Cond, Expr, ExprKind, Lambda, LetStmt, Stmt, StmtKind};
use crate::span::Span;
use crate::symbol::known;
use crate::token::Token;

/// Moves a leading docstring out of a body. Outside type bodies and the
/// module, a lone string is the body's value, not a docstring.
pub(super) fn take_doc(body: &mut Vec<Stmt>, always: bool) -> Option<String> {
    let is_doc = matches!(
        body.first(),
        Some(Stmt {
            kind: StmtKind::Expr(Expr {
                kind: ExprKind::Str(_),
                ..
            }),
            ..
        })
    );
    if is_doc && (always || body.len() > 1) {
        match body.remove(0).kind {
            StmtKind::Expr(Expr {
                kind: ExprKind::Str(s),
                ..
            }) => Some(s),
            _ => None,
        }
    } else {
        None
    }
}

/// The lines of a block or module: statements, blank lines, and recovery
/// for lines that do not parse.
pub(super) fn stmt_lines<'t>(g: &Grammar<'t>, top: bool) -> P<'t, Vec<Stmt>> {
    let stray_indent = skip_block()
        .validate(|_, e, emitter| {
            emitter.emit(custom(
                e.span(),
                "unexpected indent",
                "this line is indented deeper than the one before it",
            ));
        })
        .map_with(|_, e| {
            Some(Stmt {
                kind: StmtKind::Error,
                span: e.span(),
            })
        });
    let line = choice((
        select_ref! { Token::Newline => None, Token::Semicolon => None },
        stray_indent,
        g.stmt.clone().map(Some),
    ));
    let lines = if top {
        // A stray `Dedent` at the top level (after an inconsistent dedent
        // the layout pass reported) must not end the module early.
        line.or(tok(Token::Dedent).to(None)).boxed()
    } else {
        line.boxed()
    };
    lines
        .repeated()
        .collect::<Vec<_>>()
        .validate(|v, _, emitter| {
            let mut body: Vec<Stmt> = v.into_iter().flatten().collect();
            for (name, span) in super::mixin::expand(&mut body) {
                emitter.emit(custom(
                    span,
                    &format!("unknown mixin `{name}`"),
                    "a mixin must be declared in the same block as the class that uses it",
                ));
            }
            body
        })
        .boxed()
}

/// A block body after `:`: an indented block, or one simple statement on
/// the same line.
pub(super) fn block_body<'t>(g: &Grammar<'t>) -> P<'t, Vec<Stmt>> {
    choice((
        tok(Token::Newline)
            .ignore_then(tok(Token::Indent).labelled(Label::IndentedBlock))
            .ignore_then(stmt_lines(g, false))
            .then_ignore(tok(Token::Dedent).labelled(Label::Stmt)),
        g.simple.clone().map(|s| vec![s]),
    ))
    .boxed()
}

/// `: body`, with a message naming what the colon follows. A forgotten
/// `:` before an indented block is reported once and the block still
/// parses (rather than the header failing and its block being skipped).
pub(super) fn block<'t>(g: &Grammar<'t>, after: Label) -> P<'t, Vec<Stmt>> {
    tok(Token::Colon)
        .labelled(after)
        .ignore_then(g.block_body.clone())
        .or(tok(Token::Newline)
            .map_with(|_, e| e.span())
            .then_ignore(tok(Token::Indent).rewind())
            .rewind()
            .then(g.block_body.clone())
            .validate(move |(at, body), _, emitter| {
                emitter.emit(custom(
                    at,
                    &format!("expected {}", after.text()),
                    "add `:` here",
                ));
                body
            }))
        .boxed()
}

/// The condition of `if`/`while`: an expression or `val P = e`.
pub(super) fn cond<'t>(
    g: &Grammar<'t>,
) -> impl Parser<'t, In<'t>, Cond, Extra<'t>> + Clone + use<'t> {
    choice((
        select_ref! { Token::Val => false, Token::Let => false, Token::Var => true }
            .then(g.pattern.clone())
            .then_ignore(tok(Token::Assign))
            .then(g.expr.clone())
            .map(|((mutable, pattern), value)| Cond::Let {
                pattern,
                value,
                mutable,
            }),
        g.expr.clone().map(Cond::Expr),
    ))
}

fn is_assignable(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Name(_)
            | ExprKind::Field { .. }
            | ExprKind::Index { .. }
            | ExprKind::TupleField { .. }
    )
}

/// Tokens that can start an expression (for the bare `expect cond` form,
/// `(` excluded: `expect(x)` is a call).
fn starts_bare_expect(t: &Token) -> bool {
    matches!(
        t,
        Token::Ident(_)
            | Token::Int(_)
            | Token::Float(_)
            | Token::UnitInt(..)
            | Token::UnitFloat(..)
            | Token::Str(_)
            | Token::SuffixedStr(..)
            | Token::FStrStart
            | Token::LBracket
            | Token::LBrace
            | Token::Minus
            | Token::Tilde
            | Token::Bang
            | Token::Not
            | Token::Await
            | Token::Backslash
            | Token::True
            | Token::False
            | Token::Nil
            | Token::If
            | Token::Match
    )
}

/// A statement that is only `expect(cond)` checks `cond` like the bare
/// `expect cond` form (a matcher chained on it makes it an ordinary call).
fn expect_call(e: Expr, src: &str) -> StmtKind {
    if let ExprKind::Call { callee, args } = &e.kind
        && matches!(callee.kind, ExprKind::Name(n) if n == known::EXPECT)
        && let [arg] = args.as_slice()
        && arg.name.is_none()
    {
        let source = src.get(arg.value.span.range()).unwrap_or("").to_string();
        let ExprKind::Call { mut args, .. } = e.kind else {
            unreachable!("matched above")
        };
        let cond = args.pop().expect("one argument").value;
        return StmtKind::Expect { cond, source };
    }
    StmtKind::Expr(e)
}

/// A statement that may stand in a one-line block: bindings, assignments,
/// expressions, `return`, `break`, `continue`, `pass`, `expect cond`.
pub(super) fn simple<'t>(g: &Grammar<'t>) -> P<'t, Stmt> {
    let src = g.src;
    let kind = select_ref! {
        Token::Val => BindingKind::Val,
        Token::Var => BindingKind::Var,
        Token::Const => BindingKind::Const,
    }
    .or(tok(Token::Let)
        .ignore_then(tok(Token::Mut).or_not())
        .map(|m| {
            if m.is_some() {
                BindingKind::LetMut
            } else {
                BindingKind::Let
            }
        }));
    // `val double = _1 * 2`: a placeholder lambda.
    let value = tok(Token::Assign)
        .ignore_then(g.expr.clone().map(super::expr::placeholder_lambda))
        .or_not();
    // `var total:` then, indented on the next line, `i64 = 0`: the type
    // and the value both come from the indented line.
    let wrapped = tok(Token::Newline)
        .ignore_then(tok(Token::Indent))
        .ignore_then(g.ty.clone())
        .then(value.clone())
        .then_ignore(tok(Token::Newline))
        .then_ignore(tok(Token::Dedent))
        .map(|(ty, value)| (ty, Some(value)));
    let annotation = tok(Token::Colon).ignore_then(
        g.ty.clone()
            .map(|ty| (ty, None))
            .or(tok(Token::Newline).rewind().ignore_then(wrapped)),
    );
    let let_stmt = kind
        .then(g.pattern.clone().labelled(Label::Name))
        .then(annotation.or_not())
        .then(value)
        .map(|((head, annotation), value)| match annotation {
            Some((ty, Some(wrapped_value))) => ((head, Some(ty)), wrapped_value),
            Some((ty, None)) => ((head, Some(ty)), value),
            None => ((head, None), value),
        })
        .then(
            tok(Token::Else)
                .ignore_then(tok(Token::Colon))
                .ignore_then(g.block_body.clone())
                .or_not(),
        )
        .validate(|((((kind, pattern), ty), value), else_), e, emitter| {
            if value.is_none() && !kind.is_mutable() {
                let span: Span = e.span();
                emitter.emit(custom(
                    Span::new(span.end, span.end),
                    "expected `=` and a value",
                    "only `var` and `let mut` may omit the value",
                ));
            }
            StmtKind::Let(Box::new(LetStmt {
                kind,
                pattern,
                ty,
                value,
                else_,
            }))
        });

    let ret = tok(Token::Return)
        .ignore_then(g.expr.clone().or_not())
        .map(StmtKind::Return);
    let keyword = select_ref! {
        Token::Break => StmtKind::Break,
        Token::Continue => StmtKind::Continue,
    };
    // `pass("not written yet")`: the message only documents.
    let pass = tok(Token::Pass)
        .then(
            tok(Token::LParen)
                .then(g.expr.clone().or_not())
                .then(tok(Token::RParen))
                .or_not(),
        )
        .to(StmtKind::Pass);

    // `expect cond`; `expect (a + b) == c` too when a blank separates the
    // `(` from `expect` (`expect(x)` is a call).
    let expect = select_ref! { Token::Ident(s) if *s == known::EXPECT => () }
        .map_with(|_, e| e.span())
        .then(
            any_ref()
                .map_with(|t: &Token, e| (starts_bare_expect(t) || *t == Token::LParen, *t == Token::LParen, e.span()))
                .rewind(),
        )
        .filter(|(name, (ok, paren, next)): &(Span, (bool, bool, Span))| {
            *ok && (!*paren || next.start > name.end)
        })
        .ignore_then(g.expr.clone())
        .then(
            // `expect x to eq(y)`, `expect xs not_to contain(3)`: the matcher
            // spelled as words, meaning `expect(x).to_equal(y)`.
            select_ref! { Token::Ident(s) if matches!(s.as_str(), "to" | "not_to") => s.as_str() == "not_to" }
                .then(super::expr::name().map_with(|n, e| (n, e.span())))
                .then(
                    g.expr
                        .clone()
                        .separated_by(tok(Token::Comma))
                        .collect::<Vec<_>>()
                        .delimited_by(tok(Token::LParen), tok(Token::RParen))
                        .or_not(),
                )
                .or_not(),
        )
        .map_with(move |(cond, matcher), e| {
            let Some(((negated, (word, word_span)), args)) = matcher else {
                let source = src.get(cond.span.range()).unwrap_or("").to_string();
                return StmtKind::Expect { cond, source };
            };
            let span: Span = e.span();
            let method = match word.as_str() {
                "eq" | "equal" => "to_equal".to_string(),
                other => format!("to_{other}"),
            };
            let mut recv = mk(
                ExprKind::Call {
                    callee: Box::new(mk(ExprKind::Name(known::EXPECT), span)),
                    args: vec![Arg {
                        name: None,
                        span: cond.span,
                        value: cond,
                    }],
                },
                span,
            );
            if negated {
                recv = method_call(recv, "not_", Vec::new(), word_span);
            }
            let args = args.unwrap_or_default();
            StmtKind::Expr(method_call(recv, &method, args, span))
        });

    let assign_op = select_ref! {
        Token::Assign => None,
        Token::PlusAssign => Some(BinOp::Add),
        Token::MinusAssign => Some(BinOp::Sub),
        Token::StarAssign => Some(BinOp::Mul),
        Token::SlashAssign => Some(BinOp::Div),
        Token::PercentAssign => Some(BinOp::Mod),
    };
    // `xs->map(f)`: functional update, `xs = xs.map(f)`.
    let update = tok(Token::Arrow)
        .ignore_then(super::expr::name().map_with(|n, e| (n, e.span())))
        .then(
            g.expr
                .clone()
                .separated_by(tok(Token::Comma))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(tok(Token::LParen), tok(Token::RParen)),
        )
        .map_with(|((name, name_span), args), e| (name, name_span, args, e.span()));
    let expr_or_assign = g
        .expr
        .clone()
        .then(
            assign_op
                .then(g.expr.clone())
                .map(Ok)
                .or(update.map(Err))
                .or_not(),
        )
        .map(|(target, rest)| match rest {
            Some(Err((name, name_span, args, span))) => {
                let value = method_call(target.clone(), name.as_str(), args, name_span);
                let value = Expr {
                    span: Span::new(target.span.start, span.end),
                    ..value
                };
                (target, Some((None, value)))
            }
            Some(Ok(assign)) => (target, Some(assign)),
            None => (target, None),
        })
        .validate(move |(target, assign), _, emitter| match assign {
            None => expect_call(target, src),
            Some((op, value)) => {
                if is_assignable(&target) {
                    StmtKind::Assign { target, op, value }
                } else {
                    if !matches!(target.kind, ExprKind::Error) {
                        emitter.emit(custom(
                            target.span,
                            "cannot assign to this expression",
                            "only names, fields and indexes can be assigned",
                        ));
                    }
                    StmtKind::Error
                }
            }
        });

    choice((let_stmt, ret, keyword, pass, expect, expr_or_assign))
        .map_with(|kind, e| Stmt {
            kind,
            span: e.span(),
        })
        .boxed()
}

/// `recv.name(args)`.
pub(super) fn method_call(recv: Expr, name: &str, args: Vec<Expr>, span: Span) -> Expr {
    let name = crate::symbol::Symbol::intern(name);
    mk(
        ExprKind::Call {
            callee: Box::new(mk(
                ExprKind::Field {
                    expr: Box::new(recv),
                    name,
                    name_span: span,
                },
                span,
            )),
            args: args
                .into_iter()
                .map(|value| Arg {
                    name: None,
                    span: value.span,
                    value,
                })
                .collect(),
        },
        span,
    )
}

fn call(name: crate::symbol::Symbol, name_span: Span, args: Vec<Expr>, span: Span) -> Stmt {
    let args = args
        .into_iter()
        .map(|value| Arg {
            name: None,
            span: value.span,
            value,
        })
        .collect();
    Stmt {
        kind: StmtKind::Expr(mk(
            ExprKind::Call {
                callee: Box::new(mk(ExprKind::Name(name), name_span)),
                args,
            },
            span,
        )),
        span,
    }
}

fn lambda(body: Vec<Stmt>, span: Span) -> Expr {
    mk(
        ExprKind::Lambda(Box::new(Lambda {
            params: Vec::new(),
            body,
        })),
        span,
    )
}

/// One statement line: a declaration, compound statement, spec form or
/// simple statement, then its terminator. Recovers from errors by skipping
/// the line (and a block that follows it).
pub(super) fn statement<'t>(g: &Grammar<'t>) -> P<'t, Stmt> {
    let while_stmt = tok(Token::While)
        .ignore_then(cond(g))
        .then(block(g, Label::ColonAfterCond))
        .map(|(cond, body)| StmtKind::While { cond, body });
    let for_stmt = tok(Token::For)
        .ignore_then(super::pattern::for_target(g.pattern.clone()))
        .then_ignore(tok(Token::In).labelled(Label::KwIn))
        .then(g.expr.clone())
        .then(block(g, Label::ColonAfterLoopHeader))
        .map(|((pattern, iter), body)| StmtKind::For {
            pattern,
            iter,
            body,
        });
    let loop_stmt = tok(Token::Loop)
        .ignore_then(block(g, Label::ColonAfterLoop))
        .map(|body| StmtKind::Loop { body });

    // `describe "x":` block → describe("x", fn(): block)
    let spec_name = select_ref! {
        Token::Ident(s) if matches!(*s, known::DESCRIBE | known::CONTEXT | known::IT | known::SKIP_IT)
            || matches!(s.as_str(), "test" | "example" | "specify" | "slow_it") => *s,
    }
    .map_with(|s, e| (s, e.span()));
    // The title: a text, or a bare word (`context calc:` means "calc").
    // Options after it (`it "x", tag: ["slow"]:`, a bare flag `skip`) are
    // accepted; all but `skip` are ignored. `it "x", skip:` skips the
    // example (as `skip_it` does).
    let spec_option =
        super::expr::name().then_ignore(tok(Token::Colon).then(g.expr.clone()).ignored().or_not());
    let spec_block = spec_name
        .then(
            select_ref! {
                Token::Str(s) => ExprKind::Str(s.clone()),
                Token::Ident(s) => ExprKind::Str(s.as_str().to_string()),
            }
            .map_with(|k, e| mk(k, e.span()))
            .or(super::expr::fstr(g)),
        )
        .then(
            tok(Token::Comma)
                .ignore_then(
                    spec_option
                        .separated_by(tok(Token::Comma))
                        .at_least(1)
                        .collect::<Vec<_>>(),
                )
                .or_not(),
        )
        .then(
            tok(Token::Colon)
                .map_with(|_, e| e.span())
                .then(g.block_body.clone()),
        )
        .map_with(
            |((((name, name_span), title), options), (colon, body)), e| {
                let span: Span = e.span();
                let body_span = Span::new(colon.start, span.end);
                let skipped = options
                    .unwrap_or_default()
                    .iter()
                    .any(|o| o.as_str() == "skip");
                let is_example = !matches!(name, known::DESCRIBE | known::CONTEXT);
                let name = if skipped && is_example {
                    known::SKIP_IT
                } else {
                    name
                };
                call(name, name_span, vec![title, lambda(body, body_span)], span).kind
            },
        );
    let hook_name = select_ref! {
        Token::Ident(s) if matches!(*s, known::BEFORE_EACH | known::AFTER_EACH | known::BEFORE_ALL | known::AFTER_ALL) => *s,
    }
    .map_with(|s, e| (s, e.span()));
    let hook_block = hook_name
        .then(
            tok(Token::Colon)
                .map_with(|_, e| e.span())
                .then(g.block_body.clone()),
        )
        .map_with(|((name, name_span), (colon, body)), e| {
            let span: Span = e.span();
            let body_span = Span::new(colon.start, span.end);
            call(name, name_span, vec![lambda(body, body_span)], span).kind
        });

    // Misplaced keywords get a message of their own.
    let misplaced = select_ref! {
        Token::Else => ("`else` without a matching `if`", "no `if` block ends just before this"),
        Token::Elif => ("`elif` without a matching `if`", "no `if` block ends just before this"),
        Token::Case => ("`case` outside of a `match`", "`case` arms belong in a `match` block"),
    }
    .map_with(|msg, e| (msg, e.span()))
    .then_ignore(
        skip_block()
            .or(none_of([Token::Newline, Token::Indent, Token::Dedent]).ignored())
            .repeated(),
    )
    .then_ignore(tok(Token::Newline).then(skip_block()).or_not())
    .validate(|((msg, label), span), _, emitter| {
        emitter.emit(custom(span, msg, label));
        StmtKind::Error
    });

    // Ordered by frequency; every alternative but `simple` is decided by
    // its first token, and `simple` cannot start with theirs.
    // `type Name<T> = T` and `bind Trait = Impl` (both words are names,
    // not keywords, so they are recognised here by their shape).
    let type_alias = word("type")
        .ignore_then(super::expr::name())
        .then_ignore(super::types::generics())
        .then_ignore(tok(Token::Assign))
        .then(g.ty.clone())
        .map(|(name, ty)| StmtKind::TypeAlias { name, ty });
    // `alias Point2D = Point` names a type (like `type`); `alias say =
    // print` and `fn say = print` name a function.
    let alias = word("alias")
        .ignore_then(super::expr::name())
        .then_ignore(tok(Token::Assign))
        .then(g.ty.clone())
        .map_with(|(name, ty), e| {
            let upper = name.as_str().starts_with(|c: char| c.is_uppercase());
            match &ty.kind {
                crate::ast::TypeKind::Named { path, args } if !upper && args.is_empty() => {
                    let span: Span = e.span();
                    let mut target = mk(ExprKind::Name(path[0]), span);
                    for seg in &path[1..] {
                        target = mk(
                            ExprKind::Field {
                                expr: Box::new(target),
                                name: *seg,
                                name_span: span,
                            },
                            span,
                        );
                    }
                    StmtKind::FnAlias { name, target }
                }
                _ => StmtKind::TypeAlias { name, ty },
            }
        });
    // `unsafe:` / `unsafe(capabilities: [ffi]):` and a block: the block,
    // run as it is (nothing here is unsafe; the capabilities are parsed
    // and not used). Its value is the block's, so it reads as `if true:`.
    let unsafe_arg = super::expr::name()
        .then_ignore(tok(Token::Colon))
        .or_not()
        .ignore_then(g.expr.clone());
    let unsafe_block = word("unsafe")
        .ignore_then(
            unsafe_arg
                .separated_by(tok(Token::Comma))
                .allow_trailing()
                .delimited_by(tok(Token::LParen), tok(Token::RParen))
                .or_not(),
        )
        .then(block(g, Label::Stmt))
        .map_with(|(_, then), e| {
            let span: Span = e.span();
            StmtKind::Expr(mk(
                ExprKind::If(Box::new(crate::ast::IfExpr {
                    cond: Cond::Expr(mk(ExprKind::Bool(true), span)),
                    then,
                    elifs: Vec::new(),
                    else_: None,
                })),
                span,
            ))
        });
    let fn_alias = tok(Token::Fn)
        .ignore_then(super::expr::name().labelled(Label::FnName))
        .then_ignore(tok(Token::Assign))
        .then(g.expr.clone())
        .map(|(name, target)| StmtKind::FnAlias { name, target });
    let bind = word("bind")
        .ignore_then(super::expr::name())
        .then_ignore(tok(Token::Assign))
        .then(super::expr::name())
        .map(|(name, target)| StmtKind::Bind { name, target });
    // `with resource as name:` (`with` is a name elsewhere: `fmt.with`).
    // `e as name` reads as a cast; a cast to a plain name is the binding.
    let with_stmt = word("with")
        .ignore_then(g.expr.clone())
        .then(block(g, Label::Stmt))
        .map(|(value, body)| {
            let (value, name) = match value.kind {
                ExprKind::Cast { expr, ty } => match &ty.kind {
                    crate::ast::TypeKind::Named { path, args }
                        if path.len() == 1 && args.is_empty() =>
                    {
                        (*expr, Some(path[0]))
                    }
                    _ => (
                        Expr {
                            kind: ExprKind::Cast { expr, ty },
                            span: value.span,
                        },
                        None,
                    ),
                },
                _ => (value, None),
            };
            StmtKind::With { value, name, body }
        });
    // `mixin M:` would otherwise read as the call `mixin(M)`.
    let mixin = word("mixin")
        .then(select_ref! { Token::Ident(_) => () })
        .rewind()
        .ignore_then(super::decl::declaration(g));
    // `@name` lines before a declaration. On a `fn` they are applied when
    // they name a function (the resolver decides); elsewhere dropped.
    let decorators = tok(Token::At)
        .ignore_then(g.expr.clone())
        .then_ignore(tok(Token::Newline))
        .repeated()
        .collect::<Vec<_>>();
    // The statements led by a contextual word (`type`, `alias`, `bind`,
    // `mixin`, `with`, `unit`, `module`, `out`, `invariant`, ...): one
    // token test skips them all for the other statements.
    let worded = select_ref! { Token::Ident(s) if is_statement_word(s.as_str()) => () }
        .rewind()
        .ignore_then(choice((
            type_alias,
            alias,
            bind,
            mixin,
            with_stmt,
            super::contract::clause(g),
            super::unit::declaration(g),
            super::unit::inline_module(g),
            unsafe_block,
        )));
    let in_clause = tok(Token::In)
        .rewind()
        .ignore_then(super::contract::clause(g));
    let core = decorators
        .then(choice((
            worded,
            fn_alias,
            spec_block,
            hook_block,
            in_clause,
            g.simple.clone().map(|s| s.kind),
            while_stmt,
            for_stmt,
            loop_stmt,
            super::decl::declaration(g),
            misplaced,
        )))
        .map_with(|(decorators, mut kind), e| {
            if let StmtKind::Fn(f) = &mut kind {
                f.decorators = decorators;
            }
            Stmt {
                kind,
                span: e.span(),
            }
        })
        .labelled(Label::Stmt);

    core.then_ignore(terminator())
        .recover_with(via_parser(error_stmt()))
        .boxed()
}

/// Words that may lead a statement of their own (they are names elsewhere).
fn is_statement_word(w: &str) -> bool {
    matches!(
        w,
        "type"
            | "alias"
            | "bind"
            | "mixin"
            | "with"
            | "unit"
            | "module"
            | "out"
            | "out_err"
            | "invariant"
            | "unsafe"
    )
}
