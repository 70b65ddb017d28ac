//! Parser tests: literals (fixtures in `tests/parse/literals/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("literals");
}
