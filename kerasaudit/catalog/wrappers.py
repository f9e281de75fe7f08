"""Wrappers: Bidirectional, TimeDistributed, SpectralNormalization.

Each holds layer objects; their weights count as the wrapper's, after the wrapper's own,
in the order ``layer.weights`` lists them in Keras.
"""

from __future__ import annotations

from typing import Any

from ..analysis.shapes import OutputShapes
from ..analysis.values import Unknown
from . import inner
from .spec import (ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, Weight, fmt_shape,
                   require_min_rank)

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)
_SHARED_FLAGS = ("stateful", "return_sequences", "return_state")


def _prefixed(prefix: str, name: Any) -> Any:
    """Keras names the copies ``forward_<name>`` / ``backward_<name>``."""
    if isinstance(name, str):
        return prefix + (name[len(prefix):] if name.startswith(prefix) else name)
    return name


class Bidirectional(LayerSpec):
    name = "Bidirectional"
    family = "wrappers"
    params = Params("layer", merge_mode="concat", weights=None, backward_layer=None)
    call_params = Params("inputs", initial_state=None, mask=None, training=None)

    def validate(self, cfg: Config) -> None:
        mode = cfg.get("merge_mode")
        if not isinstance(mode, Unknown) and mode not in _MERGE_MODES:
            raise ArgumentError(f"Invalid merge mode. Received: {mode}. Merge mode should be one of "
                                '{"sum", "mul", "ave", "concat", None}')

    def sublayers(self, cfg: Config) -> list:
        """Keras re-creates the forward layer from the wrapped layer's config, and the backward
        one too (with ``go_backwards=True``) unless ``backward_layer`` is given."""
        layer = inner.layer_arg(cfg, "layer")
        if inner.is_model(layer) or "go_backwards" not in layer.spec.params.order:
            raise ArgumentError(f"Bidirectional needs a recurrent layer (with `go_backwards`), got "
                                f"{layer.class_name}")
        forward = inner.copy_layer(layer, _prefixed("forward_", layer.name))
        if cfg.get("backward_layer") is None:
            backward = inner.copy_layer(layer, _prefixed("backward_", layer.name), go_backwards=True)
        else:
            backward = inner.layer_arg(cfg, "backward_layer")
            if inner.is_model(backward) or "go_backwards" not in backward.spec.params.order:
                raise ArgumentError(f"Bidirectional's backward_layer must be a recurrent layer, got "
                                    f"{backward.class_name}")
        fw, bw = forward.cfg, backward.cfg
        if fw.flag("go_backwards") == bw.flag("go_backwards"):
            raise ArgumentError("Forward layer and backward layer should have different `go_backwards` value. "
                                f"Received: forward_layer.go_backwards {fw.flag('go_backwards')}, "
                                f"backward_layer.go_backwards={bw.flag('go_backwards')}")
        for flag in _SHARED_FLAGS:
            if fw.flag(flag) != bw.flag(flag):
                raise ArgumentError(f'Forward layer and backward layer are expected to have the same value for '
                                    f'attribute "{flag}", got "{fw.flag(flag)}" for forward layer and '
                                    f'"{bw.flag(flag)}" for backward layer')
        cfg.values["_forward"], cfg.values["_backward"] = forward, backward
        return [forward, backward]

    def pair(self, cfg: Config) -> tuple[Any, Any]:
        if "_forward" not in cfg.values:
            self.sublayers(cfg)  # raises why the wrapped layer is not known
        return cfg.values["_forward"], cfg.values["_backward"]

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        forward, backward = self.pair(cfg)
        inner.build(forward, call.input)
        inner.build(backward, call.input)
        return []

    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        """``Bidirectional.compute_output_shape``: from the forward layer alone."""
        forward, _ = self.pair(cfg)
        out: Any = inner.output_shape(forward, call.input)
        return_state = forward.cfg.flag("return_state")
        states: list = []
        if return_state:
            out, states = out[0], list(out[1:])
        mode = cfg.known("merge_mode")
        if mode == "concat":
            out = (*out[:-1], out[-1] * 2)
        elif mode is None:
            out = [out, out]
        if return_state:
            return [*out, *states, *states] if mode is None else [out, *states, *states]
        return out


class TimeDistributed(LayerSpec):
    name = "TimeDistributed"
    family = "wrappers"
    params = Params("layer")
    call_params = Params("inputs", training=None, mask=None)

    def sublayers(self, cfg: Config) -> list:
        return [inner.layer_arg(cfg, "layer")]

    def child_shape(self, call: Call) -> tuple:
        shape = call.input
        if len(shape) < 3:
            raise ShapeError("`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions, "
                             f"received: {fmt_shape(shape)}")
        return (shape[0], *shape[2:])

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        inner.build(inner.layer_arg(cfg, "layer"), self.child_shape(call))
        return []

    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        child = inner.output_shape(inner.layer_arg(cfg, "layer"), self.child_shape(call))
        if not isinstance(child, tuple):
            raise Unknowable("TimeDistributed over a layer with several outputs is not modelled")
        return (child[0], call.input[1], *child[1:])


class SpectralNormalization(LayerSpec):
    name = "SpectralNormalization"
    family = "wrappers"
    params = Params("layer", power_iterations=1)
    call_params = Params("inputs", training=False)

    def validate(self, cfg: Config) -> None:
        n = cfg.get("power_iterations")
        if isinstance(n, (int, float)) and not isinstance(n, bool) and n <= 0:
            raise ArgumentError(f"`power_iterations` should be greater than zero. Received: "
                                f"`power_iterations={n}`")

    def sublayers(self, cfg: Config) -> list:
        return [inner.layer_arg(cfg, "layer")]

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        """The wrapped layer's kernel is tracked as the wrapper's own weight (``self.kernel =
        self.layer.kernel``), before ``vector_u``; so ``weights`` is kernel, vector_u, bias."""
        layer = inner.layer_arg(cfg, "layer")
        require_min_rank(self.name, call.input, 1)
        inner.build(layer, call.input)
        if inner.is_model(layer):
            raise ShapeError(f"{layer.class_name} object has no attribute 'kernel' nor 'embeddings'")
        if layer.weights is None:
            raise Unknowable(layer.weights_reason() or f"the weights of {layer.class_name} are unknown")
        kernel = inner.weight_named(layer, "kernel", "embeddings")
        if kernel is None:
            raise ShapeError(f"{layer.class_name} object has no attribute 'kernel' nor 'embeddings'")
        return [kernel, Weight("vector_u", (1, kernel.shape[-1]), trainable=False)]

    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        return inner.output_shape(inner.layer_arg(cfg, "layer"), call.input)
