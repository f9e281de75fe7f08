"""Library-style builder functions that the file defines but never calls.

``def ResNetLike(include_top=True, input_shape=None, pooling=None, classes=1000, **kwargs)`` in a
model library is never called by the file itself. After the module has run, every such
top-level function whose parameters all have defaults is called with those defaults, in
definition order (the models it creates are reported with ``builder`` set, as if the file
ended with ``ResNetLike()``). A function that does not return a model is not a builder: what
its trial created is forgotten, including the automatic names it used.
"""

from __future__ import annotations

import ast
import copy
from dataclasses import fields
from typing import Any

from .context import BudgetExhausted
from .graph import LayerObj
from .values import Function, Ref, Unknown

# The keras-applications package's own helpers, imported relatively by its model files
# (``from . import get_submodules_from_kwargs``, ``from .imagenet_utils import _obtain_input_shape``):
# copies of such files keep those imports, and what the helpers do is documented.
_KERAS_APPLICATIONS = {
    ("", "get_submodules_from_kwargs"): "keras_applications.get_submodules_from_kwargs",
    ("", "imagenet_utils"): "keras.applications.imagenet_utils",
    ("", "correct_pad"): "keras.applications.imagenet_utils.correct_pad",
    ("imagenet_utils", "_obtain_input_shape"): "keras.applications.imagenet_utils.obtain_input_shape",
    ("imagenet_utils", "obtain_input_shape"): "keras.applications.imagenet_utils.obtain_input_shape",
    ("imagenet_utils", "correct_pad"): "keras.applications.imagenet_utils.correct_pad",
    ("imagenet_utils", "decode_predictions"): "keras.applications.imagenet_utils.decode_predictions",
    ("imagenet_utils", "preprocess_input"): "keras.applications.imagenet_utils.preprocess_input",
}


def keras_applications_import(module: str, name: str) -> Ref | None:
    """What a relative import inside a keras-applications-style package refers to, if known."""
    path = _KERAS_APPLICATIONS.get((module, name))
    return Ref(path) if path else None


def _all_defaulted(func: Function) -> bool:
    node = func.node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    a = node.args
    positional = a.posonlyargs + a.args
    if len(a.defaults) != len(positional):
        return False
    return all(d is not None for d in a.kw_defaults)


def _returns_value(func: Function) -> bool:
    stack: list[ast.AST] = list(func.node.body)  # type: ignore[union-attr]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Return) and n.value is not None:
            return True
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(ast.iter_child_nodes(n))
    return False


def candidates(interp: Any) -> list[Function]:
    """Top-level functions of the module, never called, callable with no arguments, returning something."""
    module_funcs = {id(v) for v in interp.module_scope.vars.values() if isinstance(v, Function)}
    out = []
    for func in interp.defined_functions:
        if id(func) not in module_funcs or func.called or func.owner is not None:
            continue
        if func.name.startswith("_") or not _all_defaulted(func) or not _returns_value(func):
            continue
        out.append(func)
    return out


def _has_model(value: Any, depth: int = 0) -> bool:
    if isinstance(value, LayerObj) and hasattr(value, "summary_layers"):
        return True
    if depth < 3 and isinstance(value, (list, tuple)):
        return any(_has_model(v, depth + 1) for v in value)
    if depth < 3 and isinstance(value, dict):
        return any(_has_model(v, depth + 1) for v in value.values())
    return False


def analyse_uncalled(interp: Any) -> None:
    ctx = interp.ctx
    for func in candidates(interp):
        facts_before = {f.name: len(getattr(ctx.facts, f.name)) for f in fields(ctx.facts)
                        if isinstance(getattr(ctx.facts, f.name), list)}
        names_before = copy.deepcopy(ctx.names)
        notes_before = len(ctx.notes)
        call_site = ast.Call(func=ast.Name(id=func.name, ctx=ast.Load()), args=[], keywords=[])
        call_site.lineno = func.node.lineno  # type: ignore[attr-defined]
        call_site.col_offset = func.node.col_offset  # type: ignore[attr-defined]
        try:
            result = _trial(interp, func, call_site)
        except BudgetExhausted as exc:
            ctx.note(exc.line, 0, f"{exc.reason} while analysing the builder `{func.name}()` with its defaults",
                     "budget")
            return
        if _has_model(result):
            for model in ctx.facts.models[facts_before["models"]:]:
                if model.builder is None:
                    model.builder = func.name
                model.attrs["uncalled_builder"] = func.name
            continue
        # Not a builder: forget what the trial did.
        for name, length in facts_before.items():
            del getattr(ctx.facts, name)[length:]
        ctx.names = names_before
        del ctx.notes[notes_before:]
        func.called = False


def _trial(interp: Any, func: Function, site: ast.AST) -> Any:
    from .havoc import UndecidedExit
    from .interpreter import BreakSignal, ContinueSignal, ReturnSignal, UserRaise
    try:
        return interp.call_function(func, [], {}, site)
    except UserRaise:
        return Unknown(f"`{func.name}()` raises with its default arguments")
    except (ReturnSignal, BreakSignal, ContinueSignal, UndecidedExit):
        return None
