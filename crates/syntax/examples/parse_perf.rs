//! Times lexing+layout and parsing separately on the benchmark corpus.
//! `cargo run --release -p simple-syntax --example parse_perf [lines]`
#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::time::Instant;

fn main() {
    let lines: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let src = corpus::program(lines);
    let file = simple_syntax::SourceFile::new("bench.spl", src);
    for _ in 0..3 {
        let t = Instant::now();
        let (tokens, _) = simple_syntax::tokenize(&file);
        let lex = t.elapsed();
        let n = tokens.len();
        let t = Instant::now();
        let (m, d) = simple_syntax::parser::parse_tokens(file.text(), tokens, &[]);
        let parse = t.elapsed();
        assert!(d.is_empty());
        let t = Instant::now();
        drop(m);
        let dropt = t.elapsed();
        println!("{lines} lines, {n} tokens: lex+layout {lex:?}, parse {parse:?}, drop {dropt:?}");
    }
}
