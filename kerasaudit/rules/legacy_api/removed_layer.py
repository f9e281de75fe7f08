from __future__ import annotations

import ast
from typing import Iterable

from ...results import Diagnostic
from ...rewrite import Edit
from ..base import Invalid, Rule, RuleContext
from ..syntax import keras_calls

# merge(mode=...) -> the Keras 2/3 function (and how its keyword arguments are spelled).
_MERGE_MODES = {"sum": "add", "mul": "multiply", "ave": "average", "max": "maximum", "concat": "concatenate",
                "dot": "dot"}
_MERGE_LAYERS = {"sum": "Add", "mul": "Multiply", "ave": "Average", "max": "Maximum", "concat": "Concatenate",
                 "dot": "Dot"}
REMOVED = {
    "merge": "add/multiply/average/maximum/concatenate/dot([...]) by mode",
    "Merge": "the Add/Multiply/Average/Maximum/Concatenate/Dot layers, applied to tensors",
    "AtrousConvolution1D": "Conv1D(..., dilation_rate=...)",
    "AtrousConvolution2D": "Conv2D(..., dilation_rate=...)",
    "Deconvolution2D": "Conv2DTranspose",
    "Deconvolution3D": "Conv3DTranspose",
    "MaxoutDense": "Dense followed by a maximum over groups of units",
    "Highway": "a custom layer (Highway was removed in Keras 2)",
    "TimeDistributedDense": "TimeDistributed(Dense(...)) (or Dense, which applies to the last axis)",
    "SimpleDeepRNN": "stacked SimpleRNN layers",
}


class RemovedLayer(Rule):
    """
    ## What it does
    Reports Keras 1 layers and functions that no longer exist: `merge(..., mode=...)`,
    `Merge`, `AtrousConvolution2D`, `Deconvolution2D`, `MaxoutDense`, `Highway`,
    `TimeDistributedDense`. The message names the replacement; `--fix` rewrites
    `merge([a, b], mode="sum")` as `add([a, b])` (and `mode="concat", concat_axis=...` as
    `concatenate([...], axis=...)`), importing the new name where the old one was.

    ## Why is this bad
    Keras 2 removed them: `ImportError: cannot import name 'merge' from 'keras.layers'`.

    ## Example
    ```python
    from keras.layers import merge
    x = merge([a, b], mode="concat", concat_axis=-1)
    ```

    ## Use instead
    ```python
    from keras.layers import concatenate
    x = concatenate([a, b], axis=-1)
    ```
    """

    code = "KA503"
    name = "removed-layer"
    severity = "error"
    summary = "Keras 1 layers and functions that no longer exist (merge, Merge, Deconvolution2D...)"
    fixable = True

    VALID = ["""
        from keras.layers import Input, add, concatenate
        a = Input((4,))
        b = Input((4,))
        c = add([a, b])
        d = concatenate([a, b], axis=-1)
        """]
    INVALID = [
        Invalid("""
            from keras.layers import Input, merge
            a = Input((4,))
            b = Input((4,))
            c = merge([a, b], mode="sum")
            """, line=4, message="merge(mode='sum') was removed in Keras 2: use add([...])"),
        Invalid("""
            from keras.layers import Deconvolution2D
            up = Deconvolution2D(32, 3, 3, output_shape=(None, 28, 28, 32))
            """, line=2, message="use Conv2DTranspose"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for call in keras_calls(ctx, star_names=tuple(REMOVED)):
            name = call.name or ""
            if not name.startswith("keras.layers.") or name.rsplit(".", 1)[1] not in REMOVED:
                continue
            old = name.rsplit(".", 1)[1]
            if old in ("merge", "Merge"):
                yield self._merge(ctx, call.node, old)
            else:
                yield self.at(call.node, f"{old} was removed in Keras 2: use {REMOVED[old]}")

    def _merge(self, ctx: RuleContext, node: ast.Call, old: str) -> Diagnostic:
        mode_kw = next((k for k in node.keywords if k.arg == "mode"), None)
        mode = mode_kw.value.value if mode_kw is not None and isinstance(mode_kw.value, ast.Constant) else None
        if mode is None and mode_kw is None:
            mode = "sum"  # Keras 1's default
        if mode not in _MERGE_MODES:
            return self.at(node, f"{old} was removed in Keras 2: use {REMOVED[old]}")
        if old == "Merge":
            layer = _MERGE_LAYERS[mode]
            return self.at(node, f"Merge(mode={mode!r}) was removed in Keras 2: use the {layer} layer on the "
                                 f"tensors (`{layer}()([a, b])`); Keras 3 has no Merge")
        new = _MERGE_MODES[mode]
        edits = [Edit("rename-callee", old, new)]
        if mode_kw is not None:
            edits.append(Edit("remove-keyword", "mode"))
        renames = {"concat_axis": "axis", "dot_axes": "axes"}
        others = [k.arg for k in node.keywords if k.arg not in ("mode", "name", "concat_axis", "dot_axes")]
        for kw in node.keywords:
            if kw.arg in renames:
                edits.append(Edit("rename-keyword", kw.arg, renames[kw.arg]))
        fix = None
        if not others and isinstance(node.func, (ast.Name, ast.Attribute)):
            fix = ctx.fix_at(node, f"use {new}([...])", *edits)
        return self.at(node, f"merge(mode={mode!r}) was removed in Keras 2: use {new}([...])"
                             + (" with axis= for concat_axis=" if "concat_axis" in [k.arg for k in node.keywords]
                                else ""), fix)
