#!/usr/bin/env python3
"""Benchmark runner for Simple against CPython 3.11 and Lua 5.4 (stdlib only).

Normally started by bench/run.sh, which builds target/release/simple first and checks
that the peer interpreters are installed. See bench/README.md.

Every workload runs with every interpreter that applies to it, N timed times (after
untimed warm-up runs), interleaved so that drift in machine speed hits all interpreters
alike. Every run's stdout is compared with the expected output; a mismatch or a non-zero
exit is reported with a diff and makes the runner exit non-zero, but the other
interpreters still run and the table is still printed.

CPU time (user + system) and peak RSS come from getrusage of the finished process:
by default through bench/rusage.rs (microsecond resolution; built here with rustc), or
with --timer gnu-time through `/usr/bin/time -f "%U %S %M"` (10 ms resolution).
Startup wall time comes from hyperfine when installed.

The report (Markdown) goes to stdout; progress and diffs go to stderr.
"""

import argparse
import datetime
import difflib
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)

# name -> expected stdout. Runtime workloads are compared against both peers.
RUNTIME = [
    ("fib", "832040\n"),
    ("loop", "9999999\n"),
    ("sieve", "148933\n"),
    ("strings", "2088889 188889\n"),
    ("structs", "499500000\n"),
    ("dict", "19999928572\n"),
    ("closures", "749998500000\n"),
    ("shapes", "4958173267\n"),
    ("nbody", "-0.169075164\n-0.169083713\n"),
    ("tree", "797814 154040\n"),
    ("tokenizer", "160000 40000 160000 440000 40000 820199995 8\n"),
    ("traits", "1285000000\n"),
    ("format", "27145935 653329\n"
               "epsilon#399999: 6 x 249.75 = 1498.50 ratio=57142.714 [ epsilon|006] low\n"),
]
# startup: an empty program (peers: `python3 -c pass`, `lua5.4 -e ''`).
# parse: `simple check` of the program bench/gen_parse.py writes (simple only).
SPECIAL = [("startup", ""), ("parse", "")]
ALL_NAMES = [n for n, _ in RUNTIME] + [n for n, _ in SPECIAL]
EXPECTED = dict(RUNTIME + SPECIAL)
INTERPS = ["simple", "python3", "lua5.4"]

# The bar, from bench/README.md.
BAR_GEOMEAN_PY = 0.7
BAR_GEOMEAN_LUA = 1.0
BAR_MAX_LUA = 2.0
BAR_STARTUP_MS = 3.0


def log(msg=""):
    print(msg, file=sys.stderr, flush=True)


class Failure(Exception):
    pass


# ---------------------------------------------------------------- measuring


class Timer:
    """Runs a command and returns (stdout, stderr, exit code, cpu seconds, max RSS KiB)."""

    def __init__(self, kind, helper=None, timeout=300.0):
        self.kind = kind
        self.helper = helper
        self.timeout = timeout
        fd, self.out_path = tempfile.mkstemp(prefix="bench-rusage-")
        os.close(fd)

    def close(self):
        try:
            os.unlink(self.out_path)
        except OSError:
            pass

    def run(self, argv):
        if self.kind == "rusage":
            cmd = [self.helper, "-o", self.out_path] + argv
        else:
            cmd = ["/usr/bin/time", "-f", "%U %S %M", "-o", self.out_path] + argv
        with open(self.out_path, "w"):
            pass
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
        timed_out = False
        try:
            out, err = p.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, err = p.communicate()
        out = out.decode("utf-8", "replace")
        err = err.decode("utf-8", "replace")
        if timed_out:
            return out, err, f"timed out after {self.timeout:g} s", None, None
        with open(self.out_path) as f:
            lines = [ln for ln in f.read().splitlines() if ln.strip()]
        cpu = rss = None
        if lines:
            fields = lines[-1].split()
            try:
                cpu = float(fields[0]) + float(fields[1])
                rss = int(fields[2])
            except (IndexError, ValueError):
                pass
        status = p.returncode
        if status != 0:
            if self.kind == "gnu-time" and lines and lines[0].startswith("Command"):
                status = f"{status} ({lines[0]})"
            elif status > 128:
                status = f"{status} (signal {status - 128})"
        return out, err, status, cpu, rss


def build_rusage_helper():
    """Compile bench/rusage.rs into target/bench/rusage if needed; return its path or None."""
    src = os.path.join(BENCH, "rusage.rs")
    out_dir = os.path.join(ROOT, "target", "bench")
    exe = os.path.join(out_dir, "rusage")
    if os.path.exists(exe) and os.path.getmtime(exe) >= os.path.getmtime(src):
        return exe
    rustc = shutil.which("rustc")
    if not rustc:
        log("run.py: rustc not found; cannot build the rusage helper")
        return None
    os.makedirs(out_dir, exist_ok=True)
    r = subprocess.run([rustc, "-O", "--edition", "2024", src, "-o", exe],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        log("run.py: building the rusage helper failed:\n" + r.stdout)
        return None
    return exe


def startup_wall_ms(commands, runs_hint):
    """Median wall time in ms for each command (list of argv). Returns (dict, method)."""
    hyperfine = shutil.which("hyperfine")
    result = {}
    if hyperfine:
        fd, json_path = tempfile.mkstemp(prefix="bench-hyperfine-", suffix=".json")
        os.close(fd)
        try:
            cmd = [hyperfine, "-N", "--warmup", "5", "--min-runs", str(max(30, runs_hint)),
                   "--style", "none", "--export-json", json_path]
            names = list(commands)
            cmd += [" ".join(shell_quote(a) for a in commands[n]) for n in names]
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if r.returncode != 0:
                log("run.py: hyperfine failed:\n" + r.stdout)
                return {}, "hyperfine (failed)"
            with open(json_path) as f:
                data = json.load(f)
            for name, res in zip(names, data["results"]):
                result[name] = res["median"] * 1000.0
            return result, "hyperfine -N --warmup 5, median"
        finally:
            os.unlink(json_path)
    # Fallback: time spawn-to-exit from here (includes this process's spawn overhead).
    for name, argv in commands.items():
        samples = []
        for i in range(5 + max(30, runs_hint)):
            t0 = time.perf_counter()
            subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            if i >= 5:
                samples.append((time.perf_counter() - t0) * 1000.0)
        result[name] = statistics.median(samples)
    return result, "spawn-to-exit from Python, median (hyperfine not installed: overestimates)"


def display_path(path):
    """Path relative to the repository root when inside it, else absolute."""
    rel = os.path.relpath(path, ROOT)
    return path if rel.startswith("..") else rel


def shell_quote(s):
    if s and all(c.isalnum() or c in "-_./=:," for c in s):
        return s
    return "'" + s.replace("'", "'\\''") + "'"


# ---------------------------------------------------------------- interpreters


def resolve_python(requested):
    """Return (real executable path, version) for the requested python."""
    exe = requested
    if exe is None:
        exe = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"
    path = shutil.which(exe)
    if not path:
        raise SystemExit(f"run.py: {exe} not found (install the peers: bench/install-peers.sh)")
    # Ask the interpreter for its real executable, so that wrappers such as pyenv shims
    # (a shell script per call) are not timed.
    r = subprocess.run([path, "-c", "import sys, platform; print(sys.executable); "
                                    "print(platform.python_version())"],
                       stdout=subprocess.PIPE, text=True, check=True)
    real, version = r.stdout.split("\n")[:2]
    return (real or path), version


def resolve_lua(requested):
    path = shutil.which(requested)
    if not path:
        raise SystemExit(f"run.py: {requested} not found (install the peers: bench/install-peers.sh)")
    r = subprocess.run([path, "-v"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return path, r.stdout.split("  ")[0].strip()


def commands_for(name, interp, cfg):
    """argv for running workload `name` with `interp`, or None if it does not apply."""
    if interp == "simple":
        if name == "parse":
            return [cfg.simple, "check", cfg.parse_file]
        return [cfg.simple, "run", os.path.join(BENCH, name + ".spl")]
    if name == "parse":
        return None
    if interp == "python3":
        if name == "startup":
            return [cfg.python, "-c", "pass"]
        return [cfg.python, os.path.join(BENCH, "peers", name + ".py")]
    if name == "startup":
        return [cfg.lua, "-e", ""]
    return [cfg.lua, os.path.join(BENCH, "peers", name + ".lua")]


# ---------------------------------------------------------------- running


def check_output(name, interp, out, err, status):
    """Raise Failure with a readable report if the run's result is wrong."""
    expected = EXPECTED[name]
    problems = []
    if isinstance(status, str) and status.startswith("timed out"):
        problems.append(status)
    elif status != 0:
        problems.append(f"exit status {status}")
    if out != expected:
        diff = list(difflib.unified_diff(expected.splitlines(keepends=True),
                                         out.splitlines(keepends=True),
                                         fromfile=f"expected ({name})",
                                         tofile=f"actual ({interp})"))
        if len(diff) > 40:
            diff = diff[:40] + [f"... ({len(diff) - 40} more diff lines)\n"]
        text = "".join(d if d.endswith("\n") else d + "\n\\ No newline at end of file\n"
                       for d in diff)
        problems.append("stdout differs from the expected output:\n" + text.rstrip("\n"))
    if problems:
        tail = err.strip().splitlines()[-20:]
        if tail:
            problems.append("stderr (last lines):\n    " + "\n    ".join(tail))
        raise Failure("\n".join(problems))


def run_workload(name, cfg, timer, results, failures):
    interps = [i for i in cfg.interps if commands_for(name, i, cfg) is not None]
    samples = {i: [] for i in interps}
    active = list(interps)
    for i in interps:
        if i == "simple" and cfg.simple_unavailable:
            results[name][i] = {"status": "n/a", "reason": cfg.simple_unavailable}
            active.remove(i)
    total_runs = cfg.warmup + cfg.n
    for rep in range(total_runs):
        for interp in list(active):
            argv = commands_for(name, interp, cfg)
            out, err, status, cpu, rss = timer.run(argv)
            try:
                check_output(name, interp, out, err, status)
                if cpu is None or rss is None:
                    raise Failure("could not read the CPU time / RSS measurement")
            except Failure as e:
                msg = f"{name} / {interp}: FAILED (run {rep + 1})\n  command: " \
                      f"{' '.join(shell_quote(a) for a in argv)}\n" + \
                      "\n".join("  " + ln for ln in str(e).splitlines())
                log(msg)
                failures.append(f"{name} / {interp}: {str(e).splitlines()[0]}")
                results[name][interp] = {"status": "FAIL", "reason": str(e).splitlines()[0]}
                active.remove(interp)
                continue
            if rep >= cfg.warmup:
                samples[interp].append((cpu, rss))
    for interp in active:
        cpus = [c for c, _ in samples[interp]]
        rsss = [r for _, r in samples[interp]]
        results[name][interp] = {
            "status": "ok",
            "cpu_median_s": statistics.median(cpus),
            "cpu_min_s": min(cpus),
            "cpu_max_s": max(cpus),
            "rss_max_kib": max(rsss),
            "cpu_samples_s": cpus,
            "rss_samples_kib": rsss,
        }
        log(f"  {name:9s} {interp:8s} median CPU {fmt_s(statistics.median(cpus))} s"
            f"  (min {fmt_s(min(cpus))}, max {fmt_s(max(cpus))})"
            f"  peak RSS {max(rsss) / 1024:.1f} MB")


# ---------------------------------------------------------------- report


def fmt_s(x):
    if x is None:
        return "n/a"
    return f"{x:.4f}" if x < 0.1 else f"{x:.3f}"


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def cell(res, key="cpu_median_s"):
    if res is None:
        return "—"
    if res["status"] != "ok":
        return res["status"]
    return fmt_s(res[key])


def ratio(results, name, peer):
    a = results[name].get("simple")
    b = results[name].get(peer)
    if not a or not b or a["status"] != "ok" or b["status"] != "ok" or b["cpu_median_s"] <= 0:
        return None
    return a["cpu_median_s"] / b["cpu_median_s"]


def report(cfg, results, wall, wall_method, failures):
    p = print
    p(f"Date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}  ")
    p(f"Machine: {cfg.machine}  ")
    if cfg.peers_only:
        simple_desc = "not run (--peers-only)"
    else:
        simple_desc = f"`{display_path(cfg.simple)}`" + (
            f" (n/a: {cfg.simple_unavailable})" if cfg.simple_unavailable else "")
    p(f"Interpreters: simple = {simple_desc}; "
      f"python3 = `{cfg.python}` (CPython {cfg.python_version}); lua5.4 = `{cfg.lua}` "
      f"({cfg.lua_version})  ")
    p(f"Runs: {cfg.n} timed (+{cfg.warmup} warm-up) per workload and interpreter; "
      f"CPU = median of user+sys seconds; RSS = largest peak RSS over the runs, MiB; "
      f"timer: {cfg.timer_desc}")
    p()
    p("| workload | simple CPU s | python3 CPU s | lua5.4 CPU s | simple/python3 "
      "| simple/lua5.4 | peak RSS MB (simple / python3 / lua5.4) |")
    p("|---|---:|---:|---:|---:|---:|---|")
    ratios_py, ratios_lua = [], []
    for name in cfg.names:
        r = results[name]
        rp = ratio(results, name, "python3")
        rl = ratio(results, name, "lua5.4")
        if name not in ("startup", "parse"):
            if rp is not None:
                ratios_py.append(rp)
            if rl is not None:
                ratios_lua.append(rl)

        def rss(i):
            x = r.get(i)
            if x is None:
                return "n/a" if i not in cfg.interps else "—"
            if x["status"] != "ok":
                return x["status"]
            return f"{x['rss_max_kib'] / 1024:.1f}"

        label = name
        if name == "startup":
            label = "startup (python3 -c pass, lua5.4 -e '')"
        elif name == "parse":
            label = "parse (simple check, 100k lines)"
        simple_cell = cell(r.get("simple")) if "simple" in cfg.interps else "n/a"
        p(f"| {label} | {simple_cell} | {cell(r.get('python3'))} "
          f"| {cell(r.get('lua5.4'))} | {'—' if rp is None else f'{rp:.2f}'} "
          f"| {'—' if rl is None else f'{rl:.2f}'} "
          f"| {rss('simple')} / {rss('python3')} / {rss('lua5.4')} |")
    gp, gl = geomean(ratios_py), geomean(ratios_lua)
    runtime_names = [n for n in cfg.names if n not in ("startup", "parse")]
    p(f"| **geomean** ({len(ratios_py)} of {len(runtime_names)} runtime workloads; "
      f"startup and parse excluded) | | | | {'—' if gp is None else f'**{gp:.2f}**'} "
      f"| {'—' if gl is None else f'**{gl:.2f}**'} | |")
    p()
    if wall:
        parts = [f"{i} {wall[i]:.2f} ms" for i in INTERPS if i in wall]
        p(f"Startup wall time ({wall_method}): " + ", ".join(parts))
        p()

    bar = None
    if "simple" in cfg.interps and not cfg.simple_unavailable:
        bar = []
        for name in runtime_names:
            rp = ratio(results, name, "python3")
            bar.append((f"{name}: simple CPU < python3 CPU",
                        None if rp is None else rp < 1.0,
                        "—" if rp is None else f"ratio {rp:.2f}"))
        for name in runtime_names:
            rl = ratio(results, name, "lua5.4")
            bar.append((f"{name}: simple CPU ≤ {BAR_MAX_LUA:g} × lua5.4 CPU",
                        None if rl is None else rl <= BAR_MAX_LUA,
                        "—" if rl is None else f"ratio {rl:.2f}"))
        if runtime_names:
            bar.append((f"geomean simple/python3 ≤ {BAR_GEOMEAN_PY}",
                        None if gp is None or len(ratios_py) < len(runtime_names)
                        else gp <= BAR_GEOMEAN_PY,
                        "—" if gp is None else f"{gp:.2f} over {len(ratios_py)} of "
                                               f"{len(runtime_names)} workloads"))
            bar.append((f"geomean simple/lua5.4 ≤ {BAR_GEOMEAN_LUA:g}",
                        None if gl is None or len(ratios_lua) < len(runtime_names)
                        else gl <= BAR_GEOMEAN_LUA,
                        "—" if gl is None else f"{gl:.2f} over {len(ratios_lua)} of "
                                               f"{len(runtime_names)} workloads"))
        if "startup" in cfg.names:
            w = wall.get("simple") if wall else None
            ok = results["startup"].get("simple", {}).get("status") == "ok"
            bar.append((f"startup ≤ {BAR_STARTUP_MS:g} ms wall",
                        None if w is None or not ok else w <= BAR_STARTUP_MS,
                        "—" if w is None else f"{w:.2f} ms"))
        for name in runtime_names:
            s = results[name].get("simple")
            q = results[name].get("python3")
            what = f"{name}: simple peak RSS ≤ python3 peak RSS"
            if s and q and s["status"] == "ok" and q["status"] == "ok":
                bar.append((what, s["rss_max_kib"] <= q["rss_max_kib"],
                            f"{s['rss_max_kib'] / 1024:.1f} vs {q['rss_max_kib'] / 1024:.1f} MB"))
            else:
                bar.append((what, None, "—"))
        p("Bar (bench/README.md):")
        p()
        for what, ok, detail in bar:
            mark = "PASS" if ok else ("FAIL" if ok is False else "not measured")
            p(f"- {mark}: {what} ({detail})")
        p()
    if failures:
        p(f"**{len(failures)} run(s) failed** (details on stderr):")
        p()
        for f in failures:
            p("- " + f)
        p()
    return bar


# ---------------------------------------------------------------- main


def machine_desc():
    cpu = platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Linux {platform.release()}"


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Run the Simple benchmarks against CPython and Lua.")
    ap.add_argument("-n", type=int, default=5, help="timed runs per workload and interpreter (default 5)")
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help="run only these workloads (repeatable, or comma-separated): "
                         + ", ".join(ALL_NAMES))
    ap.add_argument("--peers-only", action="store_true", help="do not run simple")
    ap.add_argument("--simple", default=os.path.join(ROOT, "target", "release", "simple"),
                    help="the simple binary (default target/release/simple)")
    ap.add_argument("--simple-unavailable", metavar="REASON",
                    help="report simple as n/a for this reason (run.sh uses it when the build fails)")
    ap.add_argument("--python", help="python interpreter (default /usr/bin/python3, Debian's "
                                     "CPython 3.11, else python3 on PATH)")
    ap.add_argument("--lua", default="lua5.4", help="lua interpreter (default lua5.4)")
    ap.add_argument("--timer", choices=["rusage", "gnu-time"], default="rusage",
                    help="rusage: bench/rusage.rs, µs resolution (default); "
                         "gnu-time: /usr/bin/time -f '%%U %%S %%M', 10 ms resolution")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per run (default 300)")
    ap.add_argument("--json", metavar="FILE", help="also write all samples as JSON")
    ap.add_argument("--enforce-bar", action="store_true",
                    help="exit 3 if simple does not meet the bar")
    ap.add_argument("--no-build", action="store_true",
                    help="(handled by run.sh: do not run cargo build)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("-n must be at least 1")
    if args.warmup < 0:
        ap.error("--warmup must be 0 or more")
    names = []
    for item in args.only:
        for n in item.split(","):
            n = n.strip()
            if not n:
                continue
            if n not in ALL_NAMES:
                ap.error(f"unknown workload {n!r}; known: {', '.join(ALL_NAMES)}")
            names.append(n)
    args.names = [n for n in ALL_NAMES if n in names] if names else list(ALL_NAMES)
    return args


def main(argv):
    cfg = parse_args(argv)
    cfg.machine = machine_desc()
    cfg.python, cfg.python_version = resolve_python(cfg.python)
    if not cfg.python_version.startswith("3.11"):
        log(f"run.py: warning: {cfg.python} is CPython {cfg.python_version}, not 3.11")
    cfg.lua, cfg.lua_version = resolve_lua(cfg.lua)
    cfg.interps = ["python3", "lua5.4"] if cfg.peers_only else list(INTERPS)
    if not cfg.peers_only:
        cfg.simple = os.path.abspath(cfg.simple)
        if not cfg.simple_unavailable and not os.access(cfg.simple, os.X_OK):
            cfg.simple_unavailable = f"{display_path(cfg.simple)} not found"
    else:
        cfg.simple = None

    helper = None
    if cfg.timer == "rusage":
        helper = build_rusage_helper()
        if helper is None:
            log("run.py: falling back to --timer gnu-time")
            cfg.timer = "gnu-time"
    if cfg.timer == "gnu-time" and not os.access("/usr/bin/time", os.X_OK):
        raise SystemExit("run.py: /usr/bin/time not found (install it: bench/install-peers.sh)")
    cfg.timer_desc = ("getrusage via bench/rusage.rs (µs resolution)" if cfg.timer == "rusage"
                      else "/usr/bin/time -f \"%U %S %M\" (10 ms resolution)")
    timer = Timer(cfg.timer, helper, cfg.timeout)

    tmpdir = tempfile.mkdtemp(prefix="simple-bench-")
    cfg.parse_file = os.path.join(tmpdir, "parse.spl")
    results = {n: {} for n in cfg.names}
    failures = []
    wall, wall_method = {}, ""
    try:
        if "parse" in cfg.names and "simple" in cfg.interps and not cfg.simple_unavailable:
            subprocess.run([sys.executable, os.path.join(BENCH, "gen_parse.py"), cfg.parse_file],
                           check=True)
        log(f"run.py: {len(cfg.names)} workload(s) x {', '.join(cfg.interps)}, "
            f"{cfg.n} timed run(s) each")
        for name in cfg.names:
            run_workload(name, cfg, timer, results, failures)
        if "startup" in cfg.names:
            cmds = {i: commands_for("startup", i, cfg) for i in cfg.interps
                    if results["startup"].get(i, {}).get("status") == "ok"}
            if cmds:
                log("run.py: measuring startup wall time")
                wall, wall_method = startup_wall_ms(cmds, cfg.n)
    finally:
        timer.close()
        shutil.rmtree(tmpdir, ignore_errors=True)

    bar = report(cfg, results, wall, wall_method, failures)
    if cfg.json:
        with open(cfg.json, "w") as f:
            json.dump({"date": datetime.datetime.now().astimezone().isoformat(),
                       "machine": cfg.machine, "python": [cfg.python, cfg.python_version],
                       "lua": [cfg.lua, cfg.lua_version], "timer": cfg.timer, "n": cfg.n,
                       "results": results, "startup_wall_ms": wall,
                       "startup_wall_method": wall_method,
                       "bar": bar}, f, indent=1)
    if failures:
        log(f"run.py: {len(failures)} run(s) FAILED; see the diffs above")
        return 1
    if cfg.simple_unavailable and not cfg.peers_only:
        log(f"run.py: simple was not measured: {cfg.simple_unavailable}")
        return 1
    if cfg.enforce_bar and bar and any(ok is not True for _, ok, _ in bar):
        log("run.py: simple does not meet the bar")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
