//! The tokens the parser consumes.
//!
//! The lexer (`lexer.rs`) produces these from source text, including
//! [`Token::LineBreak`] for physical line ends; the layout pass (`layout.rs`)
//! replaces line breaks with the logical [`Token::Newline`], [`Token::Indent`]
//! and [`Token::Dedent`] the grammar is written in terms of.

use std::fmt;

use crate::symbol::Symbol;

#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    // ----- layout -----
    /// A physical line break (lexer output only; the layout pass removes it).
    LineBreak,
    /// End of a logical line.
    Newline,
    /// The following lines are indented deeper: a block starts.
    Indent,
    /// The indentation dropped back: a block ends.
    Dedent,

    // ----- literals -----
    /// An integer literal; suffixes (`42i64`, `255u64`) are checked for range
    /// by the lexer and dropped.
    Int(i64),
    /// A `u64` literal above `i64::MAX` (`9223372036854775808u64`): an
    /// unsigned value at run time.
    UInt(u64),
    Float(f64),
    /// `5_km`, `2.5_kg`: a number with a unit suffix (the suffix without
    /// its underscore).
    UnitInt(i64, Symbol),
    UnitFloat(f64, Symbol),
    /// A string with no interpolation: `"..."` without `{expr}`, `'...'`,
    /// `r"..."`, `"""..."""`. Escapes are already processed.
    Str(String),
    /// `"text"_suffix`: a string literal with a call suffix (the name keeps
    /// its leading underscore, e.g. `_filepath`).
    SuffixedStr(String, Symbol),
    /// Opens an interpolated string. Followed by any number of
    /// [`Token::FStrText`] and interpolations (`InterpOpen`, the expression's
    /// own tokens, `InterpClose`), then [`Token::FStrEnd`].
    FStrStart,
    /// Literal text inside an interpolated string (escapes processed; `{{`
    /// already turned into `{`). Empty `{}` / `{:spec}` placeholders are kept
    /// here as literal text.
    FStrText(String),
    /// The `{` starting an interpolated expression.
    InterpOpen,
    /// The `}` ending an interpolated expression, with the format spec that
    /// followed a top-level `:` (`{x:.2}` gives `Some(".2")`).
    InterpClose(Option<String>),
    /// Closes an interpolated string.
    FStrEnd,

    // ----- names -----
    Ident(Symbol),

    // ----- keywords -----
    Fn,
    Val,
    Var,
    Let,
    Mut,
    Const,
    If,
    Elif,
    Else,
    While,
    For,
    In,
    Loop,
    Break,
    Continue,
    Return,
    Match,
    Case,
    Struct,
    Class,
    Enum,
    Impl,
    Trait,
    Extern,
    Static,
    Me,
    Pub,
    Use,
    Import,
    As,
    Is,
    Not,
    And,
    Or,
    Xor,
    True,
    False,
    Nil,
    Pass,
    Async,
    Await,

    // ----- operators and punctuation -----
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    StarStar,
    EqEq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    Assign,
    PlusAssign,
    MinusAssign,
    StarAssign,
    SlashAssign,
    PercentAssign,
    Amp,
    Pipe,
    Caret,
    Tilde,
    Bang,
    Shl,
    Shr,
    AmpAmp,
    PipePipe,
    /// `??`
    QuestionQuestion,
    /// `?`
    Question,
    /// `.?`
    DotQuestion,
    /// `?.`
    QuestionDot,
    Dot,
    DotDot,
    DotDotEq,
    /// `...`
    Ellipsis,
    ColonColon,
    Colon,
    Comma,
    Semicolon,
    /// `->`
    Arrow,
    /// `=>`
    FatArrow,
    /// `\` starting a lambda (a `\` before a line break is a continuation and
    /// never becomes a token).
    Backslash,
    /// `@` starting a decorator line (`@name` or `@name(args)` before a
    /// declaration); an `@` elsewhere is skipped with what it names.
    At,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,

    /// Input the lexer could not make sense of; the lexer has already reported
    /// why. The parser treats it as an unexpected token.
    Error,
}

/// Every keyword's spelling (what [`Token::keyword`] recognises), for
/// tools such as the REPL's completion.
pub const KEYWORDS: &[&str] = &[
    "fn", "val", "var", "let", "mut", "const", "if", "elif", "else", "while", "for", "in", "loop",
    "break", "continue", "return", "match", "case", "struct", "class", "enum", "impl", "trait",
    "extern", "static", "me", "pub", "use", "import", "as", "is", "not", "and", "or", "xor",
    "true", "false", "nil", "pass", "async", "await",
];

impl Token {
    /// Looks up the keyword spelled `word`.
    pub fn keyword(word: &str) -> Option<Token> {
        Some(match word {
            "fn" => Token::Fn,
            "val" => Token::Val,
            "var" => Token::Var,
            "let" => Token::Let,
            "mut" => Token::Mut,
            "const" => Token::Const,
            "if" => Token::If,
            "elif" => Token::Elif,
            "else" => Token::Else,
            "while" => Token::While,
            "for" => Token::For,
            "in" => Token::In,
            "loop" => Token::Loop,
            "break" => Token::Break,
            "continue" => Token::Continue,
            "return" => Token::Return,
            "match" => Token::Match,
            "case" => Token::Case,
            "struct" => Token::Struct,
            "class" => Token::Class,
            "enum" => Token::Enum,
            "impl" => Token::Impl,
            "trait" => Token::Trait,
            "extern" => Token::Extern,
            "static" => Token::Static,
            "me" => Token::Me,
            "pub" => Token::Pub,
            "use" => Token::Use,
            "import" => Token::Import,
            "as" => Token::As,
            "is" => Token::Is,
            "not" => Token::Not,
            "and" => Token::And,
            "or" => Token::Or,
            "xor" => Token::Xor,
            "true" => Token::True,
            "false" => Token::False,
            "nil" => Token::Nil,
            "pass" => Token::Pass,
            "async" => Token::Async,
            "await" => Token::Await,
            _ => return None,
        })
    }

    /// How the token is described in "expected ..." messages.
    pub fn describe(&self) -> String {
        match self {
            Token::LineBreak | Token::Newline => "end of line".into(),
            Token::Indent => "indented block".into(),
            Token::Dedent => "end of block".into(),
            Token::Int(_) | Token::UInt(_) | Token::UnitInt(..) => "integer".into(),
            Token::Float(_) | Token::UnitFloat(..) => "float".into(),
            Token::Str(_) | Token::SuffixedStr(..) | Token::FStrStart => "string".into(),
            Token::FStrText(_) | Token::FStrEnd => "string text".into(),
            Token::InterpOpen => "`{`".into(),
            Token::InterpClose(_) => "`}`".into(),
            Token::Ident(_) => "name".into(),
            Token::Error => "invalid input".into(),
            other => format!("`{other}`"),
        }
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Token::LineBreak | Token::Newline => "end of line",
            Token::Indent => "indent",
            Token::Dedent => "dedent",
            Token::Int(v) => return write!(f, "{v}"),
            Token::UInt(v) => return write!(f, "{v}u64"),
            Token::Float(v) => return write!(f, "{v:?}"),
            Token::UnitInt(v, u) => return write!(f, "{v}_{u}"),
            Token::UnitFloat(v, u) => return write!(f, "{v:?}_{u}"),
            Token::Str(s) => return write!(f, "{s:?}"),
            Token::SuffixedStr(s, suffix) => return write!(f, "{s:?}{suffix}"),
            Token::FStrStart => "\"",
            Token::FStrText(s) => return write!(f, "{s}"),
            Token::InterpOpen => "{",
            Token::InterpClose(_) => "}",
            Token::FStrEnd => "\"",
            Token::Ident(name) => return write!(f, "{name}"),
            Token::Fn => "fn",
            Token::Val => "val",
            Token::Var => "var",
            Token::Let => "let",
            Token::Mut => "mut",
            Token::Const => "const",
            Token::If => "if",
            Token::Elif => "elif",
            Token::Else => "else",
            Token::While => "while",
            Token::For => "for",
            Token::In => "in",
            Token::Loop => "loop",
            Token::Break => "break",
            Token::Continue => "continue",
            Token::Return => "return",
            Token::Match => "match",
            Token::Case => "case",
            Token::Struct => "struct",
            Token::Class => "class",
            Token::Enum => "enum",
            Token::Impl => "impl",
            Token::Trait => "trait",
            Token::Extern => "extern",
            Token::Static => "static",
            Token::Me => "me",
            Token::Pub => "pub",
            Token::Use => "use",
            Token::Import => "import",
            Token::As => "as",
            Token::Is => "is",
            Token::Not => "not",
            Token::And => "and",
            Token::Or => "or",
            Token::Xor => "xor",
            Token::True => "true",
            Token::False => "false",
            Token::Nil => "nil",
            Token::Pass => "pass",
            Token::Async => "async",
            Token::Await => "await",
            Token::Plus => "+",
            Token::Minus => "-",
            Token::Star => "*",
            Token::Slash => "/",
            Token::Percent => "%",
            Token::StarStar => "**",
            Token::EqEq => "==",
            Token::NotEq => "!=",
            Token::Lt => "<",
            Token::LtEq => "<=",
            Token::Gt => ">",
            Token::GtEq => ">=",
            Token::Assign => "=",
            Token::PlusAssign => "+=",
            Token::MinusAssign => "-=",
            Token::StarAssign => "*=",
            Token::SlashAssign => "/=",
            Token::PercentAssign => "%=",
            Token::Amp => "&",
            Token::Pipe => "|",
            Token::Caret => "^",
            Token::Tilde => "~",
            Token::Bang => "!",
            Token::Shl => "<<",
            Token::Shr => ">>",
            Token::AmpAmp => "&&",
            Token::PipePipe => "||",
            Token::QuestionQuestion => "??",
            Token::Question => "?",
            Token::DotQuestion => ".?",
            Token::QuestionDot => "?.",
            Token::Dot => ".",
            Token::DotDot => "..",
            Token::DotDotEq => "..=",
            Token::Ellipsis => "...",
            Token::ColonColon => "::",
            Token::Colon => ":",
            Token::Comma => ",",
            Token::Semicolon => ";",
            Token::Arrow => "->",
            Token::FatArrow => "=>",
            Token::Backslash => "\\",
            Token::At => "@",
            Token::LParen => "(",
            Token::RParen => ")",
            Token::LBracket => "[",
            Token::RBracket => "]",
            Token::LBrace => "{",
            Token::RBrace => "}",
            Token::Error => "<error>",
        };
        f.write_str(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_list_every_keyword() {
        for word in KEYWORDS {
            let tok = Token::keyword(word).unwrap_or_else(|| panic!("{word} is no keyword"));
            assert_eq!(tok.to_string(), *word);
        }
        // Each keyword token once: as many distinct tokens as spellings.
        let mut seen: Vec<String> = KEYWORDS
            .iter()
            .filter_map(|w| Token::keyword(w))
            .map(|t| format!("{t:?}"))
            .collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), KEYWORDS.len());
    }
}
