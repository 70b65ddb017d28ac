//! Dropping deeply nested values without deep recursion.
//!
//! Dropping a value drops what it holds, so a 100,000-deep nest of arrays,
//! or a linked list of 100,000 objects, would recurse 100,000 deep in `Drop`
//! and overflow the native stack. Every container type that holds values
//! therefore hands the children it is the last owner of to a per-thread
//! queue instead of dropping them in place; the outermost drop empties the
//! queue in a loop. Children shared with someone else are just released.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::Value;

thread_local! {
    static DEFERRED: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    static DRAINING: Cell<bool> = const { Cell::new(false) };
}

/// Whether dropping `v` would drop another container (so it could recurse).
fn owns_container(v: &Value) -> bool {
    match v {
        Value::Array(r) | Value::Tuple(r) => Rc::strong_count(r) == 1,
        Value::Dict(r) | Value::Set(r) => Rc::strong_count(r) == 1,
        Value::Struct(r) => Rc::strong_count(r) == 1,
        Value::Object(r) => Rc::strong_count(r) == 1,
        Value::Variant(r) => Rc::strong_count(r) == 1,
        Value::Closure(r) => Rc::strong_count(r) == 1,
        Value::Bound(r) => Rc::strong_count(r) == 1,
        _ => false,
    }
}

/// Drops `children` without recursing into containers they own.
pub(crate) fn drop_children(children: impl IntoIterator<Item = Value>) {
    let children = children.into_iter();
    // Nothing nested: the ordinary drop is fine (and cheapest).
    let mut pending: Vec<Value> = Vec::new();
    for child in children {
        if owns_container(&child) {
            pending.push(child);
        }
    }
    if pending.is_empty() {
        return;
    }
    // During thread teardown the queue may be destroyed already (an interpreter kept in
    // a thread-local is dropped then): drop in place, which may recurse, rather than
    // panic in a destructor, which would abort the process.
    let queued = DEFERRED
        .try_with(|q| q.borrow_mut().append(&mut pending))
        .is_ok();
    if !queued {
        drop(pending);
        return;
    }
    drain();
}

/// Empties the queue unless an outer `drop_children` is already doing it.
fn drain() {
    if DRAINING.with(|d| d.replace(true)) {
        return;
    }
    loop {
        let next = DEFERRED.try_with(|q| q.borrow_mut().pop()).ok().flatten();
        match next {
            // Dropping it may queue its own children (DRAINING is set).
            Some(v) => drop(v),
            None => break,
        }
    }
    DRAINING.with(|d| d.set(false));
}
