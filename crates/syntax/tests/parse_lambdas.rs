//! Parser tests: lambdas (fixtures in `tests/parse/lambdas/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("lambdas");
}
