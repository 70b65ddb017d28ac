#!/usr/bin/env bash
# The measurements of issue 13 (views, values back, pools; staged vs traditional vs
# serial), with the release build. Prints every command and its output.
#
#   bench/staging_proof.sh [--no-build]
#
# 1. per-byte loop over a view vs an array vs bytes: callgrind instructions of the loop
#    (the run with `none`, the setup alone, subtracted) and wall time;
# 2. 4 workers over a 64 MiB staged file: private memory and PSS each adds (view vs a
#    read_all copy), from /proc/self/smaps_rollup;
# 3. files split across 2 workers or read by both: staged vs traditional vs serial,
#    500 x 16 KiB and 8 x 16 MiB, CPU-bound and I/O-bound, warm and cold page cache
#    (POSIX_FADV_DONTNEED before each variant); before them, the per-file cost of
#    staging a 16 KiB file, of reading it with read_bytes, and of a worker's access
#    through a view or a read, in callgrind instructions (bench/staging_cost.spl);
# 4. Pool.map over 2 workers vs the serial map, CPU-bound.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--no-build" ]]; then
    cargo build --release -q -p simple-cli
fi
S=./target/release/simple
# The checkout's standard library, even when the binary embeds an older one.
export SIMPLE_PATH="$PWD/spl"
echo "machine: $(nproc) cores online; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "## 1. per-byte loop (1,000,000 bytes)"
N=1000000
for form in for index; do
    for kind in view array bytes; do
        base=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $S run bench/view_loop.spl $kind none $N 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
        full=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $S run bench/view_loop.spl $kind $form $N 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
        wall=$($S run bench/view_loop.spl $kind $form $N)
        echo "$kind $form: loop instructions $((full - base)) ($(( (full - base) / N )) per byte); $wall"
    done
done

echo "## 2. 4 workers over a 64 MiB staged file"
echo '$ simple run bench/staging_proof.spl pss 64'
$S run bench/staging_proof.spl pss 64

echo "## 3. staged vs traditional vs serial"
echo "### per 16 KiB file, callgrind instructions (500 files; the run with none subtracted)"
# The instructions of each process: a worker's line comes first (it ends before its
# parent joins it), the parent's last.
cost() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null $S run bench/staging_cost.spl "$@" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
base=$(cost none 500 16)
for mode in read stage release; do
    n=$(cost $mode 500 16)
    echo "parent, $mode: $(( (n - base) / 500 )) per file$([[ $mode == release ]] && echo " (staging and releasing)")"
done
wbase=$(cost wnone 500 16 | head -1)
for mode in wview wread; do
    n=$(cost $mode 500 16 | head -1)
    echo "worker, $mode: $(( (n - wbase) / 500 )) per file"
done
for shape in split all; do
    for cache in warm cold; do
        for load in cpu io; do
            for files in "500 16" "8 16384"; do
                echo "\$ simple run bench/staging_proof.spl small $files 2 $cache $load $shape"
                $S run bench/staging_proof.spl small $files 2 $cache $load $shape
            done
        done
    done
done

echo "## 4. Pool.map vs serial (CPU-bound)"
echo '$ simple run bench/staging_proof.spl pool 16 4000000 2'
$S run bench/staging_proof.spl pool 16 4000000 2
