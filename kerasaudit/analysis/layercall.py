"""Creating layer objects from the catalog and applying them to tensors."""

from __future__ import annotations

import ast
from contextvars import ContextVar
from typing import Any

from ..catalog.spec import (ArgumentError, Call, Config, LayerSpec, Params, ShapeError,
                            Unknowable)
from . import masks
from .facts import ArgumentProblem
from .graph import LayerObj, Node, Site, flatten_tensors, iter_structure
from .shapes import UnknownShape
from .values import Tensor, Unknown, contains

_MODEL_CALL = Params("inputs", training=None, mask=None)
# Call keywords every layer accepts besides its call signature.
_CALL_EXTRAS = ("training", "mask")
# The interpreter and call site of the layer being built: a wrapper's spec that builds the layer
# it wraps may have to build a model (TimeDistributed over an unbuilt Sequential), which creates
# graph objects and takes automatic names, as Keras's ``Sequential.build`` does.
_BUILDING: ContextVar[tuple[Any, ast.AST] | None] = ContextVar("kerasaudit_building", default=None)


def current_build() -> tuple[Any, ast.AST] | None:
    """(interpreter, call site) while a layer is being built and applied, else None."""
    return _BUILDING.get()


def create_layer(interp: Any, spec: LayerSpec | None, class_name: str, args: list, kwargs: dict,
                 node: ast.AST, unknown_reason: str | None = None) -> LayerObj:
    """A layer object, as ``keras.layers.<class_name>(*args, **kwargs)`` makes it."""
    ctx = interp.ctx
    site = Site.of(node)
    name_arg = kwargs.get("name")
    cfg = None
    inner: list = []
    unknown_kw: dict = {}
    if spec is not None:
        try:
            args, kwargs = spec.translate_legacy(list(args), dict(kwargs))
            name_arg = kwargs.get("name")
            bound, unknown_kw = spec.params.bind(args, kwargs, extra_ok=spec.base_kwargs + spec.extra_kwargs)
            if unknown_kw:
                raise ArgumentError(f"unrecognized keyword arguments passed to {class_name}: "
                                    f"{', '.join(sorted(unknown_kw))}")
            _default_data_format(ctx, spec, bound)
            cfg = Config(class_name, bound)
            spec.validate(cfg)
            try:
                inner = list(spec.sublayers(cfg))
            except Unknowable:
                inner = []  # the spec meets the same unknown when it builds, and says why there
        except ArgumentError as exc:
            ctx.facts.argument_problems.append(ArgumentProblem(class_name, str(exc), site, tuple(sorted(unknown_kw))))
            unknown_reason = f"Keras would reject the arguments of {class_name}: {exc}"
            cfg = None
    if name_arg is None and cfg is not None:
        name_arg = cfg.values.get("name")  # some signatures take name positionally (pooling layers)
    explicit = isinstance(name_arg, str) or isinstance(name_arg, Unknown)
    if isinstance(name_arg, str):
        name: Any = name_arg
    elif isinstance(name_arg, Unknown):
        name = name_arg
    else:
        prefix = spec.snake_name() if spec is not None else class_name
        name = ctx.names.auto(prefix)
    if cfg is not None and spec is not None:
        try:
            for internal in spec.internal_layers(cfg):
                ctx.names.auto(spec_prefix(internal))
        except Unknowable as exc:
            ctx.note(site.line, site.col, f"automatic layer names after this {class_name} may differ from "
                     f"Keras's: which layers it creates internally is unknown ({exc.reason})")
    # Keras reports the class, not the spelling: ``MaxPool2D`` is a MaxPooling2D.
    reported = spec.class_name if spec is not None else class_name
    layer = LayerObj(spec if cfg is not None else None, reported, cfg, name, site, explicit_name=explicit)
    layer.attrs["written_class"] = class_name
    layer.inner_layers = inner
    if cfg is None:
        layer.unknown_class_reason = unknown_reason or f"layer class {class_name} is not known to kerasaudit"
    trainable = kwargs.get("trainable", True)
    layer.trainable = trainable
    # A layer's own argument of the same name (Embedding's input_dim) is not the input shape.
    own = spec.params.order if spec is not None else ()
    layer.input_shape_arg = _input_shape_arg({k: v for k, v in kwargs.items() if k not in own})
    ctx.facts.layers.append(layer)
    return layer


def spec_prefix(class_name: str) -> str:
    from ..catalog import lookup
    spec = lookup(class_name)
    return spec.snake_name() if spec is not None else class_name


def _default_data_format(ctx: Any, spec: LayerSpec, bound: dict) -> None:
    """``data_format=None`` means ``keras.config.image_data_format()`` at construction time,
    which the analysed file may have set (``set_image_data_format("channels_first")``)."""
    if "data_format" in spec.params.order and bound.get("data_format") is None:
        current = ctx.__dict__.get("image_data_format")
        if current is not None and current != "channels_last":
            bound["data_format"] = current


def _input_shape_arg(kwargs: dict) -> Any:
    """``input_shape=`` / ``input_dim=`` / ``batch_input_shape=`` on a layer, as a batch shape."""
    if kwargs.get("batch_input_shape") is not None:
        value = kwargs["batch_input_shape"]
        return value if isinstance(value, Unknown) else ("batch", value)
    if kwargs.get("input_dim") is not None:
        dim = kwargs["input_dim"]
        return dim if isinstance(dim, Unknown) else ("shape", (dim,), kwargs.get("batch_size"))
    if kwargs.get("input_shape") is not None:
        value = kwargs["input_shape"]
        return value if isinstance(value, Unknown) else ("shape", value, kwargs.get("batch_size"))
    return None


def to_shapes(value: Any) -> Any:
    """Replace tensors by their shapes in a call-argument structure."""
    if isinstance(value, Tensor):
        return value.shape
    if isinstance(value, list):
        return [to_shapes(v) for v in value]
    if isinstance(value, tuple):
        return [to_shapes(v) for v in value]
    if isinstance(value, dict):
        return {k: to_shapes(v) for k, v in value.items()}
    if isinstance(value, Unknown):
        return UnknownShape(value.reason)
    return value


def call_layer_object(interp: Any, layer: LayerObj, args: list, kwargs: dict, node: ast.AST) -> Any:
    """``layer(x)``: one new node; builds the layer on its first call."""
    custom = getattr(layer, "custom_call", None)
    if custom is not None:  # a subclassed layer or model: its own call() decides
        return custom(interp, args, kwargs, node)
    if hasattr(layer, "summary_layers"):
        from .model_calls import call_model
        return call_model(interp, layer, args, kwargs, node)
    call_params = layer.spec.call_params if layer.spec is not None else Params("inputs")
    try:
        bound, extra = call_params.bind(args, kwargs, extra_ok=_CALL_EXTRAS)
    except ArgumentError as exc:
        return unknown_operation(interp, args, kwargs, node, f"call of {layer.class_name} would fail: {exc}")
    from .data_flow import eager_layer_call, is_eager_call
    if is_eager_call(bound.get("inputs")):
        return eager_layer_call(interp, layer, bound, node)  # on concrete data: no node, an array back
    compute = None
    if getattr(layer.spec, "follows_function", False):
        # A Lambda: Keras traces its function on the inputs; so does the analysis.
        from .lambda_follow import lambda_compute
        compute = lambda_compute(interp, layer, bound, node)
    return masks.call_with_masks(interp, layer, args, kwargs, bound, node,
                                 lambda extra: apply_layer(interp, layer, bound, node, compute, extra_inputs=extra))


def apply_layer(interp: Any, layer: LayerObj, bound: dict, node: ast.AST,
                compute: Any = None, extra_inputs: list | None = None) -> Any:
    """Apply ``layer`` to the bound call arguments; ``compute`` overrides the shape function.
    ``extra_inputs``: tensors Keras records as inputs besides the arguments (a mask)."""
    site = Site.of(node)
    tensor_args = {k: v for k, v in bound.items() if k not in _CALL_EXTRAS or contains(v, Tensor)}
    input_tensors = flatten_tensors(list(tensor_args.values())) + list(extra_inputs or [])
    primary = _primary_argument(layer, bound)
    new = Node(layer, bound.get(primary), input_tensors, site)
    new.call_args = bound
    for key, value in bound.items():
        if key in _CALL_EXTRAS:
            continue
        for leaf in iter_structure(value):
            if isinstance(leaf, Unknown):
                new.unknown_input = leaf.reason
            elif key == primary and not isinstance(leaf, Tensor) and leaf is not None:
                new.unknown_input = new.unknown_input or f"input is not a tensor ({type(leaf).__name__})"
    shapes = {k: to_shapes(v) for k, v in bound.items()}
    call = Call(layer.class_name, shapes)
    new.call = call
    out_shapes: Any
    token = _BUILDING.set((interp, node))
    try:
        if not layer.built:
            layer.build(call)
            _take_built_names(interp.ctx, layer.spec, layer.cfg)
        out_shapes = compute(call) if compute is not None else layer.compute_output(call)
    except Unknowable as exc:
        out_shapes = UnknownShape(exc.reason)
    except ShapeError as exc:
        new.error = exc.message
        new.error_kind = exc.kind
        out_shapes = UnknownShape(f"Keras would raise here: {exc.message}")
    except ArgumentError as exc:
        # A constructor argument a spec can only check against the input (Keras raises too).
        new.error = str(exc)
        out_shapes = UnknownShape(f"Keras would reject the arguments of {layer.class_name}: {exc}")
    except (ArithmeticError, ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
        out_shapes = UnknownShape(f"{layer.class_name}: shape computation failed ({type(exc).__name__}: {exc})")
    finally:
        _BUILDING.reset(token)
    new.outputs = make_outputs(out_shapes, new)
    layer.nodes.append(new)
    interp.ctx.facts.calls.append(new)
    return new.outputs


def _take_built_names(ctx: Any, spec: LayerSpec | None, cfg: Config | None) -> None:
    """Layers Keras creates with automatic names when a layer is built use up the same
    counters (MultiHeadAttention's Softmax and Dropout make the next user Dropout ``dropout_1``)."""
    if spec is None or cfg is None:
        return
    try:
        classes = spec.built_layers(cfg)
    except Unknowable:
        return
    for class_name in classes:
        ctx.names.auto(spec_prefix(class_name))


def _primary_argument(layer: LayerObj, bound: dict) -> str:
    """The call argument Keras records as the node's input: ``inputs``, or the first one
    (``query`` for MultiHeadAttention)."""
    if "inputs" in bound or layer.spec is None or not layer.spec.call_params.order:
        return "inputs"
    return layer.spec.call_params.order[0]


def make_outputs(shapes: Any, node: Node) -> Any:
    """Tensors for a layer's output structure. Nested lists stay nested (an RNN over stacked
    LSTM cells returns ``[output, [h1, c1], h2]``); tensor indices count the flattened leaves."""
    counter = iter(range(1 << 30))

    def build(value: Any) -> Any:
        if isinstance(value, list):
            return [build(v) for v in value]
        return Tensor(value, node, next(counter))

    return build(shapes)


def unknown_operation(interp: Any, args: list, kwargs: dict, node: ast.AST, reason: str) -> Tensor:
    """A tensor produced by something the analysis cannot follow, still connected to its
    input tensors so the graph walk finds the layers before it."""
    op = LayerObj(None, "?", None, "?", Site.of(node))
    op.unknown_class_reason = reason
    op.weights_unknown = f"unknown operation: {reason}"
    inputs = [a for a in list(args) + list(kwargs.values()) if contains(a, Tensor)]
    new = Node(op, inputs, flatten_tensors(inputs), Site.of(node))
    new.outputs = Tensor(UnknownShape(reason), new, 0)
    new.outputs.mask = masks.MaybeMask(reason)  # it may be a layer that attaches a mask
    op.nodes.append(new)
    op.attrs["unknown_operation"] = True
    return new.outputs


def make_input(interp: Any, cfg_args: dict, node: ast.AST, layer_name: Any = None) -> Tensor:
    """``keras.Input(...)``: an InputLayer and the tensor it outputs."""
    from ..catalog import lookup
    spec = lookup("InputLayer")
    layer = create_layer(interp, spec, "InputLayer", [], cfg_args, node)
    site = Site.of(node)
    new = Node(layer, None, [], site, is_input=True)
    try:
        if layer.cfg is None:
            raise Unknowable(layer.unknown_class_reason or "invalid Input arguments")
        shape: Any = spec.batch_shape(layer.cfg, interp.ctx.symbol)  # type: ignore[union-attr]
    except Unknowable as exc:
        shape = UnknownShape(exc.reason)
    except (ShapeError, ArgumentError) as exc:
        message = getattr(exc, "message", str(exc))
        new.error = message
        shape = UnknownShape(f"Keras would raise here: {message}")
    layer.weights = []
    tensor = Tensor(shape, new, 0)
    new.outputs = tensor
    layer.nodes.append(new)
    interp.ctx.facts.calls.append(new)
    return tensor
