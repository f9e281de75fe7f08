from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import describe_layer, model_label
from ._shapes import array_text, is_int, model_input, origin, single_array, tensor_text

# Layers whose weights fix the size of the last axis of their input (Keras checks it).
_FIXED_LAST_AXIS = ("Dense", "Conv1D", "Conv2D", "Conv3D", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D",
                    "DepthwiseConv2D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "LSTM", "GRU",
                    "SimpleRNN", "BatchNormalization", "LayerNormalization", "EinsumDense")


class DataInputShape(Rule):
    """
    ## What it does
    Reports `fit`/`evaluate`/`predict` (and `train_on_batch`...) given input data whose
    shape, as the file makes it known (`np.zeros((60000, 784))`, `x.reshape(-1, 784)`,
    `mnist.load_data()`...), does not fit the model's `Input`:

    - a different rank that Keras cannot adjust (it only adds or drops a trailing axis of
      size 1): images flattened to `(n, 784)` for an `Input((28, 28, 1))`, a 2-D array
      for an LSTM;
    - a different size of the last axis where the first layer's weights depend on it
      (`Dense`, `Conv2D`, `LSTM`...): 5 features for an `Input((4,))`.

    ## Why is this bad
    Keras raises when training starts: `ValueError: Invalid input shape for input ...
    Expected shape (None, 28, 28, 1), but input has incompatible shape (32, 784)`.

    ## Example
    ```python
    (x_train, y_train), _ = keras.datasets.mnist.load_data()   # (60000, 28, 28)
    x_train = x_train.reshape(60000, 784)
    model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3), ...])
    model.fit(x_train, y_train)
    ```

    ## Use instead
    ```python
    x_train = x_train.reshape(60000, 28, 28, 1)
    ```
    """

    code = "KA301"
    name = "data-input-shape"
    severity = "error"
    summary = "fit/evaluate/predict data whose shape does not fit the model's Input"

    VALID = ["""
        import numpy as np
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10)])
        model.fit(np.zeros((100, 28, 28, 1)), np.zeros((100, 10)))
        model.predict(np.zeros((5, 28, 28)))  # Keras adds the trailing axis of size 1
        """]
    INVALID = [
        Invalid("""
            import numpy as np
            import keras
            from keras import layers
            model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10)])
            x = np.zeros((100, 28, 28, 1)).reshape(100, 784)
            model.fit(x, np.zeros((100, 10)))
            """, line=6, message="model 'model' expects input of shape (None, 28, 28, 1) but fit() gets x of "
                                 "shape (100, 784)"),
        Invalid("""
            import numpy as np
            import keras
            from keras import layers
            model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])
            model.predict(np.ones((3, 5)))
            """, line=5, message="last axis 5, but Dense 'dense' (line 4) was built for 4"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for use in getattr(ctx.facts, "data_uses", []):
            x = single_array(use.x)
            tensor = model_input(use.model)
            if x is None or tensor is None or not isinstance(tensor.shape, tuple):
                continue
            expected = tensor.shape
            got = x.shape
            head = (f"model '{model_label(use.model)}' expects input of shape {tensor_text(tensor)} but "
                    f"{use.method}() gets x of shape {array_text(x)}{origin(x)}")
            if len(got) != len(expected):
                adjustable = (len(got) == len(expected) - 1 and expected[-1] == 1) or \
                    (len(got) == len(expected) + 1 and got[-1] == 1)
                if not adjustable:
                    yield self.at(use.site, f"{head}: the ranks differ ({len(got)} vs {len(expected)}), "
                                            f"Keras raises \"Invalid input shape\"")
                continue
            want, have = expected[-1], got[-1]
            if len(expected) < 2 or not (is_int(want) and is_int(have)) or want == have:
                continue
            consumer = _weighted_consumer(ctx, tensor)
            if consumer is not None:
                yield self.at(use.site, f"{head}: last axis {have}, but {consumer} was built for {want}")


def _weighted_consumer(ctx: RuleContext, tensor: object) -> str | None:
    """The first layer applied to the model input whose weights fix its last axis."""
    for node in ctx.facts.calls:
        if any(t is tensor for t in node.input_tensors) and node.layer.class_name in _FIXED_LAST_AXIS \
                and node.layer.weights:
            return describe_layer(node.layer)
    return None
