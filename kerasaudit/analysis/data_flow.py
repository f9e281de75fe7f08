"""Data passed to ``fit``/``evaluate``/``predict`` (shapes of arrays the file builds).

Every such call is recorded as a :class:`~.facts.DataUse` for the data-vs-model rules. As in
Keras, data also *builds* a model that has no input shape yet: a Sequential without an
``Input``/``input_shape`` gets its input from the first batch, a subclassed model runs its
``call`` on it. The batch size Keras builds with is the first batch's (backend-dependent),
so that axis stays unknown; every other axis comes from the data.
"""

from __future__ import annotations

import ast
from typing import Any

from ..catalog.spec import ArgumentError, Params
from .arrays import Array
from .dims import Sym, UnknownDim
from .facts import DataUse
from .graph import LayerObj, Site
from .values import LibraryObject, Tensor, Unknown

_SIGNATURES = {
    "fit": Params(x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None, validation_split=0.0,
                  validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
                  steps_per_epoch=None, validation_steps=None, validation_batch_size=None, validation_freq=1),
    "evaluate": Params(x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                       callbacks=None, return_dict=False),
    "predict": Params("x", batch_size=None, verbose="auto", steps=None, callbacks=None),
    "train_on_batch": Params("x", y=None, sample_weight=None, class_weight=None, return_dict=False),
    "test_on_batch": Params("x", y=None, sample_weight=None, return_dict=False),
    "predict_on_batch": Params("x"),
    "__call__": Params("x", training=None, mask=None),
}
# Keras 1/2 spellings still seen in scripts (nb_epoch, workers...) are accepted and ignored.
_BUILD_BATCH = "the size of the first batch of data, which Keras builds the model with"


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def as_data(interp: Any, value: Any) -> Any:
    """Plain nested lists of numbers become arrays, as Keras converts them."""
    if isinstance(value, (list, tuple)) and value and not interp.tainted(value):
        from .library.numpy_arrays import _literal_shape
        if not any(isinstance(v, (Array, Tensor)) for v in value):
            found = _literal_shape(value)
            if found is not None and len(found[0]) >= 1:
                return Array(found[0], found[1], "a Python list")
    return value


def on_data_method(interp: Any, model: LayerObj, name: str, args: list, kwargs: dict, node: ast.AST) -> Any:
    params = _SIGNATURES.get(name)
    if params is None:
        return Unknown(f"the result of `{name}()` is only known at run time", _line(node))
    try:
        bound, _extra = params.bind(list(args), dict(kwargs))
    except ArgumentError as exc:
        return Unknown(f"`{name}()` would fail: {exc}", _line(node))
    x = as_data(interp, bound.get("x"))
    y = as_data(interp, bound.get("y"))
    use = DataUse(model=model, method=name, x=x, y=y, sample_weight=bound.get("sample_weight"),
                  validation_data=bound.get("validation_data"), validation_split=bound.get("validation_split"),
                  batch_size=bound.get("batch_size"), site=Site.of(node))
    interp.ctx.facts.data_uses.append(use)
    build_from_data(interp, model, x, node, name)
    if name == "fit":
        return LibraryObject("keras.callbacks.History", (), {}, _line(node))
    if name in ("predict", "predict_on_batch", "__call__"):
        return predicted(model, x, node)
    return Unknown(f"the result of `{name}()` is only known at run time", _line(node))


def build_from_data(interp: Any, model: LayerObj, x: Any, node: ast.AST, how: str) -> None:
    """Keras builds an unbuilt model on the first batch of data it is given."""
    from .models import SequentialModel
    if isinstance(model, SequentialModel):
        if model.output is not None or model.input_layer is not None or not model.layers:
            return
        if not isinstance(x, Array) or not x.shape:
            return
        from .model_calls import build_sequential
        build_sequential(interp, model, (UnknownDim(_BUILD_BATCH), *x.shape[1:]), node, how)
        return
    if getattr(model, "kind", None) == "subclassed":
        from .classes import build_subclassed_from_data
        build_subclassed_from_data(interp, model, x, node, how)


def predicted(model: LayerObj, x: Any, node: ast.AST) -> Any:
    """The array ``predict`` returns: the data's rows times the model's output shape."""
    rows: Any = x.shape[0] if isinstance(x, Array) and x.shape else None
    if isinstance(x, (list, tuple, dict)):
        first = next(iter(x.values() if isinstance(x, dict) else x), None)
        rows = first.shape[0] if isinstance(first, Array) and first.shape else None
    if rows is None:
        return Unknown("the predictions' shape is not known: the input data's shape is not known", _line(node))
    outputs = _model_outputs(model)
    if outputs is None:
        return Unknown("the predictions' shape is not known: the model's output shape is not known", _line(node))
    arrays = [_prediction(rows, t, model) for t in outputs]
    if any(isinstance(a, Unknown) for a in arrays):
        return next(a for a in arrays if isinstance(a, Unknown))
    return arrays[0] if len(arrays) == 1 and not isinstance(_raw_outputs(model), (list, dict)) else arrays


def _prediction(rows: Any, tensor: Any, model: LayerObj) -> Any:
    shape = tensor.shape if isinstance(tensor, Tensor) else None
    if not isinstance(shape, tuple) or not shape:
        return Unknown("the model's output shape is not known")
    dims = []
    for d in shape[1:]:
        if isinstance(d, int) and not isinstance(d, bool):
            dims.append(d)
        else:
            return Unknown("the model's output shape is not fully known")
    return Array((rows, *dims), "float32", f"{model.display_name}.predict")


def _raw_outputs(model: LayerObj) -> Any:
    from .models import FunctionalModel, SequentialModel
    if isinstance(model, FunctionalModel):
        return model.outputs
    if isinstance(model, SequentialModel):
        return model.output
    return getattr(model, "output_value", None)


def _model_outputs(model: LayerObj) -> list | None:
    from .graph import flatten_tensors
    raw = _raw_outputs(model)
    if raw is None:
        return None
    flat = flatten_tensors(raw)
    return flat or None


def _leaves(value: Any) -> list:
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in _leaves(v)]
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    return [value]


def is_eager_call(inputs: Any) -> bool:
    """A layer applied to concrete data (arrays), not to symbolic tensors."""
    leaves = _leaves(inputs)
    return any(isinstance(v, Array) for v in leaves) and not any(isinstance(v, Tensor) for v in leaves)


def eager_layer_call(interp: Any, layer: LayerObj, bound: dict, node: ast.AST) -> Any:
    """``layer(array)``: Keras builds the layer on the array's shape and computes at once (no graph node)."""
    from ..catalog.spec import Call, ShapeError, Unknowable

    def shapes(value: Any) -> Any:
        if isinstance(value, Array):
            return tuple(value.shape)
        if isinstance(value, (list, tuple)):
            return [shapes(v) for v in value]
        return value

    call = Call(layer.class_name, {k: shapes(v) for k, v in bound.items()})
    try:
        if not layer.built:
            layer.build(call)
        out = layer.compute_output(call)
    except (Unknowable, ShapeError) as exc:
        return Unknown(getattr(exc, "reason", None) or getattr(exc, "message", "the call would fail"),
                       _line(node))

    def arrays(shape: Any) -> Any:
        if isinstance(shape, list):
            return [arrays(s) for s in shape]
        if isinstance(shape, tuple):
            # an exact symbolic size stays (ops.arange(ops.shape(x)[1]) in a traced call())
            dims = tuple(d if (isinstance(d, int) and not isinstance(d, bool)) or isinstance(d, Sym)
                         else UnknownDim(getattr(d, "reason", "a size of the result is not known"))
                         for d in shape)
            return Array(dims, "float32", f"{layer.display_name}()")
        return Unknown(getattr(shape, "reason", "the output shape is not known"), _line(node))
    return arrays(out)


def eager_model_call(interp: Any, model: LayerObj, inputs: Any, node: ast.AST) -> Any:
    """``model(array)`` on a Sequential or functional model: built on the data if it has no input
    shape yet (the batch is the array's rows here), and the predictions' arrays come back."""
    from .models import SequentialModel
    leaves = [v for v in _leaves(inputs) if isinstance(v, Array)]
    if isinstance(model, SequentialModel) and model.output is None and model.input_layer is None:
        if len(leaves) == 1 and leaves[0].shape:
            from .model_calls import build_sequential
            build_sequential(interp, model, tuple(leaves[0].shape), node, "call")
    if not leaves or not leaves[0].shape:
        return Unknown("calling the model on data whose shape is not known", _line(node))
    return predicted(model, inputs if not isinstance(inputs, Array) else inputs, node)
