#!/usr/bin/env bash
# Instruction counts of the runtime workloads under callgrind (they do not vary between
# runs, so they show small changes that CPU times on a shared machine hide).
#
#   bench/callgrind.sh                      # every workload: simple, python3 and lua5.4
#   bench/callgrind.sh fib nbody            # some workloads
#   SIMPLE=/path/to/simple bench/callgrind.sh   # another simple binary (default
#                                           # target/release/simple, not rebuilt here)
#   PEERS=0 bench/callgrind.sh              # simple only
#
# Prints a Markdown table of millions of instructions (whole process, startup included).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

simple="${SIMPLE:-$root/target/release/simple}"
peers="${PEERS:-1}"
all=(fib loop sieve strings structs dict closures shapes nbody tree tokenizer traits format)
names=("$@")
[ "${#names[@]}" -gt 0 ] || names=("${all[@]}")

command -v valgrind >/dev/null 2>&1 || { echo "bench/callgrind.sh: valgrind is not installed" >&2; exit 2; }
[ -x "$simple" ] || { echo "bench/callgrind.sh: $simple not found (cargo build --release)" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Millions of instructions of one command (its output is thrown away).
count() {
    local log="$tmp/log"
    if ! timeout 1800 valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$@" \
        >/dev/null 2>"$log"; then
        echo "FAIL"
        return
    fi
    grep -o 'refs: *[0-9,]*' "$log" | tr -d ', ' | cut -d: -f2 | awk '{ printf "%.0f", $1 / 1e6 }'
}

if [ "$peers" = 1 ]; then
    echo "| workload | simple | python3 | lua5.4 | simple/python3 | simple/lua5.4 |"
    echo "|---|---:|---:|---:|---:|---:|"
else
    echo "| workload | simple |"
    echo "|---|---:|"
fi
for w in "${names[@]}"; do
    s="$(count "$simple" run "bench/$w.spl")"
    if [ "$peers" = 1 ]; then
        p="$(count /usr/bin/python3 "bench/peers/$w.py")"
        l="$(count lua5.4 "bench/peers/$w.lua")"
        rp="$(awk -v a="$s" -v b="$p" 'BEGIN { if (b > 0 && a > 0) printf "%.2f", a / b; else print "—" }')"
        rl="$(awk -v a="$s" -v b="$l" 'BEGIN { if (b > 0 && a > 0) printf "%.2f", a / b; else print "—" }')"
        echo "| $w | $s | $p | $l | $rp | $rl |"
    else
        echo "| $w | $s |"
    fi
done
