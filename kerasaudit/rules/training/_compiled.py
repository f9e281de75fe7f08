"""What a ``compile()`` says about the loss, and what the compiled model's last layer is.

Everything is read from the facts: the compile call's arguments as the interpreter
evaluated them, the model's output layer and output shape. Anything not known exactly
(a custom loss, an activation the file computes, a multi-output model) makes the
helpers return None, and the rules say nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from ...analysis.graph import LayerObj
from ...analysis.names import canonical
from ...analysis.values import LibraryObject, Ref
from ...catalog.spec import ArgumentError, Params
from ..view import cfg_value, output_layer, output_tensor, producer

if TYPE_CHECKING:
    from ...analysis.facts import MethodCall
    from ..base import RuleContext

_COMPILE = Params(optimizer="rmsprop", loss=None, loss_weights=None, metrics=None, weighted_metrics=None,
                  run_eagerly=False, steps_per_execution=1, jit_compile="auto", auto_scale_loss=True)

# Loss spellings -> one name. Probability losses expect probabilities unless from_logits=True.
_LOSS_NAMES = {
    "binary_crossentropy": "binary_crossentropy", "bce": "binary_crossentropy",
    "BinaryCrossentropy": "binary_crossentropy",
    "categorical_crossentropy": "categorical_crossentropy", "cce": "categorical_crossentropy",
    "CategoricalCrossentropy": "categorical_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
    "binary_focal_crossentropy": "binary_focal_crossentropy",
    "BinaryFocalCrossentropy": "binary_focal_crossentropy",
    "categorical_focal_crossentropy": "categorical_focal_crossentropy",
    "CategoricalFocalCrossentropy": "categorical_focal_crossentropy",
}
BINARY = ("binary_crossentropy", "binary_focal_crossentropy")
CATEGORICAL = ("categorical_crossentropy", "sparse_categorical_crossentropy", "categorical_focal_crossentropy")
# Layers that pass their input's activation through unchanged (for "what is the output activation").
_TRANSPARENT = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
                "GaussianDropout", "AlphaDropout", "Flatten", "Reshape", "Identity")
_ACTIVATION_LAYERS = {"Softmax": "softmax", "ReLU": "relu", "LeakyReLU": "leaky_relu", "ELU": "elu", "PReLU": "prelu"}
UNKNOWN = "?"


@dataclass
class Loss:
    name: str  # one of _LOSS_NAMES' values, or another known loss name ("mse")
    from_logits: bool | None  # None: not given (False by default)
    spelled: str  # as the user would recognise it


@dataclass
class Compiled:
    call: "MethodCall"
    model: Any
    loss: Loss | None
    last: LayerObj | None  # the layer whose activation is the model's output activation
    activation: str  # "softmax", "sigmoid", "linear", ... or UNKNOWN
    units: int | None  # the output's last dimension, when known


def loss_of(value: Any) -> Loss | None:
    if isinstance(value, str):
        name = _LOSS_NAMES.get(value, value)
        return Loss(name, None, repr(value))
    if isinstance(value, Ref):
        path = canonical(value.path)
        if not path.startswith("keras.losses."):
            return None
        last = path.rsplit(".", 1)[1]
        return Loss(_LOSS_NAMES.get(last, last), None, last)
    if isinstance(value, LibraryObject) and value.name.startswith("keras.losses."):
        last = value.name.rsplit(".", 1)[1]
        if last not in _LOSS_NAMES:
            return Loss(last, None, f"{last}()")
        logits = value.kwargs.get("from_logits", value.args[0] if value.args else None)
        if logits is not None and not isinstance(logits, bool):
            logits = UNKNOWN  # type: ignore[assignment]
        spelled = f"{last}(from_logits={logits})" if logits is not None else f"{last}()"
        return Loss(_LOSS_NAMES[last], logits, spelled)  # type: ignore[arg-type]
    return None


def activation_name(value: Any) -> str:
    """``"softmax"``, ``"linear"`` (None), ... or UNKNOWN."""
    if value is None:
        return "linear"
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, Ref):
        path = canonical(value.path)
        for prefix in ("keras.activations.", "tensorflow.nn.", "tensorflow.math.", "keras.ops."):
            if path.startswith(prefix):
                return path[len(prefix):].lower()
    return UNKNOWN


def output_activation(layer: LayerObj | None, depth: int = 0) -> tuple[LayerObj | None, str]:
    """The layer that decides the output activation and that activation."""
    if layer is None or depth > 20:
        return None, UNKNOWN
    cls = layer.class_name
    if cls in _ACTIVATION_LAYERS:
        return layer, _ACTIVATION_LAYERS[cls]
    if cls in _TRANSPARENT and len(layer.nodes) == 1 and len(layer.nodes[0].input_tensors) == 1:
        return output_activation(producer(layer.nodes[0].input_tensors[0]), depth + 1)
    if layer.cfg is None or "activation" not in layer.cfg.values:
        return layer, UNKNOWN
    return layer, activation_name(cfg_value(layer, "activation"))


def compiled_models(ctx: "RuleContext") -> Iterator[Compiled]:
    """Every ``compile()`` of a single-output model with a known loss spelling."""
    key = "compiled"
    if key not in ctx.cache:
        out = []
        for call in ctx.facts.method_calls:
            if call.method != "compile":
                continue
            try:
                bound, _ = _COMPILE.bind(call.args, call.kwargs)
            except ArgumentError:
                continue
            layer, activation = output_activation(output_layer(call.model))
            tensor = output_tensor(call.model)
            units = None
            if tensor is not None and isinstance(tensor.shape, tuple) and tensor.shape:
                last = tensor.shape[-1]
                units = last if isinstance(last, int) and not isinstance(last, bool) else None
            out.append(Compiled(call, call.model, loss_of(bound["loss"]), layer, activation, units))
        ctx.cache[key] = out
    yield from ctx.cache[key]
