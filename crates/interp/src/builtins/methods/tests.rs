//! Misuse of the built-in methods gives a runtime error with a clear
//! message (never a panic). The behaviour of correct calls is covered by
//! the spec suite (`tests/spec/*_methods_spec.spl`).

use crate::{Error, Interpreter};

/// Runs `src` and returns the message of the runtime error it must raise.
fn error_of(src: &str) -> String {
    let (mut interp, _out) = Interpreter::new_captured();
    match interp.eval("<test>", src) {
        Err(Error::Runtime(e)) => e.message,
        Err(other) => format!("(not a runtime error: {other:?})"),
        Ok(v) => format!("(no error: the value {v:?})"),
    }
}

#[test]
fn wrong_arguments_are_runtime_errors() {
    let cases: &[(&str, &str)] = &[
        // Numbers.
        ("7.fdiv(0)", "division by zero (in `fdiv`)"),
        ("7.floor_mod(0)", "division by zero (in `floor_mod`)"),
        ("7.rem_euclid(0)", "division by zero (in `rem_euclid`)"),
        ("7.fdiv(\"2\")", "`fdiv` needs a number, found text"),
        ("(-9223372036854775807 - 1).fdiv(-1)", "integer overflow"),
        ("7.fdiv()", "`fdiv` takes 1 argument(s), 0 given"),
        ("(-1).chr()", "-1 is not a Unicode code point"),
        ("55296.to_char()", "55296 is not a Unicode code point"),
        ("(-5).digits()", "`digits` needs a non-negative int"),
        ("5.digits(1)", "`digits` needs a base in 2..=36"),
        ("5.gcd(2.0)", "`gcd` needs an int argument, found float"),
        (
            "(-9223372036854775807 - 1).gcd(0)",
            "integer overflow in `gcd`",
        ),
        ("3.times(5)", "int is not callable"),
        ("2.5.round_to(\"x\")", "`round_to` needs an int argument"),
        ("(1.0 / 0.0).truncate()", "cannot convert inf to int"),
        ("2.0.atan2(nil)", "`atan2` needs a number, found nil"),
        ("2.5.is_even()", "float has no method `is_even`"),
        // Texts.
        (
            "\"ab\".pad_left(\"5\")",
            "`pad_left` needs an int argument, found text",
        ),
        (
            "\"ab\".pad_left(5, \"xy\")",
            "`pad_left` needs a one-character fill text",
        ),
        (
            "\"ab\".center(5, 0)",
            "`center` needs a text argument, found int",
        ),
        (
            "\"ab\".zfill(5, \"0\")",
            "`zfill` takes 1 argument(s), 2 given",
        ),
        (
            "\"ab\".pad_left(2000000000)",
            "cannot pad a text to 2000000000 characters",
        ),
        (
            "\"ab\".last_index_of(1)",
            "`last_index_of` needs a text argument, found int",
        ),
        ("\"ab\".count(\"\")", "`count` needs a non-empty text"),
        ("\"ab\".find_all(\"\")", "`find_all` needs a non-empty text"),
        (
            "\"a=b\".partition(\"\")",
            "`partition` needs a non-empty separator",
        ),
        (
            "\"ab\".char_code()",
            "`char_code` needs a one-character text",
        ),
        ("\"ab\".ord()", "`ord` needs a one-character text"),
        (
            "\"ab\".char_code(5)",
            "index 5 out of range for text of length 2",
        ),
        (
            "\"ab\".substr(0, -1)",
            "`substr` needs a length of at least 0",
        ),
        (
            "\",\".join(5)",
            "`join` needs an array of items to join, found int",
        ),
        (
            "\"ab\".replace_first(\"\", \"x\")",
            "`replace_first` needs a non-empty text",
        ),
        (
            "\"ab\".strip_prefix()",
            "`strip_prefix` takes 1 argument(s), 0 given",
        ),
        // Arrays.
        (
            "[1, 2].chunks(0)",
            "`chunks` needs a size of at least 1, got 0",
        ),
        (
            "[1, 2].windows(-1)",
            "`windows` needs a size of at least 1, got -1",
        ),
        (
            "[1, 2].chunks(\"2\")",
            "`chunks` needs an int argument, found text",
        ),
        (
            "[1, 2].drop(nil)",
            "`drop` needs an int argument, found nil",
        ),
        (
            "[1, 2].group_by(\\x: [x])",
            "a `group_by` key must be a text, int, bool or tuple",
        ),
        (
            "[1, \"a\"].sorted()",
            "cannot sort: text and int cannot be compared",
        ),
        ("[1, \"a\"].min_by(\\x: x)", "cannot compare text with int"),
        (
            "[1, 2].max_by(\\a, b: \"x\")",
            "a comparator must return an int or a bool",
        ),
        ("[1, 2].flat_map(5)", "int is not callable"),
        (
            "[1, 2].take_while()",
            "`take_while` takes 1 argument(s), 0 given",
        ),
        ("[2, nil].product()", "cannot apply `*` to int and nil"),
        ("[1, 2].transpose()", "`transpose` needs an array of arrays"),
        (
            "[1, 2].to_dict()",
            "`to_dict` needs (key, value) pairs, found 1",
        ),
        ("[([1], 2)].to_dict()", "array cannot be a dict key"),
        ("[1].fetch(0)", "`fetch` takes 2 argument(s), 1 given"),
        (
            "[1].decode()",
            "array has no method `decode` (only bytes do)",
        ),
        ("[1, 2].each(\\a, b: a)", "argument"),
        (
            "(0..1000000000000).drop(1)",
            "range too large to turn into an array",
        ),
        (
            "(0..1000000000000).skip(1)",
            "range too large to turn into an array",
        ),
        // Dicts.
        (
            "var d = {\"a\": 1}\nd.update([1])",
            "`update` needs a dict, found array",
        ),
        (
            "var d = {\"a\": 1}\nd.setdefault([1], 0)",
            "array cannot be a dict key",
        ),
        (
            "var d = {\"a\": 1}\nd.pop()",
            "`pop` takes 1 to 2 argument(s), 0 given",
        ),
        (
            "{\"a\": 1}.get(\"a\", 1, 2)",
            "`get` takes 1 to 2 argument(s), 3 given",
        ),
        ("{\"a\": 1}.map_values(1)", "int is not callable"),
        ("{\"a\": 1}.count(5)", "int is not callable"),
        // Options and Results.
        (
            "5.unwrap_err()",
            "`unwrap_err` needs a Result (`Ok`/`Err`) receiver, found 5",
        ),
        ("nil.is_err_and(\\e: true)", "`is_err_and` needs a Result"),
        ("Ok(1).unwrap_err()", "called `unwrap_err` on Ok(1)"),
        (
            "Ok(1).expect_err(\"wanted an error\")",
            "wanted an error: 1",
        ),
        ("nil.or()", "`or` takes 1 argument(s), 0 given"),
        ("nil.map_or(0)", "`map_or` takes 2 argument(s), 1 given"),
        ("nil.or_else(5)", "int is not callable"),
        ("5.is_some_and(nil)", "nil is not callable"),
    ];
    let mut wrong = Vec::new();
    for (src, expected) in cases {
        let got = error_of(src);
        if !got.contains(expected) {
            wrong.push(format!(
                "{src}\n  expected: …{expected}…\n  got:      {got}"
            ));
        }
    }
    assert!(wrong.is_empty(), "wrong messages:\n{}", wrong.join("\n"));
}

#[test]
fn new_methods_bind_as_values() {
    let (mut interp, _out) = Interpreter::new_captured();
    let v = interp
        .eval("<test>", "val f = [3, 1, 2].sorted_by\nf(\\a, b: a - b)")
        .expect("a bound built-in method");
    assert_eq!(
        v,
        crate::Value::array(vec![
            crate::Value::Int(1),
            crate::Value::Int(2),
            crate::Value::Int(3)
        ])
    );
}
