from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ...rewrite import Edit
from ..base import Invalid, Rule, RuleContext
from ..syntax import keras_calls


class ModelInputOutput(Rule):
    """
    ## What it does
    Reports `Model(input=..., output=...)`, the Keras 1 keyword names. `--fix` renames
    them to `inputs=` and `outputs=`.

    ## Why is this bad
    Keras 3 rejects them: `ValueError: Unrecognized keyword arguments passed to Model:
    {'input': ..., 'output': ...}`.

    ## Example
    ```python
    model = Model(input=inputs, output=predictions)
    ```

    ## Use instead
    ```python
    model = Model(inputs=inputs, outputs=predictions)
    ```
    """

    code = "KA504"
    name = "model-input-output"
    severity = "error"
    summary = "Model(input=, output=): Keras 1 keywords Keras 3 rejects (use inputs=, outputs=)"
    fixable = True

    VALID = ["""
        from keras.models import Model
        from keras.layers import Input, Dense
        a = Input((3,))
        m = Model(inputs=a, outputs=Dense(2)(a))
        """]
    INVALID = [Invalid("""
        from keras.models import Model
        from keras.layers import Input, Dense
        a = Input((3,))
        m = Model(input=a, output=Dense(2)(a))
        """, line=4, message="Model(input=, output=) are Keras 1 keywords: use inputs=, outputs=")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for call in keras_calls(ctx):
            if call.name != "keras.Model":
                continue
            present = set(call.keywords())
            old = [k for k in ("input", "output") if k in present]
            if not old:
                continue
            edits = [Edit("rename-keyword", k, k + "s") for k in old if k + "s" not in present]
            fix = ctx.fix_at(call.node, "use " + ", ".join(f"{k}s=" for k in old), *edits) \
                if len(edits) == len(old) else None
            spelled = ", ".join(f"{k}=" for k in old)
            wanted = ", ".join(f"{k}s=" for k in old)
            yield self.at(call.node, f"Model({spelled}) {'are' if len(old) > 1 else 'is'} Keras 1 "
                                     f"keyword{'s' if len(old) > 1 else ''}: use {wanted} (Keras 3 rejects "
                                     f"{' and '.join(repr(k) for k in old)})", fix)
