//! Methods of sets (`methods/set.rs`).

use super::{Entry, Group, e};

pub(super) const GROUP: Group = Group {
    name: "set",
    receiver: "set",
    title: "Set methods",
    aliases: &["Set", "HashSet"],
    intro: "A set holds distinct elements, of the kinds a dict key may be (texts, ints, bools, tuples of those); it iterates, prints (`s{1, 2, 3}`) and converts to an array in sorted order. Build one with `Set.from(xs)` or `Set.new()` from `std.set`. `x in s` tests membership; `a | b`, `a & b`, `a - b` and `a ^ b` are union, intersection, difference and symmetric difference; `==` compares elements. Where a method takes another set, an array (or other collection) stands for the set of its items. Methods marked \"in place\" change a set held in a variable, field or index. Array methods not listed here (`sum`, `join`, `reduce`, `min`, ...) work on the elements in order.",
    entries: ENTRIES,
};

const ENTRIES: &[Entry] = &[
    e(
        &["len", "size", "length"],
        "() -> int",
        "The number of elements.",
    ),
    e(
        &["is_empty"],
        "() -> bool",
        "Whether there are no elements.",
    ),
    e(
        &["contains", "has"],
        "(x) -> bool",
        "Whether `x` is an element (as `x in s`).",
    ),
    e(
        &["add", "insert"],
        "(x) -> bool",
        "Adds `x`, in place; true when it was not there before.",
    ),
    e(
        &["remove", "discard", "delete"],
        "(x) -> bool",
        "Removes `x`, in place; true when it was there.",
    ),
    e(
        &["extend", "update"],
        "(items) -> nil",
        "Adds every item of a set, array, tuple, range or dict (its keys), in place.",
    ),
    e(&["clear"], "()", "Removes every element, in place."),
    e(
        &["union"],
        "(other) -> set",
        "The elements of either set (as `a | b`).",
    ),
    e(
        &["intersection", "intersect"],
        "(other) -> set",
        "The elements of both sets (as `a & b`).",
    ),
    e(
        &["difference", "diff"],
        "(other) -> set",
        "The elements not in `other` (as `a - b`).",
    ),
    e(
        &["symmetric_difference", "sym_diff"],
        "(other) -> set",
        "The elements of exactly one of the sets (as `a ^ b`).",
    ),
    e(
        &["is_subset"],
        "(other) -> bool",
        "Whether every element is in `other`.",
    ),
    e(
        &["is_superset"],
        "(other) -> bool",
        "Whether every element of `other` is in this set.",
    ),
    e(
        &["is_disjoint"],
        "(other) -> bool",
        "Whether the sets have no element in common.",
    ),
    e(
        &["filter"],
        "(f) -> set",
        "The elements for which `f(x)` is true.",
    ),
    e(
        &["map"],
        "(f) -> set",
        "The set of `f(x)` for every element (equal results count once).",
    ),
    e(
        &["any"],
        "(f) -> bool",
        "Whether `f(x)` is true for some element.",
    ),
    e(
        &["all"],
        "(f) -> bool",
        "Whether `f(x)` is true for every element.",
    ),
    e(
        &["each", "for_each"],
        "(f)",
        "Calls `f(x)` for every element, in order.",
    ),
    e(
        &["to_array", "to_list"],
        "() -> array",
        "The elements, in sorted order.",
    ),
    e(
        &["to_text", "to_string"],
        "() -> text",
        "The display form: `s{1, 2, 3}`.",
    ),
    e(
        &["clone", "copy"],
        "() -> set",
        "The set itself (sets are values).",
    ),
];
