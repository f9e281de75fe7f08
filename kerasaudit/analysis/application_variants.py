"""Which recorded variant of a ``keras.applications`` model a call selects: its arguments bound
to the application's signature, the structural options that key the table, the checks Keras
makes before building, and the input shape and model name the call gives.

:class:`NotRecorded` says the table cannot answer (an argument it has no record of).
"""

from __future__ import annotations

import json
from typing import Any

from .application_utils import InputShapeError, obtain_input_shape
from .dims import Sym
from .values import Tensor, Unknown


_MOBILENET_ROWS = {"MobileNet": (("mobilenet", [128, 160, 192, 224])),
                   "MobileNetV2": (("mobilenetv2", [96, 128, 160, 192, 224]))}


class NotRecorded(Exception):
    """The table cannot answer (an argument value it has no record of); the reason is the message."""


def bind(app: dict, name: str, args: list, kwargs: dict) -> dict:
    signature = app["signature"]
    names = [p for p, _ in signature]
    if len(args) > len(names):
        raise NotRecorded(f"{name}() takes at most {len(names)} positional arguments")
    bound = dict(zip(names, args))
    for k, v in kwargs.items():
        if k not in names:
            raise NotRecorded(f"{name}() got an unexpected keyword argument '{k}' (Keras would raise)")
        if k in bound:
            raise NotRecorded(f"{name}() got multiple values for argument '{k}'")
        bound[k] = v
    for p, default in signature:
        bound.setdefault(p, default)
    return bound


def _known(value: Any, what: str) -> Any:
    if isinstance(value, Unknown):
        raise NotRecorded(f"`{what}` is not known: {value.reason}")
    return value


def variant_key(app: dict, bound: dict) -> str:
    include_top = _known(bound.get("include_top"), "include_top")
    if not isinstance(include_top, bool):
        raise NotRecorded(f"include_top={include_top!r} is not a known True/False")
    pooling = _known(bound.get("pooling"), "pooling")
    if pooling not in (None, "avg", "max"):
        if include_top:
            pooling = None
        else:
            raise NotRecorded(f"pooling={pooling!r} is not None, 'avg' or 'max'")
    key = {"include_top": include_top, "pooling": None if include_top else pooling}
    for arg in app["structural"]:
        if arg in ("include_top", "pooling"):
            continue
        if arg == "weights":  # EfficientNet adds a layer for its ImageNet weights; a file path does not
            key[arg] = "imagenet" if _known(bound.get(arg), arg) == "imagenet" else None
            continue
        value = _known(bound.get(arg), arg)
        if arg == "alpha" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        key[arg] = value
    return key


def _variant(app: dict, name: str, bound: dict, interp: Any) -> dict:
    key = variant_key(app, bound)
    if app.get("size_specific"):
        # This application's layers depend on the input size: the table has it for some sizes.
        matching = [(json.loads(k).get("size"), v) for k, v in app["variants"].items()
                    if {a: b for a, b in json.loads(k).items() if a != "size"} == key]
        # the variant built without an input_shape tells what Keras does when none is given
        matching.sort(key=lambda sv: sv[0] is not None)
        probe = matching[0][1] if matching else None
        if probe is None:
            raise NotRecorded(f"kerasaudit's table of {name} has no record of these options")
        tensor = bound.get("input_tensor")
        if isinstance(tensor, Tensor) and tensor.node is not None and isinstance(tensor.shape, tuple):
            spatial = tensor.shape[1:3]
        else:
            spatial = _input_shape(app, name, probe, bound, interp)[:2]
        key["size"] = list(spatial) if all(isinstance(d, int) for d in spatial) else None
    variant = app["variants"].get(json.dumps(key, sort_keys=True))
    if variant is None:
        shown = ", ".join(f"{k}={v!r}" for k, v in key.items() if k not in ("include_top", "pooling"))
        if "size" in key:
            shown = shown.replace("size=", "input size ")
            raise NotRecorded(f"the layers of {name} depend on its input size, and kerasaudit's table has "
                              f"no record of {shown}")
        raise NotRecorded(f"kerasaudit's table of {name} has no record of {shown} (only the values Keras "
                          f"ships weights for)")
    return variant


_FREE = {"include_top", "pooling", "weights", "input_tensor", "input_shape", "name", "classes",
         "classifier_activation", "dropout", "dropout_rate"}


def _check_other_arguments(app: dict, bound: dict, name: str) -> None:
    templated = {arg for _, _, arg in app["templates"]} | _FREE
    for arg, default in app["signature"]:
        if arg in templated or arg in app["structural"]:
            continue
        if bound.get(arg) != default:
            raise NotRecorded(f"{name}({arg}={bound.get(arg)!r}): the table records {arg} only with its "
                              f"default {default!r}")


def _validate(name: str, bound: dict) -> None:
    """The argument checks every application makes before building (Keras raises ValueError)."""
    weights = bound.get("weights")
    classes = bound.get("classes")
    if weights == "imagenet" and bound.get("include_top") is True and isinstance(classes, int) and classes != 1000:
        raise InputShapeError(f"If using `weights='imagenet'` with `include_top=True`, `classes` should be "
                              f"1000.  Received classes={classes}")
    act = bound.get("classifier_activation")
    if weights is not None and bound.get("include_top") is True and isinstance(act, str) and act not in (
            "softmax",) and weights == "imagenet":
        raise InputShapeError("Only `None` and `softmax` activations are allowed for the "
                              f"`classifier_activation` argument when using pretrained weights, with "
                              f"`include_top=True`; Received: classifier_activation={act}")


def _input_shape(app: dict, name: str, variant: dict, bound: dict, interp: Any) -> tuple:
    given = _known(bound.get("input_shape"), "input_shape")
    if given is not None:
        if not isinstance(given, (tuple, list)) or not all(
                d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in given):
            raise NotRecorded(f"input_shape={given!r} is not a known shape")
        given = tuple(given)
    fmt = interp.ctx.__dict__.get("image_data_format", "channels_last")
    if fmt != "channels_last":
        raise NotRecorded(f"the table records {name} for channels_last images only")
    obtain = variant.get("obtain")
    if obtain is None:
        return given if given is not None else tuple(variant["input"])
    if given is None and obtain.get("input_shape") is not None:
        given = tuple(obtain["input_shape"])  # the application's own default (NASNet without its top)
    default_size = obtain["default_size"]
    if name in _MOBILENET_ROWS and given is not None:
        sizes = _MOBILENET_ROWS[name][1]
        default_size = given[0] if given[0] == given[1] and given[0] in sizes else 224
    return obtain_input_shape(given, default_size, obtain["min_size"], fmt, bound["include_top"],
                              bound.get("weights"))


def _model_name(name: str, bound: dict, rows: Any) -> Any:
    given = bound.get("name")
    if given is not None:
        return given
    prefix, sizes = _MOBILENET_ROWS.get(name, (None, None))
    if prefix is None:
        return None
    alpha = bound.get("alpha", 1.0)
    if bound.get("weights") == "imagenet" and (rows not in sizes):
        rows = 224
    if isinstance(rows, Sym):
        rows = None
    return f"{prefix}_{float(alpha):0.2f}_{rows}"

