"""What each Keras 3 layer class does with masks (``supports_masking``, ``compute_mask``,
whether ``call`` takes ``mask``), as ``keras/src/layers`` implements it.

tests/test_masks.py checks the three tables against real Keras for every public layer class.
"""

from __future__ import annotations

import ast
from typing import Any

from .masks import MaskOps, MaybeMask, flat_masks, get_mask
from .values import Function, Tensor, Unknown

# ``supports_masking`` is True for every instance of these classes (set in __init__, or
# ``compute_mask`` is overridden). Embedding (mask_zero), ReversibleEmbedding and Lambda
# (mask=) depend on their arguments; every other layer class drops the mask.
SUPPORTS = frozenset({
    "Activation", "ActivityRegularization", "Add", "AdditiveAttention", "AlphaDropout", "Attention", "Average",
    "BatchNormalization", "Bidirectional", "Concatenate", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "Dense", "Dot",
    "Dropout", "ELU", "GRU", "GaussianDropout", "GaussianNoise", "GlobalAveragePooling1D", "GroupNormalization",
    "GroupedQueryAttention", "Identity", "LSTM", "LayerNormalization", "LeakyReLU", "Masking", "Maximum", "Minimum",
    "MultiHeadAttention", "Multiply", "Normalization", "PReLU", "RNN", "ReLU", "Rescaling", "SimpleRNN", "Softmax",
    "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "Subtract", "TimeDistributed", "UnitNormalization",
})
CONDITIONAL = frozenset({"Embedding", "ReversibleEmbedding", "Lambda"})
# ``call`` has a ``mask`` parameter (Keras fills it from the input's mask).
CALL_HAS_MASK = frozenset({
    "AdditiveAttention", "Attention", "BatchNormalization", "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
    "GRU", "GlobalAveragePooling1D", "LSTM", "Lambda", "Pipeline", "RNN", "SimpleRNN", "Softmax", "TimeDistributed",
})
# ``_convert_input_args = False``: the call's keyword dict is never copied, so a populated mask
# is always recorded. (Among layers whose call takes a mask; Functional models too.)
NO_CONVERSION = frozenset({"Pipeline"})
_RECURRENT = frozenset({"SimpleRNN", "LSTM", "GRU", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"})
_MERGES = frozenset({"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"})
_NO_OUTPUT_MASK = frozenset({"GlobalAveragePooling1D", "Dot", "ReversibleEmbedding"})


class CallBehaviour:
    def __init__(self, has_mask_arg: bool, converts_inputs: bool) -> None:
        self.has_mask_arg = has_mask_arg
        self.converts_inputs = converts_inputs


def _custom(layer: Any) -> bool:
    return hasattr(layer, "cls") and hasattr(layer, "tracked")


def _model_kind(layer: Any) -> str | None:
    return getattr(layer, "kind", None) if hasattr(layer, "summary_layers") else None


def call_behaviour(layer: Any) -> CallBehaviour:
    if _custom(layer):
        from .custom_objects import user_member
        # A subclass that is a Functional model (super().__init__(inputs, outputs)) converts nothing.
        functional = getattr(layer, "functional", None) is not None
        call = user_member(layer.cls, "call")
        if isinstance(call, Function) and not isinstance(call.node, ast.Lambda):
            a = call.node.args
            names = {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs}
            return CallBehaviour("mask" in names, not functional)
        base = getattr(layer, "base_spec", None)
        return CallBehaviour(functional or (base is not None and base.class_name in CALL_HAS_MASK), not functional)
    kind = _model_kind(layer)
    if kind is not None:
        # Functional.call / Sequential.call take ``mask``; a Functional converts its inputs itself.
        return CallBehaviour(True, kind != "functional")
    return CallBehaviour(layer.class_name in CALL_HAS_MASK, layer.class_name not in NO_CONVERSION)


def _flag(layer: Any, name: str, default: Any = False) -> Any:
    """A boolean constructor argument: True/False, or MaybeMask when it is not known."""
    cfg = getattr(layer, "cfg", None)
    value = cfg.values.get(name, default) if cfg is not None else default
    if isinstance(value, Unknown):
        return MaybeMask(f"`{name}` of {layer.display_name} is unknown: {value.reason}")
    return bool(value)


def supports_masking(interp: Any, layer: Any) -> Any:
    """True, False, or MaybeMask."""
    if _custom(layer):
        return _custom_supports(interp, layer)
    if _model_kind(layer) is not None:
        return False  # Model does not override compute_mask nor set supports_masking
    if layer.cfg is None:
        from ..catalog import lookup
        if lookup(layer.class_name) is not None:  # a known class Keras would reject the arguments of
            return layer.class_name in SUPPORTS
        return MaybeMask(layer.unknown_class_reason or f"layer class {layer.class_name} is not known")
    name = layer.class_name
    if name in ("Embedding", "ReversibleEmbedding"):
        return _flag(layer, "mask_zero")
    if name == "Lambda":
        mask = layer.cfg.values.get("mask")
        return mask is not None
    return name in SUPPORTS


def _custom_supports(interp: Any, layer: Any) -> Any:
    from .custom_objects import user_member
    value = layer.attrs.get("supports_masking")
    if isinstance(value, Unknown):
        return MaybeMask(f"`supports_masking` of {layer.display_name} is unknown: {value.reason}")
    if isinstance(value, bool):
        return value
    if isinstance(user_member(layer.cls, "compute_mask"), Function):
        return True
    base = getattr(layer, "base_spec", None)
    if base is not None:
        return base.class_name in SUPPORTS
    return False


def compute_mask(ops: MaskOps, layer: Any, inputs: Any, mask: Any) -> Any:
    """``layer.compute_mask(inputs, mask)``: the output mask structure (None, Tensor, MaybeMask)."""
    if _custom(layer):
        return _custom_compute_mask(ops, layer, inputs, mask)
    name = layer.class_name
    if name in _NO_OUTPUT_MASK:
        return None
    if name == "Embedding":
        return ops.not_equal(inputs) if isinstance(inputs, Tensor) else MaybeMask("the Embedding's input is unknown")
    if name == "Masking":
        if not isinstance(inputs, Tensor):
            return MaybeMask("the Masking layer's input is unknown")
        return ops.any(ops.not_equal(inputs), axis=-1)
    if name in _RECURRENT:
        return _recurrent_mask(layer, mask)
    if name == "Bidirectional":
        return _bidirectional_mask(layer, mask)
    if name in _MERGES:
        return _merge_mask(ops, mask)
    if name == "Concatenate":
        return _concatenate_mask(ops, layer, inputs, mask)
    if name in ("Attention", "AdditiveAttention"):
        if not isinstance(mask, list) or not mask or mask[0] is None:
            return None
        if isinstance(mask[0], MaybeMask):
            return mask[0]
        return ops.convert_to_tensor(mask[0])
    if name == "Lambda":
        return _lambda_mask(ops, layer, inputs, mask)
    return mask  # Layer.compute_mask: the previous mask


def _first(mask: Any) -> Any:
    flat = flat_masks(mask)
    return flat[0] if flat else None


def _recurrent_mask(layer: Any, mask: Any) -> Any:
    """RNN.compute_mask: the input mask on the output sequence, None on the states."""
    sequences = _flag(layer, "return_sequences")
    first = _first(mask)
    output = first if sequences is True else (None if sequences is False or first is None else sequences)
    return [output] if _flag(layer, "return_state") is True else output


def _bidirectional_mask(layer: Any, mask: Any) -> Any:
    if isinstance(mask, list):
        mask = mask[0] if mask else None
    if mask is None:
        return None  # every branch of Bidirectional.compute_mask then gives only Nones
    forward = layer.cfg.values.get("_forward") if layer.cfg is not None else None
    if forward is None:
        return MaybeMask("the layer Bidirectional wraps is not known")
    sequences = _flag(forward, "return_sequences")
    mode = layer.cfg.values.get("merge_mode", "concat")
    if isinstance(mode, Unknown):
        return MaybeMask(f"the merge_mode of {layer.display_name} is unknown")
    if isinstance(sequences, MaybeMask):
        return sequences
    if sequences:
        return [mask, mask] if not mode else mask
    return [None, None] if not mode else None


def _merge_mask(ops: MaskOps, mask: Any) -> Any:
    """Merge.compute_mask: the OR of all input masks, None when any input has none."""
    if not isinstance(mask, list):
        return None
    if any(m is None for m in mask):
        return None
    for m in mask:
        if isinstance(m, MaybeMask):
            return m
    out = mask[0]
    for m in mask[1:]:
        out = ops.logical_or(out, m)
    return out


def _concatenate_mask(ops: MaskOps, layer: Any, inputs: Any, mask: Any) -> Any:
    """Concatenate.compute_mask: every input's mask widened to the input's shape (all True for
    an unmasked input), concatenated like the inputs, then reduced over the last axis."""
    if not isinstance(mask, list) or not isinstance(inputs, list) or len(mask) != len(inputs):
        return None
    if all(m is None for m in mask):
        return None
    for m in mask:
        if isinstance(m, MaybeMask):
            return m
    axis = layer.cfg.values.get("axis", -1) if layer.cfg is not None else -1
    if isinstance(axis, Unknown):
        return MaybeMask(f"the axis of {layer.display_name} is unknown")
    widened = []
    for x, m in zip(inputs, mask):
        if not isinstance(x, Tensor):
            return MaybeMask(f"an input of {layer.display_name} is unknown")
        if m is None:
            widened.append(ops.ones_like(x))
            continue
        ranks = [len(s) if isinstance(s, tuple) else None for s in (m.shape, x.shape)]
        if None in ranks:
            return MaybeMask(f"the rank of an input of {layer.display_name} or of its mask is unknown")
        if ranks[0] < ranks[1]:
            widened.append(ops.logical_or(ops.expand_dims(m, -1), ops.zeros_like(x)))
        else:
            widened.append(m)
    return ops.any(ops.concatenate(widened, axis), axis=-1)


def _lambda_mask(ops: MaskOps, layer: Any, inputs: Any, mask: Any) -> Any:
    given = layer.cfg.values.get("mask")
    if isinstance(given, Function):
        return _returned_mask(ops.interp.call_function(given, [inputs, mask], {}, ops.node),
                              f"the mask function of {layer.display_name}")
    if isinstance(given, Tensor):
        return given
    return MaybeMask(f"the mask= of {layer.display_name} is not followed by kerasaudit")


def _custom_compute_mask(ops: MaskOps, layer: Any, inputs: Any, mask: Any) -> Any:
    from .custom_objects import user_member
    fn = user_member(layer.cls, "compute_mask")
    if isinstance(fn, Function):
        return _returned_mask(ops.interp.call_function(fn, [layer, inputs, mask], {}, ops.node),
                              f"{layer.cls.name}.compute_mask()")
    return mask


def _returned_mask(value: Any, what: str) -> Any:
    if value is None or isinstance(value, (Tensor, MaybeMask)):
        return value
    if isinstance(value, (list, tuple)) and all(v is None or isinstance(v, (Tensor, MaybeMask)) for v in value):
        return list(value)
    if isinstance(value, Unknown):
        return MaybeMask(f"{what} returned something unknown: {value.reason}")
    return MaybeMask(f"{what} returned {type(value).__name__}, not a mask")


# ------------------------------------------------------------------------ dtypes
def same_dtype(interp: Any, x: Tensor, layer: Any) -> Any:
    """Whether ``x``'s dtype is ``layer``'s input dtype (its compute dtype): True, False, or
    Unknown. A masked tensor is the output of a layer, in that layer's compute dtype."""
    mine = _compute_dtype(interp, layer)
    theirs = _tensor_dtype(interp, x)
    for value in (mine, theirs):
        if isinstance(value, Unknown):
            return value
    return mine == theirs


def _tensor_dtype(interp: Any, x: Tensor) -> Any:
    node = x.node
    while node is not None and node.layer.class_name == "Identity" and node.input_tensors:
        node = node.input_tensors[0].node  # Identity keeps its input's dtype
    if node is None or node.is_input or getattr(node.layer, "kind", "") == "operation":
        return Unknown("the dtype of the masked tensor is not known")
    return _compute_dtype(interp, node.layer)


_POLICY_COMPUTE = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}


def _compute_dtype(interp: Any, layer: Any) -> Any:
    """The layer's compute dtype, or "global" for the global policy's (the same for every
    layer that sets none)."""
    cfg = getattr(layer, "cfg", None)
    value = cfg.values.get("dtype") if cfg is not None else layer.attrs.get("dtype") if _custom(layer) else None
    if value is None:
        return "global"
    if isinstance(value, Unknown):
        return Unknown(f"the dtype of {layer.display_name} is unknown: {value.reason}")
    if not isinstance(value, str):
        return Unknown(f"the dtype of {layer.display_name} is not a known name")
    value = value.rsplit(".", 1)[-1].lower()
    value = _POLICY_COMPUTE.get(value, value)
    from ..cost import POLICY_SETTERS
    if any(c.name in POLICY_SETTERS for c in interp.ctx.facts.library_calls):
        return Unknown("the file sets a global dtype policy")
    return "global" if value == "float32" else value


__all__ = ["SUPPORTS", "CALL_HAS_MASK", "NO_CONVERSION", "call_behaviour", "supports_masking", "compute_mask",
           "same_dtype", "get_mask"]
