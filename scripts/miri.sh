#!/usr/bin/env bash
# Runs the unsafe-code checks under Miri (an interpreter for Rust's MIR that
# reports undefined behaviour: use after free, out-of-bounds or misaligned
# access, invalid values, aliasing violations, leaks, data races).
#
#   scripts/miri.sh            # everything below; about 5 minutes on a 2-core VM
#   scripts/miri.sh -- FILTER  # extra arguments go to every test run
#
# What runs:
# - simple-interp: its unit tests (values, texts, `Ret`, a running function
#   whose global is cleared under it, ...), and in-process evaluator runs
#   (tests/eval_paths.rs: ints, floats, texts, calls, methods, lists), with
#   strict provenance: no pointer may be made from an integer.
# - simple-sffi: the unit tests that need no system calls Miri lacks (region
#   table, checked memory access, misc). SFFI hands addresses to Simple
#   programs as integers by design, so it runs with permissive provenance.
#
# Run it before any change to unsafe code (docs/performance.md). It needs a
# nightly toolchain with the miri component; it installs the component if
# it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

extra=()
if [[ "${1:-}" == "--" ]]; then
    shift
    extra=("$@")
fi

if ! cargo +nightly miri --version >/dev/null 2>&1; then
    rustup +nightly component add miri
fi
cargo +nightly miri setup >/dev/null

start=$SECONDS

echo "== simple-interp (strict provenance)" >&2
MIRIFLAGS="${MIRIFLAGS:-} -Zmiri-strict-provenance" \
    cargo +nightly miri test -p simple-interp \
    --lib --test eval_paths -- "${extra[@]}"

echo "== simple-sffi (pure unit tests)" >&2
# Skipped: malloc_failure_* (asks for more memory than Miri has), errno_is_recorded_*
# (unlink: a file-system call), strerror_* (Miri's strerror texts are not glibc's).
MIRIFLAGS="${MIRIFLAGS:-} -Zmiri-permissive-provenance" \
    cargo +nightly miri test -p simple-sffi --lib -- \
    region:: memory:: misc:: tests::sffi_error_displays_its_message tests::c_int_rejects_out_of_range \
    --skip malloc_failure_returns_zero_with_enomem \
    --skip errno_is_recorded_by_failing_calls \
    --skip strerror_gives_the_c_library_text \
    "${extra[@]}"

echo "miri: all passed in $((SECONDS - start)) s" >&2
