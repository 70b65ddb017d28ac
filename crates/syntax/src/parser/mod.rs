//! The parser: layout tokens to [`ast::Module`](crate::ast::Module)
//! (chumsky combinators over a slice of spanned tokens).
//!
//! The grammar is split by concept: `expr` (atoms, postfix operators,
//! lambdas, comprehensions, `if` expressions), `operators` (prefix
//! operators, `**` and the binary-operator precedence climber), `stmt`
//! (statements, blocks, bindings, spec forms), `decl` (functions, types,
//! `use`), `pattern` (patterns and `match`), `types` (type expressions),
//! `errors` (the error type, recovery parsers and the conversion of errors
//! into [`Diagnostic`]s), `kinds` (token kinds as bit indexes) and `depth`
//! (the nesting limit).
//!
//! # Decisions beyond the language reference
//!
//! - A lone string as the whole body of a `fn` is its value, not a
//!   docstring (`fn greet(): "hi"` returns `"hi"`); with more statements
//!   after it, a leading string is the docstring. Type bodies and the
//!   module always take a leading string as the docstring. Spec blocks
//!   (`describe "x":`) keep a leading string as the first statement of the
//!   lambda body (a lambda has no `doc`).
//! - `val`, `let` and `const` need a value; `var` and `let mut` may omit it.
//! - A one-line block holds one simple statement; `;` after it separates
//!   statements of the enclosing block.
//! - `not` may also follow a comparison operator (`a == not b` is
//!   `a == (not b)`); ranges cannot be chained.
//! - Keywords are accepted as field and method names after `.`/`?.`.
//! - Struct literals `Name { ... }` need an uppercase last segment.
//!
//! # The token stream
//!
//! The layout pass ends every logical line with `Newline` and closes a block
//! with `Dedent` *after* the `Newline` of the block's last line. Before
//! parsing, `prepare` inserts a zero-width `Newline` after every `Dedent`
//! that closes a block in statement context (every one not followed by a
//! closing bracket or a comma, as a block-bodied lambda's is), so that *every* statement — simple or ending in a block — is uniformly
//! "statement core, then `Newline` or `;`". Continuations of a block-ending
//! construct (`else`, `elif`) accept an optional `Newline` before them.
//!
//! # Limits
//!
//! Parsing runs on a dedicated stack segment ([`stacker::grow`]) sized from
//! the token count, so that chumsky dropping a deep partial tree on a failed
//! alternative cannot overflow the caller's stack. Afterwards a bounded
//! walker (`depth`) rejects trees deeper than [`MAX_DEPTH`].

mod contract;
mod decl;
mod depth;
mod errors;
mod expr;
mod kinds;
mod mixin;
mod operators;
mod pattern;
mod stmt;
mod types;
mod unit;

use chumsky::input::{Input as _, MappedInput};
use chumsky::prelude::*;
use chumsky::recursive::Direct;

use crate::ast::{Module, Stmt};
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use crate::token::Token;

pub use depth::MAX_DEPTH;

impl chumsky::span::Span for Span {
    type Context = ();
    type Offset = u32;

    fn new(_context: (), range: std::ops::Range<u32>) -> Span {
        // An empty match between two tokens starts at the next token and
        // ends at the previous one: make it zero-width after the previous.
        if range.start > range.end {
            Span::new(range.end, range.end)
        } else {
            Span::new(range.start, range.end)
        }
    }

    fn context(&self) {}

    fn start(&self) -> u32 {
        self.start
    }

    fn end(&self) -> u32 {
        self.end
    }
}

/// One token with its span, as the parser reads it.
pub(crate) type Spanned = (Token, Span);

fn split_spanned(t: &Spanned) -> (&Token, &Span) {
    (&t.0, &t.1)
}

/// The chumsky input: a slice of spanned tokens.
pub(crate) type In<'t> =
    MappedInput<'t, Token, Span, &'t [Spanned], fn(&'t Spanned) -> (&'t Token, &'t Span)>;

pub(crate) type Err<'t> = errors::PErr<'t>;
pub(crate) type Extra<'t> = extra::Err<Err<'t>>;

/// A boxed parser over our input.
pub(crate) type P<'t, O> = Boxed<'t, 't, In<'t>, O, Extra<'t>>;
/// A handle on a recursive parser (strong where the grammar owns it, weak
/// inside its own definition and the definitions nested in it).
pub(crate) type Rec<'t, O> = Recursive<Direct<'t, 't, In<'t>, O, Extra<'t>>>;

/// Handles on the recursive parsers every part of the grammar needs.
#[derive(Clone)]
pub(crate) struct Grammar<'t> {
    /// The source text (for `expect cond` and tuple-field splitting).
    pub src: &'t str,
    pub expr: Rec<'t, crate::ast::Expr>,
    /// A full statement line: core and terminator.
    pub stmt: Rec<'t, Stmt>,
    /// A simple statement without terminator (one-line block bodies).
    pub simple: Rec<'t, Stmt>,
    /// A block body after `:` (or `=>`): an indented block or one simple
    /// statement on the same line.
    pub block_body: Rec<'t, Vec<Stmt>>,
    pub pattern: P<'t, crate::ast::Pattern>,
    pub ty: P<'t, crate::ast::TypeExpr>,
}

/// Parses a token stream (layout already applied) into a module.
///
/// `src` is the text the spans point into; `earlier` are the diagnostics of
/// the lexing stages (parser errors at the same place are not repeated).
pub fn parse_tokens(
    src: &str,
    tokens: Vec<Spanned>,
    earlier: &[Diagnostic],
) -> (Module, Vec<Diagnostic>) {
    let tokens = prepare(tokens, src.len() as u32);
    // Generous stack for dropping deep partial trees: chumsky's own
    // recursion grows on demand, but `Drop` of a deep `Box<Expr>` chain does
    // not. The mapping is lazily committed, so only what is touched costs.
    let stack = (16usize << 20)
        .saturating_add(tokens.len().saturating_mul(256))
        .min(2usize << 30);
    stacker::grow(stack, || parse_prepared(src, &tokens, earlier))
}

fn parse_prepared(
    src: &str,
    tokens: &[Spanned],
    earlier: &[Diagnostic],
) -> (Module, Vec<Diagnostic>) {
    let end = src.len() as u32;
    let split: fn(&Spanned) -> (&Token, &Span) = split_spanned;
    let input: In<'_> = tokens.map(Span::new(end, end), split);
    let parser = module_parser(src);
    let (output, errs) = parser.parse(input).into_output_errors();
    let mut diags = errors::convert(errs, earlier, tokens);
    let module = output.unwrap_or(Module {
        doc: None,
        body: Vec::new(),
    });
    if let Some(span) = depth::too_deep(&module) {
        diags.push(Diagnostic::error(
            span,
            format!("expression too deeply nested (more than {MAX_DEPTH} levels)"),
        ));
        // Dropping a tree this deep would recurse once per level and could
        // overflow the caller's stack once we return from the big stack
        // segment; leak it instead (a one-off for pathological input).
        std::mem::forget(module);
        return (
            Module {
                doc: None,
                body: Vec::new(),
            },
            diags,
        );
    }
    (module, diags)
}

/// Inserts a zero-width `Newline` after every `Dedent` that closes a block
/// in statement context, and makes sure the stream ends with a `Newline`.
fn prepare(tokens: Vec<Spanned>, end: u32) -> Vec<Spanned> {
    let mut out = Vec::with_capacity(tokens.len() + tokens.len() / 8 + 1);
    let mut last_end = 0;
    let mut iter = tokens.into_iter().peekable();
    while let Some((tok, span)) = iter.next() {
        match tok {
            Token::LineBreak => {}
            Token::Dedent => {
                // A block ends where its last token does (not at the next
                // line's indentation), so block statements' spans do too.
                let at = Span::new(last_end, last_end);
                out.push((tok, at));
                // A block-bodied lambda inside brackets is followed by the
                // closing bracket or a comma; every other block closes a
                // statement.
                let in_brackets = matches!(
                    iter.peek(),
                    Some((
                        Token::RParen | Token::RBracket | Token::RBrace | Token::Comma,
                        _
                    ))
                );
                if !in_brackets {
                    out.push((Token::Newline, at));
                }
            }
            Token::Newline | Token::Indent => out.push((tok, span)),
            _ => {
                last_end = span.end;
                out.push((tok, span));
            }
        }
    }
    if !matches!(out.last(), Some((Token::Newline, _))) {
        out.push((Token::Newline, Span::new(end, end)));
    }
    out
}

/// The whole grammar, built per parse (it borrows the source text).
///
/// The four mutually recursive parsers are nested `recursive` definitions:
/// `stmt` holds `simple`, which holds `block_body`, which holds `expr`,
/// and each refers to itself and to those around it through weak handles.
/// So the strong references form no cycle and the whole grammar is freed
/// with the returned parser (`Recursive::declare`/`define` made a cycle of
/// strong references that leaked the grammar, about 18 kB, on every parse).
fn module_parser<'t>(src: &'t str) -> impl Parser<'t, In<'t>, Module, Extra<'t>> {
    let ty = types::type_expr();
    let pattern = pattern::pattern();
    // Strong handles of the inner parsers, for the outer definitions.
    let mut expr_out: Option<Rec<'t, crate::ast::Expr>> = None;
    let mut block_out: Option<Rec<'t, Vec<Stmt>>> = None;
    let mut simple_out: Option<Rec<'t, Stmt>> = None;
    let grammar = |expr: &Rec<'t, crate::ast::Expr>,
                   stmt: &Rec<'t, Stmt>,
                   simple: &Rec<'t, Stmt>,
                   block_body: &Rec<'t, Vec<Stmt>>| Grammar {
        src,
        expr: expr.clone(),
        stmt: stmt.clone(),
        simple: simple.clone(),
        block_body: block_body.clone(),
        pattern: pattern.clone(),
        ty: ty.clone(),
    };

    let stmt_rec = recursive(|stmt: Rec<'t, Stmt>| {
        let simple = recursive(|simple: Rec<'t, Stmt>| {
            let block = recursive(|block: Rec<'t, Vec<Stmt>>| {
                let expr = recursive(|expr: Rec<'t, crate::ast::Expr>| {
                    expr::expr(&grammar(&expr, &stmt, &simple, &block))
                });
                let body = stmt::block_body(&grammar(&expr, &stmt, &simple, &block));
                expr_out = Some(expr);
                body
            });
            let expr = expr_out.clone().expect("defined above");
            let simple_p = stmt::simple(&grammar(&expr, &stmt, &simple, &block));
            block_out = Some(block);
            simple_p
        });
        let expr = expr_out.clone().expect("defined above");
        let block = block_out.clone().expect("defined above");
        let statement = stmt::statement(&grammar(&expr, &stmt, &simple, &block));
        simple_out = Some(simple);
        statement
    });
    let g = grammar(
        &expr_out.expect("defined above"),
        &stmt_rec,
        &simple_out.expect("defined above"),
        &block_out.expect("defined above"),
    );

    stmt::stmt_lines(&g, true)
        .then_ignore(end())
        .map(|mut body| {
            let doc = stmt::take_doc(&mut body, true);
            Module { doc, body }
        })
}
