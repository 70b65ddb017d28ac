//! Method names beyond the well-known symbols of `simple_syntax::known`.
//!
//! The front end interns a fixed list of names so that the hot methods can
//! be matched as constants; the rest of the built-in methods are named
//! here. Each name is interned once, on first use, and a method name is
//! mapped to an [`M`] by indexing a table with the symbol's id, so dispatch
//! never compares texts.

use std::sync::OnceLock;

use simple_syntax::Symbol;

macro_rules! method_names {
    ($($variant:ident = $text:literal,)*) => {
        /// A built-in method name that is not a well-known symbol.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub(crate) enum M {
            $($variant,)*
        }

        impl M {
            const ALL: &'static [M] = &[$(M::$variant,)*];

            pub(crate) fn text(self) -> &'static str {
                match self {
                    $(M::$variant => $text,)*
                }
            }
        }
    };
}

method_names! {
    // Sequences.
    Length = "length",
    At = "at",
    LastIndexOf = "last_index_of",
    Sorted = "sorted",
    SortDesc = "sort_desc",
    SortedBy = "sorted_by",
    Reversed = "reversed",
    Unique = "unique",
    Distinct = "distinct",
    Drop = "drop",
    Count = "count",
    CountOf = "count_of",
    AllTruthy = "all_truthy",
    AnyTruthy = "any_truthy",
    Chunks = "chunks",
    Windows = "windows",
    GroupBy = "group_by",
    Partition = "partition",
    FlatMap = "flat_map",
    Flatten = "flatten",
    TakeWhile = "take_while",
    DropWhile = "drop_while",
    SkipWhile = "skip_while",
    Product = "product",
    MinBy = "min_by",
    MaxBy = "max_by",
    FindIndex = "find_index",
    Position = "position",
    Each = "each",
    ForEach = "for_each",
    Fill = "fill",
    Compact = "compact",
    Rotate = "rotate",
    Transpose = "transpose",
    Fetch = "fetch",
    Clone = "clone",
    ToArray = "to_array",
    ToDict = "to_dict",
    Decode = "decode",
    Append = "append",
    // Texts.
    Uppercase = "uppercase",
    ToI64 = "to_i64",
    ToF64 = "to_f64",
    Lowercase = "lowercase",
    ToUppercase = "to_uppercase",
    ToLowercase = "to_lowercase",
    Capitalize = "capitalize",
    Title = "title",
    Swapcase = "swapcase",
    Strip = "strip",
    TrimLeft = "trim_left",
    TrimRight = "trim_right",
    TrimStartMatches = "trim_start_matches",
    TrimEndMatches = "trim_end_matches",
    StripPrefix = "strip_prefix",
    StripSuffix = "strip_suffix",
    RemovePrefix = "remove_prefix",
    RemoveSuffix = "remove_suffix",
    Removeprefix = "removeprefix",
    Removesuffix = "removesuffix",
    Chomp = "chomp",
    SplitWhitespace = "split_whitespace",
    SplitLines = "split_lines",
    Rpartition = "rpartition",
    ReplaceFirst = "replace_first",
    Substr = "substr",
    PadLeft = "pad_left",
    PadRight = "pad_right",
    PadStart = "pad_start",
    PadEnd = "pad_end",
    Ljust = "ljust",
    Rjust = "rjust",
    Center = "center",
    Zfill = "zfill",
    With = "with",
    IsDigit = "is_digit",
    IsNumeric = "is_numeric",
    IsAlpha = "is_alpha",
    IsAlphabetic = "is_alphabetic",
    IsAlphanumeric = "is_alphanumeric",
    IsAlnum = "is_alnum",
    IsWhitespace = "is_whitespace",
    IsSpace = "is_space",
    IsUpper = "is_upper",
    IsLower = "is_lower",
    CharCode = "char_code",
    Ord = "ord",
    Codepoint = "codepoint",
    CharCount = "char_count",
    FindAll = "find_all",
    Encode = "encode",
    // Numbers.
    Fdiv = "fdiv",
    FloorMod = "floor_mod",
    RemEuclid = "rem_euclid",
    Chr = "chr",
    ToChar = "to_char",
    Sign = "sign",
    Signum = "signum",
    IsPositive = "is_positive",
    IsNegative = "is_negative",
    IsZero = "is_zero",
    IsEven = "is_even",
    IsOdd = "is_odd",
    ToHex = "to_hex",
    ToBin = "to_bin",
    ToOct = "to_oct",
    Gcd = "gcd",
    Lcm = "lcm",
    Digits = "digits",
    BitLength = "bit_length",
    CountOnes = "count_ones",
    BitCount = "bit_count",
    LeadingZeros = "leading_zeros",
    TrailingZeros = "trailing_zeros",
    Times = "times",
    Floor = "floor",
    Ceil = "ceil",
    Round = "round",
    Trunc = "trunc",
    Fract = "fract",
    Truncate = "truncate",
    RoundTo = "round_to",
    Sqrt = "sqrt",
    Cbrt = "cbrt",
    Exp = "exp",
    Exp2 = "exp2",
    Ln = "ln",
    Log = "log",
    Log2 = "log2",
    Log10 = "log10",
    Sin = "sin",
    Cos = "cos",
    Tan = "tan",
    Asin = "asin",
    Acos = "acos",
    Atan = "atan",
    Atan2 = "atan2",
    Sinh = "sinh",
    Cosh = "cosh",
    Tanh = "tanh",
    Hypot = "hypot",
    Powf = "powf",
    Powi = "powi",
    ToDegrees = "to_degrees",
    ToRadians = "to_radians",
    IsNan = "is_nan",
    IsInfinite = "is_infinite",
    IsFinite = "is_finite",
    IsInteger = "is_integer",
    // Dicts.
    Update = "update",
    Delete = "delete",
    Setdefault = "setdefault",
    MapValues = "map_values",
    // Option / Result.
    IsSomeAnd = "is_some_and",
    IsNoneOr = "is_none_or",
    IsOkAnd = "is_ok_and",
    IsErrAnd = "is_err_and",
    UnwrapOrDefault = "unwrap_or_default",
    UnwrapErr = "unwrap_err",
    ExpectErr = "expect_err",
    Or = "or",
    OrElse = "or_else",
    OkOr = "ok_or",
    OkOrElse = "ok_or_else",
    MapOr = "map_or",
    MapOrElse = "map_or_else",
    // Dicts as ordered maps.
    FirstKey = "first_key",
    LastKey = "last_key",
    FirstKeyValue = "first_key_value",
    LastKeyValue = "last_key_value",
    KeysBetween = "range",
}

struct Table {
    /// Indexed by symbol id: the method with that name, if any. Symbols
    /// are dense, so this is a short array and a lookup is one index.
    by_symbol: Vec<Option<M>>,
    symbols: Vec<Symbol>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let symbols: Vec<Symbol> = M::ALL.iter().map(|m| Symbol::intern(m.text())).collect();
        let len = symbols.iter().map(|s| s.index() + 1).max().unwrap_or(0);
        let mut by_symbol = vec![None; len];
        for (s, &m) in symbols.iter().zip(M::ALL) {
            by_symbol[s.index()] = Some(m);
        }
        Table { by_symbol, symbols }
    })
}

impl M {
    /// The method named `name`, if it is one of these.
    #[inline]
    pub(crate) fn of(name: Symbol) -> Option<M> {
        // The well-known symbols come first and are never one of these: the
        // hot method names (`get`, `push`, `len`, ...) need no table.
        if name.index() < simple_syntax::known::NAMES.len() {
            return None;
        }
        table().by_symbol.get(name.index()).copied().flatten()
    }

    /// The interned name.
    #[inline]
    pub(crate) fn sym(self) -> Symbol {
        table().symbols[self as usize]
    }
}

/// The symbols of `ms`.
pub(crate) fn symbols(ms: &[M]) -> impl Iterator<Item = Symbol> + '_ {
    ms.iter().map(|m| m.sym())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &m in M::ALL {
            assert!(seen.insert(m.text()), "duplicate method name {}", m.text());
            assert_eq!(M::of(m.sym()), Some(m));
            assert_eq!(m.sym().as_str(), m.text());
        }
        assert_eq!(M::of(Symbol::intern("no_such_method_here")), None);
    }
}
