//! Interned names.
//!
//! Every identifier in a program is interned once into a [`Symbol`] (a `u32`),
//! so later stages compare and hash names as integers. The interner is global
//! to the process: symbols made while parsing are valid in the evaluator, on
//! any thread. Interned strings live for the rest of the process, which is
//! what an interpreter wants for names.
//!
//! A fixed list of well-known names is interned first, in order, so that the
//! interpreter can `match` on them as constants (see [`known`]).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// An interned name.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(pub u32);

struct Interner {
    ids: HashMap<&'static str, Symbol>,
    names: Vec<&'static str>,
}

fn interner() -> &'static Mutex<Interner> {
    static INTERNER: OnceLock<Mutex<Interner>> = OnceLock::new();
    INTERNER.get_or_init(|| {
        let mut interner = Interner {
            ids: HashMap::with_capacity(1024),
            names: Vec::with_capacity(1024),
        };
        for name in known::NAMES {
            let id = Symbol(interner.names.len() as u32);
            interner.names.push(name);
            interner.ids.insert(name, id);
        }
        Mutex::new(interner)
    })
}

impl Symbol {
    /// Interns `name`, returning the same symbol for equal strings.
    pub fn intern(name: &str) -> Symbol {
        let mut interner = interner().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = interner.ids.get(name) {
            return id;
        }
        let id = Symbol(interner.names.len() as u32);
        let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
        interner.names.push(leaked);
        interner.ids.insert(leaked, id);
        id
    }

    /// The interned text.
    pub fn as_str(self) -> &'static str {
        if let Some(name) = known::NAMES.get(self.0 as usize) {
            return name;
        }
        let interner = interner().lock().unwrap_or_else(|e| e.into_inner());
        interner
            .names
            .get(self.0 as usize)
            .copied()
            .unwrap_or("<?>")
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! known_symbols {
    ($($konst:ident = $text:literal,)*) => {
        /// Names interned at fixed indexes, usable as `match` constants.
        pub mod known {
            use super::Symbol;
            known_symbols!(@consts 0u32; $($konst)*);
            /// The texts, in symbol order.
            pub const NAMES: &[&str] = &[$($text),*];
        }
    };
    (@consts $n:expr; $first:ident $($rest:ident)*) => {
        pub const $first: Symbol = Symbol($n);
        known_symbols!(@consts $n + 1u32; $($rest)*);
    };
    (@consts $n:expr;) => {};
}

known_symbols! {
    // Names the front end and resolver treat specially.
    SELF_ = "self",
    SELF_TYPE = "Self",
    MAIN = "main",
    NONE = "None",
    SOME = "Some",
    OK = "Ok",
    ERR = "Err",
    INIT = "init",
    NEW = "new",
    ITER = "iter",
    NEXT = "next",
    EXPECT = "expect",
    DESCRIBE = "describe",
    CONTEXT = "context",
    IT = "it",
    SKIP_IT = "skip_it",
    BEFORE_EACH = "before_each",
    AFTER_EACH = "after_each",
    BEFORE_ALL = "before_all",
    AFTER_ALL = "after_all",
    EXPECT_BARE = "__expect_bare",
    // Cast target type names.
    I8 = "i8",
    I16 = "i16",
    I32 = "i32",
    I64 = "i64",
    U8 = "u8",
    U16 = "u16",
    U32 = "u32",
    U64 = "u64",
    F32 = "f32",
    F64 = "f64",
    INT = "int",
    FLOAT = "float",
    BOOL = "bool",
    TEXT = "text",
    STR = "str",
    STRING = "String",
    // Built-in method names (int, float, text, array, dict, Option/Result).
    ABS = "abs",
    MIN = "min",
    MAX = "max",
    POW = "pow",
    TO_TEXT = "to_text",
    TO_STRING = "to_string",
    TO_FLOAT = "to_float",
    TO_INT = "to_int",
    CLAMP = "clamp",
    WRAPPING_ADD = "wrapping_add",
    WRAPPING_SUB = "wrapping_sub",
    WRAPPING_MUL = "wrapping_mul",
    LEN = "len",
    IS_EMPTY = "is_empty",
    CONTAINS = "contains",
    STARTS_WITH = "starts_with",
    ENDS_WITH = "ends_with",
    FIND = "find",
    RFIND = "rfind",
    INDEX_OF = "index_of",
    SPLIT = "split",
    TRIM = "trim",
    TRIM_START = "trim_start",
    TRIM_END = "trim_end",
    REPLACE = "replace",
    UPPER = "upper",
    LOWER = "lower",
    TO_UPPER = "to_upper",
    TO_LOWER = "to_lower",
    SUBSTRING = "substring",
    REPEAT = "repeat",
    CHARS = "chars",
    BYTES = "bytes",
    LINES = "lines",
    PARSE_INT = "parse_int",
    PARSE_FLOAT = "parse_float",
    JOIN = "join",
    CHAR_AT = "char_at",
    PUSH = "push",
    POP = "pop",
    INSERT = "insert",
    REMOVE = "remove",
    FIRST = "first",
    LAST = "last",
    GET = "get",
    MAP = "map",
    FILTER = "filter",
    REDUCE = "reduce",
    FOLD = "fold",
    ANY = "any",
    ALL = "all",
    SUM = "sum",
    SORT = "sort",
    SORT_BY = "sort_by",
    REVERSE = "reverse",
    ENUMERATE = "enumerate",
    ZIP = "zip",
    CONCAT = "concat",
    EXTEND = "extend",
    TAKE = "take",
    SKIP = "skip",
    SLICE = "slice",
    COPY = "copy",
    CLEAR = "clear",
    KEYS = "keys",
    VALUES = "values",
    ITEMS = "items",
    ENTRIES = "entries",
    GET_OR = "get_or",
    CONTAINS_KEY = "contains_key",
    HAS = "has",
    SET = "set",
    MERGE = "merge",
    UNWRAP = "unwrap",
    UNWRAP_OR = "unwrap_or",
    UNWRAP_OR_ELSE = "unwrap_or_else",
    IS_SOME = "is_some",
    IS_NONE = "is_none",
    IS_OK = "is_ok",
    IS_ERR = "is_err",
    MAP_ERR = "map_err",
    OK_METHOD = "ok",
    ERR_METHOD = "err",
    AND_THEN = "and_then",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_stable() {
        let a = Symbol::intern("some_unusual_name_42");
        let b = Symbol::intern("some_unusual_name_42");
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "some_unusual_name_42");
    }

    #[test]
    fn known_symbols_have_fixed_ids() {
        assert_eq!(Symbol::intern("push"), known::PUSH);
        assert_eq!(known::PUSH.as_str(), "push");
        assert_eq!(Symbol::intern("self"), known::SELF_);
    }
}
