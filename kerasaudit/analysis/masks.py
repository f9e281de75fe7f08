"""Keras masks in functional graphs: the ``not_equal`` / ``any`` rows they add.

``Embedding(mask_zero=True)`` and ``Masking`` attach a mask to their output, computed by
Keras operations (``ops.not_equal``, then ``ops.any`` for Masking) right after the layer is
called. Layers that support masking pass the same mask tensor on. A layer whose ``call``
takes ``mask`` and that is called on one positional tensor with no keyword arguments gets
the mask recorded as an input of its node (Keras 3's ``Layer.__call__`` fills ``kwargs["mask"]``
in the very dict it records), so the mask operations become rows of the functional model:
``not_equal (NotEqual)`` before an LSTM that follows a masking Embedding.

Only the cases Keras computes without further operations are modelled: a layer whose
``compute_mask`` builds new operations (merge layers, TimeDistributed, Attention) drops the
mask here, so a row Keras would add downstream of it is missing rather than invented.
"""

from __future__ import annotations

import ast
from typing import Any

from .values import Tensor, Unknown

# Keras classes whose call() has a `mask` argument (filled from the input's mask).
CONSUMERS = frozenset({"BatchNormalization", "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "GRU",
                       "GlobalAveragePooling1D", "LSTM", "Lambda", "Pipeline", "RNN", "SimpleRNN", "Softmax",
                       "TimeDistributed", "AdditiveAttention", "Attention"})
# supports_masking with Keras's default compute_mask: the output carries the input's mask.
PROPAGATE = frozenset({"Dense", "Dropout", "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax",
                       "LayerNormalization", "GroupNormalization", "BatchNormalization", "UnitNormalization",
                       "Rescaling", "Normalization", "AlphaDropout", "GaussianDropout", "GaussianNoise",
                       "ActivityRegularization", "Identity", "MultiHeadAttention", "GroupedQueryAttention",
                       # SpatialDropout*D inherit supports_masking from Dropout
                       "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"})
# Recurrent layers keep the mask on their output sequence only (compute_mask).
SEQUENCES = frozenset({"SimpleRNN", "LSTM", "GRU", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "Bidirectional"})


def mask_input(layer: Any, args: list, kwargs: dict) -> Tensor | None:
    """The mask Keras records as an extra input of ``layer(x)``, if any."""
    if layer.class_name not in CONSUMERS or kwargs or len(args) != 1:
        return None
    x = args[0]
    return x.mask if isinstance(x, Tensor) else None


def set_output_mask(interp: Any, layer: Any, args: list, kwargs: dict, outputs: Any, node: ast.AST) -> None:
    """Attach the mask Keras attaches to ``outputs`` after ``layer`` was called."""
    first = args[0] if args else next(iter(kwargs.values()), None)
    if not isinstance(first, Tensor):
        return
    name, cfg = layer.class_name, layer.cfg
    if name in ("Embedding", "Masking") and cfg is not None and isinstance(outputs, Tensor):
        outputs.mask = _produced_mask(interp, name, cfg, first, node)
        return
    previous = first.mask
    if previous is None:
        return
    if name in PROPAGATE and isinstance(outputs, Tensor):
        outputs.mask = previous
    elif name in SEQUENCES and cfg is not None:
        sequences, masked = _flag(cfg, "return_sequences"), 1
        if name == "Bidirectional":
            inner = cfg.values.get("_forward")
            sequences = _flag(inner.cfg, "return_sequences") if inner is not None else None
            masked = 2 if cfg.values.get("merge_mode", "concat") is None else 1  # (mask, mask) unmerged
        if sequences:
            flat = outputs if isinstance(outputs, list) else [outputs]
            for t in flat[:masked]:
                if isinstance(t, Tensor):
                    t.mask = previous


def _flag(cfg: Any, name: str) -> bool | None:
    value = cfg.values.get(name)
    return None if isinstance(value, Unknown) else bool(value)


def _produced_mask(interp: Any, class_name: str, cfg: Any, x: Tensor, node: ast.AST) -> Tensor | None:
    """``ops.not_equal(x, 0)`` for Embedding(mask_zero=True); ``ops.any(ops.not_equal(x,
    mask_value), axis=-1)`` for Masking."""
    from .operations import apply_operation
    if class_name == "Embedding" and _flag(cfg, "mask_zero") is not True:
        return None
    shape = x.shape
    not_equal = apply_operation(interp, "NotEqual", [x], node, lambda: shape, "mask of " + class_name)
    if class_name == "Embedding":
        return not_equal
    reduced = shape[:-1] if isinstance(shape, tuple) and shape else shape
    return apply_operation(interp, "Any", [not_equal], node, lambda: reduced, "mask of Masking")
