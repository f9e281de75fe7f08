"""Masks in functional models (kerasaudit/analysis/masks.py, mask_rules.py) and wrappers over
models without an input (TimeDistributed over a Sequential), through the CLI.

The expected rows come from the golden files real Keras wrote for fixtures/masks/ (the golden
summary test compares every row; these tests check the mask rows and their connections
through the JSON document, and what is said where the analysis cannot know a mask)."""

from __future__ import annotations

import inspect
import json
import os
import textwrap

import pytest

from conftest import FIXTURES, run_cli
from kerasaudit.analysis import mask_rules

MASKS = FIXTURES / "masks"
_OPERATIONS = {"NotEqual", "Any", "LogicalOr", "LogicalNot", "ExpandDims", "ZerosLike", "OnesLike",
               "ConvertToTensor"}


def _summary_json(path) -> list[dict]:
    out = run_cli("summary", "--format", "json", str(path))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["files"][0]["models"]


def _as_keras(shape):
    """A symbolic size (a string in our JSON) is what Keras prints as None."""
    if isinstance(shape, list):
        return [_as_keras(d) for d in shape]
    return None if isinstance(shape, str) else shape


def _golden(name: str) -> list[dict]:
    return json.loads((MASKS / f"{name}.keras.json").read_text())["models"]


@pytest.mark.parametrize("name", ["seq2seq", "attention", "merges", "masking_layer", "nested_and_custom", "subclassed",
                                  "nested_bidirectional_pooling", "sequential_rebuilds", "call_forms"])
def test_mask_operation_rows_and_connections_through_the_cli(name: str) -> None:
    """Every operation row Keras listed (name, class, shape, what it is connected to), in order."""
    static = _summary_json(MASKS / f"{name}.py")
    keras_models = _golden(name)
    assert len(static) == len(keras_models)
    seen = 0
    for ours, theirs in zip(static, keras_models):
        expected = [(r["name"], r["class"], r["output_shape"], r.get("inbound")) for r in theirs["layers"]]
        got = [(r["name"], r["class"], _as_keras(r["output_shape"]) if k["output_shape"] is not None else None,
                r["inbound"] if "inbound" in k else None) for r, k in zip(ours["layers"], theirs["layers"])]
        assert len(ours["layers"]) == len(theirs["layers"])
        assert got == expected
        seen += sum(r["class"] in _OPERATIONS for r in theirs["layers"])
    assert seen, "the fixture exercises no mask operation"


def test_reproducer_encoder_decoder_lists_every_keras_row() -> None:
    """The catalog engineer's report: Embedding(mask_zero) -> Bidirectional LSTM, Attention,
    Concatenate, TimeDistributed(Dense) listed only its layer rows; Keras adds the masks'
    operations (Concatenate's own mask concatenation among them) before the rows that use them."""
    model = _summary_json(MASKS / "seq2seq.py")[0]
    keras_rows = _golden("seq2seq")[0]["layers"]
    assert [(r["name"], r["class"], r["inbound"]) for r in model["layers"]] == \
        [(r["name"], r["class"], r["inbound"]) for r in keras_rows]
    operations = [r for r in keras_rows if r["class"] in _OPERATIONS]
    assert len(operations) >= 10
    distributed = [r for r in model["layers"] if r["class"] == "TimeDistributed"]
    assert distributed and all(r["inbound"][-1] == "any" for r in distributed)


def test_unknown_mask_is_said_on_the_row_that_would_receive_it(tmp_path) -> None:
    source = tmp_path / "unknown_mask.py"
    source.write_text(textwrap.dedent("""\
        import sys
        import keras
        from keras import layers

        use_mask = sys.argv[1] == "mask"
        x = keras.Input(shape=(8,), dtype="int32")
        e = layers.Embedding(30, 4, mask_zero=use_mask)(x)
        h = layers.Dense(3)(e)
        r = layers.LSTM(2)(h)
        model = keras.Model(x, r)
        """))
    (model,) = _summary_json(source)
    rows = {r["name"]: r for r in model["layers"]}
    assert [r["name"] for r in model["layers"]] == ["input_layer", "embedding", "dense", "lstm"]
    lstm = rows["lstm"]
    assert lstm["output_shape"] == [None, 2] and lstm["params"] is not None  # the numbers stay known
    assert "mask" in lstm["unknown_reason"] and "mask_zero" in lstm["unknown_reason"]
    assert "unknown_reason" not in rows["dense"]  # Dense takes no mask input
    text = run_cli("summary", str(source)).stdout
    assert "lstm (line 9): Keras may list operations computing the mask" in text


def test_a_mask_that_cannot_be_followed_is_unknown_until_a_layer_drops_it(tmp_path) -> None:
    source = tmp_path / "imported_mask.py"
    source.write_text(textwrap.dedent("""\
        import keras
        from keras import layers
        from helpers import padding_mask

        x = keras.Input(shape=(8, 4))
        t = layers.Lambda(lambda v: v * 2.0, mask=padding_mask)(x)
        y = layers.Add()([t, layers.Dense(4)(x)])    # one unmasked input: Add drops any mask
        z = layers.Concatenate()([t, x])             # Concatenate keeps one if t has it
        model = keras.Model(x, [layers.LSTM(2)(y), layers.LSTM(3)(z), layers.Flatten()(t)])
        """))
    (model,) = _summary_json(source)
    rows = {r["name"]: r for r in model["layers"]}
    assert not any(r["class"] in _OPERATIONS for r in model["layers"])
    assert rows["lstm"]["params"] is not None and "unknown_reason" not in rows["lstm"]
    assert rows["lstm_1"]["params"] is not None and rows["lstm_1"]["output_shape"] == [None, 3]  # numbers known
    assert "mask" in rows["lstm_1"]["unknown_reason"] and "lambda" in rows["lstm_1"]["unknown_reason"]
    assert "unknown_reason" not in rows["flatten"]


def test_time_distributed_builds_an_unbuilt_sequential_with_the_step_shape() -> None:
    static = {m["name"]: m for m in _summary_json(MASKS / "time_distributed_models.py")}
    keras_models = {m["name"]: m for m in _golden("time_distributed_models")}
    video = static["video"]
    distributed = next(r for r in video["layers"] if r["class"] == "TimeDistributed")
    keras_distributed = next(r for r in keras_models["video"]["layers"] if r["class"] == "TimeDistributed")
    assert distributed["output_shape"] == keras_distributed["output_shape"] == [None, 8, 32]
    assert distributed["params"] == keras_distributed["params"] == 5088
    assert video["total_params"] == keras_models["video"]["total_params"]
    frame_cnn = static["frame_cnn"]
    assert [r["output_shape"] for r in frame_cnn["layers"]] == \
        [r["output_shape"] for r in keras_models["frame_cnn"]["layers"]]


# ------------------------------------------------------------- the tables against real Keras
os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def _instances() -> dict:
    """An instance of every public Keras layer class that can be built without extra packages
    (a generic value for each required argument)."""
    keras = pytest.importorskip("keras")
    layers = keras.layers
    special = {"layer": lambda: layers.LSTM(2), "cell": lambda: layers.LSTMCell(2),
               "cells": lambda: [layers.LSTMCell(2)], "function": lambda: (lambda x: x),
               "layers": lambda: [layers.Dense(2)], "target_shape": lambda: (2,), "dims": lambda: (1,),
               "equation": lambda: "ab,bc->ac", "factor": lambda: 0.1, "value_range": lambda: (0, 1),
               "scale": lambda: 1.0, "stddev": lambda: 0.1, "rate": lambda: 0.1, "height_factor": lambda: 0.1,
               "width_factor": lambda: 0.1, "activation": lambda: "relu"}
    out = {}
    for name in sorted(dir(layers)):
        cls = getattr(layers, name)
        if name.startswith("_") or not inspect.isclass(cls) or not issubclass(cls, layers.Layer):
            continue
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
        args = [special.get(p.name, lambda: 2)() for p in params
                if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        try:
            out[cls.__name__] = cls(*args)
        except Exception:  # noqa: BLE001 - needs TensorFlow/torch/flax, or real arguments: no mask behaviour
            continue
    return out


@pytest.fixture(scope="module")
def instances() -> dict:
    return _instances()


def test_supports_masking_table_is_keras(instances) -> None:
    wrong = [(n, layer.supports_masking) for n, layer in instances.items()
             if n not in mask_rules.CONDITIONAL and layer.supports_masking != (n in mask_rules.SUPPORTS)]
    assert not wrong, f"supports_masking differs from Keras for {wrong}"
    assert len(instances) > 100


def test_call_mask_argument_table_is_keras(instances) -> None:
    wrong = [n for n, layer in instances.items()
             if ("mask" in layer.call_signature_parameters) != (n in mask_rules.CALL_HAS_MASK)]
    assert not wrong, f"whether call() takes `mask` differs from Keras for {wrong}"


def test_input_conversion_table_is_keras(instances) -> None:
    """Only matters for layers whose call takes a mask: those that never convert their inputs
    always record the mask."""
    wrong = [n for n, layer in instances.items() if "mask" in layer.call_signature_parameters
             and (not layer._convert_input_args) != (n in mask_rules.NO_CONVERSION)]
    assert not wrong, f"_convert_input_args differs from Keras for {wrong}"


def test_conditional_masking_follows_the_arguments() -> None:
    keras = pytest.importorskip("keras")
    layers = keras.layers
    assert layers.Embedding(3, 2, mask_zero=True).supports_masking
    assert not layers.Embedding(3, 2).supports_masking
    assert layers.Lambda(lambda x: x, mask=lambda x, m: m).supports_masking
    assert not layers.Lambda(lambda x: x).supports_masking
    assert set(mask_rules.CONDITIONAL) == {"Embedding", "ReversibleEmbedding", "Lambda"}
