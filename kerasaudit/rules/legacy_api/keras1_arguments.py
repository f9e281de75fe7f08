from __future__ import annotations

import ast
from typing import Iterable

from ...catalog import lookup
from ...results import Diagnostic
from ...rewrite import Edit
from ..base import Invalid, Rule, RuleContext
from ..syntax import keras_calls

# Keras 1 keyword -> Keras 2/3 keyword, where the value carries over unchanged.
RENAMES = {
    "nb_filter": "filters",
    "border_mode": "padding",
    "subsample": "strides",
    "subsample_length": "strides",
    "init": "kernel_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "bias": "use_bias",
    "pool_length": "pool_size",
    "stride": "strides",
    "filter_length": "kernel_size",
    "atrous_rate": "dilation_rate",
    "inner_init": "recurrent_initializer",
    "inner_activation": "recurrent_activation",
    "U_regularizer": "recurrent_regularizer",
    "U_constraint": "recurrent_constraint",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "beta_init": "beta_initializer",
    "gamma_init": "gamma_initializer",
    "output_dim": "units",
}
# Keras 1 keywords whose replacement is not a plain rename.
NOT_MECHANICAL = {
    "nb_row": "kernel_size=(nb_row, nb_col)",
    "nb_col": "kernel_size=(nb_row, nb_col)",
    "dim_ordering": "data_format='channels_first' (was 'th') or 'channels_last' (was 'tf')",
    "consume_less": "implementation=1 or 2",
    "forget_bias_init": "unit_forget_bias=True",
    "mode": "nothing (BatchNormalization's mode was removed in Keras 2)",
    "kernel_dim1": "kernel_size=(kernel_dim1, kernel_dim2, kernel_dim3)",
    "kernel_dim2": "kernel_size=(kernel_dim1, kernel_dim2, kernel_dim3)",
    "kernel_dim3": "kernel_size=(kernel_dim1, kernel_dim2, kernel_dim3)",
}
# Keras 2 layer keywords Keras 3 layers no longer take (InputLayer and the layers that
# still declare them excepted).
KERAS2_ONLY = {
    "batch_input_shape": "keras.Input(batch_shape=...) before it (a stateful RNN's fixed batch too)",
    "batch_size": "keras.Input(shape=..., batch_size=...) before it",
    "weights": "layer.set_weights(...) once the layer is built, or an initializer",
}
LEGACY_KEYWORDS = frozenset(RENAMES) | frozenset(NOT_MECHANICAL) | {"dim_ordering"}
_DIM_ORDERING = {"th": "channels_first", "tf": "channels_last"}
# Keras 3 layers that still take one of these names with its own meaning.
_STILL_VALID = {("Embedding", "output_dim"), ("Embedding", "init")}


class Keras1Arguments(Rule):
    """
    ## What it does
    Reports Keras 1 keyword arguments of layers (`nb_filter`, `nb_row`/`nb_col`,
    `border_mode`, `subsample`, `init`, `W_regularizer`, `b_regularizer`, `output_dim`,
    `dim_ordering`, `dropout_W`, `inner_init`...) and the Keras 2 ones Keras 3 layers no
    longer take (`batch_input_shape=`, `batch_size=`, `weights=` outside `Embedding`), and
    names the Keras 3 spelling.
    `--fix` renames the ones whose value carries over unchanged (`border_mode=` ->
    `padding=`, `init=` -> `kernel_initializer=`, `dim_ordering="th"` ->
    `data_format="channels_first"`...).

    ## Why is this bad
    Keras 3 rejects them: `ValueError: Unrecognized keyword arguments passed to Conv2D:
    {'border_mode': 'same'}`. (Keras 2 translated them with a warning.)

    ## Example
    ```python
    x = Conv2D(nb_filter=64, kernel_size=3, border_mode="same", init="he_normal")(x)
    ```

    ## Use instead
    ```python
    x = Conv2D(filters=64, kernel_size=3, padding="same", kernel_initializer="he_normal")(x)
    ```
    """

    code = "KA501"
    name = "keras1-argument"
    severity = "error"
    summary = "Keras 1/2 layer arguments (border_mode=, init=, batch_input_shape=...) Keras 3 rejects"
    fixable = True

    VALID = ["""
        from keras import layers
        x = layers.Conv2D(64, 3, padding="same", kernel_initializer="he_normal")
        e = layers.Embedding(1000, output_dim=64, weights=None)
        i = layers.InputLayer(batch_input_shape=(None, 4))
        """]
    INVALID = [
        Invalid("""
            from keras.layers import Conv2D
            c = Conv2D(64, (3, 3), border_mode="same")
            """, line=2, message="`border_mode=` is Keras 1: use `padding=`"),
        Invalid("""
            from keras.layers import Dense
            d = Dense(output_dim=10, init="uniform", W_regularizer=None)
            """, line=2, message="`output_dim=` is Keras 1: use `units=`"),
        Invalid("""
            import keras
            p = keras.layers.MaxPooling2D((2, 2), dim_ordering="th")
            """, line=2, message="data_format='channels_first'"),
        Invalid("""
            from keras.layers import LSTM
            lstm = LSTM(32, stateful=True, batch_input_shape=(16, 10, 8))
            """, line=2, message="keras.Input(batch_shape=...)"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for call in keras_calls(ctx):
            if not call.name.startswith("keras.layers.") or call.name.count(".") != 2:  # type: ignore[union-attr]
                continue
            cls = call.name.rsplit(".", 1)[1]  # type: ignore[union-attr]
            spec = lookup(cls)
            if spec is None and not cls[:1].isupper():
                continue
            valid = set(spec.params.order) if spec is not None else set()
            present = set(call.keywords())
            for kw in call.node.keywords:
                old = kw.arg
                if old is None or old in valid or (cls, old) in _STILL_VALID:
                    continue
                yield from self._report(ctx, call.node, kw, cls, valid, present)

    def _report(self, ctx: RuleContext, node: ast.Call, kw: ast.keyword, cls: str, valid: set[str],
                present: set[str]) -> Iterable[Diagnostic]:
        old = kw.arg
        assert old is not None
        fix = None
        if old in RENAMES:
            new = RENAMES[old]
            message = f"`{old}=` is Keras 1: use `{new}=` (Keras 3 rejects `{old}`)"
            if new not in present and (not valid or new in valid):
                fix = ctx.fix_at(node, f"rename `{old}=` to `{new}=`", Edit("rename-keyword", old, new))
        elif old == "dim_ordering":
            value = kw.value.value if isinstance(kw.value, ast.Constant) else None
            message = f"`dim_ordering=` is Keras 1: use `data_format=` (Keras 3 rejects `dim_ordering`)"
            if value in _DIM_ORDERING:
                new_value = _DIM_ORDERING[value]  # type: ignore[index]
                message = f"`dim_ordering={value!r}` is Keras 1: use `data_format='{new_value}'`"
                if "data_format" not in present:
                    fix = ctx.fix_at(node, f"use data_format='{new_value}'",
                                     Edit("rename-keyword", "dim_ordering", "data_format", value=repr(new_value)))
        elif old in NOT_MECHANICAL and (old != "mode" or cls == "BatchNormalization"):
            message = f"`{old}=` is Keras 1: use {NOT_MECHANICAL[old]} (Keras 3 rejects `{old}`)"
        elif old in KERAS2_ONLY and cls != "InputLayer":
            message = f"Keras 3 layers do not take `{old}=` (Keras 2 did): use {KERAS2_ONLY[old]}"
        else:
            return
        yield self.at(kw, f"{cls}: {message}", fix)
