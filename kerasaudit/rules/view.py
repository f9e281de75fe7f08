"""Read-only views of the facts that several rules share (never a second computation).

Everything here is derived from ``analysis.facts``: which Sequential model a layer sits
in, the source line a finding about a layer call belongs to, the last layer of a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..analysis.graph import LayerObj, Node, Site
from ..analysis.models import FunctionalModel, ModelObj, SequentialModel
from ..analysis.shapes import shape_text
from ..analysis.values import Tensor

if TYPE_CHECKING:
    from .base import RuleContext


def in_sequential(ctx: "RuleContext") -> set[int]:
    """ids of the layers placed in a Sequential model (their own line is where they sit)."""
    key = "in_sequential"
    if key not in ctx.cache:
        ids: set[int] = set()
        for m in ctx.facts.models:
            if isinstance(m, SequentialModel):
                ids.update(id(layer) for layer in m.layers)
        ctx.cache[key] = ids
    return ctx.cache[key]


def contains(outer: Site, inner: Site) -> bool:
    return (outer.line, outer.col) <= (inner.line, inner.col) and \
        (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)


def call_site(ctx: "RuleContext", node: Node) -> Site:
    """Where a finding about one layer call belongs: the layer's own line when the call
    is Keras chaining a Sequential model (``Sequential([...])``, ``add``, ``build``, ``fit``),
    else the call expression."""
    layer = node.layer
    if id(layer) in in_sequential(ctx) and not contains(layer.site, node.site):
        return layer.site
    return node.site


class FirstAtSite:
    """``call_site`` of a layer call, or None when a finding at that position was already
    reported: a helper called three times reports its faulty line once."""

    def __init__(self, ctx: "RuleContext") -> None:
        self.ctx = ctx
        self.seen: set[tuple[int, int]] = set()

    def __call__(self, node: Node) -> Site | None:
        site = call_site(self.ctx, node)
        if (site.line, site.col) in self.seen:
            return None
        self.seen.add((site.line, site.col))
        return site


def producer(t: Any) -> LayerObj | None:
    if isinstance(t, Tensor) and t.node is not None:
        return t.node.layer
    return None


def model_label(model: ModelObj) -> str:
    """The model's name as the summary shows it: its ``name=``, else its variable."""
    if model.explicit_name and isinstance(model.name, str):
        return model.name
    return getattr(model, "var_name", None) or model.display_name


def describe_layer(layer: LayerObj) -> str:
    """``Dense 'dense_1' (line 12)``."""
    return f"{layer.class_name} '{layer.display_name}' (line {layer.site.line})"


def input_shapes_text(node: Node) -> str:
    return ", ".join(shape_text(t.shape) for t in node.input_tensors)


def output_layer(model: ModelObj) -> LayerObj | None:
    """The layer that produces a single-output model's output (None when not one known layer)."""
    if isinstance(model, SequentialModel):
        return model.layers[-1] if model.layers else None
    if isinstance(model, FunctionalModel):
        outs = model.outputs
        if isinstance(outs, list):
            if len(outs) != 1:
                return None
            outs = outs[0]
        return producer(outs)
    return None


def output_tensor(model: ModelObj) -> Tensor | None:
    if isinstance(model, SequentialModel):
        return model.output if isinstance(model.output, Tensor) else None
    if isinstance(model, FunctionalModel):
        outs = model.outputs
        if isinstance(outs, list) and len(outs) == 1:
            outs = outs[0]
        return outs if isinstance(outs, Tensor) else None
    return None


def model_layers(model: ModelObj) -> list[LayerObj]:
    if isinstance(model, SequentialModel):
        return list(model.layers)
    return [op for op in model.summary_layers() if not op.attrs.get("unknown_operation")]


def cfg_value(layer: LayerObj, name: str, default: Any = None) -> Any:
    """A constructor argument as bound (Keras 3 names), or ``default`` when the layer has no
    known configuration."""
    if layer.cfg is None:
        return default
    return layer.cfg.values.get(name, default)
