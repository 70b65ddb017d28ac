use std::collections::HashSet;

use super::super::Builtin;
use super::*;

#[test]
fn entries_are_well_formed() {
    let mut groups = HashSet::new();
    for g in GROUPS {
        assert!(groups.insert(g.name), "group {} twice", g.name);
        let mut seen = HashSet::new();
        for e in g.entries {
            assert!(!e.names.is_empty(), "an entry of {} has no name", g.name);
            for n in e.names {
                assert!(seen.insert(*n), "{}.{n} is documented twice", g.name);
            }
            assert!(
                e.sig.starts_with('(') && !e.sig.contains('\n'),
                "{}.{}: the signature starts with `(`: {:?}",
                g.name,
                e.names[0],
                e.sig
            );
            assert!(
                e.doc.ends_with('.') && !e.doc.contains('\n'),
                "{}.{}: the description is one line ending in `.`",
                g.name,
                e.names[0]
            );
        }
    }
}

#[test]
fn every_builtin_function_is_documented() {
    let documented: HashSet<&str> = functions::GROUP.names().collect();
    let public: HashSet<&str> = Builtin::ALL
        .iter()
        .map(|b| b.name())
        .filter(|n| !n.starts_with("__"))
        .collect();
    let mut missing: Vec<_> = public.difference(&documented).collect();
    missing.sort();
    assert!(missing.is_empty(), "undocumented functions: {missing:?}");
    let mut stale: Vec<_> = documented.difference(&public).collect();
    stale.sort();
    assert!(stale.is_empty(), "documented but not built in: {stale:?}");
}
