"""keras.applications rebuilt from the recorded table must give exactly what real Keras counted
when the table was recorded (kept in the table, per variant), for every application and variant;
plus the options, errors and utilities around them."""

from __future__ import annotations

import ast
import json
import time

import pytest

from conftest import FIXTURES, run_cli
from kerasaudit.analysis.applications import load_table
from kerasaudit.analysis.context import FileContext
from kerasaudit.analysis.interpreter import Interpreter
from kerasaudit.analysis.models import ModelObj
from kerasaudit.analysis.shapes import shape_to_json
from kerasaudit.api import check_source


def _variants() -> list[tuple[str, str]]:
    out = []
    for name, app in load_table()["apps"].items():
        for key in app["variants"]:
            k = json.loads(key)
            if "size" in k and k["size"] is not None and not k["include_top"]:
                continue  # size-specific extra sizes: spot-checked below
            out.append((name, key))
    return out


def _build(name: str, key: dict) -> ModelObj:
    args = {k: v for k, v in key.items() if k != "size"}
    args.setdefault("weights", None)
    if "size" in key and key["size"] is not None and not key["include_top"]:
        args["input_shape"] = (*key["size"], 3)
    code = f"import keras\nm = keras.applications.{name}(**{args!r})\n"
    interp = Interpreter(FileContext(path="<test>"), ast.parse(code))
    interp.run()
    model = interp.module_scope.vars["m"]
    assert isinstance(model, ModelObj), getattr(model, "reason", model)
    return model


@pytest.mark.parametrize("name,key", _variants(), ids=lambda v: v if "{" not in str(v) else None)
def test_every_recorded_variant_equals_real_keras(name: str, key: str) -> None:
    recorded = load_table()["apps"][name]["variants"][key]["keras"]
    model = _build(name, json.loads(key))
    total, trainable, _, reason = model.param_counts()
    assert reason is None, reason
    assert (total, trainable) == (recorded["total"], recorded["trainable"])
    assert [layer.param_counts()[0] for layer in model.summary_layers()] == recorded["params"]
    out = shape_to_json(model.outputs.shape)
    assert [None if isinstance(d, str) else d for d in out] == recorded["output"]


def test_size_specific_nasnet_at_a_recorded_size() -> None:
    table = load_table()["apps"]["NASNetMobile"]
    key = next(k for k in table["variants"] if json.loads(k).get("size") == [160, 160] and
               json.loads(k)["pooling"] == "avg")
    model = _build("NASNetMobile", json.loads(key))
    assert model.param_counts()[0] == table["variants"][key]["keras"]["total"]


def test_unrecorded_options_are_unknown_with_the_reason() -> None:
    code = ("import keras\n"
            "a = keras.applications.MobileNet(alpha=0.6, weights=None)\n"
            "b = keras.applications.ResNet50(weights='imagenet', classes=10)\n"
            "c = keras.applications.NASNetMobile(include_top=False, weights=None, input_shape=(161, 160, 3))\n"
            "d = keras.applications.VGG16(weights='imagenet', input_shape=(100, 100, 3))\n")
    interp = Interpreter(FileContext(path="<test>"), ast.parse(code))
    interp.run()
    v = interp.module_scope.vars
    assert "alpha=0.6" in v["a"].reason
    assert "Keras would raise" in v["b"].reason and "classes" in v["b"].reason
    assert "input size" in v["c"].reason
    assert "Keras would raise" in v["d"].reason and "(224, 224, 3)" in v["d"].reason


def test_the_table_loads_only_when_an_application_is_used() -> None:
    load_table.cache_clear()
    check_source("import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n", "t.py")
    assert load_table.cache_info().currsize == 0
    start = time.perf_counter()
    check_source("import keras\nm = keras.applications.ResNet50()\n", "t.py")
    assert load_table.cache_info().currsize == 1
    del start


def test_preprocess_input_on_a_symbolic_tensor_is_keras_operation_rows() -> None:
    """Each module's mode as the rows real Keras 3 recorded (the fixture's golden file)."""
    fixture = FIXTURES / "realworld" / "applications" / "preprocess_symbolic.py"
    expected = json.loads(fixture.with_suffix(".keras.json").read_text())["models"]
    doc = json.loads(run_cli("summary", "--format", "json", str(fixture)).stdout)
    models = {m["keras_name"]: m for m in doc["files"][0]["models"]}
    for name in ("preprocessing", "keypoint_detector"):
        keras_model = next(m for m in expected if m["name"] == name)
        assert [(r["name"], r["class"], r["output_shape"]) for r in models[name]["layers"]] == \
            [(r["name"], r["class"], r["output_shape"]) for r in keras_model["layers"]]
        assert models[name]["total_params"] == keras_model["total_params"]
