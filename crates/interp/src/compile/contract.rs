//! Contracts at run time: a condition check (`in:`, `out(ret):`,
//! `invariant:`) and the block that turns a `return` into the body's value
//! so that postconditions see it.

use super::Compiler;
use crate::error::{Ctrl, ErrorKind, Loc, RuntimeError};
use crate::function::{Code, code};
use crate::ir::Node;
use crate::value::Value;

impl Compiler<'_> {
    /// `cond` must be truthy; otherwise an assertion error saying `what`.
    pub(super) fn contract_check(
        &mut self,
        cond: &Node,
        what: &str,
        invariant: bool,
        loc: Loc,
    ) -> Code {
        let what = what.to_string();
        let cond = self.node(cond);
        code(move |m| {
            let v = if invariant {
                if m.checking_invariant {
                    return Ok(Value::Nil);
                }
                m.checking_invariant = true;
                let v = cond(m).get();
                m.checking_invariant = false;
                v?
            } else {
                cond(m).get()?
            };
            if v.truthy() {
                return Ok(Value::Nil);
            }
            let e = RuntimeError::new(format!("contract violated: {what}"))
                .with_kind(ErrorKind::Assertion);
            Err(Ctrl::error(Box::new(e)).at(loc))
        })
    }

    /// The function body under a contract: a `return` ends it with the
    /// returned value instead of leaving the function.
    pub(super) fn catch_return(&mut self, body: &[Node]) -> Code {
        let body = self.block(body);
        code(move |m| match body(m).get() {
            Err(c) if c.is_return() => Ok(crate::value::take_words(&mut m.ret)),
            r => r,
        })
    }
}
