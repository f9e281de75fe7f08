"""What a forward pass costs, per sample: multiply-adds (MACs), FLOPs, activation memory,
and parameter memory by dtype — all derived from each layer's weights and the shapes the
analysis found, never from a second description of the layer.

Conventions (documented in the README):

- **MACs** count the multiply-accumulates of the matrix products and convolutions that do
  a model's arithmetic: Dense, the convolutions (plain, transposed, depthwise, separable),
  recurrent layers (every time step, input and recurrent kernels) and attention (the
  projections and the two products of scaled dot-product attention). **FLOPs = 2 × MACs**
  (one multiply-add is two floating-point operations). Element-wise work — bias adds,
  activations, normalisation, pooling, merges, reshapes — counts 0: it is small beside the
  products and every tool counts it differently.
- Costs are **per sample** (batch size 1). A layer called twice in a model costs twice.
- A layer whose arithmetic kerasaudit cannot see (a class without a cost model, ``Lambda``,
  an operation the analysis could not follow, a size that depends on an unknown input
  dimension) makes the cost unknown, with the reason — never a guess.
- **Activation memory** is the size of every tensor the forward pass produces for one
  sample, the model's inputs included, at the layers' compute dtype (float32 unless the
  layer or a global ``keras.mixed_precision`` policy says otherwise).
- **Parameter memory** is each weight's element count times the size of the layer's
  variable dtype (float32 by default; mixed policies keep float32 variables).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from .analysis.values import Unknown
from .catalog.spec import Call, Unknowable

DTYPE_BYTES = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8, "half": 2, "float": 4, "double": 8,
               "int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "int32": 4, "uint32": 4, "int64": 8,
               "uint64": 8, "bool": 1, "float8_e4m3fn": 1, "float8_e5m2": 1}
# A mixed policy computes in the first dtype and stores variables in the second.
POLICIES = {"mixed_float16": ("float16", "float32"), "mixed_bfloat16": ("bfloat16", "float32")}

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


# -- shapes ---------------------------------------------------------------------
def sample_dims(shape: Any, what: str = "input") -> tuple[int, ...]:
    """The dimensions after the batch axis, which must all be known integers."""
    if not isinstance(shape, tuple):
        reason = getattr(shape, "reason", None)
        raise Unknowable(reason or f"the {what} shape is not known")
    out = []
    for d in shape[1:]:
        if isinstance(d, bool) or not isinstance(d, int):
            reason = getattr(d, "reason", None)
            raise Unknowable(reason or f"the {what} size {d} is not a known number")
        out.append(d)
    return tuple(out)


def prod(values: Iterable[int]) -> int:
    return math.prod(values)


def weight_shape(layer: Any, name: str, index: int) -> tuple[int, ...]:
    weights = layer.weights or []
    w = next((w for w in weights if w.name == name), None)
    if w is None and index < len(weights):
        w = weights[index]
    if w is None:
        raise Unknowable(f"{layer.class_name} has no weight `{name}`")
    shape = tuple(w.shape)
    if not all(isinstance(d, int) and not isinstance(d, bool) for d in shape):
        raise Unknowable(w.unknown_reason() or f"weight `{name}` has an unknown shape")
    return shape


def _single(value: Any) -> Any:
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def _spatial(layer: Any, dims: tuple[int, ...]) -> tuple[int, ...]:
    """The spatial dimensions of a (sample) conv shape, whatever the data format."""
    return dims[1:] if layer.cfg is not None and layer.cfg.channels_first() else dims[:-1]


# -- per class ------------------------------------------------------------------
Formula = Callable[[Any, Call, Any], int]


def _dense(layer: Any, call: Call, out: Any) -> int:
    dims = sample_dims(_single(call.get("inputs")))
    return prod(dims[:-1]) * prod(weight_shape(layer, "kernel", 0))


def _conv(layer: Any, call: Call, out: Any) -> int:
    """Each output position of each filter: kernel volume × input channels (per group)."""
    return prod(_spatial(layer, sample_dims(out, "output"))) * prod(weight_shape(layer, "kernel", 0))


def _conv_transpose(layer: Any, call: Call, out: Any) -> int:
    """Each input position scatters through the whole kernel."""
    dims = sample_dims(_single(call.get("inputs")))
    return prod(_spatial(layer, dims)) * prod(weight_shape(layer, "kernel", 0))


def _separable(layer: Any, call: Call, out: Any) -> int:
    positions = prod(_spatial(layer, sample_dims(out, "output")))
    return positions * (prod(weight_shape(layer, "depthwise_kernel", 0))
                        + prod(weight_shape(layer, "pointwise_kernel", 1)))


def _recurrent(layer: Any, call: Call, out: Any) -> int:
    """Every time step multiplies the input by ``kernel`` and the state by ``recurrent_kernel``."""
    dims = sample_dims(_single(call.get("inputs")))
    steps = dims[0]
    return steps * (prod(weight_shape(layer, "kernel", 0)) + prod(weight_shape(layer, "recurrent_kernel", 1)))


def _dot_attention(layer: Any, call: Call, out: Any) -> int:
    """``Attention``: scores = Q·Kᵀ (Tq·Tv·d), then scores·V (Tq·Tv·dv)."""
    inputs = call.get("inputs")
    if not isinstance(inputs, list) or len(inputs) < 2:
        raise Unknowable("Attention expects [query, value(, key)]")
    q = sample_dims(inputs[0], "query")
    v = sample_dims(inputs[1], "value")
    return q[0] * v[0] * q[-1] + q[0] * v[0] * v[-1]


def _multi_head_attention(layer: Any, call: Call, out: Any) -> int:
    """The projections (each kernel ``(features, heads, size)`` applied at every position of
    its input: query, key, the optional gate, value), the two attention products per head,
    and the output projection ``(heads, value_dim, *output)`` at every query position."""
    cfg = layer.cfg
    if cfg.get("attention_axes") is not None:
        raise Unknowable("MultiHeadAttention with attention_axes: no FLOPs model")
    heads = cfg.int("num_heads")
    key_dim = cfg.int("key_dim")
    value_dim = key_dim if cfg.get("value_dim") is None else cfg.int("value_dim")
    query = sample_dims(call.get("query"), "query")
    value = sample_dims(call.get("value"), "value")
    key = value if call.get("key") is None else sample_dims(call.get("key"), "key")
    tq, tk, tv = prod(query[:-1]), prod(key[:-1]), prod(value[:-1])
    kernels = [tuple(w.shape) for w in layer.weights or [] if w.name == "kernel"]
    gate = cfg.get("use_gate") is True
    if len(kernels) != (5 if gate else 4):
        raise Unknowable("MultiHeadAttention's projection kernels are not as expected")
    for shape in kernels:
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in shape):
            raise Unknowable("a projection kernel has an unknown size")
    q_kernel, k_kernel, *rest = kernels
    positions = [tq, tk] + ([tq] if gate else []) + [tv, tq]
    projections = sum(p * prod(k) for p, k in zip(positions, [q_kernel, k_kernel, *rest]))
    return projections + heads * tq * tk * (key_dim + value_dim)


FORMULAS: dict[str, Formula] = {
    "Dense": _dense,
    **{f"Conv{n}D": _conv for n in (1, 2, 3)},
    **{f"Convolution{n}D": _conv for n in (1, 2, 3)},
    **{f"Conv{n}DTranspose": _conv_transpose for n in (1, 2, 3)},
    **{f"DepthwiseConv{n}D": _conv for n in (1, 2)},
    **{f"SeparableConv{n}D": _separable for n in (1, 2)},
    **{name: _recurrent for name in ("SimpleRNN", "LSTM", "GRU", "CuDNNLSTM", "CuDNNGRU")},
    "Attention": _dot_attention,
    "MultiHeadAttention": _multi_head_attention,
}


def node_cost(layer: Any, node: Any) -> Cost:
    """The MACs of one call of ``layer`` (one sample)."""
    from .analysis.models import ModelObj

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


# -- models -----------------------------------------------------------------------
def model_nodes(model: Any, layer: Any) -> list:
    """The calls of ``layer`` that belong to ``model``'s forward pass."""
    from .analysis.models import FunctionalModel, SequentialModel

    if isinstance(model, FunctionalModel):
        return [n for n in layer.nodes if n in model.graph_nodes]
    if isinstance(model, SequentialModel):
        return layer.nodes[-1:]
    return list(layer.nodes)


def layer_cost(model: Any, layer: Any) -> Cost:
    from .analysis.models import ModelObj

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
    return sum((layer_cost(model, layer) for layer in _unique(model.summary_layers())), ZERO)


def _unique(layers: list) -> list:
    seen: set[int] = set()
    out = []
    for layer in layers:
        if id(layer) not in seen:
            seen.add(id(layer))
            out.append(layer)
    return out


# -- memory -------------------------------------------------------------------------
def dtypes(layer: Any, global_policy: Any = None) -> tuple[str, str]:
    """(compute dtype, variable dtype) of a layer; raises Unknowable when not known."""
    value = layer.cfg.get("dtype") if layer.cfg is not None else None
    if value is None:
        value = global_policy if global_policy is not None else "float32"
    if isinstance(value, Unknown):
        raise Unknowable(f"the dtype of {layer.display_name} is unknown: {value.reason}")
    if not isinstance(value, str):
        raise Unknowable(f"the dtype of {layer.display_name} is not a known string")
    value = value.rsplit(".", 1)[-1].lower()
    if value in POLICIES:
        return POLICIES[value]
    if value not in DTYPE_BYTES:
        raise Unknowable(f"dtype {value!r} is not known to kerasaudit")
    return value, value


def activation_bytes(model: Any, global_policy: Any = None) -> tuple[int | None, str | None]:
    """Bytes of every tensor one forward pass produces (inputs included), or (None, why)."""
    from .analysis.graph import flatten_tensors

    if getattr(model, "incomplete", None):
        return None, model.incomplete
    seen: set[int] = set()
    total = 0
    try:
        for layer in _unique(model.summary_layers()):
            compute, _ = dtypes(layer, global_policy)
            for node in model_nodes(model, layer):
                tensors = flatten_tensors(node.outputs)
                tensors += [t for t in node.input_tensors if t.node is None or t.node.is_input]
                for t in tensors:
                    if id(t) in seen:
                        continue
                    seen.add(id(t))
                    total += prod(sample_dims(t.shape, "tensor")) * DTYPE_BYTES[_dtype_of(t, compute)]
    except Unknowable as exc:
        return None, exc.reason
    return total, None


def _dtype_of(tensor: Any, compute: str) -> str:
    """A tensor's own dtype where the analysis knows it (masks are bool), else the layer's."""
    return tensor.dtype if tensor.dtype in DTYPE_BYTES else compute


def layer_activation_bytes(model: Any, layer: Any, global_policy: Any = None) -> int | None:
    """Bytes of the layer's outputs in this model, one sample; None when unknown."""
    from .analysis.graph import flatten_tensors

    try:
        compute, _ = dtypes(layer, global_policy)
        return sum(prod(sample_dims(t.shape, "tensor")) * DTYPE_BYTES[_dtype_of(t, compute)]
                   for n in model_nodes(model, layer) for t in flatten_tensors(n.outputs))
    except Unknowable:
        return None


def param_bytes(model: Any, global_policy: Any = None) -> tuple[dict[str, int] | None, str | None]:
    """Parameter memory by variable dtype, e.g. ``{"float32": 4799528}``, or (None, why)."""
    from .analysis.graph import dedupe

    reason = model.weights_reason()
    if reason:
        return None, reason
    out: dict[str, int] = {}
    seen: set[int] = set()
    try:
        for layer in _all_layers(model):
            _, variable = dtypes(layer, global_policy)
            for w in dedupe(list(layer.weights or [])):
                if id(w) in seen:
                    continue
                seen.add(id(w))
                count = w.count()
                if count is None:
                    raise Unknowable(w.unknown_reason() or "a weight has an unknown shape")
                out[variable] = out.get(variable, 0) + count * DTYPE_BYTES[variable]
    except Unknowable as exc:
        return None, exc.reason
    return out, None


def _all_layers(layer: Any) -> list:
    out = [layer]
    for sub in layer.sublayers():
        out.extend(_all_layers(sub))
    return out


# -- the global dtype policy ----------------------------------------------------------
POLICY_SETTERS = ("keras.mixed_precision.set_global_policy", "keras.config.set_dtype_policy",
                  "keras.mixed_precision.set_dtype_policy")


@dataclass(frozen=True)
class GlobalPolicy:
    """A ``set_global_policy(...)`` in the file: its value, and the last line it is set on."""

    value: Any  # a policy name, or None when none is set
    line: int = 0
    reason: str | None = None  # why the policy cannot be applied with certainty


def global_policy(tree: Any, facts: Any) -> GlobalPolicy:
    """The policy set by module-level code, when there is one unambiguous value. A policy set
    inside a function, or to different or unknown values, makes memory figures unknown."""
    import ast

    calls = [c for c in facts.library_calls if c.name in POLICY_SETTERS]
    if not calls:
        return GlobalPolicy(None)
    values = {c.args[0] if c.args else c.kwargs.get("policy") for c in calls}
    value = next(iter(values))
    if len(values) != 1 or not isinstance(value, str):
        return GlobalPolicy(None, reason="the global dtype policy is set to more than one or an unknown value")
    definitions = [(s.lineno, s.end_lineno or s.lineno) for s in getattr(tree, "body", [])
                   if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    if any(lo <= c.site.line <= hi for c in calls for lo, hi in definitions):
        return GlobalPolicy(None, reason="the global dtype policy is set inside a function")
    return GlobalPolicy(value, max(c.site.line for c in calls))


def _policy_for(model: Any, policy: GlobalPolicy) -> tuple[Any, str | None]:
    """The policy a model's layers were created under: only when the module-level call comes
    before every one of its layers in the file."""
    if policy.reason:
        return None, policy.reason
    if policy.value is None:
        return None, None
    lines = [layer.site.line for layer in _all_layers(model) if layer is not model]
    if lines and policy.line < min(lines):
        return policy.value, None
    return None, "a global dtype policy is set in this file, after some of the model's layers are written"


# -- attaching the figures to the summaries ----------------------------------------------
def annotate_costs(summary: Any, policy: GlobalPolicy) -> None:
    """Fill in the cost fields of a ModelSummary (and its rows, nested ones included). Each
    layer's cost is computed once; the model's total is their sum."""
    model = summary.model
    if model is None:
        return
    value, reason = _policy_for(model, policy)
    total, seen = ZERO, set()
    for row in summary.layers:
        if row.layer is None:
            continue
        cost = layer_cost(model, row.layer)
        row.macs, row.flops, row.cost_reason = cost.macs, cost.flops, cost.reason
        row.activation_bytes = None if reason else layer_activation_bytes(model, row.layer, value)
        if id(row.layer) not in seen:
            seen.add(id(row.layer))
            total = total + cost
        if row.nested is not None:
            annotate_costs(row.nested, policy)
    if getattr(model, "incomplete", None):
        total = Cost(None, model.incomplete)
    elif len(seen) != len(_unique(model.summary_layers())):
        total = model_cost(model)  # rows and layers differ: count from the model itself
    summary.macs, summary.flops, summary.cost_reason = total.macs, total.flops, total.reason
    if reason:
        summary.activation_bytes, summary.activation_reason = None, reason
        summary.param_bytes, summary.param_bytes_reason = None, reason
    else:
        summary.activation_bytes, summary.activation_reason = activation_bytes(model, value)
        summary.param_bytes, summary.param_bytes_reason = param_bytes(model, value)
