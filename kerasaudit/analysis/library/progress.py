"""Progress bars around loops: ``for x in tqdm(batches)`` iterates ``batches`` itself, and
``trange(n)`` is ``range(n)``. Without them a training or plotting loop wrapped in a
progress bar could not be followed at all."""

from __future__ import annotations

import ast
from typing import Any

from ..builtins import BUILTINS
from ..values import Unknown
from . import handles

_MODULES = ("tqdm", "tqdm.auto", "tqdm.notebook", "tqdm.std", "tqdm.autonotebook", "tqdm.rich")


@handles(*(f"{m}.tqdm" for m in _MODULES), "tqdm.tqdm_notebook")
def tqdm(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    iterable = args[0] if args else kwargs.get("iterable")
    if iterable is None:
        return Unknown("a progress bar with no iterable (updated by hand)", getattr(node, "lineno", None))
    return iterable


@handles(*(f"{m}.trange" for m in _MODULES), "tqdm.tnrange")
def trange(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    return BUILTINS["range"].impl(interp, list(args), {}, node)
