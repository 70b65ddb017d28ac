//! The program's user-defined types: structs, classes and enums, with their
//! fields, variants and method tables.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use simple_syntax::Symbol;

use crate::function::{Code, FnDef};
use crate::value::{TypeId, Value, builtin_types};

/// A fast hasher for small integer keys (symbols, type ids).
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64)
    }
}

pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeKind {
    Struct,
    Class,
    Enum,
}

pub struct VariantInfo {
    pub name: Symbol,
    /// Payload field names; positional payloads get `_0`, `_1`, ...
    pub fields: Vec<Symbol>,
    /// Whether the payload was declared with names (`Rect(w: f64, h: f64)`),
    /// which decides how the value is displayed.
    pub named: bool,
    /// Declared without parentheses (`Empty`).
    pub unit: bool,
}

pub struct TypeInfo {
    pub name: Symbol,
    pub kind: TypeKind,
    /// Struct/class fields in declaration order.
    pub fields: Vec<Symbol>,
    /// Whether each field declares a default (known at resolve time).
    pub has_default: Vec<bool>,
    /// Default value code per field (evaluated in an empty frame).
    pub defaults: Vec<Option<Rc<Code>>>,
    pub variants: Vec<VariantInfo>,
    /// Methods, `me` methods and static functions by name.
    pub methods: IdMap<Symbol, Rc<FnDef>>,
    pub traits: Vec<Symbol>,
    pub doc: Option<String>,
}

impl TypeInfo {
    pub fn new(name: Symbol, kind: TypeKind) -> TypeInfo {
        TypeInfo {
            name,
            kind,
            fields: Vec::new(),
            has_default: Vec::new(),
            defaults: Vec::new(),
            variants: Vec::new(),
            methods: IdMap::default(),
            traits: Vec::new(),
            doc: None,
        }
    }

    #[inline]
    pub fn field_index(&self, name: Symbol) -> Option<usize> {
        self.fields.iter().position(|&f| f == name)
    }

    pub fn variant_index(&self, name: Symbol) -> Option<u32> {
        self.variants
            .iter()
            .position(|v| v.name == name)
            .map(|i| i as u32)
    }
}

/// The built-in kinds an `impl` block may add methods to (`impl text:`,
/// `impl Trait for i64:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltinKind {
    Int,
    Float,
    Text,
    Bool,
    Array,
    Dict,
    Tuple,
    Bytes,
}

impl BuiltinKind {
    const COUNT: usize = 8;

    /// The kind an `impl` target names, in any spelling upstream uses.
    pub fn from_type_name(name: &str) -> Option<BuiltinKind> {
        Some(match name {
            "i64" | "i32" | "i16" | "i8" | "u64" | "u32" | "u16" | "u8" | "int" | "Int"
            | "isize" | "usize" => BuiltinKind::Int,
            "f64" | "f32" | "float" | "Float" => BuiltinKind::Float,
            "text" | "str" | "String" | "Text" => BuiltinKind::Text,
            "bool" | "Bool" => BuiltinKind::Bool,
            "Array" | "List" | "Vec" | "array" => BuiltinKind::Array,
            "Dict" | "Map" | "HashMap" | "dict" => BuiltinKind::Dict,
            "Tuple" | "tuple" => BuiltinKind::Tuple,
            "bytes" | "Bytes" => BuiltinKind::Bytes,
            _ => return None,
        })
    }

    #[inline]
    pub fn of(v: &Value) -> Option<BuiltinKind> {
        Some(match v {
            Value::Int(_) => BuiltinKind::Int,
            Value::Float(_) => BuiltinKind::Float,
            Value::Text(_) => BuiltinKind::Text,
            Value::Bool(_) => BuiltinKind::Bool,
            Value::Array(_) => BuiltinKind::Array,
            Value::Dict(_) => BuiltinKind::Dict,
            Value::Tuple(_) => BuiltinKind::Tuple,
            Value::Bytes(_) => BuiltinKind::Bytes,
            _ => return None,
        })
    }
}

/// Every type of the running program, indexed by [`TypeId`].
pub struct TypeTable {
    pub types: Vec<TypeInfo>,
    /// The method table of each built-in kind that an `impl` block
    /// extended (a type entry holding only methods); `None` until one does.
    builtin_impls: [Option<TypeId>; BuiltinKind::COUNT],
    /// Host types by Rust type (`Interpreter::register_type`).
    pub host_types: HashMap<std::any::TypeId, Rc<crate::host_type::HostType>>,
    /// Changes whenever a method is added to or replaced in any type:
    /// call sites that cache the method they found (`compile/method.rs`)
    /// look again when it moved.
    pub method_epoch: u32,
}

impl Default for TypeTable {
    fn default() -> Self {
        Self::new()
    }
}

impl TypeTable {
    pub fn new() -> TypeTable {
        let mut result = TypeInfo::new(Symbol::intern("Result"), TypeKind::Enum);
        for name in ["Ok", "Err"] {
            result.variants.push(VariantInfo {
                name: Symbol::intern(name),
                fields: vec![Symbol::intern("_0")],
                named: false,
                unit: false,
            });
        }
        let table = TypeTable {
            types: vec![result],
            builtin_impls: [None; BuiltinKind::COUNT],
            host_types: HashMap::new(),
            method_epoch: 0,
        };
        debug_assert_eq!(table.types.len() as u32, builtin_types::COUNT);
        table
    }

    /// The latest struct or class named `name` (host struct conversions).
    pub fn find_struct(&self, name: &str) -> Option<TypeId> {
        self.types
            .iter()
            .rposition(|t| {
                t.name.as_str() == name && matches!(t.kind, TypeKind::Struct | TypeKind::Class)
            })
            .map(|i| i as TypeId)
    }

    #[inline]
    pub fn get(&self, id: TypeId) -> &TypeInfo {
        &self.types[id as usize]
    }

    pub fn get_mut(&mut self, id: TypeId) -> &mut TypeInfo {
        &mut self.types[id as usize]
    }

    pub fn add(&mut self, info: TypeInfo) -> TypeId {
        self.types.push(info);
        (self.types.len() - 1) as TypeId
    }

    /// The method table of built-in `kind`, created on first use.
    pub fn builtin_impl_type(&mut self, kind: BuiltinKind, name: Symbol) -> TypeId {
        if let Some(id) = self.builtin_impls[kind as usize] {
            return id;
        }
        let id = self.add(TypeInfo::new(name, TypeKind::Struct));
        self.builtin_impls[kind as usize] = Some(id);
        id
    }

    /// A method an `impl` block added to the kind of `v`.
    #[inline]
    pub fn builtin_impl_method(&self, v: &Value, name: Symbol) -> Option<&Rc<FnDef>> {
        if self.builtin_impls.iter().all(Option::is_none) {
            return None;
        }
        let id = self.builtin_impls[BuiltinKind::of(v)? as usize]?;
        self.get(id).methods.get(&name)
    }

    pub fn name(&self, id: TypeId) -> Symbol {
        self.types
            .get(id as usize)
            .map(|t| t.name)
            .unwrap_or_else(|| Symbol::intern("<type>"))
    }
}
