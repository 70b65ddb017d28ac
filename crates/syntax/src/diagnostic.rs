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
        let mut report = Report::build(ReportKind::Error, (name.clone(), primary.clone()))
            .with_config(
                Config::new()
                    .with_color(color)
                    .with_index_type(IndexType::Byte),
            );
        // ariadne underlines only labelled spans: a diagnostic without its
        // own label text points with a short "here" (the headline says what).
        let label = Label::new((name.clone(), primary))
            .with_color(Color::Red)
            .with_message(self.label.as_deref().unwrap_or("here"));
        report.add_label(label);
        for (span, text) in &self.secondary {
            report.add_label(
                Label::new((name.clone(), clamp(*span)))
                    .with_message(text)
                    .with_color(Color::Blue),
            );
        }
        for note in &self.notes {
            report.add_note(note);
        }
        let mut out = Vec::new();
        let written = report
            .finish()
            .write((name.clone(), Source::from(text)), &mut out);
        let mut rendered = format!("{}: error: {}\n", self.location(file), self.message);
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
    fn span_past_end_is_clamped() {
        let file = SourceFile::new("t.spl", "x");
        let d = Diagnostic::error(Span::new(5, 9), "end of input");
        let out = d.render(&file, false);
        assert!(out.contains("end of input"));
    }
}
