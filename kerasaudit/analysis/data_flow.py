"""Data passed to ``fit``/``evaluate``/``predict`` (shapes of arrays the file builds)."""

from __future__ import annotations

import ast
from typing import Any

from .graph import LayerObj
from .values import Unknown


def on_data_method(interp: Any, model: LayerObj, name: str, args: list, kwargs: dict, node: ast.AST) -> Any:
    return Unknown(f"the result of `{name}()` is only known at run time", getattr(node, "lineno", None))
