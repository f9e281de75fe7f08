from __future__ import annotations

from typing import Any, Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..training._compiled import compiled_models
from ..view import model_label
from ._shapes import array_text, is_int, model_output, origin, single_array, tensor_text


def _loss_for(ctx: RuleContext, model: Any, line: int) -> Any:
    """The loss of the last compile() of ``model`` before ``line`` (None when unknown)."""
    found = None
    for c in compiled_models(ctx):
        if c.model is model and c.call.site.line <= line:
            found = c.loss
    return found


def mismatch(loss: str, y: tuple, out: tuple) -> str | None:
    """Why Keras would reject labels of shape ``y`` for outputs ``out`` under ``loss``
    (non-batch axes only), or None. Mirrors Keras 3: crossentropies need equal shapes
    (after dropping a trailing axis of 1), the sparse one needs integer labels, the
    squared/absolute errors broadcast."""
    if loss in ("categorical_crossentropy", "binary_crossentropy", "categorical_focal_crossentropy",
                "binary_focal_crossentropy"):
        a, b = list(y), list(out)
        if len(a) == len(b) + 1 and a[-1] == 1:
            a = a[:-1]
        elif len(b) == len(a) + 1 and b[-1] == 1:
            b = b[:-1]
        if len(a) != len(b):
            return "the labels and the output must have the same shape"
        for p, q in zip(a, b):
            if is_int(p) and is_int(q) and p != q:
                return "the labels and the output must have the same shape"
        return None
    if loss == "sparse_categorical_crossentropy":
        if len(y) == len(out) and is_int(y[-1]) and y[-1] != 1:
            return "sparse_categorical_crossentropy takes integer class labels, not one-hot vectors"
        return None
    if loss in ("mse", "mean_squared_error", "mae", "mean_absolute_error", "MeanSquaredError", "MeanAbsoluteError"):
        if len(y) == len(out) and all(is_int(d) for d in (y[-1], out[-1])) and y[-1] != out[-1] \
                and 1 not in (y[-1], out[-1]):
            return "the labels and the output cannot be broadcast together"
        if len(y) + 1 == len(out) and is_int(out[-1]) and out[-1] != 1:
            return "the labels and the output cannot be broadcast together"
    return None


class LabelShape(Rule):
    """
    ## What it does
    Reports `fit`/`evaluate` labels whose shape, as the file makes it known, cannot match
    the model's output under its loss: one-hot labels with N classes (`to_categorical(y,
    5)`) for a final layer of M units, integer labels with `categorical_crossentropy`,
    one-hot labels with `sparse_categorical_crossentropy`, a regression target of the
    wrong width.

    ## Why is this bad
    Keras raises when training starts: `ValueError: Arguments target and output must have
    the same shape. Received: target.shape=(32, 5), output.shape=(32, 10)`.

    ## Example
    ```python
    y_train = keras.utils.to_categorical(y_train, 5)
    model.add(layers.Dense(10, activation="softmax"))
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.fit(x_train, y_train)
    ```

    ## Use instead
    ```python
    y_train = keras.utils.to_categorical(y_train, 10)
    ```
    """

    code = "KA302"
    name = "label-shape"
    severity = "error"
    summary = "fit/evaluate labels whose shape cannot match the model's output under its loss"

    VALID = ["""
        import numpy as np
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((8,)), layers.Dense(10, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(np.zeros((50, 8)), np.zeros((50,)))
        binary = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])
        binary.compile(loss="binary_crossentropy", optimizer="adam")
        binary.fit(np.zeros((50, 8)), np.zeros((50,)))
        """]
    INVALID = [
        Invalid("""
            import numpy as np
            import keras
            from keras import layers
            model = keras.Sequential([keras.Input((8,)), layers.Dense(10, activation="softmax")])
            model.compile(loss="categorical_crossentropy", optimizer="adam")
            y = keras.utils.to_categorical(np.zeros((50,)), 5)
            model.fit(np.zeros((50, 8)), y)
            """, line=7, message="for the output (None, 10) of model 'model' with loss 'categorical_crossentropy'"),
        Invalid("""
            import numpy as np
            import keras
            from keras import layers
            model = keras.Sequential([keras.Input((8,)), layers.Dense(10, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
            model.fit(np.zeros((50, 8)), np.zeros((50, 10)))
            """, line=6, message="integer class labels, not one-hot vectors"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for use in getattr(ctx.facts, "data_uses", []):
            if use.method not in ("fit", "evaluate", "train_on_batch", "test_on_batch"):
                continue
            y = single_array(use.y)
            out = model_output(use.model)
            loss = _loss_for(ctx, use.model, use.site.line)
            if y is None or out is None or loss is None or not isinstance(out.shape, tuple) or not y.shape:
                continue
            why = mismatch(loss.name, tuple(y.shape[1:]), tuple(out.shape[1:]))
            if why:
                yield self.at(use.site, f"{use.method}() gets labels of shape {array_text(y)}{origin(y)} for the "
                                        f"output {tensor_text(out)} of model '{model_label(use.model)}' with "
                                        f"loss {loss.spelled}: {why}")
