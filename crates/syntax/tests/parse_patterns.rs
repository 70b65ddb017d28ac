//! Parser tests: patterns (fixtures in `tests/parse/patterns/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("patterns");
}
