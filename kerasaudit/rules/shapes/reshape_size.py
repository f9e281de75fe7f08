from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ._errors import failing_calls


class ReshapeSizeMismatch(Rule):
    """
    ## What it does
    Reports a `Reshape` whose target shape does not hold the same number of elements as
    its input (batch axis excluded), or that has more than one `-1`.

    ## Why is this bad
    Keras raises `ValueError: total size of the new array must be unchanged` when the
    model is built.

    ## Example
    ```python
    x = layers.Dense(7 * 7 * 128)(z)
    x = layers.Reshape((7, 7, 256))(x)
    ```

    ## Use instead
    ```python
    x = layers.Reshape((7, 7, 128))(x)
    ```
    """

    code = "KA205"
    name = "reshape-size-mismatch"
    severity = "error"
    summary = "Reshape to a target shape with a different number of elements"

    VALID = ["""
        from keras import layers
        z = layers.Input((100,))
        x = layers.Dense(7 * 7 * 128)(z)
        x = layers.Reshape((7, 7, 128))(x)
        y = layers.Reshape((-1, 128))(x)
        """]
    INVALID = [Invalid("""
        from keras import layers
        z = layers.Input((100,))
        x = layers.Dense(7 * 7 * 128)(z)
        x = layers.Reshape((7, 7, 256))(x)
        """, line=4, message="Reshape of (None, 6272) to (7, 7, 256)")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        from ...analysis.shapes import shape_text
        from ..view import cfg_value

        for node, site in failing_calls(ctx, "reshape"):
            shapes = ", ".join(shape_text(t.shape) for t in node.input_tensors)
            target = cfg_value(node.layer, "target_shape")
            target_text = f" to {tuple(target)}" if isinstance(target, (tuple, list)) else ""
            yield self.at(site, f"Reshape of {shapes}{target_text}: Keras raises \"{node.error}\"")
