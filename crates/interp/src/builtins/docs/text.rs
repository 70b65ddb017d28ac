//! Methods of texts (`methods/text.rs`).

use super::{Entry, Group, e};

pub(super) const GROUP: Group = Group {
    name: "text",
    receiver: "text",
    title: "Text methods",
    aliases: &["str", "string"],
    intro: "Texts are UTF-8 and immutable: every method returns a new value. Positions and lengths count characters, not bytes; a negative position counts from the end.",
    entries: ENTRIES,
};

const ENTRIES: &[Entry] = &[
    e(
        &["len", "length", "char_count"],
        "() -> int",
        "The number of characters.",
    ),
    e(
        &["is_empty"],
        "() -> bool",
        "Whether the text has no characters.",
    ),
    e(
        &["contains", "has"],
        "(part: text) -> bool",
        "Whether `part` occurs in the text.",
    ),
    e(
        &["starts_with"],
        "(prefix: text) -> bool",
        "Whether the text begins with `prefix`.",
    ),
    e(
        &["ends_with"],
        "(suffix: text) -> bool",
        "Whether the text ends with `suffix`.",
    ),
    e(
        &["find", "index_of"],
        "(part: text) -> int",
        "The position of the first `part`, or -1.",
    ),
    e(
        &["rfind", "last_index_of"],
        "(part: text) -> int",
        "The position of the last `part`, or -1.",
    ),
    e(
        &["find_all"],
        "(part: text) -> [int]",
        "The positions of every `part` (not overlapping).",
    ),
    e(
        &["count"],
        "(part: text) -> int",
        "How many times `part` occurs (not overlapping).",
    ),
    e(
        &["split"],
        "(sep?: text) -> [text]",
        "The pieces between occurrences of `sep`; without `sep`, the words between runs of whitespace; `\"\"` gives the characters.",
    ),
    e(
        &["split_whitespace"],
        "() -> [text]",
        "The words between runs of whitespace (as `split()`).",
    ),
    e(
        &["lines", "split_lines"],
        "() -> [text]",
        "The lines, without their line endings (`\\n` or `\\r\\n`).",
    ),
    e(
        &["partition"],
        "(sep: text) -> (text, text, text)",
        "`(before, sep, after)` around the first `sep`; `(text, \"\", \"\")` when there is none.",
    ),
    e(
        &["rpartition"],
        "(sep: text) -> (text, text, text)",
        "`(before, sep, after)` around the last `sep`; `(\"\", \"\", text)` when there is none.",
    ),
    e(
        &["trim", "strip"],
        "() -> text",
        "Without leading and trailing whitespace.",
    ),
    e(
        &["trim_start", "trim_left"],
        "() -> text",
        "Without leading whitespace.",
    ),
    e(
        &["trim_end", "trim_right"],
        "() -> text",
        "Without trailing whitespace.",
    ),
    e(
        &["trim_start_matches"],
        "(part: text) -> text",
        "Without every repetition of `part` at the start.",
    ),
    e(
        &["trim_end_matches"],
        "(part: text) -> text",
        "Without every repetition of `part` at the end.",
    ),
    e(
        &["strip_prefix"],
        "(prefix: text) -> text?",
        "What follows `prefix`, or nil when the text does not start with it.",
    ),
    e(
        &["strip_suffix"],
        "(suffix: text) -> text?",
        "What precedes `suffix`, or nil when the text does not end with it.",
    ),
    e(
        &["remove_prefix", "removeprefix"],
        "(prefix: text) -> text",
        "Without `prefix` when the text starts with it, else unchanged.",
    ),
    e(
        &["remove_suffix", "removesuffix"],
        "(suffix: text) -> text",
        "Without `suffix` when the text ends with it, else unchanged.",
    ),
    e(
        &["chomp"],
        "() -> text",
        "Without one trailing line ending (`\\n`, `\\r\\n` or `\\r`).",
    ),
    e(
        &["replace"],
        "(from: text, to: text) -> text",
        "Every `from` (not empty) replaced by `to`.",
    ),
    e(
        &["replace_first"],
        "(from: text, to: text) -> text",
        "The first `from` (not empty) replaced by `to`.",
    ),
    e(
        &["upper", "to_upper", "uppercase", "to_uppercase"],
        "() -> text",
        "In upper case.",
    ),
    e(
        &["lower", "to_lower", "lowercase", "to_lowercase"],
        "() -> text",
        "In lower case.",
    ),
    e(
        &["capitalize"],
        "() -> text",
        "The first character in upper case, the rest in lower case.",
    ),
    e(
        &["title"],
        "() -> text",
        "Each word's first letter in upper case, its other letters in lower case.",
    ),
    e(
        &["swapcase"],
        "() -> text",
        "Upper case letters in lower case and lower case ones in upper case.",
    ),
    e(
        &["substring", "slice"],
        "(start: int, end?: int) -> text",
        "The characters from `start` up to, not including, `end` (default: the end); positions out of range are clamped.",
    ),
    e(
        &["substr"],
        "(start: int, count?: int) -> text",
        "`count` characters (default: all) from `start`.",
    ),
    e(&["take"], "(n: int) -> text", "The first `n` characters."),
    e(
        &["skip", "drop"],
        "(n: int) -> text",
        "Without the first `n` characters.",
    ),
    e(
        &["char_at"],
        "(i: int) -> text",
        "The character at position `i`; an error when out of range.",
    ),
    e(
        &["at"],
        "(i: int) -> text?",
        "The character at position `i`, or nil when out of range.",
    ),
    e(
        &["chars"],
        "() -> [text]",
        "The characters, each a one-character text.",
    ),
    e(
        &["bytes", "encode"],
        "() -> bytes",
        "The UTF-8 encoding (`bytes.decode()` turns it back into a text).",
    ),
    e(
        &["char_code", "ord", "codepoint"],
        "(i?: int) -> int",
        "The Unicode code point of a one-character text, or of the character at position `i`.",
    ),
    e(&["repeat"], "(n: int) -> text", "The text `n` times over."),
    e(
        &["reverse", "reversed"],
        "() -> text",
        "The characters in reverse order.",
    ),
    e(
        &["sorted"],
        "() -> text",
        "The characters sorted by code point.",
    ),
    e(
        &["join"],
        "(items: array) -> text",
        "The items' display forms with this text between them: `\", \".join(xs)`.",
    ),
    e(
        &["pad_left", "pad_start", "rjust"],
        "(width: int, fill?: text) -> text",
        "Right-aligned: `fill` (one character, default a space) added on the left up to `width` characters.",
    ),
    e(
        &["pad_right", "pad_end", "ljust"],
        "(width: int, fill?: text) -> text",
        "Left-aligned: `fill` (one character, default a space) added on the right up to `width` characters.",
    ),
    e(
        &["center"],
        "(width: int, fill?: text) -> text",
        "Centred: `fill` (one character, default a space) added on both sides up to `width` characters.",
    ),
    e(
        &["with"],
        "(values: dict) -> text",
        "Each `{name}` placeholder whose name is a key of `values` replaced by that value: `r\"Hi {who}\".with {\"who\": \"Bo\"}` is `\"Hi Bo\"`; other braces stay.",
    ),
    e(
        &["zfill"],
        "(width: int) -> text",
        "Zeros added on the left, after a sign, up to `width` characters: `\"-42\".zfill(5)` is `\"-0042\"`.",
    ),
    e(
        &["to_int", "to_i64"],
        "() -> int",
        "The int the text spells (`\"-12\"`, `\"0xff\"`, `\"1_000\"`, blanks around allowed); an error when it spells none.",
    ),
    e(
        &["parse_int"],
        "() -> int?",
        "As `to_int`, but nil when the text spells no int.",
    ),
    e(
        &["to_float", "to_f64"],
        "() -> float",
        "The float the text spells (blanks around allowed); an error when it spells none.",
    ),
    e(
        &["parse_float"],
        "() -> float?",
        "As `to_float`, but nil when the text spells no float.",
    ),
    e(
        &["is_digit", "is_numeric"],
        "() -> bool",
        "Whether the text is not empty and all ASCII digits.",
    ),
    e(
        &["is_alpha", "is_alphabetic"],
        "() -> bool",
        "Whether the text is not empty and all letters.",
    ),
    e(
        &["is_alphanumeric", "is_alnum"],
        "() -> bool",
        "Whether the text is not empty and all letters or digits.",
    ),
    e(
        &["is_whitespace", "is_space"],
        "() -> bool",
        "Whether the text is not empty and all whitespace.",
    ),
    e(
        &["is_upper"],
        "() -> bool",
        "Whether the text has a cased letter and no lower case one.",
    ),
    e(
        &["is_lower"],
        "() -> bool",
        "Whether the text has a cased letter and no upper case one.",
    ),
    e(&["to_text", "to_string"], "() -> text", "The text itself."),
];
