//! Methods of dicts (`methods/dict.rs`).

use super::{Entry, Group, e};

pub(super) const GROUP: Group = Group {
    name: "dict",
    receiver: "dict",
    title: "Dict methods",
    aliases: &["Dict", "HashMap"],
    intro: "A dict iterates in sorted key order (bools, then ints, texts, tuples). Keys are texts, ints, bools or tuples of those. Methods marked \"in place\" change a dict held in a variable, field or index. A function `f(key, value)` is called with one `(key, value)` tuple when it takes one parameter.",
    entries: ENTRIES,
};

const ENTRIES: &[Entry] = &[
    e(&["len", "length"], "() -> int", "The number of entries."),
    e(&["is_empty"], "() -> bool", "Whether there are no entries."),
    e(&["keys"], "() -> array", "The keys, in order."),
    e(&["values"], "() -> array", "The values, in key order."),
    e(
        &["items", "entries"],
        "() -> [(key, value)]",
        "The `(key, value)` pairs, in key order.",
    ),
    e(
        &["get"],
        "(key, default?) -> any",
        "The value at `key`, or `default` (nil when not given) when missing; `d[key]` fails instead.",
    ),
    e(
        &["get_or", "fetch"],
        "(key, default) -> any",
        "The value at `key`, or `default` when missing.",
    ),
    e(
        &["contains_key", "contains", "has"],
        "(key) -> bool",
        "Whether `key` is present.",
    ),
    e(
        &["set", "insert"],
        "(key, value) -> dict",
        "Sets `key` to `value`, in place, and returns the dict (as `d[key] = value`).",
    ),
    e(
        &["remove", "delete"],
        "(key) -> any",
        "Removes `key`, in place, and returns its value (nil when missing).",
    ),
    e(
        &["pop"],
        "(key, default?) -> any",
        "Removes `key`, in place, and returns its value, or `default` (nil) when missing.",
    ),
    e(
        &["setdefault"],
        "(key, value) -> any",
        "The value at `key`; when missing, `value`, stored at `key` first (in place).",
    ),
    e(
        &["update", "extend"],
        "(other: dict)",
        "Adds the entries of `other`, in place; its values win.",
    ),
    e(
        &["merge"],
        "(other: dict) -> dict",
        "A dict with the entries of both; the values of `other` win.",
    ),
    e(&["clear"], "()", "Removes every entry, in place."),
    e(
        &["filter"],
        "(f) -> dict",
        "The entries for which `f(key, value)` is true.",
    ),
    e(
        &["map_values"],
        "(f) -> dict",
        "The same keys, each value replaced by `f(value)`.",
    ),
    e(
        &["any"],
        "(f) -> bool",
        "Whether `f(key, value)` is true for some entry.",
    ),
    e(
        &["all"],
        "(f) -> bool",
        "Whether `f(key, value)` is true for every entry.",
    ),
    e(
        &["count"],
        "(f?) -> int",
        "The number of entries; with `f`, how many entries it accepts.",
    ),
    e(
        &["each", "for_each"],
        "(f)",
        "Calls `f(key, value)` for each entry.",
    ),
    e(
        &["compact"],
        "() -> dict",
        "The entries whose value is not nil.",
    ),
    e(
        &["first_key", "last_key"],
        "() -> key?",
        "The smallest (largest) key, or nil when empty: a dict is an ordered map.",
    ),
    e(
        &["first_key_value", "last_key_value"],
        "() -> (key, value)?",
        "The entry with the smallest (largest) key, or nil when empty.",
    ),
    e(
        &["range"],
        "(lo, hi) -> dict",
        "The entries whose key `k` has `lo <= k < hi`, in key order.",
    ),
    e(
        &["copy", "clone"],
        "() -> dict",
        "The same entries (values are copied on write, so a copy is cheap).",
    ),
    e(
        &["to_text", "to_string"],
        "() -> text",
        "The display form, as `print` shows it.",
    ),
];
