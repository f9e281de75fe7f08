from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import model_label
from ._shapes import array_text, model_input, origin, single_array, tensor_text


class MissingChannelAxis(Rule):
    """
    ## What it does
    Reports `fit`/`evaluate`/`predict` given images without their channel axis
    (`(60000, 28, 28)`) for a model whose `Input` has one (`(28, 28, 1)`).

    ## Why is this bad
    Keras 3 adds the missing trailing axis of size 1 itself, so the code runs there; Keras 2
    and `tf.keras` raise `ValueError: Error when checking input: expected conv2d_input to
    have 4 dimensions, but got array with shape (60000, 28, 28)`. Reshape explicitly so the
    script runs on every version and says what the data is.

    ## Example
    ```python
    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    model.fit(x_train, y_train)            # model = Sequential([Input((28, 28, 1)), Conv2D(...)...])
    ```

    ## Use instead
    ```python
    x_train = np.expand_dims(x_train, -1)  # (60000, 28, 28, 1)
    model.fit(x_train, y_train)
    ```
    """

    code = "KA304"
    name = "missing-channel-axis"
    severity = "warning"
    summary = "Data without the trailing axis of size 1 the model's Input has (an error before Keras 3)"

    VALID = ["""
        import numpy as np
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10)])
        model.predict(np.zeros((5, 28, 28, 1)))
        """]
    INVALID = [Invalid("""
        import numpy as np
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10)])
        model.predict(np.zeros((5, 28, 28)))
        """, line=5, message="lacks the trailing axis of size 1 of the Input (None, 28, 28, 1)")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for use in getattr(ctx.facts, "data_uses", []):
            x = single_array(use.x)
            tensor = model_input(use.model)
            if x is None or tensor is None or not isinstance(tensor.shape, tuple):
                continue
            expected = tensor.shape
            if len(expected) >= 3 and len(x.shape) == len(expected) - 1 and expected[-1] == 1:
                yield self.at(use.site, f"{use.method}(): x of shape {array_text(x)}{origin(x)} lacks the trailing "
                                        f"axis of size 1 of the Input {tensor_text(tensor)} of model "
                                        f"'{model_label(use.model)}': Keras 3 adds it, Keras 2 and tf.keras raise")
