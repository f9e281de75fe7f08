#!/usr/bin/env python3
"""Measure kerasaudit against real Keras on a directory of model scripts written by others.

WARNING: this EXECUTES the scripts of the corpus you pass (each in a subprocess, in a
scratch directory, with the network blocked). Point it only at code you are willing to
run, and only with Keras + JAX installed. Nothing in the repository uses it; it is a
measuring instrument for developers:

    KERAS_BACKEND=jax python tools/evaluate_corpus.py /path/to/corpus [--json out.json]

For every ``*.py`` under the corpus directory:

1. kerasaudit analyses it statically (``kerasaudit.api.check_source``, in this process);
2. the script runs under real Keras 3 in a subprocess with a timeout. Top-level statements
   run one by one and a failing statement is skipped (data downloads fail, the network is
   blocked), so models built after a failed data-loading step are still recorded.
   ``fit``/``evaluate``/``predict`` (and their ``*_on_batch`` forms) only build the model
   from the first batch, ``keras.datasets`` loaders return zeros of the documented shapes,
   ``keras.applications`` constructors get ``weights=None``, and builders that the static
   analysis reports but the script never calls are called with their defaults. Every model
   created from the script's own code is recorded as ``tools/make_golden.py`` does.
3. Static and real models are matched by the line of their ``Model(...)``/``Sequential(...)``
   call (in order), then compared: totals, the trainable split, and every layer's output
   shape and parameter count.

The report lists wrong numbers (a known number that differs from Keras: the worst bug),
unknown totals, crashes of kerasaudit, models Keras built that kerasaudit did not find, and
the error/warning diagnostics ``kerasaudit check`` reports (on correct code, each is a false
positive to look at).
``--ported DIR`` measures Keras 1/2 code: DIR holds a copy of the corpus rewritten for Keras 3
line for line (``kerasaudit check --fix``), which runs under Keras while the original is
analysed.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# --------------------------------------------------------------------------- the child process


def _block_network() -> None:
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network blocked by evaluate_corpus")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def _patch_keras3() -> None:
    """Training and downloads neutralised; models still built exactly as a real run builds them."""
    import numpy as np

    import keras
    from keras.src import tree

    def no_download(*args, **kwargs):
        raise OSError("downloads are disabled by evaluate_corpus")

    keras.utils.get_file = no_download
    try:
        import keras.src.utils.file_utils as fu
        fu.get_file = no_download
    except ImportError:
        pass

    def first(data, n=2):
        return tree.map_structure(lambda a: a[:n] if hasattr(a, "shape") and len(a.shape) else a, data)

    def build(model, x, y=None):
        if x is None or callable(getattr(x, "__next__", None)):
            return
        if hasattr(x, "shape") or isinstance(x, (list, tuple, dict)):
            try:
                x = tree.map_structure(lambda a: np.asarray(a) if isinstance(a, (list,)) else a, x)
                model._symbolic_build(data_batch=(first(x), None if y is None else first(y)))
            except Exception:
                pass

    def fit(self, x=None, y=None, *args, **kwargs):
        build(self, x, y)
        return keras.callbacks.History()

    def evaluate(self, x=None, y=None, *args, **kwargs):
        build(self, x, y)
        return 0.0

    def predict(self, x, *args, **kwargs):
        build(self, x)
        try:  # zeros of the output's shape, found symbolically (no compilation, no computation)
            spec = keras.src.backend.compute_output_spec(self, tree.map_structure(
                lambda a: keras.KerasTensor(a.shape, str(a.dtype)), first(x, 1)))
            n = len(x) if hasattr(x, "__len__") else 1
            return tree.map_structure(lambda o: np.zeros((n,) + tuple(o.shape[1:]), o.dtype), spec)
        except Exception:
            return np.zeros((1, 1))

    def on_batch(self, x=None, y=None, *args, **kwargs):
        build(self, x, y)
        return 0.0

    keras.Model.fit = fit
    keras.Model.evaluate = evaluate
    keras.Model.predict = predict
    keras.Model.train_on_batch = on_batch
    keras.Model.test_on_batch = on_batch
    keras.Model.predict_on_batch = lambda self, x, *a, **k: predict(self, x)
    keras.Model.save = lambda *a, **k: None
    keras.Model.save_weights = lambda *a, **k: None
    keras.Model.load_weights = lambda *a, **k: None

    import inspect

    import keras.applications as apps
    for modname in dir(apps):
        mod = getattr(apps, modname)
        if not hasattr(mod, "__dict__") or isinstance(mod, type):
            continue
        holders = [mod] if inspect.ismodule(mod) else []
        for holder in holders + [apps]:
            for fname, fn in list(vars(holder).items()):
                if fname[:1].isupper() and callable(fn) and "weights" in getattr(
                        inspect.signature(fn) if callable(fn) else None, "parameters", {}):
                    setattr(holder, fname, _no_weights(fn))


def _install_small_datasets(make_golden) -> None:
    """keras.datasets loaders without downloads: zeros of the documented shapes (scripts reshape
    with literal sizes: ``reshape((60000, 28 * 28))``). The text datasets keep 2,000 samples
    of 5 tokens: one-hot vectorizing 25,000 reviews would take gigabytes, and model shapes
    never depend on the number of samples."""
    import numpy as np

    import keras
    make_golden.install_offline_datasets()
    small = 2000
    for name in ("imdb", "reuters"):
        def seqs(*args, **kwargs):
            xs = np.empty(small, dtype=object)
            xs[:] = [[1, 2, 3, 4, 5]] * small
            return (xs, np.zeros(small, dtype="int64")), (xs.copy(), np.zeros(small, dtype="int64"))
        getattr(keras.datasets, name).load_data = seqs
        getattr(keras.datasets, name).get_word_index = lambda *a, **k: {"the": 1, "a": 2}

    def california(version="large", test_split=0.2, seed=113, **kwargs):
        n = 600 if version == "small" else 20640
        cut = int(n * (1 - test_split))
        return ((np.zeros((cut, 8)), np.zeros(cut)), (np.zeros((n - cut, 8)), np.zeros(n - cut)))
    keras.datasets.california_housing.load_data = california


def _no_weights(fn):
    if getattr(fn, "_eval_no_weights", False):
        return fn

    def call(*args, **kwargs):
        kwargs["weights"] = None
        return fn(*args, **kwargs)

    call._eval_no_weights = True
    call.__signature__ = __import__("inspect").signature(fn)
    return call


class StatementTimeout(Exception):
    pass


def run_script(path: Path, builders: list[str], statement_timeout: int) -> dict:
    """Run one corpus script under Keras 3, statement by statement; record every model."""
    import contextlib
    import io
    import signal
    import warnings

    sys.path.insert(0, str(HERE))
    import make_golden

    import keras
    from keras.src.models import functional, model as model_module, sequential

    _block_network()
    make_golden.install_tensorflow_alias()
    _install_small_datasets(make_golden)
    _patch_keras3()
    keras.backend.clear_session()
    source = path.read_text(encoding="utf-8")
    filename = str(path)
    created: list = []  # (model, line, function name)
    classes = (model_module.Model, functional.Functional, sequential.Sequential)
    originals = {cls: cls.__dict__["__init__"] for cls in classes}

    def wrap(original):
        def recording_init(self, *args, **kwargs):
            original(self, *args, **kwargs)
            if any(entry[0] is self for entry in created):
                return
            frame = sys._getframe(1)
            application = False
            while frame is not None:
                fname = frame.f_code.co_filename.replace("\\", "/")
                if frame.f_code.co_name == "recording_init":
                    frame = frame.f_back
                    continue
                if "keras/src/" not in fname or "keras/src/applications" in fname:
                    application = "keras/src/applications" in fname
                    break
                if frame.f_code.co_name not in ("__init__", "__new__", "__call__", "error_handler"):
                    return
                frame = frame.f_back
            caller = frame
            while caller is not None and (caller.f_code.co_filename != filename or (
                    caller.f_code.co_name == "__init__" and caller.f_locals.get("self") is self)):
                caller = caller.f_back
            if caller is not None:
                created.append((self, caller.f_lineno, caller.f_code.co_name, application))
        return recording_init

    def alarm(signum, frame):
        raise StatementTimeout(f"statement ran over {statement_timeout}s")

    signal.signal(signal.SIGALRM, alarm)
    failures: list = []
    namespace = {"__name__": "__main__", "__file__": filename, "__builtins__": __builtins__}
    for cls, original in originals.items():
        cls.__init__ = wrap(original)
    try:
        tree = ast.parse(source, filename)
        statements = [(s, ast.Module(body=[s], type_ignores=[])) for s in tree.body]
        for builder in builders:
            statements.append((None, builder))
        for stmt, module in statements:
            if stmt is None:
                fn = namespace.get(module)
                if not callable(fn) or any(entry[2] == module for entry in created):
                    continue
                module = ast.parse(f"{module}(**_eval_defaults({module}))")
                namespace["_eval_defaults"] = _defaults
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                warnings.simplefilter("ignore")
                signal.alarm(statement_timeout)
                try:
                    exec(compile(module, filename, "exec"), namespace)
                except BaseException as exc:  # noqa: BLE001 - a corpus script may raise anything
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    line = getattr(stmt, "lineno", 0)
                    failures.append({"line": line, "error": f"{type(exc).__name__}: {str(exc)[:200]}"})
                    # What the failed statement should have (re)bound must not keep an older
                    # value: a later model would be built from stale data.
                    for name in _bound_names(stmt):
                        namespace.pop(name, None)
                finally:
                    signal.alarm(0)
    finally:
        for cls, original in originals.items():
            cls.__init__ = original
    models = []
    for model, line, func, application in created:
        try:
            record = make_golden.model_record(model, line)
        except Exception as exc:  # noqa: BLE001
            record = {"line": line, "error": f"{type(exc).__name__}: {exc}"[:300]}
        record["function"] = func
        record["application"] = application  # a keras.applications model the script made
        models.append(record)
    return {"models": models, "failures": failures}


def _bound_names(stmt) -> set:
    """Names a top-level statement assigns (not inside the functions or classes it defines)."""
    out: set = set()
    if stmt is None or isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return out
    todo = [stmt]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.add(node.id)
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                todo.append(child)
    return out


def _defaults(fn) -> dict:
    """Keyword arguments for calling a builder with its defaults: no pretrained weights."""
    import inspect
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}
    return {"weights": None} if "weights" in params else {}


def child_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--run-one", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--builder", action="append", default=[])
    parser.add_argument("--statement-timeout", type=int, default=30)
    args = parser.parse_args(argv)
    sys.setrecursionlimit(10000)
    result = run_script(Path(args.run_one).resolve(), args.builder, args.statement_timeout)
    Path(args.out).write_text(json.dumps(result))
    return 0


# --------------------------------------------------------------------------- the parent process


def static_analysis(path: Path) -> dict:
    sys.path.insert(0, str(REPO))
    from kerasaudit.analysis.shapes import shape_to_json
    from kerasaudit.api import check_source

    text = path.read_text(encoding="utf-8", errors="replace")
    start = time.perf_counter()
    result = check_source(text, str(path))
    elapsed = time.perf_counter() - start
    models = []
    for m in result.models:
        models.append({
            "name": m.name, "kind": m.kind, "line": m.line, "builder": m.builder,
            "total_params": m.total_params, "trainable_params": m.trainable_params,
            "non_trainable_params": m.non_trainable_params, "unknown_reason": m.unknown_reason,
            "layers": [{"name": r.name, "class": r.class_name, "line": r.line,
                        "output_shape": shape_to_json(r.output_shape), "params": r.params,
                        "trainable_params": r.trainable_params,
                        "non_trainable_params": r.non_trainable_params,
                        "unknown_reason": r.unknown_reason} for r in m.layers],
        })
    diagnostics = [{"code": d.code, "severity": d.severity, "line": d.line, "message": d.message}
                   for d in result.diagnostics]
    return {"status": result.status, "models": models, "diagnostics": diagnostics, "seconds": elapsed}


def run_real(path: Path, builders: list[str], timeout: int, python: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="evalcorpus-") as scratch:
        out = Path(scratch) / "result.json"
        cmd = [python, str(Path(__file__).resolve()), "--run-one", str(path), "--out", str(out)]
        for b in builders:
            cmd += ["--builder", b]
        env = dict(os.environ, KERAS_BACKEND="jax", TF_CPP_MIN_LOG_LEVEL="3", MPLBACKEND="Agg",
                   CUDA_VISIBLE_DEVICES="")
        try:
            proc = subprocess.run(cmd, cwd=scratch, env=env, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return {"models": [], "failures": [{"line": 0, "error": f"timeout after {timeout}s"}]}
        if not out.exists():
            return {"models": [], "failures": [{"line": 0, "error": "runner died: " + proc.stderr[-500:]}]}
        return json.loads(out.read_text())


def _dims_differ(ours, theirs) -> bool:
    """True when a dimension both sides know differs (symbolic/unknown on ours never differs)."""
    if isinstance(ours, list) and isinstance(theirs, list):
        if ours and isinstance(ours[0], list) != isinstance(theirs[0] if theirs else None, list):
            return True
        return len(ours) != len(theirs) or any(_dims_differ(a, b) for a, b in zip(ours, theirs))
    if ours is None or isinstance(ours, str) or theirs is None:
        return False
    return ours != theirs


def _has_unknown(shape) -> bool:
    if isinstance(shape, list):
        return any(_has_unknown(s) for s in shape[1:] if not isinstance(s, list)) or any(
            _has_unknown(s) for s in shape if isinstance(s, list))
    return shape is None


def compare_model(static: dict, real: dict) -> dict:
    """Wrong numbers and unknowns of one matched pair. Layers are paired by name (kerasaudit
    gives Keras's automatic names), else by position when the names differ throughout."""
    wrong: list[str] = []
    unknown_layers = 0
    srows, krows = static["layers"], real["layers"]
    unbuilt = any(k["params"] is None for k in krows) or (real["total_params"] == 0 and any(
        s["params"] for s in srows))
    if not unbuilt:
        for label in ("total_params", "trainable_params", "non_trainable_params"):
            if static[label] is not None and static[label] != real[label]:
                wrong.append(f"{label} {static[label]} != keras {real[label]}")
    structure = None
    if [r["class"] for r in srows] != [r["class"] for r in krows]:
        structure = (f"{len(srows)} layers vs keras {len(krows)}: "
                     f"{[r['class'] for r in srows][:14]} vs {[r['class'] for r in krows][:14]}")
    by_name = {r["name"]: r for r in srows}
    pairs = [(by_name[k["name"]], k) for k in krows if k["name"] in by_name]
    if len(pairs) < len(krows) // 2 and len(srows) == len(krows):
        pairs = list(zip(srows, krows))
    for s, k in pairs:
        where = f"layer {k['name']} ({k['class']})"
        if k["params"] is not None and s["params"] is not None and s["params"] != k["params"]:
            wrong.append(f"{where}: params {s['params']} != keras {k['params']}")
        if k["output_shape"] is not None and not unbuilt:
            if _dims_differ(s["output_shape"], k["output_shape"]):
                wrong.append(f"{where}: shape {s['output_shape']} != keras {k['output_shape']}")
            elif s["output_shape"] is None or json.dumps(s["output_shape"]).count("null") > json.dumps(
                    k["output_shape"]).count("null"):
                unknown_layers += 1
        if s["params"] is None and k["params"] is not None:
            unknown_layers += 1
    if unbuilt:
        total = "keras-unbuilt"
    else:
        total = "exact" if static["total_params"] == real["total_params"] else (
            "unknown" if static["total_params"] is None else "wrong")
    return {"total": total, "wrong": wrong, "unknown_layers": unknown_layers, "structure": structure,
            "static_total": static["total_params"], "keras_total": real["total_params"],
            "unknown_reason": static.get("unknown_reason")}


def match_models(static_models: list[dict], real_models: list[dict]) -> tuple[list, list]:
    """Pairs (static, real) by creation line, in order; real models kerasaudit did not report."""
    pairs, missed = [], []
    used: set[int] = set()
    for real in real_models:
        if "layers" not in real:
            continue
        for i, s in enumerate(static_models):
            if i not in used and s["line"] == real["line"]:
                used.add(i)
                pairs.append((s, real))
                break
        else:
            if not real.get("application"):
                missed.append(real)
    return pairs, missed


def evaluate_file(path: Path, args: argparse.Namespace) -> dict:
    record: dict = {"path": str(path)}
    try:
        static = static_analysis(path)
    except Exception as exc:  # noqa: BLE001 - check_source must never raise: that is a crash
        static = {"status": "raised", "models": [], "diagnostics": [], "error": repr(exc)}
    record["static"] = static
    crashes = [d for d in static["diagnostics"] if d["code"] == "KA004"]
    if static["status"] == "raised":
        crashes.append({"message": static["error"]})
    record["crashes"] = crashes
    builders = sorted({m["builder"] for m in static["models"] if m["builder"]})
    runnable = path
    if args.ported is not None:
        # The same script rewritten for Keras 3 (e.g. by `kerasaudit check --fix`), same lines.
        runnable = args.ported / path.relative_to(args.corpus)
    real = {"models": [], "failures": []} if args.static_only or not runnable.exists() else run_real(
        runnable, builders, args.timeout, sys.executable)
    record["real"] = real
    pairs, missed = match_models(static["models"], real["models"])
    record["pairs"] = [dict(compare_model(s, r), name=r["name"], line=r["line"], static_name=s["name"])
                       for s, r in pairs]
    record["missed"] = [{"name": m["name"], "line": m["line"], "total": m["total_params"]} for m in missed]
    record["findings"] = [d for d in static["diagnostics"] if d["severity"] in ("error", "warning")]
    return record


def report(records: list[dict]) -> str:
    lines = []
    pairs = [p for r in records for p in r["pairs"]]
    unbuilt = sum(p["total"] == "keras-unbuilt" for p in pairs)
    pairs_all = pairs
    pairs = [p for p in pairs if p["total"] != "keras-unbuilt"]
    n = len(pairs)
    exact = sum(p["total"] == "exact" for p in pairs)
    unknown = sum(p["total"] == "unknown" for p in pairs)
    wrong_models = [p for p in pairs_all if p["wrong"]]
    missed = sum(len(r["missed"]) for r in records)
    crashes = [r for r in records if r["crashes"]]
    ran = sum(1 for r in records if r["real"]["models"])
    for r in records:
        bad = [p for p in r["pairs"] if p["wrong"] or p["total"] not in ("exact", "keras-unbuilt")
               or p["structure"]]
        if not (bad or r["missed"] or r["crashes"]):
            continue
        lines.append(f"{r['path']}:")
        for c in r["crashes"]:
            lines.append(f"  CRASH {c.get('line', '')} {c['message'][:300]}")
        for p in bad:
            lines.append(f"  model {p['name']} (line {p['line']}): total {p['total']} "
                         f"(ours {p['static_total']}, keras {p['keras_total']})"
                         + (f" -- {p['unknown_reason'][:200]}" if p["total"] == "unknown" and p["unknown_reason"]
                            else ""))
            if p["structure"]:
                lines.append(f"    structure: {p['structure'][:300]}")
            for w in p["wrong"][:8]:
                lines.append(f"    WRONG {w[:300]}")
        for m in r["missed"]:
            lines.append(f"  missed model {m['name']} (line {m['line']}, keras total {m['total']})")
    findings = [(r["path"], f) for r in records for f in r["findings"]]
    if findings:
        lines.append("")
        lines.append("error/warning diagnostics:")
        for path, f in findings:
            lines.append(f"  {path}:{f['line']}: {f['code']} {f['severity']} {f['message'][:200]}")
    lines.append("")
    pct = (lambda k: f"{100.0 * k / n:.1f}%") if n else (lambda k: "-")
    lines.append(f"files: {len(records)}, ran under Keras with >=1 model: {ran}")
    lines.append(f"models compared: {n}; exact totals {exact} ({pct(exact)}), unknown totals {unknown} "
                 f"({pct(unknown)}), wrong totals {sum(p['total'] == 'wrong' for p in pairs)}; "
                 f"models with any wrong number {len(wrong_models)}; "
                 f"layers with an unknown shape/params {sum(p['unknown_layers'] for p in pairs)}")
    lines.append(f"models left unbuilt by Keras in this run (totals not compared): {unbuilt}")
    lines.append(f"models Keras built that kerasaudit did not report: {missed}")
    lines.append(f"files where kerasaudit crashed: {len(crashes)}")
    lines.append(f"error/warning diagnostics: {len(findings)}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if "--run-one" in argv:
        return child_main(argv)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="a directory of model scripts (they are EXECUTED)")
    parser.add_argument("--json", type=Path, help="write every record here")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per script under Keras")
    parser.add_argument("--only", default="*.py", help="glob of the scripts to take (default *.py)")
    parser.add_argument("--static-only", action="store_true", help="do not run anything: crashes and diagnostics")
    parser.add_argument("--ported", type=Path, help="run DIR/<path in corpus> under Keras instead: a copy of "
                        "the corpus ported to Keras 3 line for line (e.g. by `kerasaudit check --fix`)")
    parser.add_argument("--reuse", type=Path, help="a previous --json: reuse its Keras results (no re-run)")
    args = parser.parse_args(argv)
    files = sorted(p for p in args.corpus.rglob(args.only) if p.is_file())
    previous = {}
    if args.reuse:
        previous = {r["path"]: r["real"] for r in json.loads(args.reuse.read_text())}
    records = []
    progress = args.json.with_suffix(".partial.jsonl") if args.json else None
    if progress is not None:
        progress.write_text("")
    for i, path in enumerate(files, 1):
        print(f"[{i}/{len(files)}] {path}", file=sys.stderr, flush=True)
        if str(path) in previous:
            args_copy = argparse.Namespace(**vars(args))
            args_copy.static_only = True
            record = evaluate_file(path, args_copy)
            record["real"] = previous[str(path)]
            pairs, missed = match_models(record["static"]["models"], record["real"]["models"])
            record["pairs"] = [dict(compare_model(s, r), name=r["name"], line=r["line"], static_name=s["name"])
                               for s, r in pairs]
            record["missed"] = [{"name": m["name"], "line": m["line"], "total": m["total_params"]}
                                for m in missed]
        else:
            record = evaluate_file(path, args)
        records.append(record)
        if progress is not None:
            with progress.open("a") as f:
                f.write(json.dumps(record) + "\n")
    if args.json:
        args.json.write_text(json.dumps(records, indent=1))
    print(report(records))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
