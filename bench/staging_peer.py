"""CPython peer for bench/staging.sh.

    python3 bench/staging_peer.py fork N        os.fork() + os.waitpid() latency
    python3 bench/staging_peer.py speedup W     the same shape of CPU-bound work (FNV-1a
                                                over bytes) in 1 process vs W forked
                                                processes: a control for how much
                                                parallelism the machine gives right now
"""
import os
import statistics
import sys
import time


def fork_latency(n):
    samples = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        samples.append(time.perf_counter_ns() - t0)
    print(f"python os.fork + os.waitpid ({n} runs): mean {statistics.mean(samples) / 1000:.0f} us, "
          f"median {statistics.median(samples) / 1000:.0f} us")


def fnv(data, rounds):
    h = 2166136261
    for _ in range(rounds):
        for b in data:
            h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def run_split(chunks, w):
    t0 = time.perf_counter_ns()
    pids = []
    for k in range(w):
        pid = os.fork()
        if pid == 0:
            for i, c in enumerate(chunks):
                if i % w == k:
                    fnv(c, 1)
            os._exit(0)
        pids.append(pid)
    for pid in pids:
        os.waitpid(pid, 0)
    return time.perf_counter_ns() - t0


def speedup(w):
    chunks = [bytes((i * 7 + k) & 0xFF for i in range(256 * 1024)) for k in range(8)]
    ones, manys = [], []
    for _ in range(3):
        ones.append(run_split(chunks, 1))
        manys.append(run_split(chunks, w))
    one, many = statistics.median(ones), statistics.median(manys)
    print(f"python 1 process: median {one / 1e6:.0f} ms; {w} processes: median {many / 1e6:.0f} ms")
    print(f"python speedup: {one / many:.2f}x")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "fork"
    arg = int(sys.argv[2]) if len(sys.argv) > 2 else (200 if cmd == "fork" else 2)
    if cmd == "fork":
        fork_latency(arg)
    elif cmd == "speedup":
        speedup(arg)
    else:
        sys.exit(f"unknown command {cmd}")
