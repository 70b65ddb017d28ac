//! Random programs through the whole pipeline (parse, resolve, compile,
//! run) in a sandboxed interpreter with small limits: whatever the outcome
//! — a value, diagnostics, a runtime error, a limit — it must not be a
//! panic. Lines of real statements are shuffled, cut and salted with stray
//! tokens by a fixed-seed generator, for a couple of seconds.
//!
//! `PIPELINE_SOUP_SEED` picks another set of programs and
//! `PIPELINE_SOUP_SECS` runs longer (the cargo-fuzz target `run` in `fuzz/`
//! is the thorough version of this test).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use simple_interp::Interpreter;

/// xorshift64*: small and deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const LINES: &[&str] = &[
    "var x = 0",
    "var s = \"ab\"",
    "val xs = [1, 2, 3]",
    "var d = {\"k\": 1, \"j\": [2]}",
    "x += 1",
    "x = x * 2 - 1",
    "s = s + \"{x}\"",
    "xs.push(x)",
    "d[\"k\"] = x",
    "print(x, s, xs, d)",
    "fn f(a, b = 2) -> i64: a * b",
    "fn g(n):",
    "    if n <= 0: return 0",
    "    g(n - 1) + 1",
    "print(f(x), g(3))",
    "for i in 0..4:",
    "    x += i",
    "while x < 20:",
    "    x += 3",
    "if x > 5:",
    "    print(\"big\")",
    "elif x < 0: print(\"neg\")",
    "else:",
    "    pass",
    "match x:",
    "    case 0: print(0)",
    "    case n if n > 3: print(n)",
    "    _: print(\"other\")",
    "struct P:",
    "    a: i64",
    "    me inc(): self.a += 1",
    "    fn get() -> i64: self.a",
    "var p = P(a: 1)",
    "p.inc()",
    "print(p.get())",
    "class C:",
    "    items: [i64]",
    "val c = C(items: [])",
    "c.items.push(1)",
    "enum E:",
    "    A(i64)",
    "    B",
    "val e = E.A(3)",
    "val t = (1, \"a\", nil)",
    "val r = Ok(1)",
    "val v = r? ",
    "val o = None ?? 4",
    "val lam = \\a: a + x",
    "print(lam(2))",
    "val ys = [for q in xs if q > 1: q * q]",
    "xs.sort()",
    "print(xs.map(_1 * 2).filter(\\q: q > 2).len())",
    "print(s[1:], s.upper(), \"{x:>5}\")",
    "val big = 2 ** 62",
    "print(big * 4)",
    "print(1 / 0)",
    "exit(3)",
    "use std.sdn",
    "print(sdn.parse(\"a: 1\"))",
    "trait T:",
    "    fn name() -> text",
    "impl T for P:",
    "    fn name() -> text: \"p\"",
    "assert x >= 0",
];

const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    "..",
    "?",
    "??",
    "=",
    "+",
    "-",
    "*",
    "**",
    "/",
    "%",
    "and",
    "or",
    "not",
    "if",
    "else",
    "elif",
    "fn",
    "me",
    "val",
    "var",
    "return",
    "break",
    "continue",
    "nil",
    "true",
    "0",
    "-1",
    "9223372036854775807",
    "\"",
    "\"{",
    "}\"",
    "\\",
    "x",
    "p",
    "xs",
    "self",
    "\n",
    "\n    ",
    "\n        ",
    "#",
    "match",
    "case",
    "_",
    "...",
    "::",
];

fn program(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(25) + 1 {
        let mut line = rng.pick(LINES).to_string();
        match rng.below(6) {
            0 => {
                let mut at = rng.below(line.len() + 1);
                while !line.is_char_boundary(at) {
                    at -= 1;
                }
                line.insert_str(at, rng.pick(TOKENS));
            }
            1 => {
                let mut at = rng.below(line.len() + 1);
                while !line.is_char_boundary(at) {
                    at -= 1;
                }
                line.truncate(at);
            }
            2 => line = format!("    {line}"),
            _ => {}
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn random_programs_never_panic() {
    let seed = std::env::var("PIPELINE_SOUP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_u64);
    let secs = std::env::var("PIPELINE_SOUP_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let mut rng = Rng(seed | 1);
    let start = Instant::now();
    let mut cases = 0;
    while start.elapsed() < Duration::from_secs(secs) || cases < 50 {
        let src = program(&mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let mut interp = Interpreter::new();
            interp.on_print(|_| {});
            interp.on_eprint(|_| {});
            interp.set_max_operations(5_000);
            interp.set_max_memory(64 * 1024);
            interp.set_time_limit(Duration::from_secs(1));
            let _ = interp.eval("soup.spl", &src);
            let _ = interp.eval("again.spl", &src);
        }));
        if outcome.is_err() {
            panic!("case {cases} (seed {seed}) panicked; the program:\n{src}");
        }
        cases += 1;
    }
    eprintln!("{cases} random programs in {:?}", start.elapsed());
}
