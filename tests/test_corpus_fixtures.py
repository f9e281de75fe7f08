"""fixtures/corpus/: idioms found in public model code (each reproduced in our own code, its
numbers recorded from real Keras by tools/make_golden.py). The summaries are compared by
test_golden_summaries.py; here, the lint half: this is correct code that real Keras runs, so
`kerasaudit check` must report no error and no warning on it. Keras 1/2 code (a fixture that
declares its Keras 3 equivalent) may get the legacy-API diagnostics (KA5xx) and nothing else."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from golden import declared_golden

CORPUS = FIXTURES / "corpus"


def test_correct_corpus_idioms_get_no_error_or_warning() -> None:
    files = sorted(CORPUS.glob("*.py"))
    assert files
    result = run_cli("check", "--format", "json", "--exit-zero", *map(str, files))
    assert result.returncode == 0, result.stderr
    legacy = {str(f) for f in files if declared_golden(f) is not None}
    findings = [f"{f['path']}:{d['line']}: {d['code']} {d['message']}"
                for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]
                if d["severity"] in ("error", "warning") and not (f["path"] in legacy and d["code"][:3] == "KA5")]
    assert not findings, "\n".join(findings)


def test_a_range_too_large_for_len_is_unknown_not_a_crash(tmp_path) -> None:
    """A mutated fixture looped over range(10**100): len() of it overflows in Python itself."""
    script = tmp_path / "big.py"
    script.write_text("import keras\nfor i in range(10**100):\n    pass\nr = range(-10**30, 5)\n"
                      "m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n")
    result = run_cli("summary", "--format", "json", str(script))
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(result.stdout)["files"][0]
    assert [d["code"] for d in document["diagnostics"]] == []
    assert document["models"][0]["total_params"] == 8


def _known_differences(ours, keras, where: str) -> list[str]:
    """Numbers kerasaudit knows that differ from Keras's (None/"?" on our side is allowed)."""
    if isinstance(ours, list) and isinstance(keras, list):
        if len(ours) != len(keras):
            return [f"{where}: {ours} vs {keras}"]
        return [d for o, k in zip(ours, keras) for d in _known_differences(o, k, where)]
    if ours is None or isinstance(ours, str) or keras is None:
        return []
    return [] if ours == keras else [f"{where}: {ours} != keras {keras}"]


TRUTH = sorted(CORPUS.glob("*.truth.json"))


def _truth_and_ours(truth) -> tuple[list, list]:
    expected = json.loads(truth.read_text())["models"]
    fixture = truth.with_name(truth.name[: -len(".truth.json")] + ".py")
    result = run_cli("summary", "--format", "json", str(fixture))
    return json.loads(result.stdout)["files"][0]["models"], expected


@pytest.mark.parametrize("truth", TRUTH, ids=[t.stem for t in TRUTH])
def test_no_wrong_number_where_a_layer_is_unknown(truth) -> None:
    """FIXTURE.truth.json is what real Keras printed (tools/make_golden.py, renamed so that the
    exact comparison of test_golden_summaries skips it): these fixtures hold something the
    analysis cannot follow, so some numbers are unknown, but every number it gives must be
    Keras's (rows matched by their Keras name)."""
    models, expected = _truth_and_ours(truth)
    assert [m["line"] for m in models] == [m["line"] for m in expected]
    problems: list[str] = []
    for ours, keras in zip(models, expected):
        for label in ("total_params", "trainable_params", "non_trainable_params"):
            problems += _known_differences(ours[label], keras[label], f"{keras['name']} {label}")
        krows = {r["name"]: r for r in keras["layers"]}
        for row in ours["layers"]:
            krow = krows.get(row["name"])
            if krow is None:
                if row["params"] is not None or row["output_shape"] is not None:
                    problems.append(f"{keras['name']}: row {row['name']!r} Keras does not have, with numbers")
                continue
            where = f"{keras['name']}/{krow['name']}"
            problems += _known_differences(row["params"], krow["params"], f"{where} params")
            problems += _known_differences(row["output_shape"], krow["output_shape"], f"{where} shape")
    assert not problems, "\n".join(problems)
    unknown = [r for m in models for r in m["layers"] if r["params"] is None]
    assert unknown, "nothing is unknown here any more: make this an exact golden fixture (.keras.json)"


@pytest.mark.parametrize("truth", TRUTH, ids=[t.stem for t in TRUTH])
def test_rows_line_up_with_keras_where_a_layer_is_unknown(truth) -> None:
    """An item the analysis cannot take as a layer keeps its place as a '?' row."""
    models, expected = _truth_and_ours(truth)
    assert [len(m["layers"]) for m in models] == [len(m["layers"]) for m in expected]
    unknown_rows = [r for m in models for r in m["layers"] if r["name"] == "?"]
    assert unknown_rows and all(r["class"] == "?" and r["params"] is None and r["output_shape"] is None
                                for r in unknown_rows)


def test_data_loops_before_the_model_leave_the_budget_to_the_model() -> None:
    """The naive element-wise loops of data_loops_before_model.py would use up the whole step
    budget before the model; they are cut (what they compute becomes unknown) and the model,
    through the CLI, is exactly what real Keras built (the golden file, tools/make_golden.py)."""
    fixture = CORPUS / "data_loops_before_model.py"
    expected = json.loads(fixture.with_suffix(".keras.json").read_text())["models"]
    result = run_cli("summary", "--format", "json", str(fixture))
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(result.stdout)["files"][0]
    assert [d["code"] for d in document["diagnostics"]] == []  # no KA003: the budget was not exhausted
    assert len(document["models"]) == len(expected) == 1
    ours, keras = document["models"][0], expected[0]
    assert ours["line"] == keras["line"]
    for label in ("total_params", "trainable_params", "non_trainable_params"):
        assert ours[label] == keras[label], label
    assert [(r["name"], r["class"], r["output_shape"], r["params"]) for r in ours["layers"]] == \
        [(r["name"], r["class"], r["output_shape"], r["params"]) for r in keras["layers"]]


# Loops that run well over 20,000 steps before any layer, each followed by a model whose size
# depends on what the loop computed. The second item is the model's total as real Keras 3.15
# (jax) computes it: test_data_loop_totals_are_real_keras_totals below runs the scripts to check.
DATA_LOOPS = {
    "nested_list_rows": ("""
C = [[0] * 200 for _ in range(200)]
for i in range(200):
    for j in range(200):
        C[i][j] = i + j + 1
n = C[199][5] + 4
""", "n", 836),
    "global_list_through_a_function": ("""
vocab = []
def add(w):
    a = w + 1
    b = a * 2
    c = b - 1
    vocab.append(c)
for w in range(9000):
    add(w)
n = len(vocab) + 1
""", "n", 36004),
    "loop_target_after_iteration_cap": ("""
for i in range(20000):
    pass
n = i + 1
""", "n", 80000),
    "walrus_in_while_test": ("""
k = 0
while (k := k + 1) < 30000:
    pass
n = k
""", "n", 120000),
    "return_inside_the_loop": ("""
def first_big(limit):
    for i in range(9000):
        a = i * 2
        b = a + 1
        if i == 8000:
            return 7
    return 3
n = first_big(5)
""", "n", 28),
    "instance_and_dict_state": ("""
counts = {"n": 0}
class Acc:
    def __init__(self):
        self.total = 0
acc = Acc()
for i in range(9000):
    counts["n"] = counts["n"] + 1
    acc.total += 2
n = counts["n"] // 1000 + acc.total // 1000
""", "n", 108),
    "nonlocal_through_a_closure": ("""
def f():
    total = 0
    def bump():
        nonlocal total
        total += 1
    for i in range(9000):
        bump()
        y = i + 1
    return total
n = f()
""", "n", 36000),
}


def _data_loop_script(body: str, units: str) -> str:
    return (f"import keras\n{body.strip()}\n"
            f"model = keras.Sequential([keras.Input((3,)), keras.layers.Dense({units})])\n")


@pytest.mark.parametrize("name", sorted(DATA_LOOPS))
def test_a_cut_data_loop_guesses_no_number(name: str, tmp_path) -> None:
    """A loop cut for computing data must make everything it could still change unknown: the
    loop target, walrus targets, rows of nested lists, state a called function mutates.
    Where that is not visible from the loop (a return, nonlocal, a global a function appends
    to, an instance), the loop is followed instead. Either way: Keras's number or none."""
    body, units, keras_total = DATA_LOOPS[name]
    script = tmp_path / f"{name}.py"
    script.write_text(_data_loop_script(body, units))
    result = run_cli("summary", "--format", "json", str(script))
    assert result.returncode == 0, result.stdout + result.stderr
    model = json.loads(result.stdout)["files"][0]["models"][0]
    assert model["total_params"] in (None, keras_total)
    assert model["layers"][0]["params"] in (None, keras_total)


def test_loops_are_cut_only_where_their_effects_are_visible(tmp_path) -> None:
    """The nested-list loop is cut (unknown, not 836 after 40,000 iterations); the loops whose
    effects hide in a function or an instance are followed to Keras's exact number."""
    totals = {}
    for name in ("nested_list_rows", "walrus_in_while_test", "global_list_through_a_function",
                 "return_inside_the_loop", "instance_and_dict_state", "nonlocal_through_a_closure"):
        body, units, _ = DATA_LOOPS[name]
        script = tmp_path / f"{name}.py"
        script.write_text(_data_loop_script(body, units))
        totals[name] = script
    result = run_cli("summary", "--format", "json", *map(str, totals.values()))
    got = {Path(f["path"]).stem: f["models"][0]["total_params"] for f in json.loads(result.stdout)["files"]}
    assert got == {"nested_list_rows": None, "walrus_in_while_test": None,
                   **{n: DATA_LOOPS[n][2] for n in totals if n not in ("nested_list_rows", "walrus_in_while_test")}}


@pytest.mark.keras
def test_data_loop_totals_are_real_keras_totals(tmp_path) -> None:
    """The expected totals above are what real Keras builds: tools/make_golden.py runs the
    scripts (our own code) under Keras with the jax backend."""
    if importlib.util.find_spec("keras") is None:
        pytest.skip("real Keras is not installed (the test extra has it)")
    scripts = []
    for name, (body, units, _) in DATA_LOOPS.items():
        scripts.append(tmp_path / f"{name}.py")
        scripts[-1].write_text(_data_loop_script(body, units))
    env = {**os.environ, "KERAS_BACKEND": "jax"}
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "make_golden.py"), *map(str, scripts)],
                         capture_output=True, text=True, env=env, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    for script in scripts:
        golden = json.loads(script.with_suffix(".keras.json").read_text())
        assert [m["total_params"] for m in golden["models"]] == [DATA_LOOPS[script.stem][2]], script.stem
