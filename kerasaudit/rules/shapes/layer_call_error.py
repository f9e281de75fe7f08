from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import input_shapes_text
from ._errors import failing_calls


class LayerCallError(Rule):
    """
    ## What it does
    Reports a layer call Keras would reject that no more specific rule covers: a `Dense`
    whose input's last dimension is undefined, a `Conv2D` whose input channels are not
    divisible by `groups`, a layer that needs a list of inputs given one tensor, a model
    called with the wrong number of inputs...

    ## Why is this bad
    Keras raises when the model is built; the message quotes what Keras would say.

    ## Example
    ```python
    a = keras.Input((8,))
    x = layers.Concatenate()(a)          # a single tensor, not a list
    ```

    ## Use instead
    ```python
    x = layers.Concatenate()([a, b])
    ```
    """

    code = "KA208"
    name = "layer-call-error"
    severity = "error"
    summary = "A layer call Keras would reject (other than the cases of KA201-KA207)"

    VALID = ["""
        import keras
        from keras import layers
        a = keras.Input((8,))
        b = keras.Input((8,))
        x = layers.Concatenate()([a, b])
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        a = keras.Input((8, 8, 6))
        x = layers.Conv2D(4, 3, groups=4)(a)
        """, line=4, message="divisible by the number of groups")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for node, site in failing_calls(ctx, "other"):
            shapes = input_shapes_text(node)
            on = f" on {shapes}" if shapes else ""
            yield self.at(site, f"{node.layer.class_name}{on}: Keras raises \"{node.error}\"")
