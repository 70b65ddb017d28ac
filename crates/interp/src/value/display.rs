//! How values print: the display form used by `print` and interpolation, and
//! the debug form (`{:?}`) that quotes texts.

use std::fmt::Write;

use super::Value;
use crate::types::TypeTable;

/// Containers nested deeper than this print as `...` (also guards against
/// cycles through class instances).
const MAX_DEPTH: usize = 64;

/// A value paired with the type table, for `format!`-style use.
pub struct DisplayValue<'a>(pub &'a Value, pub Option<&'a TypeTable>);

impl std::fmt::Display for DisplayValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        write_display(&mut s, self.0, self.1);
        f.write_str(&s)
    }
}

/// Appends the display form of `v` (texts unquoted, also inside containers).
pub fn write_display(out: &mut String, v: &Value, types: Option<&TypeTable>) {
    write_value(out, v, types, false, 0)
}

/// Appends the debug form of `v` (texts quoted and escaped).
pub fn write_debug(out: &mut String, v: &Value, types: Option<&TypeTable>) {
    write_value(out, v, types, true, 0)
}

/// Formats a float so that it always shows a fraction or exponent.
pub fn format_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("NaN");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "inf" } else { "-inf" });
    } else if f == f.trunc() && f.abs() < 1e16 {
        let _ = write!(out, "{f:.1}");
    } else {
        let _ = write!(out, "{f:?}");
    }
}

fn write_text_debug(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_seq<'a>(
    out: &mut String,
    items: impl Iterator<Item = &'a Value>,
    types: Option<&TypeTable>,
    debug: bool,
    depth: usize,
) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(out, item, types, debug, depth + 1);
    }
}

fn type_name(types: Option<&TypeTable>, id: u32) -> String {
    match types {
        Some(t) => t.name(id).as_str().to_string(),
        None => format!("<type {id}>"),
    }
}

/// The decimal digits of `i` (with a `-` when negative), written into the
/// end of `buf`. `str(i)` and interpolation format ints on every loop
/// round; this is several times cheaper than going through `fmt`.
pub fn int_digits(i: i64, buf: &mut [u8; 20]) -> &str {
    let mut n = i.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    // SAFETY: only ASCII digits and '-' were written to buf[at..].
    unsafe { std::str::from_utf8_unchecked(&buf[at..]) }
}

fn write_byte_list(out: &mut String, b: &[u8]) {
    out.push('[');
    for (i, byte) in b.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{byte}");
    }
    out.push(']');
}

fn write_value(out: &mut String, v: &Value, types: Option<&TypeTable>, debug: bool, depth: usize) {
    if depth > MAX_DEPTH {
        out.push_str("...");
        return;
    }
    match v {
        Value::Nil => out.push_str("nil"),
        Value::Undefined => out.push_str("<undefined>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(int_digits(*i, &mut [0; 20])),
        Value::Float(f) => format_float(out, *f),
        Value::U64(u) => {
            let _ = write!(out, "{u}");
        }
        Value::Text(s) => {
            if debug {
                write_text_debug(out, s)
            } else {
                out.push_str(s)
            }
        }
        Value::Bytes(b) => write_byte_list(out, b),
        Value::View(view) => match view.bytes() {
            Ok(b) => write_byte_list(out, b),
            Err(_) => {
                let _ = write!(out, "<released view of {}>", view.source().what());
            }
        },
        Value::Array(items) => {
            out.push('[');
            write_seq(out, items.values().iter(), types, debug, depth);
            out.push(']');
        }
        Value::Tuple(items) => {
            out.push('(');
            write_seq(out, items.values().iter(), types, debug, depth);
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Value::Dict(d) => {
            out.push('{');
            for (i, (k, val)) in d.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, k.value(), types, debug, depth + 1);
                out.push_str(": ");
                write_value(out, val, types, debug, depth + 1);
            }
            out.push('}');
        }
        // As the literal that makes it: `s{1, 2, 3}`, `s{}`.
        Value::Set(d) => {
            out.push_str("s{");
            for (i, k) in d.keys().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, k.value(), types, debug, depth + 1);
            }
            out.push('}');
        }
        Value::Range(r) if r.step != 1 => {
            let _ = write!(out, "range({}, {}, {})", r.start, r.end, r.step);
        }
        Value::Range(r) => {
            let _ = write!(
                out,
                "{}..{}{}",
                r.start,
                if r.inclusive { "=" } else { "" },
                r.end
            );
        }
        Value::Struct(inst) => write_instance(out, inst.ty, &inst.fields, types, debug, depth),
        Value::Object(obj) => match obj.try_borrow() {
            Ok(inst) => write_instance(out, inst.ty, &inst.fields, types, debug, depth),
            Err(_) => out.push_str("<object in use>"),
        },
        Value::Variant(var) => {
            write_variant_name(out, var.ty, var.variant, types);
            let named = types
                .and_then(|t| t.types.get(var.ty as usize))
                .and_then(|t| t.variants.get(var.variant as usize))
                .filter(|info| info.named);
            out.push('(');
            match named {
                Some(info) => {
                    for (i, (name, val)) in info.fields.iter().zip(var.fields.iter()).enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        let _ = write!(out, "{name}: ");
                        write_value(out, val, types, debug, depth + 1);
                    }
                }
                None => write_seq(out, var.fields.iter(), types, debug, depth),
            }
            out.push(')');
        }
        Value::UnitVariant(ty, variant) => write_variant_name(out, *ty, *variant, types),
        Value::Function(def) => {
            let _ = write!(out, "<fn {}>", def.display_name);
        }
        Value::Closure(c) => {
            let _ = write!(out, "<fn {}>", c.def.display_name);
        }
        Value::Native(n) => {
            let _ = write!(out, "<builtin {}>", n.name);
        }
        Value::Bound(b) => match &b.method {
            super::BoundKind::User(def) => {
                let _ = write!(out, "<bound method {}>", def.display_name);
            }
            super::BoundKind::Builtin(name) => {
                let _ = write!(out, "<bound method {name}>");
            }
        },
        Value::Type(id) => out.push_str(&type_name(types, *id)),
        Value::Module(id) => {
            let _ = write!(out, "<module {id}>");
        }
        Value::Host(h) => {
            let _ = write!(out, "<{}>", h.type_name());
        }
    }
}

fn write_variant_name(out: &mut String, ty: u32, variant: u32, types: Option<&TypeTable>) {
    match types.and_then(|t| t.types.get(ty as usize)) {
        Some(info) => {
            let vname = info
                .variants
                .get(variant as usize)
                .map(|v| v.name.as_str())
                .unwrap_or("?");
            if ty == super::builtin_types::RESULT {
                out.push_str(vname);
            } else {
                let _ = write!(out, "{}.{}", info.name, vname);
            }
        }
        None => {
            let _ = write!(out, "<variant {ty}.{variant}>");
        }
    }
}

fn write_instance(
    out: &mut String,
    ty: u32,
    fields: &[Value],
    types: Option<&TypeTable>,
    debug: bool,
    depth: usize,
) {
    match types.and_then(|t| t.types.get(ty as usize)) {
        Some(info) => {
            let _ = write!(out, "{}(", info.name);
            for (i, (name, val)) in info.fields.iter().zip(fields.iter()).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{name}: ");
                write_value(out, val, types, debug, depth + 1);
            }
            out.push(')');
        }
        None => {
            out.push_str("<instance>(");
            write_seq(out, fields.iter(), types, debug, depth);
            out.push(')');
        }
    }
}
