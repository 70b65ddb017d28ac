//! Option and Result methods, which every value has (`methods/option.rs`).

use super::{Entry, Group, e};

pub(super) const GROUP: Group = Group {
    name: "option",
    receiver: "value",
    title: "Option and Result methods (any value)",
    aliases: &["value", "result", "any", "Option", "Result"],
    intro: "Options are nil-based: nil is None and any other value is Some of itself, so every value has these methods (a method of its own kind or type comes first). Results are `Ok(v)` and `Err(e)`; \"the value inside\" is `v`, or the receiver itself when it is not a Result.",
    entries: ENTRIES,
};

const ENTRIES: &[Entry] = &[
    e(
        &["unwrap"],
        "() -> any",
        "The value inside; an error for nil or an `Err`.",
    ),
    e(
        &["expect"],
        "(message) -> any",
        "The value inside; for nil or an `Err`, an error showing `message`.",
    ),
    e(
        &["unwrap_or"],
        "(default) -> any",
        "The value inside, or `default` for nil or an `Err`.",
    ),
    e(
        &["unwrap_or_else"],
        "(f) -> any",
        "The value inside, or `f()` for nil (`f(error)` for an `Err`).",
    ),
    e(
        &["unwrap_or_default"],
        "() -> any",
        "The value inside, or nil.",
    ),
    e(
        &["unwrap_err"],
        "() -> any",
        "The error inside an `Err`; an error for an `Ok`.",
    ),
    e(
        &["expect_err"],
        "(message) -> any",
        "The error inside an `Err`; for an `Ok`, an error showing `message`.",
    ),
    e(
        &["is_some"],
        "() -> bool",
        "Whether the value is not nil (true for any Result).",
    ),
    e(&["is_none"], "() -> bool", "Whether the value is nil."),
    e(
        &["is_ok"],
        "() -> bool",
        "Whether it is an `Ok` (or, not being a Result, not nil).",
    ),
    e(
        &["is_err"],
        "() -> bool",
        "Whether it is an `Err` (or nil).",
    ),
    e(
        &["is_some_and", "is_ok_and"],
        "(f) -> bool",
        "Whether there is a value inside and `f(value)` is true.",
    ),
    e(
        &["is_none_or"],
        "(f) -> bool",
        "Whether the value is nil or `f(value)` is true.",
    ),
    e(
        &["is_err_and"],
        "(f) -> bool",
        "Whether it is an `Err` and `f(error)` is true.",
    ),
    e(
        &["map"],
        "(f) -> any",
        "`Ok(f(v))` for `Ok(v)`, `f(x)` for a value `x` that is not nil; nil and an `Err` stay as they are.",
    ),
    e(
        &["map_err"],
        "(f) -> any",
        "`Err(f(e))` for `Err(e)`; anything else stays as it is.",
    ),
    e(
        &["map_or"],
        "(default, f) -> any",
        "`f(value inside)`, or `default` for nil or an `Err`.",
    ),
    e(
        &["map_or_else"],
        "(g, f) -> any",
        "`f(value inside)`, or `g()` for nil (`g(error)` for an `Err`).",
    ),
    e(
        &["and_then"],
        "(f) -> any",
        "`f(value inside)`, which gives an option or Result itself; nil and an `Err` stay as they are.",
    ),
    e(
        &["filter"],
        "(f) -> any",
        "The value when `f(value)` is true, else nil.",
    ),
    e(
        &["or"],
        "(other) -> any",
        "The receiver when it holds a value, else `other`.",
    ),
    e(
        &["or_else"],
        "(f) -> any",
        "The receiver when it holds a value, else `f()` (`f(error)` for an `Err`).",
    ),
    e(
        &["ok"],
        "() -> any",
        "The value inside an `Ok`, nil for an `Err`.",
    ),
    e(
        &["err"],
        "() -> any",
        "The error inside an `Err`, nil for an `Ok` (Results only).",
    ),
    e(
        &["ok_or"],
        "(error) -> Result",
        "`Ok(value)`, or `Err(error)` for nil; a Result stays as it is.",
    ),
    e(
        &["ok_or_else"],
        "(f) -> Result",
        "`Ok(value)`, or `Err(f())` for nil; a Result stays as it is.",
    ),
    e(
        &["flatten"],
        "() -> any",
        "`Ok(Ok(v))` becomes `Ok(v)`; anything else stays as it is.",
    ),
    e(
        &["copy", "clone"],
        "() -> any",
        "The value itself (values are copied on write).",
    ),
    e(
        &["to_text", "to_string"],
        "() -> text",
        "The display form, as `print` shows it.",
    ),
];
