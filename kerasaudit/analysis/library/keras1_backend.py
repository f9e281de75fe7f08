"""Keras 1's global image ordering: ``K.set_image_dim_ordering('th')``.

Layers made after it with no ``dim_ordering``/``data_format`` of their own use it, exactly
like ``set_image_data_format('channels_first')`` (which is how Keras 2 spelled it).
"""

from __future__ import annotations

import ast
from typing import Any

from ..values import Unknown
from . import handles

_ORDERINGS = {"th": "channels_first", "tf": "channels_last"}


@handles("keras.backend.set_image_dim_ordering")
def set_image_dim_ordering(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    value = args[0] if args else kwargs.get("dim_ordering")
    interp.ctx.__dict__["image_data_format"] = _ORDERINGS[value] if value in _ORDERINGS else Unknown(
        f"set_image_dim_ordering({value!r}): not a known ordering", getattr(node, "lineno", None))
    return None
