"""Python 2/3 compatibility spellings of builtins: ``from six.moves import range``,
``six.moves.zip``, ``from builtins import range`` (python-future). Keras 1/2-era scripts
import them everywhere; they are the builtins themselves."""

from __future__ import annotations

import ast
from typing import Any

from ..builtins import BUILTINS
from . import handles

# The module's name -> the builtin it is (xrange and izip are Python 2's lazy forms).
_ALIASES = {"range": "range", "xrange": "range", "zip": "zip", "izip": "zip", "map": "map", "imap": "map",
            "filter": "filter", "ifilter": "filter", "reduce": None, "input": "input"}
_MODULES = ("six.moves", "builtins", "future.builtins", "past.builtins", "__builtin__")
_NAMES = {f"{m}.{n}": b for m in _MODULES for n, b in _ALIASES.items() if b} | {
    f"builtins.{n}": n for n, v in BUILTINS.items() if not isinstance(v, (bool, type(None)))}


@handles(*_NAMES)
def compat_builtin(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    return BUILTINS[_NAMES[name]].impl(interp, args, kwargs, node)
