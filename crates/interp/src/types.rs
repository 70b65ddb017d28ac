//! The program's user-defined types: structs, classes and enums, with their
//! fields, variants and method tables.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use simple_syntax::Symbol;

use crate::function::{Code, FnDef};
use crate::value::{TypeId, builtin_types};

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

/// Every type of the running program, indexed by [`TypeId`].
pub struct TypeTable {
    pub types: Vec<TypeInfo>,
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

    pub fn name(&self, id: TypeId) -> Symbol {
        self.types
            .get(id as usize)
            .map(|t| t.name)
            .unwrap_or_else(|| Symbol::intern("<type>"))
    }
}
