//! The reference of the built-in functions and methods: one entry per
//! function or method, with its other spellings, a signature and a one-line
//! description.
//!
//! The tables are `static` data, read only by `simple doc`, the REPL's
//! `:doc` and the generator of `docs/reference.md`; nothing here runs when
//! a program runs. A test walks the dispatch tables (`methods::*::NAMES`
//! and `EXTRA`, [`super::Builtin::ALL`]) and fails when a name the
//! interpreter accepts has no entry, or an entry names nothing it accepts.

mod array;
mod dict;
mod functions;
mod num;
mod option;
mod set;
mod text;

/// One function or method. `names[0]` is the name shown first; the others
/// are other spellings of the same thing.
#[derive(Debug)]
pub struct Entry {
    pub names: &'static [&'static str],
    /// The parameters and result, without the name: `(sep?: text) -> [text]`.
    pub sig: &'static str,
    /// One line.
    pub doc: &'static str,
}

/// The methods of one kind of receiver, or the built-in functions.
#[derive(Debug)]
pub struct Group {
    /// `text`, `number`, ...; `fn` for the functions.
    pub name: &'static str,
    /// How a signature names the receiver: `text` in `text.split(...)`;
    /// empty for the functions.
    pub receiver: &'static str,
    /// The section title.
    pub title: &'static str,
    /// Other names a lookup may use for this group (`str` for `text`).
    pub aliases: &'static [&'static str],
    /// A few lines that apply to every entry.
    pub intro: &'static str,
    pub entries: &'static [Entry],
}

/// Shorthand for the tables: `e(&["name", "alias"], "(args) -> result", "What it does.")`.
const fn e(names: &'static [&'static str], sig: &'static str, doc: &'static str) -> Entry {
    Entry { names, sig, doc }
}

/// Every group, in the order the reference shows them.
pub static GROUPS: &[Group] = &[
    functions::GROUP,
    text::GROUP,
    num::GROUP,
    array::GROUP,
    dict::GROUP,
    set::GROUP,
    option::GROUP,
];

impl Group {
    /// The entry one of whose names is `name`.
    pub fn entry(&self, name: &str) -> Option<&'static Entry> {
        self.entries.iter().find(|e| e.names.contains(&name))
    }

    /// Whether `name` names this group.
    pub fn is_named(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }

    /// Every name of every entry.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.entries.iter().flat_map(|e| e.names.iter().copied())
    }
}

impl Entry {
    /// `text.split(sep?: text) -> [text]`, or `len(x) -> int` for a
    /// function.
    pub fn signature(&self, group: &Group) -> String {
        if group.receiver.is_empty() {
            format!("{}{}", self.names[0], self.sig)
        } else {
            format!("{}.{}{}", group.receiver, self.names[0], self.sig)
        }
    }
}

#[cfg(test)]
mod tests;
