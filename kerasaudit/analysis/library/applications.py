"""``keras.applications.*`` constructors and the Keras utilities library-style model code calls
(``imagenet_utils.obtain_input_shape``, ``correct_pad``, ``get_source_inputs``...)."""

from __future__ import annotations

import ast
from typing import Any

from ..arrays import Array
from ..values import Tensor, Unknown
from . import handles, handles_prefix

_UTILS = "keras.applications.imagenet_utils"


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


@handles_prefix("keras.applications.")
def application(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    last = name.rsplit(".", 1)[1]
    if last in ("preprocess_input",):
        return _preprocess(args, kwargs, interp, node)
    if last == "decode_predictions":
        return Unknown("decoded predictions are only known at run time", _line(node))
    if not last[:1].isupper():
        return Unknown(f"`{name}` is not modelled", _line(node))
    from ..applications import build_application
    model = build_application(interp, last, list(args), dict(kwargs), node)
    if isinstance(model, Unknown):
        interp.ctx.note(_line(node) or 1, getattr(node, "col_offset", 0), f"keras.applications.{last}: {model.reason}")
    return model


def _preprocess(args: list, kwargs: dict, interp: Any, node: ast.AST) -> Any:
    x = args[0] if args else kwargs.get("x")
    if isinstance(x, Array):
        return x.with_shape(x.shape, "float32")
    if isinstance(x, Tensor):
        from ..layercall import unknown_operation
        return unknown_operation(interp, [x], {}, node, "preprocess_input on a symbolic tensor is not modelled")
    return Unknown("preprocess_input() of data whose shape is not known", _line(node))


@handles(f"{_UTILS}.obtain_input_shape", "keras.applications.imagenet_utils._obtain_input_shape",
         "keras_applications.imagenet_utils._obtain_input_shape",
         "keras.applications.imagenet_utils.obtain_input_shape")
def obtain_input_shape(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    from ..applications import InputShapeError
    from ..applications import obtain_input_shape as obtain
    params = ["input_shape", "default_size", "min_size", "data_format", "require_flatten", "weights"]
    bound = dict(zip(params, args))
    bound.update({k: v for k, v in kwargs.items() if k in params or k == "include_top"})
    if "include_top" in bound and "require_flatten" not in bound:
        bound["require_flatten"] = bound.pop("include_top")  # the Keras 2.0 spelling
    bound.setdefault("weights", None)
    for key, value in bound.items():
        if isinstance(value, Unknown):
            return Unknown(f"obtain_input_shape() with an unknown `{key}`: {value.reason}", _line(node))
    shape = bound.get("input_shape")
    if shape is not None and not (isinstance(shape, (tuple, list)) and all(
            d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in shape)):
        return Unknown("obtain_input_shape() with an input shape that is not known", _line(node))
    if not all(isinstance(bound.get(k), int) for k in ("default_size", "min_size")) or not isinstance(
            bound.get("require_flatten"), bool) or bound.get("data_format") not in ("channels_last", "channels_first"):
        return Unknown("obtain_input_shape() with arguments that are not known", _line(node))
    try:
        return obtain(shape, bound["default_size"], bound["min_size"], bound["data_format"],
                      bound["require_flatten"], bound["weights"])
    except InputShapeError as exc:
        from ..interpreter import UserRaise
        interp.ctx.note(_line(node) or 0, 0, f"Keras would raise here: {exc}")
        raise UserRaise(None, _line(node) or 0)


@handles(f"{_UTILS}.correct_pad", "keras_applications.correct_pad")
def correct_pad(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    from ..applications import correct_pad as pad
    inputs = args[0] if args else kwargs.get("inputs")
    kernel = args[1] if len(args) > 1 else kwargs.get("kernel_size")
    if not isinstance(inputs, Tensor) or not isinstance(inputs.shape, tuple):
        return Unknown("correct_pad() of a tensor whose shape is not known", _line(node))
    if not (isinstance(kernel, int) or (isinstance(kernel, tuple) and all(isinstance(k, int) for k in kernel))):
        return Unknown("correct_pad() with an unknown kernel size", _line(node))
    fmt = interp.ctx.__dict__.get("image_data_format", "channels_last")
    spatial = inputs.shape[2:4] if fmt == "channels_first" else inputs.shape[1:3]
    return pad(tuple(spatial), kernel)


@handles("keras.utils.get_source_inputs", "keras.engine.get_source_inputs", "keras.layers.get_source_inputs",
         "keras.src.ops.operation_utils.get_source_inputs", "keras.ops.operation_utils.get_source_inputs")
def get_source_inputs(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    from ..applications import source_inputs
    tensor = args[0] if args else kwargs.get("tensor")
    if isinstance(tensor, Tensor):
        found = source_inputs(tensor)
        if found:
            return found
    return Unknown("get_source_inputs() of a value that is not a known graph tensor", _line(node))


@handles("keras_applications.get_submodules_from_kwargs")
def get_submodules_from_kwargs(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """keras-applications: (backend, layers, models, utils) from the kwargs, Keras's own by default."""
    from ..values import Ref
    given = args[0] if args else kwargs.get("kwargs", {})
    if not isinstance(given, dict):
        return Unknown("get_submodules_from_kwargs() of unknown keyword arguments", _line(node))
    defaults = {"backend": "keras.backend", "layers": "keras.layers", "models": "keras.models",
                "utils": "keras.utils"}
    out = []
    for key, path in defaults.items():
        value = given.get(key)
        out.append(Ref(path) if value is None else value)
    return tuple(out)
