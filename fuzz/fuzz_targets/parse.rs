//! Lexer, layout pass, parser and formatter on arbitrary text: they must never panic, hang or
//! overflow the stack, whatever the input (errors are diagnostics). The tree is also
//! printed (the `simple parse` dump), which walks every node, and the diagnostics are
//! rendered as `simple check` shows them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use simple_syntax::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("fuzz.spl", text);
    let (module, diagnostics) = simple_syntax::parse_module(&file);
    for d in &diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end as usize <= text.len());
    }
    let _ = simple_syntax::printer::print_module(&module);
    // The report a user sees: headline, quoted line, underline.
    let _ = simple_syntax::diagnostic::render_all(diagnostics.iter().map(|d| (&file, d)), false);
    // The formatter must not panic either.
    let _ = simple_syntax::format::format_source(&file);
});
