from __future__ import annotations

import ast
from typing import Iterable

from ...results import Diagnostic
from ...rewrite import Edit
from ..base import Invalid, Rule, RuleContext
from ..syntax import keras_calls

# Keras 1 names whose positional signature was (nb_filter, nb_row, nb_col[, nb_depth]).
_KERAS1 = {"Convolution2D": ("Conv2D", 2), "Convolution3D": ("Conv3D", 3),
           "AtrousConvolution2D": ("Conv2D", 2), "SeparableConvolution2D": ("SeparableConv2D", 2),
           "Deconvolution2D": ("Conv2DTranspose", 2)}


class Keras1ConvSignature(Rule):
    """
    ## What it does
    Reports `Convolution2D(32, 3, 3)`: the Keras 1 signature `(nb_filter, nb_row, nb_col)`.
    Since Keras 2 the positional arguments are `(filters, kernel_size, strides)`, so the
    same call now means a 3x3 kernel **with stride 3**. `--fix` writes
    `Conv2D(32, (3, 3))`.

    ## Why is this bad
    Keras 3 runs it without complaint but builds a different model: every spatial size
    is divided by 3, and later layers fail on a too-small input or the parameter count
    of the following Dense layer is not what the author computed.

    ## Example
    ```python
    model.add(Convolution2D(32, 3, 3, activation="relu"))
    ```

    ## Use instead
    ```python
    model.add(Conv2D(32, (3, 3), activation="relu"))
    ```
    """

    code = "KA502"
    name = "keras1-conv-signature"
    severity = "warning"
    summary = "Convolution2D(32, 3, 3): Keras 1's (nb_filter, nb_row, nb_col) now means strides=3"
    fixable = True

    VALID = ["""
        from keras.layers import Convolution2D, Conv2D
        a = Convolution2D(32, (3, 3))
        b = Conv2D(32, 3, 2)  # Keras 2 API: an explicit stride
        c = Convolution2D(32, 3, strides=2)
        """]
    INVALID = [
        Invalid("""
            from keras.layers import Convolution2D
            a = Convolution2D(32, 3, 3, activation="relu")
            """, line=2, message="Convolution2D(32, 3, 3) uses Keras 1's (nb_filter, nb_row, nb_col)"),
        Invalid("""
            from keras import layers
            a = layers.Convolution3D(8, 3, 3, 3)
            """, line=2, message="Conv3D(8, (3, 3, 3))"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for call in keras_calls(ctx, star_names=tuple(_KERAS1)):
            written = call.last
            if written not in _KERAS1 or not call.name.startswith("keras.layers."):  # type: ignore[union-attr]
                continue
            new, rank = _KERAS1[written]
            args = call.node.args
            if any(isinstance(a, ast.Starred) for a in args) or len(args) < rank + 1:
                continue
            if "kernel_size" in call.keywords() or "strides" in call.keywords():
                continue
            dims = [ast.unparse(a) for a in args[1:rank + 1]]
            old_text = f"{written}({', '.join(ast.unparse(a) for a in args[:rank + 1])})"
            new_text = f"{new}({ast.unparse(args[0])}, ({', '.join(dims)}))"
            fix = None
            if len(args) == rank + 1:
                fix = ctx.fix_at(call.node, f"write {new_text}", Edit("rename-callee", written, new),
                                 Edit("group-positional", start=1, count=rank))
            now = " and ".join(f"{n}={d}" for n, d in zip(("kernel_size", "strides", "padding"), dims))
            yield self.at(call.node, f"{old_text} uses Keras 1's (nb_filter, nb_row, nb_col): since Keras 2 "
                                     f"it means {now}; write {new_text}", fix)
