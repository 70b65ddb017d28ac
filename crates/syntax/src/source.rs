//! Source files and the mapping from byte offsets to line/column.

use std::sync::Arc;

/// One source file: the name shown in diagnostics and its full text.
///
/// Cheap to clone (shared); diagnostics and runtime errors keep a handle to
/// the file they point into.
#[derive(Clone, Debug)]
pub struct SourceFile {
    inner: Arc<SourceInner>,
}

#[derive(Debug)]
struct SourceInner {
    name: String,
    text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push((i + 1) as u32);
            }
        }
        SourceFile {
            inner: Arc::new(SourceInner {
                name: name.into(),
                text,
                line_starts,
            }),
        }
    }

    pub fn name(&self) -> &str {
        &self.inner.name
    }

    pub fn text(&self) -> &str {
        &self.inner.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let starts = &self.inner.line_starts;
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line] as usize;
        let end = (offset as usize).min(self.inner.text.len());
        let col = self
            .inner
            .text
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(end - start);
        (line + 1, col + 1)
    }

    /// The byte range of the 1-based lines `first..=last`, with the last
    /// one's line break (empty past the end).
    pub fn lines_range(&self, first: usize, last: usize) -> std::ops::Range<usize> {
        let starts = &self.inner.line_starts;
        let len = self.inner.text.len();
        let at = |line: usize| starts.get(line).map_or(len, |&s| s as usize);
        at(first.saturating_sub(1))..at(last)
    }

    /// The text of the 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = &self.inner.line_starts;
        if line == 0 || line > starts.len() {
            return "";
        }
        let start = starts[line - 1] as usize;
        let end = starts
            .get(line)
            .map(|&e| e as usize)
            .unwrap_or(self.inner.text.len());
        self.inner.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn ptr_eq(&self, other: &SourceFile) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

/// Reads a source file as text. Invalid UTF-8 is an error that says where:
/// "invalid UTF-8 at byte 17 (line 2)".
pub fn read_text(path: &std::path::Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("invalid UTF-8 at byte {at} (line {line})"),
        )
    })
}

#[cfg(test)]
mod read_tests {
    #[test]
    fn invalid_utf8_says_where() {
        let path = std::env::temp_dir().join(format!("simple-bad-utf8-{}.spl", std::process::id()));
        std::fs::write(&path, b"print(1)\nprint(\"\xff\")\n").unwrap();
        let e = super::read_text(&path).unwrap_err();
        let _ = std::fs::remove_file(&path);
        assert_eq!(e.to_string(), "invalid UTF-8 at byte 16 (line 2)");
    }
}
