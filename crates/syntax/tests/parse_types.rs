//! Parser tests: types (fixtures in `tests/parse/types/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("types");
}
