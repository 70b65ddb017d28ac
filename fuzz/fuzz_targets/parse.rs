//! Lexer, layout pass, parser and formatter on arbitrary text: they must never
//! panic, hang or overflow the stack, whatever the input (errors are diagnostics).
#![no_main]

use libfuzzer_sys::fuzz_target;
use simple_syntax::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("fuzz.spl", text);
    let (_module, _diagnostics) = simple_syntax::parse_module(&file);
    let _ = simple_syntax::format::format_source(&file);
});
