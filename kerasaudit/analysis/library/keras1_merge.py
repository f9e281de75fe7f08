"""Keras 1's ``merge([a, b], mode=...)`` function and ``Merge`` layer, mapped onto Keras 3 layers.

``mode='concat'`` is a Concatenate on ``concat_axis``, ``'sum'`` an Add, ``'mul'`` a Multiply,
``'ave'`` an Average, ``'max'`` a Maximum, ``'dot'`` a Dot on ``dot_axes`` and ``'cos'`` a
normalized Dot; a callable mode is a Lambda over the list (with its ``output_shape`` and
``arguments``). Keras 1 computed the same output shapes for these (its ``dot_axes`` rules are
Dot's ``axes`` rules), so the rows carry the Keras 3 classes.
"""

from __future__ import annotations

import ast
from typing import Any

from ...catalog import lookup
from ...catalog.spec import ArgumentError, Params
from ..facts import ArgumentProblem
from ..graph import Site
from ..layercall import call_layer_object, create_layer
from ..values import Function, Unknown
from . import handles

_MERGE = Params(mode="sum", concat_axis=-1, dot_axes=-1, output_shape=None, output_mask=None, arguments=None,
                name=None)
_MERGE_LAYER = Params(layers=None, mode="sum", concat_axis=-1, dot_axes=-1, output_shape=None, output_mask=None,
                      arguments=None, node_indices=None, tensor_indices=None, name=None)
_ELEMENTWISE = {"sum": "Add", "mul": "Multiply", "ave": "Average", "max": "Maximum"}


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def translate(bound: dict) -> tuple[str, dict] | str:
    """(Keras 3 class, its arguments) for a Keras 1 merge, or why there is none."""
    mode = bound["mode"]
    extra = {"name": bound["name"]} if bound.get("name") is not None else {}
    if isinstance(mode, Unknown):
        return f"the merge mode is unknown: {mode.reason}"
    if isinstance(mode, Function):
        lam = {"function": mode, "output_shape": bound["output_shape"], **extra}
        if bound.get("arguments") is not None:
            lam["arguments"] = bound["arguments"]
        return "Lambda", lam
    if mode in _ELEMENTWISE:
        return _ELEMENTWISE[mode], extra
    if mode == "concat":
        return "Concatenate", {"axis": bound["concat_axis"], **extra}
    if mode in ("dot", "cos"):
        return "Dot", {"axes": bound["dot_axes"], "normalize": mode == "cos", **extra}
    if isinstance(mode, str):
        raise ArgumentError(f"Invalid merge mode: {mode}")
    return f"the merge mode {mode!r} is not modelled"


def _make(interp: Any, params: Params, args: list, kwargs: dict, node: ast.AST, what: str) -> Any:
    """The Keras 3 layer object for a Keras 1 merge, or Unknown."""
    try:
        bound, extra = params.bind(args, kwargs)
        if extra:
            raise ArgumentError(f"unexpected arguments {', '.join(sorted(extra))}")
        target = translate(bound)
    except ArgumentError as exc:
        interp.ctx.facts.argument_problems.append(ArgumentProblem(what, str(exc), Site.of(node)))
        return Unknown(f"Keras 1 would reject this {what}: {exc}", _line(node))
    if isinstance(target, str):
        return Unknown(target, _line(node))
    class_name, layer_kwargs = target
    return create_layer(interp, lookup(class_name), class_name, [], layer_kwargs, node)


@handles("keras.layers.merge")
def merge(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """``merge(inputs, mode='sum', concat_axis=-1, dot_axes=-1, output_shape=None, ...)``."""
    kwargs = dict(kwargs)
    if args:
        inputs, args = args[0], list(args[1:])
    elif "inputs" in kwargs:
        inputs = kwargs.pop("inputs")
    else:
        return Unknown("merge() without inputs", _line(node))
    layer = _make(interp, _MERGE, args, kwargs, node, "merge()")
    if isinstance(layer, Unknown):
        return layer
    inputs = list(inputs) if isinstance(inputs, tuple) else inputs
    return call_layer_object(interp, layer, [inputs], {}, node)


@handles("keras.layers.Merge")
def merge_layer(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """``Merge(mode='concat')`` is a layer to call on a list of tensors. ``Merge([model_a,
    model_b])`` merged whole models inside a Sequential, which is not modelled."""
    layers = args[0] if args else kwargs.get("layers")
    if layers is not None:
        return Unknown("Keras 1's Merge of layers or models (Merge([model_a, model_b], ...)) is not modelled",
                       _line(node))
    return _make(interp, _MERGE_LAYER, list(args), dict(kwargs), node, "Merge")
