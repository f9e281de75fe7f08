from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ._errors import failing_calls


class InputShapeArgument(Rule):
    """
    ## What it does
    Reports an `Input` (or `InputLayer`) whose shape Keras cannot use, most often the
    dimensions passed as separate positional arguments: `Input(256, 256, 1)` passes `256`
    as `shape`, `256` as `batch_size` and `1` as `dtype`. Also `Input(784)` (an int is not
    a shape in Keras 3) and negative sizes.

    ## Why is this bad
    Keras raises `ValueError: Cannot convert '256' to a shape.` when the line runs.

    ## Example
    ```python
    inputs = Input(256, 256, 1)
    ```

    ## Use instead
    ```python
    inputs = Input(shape=(256, 256, 1))
    ```
    """

    code = "KA207"
    name = "input-shape-argument"
    severity = "error"
    summary = "Input(256, 256, 1) and other shapes Keras cannot convert"

    VALID = ["""
        from keras.layers import Input
        a = Input((256, 256, 1))
        b = Input(shape=(784,))
        c = Input(batch_shape=(None, 3))
        """]
    INVALID = [
        Invalid("""
            from keras.layers import Input
            inputs = Input(256, 256, 1)
            """, line=2, message="Input(256, 256, 1) passes shape=256, batch_size=256, dtype=1"),
        Invalid("""
            import keras
            inputs = keras.Input(784)
            """, line=2, message="Cannot convert '784' to a shape"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        calls = {(c.site.line, c.site.col): c for c in ctx.facts.library_calls
                 if c.name in ("keras.Input", "keras.layers.InputLayer")}
        for node, site in failing_calls(ctx, "input"):
            call = calls.get((site.line, site.col))
            message = f"Keras raises \"{node.error}\""
            if call is not None and call.name == "keras.Input" and len(call.args) > 1 and \
                    all(isinstance(a, int) for a in call.args):
                dims = ", ".join(str(a) for a in call.args)
                bound = ", ".join(f"{n}={a}" for n, a in zip(("shape", "batch_size", "dtype"), call.args))
                message = (f"Input({dims}) passes {bound}; write Input(shape=({dims})): {message}")
            yield self.at(site, message)
