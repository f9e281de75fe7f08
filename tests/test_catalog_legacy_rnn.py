"""tf.keras 1/2's CuDNNLSTM and CuDNNGRU, which neither Keras 3 nor the test extra can build.

Their weights are taken from the tf-keras source (tf_keras/layers/rnn/cudnn_lstm.py and
cudnn_gru.py, ``build``): kernel (input_dim, 4*units) / (input_dim, 3*units), recurrent_kernel
(units, 4*units) / (units, 3*units), and a bias twice the Keras 3 size, (8*units,) / (6*units,),
because cuDNN keeps separate input and recurrent biases. There is no use_bias argument.
"""

from __future__ import annotations

import json
import math

from conftest import run_cli

SOURCE = """
import tensorflow as tf
from tensorflow.compat.v1.keras.layers import CuDNNGRU
from keras.layers import CuDNNLSTM

inputs = tf.keras.Input(shape=(50, 32))
seq = CuDNNLSTM(64, return_sequences=True)(inputs)
last, h = CuDNNGRU(16, return_state=True)(seq)
both = tf.compat.v1.keras.layers.CuDNNLSTM(8, go_backwards=True, return_state=True)(seq)
model = tf.keras.Model(inputs, [last, h] + both)
"""


def _lstm(input_dim: int, units: int) -> list[tuple[str, list[int]]]:
    return [("kernel", [input_dim, 4 * units]), ("recurrent_kernel", [units, 4 * units]), ("bias", [8 * units])]


def _gru(input_dim: int, units: int) -> list[tuple[str, list[int]]]:
    return [("kernel", [input_dim, 3 * units]), ("recurrent_kernel", [units, 3 * units]), ("bias", [6 * units])]


def test_cudnn_layers_have_their_tf_keras_weights(tmp_path) -> None:
    path = tmp_path / "cudnn.py"
    path.write_text(SOURCE)
    out = run_cli("summary", "--format", "json", "--weights", str(path))
    assert out.returncode == 0, out.stderr
    (model,) = json.loads(out.stdout)["files"][0]["models"]
    rows = {row["name"]: row for row in model["layers"]}
    expected = {"cu_dnnlstm": _lstm(32, 64), "cu_dnngru": _gru(64, 16), "cu_dnnlstm_1": _lstm(64, 8)}
    for name, weights in expected.items():
        row = rows[name]
        assert [(w["name"], w["shape"]) for w in model["weights"] if w["layer"] == name] == weights
        assert row["params"] == sum(math.prod(shape) for _, shape in weights)
    assert rows["cu_dnnlstm"]["output_shape"] == [None, 50, 64]
    assert rows["cu_dnngru"]["output_shape"] == [[None, 16], [None, 16]]
    assert rows["cu_dnnlstm_1"]["output_shape"] == [[None, 8], [None, 8], [None, 8]]
