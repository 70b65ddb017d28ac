//! Declarations: functions (`fn`, `me`, `static fn`, `async fn`, `extern
//! fn`), `struct`/`class`, `enum`, `impl`, `trait`, `use`/`import`.

use chumsky::prelude::*;

use super::errors::{Label, custom, skip_line, tok, word};
use super::expr::{name, terminator};
use super::stmt::take_doc;
use super::types::generics;
use super::{Extra, Grammar, In, P};
use crate::ast::{
    EnumDecl, FieldDecl, FnDecl, FnKind, FnSig, ImplDecl, Param, Stmt, StmtKind, StructDecl,
    TraitDecl, TypeDeclKind, TypeExpr, TypeKind, UseDecl, UseItems, UseName, VariantDecl,
    VariantFields,
};
use crate::span::Span;
use crate::symbol::{Symbol, known};
use crate::token::Token;

/// Modifiers before a declaration: `pub`, `pub(crate)`, `async`, `static`.
#[derive(Clone, Copy, Default)]
struct Mods {
    is_async: bool,
    is_static: bool,
}

fn modifiers<'t>() -> impl Parser<'t, In<'t>, Mods, Extra<'t>> + Clone {
    let public = tok(Token::Pub)
        .then(
            tok(Token::LParen)
                .then(none_of([Token::RParen, Token::Newline]).repeated())
                .then(tok(Token::RParen))
                .or_not(),
        )
        .to(0u8);
    public
        .or(select_ref! { Token::Async => 1u8, Token::Static => 2u8 })
        .repeated()
        .fold(Mods::default(), |mut m, k| {
            match k {
                1 => m.is_async = true,
                2 => m.is_static = true,
                _ => {}
            }
            m
        })
}

/// A parameter list `(a: i64, b = 1, ...rest: text)`, without an
/// explicitly written leading `self`.
pub(super) fn params<'t>(g: &Grammar<'t>) -> P<'t, Vec<Param>> {
    let param = tok(Token::Ellipsis)
        .or_not()
        .then(tok(Token::Mut).or_not())
        .then(name().labelled(Label::ParamName))
        .then_ignore(
            super::expr::call_site_label(&[
                Token::Comma,
                Token::RParen,
                Token::Colon,
                Token::Assign,
            ])
            .or_not(),
        )
        // `x: mut T` is upstream's other spelling of `mut x: T`.
        .then(
            tok(Token::Colon)
                .ignore_then(tok(Token::Mut).or_not())
                .then(g.ty.clone())
                .or_not(),
        )
        .then(tok(Token::Assign).ignore_then(g.expr.clone()).or_not())
        .map_with(|((((dots, is_mut), name), ty), default), e| {
            let mut_in_type = ty.as_ref().is_some_and(|(m, _)| m.is_some());
            Param {
                name,
                ty: ty.map(|(_, t)| t),
                default,
                variadic: dots.is_some(),
                is_mut: is_mut.is_some() || mut_in_type,
                span: e.span(),
            }
        });
    param
        .separated_by(tok(Token::Comma))
        .allow_trailing()
        .collect::<Vec<_>>()
        .delimited_by(tok(Token::LParen), tok(Token::RParen))
        .map(|mut ps: Vec<Param>| {
            if ps
                .first()
                .is_some_and(|p| p.name == known::SELF_ && !p.variadic)
            {
                ps.remove(0);
            }
            ps
        })
        .boxed()
}

/// `where T: Display + Clone, U: Eq` after a signature: bounds are parsed
/// and dropped (types are not checked).
fn where_clause<'t>(g: &Grammar<'t>) -> impl Parser<'t, In<'t>, (), Extra<'t>> + Clone + use<'t> {
    let bound = name()
        .then_ignore(tok(Token::Colon))
        .then(g.ty.clone().separated_by(tok(Token::Plus)).at_least(1));
    word("where")
        .then(bound.separated_by(tok(Token::Comma)).at_least(1))
        .ignored()
}

/// `fn name<T>(params) -> T` (modifiers already parsed).
fn signature<'t>(g: &Grammar<'t>) -> impl Parser<'t, In<'t>, FnSig, Extra<'t>> + Clone + use<'t> {
    select_ref! { Token::Fn => FnKind::Plain, Token::Me => FnKind::Me }
        .then(
            name()
                .labelled(Label::FnName)
                .map_with(|n, e| (n, e.span())),
        )
        .then(generics())
        .then(params(g))
        .then(tok(Token::Arrow).ignore_then(g.ty.clone()).or_not())
        .then_ignore(where_clause(g).or_not())
        .map_with(
            |((((kind, (name, name_span)), generics), params), ret), e| FnSig {
                name,
                name_span,
                generics,
                params,
                ret,
                kind,
                is_async: false,
                span: e.span(),
            },
        )
}

/// A function after its modifiers; the body is optional (trait
/// signatures).
fn function<'t>(
    g: &Grammar<'t>,
) -> impl Parser<'t, In<'t>, (FnSig, Option<Vec<Stmt>>), Extra<'t>> + Clone + use<'t> {
    let body = tok(Token::Colon)
        .labelled(Label::ColonFnBody)
        .ignore_then(g.block_body.clone())
        .map(|b| (b, None))
        // The `:` forgotten before an indented body: parse the body anyway.
        .or(tok(Token::Newline)
            .map_with(|_, e| e.span())
            .rewind()
            .then(g.block_body.clone())
            .map(|(at, b)| (b, Some(at))));
    signature(g)
        .then(body.or_not())
        .validate(|(sig, body), _, emitter| match body {
            Some((body, missing_colon)) => {
                if let Some(at) = missing_colon {
                    emitter.emit(custom(
                        at,
                        "expected `:` before the function body",
                        "add `:` here",
                    ));
                }
                (sig, Some(body))
            }
            None => (sig, None),
        })
}

/// Applies modifiers to a signature; `span` is the whole declaration.
fn apply_mods(sig: &mut FnSig, mods: Mods, span: Span) {
    sig.is_async |= mods.is_async;
    if mods.is_static {
        sig.kind = FnKind::Static;
    }
    sig.span = span;
}

fn fn_decl(sig: FnSig, mut body: Vec<Stmt>) -> FnDecl {
    let doc = take_doc(&mut body, false);
    FnDecl {
        sig,
        doc,
        body,
        decorators: Vec::new(),
    }
}

/// What a line of a type body declares.
#[derive(Clone)]
enum Member {
    Doc(String),
    Field(FieldDecl),
    Variants(Vec<VariantDecl>),
    Method(FnSig, Option<Vec<Stmt>>),
    /// `use Mixin` in a class body.
    Use(Symbol, Span),
    /// `invariant:` and its conditions.
    Invariant(Vec<crate::ast::ContractCond>),
    Nothing,
}

/// The lines of a type body: `: Newline Indent member* Dedent` or a
/// one-line `: pass` (or a single member). Each line recovers on its own.
fn members<'t>(
    member: impl Parser<'t, In<'t>, Member, Extra<'t>> + Clone + 't,
) -> P<'t, Vec<Member>> {
    let line = choice((
        tok(Token::Newline).to(Member::Nothing),
        member
            .clone()
            .then_ignore(terminator())
            .recover_with(via_parser(skip_line().to(Member::Nothing))),
    ));
    let indented = tok(Token::Newline)
        .ignore_then(tok(Token::Indent).labelled(Label::IndentedBlock))
        .ignore_then(line.repeated().collect::<Vec<_>>())
        .then_ignore(tok(Token::Dedent).labelled(Label::Decl));
    tok(Token::Colon)
        .labelled(Label::ColonTypeBody)
        .ignore_then(choice((indented, member.map(|m| vec![m]))))
        .boxed()
}

fn doc_member<'t>() -> impl Parser<'t, In<'t>, Member, Extra<'t>> + Clone {
    select_ref! { Token::Str(s) => Member::Doc(s.clone()) }
}

fn method_member<'t>(
    g: &Grammar<'t>,
) -> impl Parser<'t, In<'t>, Member, Extra<'t>> + Clone + use<'t> {
    modifiers()
        .then(function(g))
        .map_with(|(mods, (mut sig, body)), e| {
            apply_mods(&mut sig, mods, e.span());
            Member::Method(sig, body)
        })
}

/// `x: i64`, `y: i64 = 0`, `var n: i64 = 0`, `val k: i64`.
fn field_member<'t>(
    g: &Grammar<'t>,
) -> impl Parser<'t, In<'t>, Member, Extra<'t>> + Clone + use<'t> {
    modifiers()
        .ignore_then(
            select_ref! { Token::Var => (), Token::Val => (), Token::Let => (), Token::Const => () }
                .or_not(),
        )
        .ignore_then(tok(Token::Mut).or_not())
        .ignore_then(name().map_with(|n, e| (n, e.span())))
        .then(tok(Token::Colon).ignore_then(g.ty.clone()).or_not())
        .then(tok(Token::Assign).ignore_then(g.expr.clone()).or_not())
        .map_with(|(((name, _), ty), default), e| {
            Member::Field(FieldDecl {
                name,
                ty,
                default,
                span: e.span(),
            })
        })
}

/// A method as parsed: signature and (optional) body.
type Method = (FnSig, Option<Vec<Stmt>>);

fn split_members(
    members: Vec<Member>,
) -> (
    Option<String>,
    Vec<FieldDecl>,
    Vec<VariantDecl>,
    Vec<Method>,
) {
    let mut doc = None;
    let mut fields = Vec::new();
    let mut variants = Vec::new();
    let mut methods = Vec::new();
    for m in members {
        match m {
            Member::Doc(s) => {
                if doc.is_none() {
                    doc = Some(s);
                }
            }
            Member::Field(f) => fields.push(f),
            Member::Variants(v) => variants.extend(v),
            Member::Method(sig, body) => methods.push((sig, body)),
            Member::Use(..) | Member::Invariant(_) | Member::Nothing => {}
        }
    }
    (doc, fields, variants, methods)
}

/// Methods of a type body must have bodies; a missing one is reported.
fn with_bodies(
    methods: Vec<(FnSig, Option<Vec<Stmt>>)>,
    emitter: &mut chumsky::input::Emitter<super::Err<'_>>,
) -> Vec<FnDecl> {
    methods
        .into_iter()
        .map(|(sig, body)| {
            if body.is_none() {
                emitter.emit(custom(
                    Span::new(sig.span.end, sig.span.end),
                    "expected `:` and the function body",
                    "a method needs a body here",
                ));
            }
            fn_decl(sig, body.unwrap_or_default())
        })
        .collect()
}

fn type_name<'t>() -> impl Parser<'t, In<'t>, (Symbol, Span), Extra<'t>> + Clone {
    name()
        .labelled(Label::TypeName)
        .map_with(|n, e| (n, e.span()))
}

/// Every declaration statement.
pub(super) fn declaration<'t>(g: &Grammar<'t>) -> P<'t, StmtKind> {
    let func = function(g).validate(|(sig, body), _, emitter| match body {
        Some(body) => StmtKind::Fn(Box::new(fn_decl(sig, body))),
        None => {
            emitter.emit(custom(
                Span::new(sig.span.end, sig.span.end),
                "expected `:` and the function body",
                "only `extern fn` and trait methods may omit the body",
            ));
            StmtKind::Error
        }
    });

    let extern_fn = tok(Token::Extern)
        .ignore_then(signature(g))
        .map(|sig| StmtKind::Extern(Box::new(sig)));

    let struct_member = choice((
        doc_member(),
        tok(Token::Pass).to(Member::Nothing),
        // A decorator on a method or field: accepted, not applied.
        tok(Token::At)
            .ignore_then(g.expr.clone())
            .to(Member::Nothing),
        tok(Token::Use)
            .ignore_then(name())
            .map_with(|n, e| Member::Use(n, e.span())),
        super::contract::type_invariant(g).map(Member::Invariant),
        method_member(g),
        field_member(g),
    ));
    let struct_decl = select_ref! {
        Token::Struct => TypeDeclKind::Struct,
        Token::Class => TypeDeclKind::Class,
        Token::Ident(s) if s.as_str() == "mixin" => TypeDeclKind::Mixin,
    }
    .then(type_name())
    .then(generics())
    .then(
        members(struct_member)
            .map(Ok)
            // `struct P` then an indented block: the `:` is missing (a
            // struct without a body is a valid unit struct otherwise).
            .or(tok(Token::Newline)
                .map_with(|_, e| e.span())
                .then_ignore(super::errors::skip_block())
                .map(Err))
            .or_not(),
    )
    .validate(
        |(((kind, (name, name_span)), generics), members), e, emitter| {
            let members = match members {
                Some(Ok(members)) => members,
                Some(Err(at)) => {
                    emitter.emit(custom(at, "expected `:` before the body", "add `:` here"));
                    Vec::new()
                }
                None => Vec::new(),
            };
            let uses = members
                .iter()
                .filter_map(|m| match m {
                    Member::Use(n, s) => Some((*n, *s)),
                    _ => None,
                })
                .collect();
            let invariant = members
                .iter()
                .filter_map(|m| match m {
                    Member::Invariant(conds) => Some(conds.clone()),
                    _ => None,
                })
                .flatten()
                .collect();
            let (doc, fields, _, methods) = split_members(members);
            StmtKind::Struct(Box::new(StructDecl {
                kind,
                name,
                name_span,
                generics,
                doc,
                fields,
                methods: with_bodies(methods, emitter),
                uses,
                invariant,
                span: e.span(),
            }))
        },
    );

    // Enum variants: `Circle(f64)`, `Rect(w: f64, h: f64)`,
    // `Rect { w: f64, h: f64 }`, `Empty`.
    let named_field = name()
        .then_ignore(tok(Token::Colon))
        .then(g.ty.clone().map(Some));
    let variant_fields = choice((
        named_field
            .clone()
            .separated_by(tok(Token::Comma))
            .allow_trailing()
            .at_least(1)
            .collect::<Vec<_>>()
            .map(VariantFields::Named),
        g.ty.clone()
            .separated_by(tok(Token::Comma))
            .allow_trailing()
            .collect::<Vec<TypeExpr>>()
            .map(VariantFields::Tuple),
    ))
    .delimited_by(tok(Token::LParen), tok(Token::RParen))
    // `Circle { radius: f64 }`: named fields in braces.
    .or(named_field
        .separated_by(tok(Token::Comma))
        .allow_trailing()
        .at_least(1)
        .collect::<Vec<_>>()
        .map(VariantFields::Named)
        .delimited_by(tok(Token::LBrace), tok(Token::RBrace)));
    let variant = name()
        .labelled(Label::VariantName)
        .then(variant_fields.or_not())
        .map_with(|(name, fields), e| VariantDecl {
            name,
            fields: fields.unwrap_or(VariantFields::Unit),
            span: e.span(),
        });
    let enum_member = choice((
        doc_member(),
        tok(Token::Pass).to(Member::Nothing),
        method_member(g),
        variant
            .separated_by(tok(Token::Comma))
            .allow_trailing()
            .at_least(1)
            .collect::<Vec<_>>()
            .map(Member::Variants),
    ));
    let enum_decl = tok(Token::Enum)
        .ignore_then(type_name())
        .then(generics())
        .then(members(enum_member))
        .validate(|(((name, name_span), generics), members), e, emitter| {
            let (doc, _, variants, methods) = split_members(members);
            StmtKind::Enum(Box::new(EnumDecl {
                name,
                name_span,
                generics,
                doc,
                variants,
                methods: with_bodies(methods, emitter),
                span: e.span(),
            }))
        });

    let impl_member = impl_member_clone(g);
    let impl_decl = tok(Token::Impl)
        .ignore_then(generics())
        .ignore_then(g.ty.clone())
        .then(tok(Token::For).ignore_then(g.ty.clone()).or_not())
        .then(members(impl_member))
        .validate(|((first, second), members), e, emitter| {
            let (trait_ty, target_ty) = match second {
                Some(target) => (Some(first), target),
                None => (None, first),
            };
            let last = |t: &TypeExpr| match &t.kind {
                TypeKind::Named { path, .. } => path.last().copied(),
                _ => None,
            };
            let target = last(&target_ty).unwrap_or_else(|| {
                emitter.emit(custom(
                    target_ty.span,
                    "expected a type name",
                    "this cannot be implemented",
                ));
                Symbol::intern("?")
            });
            let (doc, _, _, methods) = split_members(members);
            StmtKind::Impl(Box::new(ImplDecl {
                target,
                target_span: target_ty.span,
                trait_name: trait_ty.as_ref().and_then(last),
                doc,
                methods: with_bodies(methods, emitter),
                span: e.span(),
            }))
        });

    let trait_member = impl_member_clone(g);
    // `trait D: Base + Other:` names parent traits (parsed, not checked).
    let parents = tok(Token::Colon)
        .ignore_then(g.ty.clone().separated_by(tok(Token::Plus)).at_least(1))
        .then_ignore(tok(Token::Colon).rewind());
    let trait_decl = tok(Token::Trait)
        .ignore_then(type_name())
        .then_ignore(generics())
        .then_ignore(parents.or_not())
        .then(members(trait_member))
        .map_with(|((name, name_span), members), e| {
            let (doc, _, _, methods) = split_members(members);
            let mut required = Vec::new();
            let mut provided = Vec::new();
            for (sig, body) in methods {
                match body {
                    Some(body) => provided.push(fn_decl(sig, body)),
                    None => required.push(sig),
                }
            }
            StmtKind::Trait(Box::new(TraitDecl {
                name,
                name_span,
                doc,
                required,
                provided,
                span: e.span(),
            }))
        });

    modifiers()
        .then(choice((
            func,
            extern_fn,
            struct_decl,
            enum_decl,
            impl_decl,
            trait_decl,
            use_decl(),
        )))
        .map_with(|(mods, mut kind), e| {
            let span: Span = e.span();
            match &mut kind {
                StmtKind::Fn(f) => apply_mods(&mut f.sig, mods, span),
                StmtKind::Extern(sig) => apply_mods(sig, mods, span),
                _ => {}
            }
            kind
        })
        .boxed()
}

fn impl_member_clone<'t>(
    g: &Grammar<'t>,
) -> impl Parser<'t, In<'t>, Member, Extra<'t>> + Clone + use<'t> {
    // `type Item`, `type Item: Bound`, `type Item = i64`: an associated
    // type (parsed, not checked).
    let assoc_type = word("type")
        .ignore_then(name())
        .ignore_then(
            tok(Token::Colon)
                .ignore_then(g.ty.clone().separated_by(tok(Token::Plus)).at_least(1))
                .or_not(),
        )
        .ignore_then(tok(Token::Assign).ignore_then(g.ty.clone()).or_not())
        .to(Member::Nothing);
    choice((
        doc_member(),
        tok(Token::Pass).to(Member::Nothing),
        assoc_type,
        method_member(g),
    ))
}

/// `use a.b.c`, `use a.b.{x, y as z}`, `use a.b (x, y)`, `use a.b.*`,
/// `use a.b as c`, `import a.b`.
fn use_decl<'t>() -> impl Parser<'t, In<'t>, StmtKind, Extra<'t>> + Clone {
    let sep = select_ref! { Token::Dot => (), Token::ColonColon => () };
    let path = name()
        .then(sep.ignore_then(name()).repeated().collect::<Vec<_>>())
        .map_with(|(first, mut rest), e| {
            rest.insert(0, first);
            (rest, e.span())
        });
    let use_name = name()
        .then(tok(Token::As).ignore_then(name()).or_not())
        .map_with(|(name, alias), e| UseName {
            name,
            alias,
            span: e.span(),
        });
    let names = use_name
        .separated_by(tok(Token::Comma))
        .allow_trailing()
        .collect::<Vec<_>>();
    let items = choice((
        sep.ignore_then(
            names
                .clone()
                .delimited_by(tok(Token::LBrace), tok(Token::RBrace)),
        )
        .map(UseItems::Names),
        sep.ignore_then(tok(Token::Star)).to(UseItems::Glob),
        names
            .delimited_by(tok(Token::LParen), tok(Token::RParen))
            .map(UseItems::Names),
        tok(Token::As)
            .ignore_then(name())
            .map(|alias| UseItems::Module { alias: Some(alias) }),
    ))
    .or_not()
    .map(|i| i.unwrap_or(UseItems::Module { alias: None }));
    select_ref! { Token::Use => (), Token::Import => () }
        .ignore_then(path.labelled(Label::ModulePath))
        .then(items)
        .map_with(|((path, path_span), items), e| {
            StmtKind::Use(Box::new(UseDecl {
                path,
                path_span,
                items,
                span: e.span(),
            }))
        })
}
