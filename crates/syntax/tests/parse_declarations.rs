//! Parser tests: declarations (fixtures in `tests/parse/declarations/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("declarations");
}
