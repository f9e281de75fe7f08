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
        return _preprocess(args, kwargs, interp, node, name.rsplit(".", 2)[-2])
    if last == "decode_predictions":
        return Unknown("decoded predictions are only known at run time", _line(node))
    if not last[:1].isupper():
        return Unknown(f"`{name}` is not modelled", _line(node))
    from ..applications import build_application
    model = build_application(interp, last, list(args), dict(kwargs), node)
    if isinstance(model, Unknown):
        interp.ctx.note(_line(node) or 1, getattr(node, "col_offset", 0), f"keras.applications.{last}: {model.reason}")
    return model


# How each application module's preprocess_input scales its input (Keras 3.15's modules);
# None: it returns the input unchanged (the model rescales inside).
_MODES = {
    "vgg16": "caffe", "vgg19": "caffe", "resnet": "caffe", "resnet50": "caffe",
    "resnet_v2": "tf", "mobilenet": "tf", "mobilenet_v2": "tf", "inception_v3": "tf",
    "inception_resnet_v2": "tf", "xception": "tf", "nasnet": "tf", "densenet": "torch",
    "convnext": None, "efficientnet": None, "efficientnet_v2": None, "mobilenet_v3": None,
}
_CAFFE_MEAN = 3  # the per-channel means (and torch's stds) are constants of 3 values


def _preprocess(args: list, kwargs: dict, interp: Any, node: ast.AST, module: str) -> Any:
    x = args[0] if args else kwargs.get("x")
    if isinstance(x, Array):
        return x.with_shape(x.shape, "float32")
    if isinstance(x, Tensor):
        return _preprocess_symbolic(interp, x, module, args, kwargs, node)
    return Unknown("preprocess_input() of data whose shape is not known", _line(node))


def _preprocess_symbolic(interp: Any, x: Tensor, module: str, args: list, kwargs: dict, node: ast.AST) -> Any:
    """``imagenet_utils._preprocess_tensor_input`` on a symbolic tensor: the operations it
    applies become rows (``true_divide``, ``subtract``...), as in Keras 3."""
    from ..layercall import unknown_operation

    if module == "imagenet_utils":
        mode = kwargs.get("mode", args[2] if len(args) > 2 else "caffe")
    elif module in _MODES:
        mode = _MODES[module]
    else:
        return unknown_operation(interp, [x], {}, node, f"{module}.preprocess_input is not modelled")
    if mode is None:
        return x
    fmt = kwargs.get("data_format", args[1] if len(args) > 1 else None)
    if fmt is None:
        fmt = interp.ctx.__dict__.get("image_data_format", "channels_last")
    if fmt != "channels_last" or mode not in ("tf", "torch", "caffe") or not isinstance(x.shape, tuple):
        return unknown_operation(interp, [x], {}, node, "preprocess_input with this mode, data format or input "
                                                        "is not modelled")
    ndim = len(x.shape)
    channels = Array((1,) * (ndim - 1) + (_CAFFE_MEAN,), "float32", "preprocess_input")
    if mode == "tf":
        x = interp.binary_op(ast.Div(), x, 127.5, node)
        return interp.binary_op(ast.Sub(), x, 1.0, node)
    if mode == "torch":
        x = interp.binary_op(ast.Div(), x, 255.0, node)
        x = interp.binary_op(ast.Add(), x, channels, node)
        return interp.binary_op(ast.Div(), x, Array((_CAFFE_MEAN,), "float32", "preprocess_input"), node)
    from . import call_library
    from ..values import Ref
    parts = [interp.subscript(x, (Ellipsis, i), node) for i in (2, 1, 0)]  # 'RGB' -> 'BGR'
    x = call_library(interp, Ref("keras.ops.stack"), [parts], {"axis": -1}, node)
    return interp.binary_op(ast.Add(), x, channels, node)


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
