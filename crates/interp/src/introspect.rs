//! What a session holds, for interactive tools (the REPL's completion,
//! `:vars` and `:type`): the names in scope, the members of a value, type
//! names and the modules `use` can find. Read-only; nothing here runs code.

use simple_syntax::Symbol;

use crate::Interpreter;
use crate::builtins::Builtin;
use crate::builtins::methods::method_names;
use crate::program::Name;
use crate::value::Value;

impl Interpreter {
    /// The type of a value as messages name it (`int`, `text`, `array`,
    /// a struct's or enum's own name, ...).
    pub fn type_name(&self, v: &Value) -> String {
        crate::ops::type_name(v, Some(&self.machine.program.types))
    }

    /// The module-level values the [`Interpreter::eval`] session defined,
    /// sorted by name (functions included; types and modules are not
    /// values here).
    pub fn session_values(&self) -> Vec<(String, Value)> {
        let Some((_, scope)) = &self.session else {
            return Vec::new();
        };
        let mut out: Vec<(String, Value)> = scope
            .names
            .iter()
            .filter_map(|(sym, name)| match name {
                Name::Global { index, .. } => {
                    let v = self.machine.globals.get(*index as usize)?;
                    (!matches!(v, Value::Undefined)).then(|| (sym.to_string(), v.clone()))
                }
                _ => None,
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Every name an `eval` input can use unqualified: the session's own
    /// and imported names, host globals and functions, and the built-in
    /// functions. Sorted, without duplicates.
    pub fn visible_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if let Some((_, scope)) = &self.session {
            out.extend(scope.names.keys().map(|s| s.to_string()));
            out.extend(scope.imported.keys().map(|s| s.to_string()));
        }
        out.extend(
            self.machine
                .program
                .host_names
                .keys()
                .map(|s| s.to_string()),
        );
        // `__spec_group` and the like are the spec DSL's plumbing.
        out.extend(
            Builtin::ALL
                .iter()
                .map(|b| b.name().to_string())
                .filter(|n| !n.starts_with("__")),
        );
        out.sort();
        out.dedup();
        out
    }

    /// The names that can follow `value.`: a struct's or object's fields
    /// and methods, a type's variants and static functions, a module's
    /// names, a built-in value's methods. Sorted, without duplicates.
    pub fn members(&self, value: &Value) -> Vec<String> {
        let types = &self.machine.program.types;
        let type_members = |ty: u32, fields: bool| -> Vec<String> {
            let Some(info) = types.types.get(ty as usize) else {
                return Vec::new();
            };
            let mut out: Vec<String> = info.methods.keys().map(|s| s.to_string()).collect();
            if fields {
                out.extend(info.fields.iter().map(|s| s.to_string()));
            }
            out
        };
        let mut out = match value {
            Value::Struct(s) => type_members(s.ty, true),
            Value::Object(o) => match o.try_borrow() {
                Ok(i) => type_members(i.ty, true),
                Err(_) => Vec::new(),
            },
            Value::Variant(v) => type_members(v.ty, false),
            Value::UnitVariant(ty, _) => type_members(*ty, false),
            Value::Type(ty) => {
                let mut out = type_members(*ty, false);
                if let Some(info) = types.types.get(*ty as usize) {
                    out.extend(info.variants.iter().map(|v| v.name.to_string()));
                }
                out
            }
            Value::Module(id) => match self.machine.program.modules.get(*id as usize) {
                Some(m) => m.scope.names.keys().map(|s| s.to_string()).collect(),
                None => Vec::new(),
            },
            other => method_names(other)
                .into_iter()
                .map(|s: Symbol| s.to_string())
                .collect(),
        };
        out.sort();
        out.dedup();
        out
    }

    /// The dotted names of the modules `use` finds: the standard library
    /// and the `.spl` files under the search paths (a few levels deep).
    /// Sorted, without duplicates.
    pub fn module_names(&self) -> Vec<String> {
        self.loader.available()
    }
}
