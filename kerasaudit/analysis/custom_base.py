"""What Keras's own base classes do for a subclass: ``Layer.__init__``/``Model.__init__`` (name,
trainable, a catalog layer's arguments), ``add_weight``, the default ``build``/``call``/
``compute_output_shape``, reached as ``self.x`` or through ``super()``."""

from __future__ import annotations

import ast
from typing import Any

from ..catalog.spec import ArgumentError, Call, Config, Params, ShapeError, Unknowable, Weight
from .dims import UnknownDim
from .facts import ArgumentProblem
from .graph import Site
from .shapes import UnknownShape
from .values import Builtin, Tensor, Unknown

# Keras 3 ``Layer.add_weight``; Keras 2 put ``name`` first (told apart by a string first argument).
_ADD_WEIGHT = Params(shape=None, initializer=None, dtype=None, trainable=True, autocast=True, regularizer=None,
                     constraint=None, aggregation="none", overwrite_with_gradient=False, name=None)
_ADD_WEIGHT_K2 = Params(name=None, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                        constraint=None, partitioner=None, use_resource=None, synchronization=None,
                        aggregation=None)
_LAYER_INIT_KEYS = ("name", "trainable", "dtype", "autocast", "activity_regularizer", "input_shape", "input_dim",
                    "batch_input_shape", "batch_size", "weights", "input_length")


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def base_method(obj: Any, name: str) -> Builtin | None:
    """The Keras base class's method ``name`` bound to ``obj``, or None (then the generic layer
    and model attributes apply: fit, compile, summary, layers...)."""
    impl = _METHODS.get(name)
    if impl is None:
        return None
    return Builtin(f"{obj.class_name}.{name}", impl, obj)


# ---------------------------------------------------------------------- __init__
def base_init(interp: Any, obj: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    """``Layer.__init__`` / ``Model.__init__`` / a catalog layer's ``__init__`` run for ``obj``."""
    from .custom_objects import SubclassedModel
    if obj.base_initialized:
        return None
    obj.base_initialized = True
    kwargs = dict(kwargs)
    if isinstance(obj, SubclassedModel):
        return _model_init(interp, obj, args, kwargs, node)
    spec = obj.base_spec
    if spec is not None:
        try:
            args, kwargs = spec.translate_legacy(list(args), dict(kwargs))
            bound, unknown_kw = spec.params.bind(list(args), kwargs, extra_ok=spec.base_kwargs + spec.extra_kwargs)
            if unknown_kw:
                raise ArgumentError(f"unrecognized keyword arguments passed to {spec.name}: "
                                    f"{', '.join(sorted(unknown_kw))}")
            cfg = Config(spec.name, bound)
            spec.validate(cfg)
            obj.cfg = cfg
            obj.spec = spec
        except ArgumentError as exc:
            interp.ctx.facts.argument_problems.append(ArgumentProblem(obj.class_name, str(exc), Site.of(node)))
            obj.base_problem = f"Keras would reject the arguments of {spec.name}: {exc}"
    _name_and_flags(interp, obj, kwargs)
    return None


def _name_and_flags(interp: Any, obj: Any, kwargs: dict) -> None:
    from .layercall import _input_shape_arg
    name = kwargs.get("name")
    if isinstance(name, (str, Unknown)):
        obj.name = name
        obj.explicit_name = True
    else:
        obj.name = interp.ctx.names.auto(obj.cls.name)
    obj.trainable = kwargs.get("trainable", True)
    obj.input_shape_arg = _input_shape_arg(kwargs)


def _model_init(interp: Any, obj: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    """``Model.__init__``: with inputs and outputs the subclass is a functional model."""
    for old, new in (("input", "inputs"), ("output", "outputs")):
        if old in kwargs and new not in kwargs:
            kwargs[new] = kwargs.pop(old)
    inputs = args[0] if args else kwargs.pop("inputs", None)
    outputs = args[1] if len(args) > 1 else kwargs.pop("outputs", None)
    _name_and_flags(interp, obj, kwargs)
    if inputs is not None and outputs is not None:
        from .model_calls import _listify
        from .models import FunctionalModel
        inner = FunctionalModel(obj.name, obj.site, _listify(inputs), _listify(outputs), obj.explicit_name)
        obj.functional = inner
        obj.kind = "functional"
        obj.build_done = True
        obj.incomplete = inner.incomplete
        obj.error = inner.error
    obj.builder = interp.function_stack[-2].name if len(interp.function_stack) > 1 else None
    if all(m is not obj for m in interp.ctx.facts.models):
        interp.ctx.facts.models.append(obj)
    return None


def _init(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return base_init(interp, args[0], args[1:], kwargs, node)


# ---------------------------------------------------------------------- add_weight
def _add_weight(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    obj, rest = args[0], list(args[1:])
    params = _ADD_WEIGHT_K2 if rest and isinstance(rest[0], str) else _ADD_WEIGHT
    try:
        bound, _ = params.bind(rest, kwargs)
    except ArgumentError as exc:
        return Unknown(f"add_weight() would fail: {exc}", _line(node))
    shape = bound.get("shape")
    dims = _weight_shape(shape)
    trainable = bound.get("trainable")
    name = bound.get("name")
    # Keras names an unnamed variable from the same process-wide counters as layers.
    weight = Weight(name if isinstance(name, str) else interp.ctx.names.auto("variable"), dims,
                    True if trainable is None else bool(trainable) if isinstance(trainable, bool) else True)
    if not isinstance(trainable, (bool, type(None))):
        obj.trainable_unknown = "whether a weight is trainable is not known"
    obj.add_weight(weight)
    return Tensor(dims if isinstance(dims, tuple) else UnknownShape("the weight's shape is unknown"))


def _weight_shape(shape: Any) -> tuple:
    if shape is None:
        return ()  # a scalar weight
    if isinstance(shape, int) and not isinstance(shape, bool):
        return (shape,)
    if isinstance(shape, (tuple, list)):
        out = []
        for d in shape:
            if isinstance(d, int) and not isinstance(d, bool):
                out.append(d)
            elif isinstance(d, UnknownDim):
                out.append(d)
            elif d is None:
                out.append(UnknownDim("a weight dimension is None (the input's size along that axis)"))
            elif hasattr(d, "terms"):  # a symbolic size
                out.append(d)
            else:
                out.append(UnknownDim(f"a weight dimension is not known: {getattr(d, 'reason', d)}"))
        return tuple(out)
    return (UnknownDim(f"the weight's shape is not known: {getattr(shape, 'reason', shape)}"),)


def _noop(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return None


# ---------------------------------------------------------------------- build / call / output shape
def _build(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    """``Layer.build(input_shape)``: a catalog base creates its weights; the plain base only
    marks the layer built (it does not build sub-layers: Keras 3 warns about exactly that)."""
    obj = args[0]
    shape = args[1] if len(args) > 1 else kwargs.get("input_shape", next(iter(kwargs.values()), None))
    build_base_weights(obj, as_shape(shape))
    obj.build_done = True
    return None


def build_base_weights(obj: Any, shape: Any) -> None:
    """A catalog base class creates its weights once, from the input shape."""
    spec = getattr(obj, "base_spec", None) if getattr(obj, "cfg", None) is not None else None
    if spec is None or obj.base_weights_built:
        return
    obj.base_weights_built = True
    try:
        weights = spec.weights(obj.cfg, Call(obj.class_name, {"inputs": shape}))
    except (Unknowable, ShapeError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "message", "")
        weights = [Weight("weights", (UnknownDim(f"{spec.name} cannot be built: {reason}"),))]
    for w in weights:
        obj.add_weight(w)


def _call(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    """``Layer.call``: a catalog base computes its output; the plain base has none."""
    obj, rest = args[0], list(args[1:])
    spec = getattr(obj, "base_spec", None) if getattr(obj, "cfg", None) is not None else None
    if spec is None:
        return Unknown(f"`{obj.class_name}` has no call() the analysis can follow", _line(node))
    from .layercall import to_shapes
    try:
        bound, _ = spec.call_params.bind(rest, kwargs, extra_ok=("training", "mask"))
        shapes = spec.output_shape(obj.cfg, Call(obj.class_name, {k: to_shapes(v) for k, v in bound.items()}))
    except (Unknowable, ArgumentError) as exc:
        return Unknown(str(getattr(exc, "reason", exc)), _line(node))
    except ShapeError as exc:
        return Unknown(f"Keras would raise here: {exc.message}", _line(node))
    if isinstance(shapes, list):
        return [Tensor(s) for s in shapes]
    return Tensor(shapes)


def _compute_output_shape(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    obj = args[0]
    shape = args[1] if len(args) > 1 else next(iter(kwargs.values()), None)
    spec = getattr(obj, "base_spec", None) if getattr(obj, "cfg", None) is not None else None
    if spec is None:
        return Unknown(f"`{obj.class_name}` does not define compute_output_shape()", _line(node))
    try:
        out = spec.output_shape(obj.cfg, Call(obj.class_name, {"inputs": as_shape(shape)}))
    except (Unknowable, ShapeError) as exc:
        return Unknown(str(getattr(exc, "reason", getattr(exc, "message", exc))), _line(node))
    return out if isinstance(out, (tuple, list)) else Unknown("the output shape is not known", _line(node))


def as_shape(value: Any) -> Any:
    """A Python shape value (``(None, 28, 28)``, a list of them) as an analysis shape."""
    if isinstance(value, Unknown):
        return UnknownShape(value.reason)
    if isinstance(value, UnknownShape):
        return value
    if isinstance(value, list) and value and all(isinstance(v, (tuple, list, UnknownShape)) for v in value):
        return [as_shape(v) for v in value]
    if isinstance(value, (tuple, list)):
        dims = []
        for d in value:
            if d is None or isinstance(d, (int, UnknownDim)) or hasattr(d, "terms"):
                dims.append(d)
            else:
                dims.append(UnknownDim(f"a dimension is not known: {getattr(d, 'reason', d)}"))
        return tuple(dims)
    return UnknownShape("not a shape")


def _get_config(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    obj = args[0]
    return {"name": obj.name, "trainable": obj.trainable}


_METHODS = {
    "__init__": _init,
    "add_weight": _add_weight,
    "add_variable": _add_weight,
    "add_loss": _noop,
    "add_metric": _noop,
    "add_update": _noop,
    "build": _build,
    "call": _call,
    "compute_output_shape": _compute_output_shape,
    "get_config": _get_config,
}
