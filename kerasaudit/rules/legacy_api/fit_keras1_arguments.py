from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ...rewrite import Edit
from ..base import Invalid, Rule, RuleContext
from ..syntax import method_calls

_METHODS = ("fit", "fit_generator", "evaluate", "predict")
_RENAMES = {"nb_epoch": "epochs"}
_NOT_MECHANICAL = {
    "samples_per_epoch": "steps_per_epoch= (a number of batches, not samples)",
    "nb_val_samples": "validation_steps= (a number of batches, not samples)",
    "show_accuracy": "metrics=['accuracy'] in compile()",
}


class FitKeras1Arguments(Rule):
    """
    ## What it does
    Reports Keras 1 arguments of `fit`/`evaluate`/`predict`: `nb_epoch=` (`--fix` renames
    it to `epochs=`), `samples_per_epoch=`, `nb_val_samples=`, `show_accuracy=`.

    ## Why is this bad
    Keras 3 rejects them: `TypeError: fit() got an unexpected keyword argument 'nb_epoch'`.

    ## Example
    ```python
    model.fit(x_train, y_train, nb_epoch=10, batch_size=32)
    ```

    ## Use instead
    ```python
    model.fit(x_train, y_train, epochs=10, batch_size=32)
    ```
    """

    code = "KA509"
    name = "fit-keras1-arguments"
    severity = "error"
    summary = "fit(nb_epoch=...) and other Keras 1 training arguments (use epochs=...)"
    fixable = True

    VALID = ["model.fit(x, y, epochs=10, batch_size=32)\n"]
    INVALID = [
        Invalid("model.fit(x, y, nb_epoch=10, batch_size=32)\n", line=1, message="nb_epoch= is Keras 1: use epochs="),
        Invalid("model.fit_generator(gen, samples_per_epoch=1000, nb_epoch=5)\n", line=1,
                message="samples_per_epoch= is Keras 1"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for call in method_calls(ctx, *_METHODS):
            present = set(call.keywords())
            for kw in call.node.keywords:
                if kw.arg in _RENAMES:
                    new = _RENAMES[kw.arg]
                    fix = None
                    if new not in present:
                        fix = ctx.fix_at(call.node, f"rename {kw.arg}= to {new}=", Edit("rename-keyword", kw.arg, new))
                    yield self.at(kw, f"{call.last}(): {kw.arg}= is Keras 1: use {new}= (Keras 3 rejects it)", fix)
                elif kw.arg in _NOT_MECHANICAL:
                    yield self.at(kw, f"{call.last}(): {kw.arg}= is Keras 1: use {_NOT_MECHANICAL[kw.arg]}")
