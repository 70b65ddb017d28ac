//! The reference (`builtins::docs`) covers exactly the methods the
//! dispatcher accepts, kind by kind.

use std::collections::BTreeSet;

use simple_syntax::Symbol;

use super::names::{self, M};
use super::{array, dict, num, option, set, text};
use crate::builtins::docs::GROUPS;

fn dispatched(known: &[Symbol], extra: &[M]) -> BTreeSet<&'static str> {
    known
        .iter()
        .map(|s| s.as_str())
        .chain(names::symbols(extra).map(|s| s.as_str()))
        .collect()
}

fn documented(group: &str) -> BTreeSet<&'static str> {
    let g = GROUPS
        .iter()
        .find(|g| g.name == group)
        .unwrap_or_else(|| panic!("no group {group}"));
    g.names().collect()
}

#[test]
fn every_dispatched_method_is_documented_and_no_other() {
    let kinds = [
        ("text", dispatched(text::NAMES, text::EXTRA)),
        ("number", dispatched(num::NAMES, num::EXTRA)),
        ("array", dispatched(array::NAMES, array::EXTRA)),
        ("dict", dispatched(dict::NAMES, dict::EXTRA)),
        ("option", dispatched(option::NAMES, option::EXTRA)),
        ("set", set::NAMES.iter().copied().collect()),
    ];
    for (group, accepted) in kinds {
        let docs = documented(group);
        let missing: Vec<_> = accepted.difference(&docs).collect();
        assert!(
            missing.is_empty(),
            "{group} methods without an entry in builtins/docs: {missing:?}"
        );
        let stale: Vec<_> = docs.difference(&accepted).collect();
        assert!(
            stale.is_empty(),
            "{group} entries in builtins/docs for methods the dispatcher does not accept: {stale:?}"
        );
    }
}
