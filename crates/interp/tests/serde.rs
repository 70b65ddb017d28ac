//! The `serde` feature: any Serialize/Deserialize type to and from Simple.
#![cfg(feature = "serde")]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use simple_interp::serde_value::{from_value, to_value};
use simple_interp::{Interpreter, Serde, Value};

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
enum Mode {
    Fast,
    Careful,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
enum Shape {
    Dot,
    Circle(f64),
    Rect(f64, f64),
    Poly { sides: u8, size: f64 },
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Meters(f64);

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Config {
    name: String,
    ports: Vec<u16>,
    debug: Option<bool>,
    mode: Mode,
    shapes: Vec<Shape>,
    limits: BTreeMap<String, i64>,
    pair: (i64, String),
    height: Meters,
    initial: char,
}

fn sample() -> Config {
    Config {
        name: "api".into(),
        ports: vec![80, 443],
        debug: None,
        mode: Mode::Careful,
        shapes: vec![
            Shape::Dot,
            Shape::Circle(1.5),
            Shape::Rect(2.0, 3.0),
            Shape::Poly {
                sides: 6,
                size: 1.0,
            },
        ],
        limits: BTreeMap::from([("cpu".to_string(), 2), ("mem".to_string(), 512)]),
        pair: (7, "seven".into()),
        height: Meters(1.75),
        initial: 'a',
    }
}

#[test]
fn a_config_becomes_dicts_arrays_and_texts() {
    let v = to_value(&sample()).unwrap();
    assert_eq!(
        v.to_string(),
        // Dicts keep their keys sorted.
        "{debug: nil, height: 1.75, initial: a, limits: {cpu: 2, mem: 512}, mode: Careful, \
         name: api, pair: (7, seven), ports: [80, 443], \
         shapes: [Dot, {Circle: 1.5}, {Rect: (2.0, 3.0)}, {Poly: {sides: 6, size: 1.0}}]}"
    );
    assert_eq!(from_value::<Config>(&v).unwrap(), sample());
}

#[test]
fn programs_read_and_build_serde_values() {
    let mut interp = Interpreter::new_captured().0;
    interp.set_global("config", Serde(sample()));
    let v = interp
        .eval(
            "<r>",
            "[config[\"ports\"][1], config[\"mode\"], config[\"shapes\"][3][\"Poly\"][\"sides\"]]",
        )
        .unwrap();
    assert_eq!(v.to_string(), "[443, Careful, 6]");
    interp
        .eval(
            "<w>",
            "var next = config\nnext[\"mode\"] = \"Fast\"\nnext[\"debug\"] = true\nnext[\"shapes\"] = [{\"Circle\": 2}]",
        )
        .unwrap();
    let Serde(next) = interp.get_global::<Serde<Config>>("next").unwrap();
    let want = Config {
        mode: Mode::Fast,
        debug: Some(true),
        shapes: vec![Shape::Circle(2.0)],
        ..sample()
    };
    assert_eq!(next, want);
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Point {
    x: i64,
    y: i64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Reply {
    Empty,
    Value(i64),
    Pair(i64, i64),
    Named { a: i64, b: i64 },
}

#[test]
fn program_structs_and_enums_convert_by_name() {
    let mut interp = Interpreter::new_captured().0;
    let src = "struct Point:\n    x: i64\n    y: i64\nenum Reply:\n    Empty\n    Value(i64)\n    Pair(i64, i64)\n    Named(a: i64, b: i64)\nfn mirror(p: Point) -> Point:\n    Point(x: p.y, y: p.x)\nfn replies():\n    [Reply.Empty, Reply.Value(1), Reply.Pair(2, 3), Reply.Named(a: 4, b: 5)]";
    interp.eval("<p>", src).unwrap();
    // Into the program's own struct, which its functions accept.
    let Serde(p) = interp
        .call::<Serde<Point>>("mirror", (Serde(Point { x: 1, y: 2 }),))
        .unwrap();
    assert_eq!(p, Point { x: 2, y: 1 });
    let Serde(rs) = interp.call::<Serde<Vec<Reply>>>("replies", ()).unwrap();
    assert_eq!(
        rs,
        [
            Reply::Empty,
            Reply::Value(1),
            Reply::Pair(2, 3),
            Reply::Named { a: 4, b: 5 }
        ]
    );
}

#[test]
fn what_does_not_convert_is_an_error() {
    assert_eq!(
        to_value(&u64::MAX).unwrap_err().to_string(),
        "18446744073709551615 does not fit in a Simple int (i64)"
    );
    let float_keys = BTreeMap::from([(OrdF(1.5), 1)]);
    assert_eq!(
        to_value(&float_keys).unwrap_err().to_string(),
        "float cannot be a dict key (keys are ints, bools, texts and tuples of those)"
    );
    let v = to_value(&vec!["a", "b"]).unwrap();
    assert_eq!(
        from_value::<Vec<i64>>(&v).unwrap_err().to_string(),
        "invalid type: string \"a\", expected i64"
    );
    assert_eq!(
        from_value::<u8>(&Value::Int(300)).unwrap_err().to_string(),
        "invalid value: integer `300`, expected u8"
    );
}

#[test]
fn deep_nesting_is_refused_not_a_crash() {
    let mut interp = Interpreter::new_captured().0;
    let v = interp
        .eval("<deep>", "var x = []\nfor i in 0..100000:\n    x = [x]\nx")
        .unwrap();
    #[derive(Deserialize, Debug)]
    struct Nest(#[allow(dead_code)] Vec<Nest>);
    assert_eq!(
        from_value::<Nest>(&v).unwrap_err().to_string(),
        "value nested more than 128 levels deep"
    );
}

/// A float map key (serde allows any key type).
#[derive(Serialize, PartialEq)]
struct OrdF(f64);
impl Eq for OrdF {}
impl PartialOrd for OrdF {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for OrdF {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[test]
fn bytes_and_simple_structs_without_an_interpreter() {
    let v = Value::bytes(vec![1, 2, 255]);
    assert_eq!(from_value::<Vec<u8>>(&v).unwrap(), [1, 2, 255]);
    // An instance needs its program's field names.
    let mut interp = Interpreter::new_captured().0;
    let p = interp
        .eval("<s>", "struct P:\n    x: i64\nP(x: 1)")
        .unwrap();
    assert_eq!(
        from_value::<BTreeMap<String, i64>>(&p)
            .unwrap_err()
            .to_string(),
        "instance needs its program's field names: convert it with `Serde` through the interpreter"
    );
}
