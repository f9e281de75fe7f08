from __future__ import annotations

import ast
from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext


class UnconnectedLayer(Rule):
    """
    ## What it does
    Reports a layer that is created and then never used: assigned to a local variable of a
    function that is never read, or created in an expression statement of its own. Only
    these certain cases are reported (a module-level name may be imported elsewhere; a
    layer kept in a list or an attribute may be used in ways the analysis does not follow).

    ## Why is this bad
    The layer is not part of any model: the author meant it to be (a forgotten `(x)`, a
    typo in the variable passed on), and the model silently lacks it.

    ## Example
    ```python
    x = layers.Dense(64, activation="relu")(inputs)
    drop = layers.Dropout(0.5)
    outputs = layers.Dense(10)(x)
    ```

    ## Use instead
    ```python
    x = layers.Dense(64, activation="relu")(inputs)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(10)(x)
    ```
    """

    code = "KA603"
    name = "unconnected-layer"
    severity = "warning"
    summary = "A layer created and never used (assigned to a variable nobody reads)"

    VALID = ["""
        import keras
        from keras import layers
        inputs = keras.Input((8,))
        shared = layers.Dense(4)
        a = shared(inputs)
        b = shared(a)
        exported = layers.Dense(3)  # a module-level name: other modules may import it
        """]
    INVALID = [
        Invalid("""
            import keras
            from keras import layers
            def build():
                inputs = keras.Input((8,))
                x = layers.Dense(64)(inputs)
                drop = layers.Dropout(0.5)
                outputs = layers.Dense(10)(x)
                return keras.Model(inputs, outputs)
            model = build()
            """, line=6, message="Dropout 'dropout' (line 6) is assigned to `drop`, which is never used"),
        Invalid("""
            import keras
            from keras import layers
            model = keras.Sequential([keras.Input((8,))])
            layers.Dense(10)
            """, line=4, message="is created and discarded"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        from ..syntax import source_index

        idx = source_index(ctx)
        if idx.dynamic:  # eval/locals/...: names may be read in ways the source does not show
            return
        by_site = {(layer.site.line, layer.site.col): layer for layer in ctx.facts.layers}
        for stmt in idx.statements:
            if id(stmt) in idx.in_class_body:  # class attributes are read as self.<name>
                continue
            value, target = None, None
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                value, target = stmt.value, stmt.targets[0].id
            elif isinstance(stmt, ast.Expr):
                value = stmt.value
            if not isinstance(value, ast.Call):
                continue
            layer = by_site.get((value.lineno, value.col_offset))
            if layer is None or layer.nodes or type(layer).__name__ != "LayerObj":
                continue
            if target is not None:
                if id(stmt) not in idx.in_function or idx.loads.get(target, 0) or target.startswith("_"):
                    continue
                yield self.at(value, f"{layer.class_name} '{layer.display_name}' (line {layer.site.line}) is "
                                     f"assigned to `{target}`, which is never used: the layer is not part of "
                                     f"any model")
            else:
                yield self.at(value, f"{layer.class_name} '{layer.display_name}' is created and discarded: it is "
                                     f"not part of any model (call it on a tensor, or add it to the model)")
