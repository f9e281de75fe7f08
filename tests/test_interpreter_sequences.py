"""Python sequence operators on lists that hold tensors (``[output] + states``)."""

from __future__ import annotations

from kerasaudit.api import check_source

SOURCE = """
import keras
from keras import layers
inp = keras.Input((10, 3))
out, h, c = layers.LSTM(4, return_state=True)(inp)
extra = [layers.Dense(2)(out)]
outputs = [out] + [h, c]
outputs += extra
model = keras.Model(inp, outputs)
"""


def test_list_concatenation_keeps_tensors() -> None:
    (model,) = check_source(SOURCE, "m.py").models
    assert model.unknown_reason is None
    assert [row.class_name for row in model.layers] == ["InputLayer", "LSTM", "Dense"]
    # Keras: LSTM(4) on 3 features = 4 * (3 + 4 + 1) * 4 = 128, Dense(2) on 4 = 10.
    assert model.total_params == 138
    assert len(model.model.outputs) == 4
