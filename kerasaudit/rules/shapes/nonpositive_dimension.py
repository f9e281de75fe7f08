from __future__ import annotations

from typing import Any, Iterable

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
        Invalid("""
            from keras import layers, Sequential
            model = Sequential()
            model.add(layers.Input((1, 28, 28)))
            model.add(layers.Conv2D(32, 3))
            """, line=4, message="the input looks channels-first"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for node, site in failing_calls(ctx, "non-positive"):
            yield self.at(site, f"{node.error} (input {input_shapes_text(node)}){_channels_first_hint(node)}")


def _channels_first_hint(node: Any) -> str:
    """Keras 1 code (``input_shape=(1, 28, 28)``, Theano's 'th' ordering) fails this way in
    Keras 3, which reads the last axis as the channels: say so."""
    if len(node.input_tensors) != 1:
        return ""
    shape = node.input_tensors[0].shape
    cfg = node.layer.cfg
    if cfg is None or cfg.values.get("data_format") not in (None, "channels_last"):
        return ""
    if not isinstance(shape, tuple) or len(shape) not in (3, 4, 5):
        return ""
    first, last = shape[1], shape[-1]
    if not (isinstance(first, int) and first in (1, 3) and isinstance(last, int) and last > 3):
        return ""
    return ("; the input looks channels-first (Keras 1's 'th' ordering), but Keras 3 "
            "reads the last axis as channels: pass data_format='channels_first' or put the channels last")
