"""Loops over data, through the CLI: loops the analysis can follow (over arrays of a known
length, inside progress bars) run; code it cannot follow (a branch on a command line argument)
is skipped, and what that code could change becomes unknown. A model it only runs or saves
keeps its numbers; a model it could rebuild or refreeze does not."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES, run_cli


def _models(tmp_path: Path, code: str) -> dict:
    path = tmp_path / "model.py"
    path.write_text(code)
    out = run_cli("summary", "--format", "json", str(path))
    assert out.returncode == 0, out.stderr
    return {m["keras_name"]: m for m in json.loads(out.stdout)["files"][0]["models"]}


def test_predicting_in_a_loop_over_data_leaves_a_built_model_as_it_is(tmp_path: Path) -> None:
    # keras.io's VAE plots its decoder over a grid of np.linspace values
    models = _models(tmp_path, """
import numpy as np
import keras
from keras import layers
inp = keras.Input((4,))
decoder = keras.Model(inp, layers.Dense(2)(layers.Dense(3)(inp)), name="decoder")
for i, yi in enumerate(np.linspace(-1, 1, 30)):
    decoder.predict(np.array([[yi, yi, yi, yi]]), verbose=0)
    decoder.summary()
""")
    assert models["decoder"]["total_params"] == 23  # real Keras 3.15: 23, all trainable


def test_predicting_in_such_a_loop_may_build_an_unbuilt_model(tmp_path: Path) -> None:
    models = _models(tmp_path, """
import numpy as np
import keras
from keras import layers
model = keras.Sequential([layers.Dense(3), layers.Dense(2)])
for row in np.linspace(-1, 1, 30):
    model.predict(np.ones((1, int(row * 10) + 11)))
""")
    assert models["sequential"]["total_params"] is None


def test_freezing_a_layer_under_an_undecided_condition_leaves_no_split(tmp_path: Path) -> None:
    models = _models(tmp_path, """
import sys
import keras
from keras import layers
inp = keras.Input((4,))
model = keras.Model(inp, layers.Dense(2, name="fc")(layers.Dense(3)(inp)))
if len(sys.argv) > 1:
    model.get_layer("fc").trainable = False
""")
    assert models["functional"]["trainable_params"] is None


def test_loops_wrapped_in_progress_bars_are_followed() -> None:
    """tqdm(xs) iterates xs, trange(n) is range(n): the widths those loops collect build the
    model, as real Keras recorded it (fixtures/idioms/progress_bars.keras.json)."""
    fixture = FIXTURES / "idioms" / "progress_bars.py"
    expected = json.loads(fixture.with_suffix(".keras.json").read_text())["models"][0]
    out = run_cli("summary", "--format", "json", str(fixture))
    (model,) = json.loads(out.stdout)["files"][0]["models"]
    assert [(r["name"], r["params"]) for r in model["layers"]] == \
        [(r["name"], r["params"]) for r in expected["layers"]]
    assert model["total_params"] == expected["total_params"] == 935


def test_loops_over_arrays_of_known_length_run_once_per_row() -> None:
    fixture = FIXTURES / "idioms" / "array_loops.py"
    expected = json.loads(fixture.with_suffix(".keras.json").read_text())["models"][0]
    (model,) = json.loads(run_cli("summary", "--format", "json", str(fixture)).stdout)["files"][0]["models"]
    assert [(r["name"], r["output_shape"], r["params"]) for r in model["layers"]] == \
        [(r["name"], r["output_shape"], r["params"]) for r in expected["layers"]]


def test_a_layer_taken_from_the_model_in_skipped_code_may_be_frozen_there(tmp_path: Path) -> None:
    models = _models(tmp_path, """
import sys
import keras
from keras import layers
inp = keras.Input((4,))
model = keras.Model(inp, layers.Dense(2, name="fc")(layers.Dense(3)(inp)))
if len(sys.argv) > 1:
    fc = model.get_layer("fc")
    fc.trainable = False
""")
    assert models["functional"]["trainable_params"] is None


def test_layers_frozen_through_a_loop_variable_in_skipped_code(tmp_path: Path) -> None:
    models = _models(tmp_path, """
import sys
import keras
from keras import layers
inp = keras.Input((4,))
dense = layers.Dense(3)
model = keras.Model(inp, layers.Dense(2)(dense(inp)))
other_input = keras.Input((4,))
other = keras.Model(other_input, dense(other_input))
if len(sys.argv) > 1:
    for layer in model.layers:
        layer.trainable = False
    for layer in [dense]:
        layer.trainable = False
""")
    assert models["functional"]["trainable_params"] is None
    assert models["functional_1"]["trainable_params"] is None  # shares `dense`, frozen in the list loop


def test_layers_frozen_through_an_index_bound_in_skipped_code(tmp_path: Path) -> None:
    models = _models(tmp_path, """
import sys
import keras
from keras import layers
blocks = [layers.Dense(3), layers.Dense(2)]
inp = keras.Input((4,))
model = keras.Model(inp, blocks[1](blocks[0](inp)))
if len(sys.argv) > 1:
    for i in range(2):
        blocks[i].trainable = False
""")
    assert models["functional"]["trainable_params"] is None
