"""Following the function of a ``Lambda`` layer to find its output shape, as Keras traces it.

Keras 3 computes a Lambda's output by running its function on symbolic stand-ins of the
inputs in a scratch trace: the operations inside create no graph nodes and consume no
automatic names. Here the ``lambda`` / local ``def`` is interpreted with stand-in tensors of
the call's input shapes inside a *sandbox* (``ctx.sandbox``): operations compute shapes but
add no rows, take no names and record no facts.
"""

from __future__ import annotations

import ast
from typing import Any, Callable

from ..catalog.spec import Call, ShapeError, Unknowable
from .graph import LayerObj, Node, Site
from .shapes import UnknownShape
from .values import Function, Tensor, Unknown


class Sandbox:
    """``with Sandbox(ctx):`` marks code whose operations must leave no trace in the graph."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    def __enter__(self) -> None:
        self.ctx.sandbox = getattr(self.ctx, "sandbox", 0) + 1

    def __exit__(self, *exc: object) -> None:
        self.ctx.sandbox -= 1


def in_sandbox(ctx: Any) -> bool:
    return bool(getattr(ctx, "sandbox", 0))


def lambda_compute(interp: Any, layer: LayerObj, bound: dict, node: ast.AST) -> Callable[[Call], Any] | None:
    """The shape function of this Lambda call: from output_shape= (a callable one is followed
    here), else from its function's body; None to use the spec's own rule."""
    cfg = layer.cfg
    if cfg is None:
        return None
    explicit = cfg.get("output_shape")
    if isinstance(explicit, Function):
        return lambda call: _follow_shape_function(interp, explicit, call, node)
    if explicit is not None:
        return None
    fn = cfg.get("function")
    if not isinstance(fn, Function):
        reason = fn.reason if isinstance(fn, Unknown) else "the Lambda's function is not a lambda or def in this file"

        def unknown(call: Call) -> Any:
            raise Unknowable(f"{reason}; give output_shape= to make it known")
        return unknown
    arguments = cfg.get("arguments") or {}
    return lambda call: _follow_function(interp, fn, bound.get("inputs"), arguments, node)


def _follow_function(interp: Any, fn: Function, inputs: Any, arguments: Any, node: ast.AST) -> Any:
    if not isinstance(arguments, dict):
        raise Unknowable("the Lambda's arguments= are not known")
    stand_in = _stand_ins(inputs, node)
    params = _param_names(fn)
    kwargs = dict(arguments)
    for extra in ("mask", "training"):
        if extra in params and extra not in kwargs:
            kwargs[extra] = None
    with Sandbox(interp.ctx):
        result = interp.call_function(fn, [stand_in], kwargs, node)
    return _shapes_of(result, fn)


def _follow_shape_function(interp: Any, fn: Function, call: Call, node: ast.AST) -> Any:
    shape = call.get("inputs")
    with Sandbox(interp.ctx):
        result = interp.call_function(fn, [shape], {}, node)
    if isinstance(result, Unknown):
        raise Unknowable(f"the Lambda's output_shape function: {result.reason}")
    if isinstance(result, list) and all(isinstance(d, int) or d is None for d in result):
        result = tuple(result)
    if not isinstance(result, (tuple, list)):
        raise Unknowable("the Lambda's output_shape function does not return a known shape")
    return result


def _stand_ins(inputs: Any, node: ast.AST) -> Any:
    """Tensors of the same shapes, produced by a scratch node outside every graph."""
    if isinstance(inputs, Tensor):
        scratch = LayerObj(None, "<Lambda input>", None, "<Lambda input>", Site.of(node))
        stand_in = Tensor(inputs.shape, None, 0, inputs.dtype)
        stand_in.node = Node(scratch, None, [], Site.of(node), is_input=True)
        return stand_in
    if isinstance(inputs, (list, tuple)):
        return type(inputs)(_stand_ins(v, node) for v in inputs)
    if isinstance(inputs, dict):
        return {k: _stand_ins(v, node) for k, v in inputs.items()}
    return inputs


def _param_names(fn: Function) -> set[str]:
    a = fn.node.args
    return {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs}


def _shapes_of(result: Any, fn: Function) -> Any:
    if isinstance(result, Tensor):
        # An operation Keras rejects makes an unknown shape *and* records the error: the
        # error comes first, as Keras's trace raises there (the Lambda's call fails).
        error = result.node.error if result.node is not None else None
        if error:
            # Keras turns any failure of the trace into NotImplementedError ("could not
            # automatically infer the shape"), which a Sequential build swallows: kind "trace".
            raise ShapeError(f"inside the Lambda's function: {error}", kind="trace")
        if isinstance(result.shape, UnknownShape):
            raise Unknowable(f"inside the Lambda's function: {result.shape.reason}")
        return result.shape
    if isinstance(result, (list, tuple)) and result and all(isinstance(r, Tensor) for r in result):
        return [_shapes_of(r, fn) for r in result]
    if isinstance(result, Unknown):
        raise Unknowable(f"the Lambda's function `{fn.name}`: {result.reason}")
    raise Unknowable(f"the Lambda's function `{fn.name}` does not return a known tensor")
