//! Parse throughput: lex + layout + parse of a deterministic
//! 100,000-line program using every construct. Prints lines/second.
//!
//! `cargo bench -p simple-syntax --bench parse`

use std::time::Instant;

use criterion::{Criterion, Throughput};
use simple_syntax::{SourceFile, parse_module};

#[path = "support/corpus.rs"]
mod corpus;

fn bench(c: &mut Criterion) {
    let src = corpus::program(100_000);
    let lines = src.lines().count();
    let file = SourceFile::new("bench.spl", src);
    let (_m, diags) = parse_module(&file);
    assert!(
        diags.is_empty(),
        "generated program has errors: {}",
        diags[0].render(&file, false)
    );

    // One plain timing for a lines/second figure.
    let start = Instant::now();
    let runs = 5;
    for _ in 0..runs {
        std::hint::black_box(parse_module(&file));
    }
    let secs = start.elapsed().as_secs_f64() / runs as f64;
    println!(
        "parse: {lines} lines, {} bytes in {:.1} ms = {:.0} lines/s",
        file.text().len(),
        secs * 1e3,
        lines as f64 / secs
    );

    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(lines as u64));
    group.sample_size(10);
    group.bench_function("lex_layout_parse_100k_lines", |b| {
        b.iter(|| parse_module(std::hint::black_box(&file)))
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
