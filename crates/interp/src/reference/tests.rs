use super::*;

#[test]
fn an_entry_by_kind_and_name() {
    let split = "text.split(sep?: text) -> [text]\n    The pieces between occurrences of `sep`; without `sep`, the words between runs of whitespace; `\"\"` gives the characters.\n";
    assert_eq!(lookup("text.split").as_deref(), Ok(split));
    assert_eq!(lookup("str.split").as_deref(), Ok(split));
    assert_eq!(
        lookup("dict.get_or").as_deref(),
        Ok(
            "dict.get_or(key, default) -> any\n    The value at `key`, or `default` when missing.\n    Also spelled: fetch\n"
        )
    );
    assert_eq!(
        lookup("print_raw").as_deref(),
        Ok("print_raw(values...)\n    As `print`, without the newline.\n")
    );
}

#[test]
fn every_value_has_the_option_methods() {
    assert_eq!(
        lookup("bytes.unwrap_or").as_deref(),
        Ok(
            "value.unwrap_or(default) -> any\n    The value inside, or `default` for nil or an `Err`.\n"
        )
    );
}

#[test]
fn a_bare_name_shows_every_entry_of_that_name() {
    let shown = lookup("min").expect("min is documented");
    let heads: Vec<&str> = shown
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .collect();
    assert_eq!(
        heads,
        [
            "min(a, b, ...) / (items: array) -> any",
            "number.min(other: number) -> number",
            "array.min() -> any",
            "fn min(a, b)  (std.math.min)"
        ]
    );
}

#[test]
fn unknown_names_get_suggestions() {
    assert_eq!(
        lookup("text.splt"),
        Err("no entry for `text.splt` in the reference; did you mean `text.split`?".into())
    );
    assert_eq!(
        lookup("array.size"),
        Err("no entry for `array.size` in the reference; it is spelled `array.len` here".into())
    );
    assert_eq!(
        lookup("pirnt"),
        Err("no entry for `pirnt` in the reference; did you mean `print`?".into())
    );
    assert_eq!(
        lookup("std.io.read_txt"),
        Err(
            "no entry for `std.io.read_txt` in the reference; did you mean `std.io.read_text`?"
                .into()
        )
    );
    assert!(lookup("qqqqqqqqq").is_err());
}

#[test]
fn std_modules_and_their_items() {
    assert_eq!(
        lookup("std.io.read_text").as_deref(),
        Ok(
            "fn read_text(path: text) -> Result<text, IoError>  (std.io.read_text)\n    The whole file as text.\n"
        )
    );
    let io = lookup("std.io").expect("std.io is documented");
    assert!(
        io.starts_with("== std.io ==\nstd.io — reading and writing files"),
        "{io}"
    );
    assert!(
        io.contains("\nfn read_line() -> text?\n    The next line of standard input"),
        "{io}"
    );
    let all = lookup("std").expect("the module list");
    assert!(all.contains("    std.io "), "{all}");
}

#[test]
fn reexported_names_are_found_through_the_module_that_reexports_them() {
    // std.io.fs is written as parts and re-exports their names.
    let fs = lookup("std.io.fs").expect("std.io.fs is documented");
    assert!(
        fs.contains(
            "From std.io.fs.staging (`simple doc std.io.fs.staging`), also names of this module: "
        ) && fs.contains(" File, "),
        "{fs}"
    );
    let view = lookup("std.io.fs.File.view").expect("File.view through std.io.fs");
    assert!(
        view.starts_with("fn view(offset: i64 = 0, len: i64 = -1)  (std.io.fs.staging.File.view)"),
        "{view}"
    );
    assert!(lookup("std.io.fs.spawn").is_ok());
    assert!(lookup("std.io.fs.no_such_name").is_err());
}

#[test]
fn the_whole_reference_covers_every_group_and_module() {
    let all = text();
    for g in GROUPS {
        assert!(all.contains(&format!("== {} ==", g.title)), "{}", g.title);
    }
    for m in std_docs::modules() {
        assert!(all.contains(&format!("== {} ==", m.name)), "{}", m.name);
    }
}

/// `docs/reference.md` is `markdown()`'s output. Set `BLESS=1` to rewrite
/// it (or run `simple doc --markdown > docs/reference.md`).
#[test]
fn docs_reference_md_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/reference.md");
    let want = markdown();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &want).expect("write docs/reference.md");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/reference.md is stale: regenerate it with\n    cargo run -p simple-cli -- doc --markdown > docs/reference.md\nor  BLESS=1 cargo test -p simple-interp docs_reference_md"
    );
}

#[test]
fn a_kind_that_is_also_a_function() {
    assert_eq!(
        lookup("str").as_deref(),
        Ok(
            "str(x) -> text\n    The display form of `x`, as `print` shows it.\n\n(`simple doc text` shows all the text methods.)\n"
        )
    );
    assert!(lookup("list").is_ok_and(|t| t.starts_with("== Array methods ==")));
    assert!(lookup("dict").is_ok_and(|t| t.starts_with("== Dict methods ==")));
}
