//! Prints the token stream of a file after layout (a debugging aid).
//! `cargo run -p simple-syntax --example tokens FILE`
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: tokens FILE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let file = simple_syntax::SourceFile::new(path, text);
    let (toks, diags) = simple_syntax::tokenize(&file);
    for (t, s) in toks {
        print!("{t:?}@{}..{} ", s.start, s.end);
        if t == simple_syntax::Token::Newline {
            println!();
        }
    }
    println!();
    for d in diags {
        println!("{}: {}", d.location(&file), d.message);
    }
}
