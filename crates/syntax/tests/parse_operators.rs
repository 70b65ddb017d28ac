//! Parser tests: operators (fixtures in `tests/parse/operators/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("operators");
}
