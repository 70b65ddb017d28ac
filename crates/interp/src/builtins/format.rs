//! Format specs (`{x:.2}`, `{x:>8}`, `{:?}`) and `format()` placeholders.

use crate::error::{Eval, fail};
use crate::ops::type_name;
use crate::types::TypeTable;
use crate::value::{Value, format_float, write_debug, write_display};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Align {
    Left,
    Right,
    Center,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Display,
    Debug,
    LowerHex,
    UpperHex,
    Binary,
    Octal,
    Exp,
}

/// A parsed spec: `[[fill]align][+][#][0][width][.precision][type]`.
#[derive(Clone, Debug, PartialEq)]
pub struct FormatSpec {
    fill: char,
    align: Option<Align>,
    plus: bool,
    alternate: bool,
    zero: bool,
    width: usize,
    precision: Option<usize>,
    kind: Kind,
}

impl FormatSpec {
    pub fn parse(spec: &str) -> Result<FormatSpec, String> {
        let mut out = FormatSpec {
            fill: ' ',
            align: None,
            plus: false,
            alternate: false,
            zero: false,
            width: 0,
            precision: None,
            kind: Kind::Display,
        };
        let chars: Vec<char> = spec.chars().collect();
        let mut i = 0;
        let align_of = |c: char| match c {
            '<' => Some(Align::Left),
            '>' => Some(Align::Right),
            '^' => Some(Align::Center),
            _ => None,
        };
        if chars.len() >= 2 && align_of(chars[1]).is_some() {
            out.fill = chars[0];
            out.align = align_of(chars[1]);
            i = 2;
        } else if let Some(a) = chars.first().and_then(|c| align_of(*c)) {
            out.align = Some(a);
            i = 1;
        }
        if chars.get(i) == Some(&'+') {
            out.plus = true;
            i += 1;
        }
        if chars.get(i) == Some(&'#') {
            out.alternate = true;
            i += 1;
        }
        if chars.get(i) == Some(&'0') {
            out.zero = true;
            i += 1;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i > start {
            let digits: String = chars[start..i].iter().collect();
            out.width = digits
                .parse()
                .map_err(|_| format!("format width `{digits}` is too large"))?;
        }
        if chars.get(i) == Some(&'.') {
            i += 1;
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return Err(format!(
                    "format spec `{spec}`: `.` must be followed by a precision"
                ));
            }
            let digits: String = chars[start..i].iter().collect();
            out.precision = Some(
                digits
                    .parse()
                    .map_err(|_| format!("precision `{digits}` is too large"))?,
            );
        }
        let rest: String = chars[i..].iter().collect();
        out.kind = match rest.as_str() {
            "" => Kind::Display,
            "?" => Kind::Debug,
            "x" => Kind::LowerHex,
            "X" => Kind::UpperHex,
            "b" => Kind::Binary,
            "o" => Kind::Octal,
            "e" => Kind::Exp,
            other => return Err(format!("unknown format type `{other}` in spec `{spec}`")),
        };
        if out.width > 1 << 20 || out.precision.is_some_and(|p| p > 1 << 10) {
            return Err(format!("format spec `{spec}` asks for too much padding"));
        }
        Ok(out)
    }
}

/// Appends `v` formatted by `spec`.
pub fn write_formatted(
    out: &mut String,
    v: &Value,
    spec: &FormatSpec,
    types: &TypeTable,
) -> Eval<()> {
    let mut body = String::new();
    let numeric = matches!(v, Value::Int(_) | Value::Float(_));
    match (spec.kind, v) {
        (Kind::Debug, _) => write_debug(&mut body, v, Some(types)),
        (Kind::LowerHex | Kind::UpperHex | Kind::Binary | Kind::Octal, Value::Int(i)) => {
            let (prefix, digits) = match spec.kind {
                Kind::LowerHex => ("0x", format!("{i:x}")),
                Kind::UpperHex => ("0x", format!("{i:X}")),
                Kind::Binary => ("0b", format!("{i:b}")),
                _ => ("0o", format!("{i:o}")),
            };
            if spec.alternate {
                body.push_str(prefix);
            }
            body.push_str(&digits);
        }
        (Kind::Exp, Value::Float(f)) => match spec.precision {
            Some(p) => body.push_str(&format!("{f:.p$e}")),
            None => body.push_str(&format!("{f:e}")),
        },
        (Kind::Exp, Value::Int(i)) => body.push_str(&format!("{:e}", *i as f64)),
        (Kind::Display, Value::Float(f)) => match spec.precision {
            Some(p) => body.push_str(&format!("{f:.p$}")),
            None => format_float(&mut body, *f),
        },
        (Kind::Display, Value::Int(i)) => match spec.precision {
            Some(p) => body.push_str(&format!("{:.p$}", *i as f64)),
            None => body.push_str(&i.to_string()),
        },
        (Kind::Display, Value::Text(s)) => match spec.precision {
            // Precision on a text truncates it (as in Rust).
            Some(p) => body.extend(s.chars().take(p)),
            None => body.push_str(s),
        },
        (Kind::Display, _) => write_display(&mut body, v, Some(types)),
        (_, other) => {
            return fail(format!(
                "format type in spec needs a number, found {}",
                type_name(other, Some(types))
            ));
        }
    }
    if spec.plus && numeric && !body.starts_with('-') {
        body.insert(0, '+');
    }
    let len = body.chars().count();
    if len >= spec.width {
        out.push_str(&body);
        return Ok(());
    }
    let pad = spec.width - len;
    if spec.zero && numeric && spec.align.is_none() {
        // Zero padding goes after the sign.
        let (sign, digits) = match body.strip_prefix(['-', '+']) {
            Some(rest) => (&body[..1], rest),
            None => ("", body.as_str()),
        };
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', pad));
        out.push_str(digits);
        return Ok(());
    }
    let align = spec
        .align
        .unwrap_or(if numeric { Align::Right } else { Align::Left });
    let (left, right) = match align {
        Align::Left => (0, pad),
        Align::Right => (pad, 0),
        Align::Center => (pad / 2, pad - pad / 2),
    };
    out.extend(std::iter::repeat_n(spec.fill, left));
    out.push_str(&body);
    out.extend(std::iter::repeat_n(spec.fill, right));
    Ok(())
}

/// Whether a text holds positional placeholders (`{}`, `{:?}`, `{:.2}`).
pub fn has_placeholders(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'{' {
            if b[i + 1] == b'{' {
                i += 2;
                continue;
            }
            if b[i + 1] == b'}' || b[i + 1] == b':' || b[i + 1].is_ascii_digit() {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// `format(fmt, args...)`: fills `{}`, `{N}` and `{:spec}` / `{N:spec}`
/// placeholders; `{{` and `}}` are literal braces.
pub fn format_placeholders(fmt: &str, args: &[Value], types: &TypeTable) -> Eval<String> {
    let mut out = String::with_capacity(fmt.len() + 16 * args.len());
    let mut next = 0;
    let mut chars = fmt.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let Some(close) = fmt[i..].find('}') else {
                    return fail("unclosed `{` in format string (write `{{` for a literal brace)");
                };
                let inner = &fmt[i + 1..i + close];
                while chars.peek().is_some_and(|p| p.0 <= i + close) {
                    chars.next();
                }
                let (pos, spec) = match inner.split_once(':') {
                    Some((p, s)) => (p, Some(s)),
                    None => (inner, None),
                };
                let index = if pos.is_empty() {
                    next += 1;
                    next - 1
                } else {
                    pos.parse::<usize>().map_err(|_| {
                        crate::error::rt_error(format!(
                            "bad placeholder `{{{inner}}}` in format string"
                        ))
                    })?
                };
                let Some(v) = args.get(index) else {
                    return fail(format!(
                        "format string needs argument {} but only {} given",
                        index + 1,
                        args.len()
                    ));
                };
                match spec {
                    None => write_display(&mut out, v, Some(types)),
                    Some(spec) => {
                        let spec = FormatSpec::parse(spec).map_err(crate::error::rt_error)?;
                        write_formatted(&mut out, v, &spec, types)?;
                    }
                }
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(v: Value, spec: &str) -> String {
        let mut s = String::new();
        write_formatted(
            &mut s,
            &v,
            &FormatSpec::parse(spec).unwrap(),
            &TypeTable::new(),
        )
        .unwrap();
        s
    }

    #[test]
    fn specs() {
        assert_eq!(fmt(Value::Float(1.23456), ".2"), "1.23");
        assert_eq!(fmt(Value::Int(42), ">8"), "      42");
        assert_eq!(fmt(Value::text("ab"), "<5"), "ab   ");
        assert_eq!(fmt(Value::Int(42), "08"), "00000042");
        assert_eq!(fmt(Value::Int(-42), "06"), "-00042");
        assert_eq!(fmt(Value::Int(255), "x"), "ff");
        assert_eq!(fmt(Value::Int(255), "#x"), "0xff");
        assert_eq!(fmt(Value::text("hi"), "?"), "\"hi\"");
        assert_eq!(fmt(Value::text("hi"), "*^6"), "**hi**");
        assert_eq!(fmt(Value::Float(2.0), ""), "2.0");
    }

    #[test]
    fn placeholders() {
        let t = TypeTable::new();
        let args = [Value::Int(1), Value::text("x"), Value::Float(0.5)];
        assert_eq!(
            format_placeholders("{} {:?} {:.3}", &args, &t).unwrap(),
            "1 \"x\" 0.500"
        );
        assert_eq!(
            format_placeholders("{{}} {1}{0}", &args, &t).unwrap(),
            "{} x1"
        );
        assert!(has_placeholders("a {} b"));
        assert!(!has_placeholders("a {{}} b"));
    }
}
