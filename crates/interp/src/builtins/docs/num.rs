//! Methods of ints and floats (`methods/num.rs`).

use super::{Entry, Group, e};

pub(super) const GROUP: Group = Group {
    name: "number",
    receiver: "number",
    title: "Number methods",
    aliases: &["int", "float", "num", "i64", "f64"],
    intro: "Methods of ints and floats. The float functions (`sqrt`, `sin`, ...) take an int receiver as a float; an int receiver of `floor`, `ceil`, `round` or `trunc` is returned as it is.",
    entries: ENTRIES,
};

const ENTRIES: &[Entry] = &[
    e(
        &["abs"],
        "() -> number",
        "The absolute value (an error for the smallest int, which has none).",
    ),
    e(
        &["sign", "signum"],
        "() -> number",
        "-1, 0 or 1; for a float -1.0 or 1.0, and a zero or NaN itself.",
    ),
    e(
        &["min"],
        "(other: number) -> number",
        "The smaller of the number and `other`.",
    ),
    e(
        &["max"],
        "(other: number) -> number",
        "The larger of the number and `other`.",
    ),
    e(
        &["clamp"],
        "(lo: number, hi: number) -> number",
        "The number limited to `lo..=hi`.",
    ),
    e(
        &["pow"],
        "(exponent: number) -> number",
        "The number to the power `exponent`; an int to an int power stays an int (overflow is an error).",
    ),
    e(
        &["powf"],
        "(exponent: number) -> float",
        "The number to a float power.",
    ),
    e(
        &["powi"],
        "(exponent: int) -> float",
        "The number as a float to an int power.",
    ),
    e(
        &["fdiv"],
        "(divisor: number) -> number",
        "Floor division: the quotient rounded toward negative infinity (`(-7).fdiv(2)` is -4).",
    ),
    e(
        &["floor_mod"],
        "(divisor: number) -> number",
        "The remainder of floor division, with the sign of `divisor` (`(-7).floor_mod(2)` is 1).",
    ),
    e(
        &["rem_euclid"],
        "(divisor: number) -> number",
        "The remainder that is never negative.",
    ),
    e(
        &["wrapping_add"],
        "(other: int) -> int",
        "The int sum, wrapping around on overflow instead of failing.",
    ),
    e(
        &["wrapping_sub"],
        "(other: int) -> int",
        "The int difference, wrapping around on overflow instead of failing.",
    ),
    e(
        &["wrapping_mul"],
        "(other: int) -> int",
        "The int product, wrapping around on overflow instead of failing.",
    ),
    e(
        &["gcd"],
        "(other: int) -> int",
        "The greatest common divisor of two ints (never negative).",
    ),
    e(
        &["lcm"],
        "(other: int) -> int",
        "The least common multiple of two ints (never negative).",
    ),
    e(
        &["is_positive"],
        "() -> bool",
        "Whether the number is above zero.",
    ),
    e(
        &["is_negative"],
        "() -> bool",
        "Whether the number is below zero.",
    ),
    e(&["is_zero"], "() -> bool", "Whether the number is zero."),
    e(&["is_even"], "() -> bool", "Whether an int is even."),
    e(&["is_odd"], "() -> bool", "Whether an int is odd."),
    e(
        &["is_nan"],
        "() -> bool",
        "Whether a float is NaN (never for an int).",
    ),
    e(
        &["is_infinite"],
        "() -> bool",
        "Whether a float is an infinity (never for an int).",
    ),
    e(
        &["is_finite"],
        "() -> bool",
        "Whether the number is neither an infinity nor NaN.",
    ),
    e(
        &["is_integer"],
        "() -> bool",
        "Whether the number is finite and has no fractional part.",
    ),
    e(
        &["chr", "to_char"],
        "() -> text",
        "The one-character text with this Unicode code point (ints).",
    ),
    e(
        &["to_hex"],
        "() -> text",
        "An int's base-16 digits (a negative int as its 64-bit two's complement).",
    ),
    e(
        &["to_bin"],
        "() -> text",
        "An int's base-2 digits (a negative int as its 64-bit two's complement).",
    ),
    e(
        &["to_oct"],
        "() -> text",
        "An int's base-8 digits (a negative int as its 64-bit two's complement).",
    ),
    e(
        &["digits"],
        "(base?: int) -> [int]",
        "The digits of a non-negative int in `base` (2 to 36, default 10), least significant first.",
    ),
    e(
        &["bit_length"],
        "() -> int",
        "The number of bits the int's absolute value needs.",
    ),
    e(
        &["count_ones", "bit_count"],
        "() -> int",
        "The number of 1 bits in the int's 64 bits.",
    ),
    e(
        &["leading_zeros"],
        "() -> int",
        "The number of 0 bits above the highest 1 bit of the int's 64 bits.",
    ),
    e(
        &["trailing_zeros"],
        "() -> int",
        "The number of 0 bits below the lowest 1 bit of the int's 64 bits.",
    ),
    e(
        &["times"],
        "(f: fn(int)) -> array",
        "`[f(0), f(1), ..., f(n - 1)]` for an int `n`.",
    ),
    e(
        &["floor"],
        "() -> number",
        "The largest whole number not above it.",
    ),
    e(
        &["ceil"],
        "() -> number",
        "The smallest whole number not below it.",
    ),
    e(
        &["round"],
        "() -> number",
        "The nearest whole number (halves away from zero).",
    ),
    e(
        &["trunc"],
        "() -> number",
        "The whole part, rounded toward zero.",
    ),
    e(
        &["fract"],
        "() -> number",
        "The fractional part (0 for an int).",
    ),
    e(
        &["round_to"],
        "(places: int) -> number",
        "A float rounded to `places` decimal places.",
    ),
    e(
        &["to_int", "truncate"],
        "() -> int",
        "An int, rounding a float toward zero; an error for NaN and infinities.",
    ),
    e(&["to_float"], "() -> float", "The number as a float."),
    e(
        &["sqrt"],
        "() -> float",
        "The square root (NaN below zero).",
    ),
    e(&["cbrt"], "() -> float", "The cube root."),
    e(&["exp"], "() -> float", "e to the power of the number."),
    e(&["exp2"], "() -> float", "2 to the power of the number."),
    e(&["ln"], "() -> float", "The natural logarithm."),
    e(
        &["log"],
        "(base?: number) -> float",
        "The logarithm in `base` (natural without one).",
    ),
    e(&["log2"], "() -> float", "The base-2 logarithm."),
    e(&["log10"], "() -> float", "The base-10 logarithm."),
    e(&["sin"], "() -> float", "The sine of an angle in radians."),
    e(
        &["cos"],
        "() -> float",
        "The cosine of an angle in radians.",
    ),
    e(
        &["tan"],
        "() -> float",
        "The tangent of an angle in radians.",
    ),
    e(&["asin"], "() -> float", "The arcsine, in radians."),
    e(&["acos"], "() -> float", "The arccosine, in radians."),
    e(&["atan"], "() -> float", "The arctangent, in radians."),
    e(
        &["atan2"],
        "(x: number) -> float",
        "`y.atan2(x)`: the angle of the point (x, y), in radians.",
    ),
    e(&["sinh"], "() -> float", "The hyperbolic sine."),
    e(&["cosh"], "() -> float", "The hyperbolic cosine."),
    e(&["tanh"], "() -> float", "The hyperbolic tangent."),
    e(
        &["hypot"],
        "(other: number) -> float",
        "The length of the hypotenuse: the square root of the sum of the squares.",
    ),
    e(
        &["to_degrees"],
        "() -> float",
        "Radians converted to degrees.",
    ),
    e(
        &["to_radians"],
        "() -> float",
        "Degrees converted to radians.",
    ),
    e(
        &["to_text", "to_string"],
        "() -> text",
        "The number as `print` shows it.",
    ),
];
