"""The MACs of layer calls, layers and whole models: the per-class formulas applied to each
call, operations between layers (a matrix product costs its multiply-adds, element-wise
work 0), wrappers (Bidirectional, TimeDistributed) and nested models; unknown with the
reason wherever one part is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..analysis.models import unique_layers
from ..catalog.spec import Call, Unknowable
from .formulas import FORMULAS, _single, sample_dims


# Layers with no multiply-adds by the convention above (element-wise or data movement).
ZERO_FAMILIES = {"pooling", "reshaping", "merge", "normalization", "activations", "regularization",
                 "image_preprocessing", "preprocessing"}
ZERO_CLASSES = {"InputLayer", "Activation", "Dropout", "Embedding", "Masking", "Identity", "Flatten", "Reshape",
                "Permute", "RepeatVector", "ActivityRegularization", "Rescaling", "CenterCrop", "Resizing"}


@dataclass(frozen=True)
class Cost:
    """MACs of one layer call or a sum of them; ``macs`` is None when unknown, with ``reason``."""

    macs: int | None
    reason: str | None = None

    @property
    def flops(self) -> int | None:
        return None if self.macs is None else 2 * self.macs

    def __add__(self, other: "Cost") -> "Cost":
        if self.macs is None:
            return self
        if other.macs is None:
            return other
        return Cost(self.macs + other.macs)


ZERO = Cost(0)


def node_cost(layer: Any, node: Any) -> Cost:
    """The MACs of one call of ``layer`` (one sample)."""
    from ..analysis.models import ModelObj

    if isinstance(layer, ModelObj):
        return model_cost(layer)
    name = layer.class_name
    try:
        if node is not None and node.is_input:
            return ZERO
        if getattr(layer, "kind", "") == "operation":
            return _operation_cost(layer, node)
        formula = FORMULAS.get(name)
        if formula is not None:
            if layer.weights is None and name not in ("Attention",):
                raise Unknowable(layer.weights_reason() or f"{name} is never built")
            call = node.call if node is not None else None
            if call is None:
                raise Unknowable(f"{name}: the call's inputs are not known")
            return Cost(formula(layer, call, node.output_shapes()))
        wrapped = _wrapper_cost(layer, node)
        if wrapped is not None:
            return wrapped
        family = getattr(layer.spec, "family", "") if layer.spec is not None else ""
        if layer.spec is not None and (name in ZERO_CLASSES or family in ZERO_FAMILIES):
            return ZERO
        if layer.spec is None:
            return Cost(None, layer.unknown_class_reason or f"{name} is not known")
        return Cost(None, f"kerasaudit has no FLOPs model for {name}")
    except Unknowable as exc:
        return Cost(None, f"{layer.display_name}: {exc.reason}")
    except (ArithmeticError, TypeError, ValueError, AttributeError) as exc:
        return Cost(None, f"{layer.display_name}: cannot count its operations ({exc})")


_MATMUL_ORIGINS = ("operator @", "keras.ops.matmul", "keras.ops.dot", "tensorflow.matmul", "tensorflow.linalg.matmul",
                   "keras.backend.dot", "keras.backend.batch_dot")


def _operation_cost(op: Any, node: Any) -> Cost:
    """Operations between layers: a matrix product costs its multiply-adds (the output's
    size times the contracted size); element-wise, reshaping and reduction operations do
    no multiply-adds, so they count 0 like activation layers."""
    origin = getattr(op, "origin", "")
    if op.class_name in ("Matmul", "Dot") or origin in _MATMUL_ORIGINS:
        shapes = node.call.get("inputs") if node is not None and node.call is not None else None
        if not isinstance(shapes, list) or len(shapes) != 2:
            return Cost(None, f"{op.display_name}: the operands of the product are not known")
        first = shapes[0]
        if not isinstance(first, tuple) or len(first) < 2:
            return Cost(None, f"{op.display_name}: the first operand's shape is not known")
        contracted = first[-1]
        if isinstance(contracted, bool) or not isinstance(contracted, int):
            return Cost(None, f"{op.display_name}: the contracted size {contracted} is not a known number")
        out = 1
        for d in sample_dims(node.output_shapes(), "output"):
            out *= d
        return Cost(out * contracted)
    if op.class_name in ("Einsum", "Tensordot"):
        return Cost(None, f"kerasaudit has no FLOPs model for the {op.class_name} operation")
    return ZERO


def _wrapper_cost(layer: Any, node: Any) -> Cost | None:
    """Bidirectional runs both of its layers on the input; TimeDistributed runs its layer on
    every time step."""
    inner = list(getattr(layer, "inner_layers", None) or [])
    if node is None or node.call is None or layer.class_name not in ("Bidirectional", "TimeDistributed"):
        return None
    inputs = _single(node.call.get("inputs"))
    if layer.class_name == "Bidirectional" and len(inner) == 2:
        return sum((_detached_cost(sub, inputs) for sub in inner), ZERO)
    if layer.class_name == "TimeDistributed" and len(inner) == 1:
        dims = sample_dims(inputs)
        step = _detached_cost(inner[0], (None, *dims[1:]))
        return step if step.macs is None else Cost(step.macs * dims[0])
    return None


class _DetachedNode:
    """A stand-in for the call of a layer held by a wrapper (it has no node of its own)."""

    is_input = False

    def __init__(self, layer: Any, input_shape: Any) -> None:
        self.layer = layer
        self.call = Call(layer.class_name, {"inputs": input_shape})

    def output_shapes(self) -> Any:
        return self.layer.compute_output(self.call)


def _detached_cost(layer: Any, input_shape: Any) -> Cost:
    try:
        return node_cost(layer, _DetachedNode(layer, input_shape))
    except Unknowable as exc:
        return Cost(None, exc.reason)


def model_nodes(model: Any, layer: Any) -> list:
    """The calls of ``layer`` that belong to ``model``'s forward pass."""
    from ..analysis.models import FunctionalModel, SequentialModel

    if isinstance(model, FunctionalModel):
        return [n for n in layer.nodes if n in model.graph_nodes]
    if isinstance(model, SequentialModel):
        return layer.nodes[-1:]
    return list(layer.nodes)


def layer_cost(model: Any, layer: Any) -> Cost:
    from ..analysis.models import ModelObj

    nodes = model_nodes(model, layer)
    if isinstance(layer, ModelObj):
        inner = model_cost(layer)
        return inner if inner.macs is None else Cost(inner.macs * max(len(nodes), 1))
    if not nodes:
        return Cost(None, f"{layer.display_name} is never called")
    return sum((node_cost(layer, n) for n in nodes), ZERO)


def model_cost(model: Any) -> Cost:
    if getattr(model, "incomplete", None):
        return Cost(None, model.incomplete)
    return sum((layer_cost(model, layer) for layer in unique_layers(model)), ZERO)



