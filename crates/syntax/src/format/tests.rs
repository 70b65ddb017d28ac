use super::gap::{Piece, pieces};
use super::*;
use crate::token::Token;

fn fmt(src: &str) -> String {
    match format_source(&SourceFile::new("t.spl", src)) {
        Ok(s) => s,
        Err(FormatError::Syntax(d)) => panic!("syntax error: {:?}", d[0].message),
        Err(FormatError::Unsafe(d)) => panic!("unsafe: {}", d.message),
    }
}

#[track_caller]
fn check(src: &str, want: &str) {
    let got = fmt(src);
    assert_eq!(got, want, "\n--- got ---\n{got}--- want ---\n{want}");
    assert_eq!(fmt(&got), got, "not idempotent");
}

#[test]
fn reindents_blocks_to_four_spaces() {
    check(
        "fn f(x):\n  if x > 0:\n      return 1\n  else:\n\treturn 2\n",
        "fn f(x):\n    if x > 0:\n        return 1\n    else:\n        return 2\n",
    );
}

#[test]
fn spaces_binary_operators_and_commas() {
    check(
        "val x=1+2*3\nvar y=[1,2 ,3]\ny[0]+=x-1\nprint(x==3 and y!=[] , -x)\n",
        "val x = 1 + 2 * 3\nvar y = [1, 2, 3]\ny[0] += x - 1\nprint(x == 3 and y != [], -x)\n",
    );
}

#[test]
fn prefix_operators_stick_to_their_operand() {
    check(
        "val a = - 1\nval b = [1, - a]\nval c = a*-2\nreturn - a\nfn f(x):\n    x\n    - 1\n",
        "val a = -1\nval b = [1, -a]\nval c = a * -2\nreturn -a\nfn f(x):\n    x\n    -1\n",
    );
}

#[test]
fn colons_and_brackets() {
    check(
        "fn f( x:i64 ) -> i64 :\n    val d = { \"a\" :1 }\n    x\nval s = xs[1:n]\nval t = xs[ 1 : ]\n",
        "fn f(x: i64) -> i64:\n    val d = { \"a\": 1 }\n    x\nval s = xs[1:n]\nval t = xs[1 :]\n",
    );
}

#[test]
fn keeps_the_authors_choice_where_taste_or_meaning_differ() {
    let src = "val r = f(x=1, y = 2)\nval o: Option<T> = nil\nval q = a<b or a<1 or b>-1 or x  >y\nval g = xs.map(|x| x+1)\nys->push(3)\nuse a.b.*\nval s = :sym\n";
    check(
        src,
        "val r = f(x=1, y = 2)\nval o: Option<T> = nil\nval q = a<b or a < 1 or b > -1 or x > y\nval g = xs.map(|x| x + 1)\nys->push(3)\nuse a.b.*\nval s = :sym\n",
    );
}

#[test]
fn strings_and_docstrings_are_copied_as_written() {
    let src = "fn f():\n  \"\"\"Doc\n     keeps   its  lines.\n  \"\"\"\n  print(\"a+b  {x+1}\", f\"{ y }\", 'c  d', r\"e\\n\")\n";
    check(
        src,
        "fn f():\n    \"\"\"Doc\n     keeps   its  lines.\n  \"\"\"\n    print(\"a+b  {x+1}\", f\"{ y }\", 'c  d', r\"e\\n\")\n",
    );
}

#[test]
fn comments_stay_with_their_block() {
    check(
        "# top\n\n\n\nfn f():\n  # first\n  a()  # trailing\n    # still in f\n\n  b()\n  # end of f\n# before g\nfn g(): pass\n# last\n\n\n",
        "# top\n\n\nfn f():\n    # first\n    a()  # trailing\n    # still in f\n\n    b()\n    # end of f\n# before g\nfn g(): pass\n# last\n",
    );
}

#[test]
fn continuation_lines_keep_their_offset() {
    check(
        "fn f():\n  val xs = [1,\n            2]\n  val y = 1 + \\\n      2\n  val z = a and\n      b\n",
        "fn f():\n    val xs = [1,\n              2]\n    val y = 1 + \\\n        2\n    val z = a and\n        b\n",
    );
}

#[test]
fn lambdas_with_blocks_inside_brackets() {
    check(
        "fn main():\n  val ys = xs.map(fn(x):\n      val y = x*2\n      # the result\n      y+1\n  )\n  print(ys)\n",
        "fn main():\n    val ys = xs.map(fn(x):\n        val y = x * 2\n        # the result\n        y + 1\n    )\n    print(ys)\n",
    );
}

#[test]
fn expect_conditions_keep_their_text() {
    check(
        "it \"x\":\n  expect 1+1==2\n  expect(a  ==  b)\n  val c=1\n",
        "it \"x\":\n    expect 1+1==2\n    expect(a  ==  b)\n    val c = 1\n",
    );
}

#[test]
fn attributes_decorators_and_block_comments_are_kept() {
    check(
        "@test\n#[inline]\nfn f(): /* one */ 1\n/* two\n   lines */\nval x = f(/* a */ 2 /* b */)\n",
        "@test\n#[inline]\nfn f(): /* one */ 1\n/* two\n   lines */\nval x = f(/* a */ 2 /* b */)\n",
    );
}

#[test]
fn blank_lines_and_line_ends() {
    check(
        "\n\n\nval a = 1   \r\n\r\n\r\n\r\nval b = 2\nfn f():\n    a()\n\n\n\n    # c\n\n\n    b()",
        "val a = 1\n\n\nval b = 2\nfn f():\n    a()\n\n    # c\n\n    b()\n",
    );
    check("x = 1 # c \r\n# d\t\r\n", "x = 1 # c\n# d\n");
    check("", "");
    check("# only a comment", "# only a comment\n");
}

#[test]
fn files_with_errors_are_not_formatted() {
    let r = format_source(&SourceFile::new("t.spl", "val = 1\n"));
    assert!(matches!(r, Err(FormatError::Syntax(_))));
}

/// Every comment, attribute and decorator of a file, in order.
fn comments(src: &str) -> Vec<String> {
    let file = SourceFile::new("c.spl", src);
    let (tokens, _) = crate::tokenize(&file);
    let mut out = Vec::new();
    let mut done = if src.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut fstr = 0usize;
    for (tok, span) in &tokens {
        if matches!(tok, Token::Newline | Token::Indent | Token::Dedent) {
            continue;
        }
        let start = span.start as usize;
        if fstr == 0 && start >= done {
            for p in pieces(&src[done..start], done) {
                if let Piece::Verbatim { text, .. } = p {
                    out.push(text.trim_end().to_string());
                }
                if let Piece::Continuation(s) = p
                    && let Some(c) = s.find('#')
                {
                    out.push(s[c..].trim_end().to_string());
                }
            }
        }
        match tok {
            Token::FStrStart => fstr += 1,
            Token::FStrEnd => fstr = fstr.saturating_sub(1),
            _ => {}
        }
        done = done.max(span.end as usize);
    }
    for p in pieces(&src[done..], done) {
        if let Piece::Verbatim { text, .. } = p {
            out.push(text.trim_end().to_string());
        }
    }
    out
}

#[test]
fn comments_of_a_file_are_found() {
    assert_eq!(
        comments("# a\nx = f\"{y} # not\" # b\n/* c */\n"),
        ["# a", "# b", "/* c */"]
    );
}

fn spl_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() && !p.is_symlink() {
            spl_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "spl") {
            out.push(p);
        }
    }
}

/// On every `.spl` file of the repository (and of the upstream samples in
/// /tmp/upstream and /tmp/upstream2 when they are there, as on a
/// developer's machine): the formatted text parses to the same tree (the
/// formatter checks that itself, and would refuse), formatting it again
/// changes nothing, and every comment is still there, in order.
#[test]
fn the_corpus_round_trips() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["spl", "examples", "tests", "bench"] {
        spl_files(&root.join(dir), &mut files);
    }
    for dir in ["/tmp/upstream", "/tmp/upstream2"] {
        spl_files(std::path::Path::new(dir), &mut files);
    }
    let mut formatted = 0;
    let mut failures = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let file = SourceFile::new(path.display().to_string(), text.as_str());
        let out = match format_source(&file) {
            Ok(out) => out,
            Err(FormatError::Syntax(_)) => continue,
            Err(FormatError::Unsafe(d)) => {
                failures.push(format!("{}: {}", d.location(&file), d.message));
                continue;
            }
        };
        formatted += 1;
        match format_source(&SourceFile::new("again", out.as_str())) {
            Ok(again) if again == out => {}
            Ok(_) => failures.push(format!("{}: formatting twice differs", path.display())),
            Err(_) => failures.push(format!("{}: the formatted text fails", path.display())),
        }
        if comments(&text) != comments(&out) {
            failures.push(format!("{}: comments changed", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(formatted > 100, "only {formatted} files formatted");
}

#[test]
fn method_references_and_unit_literals_keep_their_shape() {
    check(
        "val n = words.map(&:len)\nval f = &:upper\nval d = 5_km+2.5_km\n",
        "val n = words.map(&:len)\nval f = &:upper\nval d = 5_km + 2.5_km\n",
    );
}

#[test]
fn suspension_forms_keep_their_tilde() {
    check(
        "for~ i in xs:\n    f(i)\nwhile~ busy():\n    wait()\nx ~= fetch()\n",
        "for~ i in xs:\n    f(i)\nwhile~ busy():\n    wait()\nx ~= fetch()\n",
    );
}
