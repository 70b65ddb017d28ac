//! Every code example of `LANGUAGE.md` parses without diagnostics
//! (fixtures in `tests/parse/spec/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("spec");
}
