from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..syntax import method_calls


class PredictClasses(Rule):
    """
    ## What it does
    Reports `model.predict_classes(x)` and `model.predict_proba(x)` on Keras models.
    (`predict_proba` is reported only when the receiver is known to be a Keras model:
    scikit-learn estimators have a method of that name.)

    ## Why is this bad
    They were removed in TensorFlow 2.6 and do not exist in Keras 3: `AttributeError:
    'Sequential' object has no attribute 'predict_classes'`.

    ## Example
    ```python
    classes = model.predict_classes(x_test)
    ```

    ## Use instead
    ```python
    classes = np.argmax(model.predict(x_test), axis=-1)        # softmax output
    classes = (model.predict(x_test) > 0.5).astype("int32")    # sigmoid output
    ```
    """

    code = "KA507"
    name = "predict-classes"
    severity = "error"
    summary = "model.predict_classes()/predict_proba(): removed; use predict() and argmax/threshold"

    VALID = ["""
        from sklearn.linear_model import LogisticRegression
        clf = LogisticRegression()
        p = clf.predict_proba(x)
        """]
    INVALID = [
        Invalid("classes = model.predict_classes(x_test)\n", line=1, message="np.argmax(model.predict(x), axis=-1)"),
        Invalid("""
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
            p = model.predict_proba(x)
            """, line=3, message="predict_proba() was removed"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        on_models = {(m.site.line, m.site.col) for m in ctx.facts.method_calls
                     if m.method in ("predict_classes", "predict_proba")}
        for call in method_calls(ctx, "predict_classes", "predict_proba"):
            old = call.last
            if old == "predict_proba" and (call.node.lineno, call.node.col_offset) not in on_models:
                continue
            if old == "predict_classes":
                use = "np.argmax(model.predict(x), axis=-1) for a softmax output, " \
                      "(model.predict(x) > 0.5).astype('int32') for a sigmoid output"
            else:
                use = "model.predict(x), which returns the probabilities of a softmax/sigmoid output"
            yield self.at(call.node, f"{old}() was removed from Keras models (TensorFlow 2.6, Keras 3): use {use}")
