"""Tensor operations between layers, through the CLI: each fixture under fixtures/ops/ is
summarised by a real ``kerasaudit summary --format json`` subprocess and every operation
row compared with what real Keras 3 recorded in the fixture's golden file."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run_cli
from golden import _dims_match

OPS = FIXTURES / "ops"
GOLDEN = sorted(OPS.glob("*.keras.json"))


def _cli_models(fixture) -> list[dict]:
    out = run_cli("summary", "--format", "json", str(fixture))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["files"][0]["models"]


@pytest.mark.parametrize("golden", GOLDEN, ids=[g.name for g in GOLDEN])
def test_cli_operation_rows_equal_real_keras(golden) -> None:
    expected = json.loads(golden.read_text())["models"]
    models = _cli_models(golden.with_name(golden.name.replace(".keras.json", ".py")))
    assert [m["name"] for m in models] == [m["name"] for m in expected]
    op_rows = 0
    for model, keras_model in zip(models, expected):
        assert [r["name"] for r in model["layers"]] == [r["name"] for r in keras_model["layers"]]
        for row, krow in zip(model["layers"], keras_model["layers"]):
            assert row["class"] == krow["class"], row["name"]
            assert _dims_match(row["output_shape"], krow["output_shape"]), (row, krow)
            assert row["params"] == krow["params"], row["name"]
            op_rows += krow["params"] == 0 and krow["class"] not in ("InputLayer",)
        assert model["total_params"] == keras_model["total_params"]
    assert op_rows > 0


def test_text_summary_prints_operation_rows_like_keras() -> None:
    out = run_cli("summary", str(OPS / "attention_ops.py"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    # Keras 3 prints `true_divide (TrueDivide)` with shape (None, 4, 16, 16) and 0 parameters.
    row = next(line for line in lines if line.startswith("true_divide "))
    assert "(TrueDivide)" in row and "(None, 4, 16, 16)" in row and " 0 " in row
    # A rank-1 output prints as Python's one-tuple, as in Keras: (None,)
    catalog = run_cli("summary", str(OPS / "keras_ops_catalog.py")).stdout
    assert any(line.startswith("mean (Mean)") and "()" in line for line in catalog.splitlines())
    assert any(line.startswith("argmax (Argmax)") and "(None, 6)" in line for line in catalog.splitlines())


def test_symbolic_sizes_stay_exact_through_slices() -> None:
    (_, seq_model, _) = _cli_models(OPS / "slicing.py")
    shapes = {row["name"]: row["output_shape"] for row in seq_model["layers"]}
    # Keras prints None for all of these; the analysis keeps the exact size of the slice.
    assert shapes["get_item_8"] == [None, "T - 1", 32]
    assert shapes["get_item_10"] == [None, "min(T, 5)", 32]
    assert shapes["get_item_11"] == [None, "(T + 1) // 2", 8]


def test_broadcast_mismatch_is_what_keras_raises(tmp_path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import keras\n"
                   "a = keras.Input((10, 8))\n"
                   "b = keras.Input((10, 7))\n"
                   "c = a + b\n"
                   "model = keras.Model([a, b], c)\n")
    out = run_cli("summary", "--format", "json", str(bad))
    (model,) = json.loads(out.stdout)["files"][0]["models"]
    add = model["layers"][-1]
    assert add["name"] == "add" and add["class"] == "Add" and add["output_shape"] is None
    check = run_cli("check", "--output-format", "concise", str(bad))
    assert ":4:" in check.stdout and "Cannot broadcast" in check.stdout


@pytest.mark.parametrize("call, raised", [
    # what Keras 3.15 raises (checked): the two parts differ; the FFT axis is None in Keras
    ("ops.fft((a, b))", "same shape"),
    ("ops.fft2((t, t))", "fully-defined"),
])
def test_fft_inputs_keras_rejects_are_errors(tmp_path, call: str, raised: str) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import keras\nfrom keras import ops\n"
                   "a = keras.Input((10, 8))\n"
                   "b = keras.Input((10, 7))\n"
                   "t = keras.Input((8, None))\n"
                   f"c = {call}\n")
    check = run_cli("check", "--output-format", "concise", str(bad))
    assert ":6:" in check.stdout and raised in check.stdout, check.stdout


TF_KERAS2 = sorted(OPS.glob("*.tfkeras2.json"))


def compare_with_tf_keras2(golden) -> list[str]:
    """Differences from what tf.keras 2.15 printed (tools/make_golden_tfkeras2.py). Every row's
    class, shape and parameter count must agree; names must agree for TFOpLambda rows (the
    other layers are named by Keras 3's conventions: input_layer, not input_1)."""
    expected = json.loads(golden.read_text())["models"]
    models = _cli_models(golden.with_name(golden.name.replace(".tfkeras2.json", ".py")))
    problems = []
    if len(models) != len(expected):
        return [f"{len(models)} models, tf.keras 2 made {len(expected)}"]
    for model, keras_model in zip(models, expected):
        if model["line"] != keras_model["line"]:
            problems.append(f"model line {model['line']} != {keras_model['line']}")
        rows, krows = model["layers"], keras_model["layers"]
        if len(rows) != len(krows):
            problems.append(f"{[r['name'] for r in rows]} != {[r['name'] for r in krows]}")
            continue
        for row, krow in zip(rows, krows):
            if row["class"] != krow["class"] or row["params"] != krow["params"]:
                problems.append(f"{row['name']}: {row['class']}/{row['params']} != {krow['class']}/{krow['params']}")
            if krow["class"] == "TFOpLambda" and row["name"] != krow["name"]:
                problems.append(f"name {row['name']} != {krow['name']}")
            if not _dims_match(row["output_shape"], krow["output_shape"]):
                problems.append(f"{krow['name']}: shape {row['output_shape']} != {krow['output_shape']}")
        if model["total_params"] != keras_model["total_params"]:
            problems.append(f"total {model['total_params']} != {keras_model['total_params']}")
    return problems


@pytest.mark.parametrize("golden", TF_KERAS2, ids=[g.name for g in TF_KERAS2])
def test_tf_and_backend_functions_show_what_tf_keras2_printed(golden) -> None:
    problems = compare_with_tf_keras2(golden)
    assert not problems, "\n".join(problems)


def test_keras3_refusal_of_tf_functions_is_recorded() -> None:
    from kerasaudit.api import analyse
    source = (OPS / "tf_functions.py").read_text()
    analysis, _ = analyse(source, "tf_functions.py")
    refused = {(site.line, name) for site, name, _ in analysis.facts.keras3_refusals}
    assert (10, "tf.image.resize") in refused and (15, "tf.reduce_mean") in refused
    backend, _ = analyse((OPS / "backend_functions.py").read_text(), "backend_functions.py")
    assert {name for _, name, _ in backend.facts.keras3_refusals} >= {"K.squeeze", "K.batch_dot", "K.sqrt"}
