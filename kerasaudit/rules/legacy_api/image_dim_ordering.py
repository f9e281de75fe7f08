from __future__ import annotations

import ast
from typing import Iterable

from ...results import Diagnostic
from ...rewrite import Edit
from ..base import Invalid, Rule, RuleContext
from ..syntax import keras_calls

_VALUES = {"th": "channels_first", "tf": "channels_last"}


class ImageDimOrdering(Rule):
    """
    ## What it does
    Reports Keras 1's `keras.backend.set_image_dim_ordering("th")` and
    `image_dim_ordering()`. `--fix` rewrites `set_image_dim_ordering("th")` as
    `set_image_data_format("channels_first")` (and `"tf"` as `"channels_last"`).

    ## Why is this bad
    They do not exist in Keras 3 (`AttributeError: module 'keras.backend' has no
    attribute 'set_image_dim_ordering'`); Keras 2 already spelled them
    `set_image_data_format` / `image_data_format`.

    ## Example
    ```python
    from keras import backend as K
    K.set_image_dim_ordering("th")
    ```

    ## Use instead
    ```python
    from keras import backend as K
    K.set_image_data_format("channels_first")
    ```
    """

    code = "KA508"
    name = "image-dim-ordering"
    severity = "error"
    summary = "set_image_dim_ordering()/image_dim_ordering(): removed; use the image_data_format API"
    fixable = True

    VALID = ["""
        from keras import backend as K
        K.set_image_data_format("channels_first")
        """]
    INVALID = [
        Invalid("""
            from keras import backend as K
            K.set_image_dim_ordering("th")
            """, line=2, message="set_image_data_format('channels_first')"),
        Invalid("""
            import keras.backend as K
            if K.image_dim_ordering() == "th":
                pass
            """, line=2, message="image_data_format() == 'channels_first'"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for call in keras_calls(ctx):
            if call.name == "keras.backend.set_image_dim_ordering":
                arg = call.node.args[0] if len(call.node.args) == 1 and not call.node.keywords else None
                value = arg.value if isinstance(arg, ast.Constant) else None
                if value in _VALUES:
                    new = _VALUES[value]  # type: ignore[index]
                    fix = ctx.fix_at(call.node, f"use set_image_data_format({new!r})",
                                     Edit("rename-callee", "set_image_dim_ordering", "set_image_data_format"),
                                     Edit("replace-positional", start=0, value=repr(new)))
                    yield self.at(call.node, f"set_image_dim_ordering({value!r}) is Keras 1 and removed: use "
                                             f"set_image_data_format({new!r})", fix)
                else:
                    yield self.at(call.node, "set_image_dim_ordering() is Keras 1 and removed: use "
                                             "set_image_data_format('channels_first' or 'channels_last')")
            elif call.name == "keras.backend.image_dim_ordering":
                yield self.at(call.node, "image_dim_ordering() is Keras 1 and removed: use image_data_format() "
                                         "== 'channels_first' where the code compares with 'th' "
                                         "(and 'channels_last' for 'tf')")
