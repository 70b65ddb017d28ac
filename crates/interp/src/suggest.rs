//! "Did you mean ...?" suggestions by edit distance.

/// Edit distance between two short strings, counting a swap of two
/// adjacent characters as one edit (the commonest typo).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j - 1] + cost)
                .min(d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[n][m]
}

/// The candidates closest to `name` (at most `limit`), closest first; only
/// those within a distance that makes a typo plausible.
pub fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<String> {
    let max = (name.chars().count() / 3).clamp(1, 3);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, c)| *d <= max || (c.len() > 3 && (c.contains(name) || name.contains(*c))))
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(limit)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// Formats suggestions as ` (did you mean `a` or `b`?)`, or nothing.
pub fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("did you mean `{one}`?"),
        many => {
            let quoted: Vec<String> = many.iter().map(|s| format!("`{s}`")).collect();
            format!("did you mean one of {}?", quoted.join(", "))
        }
    }
}

/// Method names other languages use, grouped with the spelling this
/// interpreter knows; within a group, the preferred spelling comes first.
const SPELLINGS: &[&[&str]] = &[
    &["len", "length", "size", "count"],
    &["sort", "sorted"],
    &["reverse", "reversed"],
    &["push", "append", "add", "push_back"],
    &["contains", "has", "includes", "include"],
    &["upper", "to_upper", "uppercase", "upcase", "toUpperCase"],
    &["lower", "to_lower", "lowercase", "downcase", "toLowerCase"],
    &["trim", "strip"],
    &["trim_start", "trim_left", "lstrip", "trimStart"],
    &["trim_end", "trim_right", "rstrip", "trimEnd"],
    &["starts_with", "startswith", "startsWith", "start_with"],
    &["ends_with", "endswith", "endsWith", "end_with"],
    &["to_text", "to_string", "to_s", "to_str", "toString"],
    &["for_each", "each", "forEach"],
    &["reduce", "fold", "inject"],
    &["filter", "select"],
    &["map", "collect"],
    &["find", "detect"],
    &["remove", "delete"],
    &["index_of", "index", "indexOf"],
    &["is_empty", "empty", "isEmpty"],
    &["substring", "substr"],
    &["contains_key", "has_key", "containsKey"],
    &["first", "head"],
];

/// When `name` is another language's spelling of a method the receiver has
/// (`size` for `len`, `sorted` for `sort`), that method's name here.
pub fn other_spelling(name: &str, has: impl Fn(&str) -> bool) -> Option<&'static str> {
    SPELLINGS
        .iter()
        .filter(|group| group.contains(&name))
        .flat_map(|group| group.iter())
        .find(|m| **m != name && has(m))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }

    #[test]
    fn suggests_close_names() {
        let c = closest("lenght", ["length", "len", "height", "zzz"], 3);
        assert_eq!(c[0], "length");
    }

    #[test]
    fn other_spellings() {
        let has = |m: &str| ["len", "count", "sorted"].contains(&m);
        assert_eq!(other_spelling("size", has), Some("len"));
        assert_eq!(other_spelling("length", has), Some("len"));
        assert_eq!(other_spelling("sort", has), Some("sorted"));
        assert_eq!(other_spelling("frobnicate", has), None);
    }
}
