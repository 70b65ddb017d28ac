//! The abstract syntax tree.
//!
//! Every node carries the [`Span`] of the source it came from. The tree is
//! what the parser produces and what the interpreter's resolver consumes; it
//! keeps both spellings of a construct apart only where their meaning differs
//! (`Shape::Circle` and `Shape.Circle` are both [`ExprKind::Field`]).
//!
//! Desugarings done by the parser (documented in `docs/language.md`):
//! - `elif` / `else if` arms are kept in a flat list ([`IfExpr::elifs`]),
//!   so a long chain is not deep nesting;
//! - a run of two or more left-associative operators of one precedence
//!   level is one [`ExprKind::BinaryChain`] (`a + b - c`), for the same
//!   reason;
//! - spec blocks `describe "x": body` and `before_each: body` become calls
//!   `describe("x", fn(): body)` and `before_each(fn(): body)`;
//! - the bare `expect cond` statement becomes [`StmtKind::Expect`] with the
//!   condition's source text;
//! - one-line bodies (`fn f(x): x * 2`) become one-statement blocks.

use crate::span::Span;
use crate::symbol::Symbol;

/// A parsed source file.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// A string literal standing alone as the first statement.
    pub doc: Option<String>,
    pub body: Vec<Stmt>,
}

/// A sequence of statements; a block's value is its last expression
/// statement's value.
pub type Block = Vec<Stmt>;

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// An expression evaluated for its value or effect (`if` and `match`
    /// statements are expressions too).
    Expr(Expr),
    /// `val x = 1`, `var y: i64 = 0`, `let mut z = 2`, `const K = 3`,
    /// `val (a, b) = pair`.
    Let(Box<LetStmt>),
    /// `target = value` or, with `op`, `target op= value`. The target is a
    /// name, field, index, or a chain of them.
    Assign {
        target: Expr,
        op: Option<BinOp>,
        value: Expr,
    },
    While {
        cond: Cond,
        body: Block,
    },
    For {
        pattern: Pattern,
        iter: Expr,
        body: Block,
    },
    Loop {
        body: Block,
    },
    /// `with resource as name:`: calls `__enter__` (binding its result)
    /// before the body and `__exit__` after it, however the body ends.
    With {
        value: Expr,
        name: Option<Symbol>,
        body: Block,
    },
    Break,
    Continue,
    Return(Option<Expr>),
    Pass,
    Fn(Box<FnDecl>),
    /// `struct` and `class`.
    Struct(Box<StructDecl>),
    Enum(Box<EnumDecl>),
    Impl(Box<ImplDecl>),
    Trait(Box<TraitDecl>),
    /// `extern fn name(params) -> T` with no body.
    Extern(Box<FnSig>),
    Use(Box<UseDecl>),
    /// `type Name = T`: another name for a type (annotations are not
    /// checked; a user type gets the new name too).
    TypeAlias {
        name: Symbol,
        ty: TypeExpr,
    },
    /// `fn new_name = old_name` (and `alias new_name = old_name` for a
    /// lowercase name): another name for a function (or any value).
    FnAlias {
        name: Symbol,
        target: Expr,
    },
    /// `bind Trait = Impl`: `Trait.method(...)` calls go to `Impl`.
    Bind {
        name: Symbol,
        target: Symbol,
    },
    /// The bare spec form `expect cond`; `source` is the condition's text as
    /// written, for the failure message.
    Expect {
        cond: Expr,
        source: String,
    },
    /// `unit UserId: i64 as uid`, `unit length(base: f64): m = 1.0, km =
    /// 1000.0`, `unit velocity = length / time`: declares the unit
    /// suffixes (`uid`; `m`, `km`) in this scope. Factors and `allow`
    /// rules are parsed, not used.
    Unit {
        name: Symbol,
        suffixes: Vec<Symbol>,
    },
    /// `module name:` and a block: a module written inline, reached as
    /// `name.member`.
    Module {
        name: Symbol,
        body: Block,
    },
    /// A contract clause at the top of a function body: `in:`,
    /// `out(ret):`, `out_err(e):` or `invariant:` and its conditions.
    Contract(Box<ContractClause>),
    /// A statement the parser could not make sense of (already reported).
    Error,
}

/// Which conditions a contract clause states.
#[derive(Clone, Debug, PartialEq)]
pub enum ContractKind {
    /// `in:` preconditions, checked when the function is entered.
    Pre,
    /// `out(name):` postconditions, checked on a normal return; `name`
    /// (default `ret`) is the returned value.
    Post(Option<Symbol>),
    /// `out_err(name):` checked when the function returns an `Err`; `name`
    /// is the error's payload.
    PostErr(Option<Symbol>),
    /// `invariant:` checked on entry and on exit.
    Invariant,
}

/// One condition of a contract and its text as written (for the message).
#[derive(Clone, Debug, PartialEq)]
pub struct ContractCond {
    pub expr: Expr,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContractClause {
    pub kind: ContractKind,
    pub conds: Vec<ContractCond>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingKind {
    Val,
    Var,
    Let,
    LetMut,
    Const,
}

impl BindingKind {
    pub fn is_mutable(self) -> bool {
        matches!(self, BindingKind::Var | BindingKind::LetMut)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LetStmt {
    pub kind: BindingKind,
    /// A name, or a tuple/array pattern for unpacking.
    pub pattern: Pattern,
    pub ty: Option<TypeExpr>,
    /// `var x: i64` may omit the value; the binding then holds `nil`.
    pub value: Option<Expr>,
    /// `val Some(x) = e else: return 0`: runs when the pattern does not
    /// match, and must leave the enclosing block.
    pub else_: Option<Vec<Stmt>>,
}

/// The condition of `if` / `while`: a plain expression, or a pattern binding
/// (`if val Some(x) = e:`, `if let Ok(v) = r:`, `while val P = e:`).
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    Expr(Expr),
    /// `mutable` for `if var P = e:`.
    Let {
        pattern: Pattern,
        value: Expr,
        mutable: bool,
    },
}

// ---------------------------------------------------------------------------
// Declarations
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FnKind {
    /// A free function, or a method that reads `self`.
    Plain,
    /// `me name(...)`: a method that may change `self` in place.
    Me,
    /// `static fn name(...)`: no `self`.
    Static,
}

/// A function's signature: everything but the body.
#[derive(Clone, Debug, PartialEq)]
pub struct FnSig {
    pub name: Symbol,
    pub name_span: Span,
    /// Generic parameter names (`fn id<T>`), parsed and not checked.
    pub generics: Vec<Symbol>,
    /// Parameters, without an explicitly written `self`.
    pub params: Vec<Param>,
    pub ret: Option<TypeExpr>,
    pub kind: FnKind,
    pub is_async: bool,
    /// The whole declaration.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FnDecl {
    pub sig: FnSig,
    pub doc: Option<String>,
    pub body: Block,
    /// `@name` / `@name(args)` lines before the `fn`, top to bottom.
    pub decorators: Vec<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: Symbol,
    pub ty: Option<TypeExpr>,
    pub default: Option<Expr>,
    /// `...name`: collects the remaining positional arguments as an array.
    pub variadic: bool,
    /// `mut name`: the final value is written back to the caller's
    /// variable when the argument was a plain variable.
    pub is_mut: bool,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeDeclKind {
    /// Values: copied on assignment (copy-on-write).
    Struct,
    /// References: every name sees the same object.
    Class,
    /// `mixin M:` fields and methods that `use M` in a class body copies
    /// in; the parser expands them, so later stages never see one.
    Mixin,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructDecl {
    pub kind: TypeDeclKind,
    pub name: Symbol,
    pub name_span: Span,
    pub generics: Vec<Symbol>,
    pub doc: Option<String>,
    pub fields: Vec<FieldDecl>,
    pub methods: Vec<FnDecl>,
    /// `use M` lines of the body: mixins to copy in (expanded by the
    /// parser; empty afterwards).
    pub uses: Vec<(Symbol, Span)>,
    /// `invariant:` conditions, checked after construction and after
    /// every public method.
    pub invariant: Vec<ContractCond>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub name: Symbol,
    pub ty: Option<TypeExpr>,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumDecl {
    pub name: Symbol,
    pub name_span: Span,
    pub generics: Vec<Symbol>,
    pub doc: Option<String>,
    pub variants: Vec<VariantDecl>,
    pub methods: Vec<FnDecl>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VariantDecl {
    pub name: Symbol,
    pub fields: VariantFields,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum VariantFields {
    /// `Empty`
    Unit,
    /// `Circle(f64)`
    Tuple(Vec<TypeExpr>),
    /// `Rect(w: f64, h: f64)`
    Named(Vec<(Symbol, Option<TypeExpr>)>),
}

/// `impl Type:` or `impl Trait for Type:`.
#[derive(Clone, Debug, PartialEq)]
pub struct ImplDecl {
    pub target: Symbol,
    pub target_span: Span,
    pub trait_name: Option<Symbol>,
    pub doc: Option<String>,
    pub methods: Vec<FnDecl>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TraitDecl {
    pub name: Symbol,
    pub name_span: Span,
    pub doc: Option<String>,
    /// Methods the implementor must write.
    pub required: Vec<FnSig>,
    /// Methods with a default body.
    pub provided: Vec<FnDecl>,
    pub span: Span,
}

/// `use a.b.c`, `use a.b.{x, y as z}`, `use a.b (x, y)`, `use a.b.*`,
/// `import a.b`.
#[derive(Clone, Debug, PartialEq)]
pub struct UseDecl {
    pub path: Vec<Symbol>,
    pub path_span: Span,
    pub items: UseItems,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum UseItems {
    /// The whole module, reachable as its last path segment (or `alias`).
    Module { alias: Option<Symbol> },
    /// Selected names.
    Names(Vec<UseName>),
    /// `.*`: every name of the module.
    Glob,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UseName {
    pub name: Symbol,
    pub alias: Option<Symbol>,
    pub span: Span,
}

// ---------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    /// `nil` (a bare `None` is parsed as a [`ExprKind::Name`]; the resolver
    /// maps it to nil).
    Nil,
    /// An interpolated string.
    FStr(Vec<FStrPart>),
    /// `5_km`, `2.5_kg`: a number with a unit suffix (`number` is an
    /// `Int` or `Float`; `suffix` without its underscore).
    UnitLit {
        number: Box<Expr>,
        suffix: Symbol,
    },
    /// `"text"_suffix`: calls the suffix function on the text.
    Suffixed {
        text: String,
        suffix: Symbol,
    },
    Name(Symbol),
    /// A `u64` literal above `i64::MAX`.
    UInt(u64),
    Array(Vec<ArrayElem>),
    Dict(Vec<(Expr, Expr)>),
    /// `s{a, b}`: a set literal (upstream's prefix form; `s{}` is empty).
    Set(Vec<Expr>),
    Tuple(Vec<Expr>),
    Unary {
        op: UnaryOp,
        expr: Box<Expr>,
    },
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// Two or more left-associative operators of one precedence level
    /// written one after another: `a + b - c` is `first = a`,
    /// `rest = [(+, b), (-, c)]` and means `(a + b) - c`. Flat, so that a
    /// 10,000-term sum is a list, not 10,000 levels of nesting. (A
    /// parenthesised left operand stays a nested [`ExprKind::Binary`].)
    BinaryChain {
        first: Box<Expr>,
        rest: Vec<(BinOp, Expr)>,
    },
    /// One comparison or a chain: `a < b < c` is `first = a`,
    /// `rest = [(<, b), (<, c)]`.
    Compare {
        first: Box<Expr>,
        rest: Vec<(CmpOp, Expr)>,
    },
    Range {
        start: Box<Expr>,
        end: Box<Expr>,
        inclusive: bool,
    },
    Call {
        callee: Box<Expr>,
        args: Vec<Arg>,
    },
    /// `expr.name` or `expr::name`.
    Field {
        expr: Box<Expr>,
        name: Symbol,
        name_span: Span,
    },
    /// `tuple.0`
    TupleField {
        expr: Box<Expr>,
        index: u32,
    },
    /// `expr?.name`
    OptField {
        expr: Box<Expr>,
        name: Symbol,
        name_span: Span,
    },
    Index {
        expr: Box<Expr>,
        index: Box<Expr>,
    },
    /// `expr[start:end:step]`, each part optional.
    Slice {
        expr: Box<Expr>,
        start: Option<Box<Expr>>,
        end: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
    /// `expr?`
    Try(Box<Expr>),
    /// `expr.?`
    Present(Box<Expr>),
    /// `expr as T`
    Cast {
        expr: Box<Expr>,
        ty: TypeExpr,
    },
    Lambda(Box<Lambda>),
    If(Box<IfExpr>),
    Match(Box<MatchExpr>),
    Await(Box<Expr>),
    /// `[elem for x in xs if c]`
    ListComp {
        elem: Box<Expr>,
        clauses: Vec<CompClause>,
    },
    /// `{k: v for (k, v) in pairs}`
    DictComp {
        key: Box<Expr>,
        value: Box<Expr>,
        clauses: Vec<CompClause>,
    },
    /// `Point { x: 1, y: 2 }` (the `Point(x: 1, y: 2)` spelling is a call).
    StructLit {
        /// A name or a path (`shapes.Point`).
        path: Box<Expr>,
        fields: Vec<FieldInit>,
    },
    /// An expression the parser could not make sense of (already reported).
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FStrPart {
    Text(String),
    Expr {
        expr: Expr,
        /// The format spec after `:` (`.2`, `>8`, `08`, `x`, `?`).
        spec: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum ArrayElem {
    Item(Expr),
    /// `*expr`
    Spread(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    /// `f(name: v)` or `f(name=v)`.
    pub name: Option<Symbol>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldInit {
    pub name: Symbol,
    /// `Point { x }` is shorthand for `Point { x: x }`; the parser fills in
    /// the name expression.
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lambda {
    pub params: Vec<Param>,
    pub body: Block,
}

/// `if cond: then elif c: b ... else: else_`. The `elif` (and `else if`)
/// arms are a flat list, tried in order after `cond`.
#[derive(Clone, Debug, PartialEq)]
pub struct IfExpr {
    pub cond: Cond,
    pub then: Block,
    pub elifs: Vec<ElifArm>,
    pub else_: Option<Block>,
}

/// One `elif cond: then` arm; `span` runs from the keyword to the end of
/// its block.
#[derive(Clone, Debug, PartialEq)]
pub struct ElifArm {
    pub cond: Cond,
    pub then: Block,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchExpr {
    pub scrutinee: Expr,
    pub arms: Vec<MatchArm>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchArm {
    pub pattern: Pattern,
    pub guard: Option<Expr>,
    pub body: Block,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CompClause {
    For { pattern: Pattern, iter: Expr },
    If(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `not x`, `!x`
    Not,
    /// `~x`
    BitNot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    /// `@`: matrix product (of numbers, their product; of two vectors,
    /// their dot product).
    MatMul,
    BitAnd,
    BitOr,
    /// `^` and `xor`
    BitXor,
    Shl,
    Shr,
    /// `and`, `&&` (short-circuit)
    And,
    /// `or`, `||` (short-circuit)
    Or,
    /// `??`
    Coalesce,
}

impl BinOp {
    /// The operator as written in source (the canonical spelling: `and`,
    /// not `&&`), for the printer and for error messages.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::MatMul => "@",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::Coalesce => "??",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    In,
    NotIn,
    Is,
    IsNot,
}

// ---------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub kind: PatternKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    /// `_`
    Wildcard,
    /// A bare name. Binds the value, unless the resolver finds it names a
    /// unit variant (`Empty`) or `None`.
    Bind(Symbol),
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Nil,
    /// `0..10`, `0..=9` (integer bounds; negative bounds allowed).
    Range {
        start: i64,
        end: i64,
        inclusive: bool,
    },
    Tuple(Vec<Pattern>),
    /// `[a, b]`; may contain one [`PatternKind::Rest`].
    Array(Vec<Pattern>),
    /// `..` or `..rest` inside an array pattern.
    Rest(Option<Symbol>),
    /// `Shape.Circle(r)`, `Shape::Circle(r)`, `Circle(r)`, `StageMode::Mmap`,
    /// `Some(x)`, `Ok(v)`, `Err(e)`, `Rect(w: a, h: b)`.
    Variant {
        /// One segment for a bare variant, two or more when qualified.
        path: Vec<Symbol>,
        /// `None` when written without parentheses.
        args: Option<Vec<VariantArg>>,
    },
    /// `1 | 2 | 3`
    Or(Vec<Pattern>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct VariantArg {
    /// `Rect(w: a)` names the payload field.
    pub name: Option<Symbol>,
    pub pattern: Pattern,
}

// ---------------------------------------------------------------------------
// Types (parsed, not checked; `as` reads the target's name)
// ---------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// `i64`, `Point`, `std.io.File`, `Array[T]`, `Result<T, E>`.
    Named {
        path: Vec<Symbol>,
        args: Vec<TypeExpr>,
    },
    /// `T?`
    Optional(Box<TypeExpr>),
    /// `[u8]`
    Array(Box<TypeExpr>),
    /// `{text: i64}`
    Dict(Box<TypeExpr>, Box<TypeExpr>),
    /// `(A, B)`; `()` is the empty tuple.
    Tuple(Vec<TypeExpr>),
    /// `fn(i64) -> i64`
    Fn {
        params: Vec<TypeExpr>,
        ret: Option<Box<TypeExpr>>,
    },
}
