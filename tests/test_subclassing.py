"""Subclassed layers and models through the interpreter and the CLI. Numbers in these tests come
from the golden files real Keras wrote for fixtures/realworld/subclassed (see tools/make_golden.py)."""

from __future__ import annotations

import json

from conftest import FIXTURES, run_cli
from kerasaudit.api import check_source

SUB = FIXTURES / "realworld" / "subclassed"


def models_of(code: str) -> dict:
    return {m.name: m for m in check_source(code, "t.py").models}


def golden(name: str) -> dict:
    return json.loads((SUB / f"{name}.keras.json").read_text())


def test_super_reaches_user_bases_before_keras() -> None:
    code = '''
import keras
from keras import layers

class Base(keras.Model):
    def __init__(self, width, **kwargs):
        super().__init__(**kwargs)
        self.body = layers.Dense(width)

class Child(Base):
    def __init__(self):
        super().__init__(6, name="child")
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.body(x))

m = Child()
m(keras.Input((4,)))
'''
    (m,) = models_of(code).values()
    assert m.keras_name == "child"
    assert [r.name for r in m.layers] == ["dense", "dense_1"]
    assert m.total_params == (4 * 6 + 6) + (6 * 2 + 2)


def test_plain_classes_and_keras_callbacks_are_ordinary_objects() -> None:
    code = '''
import keras

class Config:
    def __init__(self, units):
        self.units = units

class Stop(keras.callbacks.Callback):
    def __init__(self, patience):
        super().__init__()
        self.patience = patience

cfg = Config(5)
stop = Stop(3)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(cfg.units)])
model.fit(None, callbacks=[stop])
'''
    (m,) = models_of(code).values()
    assert m.total_params == 20


def test_weight_depending_on_a_symbolic_size_is_unknown_not_guessed() -> None:
    code = '''
import keras
from keras import layers

class PerPosition(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[1], 4))

    def call(self, x):
        return x

inp = keras.Input((None, 4))
out = PerPosition()(inp)
model = keras.Model(inp, out)
'''
    (m,) = models_of(code).values()
    assert m.total_params is None and "input size" in m.unknown_reason


def test_a_custom_layer_called_twice_counts_its_weights_once() -> None:
    code = '''
import keras
from keras import layers

class Proj(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(8)

    def call(self, x):
        return self.dense(x)

proj = Proj()
a, b = keras.Input((3,)), keras.Input((3,))
model = keras.Model([a, b], layers.Concatenate()([proj(a), proj(b)]))
'''
    (m,) = models_of(code).values()
    row = next(r for r in m.layers if r.class_name == "Proj")
    assert row.params == 32 and m.total_params == 32
    assert len(row.connected_to) == 2


def test_model_build_without_a_build_method_leaves_layers_unbuilt_as_in_keras_3() -> None:
    expected = golden("edge_cases")["models"][-1]
    assert expected["total_params"] == 0 and expected["layers"][0]["params"] is None  # Keras: 0 (unbuilt)
    m = models_of((SUB / "edge_cases.py").read_text())["only_built"]
    assert m.total_params is None and "not by build()" in m.unknown_reason


def test_cli_summary_of_a_subclassed_model_text_and_json() -> None:
    path = str(SUB / "called_on_input.py")
    text = run_cli("summary", "--no-color", path)
    assert text.returncode == 0, text.stderr
    assert 'Model: "convnet" (subclassed, line 46)' in text.stdout
    assert "block_0 (ResidualBlock)" in text.stdout and "Total params: 12,037" in text.stdout
    doc = json.loads(run_cli("summary", "--format", "json", path).stdout)
    convnet = doc["files"][0]["models"][0]
    assert convnet["kind"] == "subclassed" and convnet["non_trainable_params"] == 64
    assert [layer["name"] for layer in convnet["layers"]] == [
        layer["name"] for layer in golden("called_on_input")["models"][0]["layers"]]
    assert all(layer["connected_to"] == [] for layer in convnet["layers"])


def test_operations_inside_a_layers_call_take_no_automatic_name() -> None:
    """keras.io's PatchEncoder adds inside call(): no graph operation, so the model's own
    Add is `add` (names as real Keras 3 recorded them in the fixture's golden file)."""
    fixture = FIXTURES / "realworld" / "ops_inside_call.py"
    expected = json.loads(fixture.with_suffix(".keras.json").read_text())["models"][0]
    (model,) = json.loads(run_cli("summary", "--format", "json", str(fixture)).stdout)["files"][0]["models"]
    assert [(r["name"], r["class"]) for r in model["layers"]] == \
        [(r["name"], r["class"]) for r in expected["layers"]]
    assert model["total_params"] == expected["total_params"]


def test_a_custom_layer_taking_two_tensors_inside_a_model_called_again() -> None:
    """keras.io's translation transformer: the decoder model, re-run on the encoder's output,
    hands TransformerDecoder.call() a tensor for encoder_outputs (not a shape: that made
    MultiHeadAttention report a list of 3 inputs). Totals as real Keras recorded them."""
    fixture = FIXTURES / "realworld" / "examples" / "transformer_translation.py"
    expected = json.loads(fixture.with_suffix(".keras.json").read_text())["models"]
    doc = json.loads(run_cli("summary", "--format", "json", str(fixture)).stdout)["files"][0]
    assert [m["total_params"] for m in doc["models"]] == [m["total_params"] for m in expected]
    assert [d["code"] for d in doc["diagnostics"] if d["severity"] == "error"] == []
