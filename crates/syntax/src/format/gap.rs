//! The text between two tokens: what the lexer skipped. It holds blanks,
//! line breaks, comments (`# ...`, `/* ... */`), attributes (`#[...]`),
//! decorators (`@name(...)`) and line continuations (`\` + line break);
//! this splits it into those pieces the way the lexer recognises them.

/// One piece of a gap.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Piece<'a> {
    /// Blanks (spaces, tabs, carriage returns, form feeds).
    Blank(&'a str),
    /// A line break.
    Newline,
    /// A comment, attribute or decorator, kept as written (it may span
    /// lines: a block comment, a bracketed attribute); `start` is its
    /// offset in the file.
    Verbatim { text: &'a str, start: usize },
    /// `\`, optional blanks and comment, and the line break: the next line
    /// continues this one.
    Continuation(&'a str),
}

/// Splits `gap` (which starts at offset `base` in the file).
pub(super) fn pieces(gap: &str, base: usize) -> Vec<Piece<'_>> {
    let b = gap.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        match b[i] {
            b' ' | b'\t' | b'\r' | 0x0C => {
                while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | 0x0C) {
                    i += 1;
                }
                out.push(Piece::Blank(&gap[start..i]));
                continue;
            }
            b'\n' => {
                out.push(Piece::Newline);
                i += 1;
                continue;
            }
            b'#' if b.get(i + 1) == Some(&b'[') => {
                i = balanced(b, i + 2, b'[', b']').unwrap_or_else(|| line_end(b, i));
            }
            b'#' => i = line_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => i = block_comment_end(b, i + 2),
            b'@' => {
                i += 1;
                while i < b.len() && (is_name_byte(b[i]) || b[i] == b'.') {
                    i += 1;
                }
                if b.get(i) == Some(&b'(') {
                    i = balanced(b, i + 1, b'(', b')').unwrap_or_else(|| line_end(b, i));
                }
            }
            b'\\' => {
                // `\`, blanks, an optional comment, the line break.
                i = line_end(b, i);
                if i < b.len() {
                    i += 1;
                }
                out.push(Piece::Continuation(&gap[start..i]));
                continue;
            }
            _ => {
                // Nothing else is skipped by the lexer; keep it as it is.
                i += gap[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        i = i.clamp(start + 1, b.len());
        // A line comment's trailing blanks (a CR of a CRLF line end among
        // them) are not part of it.
        let mut text = &gap[start..i];
        if b[start] == b'#' && b.get(start + 1) != Some(&b'[') {
            text = text.trim_end_matches([' ', '\t', '\r', '\x0C']);
        }
        out.push(Piece::Verbatim {
            text,
            start: base + start,
        });
    }
    out
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// The offset of the `\n` ending the line that holds `from`, or the end.
fn line_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| from + p)
}

/// After a nested `/* ... */` whose body starts at `from`.
fn block_comment_end(b: &[u8], from: usize) -> usize {
    let mut depth = 1usize;
    let mut i = from;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            depth += 1;
            i += 2;
        } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

/// After the `close` matching an `open` just before `from`, skipping
/// quoted strings, as the lexer does for attributes and decorators.
fn balanced(b: &[u8], from: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 1usize;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i + 1);
            }
        } else if c == b'"' || c == b'\'' {
            i += 1;
            while i < b.len() && b[i] != c {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_what_the_lexer_skips() {
        let gap = "  # note \r\n\n    #[attr(\"]\")] @dec(1)\t\\ # more\n/* a\n b */";
        let p = pieces(gap, 10);
        assert_eq!(
            p,
            vec![
                Piece::Blank("  "),
                Piece::Verbatim {
                    text: "# note",
                    start: 12
                },
                Piece::Newline,
                Piece::Newline,
                Piece::Blank("    "),
                Piece::Verbatim {
                    text: "#[attr(\"]\")]",
                    start: 26
                },
                Piece::Blank(" "),
                Piece::Verbatim {
                    text: "@dec(1)",
                    start: 39
                },
                Piece::Blank("\t"),
                Piece::Continuation("\\ # more\n"),
                Piece::Verbatim {
                    text: "/* a\n b */",
                    start: 56
                },
            ]
        );
    }
}
