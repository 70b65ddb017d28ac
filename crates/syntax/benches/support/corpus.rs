//! A deterministic generator of large Simple programs that use every
//! construct of the subset (shared by the benchmark and the perf example).

/// One chunk of about 50 lines; `i` varies names and numbers.
fn chunk(i: usize, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(
        out,
        r#"# chunk {i}
use std.io.fs{i}
use a.b{i}.{{x, y as z}}
const LIMIT_{i} = {i}_000
val name_{i}: text = "item {{count}} of {{total:.2}}"
var counter_{i} = 0x{i:x} + 0b1010 * 3 ** 2 - -{i}
struct Point{i}:
    """A point."""
    x: i64
    y: i64 = 0
    fn norm() -> i64:
        self.x.abs() + self.y.abs()
    me shift(dx: i64):
        self.x += dx
enum Shape{i}:
    Circle(f64)
    Rect(w: f64, h: f64)
    Empty
impl Shape{i}:
    fn area() -> f64:
        match self:
            case Shape{i}.Circle(r): 3.14159 * r * r
            case Rect(w, h) if w > 0.0: w * h
            case _: 0.0
fn compute_{i}(xs: [i64], limit: i64 = 10, ...rest: text) -> Result<i64, text>:
    var total = 0
    for (j, x) in xs.enumerate():
        if x > limit and not (x in rest):
            total = total + x * j
        elif x == 0 or x is nil:
            continue
        else:
            total -= 1
    while total > 1_000 and {{}}.len() < 3:
        total /= 2
    val evens = [x * 2 for x in xs if x % 2 == 0]
    val table = {{k: v for (k, v) in pairs}}
    val f = \a, b: a + b
    val g = xs.map(fn(x):
        val y = x << 1 | 1
        y ^ 3
    )
    val p = Point{i} {{ x: 1, y: 2 }}
    val s = xs[1:3] ?? [*evens, 0]
    val t = p?.x.? and f(a: 1, b = 2) as i64 >= 0
    return Ok(total + s[0] + t.0)
describe "compute {i}":
    before_each:
        counter_{i} = 0
    context "with data":
        it "works":
            expect compute_{i}([1, 2, 3]) == Ok(6)
            expect(counter_{i}).to_equal(0)
    skip_it "later": pass
class Counter{i}:
    var n: i64 = 0
    me bump(by: i64 = 1) -> i64:
        self.n += by
        self.n
trait Named{i}:
    fn name() -> text
impl Named{i} for Point{i}:
    fn name() -> text: "p{i}"
extern fn host_{i}(x: i64, data: [u8]) -> i64?
import lib.part{i}
async fn worker_{i}(q: {{text: i64}}, f: fn(i64) -> i64):
    val (a, b) = (await q.get(), \: 42)
    if val Some(v) = q.find("k"):
        loop:
            if v xor 1 == 0 or a not in [1..=3]: break
            val s = "{{v:>8}}" + "path"_text
            v = v?.next.? ?? xs[::-1][0] as i64
    while val Some(x) = q.pop():
        match x:
            0 | 1 => "small"
            n if n ** 2 > 100 => "big"
            _ => "mid"
"#
    );
}

/// At least `lines` lines of source.
pub fn program(lines: usize) -> String {
    let mut out = String::with_capacity(lines * 32);
    let mut i = 0;
    let mut count = 0;
    while count < lines {
        let before = out.len();
        chunk(i, &mut out);
        count += out[before..].bytes().filter(|&b| b == b'\n').count();
        i += 1;
    }
    out
}
