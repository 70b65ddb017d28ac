#!/usr/bin/env bash
# Run the Simple benchmarks against CPython 3.11 and Lua 5.4 and print a Markdown table.
#
#   bench/run.sh                 # build target/release/simple, run everything 5 times
#   bench/run.sh -n 10           # 10 timed runs per workload and interpreter
#   bench/run.sh --only fib,loop # some workloads only (repeatable)
#   bench/run.sh --peers-only    # python3 and lua5.4 only; no cargo build
#   bench/run.sh --no-build      # use the existing target/release/simple
#   bench/run.sh --help          # all options (bench/run.py)
#
# See bench/README.md for how to read the table and the bar simple has to meet.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

build=1
for arg in "$@"; do
    case "$arg" in
        --peers-only | --no-build | -h | --help) build=0 ;;
    esac
done

find_missing() {
    missing=()
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    command -v lua5.4 >/dev/null 2>&1 || missing+=(lua5.4)
    command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
    [ -x /usr/bin/time ] || missing+=("time (/usr/bin/time)")
}
find_missing
if [ "${#missing[@]}" -gt 0 ] && [ -z "${BENCH_NO_INSTALL:-}" ]; then
    # The peers come from the distribution's packages (apt): install what is missing
    # rather than stop (set BENCH_NO_INSTALL=1 to only report it).
    echo "bench/run.sh: missing: ${missing[*]}; running bench/install-peers.sh" >&2
    bash "$here/install-peers.sh" >&2 || true
    find_missing
fi
if [ "${#missing[@]}" -gt 0 ]; then
    echo "bench/run.sh: missing: ${missing[*]}" >&2
    echo "bench/run.sh: install them with:  bash bench/install-peers.sh" >&2
    exit 2
fi

extra=()
if [ "$build" -eq 1 ]; then
    echo "bench/run.sh: cargo build --release" >&2
    if ! cargo build --release >&2; then
        echo "" >&2
        echo "bench/run.sh: *** cargo build --release FAILED: simple will show as n/a ***" >&2
        echo "" >&2
        extra+=(--simple-unavailable "cargo build --release failed")
    fi
fi

exec python3 "$here/run.py" "$@" "${extra[@]}"
