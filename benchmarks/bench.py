"""kerasaudit's performance figures, each measured against a baseline in the same run.

    python benchmarks/bench.py              # everything (a few minutes: real Keras is slow to start)
    python benchmarks/bench.py --quick      # fewer repeats, smaller file sets
    python benchmarks/bench.py --json out.json

What is measured (best of N repeats, baseline and subject interleaved, because a shared
machine's load changes from one second to the next):

1. throughput: ``check`` + ``summary`` of every model file in ``fixtures/`` and
   ``benchmarks/models/`` (parse, interpret, rules, both reports rendered, in one process),
   against libcst's ``parse_module`` plus ``PositionProvider`` metadata of the same files
   (the floor for a libcst-based tool that reports lines). Target: at most 1.3x libcst.
2. ``kerasaudit summary`` of a ResNet-50 script (a fresh process, as a user runs it)
   against running the same script under real Keras (JAX backend: import, build,
   ``model.summary()``). The totals printed are compared too. Target: at least 20x faster.
3. cold start: ``kerasaudit --version`` against ``python -c pass``. Target: under 150 ms.
4. cache-warm re-run of ``check`` over 1,000 unchanged files, against the cold run that
   filled the cache. Target: under 1 s.
5. ``check --no-cache`` over 200 files with 2 jobs against 1 job. Target: at least 1.7x.

Timings are wall-clock (``time.perf_counter``); for processes the CPU time they used
(user + system, worker processes included) is shown beside it: on a busy machine the
wall clock includes waiting for a core, the CPU time does not. Nothing here is a test:
no figure fails a build; the tests never time anything.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "benchmarks" / "models"
sys.path.insert(0, str(ROOT))


def corpus() -> list[Path]:
    return sorted((ROOT / "fixtures").rglob("*.py")) + sorted(MODELS.glob("*.py"))


def kerasaudit_command() -> list[str]:
    """The installed ``kerasaudit`` script when there is one beside this Python (what a
    user runs), else ``python -m kerasaudit``."""
    script = Path(sys.executable).with_name("kerasaudit")
    if script.exists() and os.environ.get("KERASAUDIT_BENCH_MODULE") is None:
        return [str(script)]
    return [sys.executable, "-m", "kerasaudit"]


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = str(ROOT) + (os.pathsep + out["PYTHONPATH"] if out.get("PYTHONPATH") else "")
    out.pop("KERASAUDIT_CACHE_DIR", None)
    # An installed package has its bytecode compiled; without this, every process would
    # compile kerasaudit's modules again (some environments set it, e.g. containers).
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    return out


def run(cmd: list[str], cwd: Path | None = None, extra_env: dict[str, str] | None = None) -> tuple[float, str]:
    """Wall-clock seconds and stdout of one process; its CPU time (user + system, its
    worker processes included) is kept in ``LAST_CPU``."""
    global LAST_CPU
    before = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env={**env(), **(extra_env or {})}, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    LAST_CPU = _children_cpu() - before
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed, done.stdout


LAST_CPU = 0.0


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_of(repeats: int, *subjects: Callable[[], float]) -> list[float]:
    """Best time of each subject over ``repeats`` rounds, the subjects interleaved."""
    best = [float("inf")] * len(subjects)
    for _ in range(repeats):
        for i, subject in enumerate(subjects):
            best[i] = min(best[i], subject())
    return best


# ---------------------------------------------------------------------------- 1. throughput
def throughput(repeats: int) -> dict:
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    from kerasaudit.api import check_source
    from kerasaudit.report import ReportOptions, reporter
    from kerasaudit.results import detach

    files = [(str(p), p.read_text(encoding="utf-8")) for p in corpus()]
    concise, summary_text = reporter("diagnostics", "concise"), reporter("summary", "text")
    options = ReportOptions()

    def ours(path: str, text: str) -> None:
        result = detach(check_source(text, path))
        concise.render([result], options)
        summary_text.render([result], options)

    def floor(path: str, text: str) -> None:
        MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True).resolve(PositionProvider)

    for path, text in files:  # warm up: imports, registries, caches of both sides
        ours(path, text)
        floor(path, text)
    per_file = []
    for path, text in files:
        def timed(fn: Callable[[str, str], None]) -> Callable[[], float]:
            def go() -> float:
                start = time.perf_counter()
                fn(path, text)
                return time.perf_counter() - start
            return go
        t_ours, t_floor = best_of(repeats, timed(ours), timed(floor))
        per_file.append((path, len(text.splitlines()), t_ours, t_floor))
    total_ours = sum(t for _, _, t, _ in per_file)
    total_floor = sum(t for _, _, _, t in per_file)
    lines = sum(n for _, n, _, _ in per_file)
    worst = max(per_file, key=lambda f: f[2] / f[3])
    return {
        "files": len(files), "lines": lines,
        "kerasaudit_s": total_ours, "libcst_s": total_floor,
        "files_per_s": len(files) / total_ours, "lines_per_s": lines / total_ours,
        "ratio": total_ours / total_floor,
        "worst_file": os.path.relpath(worst[0], ROOT), "worst_ratio": worst[2] / worst[3],
    }


# ---------------------------------------------------------------------------- 2. vs real Keras
def _total(text: str) -> int | None:
    match = re.search(r"Total params: ([\d,]+)", re.sub(r"\x1b\[[0-9;]*m", "", text))
    return int(match.group(1).replace(",", "")) if match else None


def versus_keras(repeats: int) -> dict:
    script = MODELS / "resnet50.py"
    ours_cmd = [*kerasaudit_command(), "summary", "--no-cache", str(script)]
    keras_cmd = [sys.executable, str(script)]
    keras_env = {"KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu", "TF_CPP_MIN_LOG_LEVEL": "3"}
    outputs: dict[str, str] = {}

    def ours() -> float:
        t, outputs["ours"] = run(ours_cmd)
        return t

    def keras() -> float:
        with tempfile.TemporaryDirectory() as scratch:  # not the checkout: no kerasaudit on the path
            t, outputs["keras"] = run(keras_cmd, cwd=Path(scratch), extra_env=keras_env)
        return t

    t_ours, t_keras = best_of(repeats, ours, keras)
    return {"script": os.path.relpath(script, ROOT), "kerasaudit_s": t_ours, "keras_s": t_keras,
            "speedup": t_keras / t_ours, "kerasaudit_total": _total(outputs["ours"]),
            "keras_total": _total(outputs["keras"])}


# ---------------------------------------------------------------------------- 3. cold start
def cold_start(repeats: int) -> dict:
    version_cmd = [*kerasaudit_command(), "--version"]
    cpu: list[float] = []

    def version() -> float:
        t = run(version_cmd)[0]
        cpu.append(LAST_CPU)
        return t

    t_version, t_python = best_of(repeats, version, lambda: run([sys.executable, "-c", "pass"])[0])
    return {"command": " ".join(Path(c).name for c in version_cmd), "version_s": t_version,
            "version_cpu_s": min(cpu), "python_s": t_python}


# ---------------------------------------------------------------------------- 4 and 5. many files
def make_tree(directory: Path, count: int) -> Path:
    """``count`` distinct model files (the corpus, cycled, each with its own header line)."""
    sources = [p.read_text(encoding="utf-8") for p in corpus()]
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (directory / f"model_{i:04d}.py").write_text(f"# copy {i}\n" + sources[i % len(sources)], encoding="utf-8")
    return directory


def cached_rerun(repeats: int, count: int, scratch: Path) -> dict:
    tree = make_tree(scratch / f"tree{count}", count)
    cache = scratch / "cache"
    cmd = [*kerasaudit_command(), "check", "--format", "concise", "--cache-dir", str(cache), str(tree)]
    t_cold = run(cmd)[0]
    cpu: list[float] = []

    def warm() -> float:
        t = run(cmd)[0]
        cpu.append(LAST_CPU)
        return t

    (t_warm,) = best_of(repeats, warm)
    return {"files": count, "cold_s": t_cold, "warm_s": t_warm, "warm_cpu_s": min(cpu), "jobs": os.cpu_count()}


def parallel(repeats: int, count: int, scratch: Path) -> dict:
    tree = make_tree(scratch / f"par{count}", count)
    base = [*kerasaudit_command(), "check", "--format", "concise", "--no-cache"]
    cpu: dict[str, list[float]] = {"1": [], "2": []}

    def jobs(n: str) -> Callable[[], float]:
        def go() -> float:
            t = run([*base, "-j", n, str(tree)])[0]
            cpu[n].append(LAST_CPU)
            return t
        return go

    t1, t2 = best_of(repeats, jobs("1"), jobs("2"))
    return {"files": count, "one_job_s": t1, "two_jobs_s": t2, "speedup": t1 / t2,
            "one_job_cpu_s": min(cpu["1"]), "two_jobs_cpu_s": min(cpu["2"])}


# ---------------------------------------------------------------------------- report
def machine() -> dict:
    model = platform.processor() or platform.machine()
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
            "load": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None}


def report(figures: dict) -> str:
    t, k, c, w, p = (figures[x] for x in ("throughput", "keras", "cold_start", "cached", "parallel"))
    m = figures["machine"]

    def ms(s: float) -> str:
        return f"{s * 1000:,.0f} ms"

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    rows = [
        ("check + summary vs libcst parse + PositionProvider", f"{t['files']} files, {t['lines']:,} lines: "
         f"{ms(t['kerasaudit_s'])} vs {ms(t['libcst_s'])} = **{t['ratio']:.2f}x** "
         f"({t['files_per_s']:,.0f} files/s, {t['lines_per_s']:,.0f} lines/s; worst file {t['worst_file']} "
         f"{t['worst_ratio']:.2f}x)", "<= 1.3x", verdict(t["ratio"] <= 1.3)),
        ("`kerasaudit summary` vs real Keras on ResNet-50", f"{ms(k['kerasaudit_s'])} vs {ms(k['keras_s'])} = "
         f"**{k['speedup']:.0f}x faster** (totals: {k['kerasaudit_total']:,} / {k['keras_total']:,})", ">= 20x",
         verdict(k["speedup"] >= 20)),
        ("cold start `kerasaudit --version`", f"**{ms(c['version_s'])}** (CPU {ms(c['version_cpu_s'])}; "
         f"`python -c pass`: {ms(c['python_s'])})", "< 150 ms", verdict(c["version_s"] < 0.150)),
        (f"cache-warm re-run, {w['files']:,} unchanged files", f"**{ms(w['warm_s'])}** (CPU {ms(w['warm_cpu_s'])}; "
         f"the cold run that filled the cache, {w['jobs']} jobs: {ms(w['cold_s'])})", "< 1 s",
         verdict(w["warm_s"] < 1.0)),
        (f"2 jobs vs 1 job, {p['files']} files, no cache", f"{ms(p['one_job_s'])} vs {ms(p['two_jobs_s'])} = "
         f"**{p['speedup']:.2f}x** (CPU {ms(p['one_job_cpu_s'])} vs {ms(p['two_jobs_cpu_s'])})", ">= 1.7x",
         verdict(p["speedup"] >= 1.7)),
    ]
    out = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['system']}, Python {m['python']}; "
           f"load average {m['load_before']} before, {m['load_after']} after. Best of {figures['repeats']} "
           "interleaved repeats.", "",
           "| measurement | result | target | |", "| --- | --- | --- | --- |"]
    out += [f"| {a} | {b} | {c_} | {d} |" for a, b, c_, d in rows]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and files (a rough look)")
    parser.add_argument("--repeat", type=int, default=None, help="repeats per measurement (default 5, quick 2)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--only", nargs="*", choices=["throughput", "keras", "cold_start", "cached", "parallel"])
    args = parser.parse_args()
    repeats = args.repeat or (2 if args.quick else 5)
    figures: dict = {"repeats": repeats, "machine": machine()}
    figures["machine"]["load_before"] = figures["machine"].pop("load")
    wanted = set(args.only or ["throughput", "keras", "cold_start", "cached", "parallel"])
    with tempfile.TemporaryDirectory(prefix="kerasaudit-bench-") as tmp:
        scratch = Path(tmp)
        steps = [("throughput", lambda: throughput(repeats)),
                 ("keras", lambda: versus_keras(max(1, min(repeats, 3)))),
                 ("cold_start", lambda: cold_start(repeats * 2)),
                 ("cached", lambda: cached_rerun(repeats, 200 if args.quick else 1000, scratch)),
                 ("parallel", lambda: parallel(repeats, 200, scratch))]
        for name, step in steps:
            if name in wanted:
                print(f"measuring {name}...", file=sys.stderr, flush=True)
                figures[name] = step()
                shutil.rmtree(scratch / "cache", ignore_errors=True)
    figures["machine"]["load_after"] = machine()["load"]
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    if wanted == {"throughput", "keras", "cold_start", "cached", "parallel"}:
        print(report(figures))
    else:
        print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
