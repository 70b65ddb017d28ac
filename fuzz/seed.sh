#!/usr/bin/env bash
# Builds the seed corpora under fuzz/corpus/ (not committed) from the
# repository: the .spl programs for `parse` and `run`, the SDN examples of
# docs/sdn.md and the SDN snippets of tests/spec/sdn_spec.spl for `sdn`, and a
# few SMF files made by `write_smf` for `smf`.
#
#   bash fuzz/seed.sh            (needs target/{debug,release}/simple for smf)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/fuzz/corpus"
mkdir -p "$corpus"/{parse,run,sdn,smf}

# Programs of up to 64 KiB: every .spl file of the tests, examples and library.
find "$root/tests" "$root/examples" "$root/spl" -name '*.spl' -size -64k -print0 |
    while IFS= read -r -d '' f; do
        name="$(echo "${f#"$root"/}" | tr '/' '_')"
        cp "$f" "$corpus/parse/$name"
        cp "$f" "$corpus/run/$name"
    done

# SDN: the ```sdn blocks of docs/sdn.md, one file each.
awk -v out="$corpus/sdn/doc" '
    /^```sdn/ { n++; file = out n ".sdn"; inside = 1; next }
    /^```/    { inside = 0; next }
    inside    { print > file }
' "$root/docs/sdn.md"
# and the one-line documents the spec parses (`expect_doc("...", ...)`,
# `error_of("...")`), with their `\n` escapes as line breaks.
grep -oE '(expect_doc|error_of)\("([^"\\]|\\.)*"' "$root/tests/spec/sdn_spec.spl" |
    sed -E 's/^(expect_doc|error_of)\("//; s/"$//' |
    awk -v out="$corpus/sdn/spec" '{ gsub(/\\n/, "\n"); printf "%s\n", $0 > (out NR ".sdn") }' || true

# SMF: files written by the library's own writer.
bin="$root/target/release/simple"
[ -x "$bin" ] || bin="$root/target/debug/simple"
if [ -x "$bin" ]; then
    prog="$(mktemp --suffix=.spl)"
    cat > "$prog" <<SPL
use std.loader.smf_cache
val dir = "$corpus/smf"
var big = []
for i in 0..300:
    big.push(i % 256)
val files = [
    ("empty", "m", [], {}),
    ("one", "app.core", [("code", bytes([1, 2, 3]))], {"version": 3}),
    ("two", "a.b", [("code", bytes(big)), ("data", "hello")], {"tags": ["x", "y"], "n": 1}),
    ("text", "t", [("readme", "line one\nline two\n")], {}),
]
for (file, name, sections, meta) in files:
    print("{file}: {write_smf("{dir}/{file}.smf", name, sections, meta)}")
SPL
    timeout 60 "$bin" run "$prog" || echo "seed.sh: writing SMF seeds failed" >&2
    rm -f "$prog"
else
    echo "seed.sh: no simple binary (cargo build -p simple-cli); smf corpus left empty" >&2
fi
for d in parse run sdn smf; do
    echo "$d: $(ls "$corpus/$d" | wc -l) seeds"
done
