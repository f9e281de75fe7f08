from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import input_shapes_text
from ._errors import failing_calls


class NonPositiveDimension(Rule):
    """
    ## What it does
    Reports a convolution, pooling or cropping layer whose kernel, pool or crop is larger
    than its input, so an output dimension would be zero or negative. Typical after too
    many `MaxPooling2D` layers on small images, or `padding="valid"` on a small feature map.

    ## Why is this bad
    Keras raises when the model is built (`Negative dimension size`, or `Computed output
    size would be negative`).

    ## Example
    ```python
    x = keras.Input((4, 4, 64))
    x = layers.Conv2D(64, 5)(x)                # 4 - 5 + 1 = 0
    ```

    ## Use instead
    ```python
    x = layers.Conv2D(64, 5, padding="same")(x)
    ```
    """

    code = "KA204"
    name = "non-positive-dimension"
    severity = "error"
    summary = "A kernel, pool or crop larger than its input: an output size would be <= 0"

    VALID = ["""
        from keras import layers
        x = layers.Input((4, 4, 64))
        y = layers.Conv2D(64, 5, padding="same")(x)
        z = layers.MaxPooling2D(4)(x)
        """]
    INVALID = [
        Invalid("""
            from keras import layers
            x = layers.Input((4, 4, 64))
            y = layers.Conv2D(64, 5)(x)
            """, line=3, message="input (None, 4, 4, 64)"),
        Invalid("""
            from keras import layers, Sequential
            model = Sequential()
            model.add(layers.Input((8, 8, 3)))
            model.add(layers.MaxPooling2D(2))
            model.add(layers.MaxPooling2D(2))
            model.add(layers.MaxPooling2D(2))
            model.add(layers.MaxPooling2D(2))
            """, line=7, message="(None, 0, 0, 3)"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for node, site in failing_calls(ctx, "non-positive"):
            yield self.at(site, f"{node.error} (input {input_shapes_text(node)})")
