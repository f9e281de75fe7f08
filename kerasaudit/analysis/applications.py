"""``keras.applications`` models rebuilt from the recorded table (kerasaudit/data/applications.json.gz).

The table (written by ``tools/make_applications_table.py`` from real Keras) holds, for every
application and every structural variant (``include_top``, ``pooling``, ``alpha``...), its
layers as data: class, the constructor arguments the catalog specs need, what each layer is
called on, and the order in which Keras handed out automatic names. Here that graph is
rebuilt with kerasaudit's own layer catalog on the input the file gives, so shapes follow
any input size (``ZeroPadding2D`` layers Keras sizes with ``imagenet_utils.correct_pad``
are re-derived from their actual input), and ``classes``/``classifier_activation`` are
substituted where the table recorded them. The table is loaded only when an application
is used.
"""

from __future__ import annotations

import ast
import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..catalog import lookup
from ..catalog.spec import Call, Config, LayerSpec, Params, Weight
from .dims import Sym
from .naming import NameRegistry
from .shapes import UnknownShape
from .values import Tensor, Unknown

TABLE = Path(__file__).resolve().parent.parent / "data" / "applications.json.gz"


@lru_cache(maxsize=1)
def load_table() -> dict:
    with gzip.open(TABLE, "rb") as fh:
        return json.loads(fh.read())


def application_names() -> list[str]:
    return sorted(load_table()["apps"])


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


# ---------------------------------------------------------------------- private layers of applications
class LayerScale(LayerSpec):
    """``keras.src.applications.convnext.LayerScale``: one weight of ``projection_dim`` values."""

    params = Params("init_values", "projection_dim")

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        return [Weight("gamma", (cfg.int("projection_dim"),))]


class CustomScaleLayer(LayerSpec):
    """``keras.src.applications.inception_resnet_v2.CustomScaleLayer``: ``inputs[0] + inputs[1] * scale``."""

    params = Params("scale")

    def output_shape(self, cfg: Config, call: Call) -> Any:
        shapes = call.input_list
        from .opshapes.broadcasting import broadcast
        return broadcast(shapes[0], shapes[1])


_PRIVATE = {"LayerScale": LayerScale(), "CustomScaleLayer": CustomScaleLayer()}


def _spec(class_name: str) -> LayerSpec | None:
    return _PRIVATE.get(class_name) or lookup(class_name)


# ---------------------------------------------------------------------- Keras utilities (facts)
def correct_pad(spatial: tuple, kernel: Any) -> tuple:
    """``imagenet_utils.correct_pad``: asymmetric padding for a stride-2 convolution; an input
    size Keras does not know (None, a symbol here) counts as even."""
    k = (kernel, kernel) if isinstance(kernel, int) else tuple(kernel)
    h, w = spatial[0], spatial[1]
    if not isinstance(h, int) or isinstance(h, bool):
        adjust = (1, 1)
    else:
        adjust = (1 - h % 2, 1 - (w % 2 if isinstance(w, int) else 0))
    correct = (k[0] // 2, k[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))


class InputShapeError(Exception):
    """``obtain_input_shape`` would raise a ValueError with this message."""


def obtain_input_shape(input_shape: Any, default_size: int, min_size: int, data_format: str,
                       require_flatten: bool, weights: Any = None) -> tuple:
    """``keras.applications.imagenet_utils.obtain_input_shape``, as documented: the model's input
    shape from the user's, the default size and the weights' requirements."""
    first = data_format == "channels_first"
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        if first:
            default_shape = (input_shape[0], default_size, default_size)
        else:
            default_shape = (default_size, default_size, input_shape[-1])
    else:
        default_shape = (3, default_size, default_size) if first else (default_size, default_size, 3)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None:
            if tuple(input_shape) != default_shape:
                raise InputShapeError(f"When setting `include_top=True` and loading `imagenet` weights, "
                                      f"`input_shape` should be {default_shape}.  Received: "
                                      f"input_shape={tuple(input_shape)}")
        return default_shape
    if input_shape:
        input_shape = tuple(input_shape)
        if len(input_shape) != 3:
            raise InputShapeError("`input_shape` must be a tuple of three integers.")
        channels = input_shape[0] if first else input_shape[-1]
        spatial = input_shape[1:] if first else input_shape[:2]
        if weights == "imagenet" and channels != 3:
            raise InputShapeError(f"The input must have 3 channels; Received `input_shape={input_shape}`")
        for d in spatial:
            if d is not None and d < min_size:
                raise InputShapeError(f"Input size must be at least {min_size}x{min_size}; Received: "
                                      f"input_shape={input_shape}")
    else:
        if require_flatten:
            input_shape = default_shape
        else:
            input_shape = (3, None, None) if first else (None, None, 3)
    if require_flatten and None in input_shape:
        raise InputShapeError("If `include_top` is True, you should specify a static `input_shape`. "
                              f"Received: input_shape={input_shape}")
    return tuple(input_shape)


def source_inputs(tensor: Tensor) -> list[Tensor]:
    """``keras.utils.get_source_inputs``: the Input tensors a tensor is computed from."""
    out: list[Tensor] = []
    seen: set[int] = set()
    stack = [tensor]
    while stack:
        t = stack.pop()
        node = t.node
        if node is None:
            continue
        if node.is_input:
            if id(t) not in seen:
                seen.add(id(t))
                out.append(t)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(reversed(node.input_tensors))
    return out


# ---------------------------------------------------------------------- building
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


def build_application(interp: Any, name: str, args: list, kwargs: dict, node: ast.AST) -> Any:
    """The model ``keras.applications.<name>(*args, **kwargs)`` makes, or Unknown with the reason."""
    table = load_table()
    app = table["apps"].get(name)
    if app is None:
        return Unknown(f"keras.applications.{name} is not in kerasaudit's table", _line(node))
    try:
        bound = bind(app, name, args, kwargs)
        variant = _variant(app, name, bound, interp)
        _check_other_arguments(app, bound, name)
        _validate(name, bound)
        return _rebuild(interp, table, app, name, variant, bound, node)
    except NotRecorded as exc:
        return Unknown(str(exc), _line(node))
    except InputShapeError as exc:
        return Unknown(f"Keras would raise building {name}: {exc}", _line(node))


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


def _rebuild(interp: Any, table: dict, app: dict, name: str, variant: dict, bound: dict, node: ast.AST) -> Any:
    from .layercall import call_layer_object, create_layer, make_input
    from .model_calls import make_functional
    ctx = interp.ctx
    pool = table["pool"]
    input_tensor = _known(bound.get("input_tensor"), "input_tensor")
    if input_tensor is not None and not isinstance(input_tensor, Tensor):
        raise NotRecorded("input_tensor is not a tensor the analysis knows")
    external = isinstance(input_tensor, Tensor) and input_tensor.node is not None
    shape = None if external else _input_shape(app, name, variant, bound, interp)
    records = [pool[i] for i in variant["layers"]]
    input_auto = next((r.get("a") for r in records if r["c"] == "InputLayer"), None)
    # Keras hands out automatic names in construction order, which is not the graph's order.
    names: dict[int, str] = {}
    recorded: dict[int, str] = {}  # the names the graph's references use (a fresh Keras session)
    fresh = NameRegistry()
    for i, prefix in enumerate(variant["autos"]):
        recorded[i] = fresh.auto(prefix)
        if i == input_auto and external:
            continue
        names[i] = ctx.names.auto(prefix)
    templates = _templates(app, bound)
    produced: dict[str, Any] = {}
    model_inputs: Any = None
    for rec in records:
        layer_name = rec["n"] if "n" in rec else names.get(rec.get("a", -1))
        key = rec["n"] if "n" in rec else recorded.get(rec.get("a", -1))
        if rec["c"] == "InputLayer":
            if external:
                produced[key] = input_tensor
                model_inputs = source_inputs(input_tensor)
            else:
                tensor = make_input(interp, {"shape": shape, "name": layer_name}, node)
                tensor.node.layer.explicit_name = "n" in rec  # type: ignore[union-attr]
                produced[key] = tensor
                model_inputs = tensor
            continue
        call_args = _resolve(rec.get("args", []), produced)
        call_kwargs = _resolve(rec.get("kwargs", {}), produced)
        if rec.get("op"):
            produced[key] = _operation(interp, rec, layer_name, call_args, node)
            continue
        if rec["c"] == "Sequential":
            layer: Any = _sequential(interp, rec, names, templates, node)
        else:
            layer = _layer(interp, rec, layer_name, templates, app["pad_rules"], call_args, node)
        layer.attrs["application"] = name
        produced[key] = call_layer_object(interp, layer, call_args, call_kwargs, node)
    outputs = _resolve(variant["outputs"], produced)
    outputs = outputs[0] if len(outputs) == 1 else outputs
    rows = shape[0] if shape else None
    model_name = _model_name(name, bound, rows) or variant["name"]
    model = make_functional(interp, model_inputs, outputs, model_name, True, node)
    model.attrs["application"] = name
    return model


def _templates(app: dict, bound: dict) -> dict:
    out: dict = {}
    for layer, path, arg in app["templates"]:
        value = _known(bound.get(arg), arg)
        out.setdefault(layer, []).append((path, value))
    return out


def _resolve(value: Any, produced: dict) -> Any:
    if isinstance(value, list) and len(value) == 4 and value[0] == "@":
        out = produced.get(value[1])
        if out is None:
            raise NotRecorded(f"the table's graph refers to an unknown layer {value[1]!r}")
        if isinstance(out, list):
            return out[value[3]]
        return out
    if isinstance(value, list):
        return [_resolve(v, produced) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, produced) for k, v in value.items()}
    return value


def _operation(interp: Any, rec: dict, name: str, args: list, node: ast.AST) -> Any:
    from .operations import apply_operation
    from .tensor_ops import elementwise_shape
    if rec["c"] not in ("Add", "Multiply", "Subtract"):
        raise NotRecorded(f"operation {rec['c']} in the table is not modelled")
    return apply_operation(interp, rec["c"], list(args), node, lambda: elementwise_shape(*args),
                           "keras.applications", name=name)


def _config(rec: dict, spec: LayerSpec, templates: dict, name: str) -> dict:
    cfg = json.loads(json.dumps(rec.get("cfg", {})))
    for path, value in templates.get(name, []):
        target = cfg
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    accepted = set(spec.params.order) | set(spec.base_kwargs) | set(spec.extra_kwargs)
    return {k: _tuples(v) for k, v in cfg.items() if k in accepted and not (isinstance(v, dict) and "$object" in v)}


def _tuples(value: Any) -> Any:
    """JSON lists back to the tuples Keras configs hold (kernel sizes, paddings...)."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def _layer(interp: Any, rec: dict, name: str, templates: dict, pad_rules: dict, call_args: list,
           node: ast.AST) -> Any:
    from .layercall import create_layer
    spec = _spec(rec["c"])
    if spec is None:
        return create_layer(interp, None, rec["c"], [], {"name": name}, node,
                            f"layer class {rec['c']} is not in kerasaudit's catalog")
    cfg = _config(rec, spec, templates, name)
    if name in pad_rules and call_args and isinstance(call_args[0], Tensor):
        in_shape = call_args[0].shape
        if isinstance(in_shape, UnknownShape):
            cfg["padding"] = Unknown(in_shape.reason)
        else:
            cfg["padding"] = correct_pad(tuple(in_shape[1:3]), pad_rules[name])
    layer = create_layer(interp, spec, rec["c"], [], dict(cfg, name=name), node)
    layer.explicit_name = "n" in rec
    return layer


def _sequential(interp: Any, rec: dict, names: dict, templates: dict, node: ast.AST) -> Any:
    from .model_calls import make_sequential
    inner = []
    for sub in rec["layers"]:
        sub_name = sub["n"] if "n" in sub else names.get(sub.get("a", -1))
        inner.append(_layer(interp, sub, sub_name, templates, {}, [], node))
    return make_sequential(interp, inner, rec["n"] if "n" in rec else names.get(rec.get("a", -1)), True, node)


def recorded_counts(name: str, variant_key_text: str) -> dict | None:
    """What real Keras counted for a variant at its default input (for the table's own test)."""
    app = load_table()["apps"].get(name)
    if app is None:
        return None
    return app["variants"].get(variant_key_text, {}).get("keras")


__all__ = ["build_application", "load_table", "application_names", "correct_pad", "obtain_input_shape",
           "source_inputs", "InputShapeError"]
