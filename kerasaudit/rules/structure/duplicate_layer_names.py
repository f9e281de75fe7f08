from __future__ import annotations

from typing import Iterable

from ...analysis.models import SequentialModel
from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import model_label, model_layers


class DuplicateLayerNames(Rule):
    """
    ## What it does
    Reports two layers with the same `name=` in one model.

    ## Why is this bad
    Keras raises when the model is built: `ValueError: The name "dense" is used 2 times in
    the model. All operation names should be unique.` (for a Sequential model: `All layers
    added to a Sequential model should have unique names`). Often a block function that
    names its layers is called twice with the same prefix.

    ## Example
    ```python
    x = layers.Dense(64, name="hidden")(inputs)
    x = layers.Dense(64, name="hidden")(x)
    ```

    ## Use instead
    ```python
    x = layers.Dense(64, name="hidden_1")(inputs)
    x = layers.Dense(64, name="hidden_2")(x)
    ```
    """

    code = "KA601"
    name = "duplicate-layer-names"
    severity = "error"
    summary = "Two layers with the same name in one model (Keras raises)"

    VALID = ["""
        import keras
        from keras import layers
        x = keras.Input((4,))
        y = layers.Dense(3, name="a")(x)
        y = layers.Dense(3, name="b")(y)
        m = keras.Model(x, y)
        """]
    INVALID = [
        Invalid("""
            import keras
            from keras import layers
            x = keras.Input((4,))
            y = layers.Dense(3, name="d")(x)
            y = layers.Dense(3, name="d")(y)
            m = keras.Model(x, y)
            """, line=5, message="the name \"d\" is already used by Dense (line 4) in model 'm'"),
        Invalid("""
            import keras
            from keras import layers
            m = keras.Sequential([keras.Input((4,)), layers.Dense(3, name="d"), layers.Dense(3, name="d")])
            """, line=3, message='the name "d"'),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        seen_sites: set[tuple[int, int]] = set()
        for model in ctx.facts.models:
            if not isinstance(model, SequentialModel) and model.error_kind != "duplicate-name":
                continue
            first: dict[str, object] = {}
            for layer in sorted(model_layers(model), key=lambda la: (la.site.line, la.site.col)):
                if not isinstance(layer.name, str):
                    continue
                if layer.name in first and first[layer.name] is not layer:
                    other = first[layer.name]
                    key = (layer.site.line, layer.site.col)
                    if key in seen_sites:
                        continue
                    seen_sites.add(key)
                    yield self.at(layer.site, f"the name \"{layer.name}\" is already used by "
                                              f"{other.class_name} (line {other.site.line}) in model "  # type: ignore[attr-defined]
                                              f"'{model_label(model)}': Keras raises (names must be unique)")
                else:
                    first.setdefault(layer.name, layer)
