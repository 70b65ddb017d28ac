//! Diagnostics: what went wrong, where, rendered with the source line
//! underlined (ariadne).
//!
//! Every stage reports through [`Diagnostic`]: lexing, layout, parsing, the
//! resolver and runtime errors. Rendering always starts with a
//! `file:line:col` location so that tools and people can jump to it.

use std::io::IsTerminal;

use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};

use crate::source::SourceFile;
use crate::span::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// One line saying what is wrong.
    pub message: String,
    /// Where: the primary span, underlined.
    pub span: Span,
    /// Text attached to the underline (e.g. "expected expression").
    pub label: Option<String>,
    /// Further spans in the same file worth pointing at.
    pub secondary: Vec<(Span, String)>,
    /// Free-form notes printed under the source excerpt.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            span,
            label: None,
            secondary: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.secondary.push((span, label.into()));
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// `file:line:col` of the primary span.
    pub fn location(&self, file: &SourceFile) -> String {
        let (line, col) = file.line_col(self.span.start);
        format!("{}:{}:{}", file.name(), line, col)
    }

    /// Renders the diagnostic: a `file:line:col: error: message` line, then
    /// the source excerpt with the span underlined, then the notes. The
    /// message is said once, in that first line.
    ///
    /// Only the lines the spans touch are handed to ariadne (so rendering
    /// costs the excerpt, not the file: many diagnostics in a big file stay
    /// linear), with the characters ariadne would take as line breaks but
    /// the lexer does not (lone `\r`, `\v`, `\f`, ...) shown as blanks, so
    /// the snippet's line numbers agree with the headline. An excerpt longer
    /// than [`MAX_QUOTED_BYTES`] is cut to a short quote around the span.
    pub fn render(&self, file: &SourceFile, color: bool) -> String {
        let text = file.text();
        let clamp = |s: Span| {
            let len = text.len();
            let start = (s.start as usize).min(len);
            let end = (s.end as usize).clamp(start, len);
            start..end
        };
        let name = file.name().to_string();
        let primary = clamp(self.span);
        let mut rendered = format!("{}: error: {}\n", self.location(file), self.message);
        let lines_of = |r: &std::ops::Range<usize>| {
            let first = file.line_col(r.start as u32).0;
            let last = file.line_col(r.end as u32).0.max(first);
            (first, last)
        };
        let (p_first, p_last) = lines_of(&primary);
        let mut first = p_first;
        let mut last = p_last;
        for (span, _) in &self.secondary {
            let (f, l) = lines_of(&clamp(*span));
            first = first.min(f);
            last = last.max(l);
        }
        let mut with_secondary = true;
        if file.lines_range(first, last).len() > MAX_QUOTED_BYTES {
            with_secondary = false;
            (first, last) = (p_first, p_last);
        }
        let window = file.lines_range(first, last);
        if window.len() > MAX_QUOTED_BYTES {
            rendered.push_str(&format!("  | {}\n", quote_around(text, primary.start)));
            for note in &self.notes {
                rendered.push_str(&format!("  = note: {note}\n"));
            }
            return rendered;
        }
        // The lines before the excerpt become empty lines, so that ariadne
        // numbers the excerpt's lines as the file does (one byte per line).
        let pad = first - 1;
        let mut excerpt = "\n".repeat(pad);
        excerpt.push_str(&blank_line_breaks(&text[window.clone()]));
        let shift = |r: std::ops::Range<usize>| {
            let s = r.start.clamp(window.start, window.end) - window.start + pad;
            let e = r.end.clamp(window.start, window.end) - window.start + pad;
            s..e.max(s)
        };
        let mut report = Report::build(ReportKind::Error, (name.clone(), shift(primary.clone())))
            .with_config(
                Config::new()
                    .with_color(color)
                    .with_index_type(IndexType::Byte),
            );
        // ariadne underlines only labelled spans: a diagnostic without its
        // own label text points with a short "here" (the headline says what).
        let label = Label::new((name.clone(), shift(primary)))
            .with_color(Color::Red)
            .with_message(self.label.as_deref().unwrap_or("here"));
        report.add_label(label);
        if with_secondary {
            for (span, text) in &self.secondary {
                report.add_label(
                    Label::new((name.clone(), shift(clamp(*span))))
                        .with_message(text)
                        .with_color(Color::Blue),
                );
            }
        }
        for note in &self.notes {
            report.add_note(note);
        }
        let mut out = Vec::new();
        let source = Source::from(excerpt.as_str());
        let written = report.finish().write((name.clone(), source), &mut out);
        match written {
            // The headline above says the message once: ariadne's own
            // `Error:` header line (drawn without a message) is left out.
            Ok(()) => {
                let out = String::from_utf8_lossy(&out);
                rendered.push_str(out.split_once('\n').map_or("", |(_, rest)| rest));
            }
            // ariadne failing to draw must not lose the error itself.
            Err(_) => {
                let (line, _) = file.line_col(self.span.start);
                rendered.push_str(&format!("  | {}\n", file.line_text(line)));
            }
        }
        rendered
    }
}

/// The most diagnostics reported for one run (as rustc does): the rest are
/// counted, not shown.
pub const MAX_REPORTED: usize = 100;

/// Renders diagnostics, at most [`MAX_REPORTED`] of them, then a line
/// saying how many more there were.
pub fn render_all<'a>(
    items: impl IntoIterator<Item = (&'a SourceFile, &'a Diagnostic)>,
    color: bool,
) -> String {
    let mut out = String::new();
    let mut count = 0usize;
    for (file, d) in items {
        count += 1;
        if count <= MAX_REPORTED {
            out.push_str(&d.render(file, color));
        }
    }
    if count > MAX_REPORTED {
        out.push_str(&format!(
            "error: aborting after {MAX_REPORTED} errors ({} more not shown)\n",
            count - MAX_REPORTED
        ));
    }
    out
}

/// The most source text one diagnostic quotes through ariadne; a longer
/// excerpt (a minified line, say) is cut to [`QUOTE_CHARS`] around the span.
pub const MAX_QUOTED_BYTES: usize = 4096;
const QUOTE_CHARS: usize = 80;

/// Up to [`QUOTE_CHARS`] characters each side of `at`, on its line.
fn quote_around(text: &str, at: usize) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let before: Vec<char> = text[line_start..at]
        .chars()
        .rev()
        .take(QUOTE_CHARS + 1)
        .collect();
    let after: Vec<char> = text[at..line_end].chars().take(QUOTE_CHARS + 1).collect();
    let mut out = String::new();
    if before.len() > QUOTE_CHARS {
        out.push_str("...");
    }
    out.extend(before.iter().take(QUOTE_CHARS).rev());
    out.extend(after.iter().take(QUOTE_CHARS));
    if after.len() > QUOTE_CHARS {
        out.push_str("...");
    }
    out.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `excerpt` with every character that ariadne takes as a line break but
/// the lexer does not (only `\n` and `\r\n` end lines) replaced by blanks
/// of the same byte length, so byte offsets stay valid.
fn blank_line_breaks(excerpt: &str) -> String {
    let mut out = String::with_capacity(excerpt.len());
    let mut chars = excerpt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            '\r' | '\x0B' | '\x0C' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()))
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether diagnostics on stderr should be coloured: only when stderr is a
/// terminal and `NO_COLOR` is not set.
pub fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_and_underline() {
        let file = SourceFile::new("t.spl", "val x = 1\nval y = )\n");
        let d = Diagnostic::error(Span::new(18, 19), "unexpected `)`")
            .with_label("expected an expression");
        let out = d.render(&file, false);
        assert!(
            out.starts_with("t.spl:2:9: error: unexpected `)`\n"),
            "{out}"
        );
        assert!(out.contains("val y = )"), "{out}");
        assert!(out.contains("expected an expression"), "{out}");
    }

    #[test]
    fn message_is_said_once() {
        let file = SourceFile::new("t.spl", "val x = 1\nval y = )\n");
        let out = Diagnostic::error(Span::new(18, 19), "unexpected `)`").render(&file, false);
        assert_eq!(out.matches("unexpected `)`").count(), 1, "{out}");
        assert!(!out.contains("Error:"), "{out}");
        assert!(out.contains("here"), "{out}");
    }

    #[test]
    fn snippet_line_numbers_agree_with_the_headline() {
        // Lone \r, \v and \f do not end lines for the lexer, nor here.
        for sep in ["\r", "\x0B", "\x0C", "\u{2028}"] {
            let src = format!("val a = 1{sep}val b = 2\nval c = $\n");
            let file = SourceFile::new("t.spl", src.as_str());
            let at = src.find('$').unwrap() as u32;
            let out = Diagnostic::error(Span::new(at, at + 1), "unexpected").render(&file, false);
            assert!(out.starts_with("t.spl:2:9: error: unexpected\n"), "{out}");
            assert!(out.contains("[ t.spl:2:9 ]"), "{out}");
            assert!(out.contains(" 2 │ val c = $"), "{out}");
            assert!(!out.contains(" 3 │"), "{out}");
        }
    }

    #[test]
    fn a_very_long_line_is_quoted_in_part() {
        let src = format!("val x = {}$\n", "1 + ".repeat(50_000));
        let file = SourceFile::new("t.spl", src.as_str());
        let at = src.find('$').unwrap() as u32;
        let out = Diagnostic::error(Span::new(at, at + 1), "unexpected").render(&file, false);
        assert!(out.len() < 1000, "{} bytes quoted", out.len());
        assert!(
            out.contains("  | ...") && out.contains("1 + 1 + $"),
            "{out}"
        );
    }

    #[test]
    fn many_diagnostics_are_capped_and_linear() {
        let src = "x = $\n".repeat(100_000);
        let file = SourceFile::new("t.spl", src.as_str());
        let diags: Vec<Diagnostic> = (0..100_000u32)
            .map(|i| Diagnostic::error(Span::new(i * 6 + 4, i * 6 + 5), "unexpected"))
            .collect();
        let start = std::time::Instant::now();
        let out = render_all(diags.iter().map(|d| (&file, d)), false);
        assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());
        assert_eq!(out.matches(": error: unexpected").count(), MAX_REPORTED);
        assert!(
            out.ends_with("error: aborting after 100 errors (99900 more not shown)\n"),
            "{}",
            &out[out.len() - 200..]
        );
    }

    #[test]
    fn span_past_end_is_clamped() {
        let file = SourceFile::new("t.spl", "x");
        let d = Diagnostic::error(Span::new(5, 9), "end of input");
        let out = d.render(&file, false);
        assert!(out.contains("end of input"));
    }
}
