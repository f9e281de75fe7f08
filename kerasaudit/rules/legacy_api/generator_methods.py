from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ...rewrite import Edit
from ..base import Invalid, Rule, RuleContext
from ..syntax import method_calls

_NEW = {"fit_generator": "fit", "predict_generator": "predict", "evaluate_generator": "evaluate"}
# Arguments Keras 3's fit/predict/evaluate no longer take (they moved to keras.utils.PyDataset).
# (nb_epoch= is KA509's, which renames it: the two fixes compose.)
_MOVED = ("workers", "use_multiprocessing", "max_queue_size", "samples_per_epoch", "nb_val_samples",
          "pickle_safe", "val_samples")


class GeneratorMethods(Rule):
    """
    ## What it does
    Reports `model.fit_generator(...)`, `predict_generator` and `evaluate_generator`.
    `--fix` renames them to `fit`, `predict` and `evaluate`, which take generators and
    `keras.utils.PyDataset`s, when no argument that moved (`workers`,
    `use_multiprocessing`, `max_queue_size`, Keras 1's `samples_per_epoch`...) is given.

    ## Why is this bad
    Keras 3 models have no such methods: `AttributeError: 'Sequential' object has no
    attribute 'fit_generator'`. They were deprecated in TensorFlow 2.1.

    ## Example
    ```python
    model.fit_generator(train_gen, steps_per_epoch=100, epochs=10)
    ```

    ## Use instead
    ```python
    model.fit(train_gen, steps_per_epoch=100, epochs=10)
    ```
    """

    code = "KA506"
    name = "generator-methods"
    severity = "error"
    summary = "fit_generator/predict_generator/evaluate_generator: removed, use fit/predict/evaluate"
    fixable = True

    VALID = ["model.fit(train_gen, steps_per_epoch=100, epochs=10)\n"]
    INVALID = [
        Invalid("model.fit_generator(train_gen, steps_per_epoch=100, epochs=10)\n", line=1,
                message="fit_generator() was removed in Keras 3: use fit()"),
        Invalid("model.predict_generator(gen, workers=4)\n", line=1, message="workers"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for call in method_calls(ctx, *_NEW):
            old = call.last
            new = _NEW[old]
            moved = [k for k in call.keywords() if k in _MOVED]
            fix = None
            message = f"{old}() was removed in Keras 3: use {new}(), which takes generators and PyDatasets"
            if moved:
                message += (f"; {', '.join(f'{k}=' for k in moved)} moved to keras.utils.PyDataset "
                            f"(or were renamed: samples_per_epoch= is steps_per_epoch= in batches)")
            else:
                fix = ctx.fix_at(call.node, f"use {new}()", Edit("rename-callee", old, new))
            yield self.at(call.node, message, fix)
