//! The resolved tree: the program after name resolution.
//!
//! The resolver turns the AST into this tree. Every variable is a frame slot
//! (`Local`), a captured value (`Capture`) or a module-level slot (`Global`);
//! every type, variant, built-in and module reference is an index; method
//! and field names are interned symbols. Comprehensions are already lowered
//! to loops. The compiler (`compile/`) turns this tree into closures.

use std::rc::Rc;

use simple_syntax::Span;
use simple_syntax::Symbol;
use simple_syntax::ast::{BinOp, CmpOp, UnaryOp};

use crate::builtins::Builtin;
use crate::error::FileId;
use crate::function::FnRole;
use crate::value::{TypeId, Value};

pub type Block = Vec<Node>;

#[derive(Debug)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

impl Node {
    pub fn new(kind: NodeKind, span: Span) -> Node {
        Node { kind, span }
    }
}

/// A variable's storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Local(u32),
    Global(u32),
}

#[derive(Debug)]
pub enum NodeKind {
    // ----- values -----
    Const(Value),
    Local(u32),
    /// The n-th captured value of the running closure.
    Capture(u32),
    Global(u32),
    FStr(Vec<FPart>),
    Array(Vec<Elem>),
    Dict(Vec<(Node, Node)>),
    Tuple(Vec<Node>),
    Unary(UnaryOp, Box<Node>),
    /// Arithmetic, bitwise and `??` (but not `and`/`or`).
    Binary(BinOp, Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    /// A long run of one precedence level's left-associative operators
    /// (`1 + 1 + ... + 1`, `a and b and ...`), evaluated in a loop rather
    /// than as nested nodes; the resolver keeps short runs nested (see
    /// `resolve::flat::NESTED_RUN`).
    Chain(Box<Node>, Vec<(BinOp, Node)>),
    Compare(Box<Node>, Vec<(CmpOp, Node)>),
    Range {
        start: Box<Node>,
        end: Box<Node>,
        inclusive: bool,
    },
    Lambda(Rc<LambdaIr>),
    /// A named function declaration's value.
    Function(Rc<FnIr>),
    Field(Box<Node>, Symbol),
    TupleField(Box<Node>, u32),
    OptField(Box<Node>, Symbol),
    Index(Box<Node>, Box<Node>),
    Slice {
        expr: Box<Node>,
        start: Option<Box<Node>>,
        end: Option<Box<Node>>,
        step: Option<Box<Node>>,
    },
    Try(Box<Node>),
    Present(Box<Node>),
    Cast(Box<Node>, CastTarget),
    /// `Shape.Circle` without a call: a unit variant value, or a payload
    /// variant used as a constructor function.
    VariantRef {
        ty: TypeId,
        variant: u32,
    },
    /// `Point.origin` without a call: a static method (looked up at run time
    /// because impl blocks may come later).
    StaticRef {
        ty: TypeId,
        name: Symbol,
    },

    // ----- calls -----
    Call {
        callee: Box<Node>,
        args: Args,
    },
    CallBuiltin {
        builtin: Builtin,
        args: Args,
    },
    /// A call of a module-level `fn` by name: its binding never changes
    /// while it runs, so the call need not hold its own reference.
    CallFunction {
        global: u32,
        args: Args,
    },
    /// `Point(1, 2)`, `Point(x: 1)`, `Point { x: 1 }`: one entry per field,
    /// `None` where the field's default applies.
    Construct {
        ty: TypeId,
        fields: Vec<Option<Node>>,
    },
    /// `Shape.Circle(1.0)`, `Ok(v)`: one entry per payload field.
    MakeVariant {
        ty: TypeId,
        variant: u32,
        fields: Vec<Node>,
    },
    /// `recv.method(args)`. When the receiver is a variable or a chain of
    /// fields/indexes, `place` lets a `me` method or a mutating built-in
    /// change it in place.
    CallMethod {
        recv: Box<Node>,
        method: Symbol,
        args: Args,
        place: Option<Place>,
    },
    /// `Type.name(args)`: a static function (or the default `new`).
    CallStatic {
        ty: TypeId,
        name: Symbol,
        args: Args,
    },
    /// `expr?.name(args)`: nil when the receiver is nil.
    CallOptMethod {
        recv: Box<Node>,
        method: Symbol,
        args: Args,
    },

    // ----- control flow -----
    If {
        cond: Cond,
        then: Block,
        else_: Option<Block>,
    },
    /// `if` with a long `elif` chain: the arms tried in order, then `else_`
    /// (short chains are nested `If`s, like `else: if ...`).
    IfChain {
        arms: Vec<(Cond, Block)>,
        else_: Option<Block>,
    },
    Match {
        scrutinee: Box<Node>,
        arms: Vec<Arm>,
    },
    Block(Block),
    While {
        cond: Cond,
        body: Block,
    },
    Loop(Block),
    /// `with value as slot: body` (see `StmtKind::With`).
    With {
        value: Box<Node>,
        slot: Option<Slot>,
        body: Block,
    },
    For {
        pattern: Pat,
        iter: Box<Node>,
        body: Block,
    },
    Break,
    Continue,
    Return(Option<Box<Node>>),

    // ----- bindings and mutation -----
    /// Initialises a fresh binding.
    Define(Slot, Box<Node>),
    /// `val (a, b) = e`: a refutable match is an error.
    DefinePattern(Pat, Box<Node>),
    /// `val P = e else: body`: `body` runs when `e` does not match `P` and
    /// must leave the enclosing block.
    DefinePatternElse(Pat, Box<Node>, Block),
    Assign {
        place: Place,
        op: Option<BinOp>,
        value: Box<Node>,
    },
    /// Runs an imported module's top level (once).
    UseModule(u32),
    /// Binds an `extern fn` to its host function (at this point, so a
    /// missing host function is reported at the declaration).
    BindExtern {
        global: u32,
        name: Symbol,
        params: u32,
    },
    /// The bare spec form `expect cond`.
    Expect {
        cond: Box<Node>,
        source: String,
    },
    /// A contract condition: an error saying `what` was broken when
    /// `cond` is false.
    Check {
        cond: Box<Node>,
        what: String,
        /// A type invariant's condition: skipped while another invariant
        /// is being checked.
        invariant: bool,
    },
    /// Runs the block; a `return` inside it ends the block with the
    /// returned value (so a contract can check it before the function
    /// returns).
    CatchReturn(Block),
    /// Evaluates to nil.
    Nop,
}

#[derive(Debug)]
pub enum FPart {
    Text(String),
    Value(Node, Option<String>),
}

#[derive(Debug)]
pub struct Elem {
    pub node: Node,
    pub spread: bool,
}

/// Call arguments. `names` is present when any argument is named.
#[derive(Debug, Default)]
pub struct Args {
    pub values: Vec<Node>,
    pub names: Option<Vec<Option<Symbol>>>,
}

impl Args {
    pub fn positional(values: Vec<Node>) -> Args {
        Args {
            values,
            names: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CastTarget {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F64,
    Bool,
    Text,
    /// A type the cast does not convert to (checked at run time only for
    /// struct/enum names; otherwise the value passes through).
    Other,
}

#[derive(Debug)]
pub enum Cond {
    Expr(Box<Node>),
    Let(Pat, Box<Node>),
}

#[derive(Debug)]
pub struct Arm {
    pub pattern: Pat,
    pub guard: Option<Node>,
    pub body: Block,
}

/// An assignment target. The root is a variable (or any expression, in
/// which case only class instances can be changed through it).
#[derive(Debug)]
pub enum Place {
    Var {
        slot: Slot,
        /// The binding's name, for error messages.
        name: Symbol,
        mutable: bool,
    },
    /// A captured variable: readable, never assignable (the resolver reports
    /// assignments), but usable as a method receiver.
    Capture(u32, Symbol),
    Expr(Box<Node>),
    Field(Box<Place>, Symbol),
    TupleField(Box<Place>, u32),
    Index(Box<Place>, Box<Node>),
}

#[derive(Clone, Debug)]
pub enum Pat {
    Wild,
    Bind(Slot),
    /// Matches values equal to the constant.
    Lit(Value),
    Range {
        start: i64,
        end: i64,
        inclusive: bool,
    },
    Tuple(Vec<Pat>),
    Array {
        items: Vec<Pat>,
        /// Position of a `..rest` element and where it binds.
        rest: Option<(usize, Option<Slot>)>,
    },
    /// A variant of a known enum; `args[i]` matches payload field `i`.
    Variant {
        ty: TypeId,
        variant: u32,
        args: Vec<Option<Pat>>,
    },
    /// A bare variant name that several enums share: matched by name.
    VariantNamed {
        name: Symbol,
        args: Option<Vec<Pat>>,
    },
    /// `Some(p)`: any non-nil value.
    Some(Box<Pat>),
    /// `None`/`nil`: nil (or a unit variant named `None`).
    None,
    Ok(Box<Pat>),
    Err(Box<Pat>),
    Or(Vec<Pat>),
}

#[derive(Debug)]
pub struct ParamIr {
    pub name: Symbol,
    /// `mut name`: written back to the caller's variable.
    pub is_mut: bool,
    pub default: Option<Node>,
}

/// A function, method or lambda after resolution.
#[derive(Debug)]
pub struct FnIr {
    pub name: Symbol,
    pub display_name: String,
    pub role: FnRole,
    pub owner: Option<TypeId>,
    pub params: Vec<ParamIr>,
    pub variadic: Option<Symbol>,
    /// Local slots (self, params, variadic and locals); captures follow.
    pub locals: u32,
    pub captures: u32,
    /// The capture that holds the closure itself (see `CaptureFrom::SelfRef`).
    pub self_capture: Option<u32>,
    pub body: Block,
    pub file: FileId,
    pub span: Span,
    pub doc: Option<String>,
}

/// A lambda or nested fn: the function and where its captures come from in
/// the enclosing frame.
#[derive(Debug)]
pub struct LambdaIr {
    pub func: Rc<FnIr>,
    pub captures: Vec<CaptureFrom>,
}

#[derive(Clone, Copy, Debug)]
pub enum CaptureFrom {
    Local(u32),
    Capture(u32),
    /// The closure itself (a nested `fn` calling itself by name); filled in
    /// when the closure is called.
    SelfRef,
}

/// A resolved module (or REPL input): its top-level code plus the methods
/// it attaches to types.
#[derive(Debug)]
pub struct ModuleIr {
    /// Runs first: function definitions and type methods (hoisted).
    pub hoisted: Block,
    pub methods: Vec<(TypeId, Rc<FnIr>)>,
    /// Field default expressions per type: (type, field index, code).
    pub defaults: Vec<(TypeId, usize, Node)>,
    pub body: Block,
    /// Slots the module's own frame needs (block-scoped top-level names).
    pub frame_size: u32,
}
