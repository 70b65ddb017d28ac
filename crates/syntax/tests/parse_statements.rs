//! Parser tests: statements (fixtures in `tests/parse/statements/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("statements");
}
