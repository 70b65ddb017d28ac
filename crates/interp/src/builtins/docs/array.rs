//! Methods of arrays and the other sequences (`methods/array.rs`).

use super::{Entry, Group, e};

pub(super) const GROUP: Group = Group {
    name: "array",
    receiver: "array",
    title: "Array methods",
    aliases: &["list", "tuple", "range", "bytes", "seq"],
    intro: "Arrays, tuples, ranges and bytes share these methods. Those marked \"in place\" change an array (or bytes) held in a variable, field or index; the others return a new value and leave the receiver alone (a filtered or sorted bytes value stays bytes, a tuple or range gives an array). A function argument `f` may be a named function, a lambda (`\\x: x * 2`, `fn(x): x * 2`, `|x| x * 2`) or a built-in (`str`). Positions count from 0; a negative position counts from the end.",
    entries: ENTRIES,
};

const ENTRIES: &[Entry] = &[
    e(&["len", "length"], "() -> int", "The number of items."),
    e(&["is_empty"], "() -> bool", "Whether there are no items."),
    e(
        &["push", "append"],
        "(x) -> array",
        "Adds `x` at the end, in place, and returns the array.",
    ),
    e(
        &["pop"],
        "() -> any",
        "Removes the last item, in place, and returns it (nil when empty).",
    ),
    e(
        &["insert"],
        "(i: int, x)",
        "Inserts `x` before position `i`, in place (arrays).",
    ),
    e(
        &["remove"],
        "(i: int) -> any",
        "Removes the item at position `i`, in place, and returns it (arrays).",
    ),
    e(
        &["extend"],
        "(items)",
        "Adds every item of `items` at the end, in place.",
    ),
    e(&["clear"], "()", "Removes every item, in place."),
    e(
        &["first"],
        "() -> any",
        "The first item, or nil when empty.",
    ),
    e(&["last"], "() -> any", "The last item, or nil when empty."),
    e(
        &["get", "at"],
        "(i: int) -> any",
        "The item at position `i`, or nil when out of range (`xs[i]` fails instead).",
    ),
    e(
        &["fetch"],
        "(i: int, default) -> any",
        "The item at position `i`, or `default` when out of range.",
    ),
    e(
        &["contains", "has"],
        "(x) -> bool",
        "Whether an item equals `x` (for a range: whether `x` is in it).",
    ),
    e(
        &["index_of"],
        "(x) -> int",
        "The position of the first item equal to `x`, or -1.",
    ),
    e(
        &["last_index_of"],
        "(x) -> int",
        "The position of the last item equal to `x`, or -1.",
    ),
    e(
        &["find"],
        "(f) -> any",
        "The first item for which `f(item)` is true, or nil.",
    ),
    e(
        &["find_index"],
        "(f) -> int",
        "The position of the first item for which `f(item)` is true, or -1.",
    ),
    e(
        &["position"],
        "(f) -> int?",
        "The position of the first item for which `f(item)` is true, or nil.",
    ),
    e(&["map"], "(f) -> array", "`f(item)` for each item."),
    e(
        &["filter"],
        "(f) -> array",
        "The items for which `f(item)` is true.",
    ),
    e(
        &["flat_map"],
        "(f) -> array",
        "The items of every `f(item)` (an `f` that returns a non-array contributes that value).",
    ),
    e(
        &["flatten"],
        "() -> array",
        "The items of the inner arrays, one level deep.",
    ),
    e(
        &["reduce", "fold"],
        "(init?, f) -> any",
        "Combines the items left to right: `f(f(init, x0), x1)...`; without `init` the first item starts (an error when empty).",
    ),
    e(
        &["sum"],
        "() -> number",
        "The sum of the items (0 when empty).",
    ),
    e(
        &["product"],
        "() -> number",
        "The product of the items (1 when empty).",
    ),
    e(
        &["min"],
        "() -> any",
        "The smallest item, or nil when empty.",
    ),
    e(
        &["max"],
        "() -> any",
        "The largest item, or nil when empty.",
    ),
    e(
        &["min_by"],
        "(f) -> any",
        "The item with the smallest key `f(item)` (or first by a comparator `f(a, b)`), nil when empty.",
    ),
    e(
        &["max_by"],
        "(f) -> any",
        "The item with the largest key `f(item)` (or last by a comparator `f(a, b)`), nil when empty.",
    ),
    e(
        &["any"],
        "(f) -> bool",
        "Whether `f(item)` is true for some item.",
    ),
    e(
        &["all"],
        "(f) -> bool",
        "Whether `f(item)` is true for every item.",
    ),
    e(
        &["any_truthy"],
        "() -> bool",
        "Whether some item is truthy.",
    ),
    e(
        &["all_truthy"],
        "() -> bool",
        "Whether every item is truthy.",
    ),
    e(
        &["count"],
        "(x?) -> int",
        "The number of items; with a function, how many items it accepts; with a value, how many items equal it.",
    ),
    e(&["count_of"], "(x) -> int", "How many items equal `x`."),
    e(
        &["sort", "sorted"],
        "() -> array",
        "The items in ascending order (a stable sort); an error when two items cannot be compared.",
    ),
    e(
        &["sort_desc"],
        "() -> array",
        "The items in descending order.",
    ),
    e(
        &["sort_by", "sorted_by"],
        "(f) -> array",
        "The items ordered by a key `f(item)`, or by a comparator `f(a, b)` returning an int (<0, 0, >0) or a bool (a goes first).",
    ),
    e(
        &["reverse", "reversed"],
        "() -> array",
        "The items in reverse order.",
    ),
    e(
        &["unique", "distinct"],
        "() -> array",
        "The items without repeats, first occurrences in order.",
    ),
    e(
        &["enumerate"],
        "() -> [(int, any)]",
        "`(position, item)` pairs.",
    ),
    e(
        &["zip"],
        "(other) -> [(any, any)]",
        "Pairs of the items at the same position, as many as the shorter has.",
    ),
    e(
        &["concat"],
        "(other) -> array",
        "The items followed by those of `other` (`xs + ys` does the same for arrays).",
    ),
    e(
        &["join"],
        "(sep?: text) -> text",
        "The items' display forms with `sep` (default none) between them.",
    ),
    e(&["take"], "(n: int) -> array", "The first `n` items."),
    e(
        &["skip", "drop"],
        "(n: int) -> array",
        "Without the first `n` items.",
    ),
    e(
        &["take_while"],
        "(f) -> array",
        "The leading items for which `f(item)` is true.",
    ),
    e(
        &["drop_while", "skip_while"],
        "(f) -> array",
        "Without the leading items for which `f(item)` is true.",
    ),
    e(
        &["slice"],
        "(start: int, end?: int) -> array",
        "The items from `start` up to, not including, `end` (default: the end), as `xs[start:end]`.",
    ),
    e(
        &["chunks"],
        "(n: int) -> [array]",
        "The items in consecutive groups of `n` (the last may be shorter).",
    ),
    e(
        &["windows"],
        "(n: int) -> [array]",
        "Every run of `n` consecutive items.",
    ),
    e(
        &["group_by"],
        "(f) -> dict",
        "A dict from each key `f(item)` to the items with that key, in order.",
    ),
    e(
        &["partition"],
        "(f) -> (array, array)",
        "`(accepted, rejected)`: the items for which `f(item)` is true, and the others.",
    ),
    e(
        &["each", "for_each"],
        "(f)",
        "Calls `f(item)` for each item.",
    ),
    e(
        &["fill"],
        "(x) -> array",
        "An array as long as this one, holding `x` at every position.",
    ),
    e(&["compact"], "() -> array", "The items that are not nil."),
    e(
        &["rotate"],
        "(n?: int) -> array",
        "The items rotated left by `n` (default 1; right when negative): `[1, 2, 3].rotate(1)` is `[2, 3, 1]`.",
    ),
    e(
        &["transpose"],
        "() -> [array]",
        "The columns of an array of rows.",
    ),
    e(
        &["to_array"],
        "() -> array",
        "The items as an array (of a tuple, range or bytes).",
    ),
    e(
        &["to_dict"],
        "() -> dict",
        "A dict from `(key, value)` pairs.",
    ),
    e(
        &["decode"],
        "() -> text",
        "Bytes decoded as UTF-8 text; invalid sequences become U+FFFD (bytes only).",
    ),
    e(
        &["copy", "clone"],
        "() -> array",
        "The same items (values are copied on write, so a copy is cheap).",
    ),
    e(
        &["to_text", "to_string"],
        "() -> text",
        "The display form, as `print` shows it; for bytes, their UTF-8 decoding.",
    ),
];
