#!/usr/bin/env bash
# Staging benchmark: std.io.fs workers on staged files.
#
#   bench/staging.sh [--no-build] [W]
#
#   W = worker count (default 2: the machine this project is measured on has 2 cores;
#   the interpreter has no core-count extern). --no-build uses the existing
#   target/release/simple instead of running `cargo build --release` first.
#
# Measures, with the release build:
#   1. speedup of W workers over 1 worker on a CPU-bound per-byte pass (FNV-1a, 3 rounds
#      over 8 MiB staged MAP_SHARED), median of 3; target >= 1.8x on 2 idle cores. A
#      CPython run of the same shape of work (1 vs W forked processes) is printed next to
#      it as a control: it shows how much parallelism the machine gives right now.
#   2. fork + join latency per worker (spawn(\: 0).join(), mean and median of 200),
#      next to CPython's os.fork() + os.waitpid(); target <= 1 ms.
#   3. read/pread64 system calls made by the workers on the data files' descriptors,
#      counted with `strace -f -y -e trace=read,pread64` (installed with apt-get if
#      missing); target 0 for MmapShared. Also shown: Prefetch (0 in the workers; the
#      parent's one pread per file) and None (workers pread: the count the tracing can
#      see when reads do happen).
#
# Prints the figures and a summary table on stdout. Exit status 0 when it could measure
# (missed targets are reported as MISS, not as a failure of the script).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=1
if [[ "${1:-}" == "--no-build" ]]; then
    BUILD=0
    shift
fi
W="${1:-2}"
SIMPLE=./target/release/simple

if [[ $BUILD == 1 ]]; then
    cargo build --release -q
fi
echo "# staging benchmark (W = $W)"
echo
echo "machine: $(nproc) cores online; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

SECONDS=0
echo "## 1. speedup: 1 worker vs $W workers"
echo '$ simple run bench/staging.spl speedup '"$W"' 8 3'
speed_out=$("$SIMPLE" run bench/staging.spl speedup "$W" 8 3)
echo "$speed_out"
speedup=$(sed -n 's/^speedup: \([0-9.]*\)x$/\1/p' <<<"$speed_out")
echo '$ python3 bench/staging_peer.py speedup '"$W"
py_speed_out=$(python3 bench/staging_peer.py speedup "$W")
echo "$py_speed_out"
py_speedup=$(sed -n 's/^python speedup: \([0-9.]*\)x$/\1/p' <<<"$py_speed_out")
echo

echo "(section 1: ${SECONDS} s)"; SECONDS=0
echo "## 2. fork + join latency"
echo '$ simple run bench/staging.spl fork 200'
fork_out=$("$SIMPLE" run bench/staging.spl fork 200)
echo "$fork_out"
fork_mean=$(sed -n 's/^spawn + join, one at a time.*: mean \([0-9]*\) us, median \([0-9]*\) us$/\1/p' <<<"$fork_out")
fork_median=$(sed -n 's/^spawn + join, one at a time.*: mean \([0-9]*\) us, median \([0-9]*\) us$/\2/p' <<<"$fork_out")
echo '$ python3 bench/staging_peer.py fork 200'
py_fork_out=$(python3 bench/staging_peer.py fork 200)
echo "$py_fork_out"
py_fork_mean=$(sed -n 's/.*: mean \([0-9]*\) us, median \([0-9]*\) us$/\1/p' <<<"$py_fork_out")
py_fork_median=$(sed -n 's/.*: mean \([0-9]*\) us, median \([0-9]*\) us$/\2/p' <<<"$py_fork_out")
echo

echo "(section 2: ${SECONDS} s)"; SECONDS=0
echo "## 3. read/pread64 calls on the data files inside the workers (strace -f -y)"
if ! command -v strace >/dev/null 2>&1; then
    echo "installing strace with apt-get"
    (apt-get update -qq && apt-get install -y -qq strace) >/dev/null
fi
trace_dir=$(mktemp -d /tmp/simple-bench-strace-XXXXXX)
trap 'rm -rf "$trace_dir"' EXIT

# count_calls LOG PIDS: read/pread64 calls made by those pids (all pids when empty) on
# the data files. `strace -y` prints each descriptor with its path, so descriptor numbers
# reused for other files (the script, modules, the files while they were written) never
# count.
count_calls() {
    awk -v pids="$2" '
        BEGIN { n = split(pids, p, " "); for (i = 1; i <= n; i++) P[p[i]] = 1; all = (n == 0) }
        /^[0-9]+ +(read|pread64)\([0-9]+<[^>]*simple-bench-staging-[^>]*\/in[0-9]+\.bin>,/ {
            if (all || ($1 in P)) c++
        }
        END { print c + 0 }' "$1"
}

declare -A worker_calls parent_calls worker_any
for mode in MmapShared Prefetch None; do
    log="$trace_dir/$mode.log"
    echo '$ strace -f -y -e trace=read,pread64 -o LOG simple run bench/staging.spl io '"$mode $W"
    out=$(strace -f -y -e trace=read,pread64 -o "$log" "$SIMPLE" run bench/staging.spl io "$mode" "$W")
    echo "$out" | sed 's/^/    /'
    pids=$(sed -n 's/^WORKER_PIDS //p' <<<"$out")
    parent=$(awk 'NR == 1 { print $1 }' "$log")
    worker_calls[$mode]=$(count_calls "$log" "$pids")
    parent_calls[$mode]=$(count_calls "$log" "$parent")
    worker_any[$mode]=$(awk -v pids="$pids" 'BEGIN { n = split(pids, p, " "); for (i = 1; i <= n; i++) P[p[i]] = 1 }
        /^[0-9]+ +(read|pread64)\(/ { if ($1 in P) c++ } END { print c + 0 }' "$log")
    echo "    $mode: workers made ${worker_calls[$mode]} read/pread64 calls on the data files" \
         "(${worker_any[$mode]} read/pread64 calls in all); the parent made ${parent_calls[$mode]}"
done
echo "(section 3: ${SECONDS} s)"
echo

verdict() { # verdict VALUE OP TARGET
    if awk -v v="$1" -v t="$3" "BEGIN { exit !(v $2 t) }"; then echo "met"; else echo "MISS"; fi
}

echo "## summary"
echo
echo "| measurement | simple | CPython | target | |"
echo "|---|---:|---:|---:|---|"
echo "| speedup, $W workers vs 1 (per-byte pass, 24 MiB) | ${speedup}x | ${py_speedup}x | >= 1.8x | $(verdict "$speedup" '>=' 1.8) |"
echo "| fork + join per worker, mean | ${fork_mean} us | ${py_fork_mean} us | <= 1000 us | $(verdict "$fork_mean" '<=' 1000) |"
echo "| fork + join per worker, median | ${fork_median} us | ${py_fork_median} us | <= 1000 us | $(verdict "$fork_median" '<=' 1000) |"
echo "| worker read/pread64 on data files, MmapShared | ${worker_calls[MmapShared]} | | 0 | $(verdict "${worker_calls[MmapShared]}" '==' 0) |"
echo "| worker read/pread64 on data files, Prefetch | ${worker_calls[Prefetch]} (parent: ${parent_calls[Prefetch]}) | | 0 | $(verdict "${worker_calls[Prefetch]}" '==' 0) |"
echo "| worker read/pread64 on data files, None (control) | ${worker_calls[None]} | | > 0 | $(verdict "${worker_calls[None]}" '>' 0) |"
