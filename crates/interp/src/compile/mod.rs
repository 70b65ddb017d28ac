//! The compiler: resolved tree in, closures out.
//!
//! Each IR node becomes a boxed closure `Fn(&mut Machine) -> Eval` that has
//! its children's closures, constants, slots and source location built in.
//! Deciding node kinds once, here, instead of on every evaluation is what
//! makes this tree-walker fast; common shapes (a local plus a constant, an
//! int comparison, a counting `for` over a range) get closures of their own.

#[macro_use]
mod ops;
mod access;
mod append;
mod call;
mod contract;
mod control;
mod field;
mod lend;
mod literal;
mod method;
mod overload;
mod pattern;
mod place;

use std::rc::Rc;

use simple_syntax::Span;

use crate::error::{FileId, Loc};
use crate::function::{Code, FnDef, ParamInfo, Ret, code};
use crate::ir::{FnIr, ModuleIr, Node, NodeKind};
use crate::machine::Machine;
use crate::program::Program;
use crate::value::Value;

pub(crate) use access::slice_value;
pub use call::{call_value, call_value_with};

/// Compilation context for one function (or module body).
pub struct Compiler<'p> {
    pub(crate) prog: &'p mut Program,
    file: FileId,
    /// Slot of capture 0 in the function being compiled.
    capture_base: u32,
    /// Compiling a function body (not a module's top level).
    in_function: bool,
    /// How deeply the node being compiled is nested in its function body
    /// (see [`STACK_CHECK_EVERY`]).
    depth: u32,
    /// The type of `self` (slot 0) in the method being compiled.
    self_type: Option<crate::value::TypeId>,
    /// Locals of the function being compiled that were bound to a
    /// constructor call, with its type: a first guess for field sites
    /// (see `field.rs`), never relied on.
    constructed: std::collections::HashMap<u32, crate::value::TypeId>,
}

/// Nested code runs as nested closure calls, one or two native frames per
/// level. Every this many levels the compiler wraps the code in a check
/// that the native stack has room (growing it if not), so nesting up to the
/// parser's limit runs on any thread, whatever its stack size. Code less
/// deeply nested than this never pays for the check.
const STACK_CHECK_EVERY: u32 = 32;

/// Room each check asks for and the size of a new stack segment.
const STACK_RED_ZONE: usize = 256 * 1024;
const STACK_SEGMENT: usize = 2 * 1024 * 1024;

/// `c` run after making sure the native stack has room.
fn stack_checked(c: Code) -> Code {
    Box::new(move |m| stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || c(m)))
}

fn stack_checked_test(t: ops::Test) -> ops::Test {
    Box::new(move |m| stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || t(m)))
}

impl<'p> Compiler<'p> {
    pub fn new(prog: &'p mut Program, file: FileId) -> Compiler<'p> {
        Compiler {
            prog,
            file,
            capture_base: 0,
            in_function: false,
            depth: 0,
            self_type: None,
            constructed: Default::default(),
        }
    }

    #[inline]
    pub(crate) fn loc(&self, span: Span) -> Loc {
        Loc::new(self.file, span)
    }

    /// Compiles a module: attaches methods and field defaults to their
    /// types, and returns the code of its top level (hoisted definitions
    /// first).
    pub fn compile_module(mut self, module: ModuleIr) -> Code {
        for (ty, func) in &module.methods {
            let def = self.function(func);
            self.prog.types.get_mut(*ty).methods.insert(func.name, def);
            self.prog.types.method_epoch = self.prog.types.method_epoch.wrapping_add(1);
        }
        for (ty, index, node) in &module.defaults {
            let code = self.node(node);
            self.prog.types.get_mut(*ty).defaults[*index] = Some(Rc::new(code));
        }
        let mut all: Vec<Code> = module.hoisted.iter().map(|n| self.node(n)).collect();
        all.extend(module.body.iter().map(|n| self.node(n)));
        self.sequence(all)
    }

    /// Compiles a function into its runtime definition.
    pub(crate) fn function(&mut self, f: &FnIr) -> Rc<FnDef> {
        let saved = (self.file, self.capture_base, self.in_function, self.depth);
        let saved_types = (self.self_type, std::mem::take(&mut self.constructed));
        self.file = f.file;
        self.capture_base = f.locals;
        self.in_function = true;
        // A body runs in a call of its own (calls check the stack too).
        self.depth = 0;
        self.self_type = match f.role {
            crate::function::FnRole::Method | crate::function::FnRole::MeMethod => f.owner,
            _ => None,
        };
        let params = f
            .params
            .iter()
            .map(|p| ParamInfo {
                name: p.name,
                default: p.default.as_ref().map(|d| self.node(d)),
            })
            .collect();
        let body = self.block(&f.body);
        (self.file, self.capture_base, self.in_function, self.depth) = saved;
        (self.self_type, self.constructed) = saved_types;
        Rc::new(FnDef {
            name: f.name,
            owner: f.owner,
            role: f.role,
            params,
            variadic: f.variadic,
            frame_size: f.locals + f.captures,
            capture_base: f.locals,
            self_capture: f.self_capture,
            body,
            mut_params: f
                .params
                .iter()
                .enumerate()
                .filter(|(_, p)| p.is_mut)
                .map(|(i, _)| i as u32)
                .collect(),
            file: f.file,
            span: f.span,
            doc: f.doc.clone(),
            display_name: f.display_name.clone(),
        })
    }

    /// A block: its value is the value of its last node.
    pub(crate) fn block(&mut self, nodes: &[Node]) -> Code {
        self.block_discarding(nodes, nodes.len().saturating_sub(1))
    }

    /// A loop body: the value of every statement is thrown away.
    pub(crate) fn loop_body(&mut self, nodes: &[Node]) -> Code {
        self.block_discarding(nodes, nodes.len())
    }

    /// A block whose statements before index `last` are evaluated only for
    /// their effect.
    fn block_discarding(&mut self, nodes: &[Node], last: usize) -> Code {
        let codes: Vec<Code> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| match &n.kind {
                // `xs.push(v)` as a statement: its result (the array) is
                // thrown away, so it need not be built.
                NodeKind::CallMethod {
                    recv,
                    method: simple_syntax::known::PUSH,
                    args,
                    place: Some(place),
                } if i < last && args.values.len() == 1 && args.names.is_none() => {
                    let loc = self.loc(n.span);
                    self.push_statement(recv, args, place, loc)
                }
                _ => self.node(n),
            })
            .collect();
        self.sequence(codes)
    }

    fn sequence(&mut self, mut codes: Vec<Code>) -> Code {
        match codes.len() {
            0 => code(|_| Ok(Value::Nil)),
            1 => codes.pop().expect("one element"),
            // The last step's `Ret` is handed on as it is (no round trip
            // through `Eval`).
            2 => {
                let b = codes.pop().expect("two elements");
                let a = codes.pop().expect("two elements");
                Box::new(move |m| {
                    if let Err(c) = a(m).get().map(Value::discard) {
                        return Ret::ctrl(c);
                    }
                    b(m)
                })
            }
            _ => {
                let last = codes.pop().expect("three or more elements");
                let codes: Box<[Code]> = codes.into_boxed_slice();
                Box::new(move |m| {
                    for c in codes.iter() {
                        if let Err(c) = c(m).get().map(Value::discard) {
                            return Ret::ctrl(c);
                        }
                    }
                    last(m)
                })
            }
        }
    }

    pub(crate) fn node(&mut self, node: &Node) -> Code {
        self.depth += 1;
        let c = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.node_inner(node));
        self.depth -= 1;
        if self.depth > 0 && self.depth.is_multiple_of(STACK_CHECK_EVERY) {
            stack_checked(c)
        } else {
            c
        }
    }

    /// [`Compiler::node`]'s depth count and stack check for conditions.
    pub(crate) fn test(&mut self, node: &Node) -> ops::Test {
        self.depth += 1;
        let t = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.test_inner(node));
        self.depth -= 1;
        if self.depth > 0 && self.depth.is_multiple_of(STACK_CHECK_EVERY) {
            stack_checked_test(t)
        } else {
            t
        }
    }

    fn node_inner(&mut self, node: &Node) -> Code {
        let loc = self.loc(node.span);
        match &node.kind {
            NodeKind::Const(v) => {
                let v = v.clone();
                code(move |_| Ok(v.clone()))
            }
            NodeKind::Local(slot) => {
                let slot = *slot;
                code(move |m| Ok(m.local(slot).clone()))
            }
            NodeKind::Capture(i) => {
                let slot = self.capture_base + i;
                code(move |m| Ok(m.local(slot).clone()))
            }
            NodeKind::Global(index) => {
                let index = *index;
                code(move |m| m.global(index).map_err(|e| e.at(loc)))
            }
            NodeKind::FStr(parts) => self.fstring(parts, loc),
            NodeKind::Array(elems) => self.array(elems, loc),
            NodeKind::Dict(pairs) => self.dict(pairs, loc),
            NodeKind::Tuple(items) => {
                let codes: Vec<Code> = items.iter().map(|i| self.node(i)).collect();
                code(move |m| {
                    let mut out = Vec::with_capacity(codes.len());
                    for c in &codes {
                        out.push(c(m).get()?);
                    }
                    Ok(Value::tuple(out))
                })
            }
            NodeKind::Unary(op, e) => self.unary(*op, e, loc),
            NodeKind::Binary(op, a, b) => self.binary(*op, a, b, loc),
            NodeKind::Chain(first, rest) => self.chain(first, rest),
            NodeKind::And(..) | NodeKind::Or(..) => {
                let t = self.test(node);
                code(move |m| Ok(Value::Bool(t(m)?)))
            }
            NodeKind::Compare(first, rest) => self.compare(first, rest, loc),
            NodeKind::Range {
                start,
                end,
                inclusive,
            } => {
                let (s, e, inclusive) = (self.node(start), self.node(end), *inclusive);
                code(move |m| {
                    let (a, b) = (s(m).get()?, e(m).get()?);
                    match (a, b) {
                        (Value::Int(a), Value::Int(b)) => Ok(Value::range(a, b, inclusive)),
                        (a, b) => Err(crate::error::rt_error(format!(
                            "a range needs int bounds, found {} and {}",
                            crate::ops::type_name(&a, Some(&m.program.types)),
                            crate::ops::type_name(&b, Some(&m.program.types))
                        ))
                        .at(loc)),
                    }
                })
            }
            NodeKind::Lambda(l) => self.lambda(l),
            NodeKind::Function(f) => {
                let def = self.function(f);
                code(move |_| Ok(Value::Function(def.clone())))
            }
            NodeKind::Field(e, name) => self.field(e, *name, loc),
            NodeKind::TupleField(e, i) => self.tuple_field(e, *i, loc),
            NodeKind::OptField(e, name) => self.opt_field(e, *name, loc),
            NodeKind::Index(e, i) => self.index(e, i, loc),
            NodeKind::Slice {
                expr,
                start,
                end,
                step,
            } => self.slice(expr, start.as_deref(), end.as_deref(), step.as_deref(), loc),
            NodeKind::Try(e) => self.try_(e, loc),
            NodeKind::Present(e) => {
                let e = self.node(e);
                code(move |m| {
                    let v = e(m).get()?;
                    Ok(if crate::builtins::methods::is_present(&v) {
                        v
                    } else {
                        Value::Nil
                    })
                })
            }
            NodeKind::Cast(e, target) => {
                let (e, target) = (self.node(e), *target);
                code(move |m| {
                    let v = e(m).get()?;
                    ops::cast(v, target, &m.program.types).map_err(|c| c.at(loc))
                })
            }
            NodeKind::VariantRef { ty, variant } => {
                let value = call::variant_constructor(self.prog, *ty, *variant);
                code(move |_| Ok(value.clone()))
            }
            NodeKind::StaticRef { ty, name } => {
                let (ty, name) = (*ty, *name);
                code(move |m| call::static_ref(m, ty, name).map_err(|c| c.at(loc)))
            }
            NodeKind::Call { args, .. } | NodeKind::CallFunction { args, .. }
                if let Some(targets) = call::write_back_targets(args) =>
            {
                let callee = match &node.kind {
                    NodeKind::CallFunction { global, .. } => call::Callee::Global(*global),
                    NodeKind::Call { callee, .. } => call::Callee::Code(self.node(callee)),
                    _ => unreachable!("matched above"),
                };
                self.call_writing_back(callee, args, targets, loc)
            }
            NodeKind::Call { callee, args } => self.call(callee, args, loc),
            NodeKind::CallBuiltin { builtin, args } => self.call_builtin(*builtin, args, loc),
            NodeKind::CallFunction { global, args } => {
                self.call_function_global(*global, args, loc)
            }
            NodeKind::Construct { ty, fields } => self.construct(*ty, fields, loc),
            NodeKind::MakeVariant {
                ty,
                variant,
                fields,
            } => self.make_variant(*ty, *variant, fields),
            NodeKind::CallMethod {
                recv,
                method,
                args,
                place,
            } => self.call_method(recv, *method, args, place.as_ref(), loc),
            NodeKind::CallStatic { ty, name, args } => self.call_static(*ty, *name, args, loc),
            NodeKind::CallOptMethod { recv, method, args } => {
                self.call_opt_method(recv, *method, args, loc)
            }
            NodeKind::If { cond, then, else_ } => self.if_(cond, then, else_.as_deref()),
            NodeKind::IfChain { arms, else_ } => self.if_chain(arms, else_.as_deref()),
            NodeKind::Match { scrutinee, arms } => {
                let at = self.loc(scrutinee.span);
                self.match_(scrutinee, arms, at)
            }
            NodeKind::Block(nodes) => self.block(nodes),
            NodeKind::While { cond, body } => self.while_(cond, body),
            NodeKind::Loop(body) => self.loop_(body),
            NodeKind::With { value, slot, body } => self.with_(value, *slot, body, loc),
            NodeKind::For {
                pattern,
                iter,
                body,
            } => {
                let at = self.loc(iter.span);
                self.for_(pattern, iter, body, at)
            }
            NodeKind::Break => code(|_| Err(crate::error::Ctrl::BREAK)),
            NodeKind::Continue => code(|_| Err(crate::error::Ctrl::CONTINUE)),
            NodeKind::Return(value) => match value {
                Some(v) => {
                    let v = self.node(v);
                    code(move |m| {
                        let r = v(m).get()?;
                        m.ret.overwrite(r);
                        Err(crate::error::Ctrl::RETURN)
                    })
                }
                None => code(|m| {
                    m.ret = Value::Nil;
                    Err(crate::error::Ctrl::RETURN)
                }),
            },
            NodeKind::Define(slot, value) => self.define(*slot, value),
            NodeKind::DefinePattern(pattern, value) => self.define_pattern(pattern, value, loc),
            NodeKind::DefinePatternElse(pattern, value, body) => {
                self.define_pattern_else(pattern, value, body, loc)
            }
            NodeKind::Assign { place, op, value } => self.assign(place, *op, value, loc),
            NodeKind::UseModule(id) => {
                let id = *id;
                code(move |m| crate::modules::run_module(m, id, loc).map(|_| Value::Nil))
            }
            NodeKind::BindExtern {
                global,
                name,
                params,
            } => {
                let (global, name, params) = (*global, *name, *params);
                code(move |m| {
                    crate::host::bind_extern(m, global, name, params).map_err(|c| c.at(loc))
                })
            }
            NodeKind::Expect { cond, source } => self.expect(cond, source, loc),
            NodeKind::Check {
                cond,
                what,
                invariant,
            } => self.contract_check(cond, what, *invariant, loc),
            NodeKind::CatchReturn(body) => self.catch_return(body),
            NodeKind::Nop => code(|_| Ok(Value::Nil)),
        }
    }

    /// The bare spec statement `expect cond`. A comparison keeps its two
    /// sides, so a failure can say what each was.
    fn expect(&mut self, cond: &Node, source: &str, loc: Loc) -> Code {
        use crate::error::{Ctrl, ErrorKind, RuntimeError};
        let source = source.to_string();
        if let NodeKind::Compare(first, rest) = &cond.kind
            && let [(op, second)] = rest.as_slice()
        {
            let (a, b, op) = (self.node(first), self.node(second), *op);
            return code(move |m| {
                let x = a(m).get()?;
                let y = b(m).get()?;
                if overload::compare_values(m, op, &x, &y, loc)? {
                    return Ok(Value::Nil);
                }
                let debug = |v: &Value| {
                    let mut s = String::new();
                    crate::value::write_debug(&mut s, v, Some(&m.program.types));
                    s
                };
                let mut e = RuntimeError::new(format!("expectation failed: {source}"))
                    .with_kind(ErrorKind::Assertion)
                    .with_note(format!("left: {}", debug(&x)))
                    .with_note(format!("right: {}", debug(&y)));
                // For the spec runner: the right side is what was
                // expected, the left what was found.
                e.value = Some(Value::tuple(vec![y, x]));
                Err(Ctrl::error(Box::new(e)).at(loc))
            });
        }
        let cond = self.node(cond);
        code(move |m| {
            let v = cond(m).get()?;
            if v.truthy() {
                return Ok(Value::Nil);
            }
            let shown = crate::value::DisplayValue(&v, Some(&m.program.types)).to_string();
            let e = RuntimeError::new(format!("expectation failed: {source}"))
                .with_kind(ErrorKind::Assertion)
                .with_note(format!("`{source}` was {shown}"));
            Err(Ctrl::error(Box::new(e)).at(loc))
        })
    }

    fn define(&mut self, slot: crate::ir::Slot, value: &Node) -> Code {
        self.note_constructed(slot, value);
        let value = self.node(value);
        match slot {
            crate::ir::Slot::Local(s) => code(move |m| {
                let v = value(m).get()?;
                m.set_local(s, v);
                Ok(Value::Nil)
            }),
            crate::ir::Slot::Global(g) => code(move |m| {
                let v = value(m).get()?;
                m.globals[g as usize].overwrite(v);
                Ok(Value::Nil)
            }),
        }
    }
}

/// Evaluates a module body in a fresh frame of `frame_size` slots.
pub fn run_in_frame(m: &mut Machine, code: &Code, frame_size: u32) -> crate::error::Eval {
    let base = m.stack.len();
    m.stack.resize(base + frame_size as usize, Value::Nil);
    let saved = std::mem::replace(&mut m.base, base);
    let r = code(m).get();
    m.base = saved;
    m.stack.truncate(base);
    r
}
