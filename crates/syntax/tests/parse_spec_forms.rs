//! Parser tests: spec forms (fixtures in `tests/parse/spec_forms/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("spec_forms");
}
