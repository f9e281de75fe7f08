"""Calling, building and tracing subclassed layers and models (see custom_objects.py)."""

from __future__ import annotations

import ast
from typing import Any

from ..catalog.spec import Call, ShapeError, Unknowable
from .arrays import Array
from .custom_base import as_shape, build_base_weights
from .custom_objects import KerasObject, user_member
from .dims import UnknownDim
from .layercall import apply_layer, to_shapes
from .shapes import OutputShapes, UnknownShape
from .values import Function, Tensor, Unknown, contains


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def _site_node(obj: KerasObject, node: ast.AST | None) -> ast.AST:
    if node is not None:
        return node
    return ast.Pass(lineno=obj.site.line, col_offset=obj.site.col)  # type: ignore[attr-defined]


def python_shape(shape: Any) -> Any:
    """An analysis shape as the Python value ``build(input_shape)`` receives."""
    if isinstance(shape, UnknownShape):
        return Unknown(shape.reason)
    if isinstance(shape, list):
        return [python_shape(s) for s in shape]
    return shape


def placeholders(value: Any) -> Any:
    """Fresh tensors of the same shapes: what ``call`` sees while Keras traces it. Operations on
    them belong to the trace, never to the graph around the layer."""
    if isinstance(value, Tensor):
        return Tensor(value.shape, None, 0, value.dtype)
    if isinstance(value, list):
        return [placeholders(v) for v in value]
    if isinstance(value, tuple):
        return tuple(placeholders(v) for v in value)
    if isinstance(value, dict):
        return {k: placeholders(v) for k, v in value.items()}
    return value


def _tensors_from_shapes(shape: Any) -> Any:
    if isinstance(shape, list):
        return [_tensors_from_shapes(s) for s in shape]
    if isinstance(shape, dict):
        return {k: _tensors_from_shapes(v) for k, v in shape.items()}
    return Tensor(shape)


def output_shapes_of(value: Any, what: str) -> OutputShapes:
    """The shapes of what ``call`` returned."""
    if isinstance(value, Tensor):
        return value.shape
    if isinstance(value, (list, tuple)) and value:
        return [output_shapes_of(v, what) for v in value]
    if isinstance(value, dict) and value:
        return [output_shapes_of(value[k], what) for k in sorted(value, key=str)]
    if isinstance(value, Unknown):
        return UnknownShape(value.reason)
    return UnknownShape(f"{what} returned {type(value).__name__}, not a tensor")


# ---------------------------------------------------------------------- calling
def call_object(interp: Any, obj: KerasObject, args: list, kwargs: dict, node: ast.AST) -> Any:
    """``obj(x, ...)``: one node of ``obj`` in the graph around it (or an eager call on data)."""
    functional = getattr(obj, "functional", None)
    if not args and not kwargs:
        return Unknown(f"calling `{obj.cls.name}` without inputs would fail", _line(node))
    kwargs = dict(kwargs)
    call_fn = user_member(obj.cls, "call")
    params = _call_param_names(call_fn)
    if args:
        inputs, rest = args[0], list(args[1:])
    else:
        first = params[0] if params else "inputs"
        inputs = kwargs.pop(first, kwargs.pop("inputs", None))
        rest = []
    if contains(inputs, Array) and not contains(inputs, Tensor):
        return eager_call(interp, obj, inputs, rest, kwargs, node)
    bound: dict = {"inputs": inputs}
    positional: list[str] = []
    for i, value in enumerate(rest):
        key = params[i + 1] if i + 1 < len(params) else f"__arg{i + 1}"
        bound[key] = value
        positional.append(key)
    bound.update(kwargs)
    from .masks import call_with_masks
    if functional is not None:
        from .model_calls import run_model
        return call_with_masks(interp, obj, args, kwargs, bound, node, lambda extra: apply_layer(
            interp, obj, {"inputs": inputs}, node,  # type: ignore[arg-type]
            compute=lambda call: run_model(functional, call.values["inputs"]), extra_inputs=extra))
    return call_with_masks(interp, obj, args, kwargs, bound, node, lambda extra: apply_layer(
        interp, obj, bound, node,  # type: ignore[arg-type]
        compute=lambda call: run_call(interp, obj, bound, positional, node), extra_inputs=extra))


def _call_param_names(fn: Any) -> list[str]:
    if not isinstance(fn, Function) or isinstance(fn.node, ast.Lambda):
        return []
    a = fn.node.args
    names = [p.arg for p in a.posonlyargs + a.args]
    return names[1:] + [p.arg for p in a.kwonlyargs]


def run_call(interp: Any, obj: KerasObject, bound: dict, positional: list[str], node: ast.AST | None) -> OutputShapes:
    """The output shape(s) of one application, as Keras's ``compute_output_spec`` finds them."""
    values = placeholders(bound)
    inputs = values.pop("inputs")
    args = [inputs] + [values.pop(k) for k in positional]
    kwargs = {k: v for k, v in values.items()}
    cos = user_member(obj.cls, "compute_output_shape")
    if not isinstance(cos, Function):
        # Keras 1 named it get_output_shape_for (Keras 2.0 still called it through its legacy shim).
        cos = user_member(obj.cls, "get_output_shape_for")
    call_fn = user_member(obj.cls, "call")
    if isinstance(cos, Function):
        if isinstance(call_fn, Function) and not obj.traced and not isinstance(
                user_member(obj.cls, "build"), Function) and any(not s.built for s in obj.tracked):
            trace(interp, obj, call_fn, args, kwargs, node)  # Keras traces call() to build the sub-layers
        shape_arg = python_shape(to_shapes(inputs))
        result = interp.call_function(cos, [obj, shape_arg], {}, _site_node(obj, node))
        return _shape_result(result)
    if isinstance(call_fn, Function):
        return output_shapes_of(trace(interp, obj, call_fn, args, kwargs, node), f"{obj.cls.name}.call()")
    spec = obj.base_spec if getattr(obj, "cfg", None) is not None else None
    if spec is not None:
        shapes = {"inputs": to_shapes(inputs)}
        shapes.update({k: to_shapes(v) for k, v in kwargs.items()})
        return spec.output_shape(obj.cfg, Call(obj.class_name, shapes))  # type: ignore[attr-defined]
    reason = getattr(obj, "base_problem", None) or f"`{obj.cls.name}` defines no call()"
    return UnknownShape(reason)


def trace(interp: Any, obj: KerasObject, call_fn: Function, args: list, kwargs: dict, node: ast.AST | None) -> Any:
    """Follow ``call`` on placeholder tensors. Code skipped as undecidable means sub-layers it
    would have built may be missing, so their absence is then not read as "unbuilt"."""
    before = interp.__dict__.get("havoc_count", 0)
    # Keras traces call() on backend tensors: masks computed there are no graph operations (masks.py).
    interp.__dict__["tracing"] = interp.__dict__.get("tracing", 0) + 1
    try:
        result = interp.call_function(call_fn, [obj, *args], kwargs, _site_node(obj, node))
    finally:
        interp.__dict__["tracing"] -= 1
    obj.traced = True
    if interp.__dict__.get("havoc_count", 0) != before or isinstance(result, Unknown):
        obj.trace_complete = False
    if hasattr(obj, "output_value"):
        obj.output_value = result  # type: ignore[attr-defined]
    return result


def _shape_result(value: Any) -> OutputShapes:
    """What ``compute_output_shape`` returned, as Keras reads it."""
    if isinstance(value, Unknown):
        return UnknownShape(value.reason)
    if isinstance(value, list) and value and all(isinstance(v, (int, type(None))) for v in value):
        value = tuple(value)
    if isinstance(value, (tuple, list)):
        shape = as_shape(value)
        return shape if isinstance(shape, (tuple, list)) else UnknownShape("not a shape")
    return UnknownShape("compute_output_shape() did not return a shape the analysis knows")


# ---------------------------------------------------------------------- building
def build_object(interp: Any, obj: KerasObject, call: Call, node: ast.AST | None) -> None:
    """The first call's ``_maybe_build``: the class's own ``build(input_shape)`` if it has one,
    else the catalog base class's weights (sub-layers are built by tracing call())."""
    if obj.build_done:
        return
    obj.build_done = True
    shape = call.values.get("inputs")
    build_fn = user_member(obj.cls, "build")
    if isinstance(build_fn, Function):
        interp.call_function(build_fn, [obj, python_shape(shape)], {}, _site_node(obj, node))
        return
    build_base_weights(obj, shape)


def output_from_shapes(interp: Any, obj: KerasObject, call: Call) -> OutputShapes:
    """Re-running a graph that contains ``obj`` with new input shapes."""
    bound = dict(call.values)
    bound["inputs"] = _tensors_from_shapes(bound.get("inputs"))
    if getattr(obj, "functional", None) is not None:
        from .model_calls import run_model
        return run_model(obj.functional, call.values.get("inputs"))  # type: ignore[attr-defined]
    try:
        return run_call(interp, obj, bound, [], None)
    except (Unknowable, ShapeError):
        raise


def eager_call(interp: Any, obj: KerasObject, inputs: Any, rest: list, kwargs: dict, node: ast.AST,
               batch: Any = "rows") -> Any:
    """``obj(array)``: Keras builds ``obj`` on the data and returns arrays."""
    shapes = _data_shapes(inputs, batch)
    if shapes is None:
        return Unknown(f"calling `{obj.cls.name}` on data whose shape is not known", _line(node))
    tensors = _tensors_from_shapes(shapes)
    call = Call(obj.class_name, {"inputs": shapes})
    try:
        build_object(interp, obj, call, node)
        if getattr(obj, "functional", None) is not None:
            from .model_calls import run_model
            out = run_model(obj.functional, shapes)  # type: ignore[attr-defined]
        else:
            out = run_call(interp, obj, {"inputs": tensors, **kwargs}, [], node)
    except (Unknowable, ShapeError) as exc:
        return Unknown(getattr(exc, "reason", None) or getattr(exc, "message", "the call would fail"), _line(node))
    return _arrays_from(out, obj)


def _data_shapes(value: Any, batch: Any) -> Any:
    if isinstance(value, Array):
        if not value.shape:
            return None
        first = value.shape[0] if batch == "rows" else batch
        return (first, *value.shape[1:])
    if isinstance(value, (list, tuple)):
        out = [_data_shapes(v, batch) for v in value]
        return None if any(o is None for o in out) else out
    if isinstance(value, dict):
        d = {k: _data_shapes(v, batch) for k, v in value.items()}
        return None if any(o is None for o in d.values()) else d
    return None


def _arrays_from(shapes: Any, obj: KerasObject) -> Any:
    if isinstance(shapes, list):
        return [_arrays_from(s, obj) for s in shapes]
    if isinstance(shapes, UnknownShape):
        return Unknown(shapes.reason)
    dims = tuple(d if isinstance(d, int) and not isinstance(d, bool) else UnknownDim("not known statically")
                 for d in shapes)
    return Array(dims, "float32", f"{obj.display_name}()")  # type: ignore[attr-defined]


def build_from_data(interp: Any, obj: KerasObject, x: Any, node: ast.AST, how: str) -> None:
    """``fit``/``predict``/``evaluate`` build an unbuilt subclassed model on the first batch."""
    if obj.traced or getattr(obj, "functional", None) is not None:
        return
    batch = UnknownDim("the size of the first batch of data, which Keras builds the model with")
    if _data_shapes(x, batch) is None:
        return
    eager_call(interp, obj, x, [], {}, node, batch)
