//! The built-in functions (`super::super::Builtin`).

use super::{Entry, Group, e};

pub(super) const GROUP: Group = Group {
    name: "fn",
    receiver: "",
    title: "Built-in functions",
    aliases: &["functions", "builtins"],
    intro: "Always in scope; each is also a value (`xs.map(str)`).",
    entries: ENTRIES,
};

const ENTRIES: &[Entry] = &[
    e(
        &["print", "println"],
        "(values...)",
        "Writes the values' display forms separated by spaces, then a newline; `print(\"{} of {}\", a, b)` fills the `{}` placeholders instead.",
    ),
    e(
        &["print_raw"],
        "(values...)",
        "As `print`, without the newline.",
    ),
    e(
        &["eprint", "eprintln"],
        "(values...)",
        "As `print`, to standard error.",
    ),
    e(
        &["format"],
        "(template: text, values...) -> text",
        "`template` with each `{}` replaced by the next value; `{:.2}`, `{:>8}`, `{:x}`, `{:?}` take the format specs of interpolation.",
    ),
    e(
        &["len"],
        "(x) -> int",
        "The length of a text (in characters), array, tuple, bytes, dict, set or range.",
    ),
    e(
        &["freeze"],
        "(x) -> any",
        "`x` with every array, dict and set in it (nested ones too) made unchangeable: a change through any place holding it is an error; reading works as before.",
    ),
    e(
        &["unfreeze"],
        "(x) -> any",
        "A changeable copy of a frozen value (nested arrays, dicts and sets too); other values unchanged.",
    ),
    e(
        &["is_frozen"],
        "(x) -> bool",
        "Whether `x` is an array, dict or set made unchangeable by `freeze`.",
    ),
    e(
        &["range"],
        "(end) / (start, end, step?) -> range",
        "The ints from `start` (default 0) up to, not including, `end`, by `step` (default 1, never 0).",
    ),
    e(
        &["int"],
        "(x) -> int",
        "An int from an int, a float (toward zero), a bool or a text (`\"-12\"`, `\"0xff\"`); an error otherwise.",
    ),
    e(
        &["float"],
        "(x) -> float",
        "A float from an int, a float, a bool or a text; an error otherwise.",
    ),
    e(
        &["str"],
        "(x) -> text",
        "The display form of `x`, as `print` shows it.",
    ),
    e(
        &["repr"],
        "(x) -> text",
        "The debug form of `x` (texts quoted), as the REPL shows it.",
    ),
    e(
        &["type_of"],
        "(x) -> text",
        "The name of the type of `x`: `int`, `text`, `array`, `nil`, a struct's name, ...",
    ),
    e(
        &["bytes"],
        "(x?) -> bytes",
        "Empty bytes; `n` zero bytes for an int; a text's UTF-8 encoding; an array of ints in 0..=255.",
    ),
    e(
        &["chr"],
        "(code: int) -> text",
        "The one-character text with this Unicode code point.",
    ),
    e(
        &["ord"],
        "(c: text) -> int",
        "The Unicode code point of a one-character text.",
    ),
    e(
        &["min"],
        "(a, b, ...) / (items: array) -> any",
        "The smallest of the arguments, or of the array's items; an error when there are none.",
    ),
    e(
        &["max"],
        "(a, b, ...) / (items: array) -> any",
        "The largest of the arguments, or of the array's items; an error when there are none.",
    ),
    e(
        &["abs"],
        "(x: number) -> number",
        "The absolute value of an int or float.",
    ),
    e(
        &["assert"],
        "(cond, message?)",
        "Stops with `assertion failed: message` unless `cond` is truthy.",
    ),
    e(
        &["fail"],
        "(message?)",
        "Stops with a runtime error showing `message` (default `failed`).",
    ),
    e(
        &["exit"],
        "(code?: int)",
        "Ends the program with exit status `code` (default 0); `at_exit` handlers run first.",
    ),
    e(
        &["at_exit"],
        "(f: fn())",
        "Registers `f` to run when the program ends, the last registered first.",
    ),
    e(
        &["args"],
        "() -> [text]",
        "The program's command-line arguments (what follows the file name).",
    ),
    e(
        &["Some"],
        "(x) -> any",
        "`x` itself: options are nil-based, so any value but nil is \"some\".",
    ),
    e(
        &["Ok"],
        "(x) -> Result",
        "The success variant of a Result, holding `x`.",
    ),
    e(
        &["Err"],
        "(e) -> Result",
        "The failure variant of a Result, holding `e`.",
    ),
];
