//! Built-in functions and methods.
//!
//! Functions (`print`, `len`, ...) are resolved by name at resolve time to a
//! [`Builtin`] and called directly. Methods on built-in kinds (ints, texts,
//! arrays, dicts, ...) are dispatched by interned symbol in `methods`.

pub mod docs;
pub mod format;
pub mod functions;
pub mod methods;
pub mod wire;

macro_rules! builtins {
    ($($variant:ident = $name:literal,)*) => {
        /// A built-in function.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Builtin {
            $($variant,)*
        }

        impl Builtin {
            pub const ALL: &'static [Builtin] = &[$(Builtin::$variant,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(Builtin::$variant => $name,)*
                }
            }

            pub fn from_name(name: &str) -> Option<Builtin> {
                match name {
                    $($name => Some(Builtin::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

builtins! {
    Print = "print",
    Println = "println",
    PrintRaw = "print_raw",
    Eprint = "eprint",
    Eprintln = "eprintln",
    Format = "format",
    Len = "len",
    Range = "range",
    Int = "int",
    Float = "float",
    Str = "str",
    TypeOf = "type_of",
    Assert = "assert",
    Fail = "fail",
    Exit = "exit",
    Some = "Some",
    Ok = "Ok",
    Err = "Err",
    Args = "args",
    Bytes = "bytes",
    Chr = "chr",
    Ord = "ord",
    Repr = "repr",
    Min = "min",
    Max = "max",
    Abs = "abs",
    AtExit = "at_exit",
    Freeze = "freeze",
    Unfreeze = "unfreeze",
    IsFrozen = "is_frozen",
    // Internal: the spec DSL (spl/std/spec.spl) is built on these.
    SpecGroup = "__spec_group",
    SpecExample = "__spec_example",
    SpecHook = "__spec_hook",
    SpecFail = "__spec_fail",
    RegexMatch = "__regex_match",
    // Internal: worker results (spl/std/io/fs/workers.spl) travel as these bytes.
    WireEncode = "__wire_encode",
    WireDecode = "__wire_decode",
    ExitError = "__exit_error",
    // Internal: `Set.from` and friends (spl/std/set.spl).
    SetFrom = "__set_from",
}
