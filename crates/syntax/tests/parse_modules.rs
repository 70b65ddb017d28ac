//! Parser tests: modules (fixtures in `tests/parse/modules/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("modules");
}
