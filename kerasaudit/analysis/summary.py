"""From model objects to the rows ``model.summary()`` prints, plus what Keras does not show."""

from __future__ import annotations

from ..results import LayerRow, ModelSummary, WeightInfo
from .dims import dim_to_json
from .graph import LayerObj, Node
from .models import FunctionalModel, ModelObj, SequentialModel
from .shapes import UnknownShape, shape_unknown_reason


def summarize(model: ModelObj, expand_nested: bool = False) -> ModelSummary:
    layers = model.summary_layers()
    relevant: set[Node] = model.graph_nodes if isinstance(model, FunctionalModel) else set()
    rows = [_row(model, layer, relevant, expand_nested) for layer in layers]
    if isinstance(model, SequentialModel) and model.gaps:
        rows = _with_gap_rows(model, rows)
    total, trainable, non_trainable, reason = model.param_counts()
    name = model.name if model.explicit_name and isinstance(model.name, str) else (
        model.var_name or model.display_name)
    return ModelSummary(
        name=name if isinstance(name, str) else "?",
        keras_name=model.display_name,
        kind=model.kind,
        line=model.site.line,
        builder=model.builder,
        layers=rows,
        total_params=total,
        trainable_params=trainable,
        non_trainable_params=non_trainable,
        unknown_reason=reason,
        error=model.error,
        sequential_like=model.sequential_like() if isinstance(model, FunctionalModel) else True,
        model=model,
    )


def _row(model: ModelObj, layer: LayerObj, relevant: set[Node], expand_nested: bool) -> LayerRow:
    total, trainable, non_trainable, reason = layer.param_counts()
    if total is None:
        from .unbuilt import knowable_counts
        known = knowable_counts(layer)  # Keras prints "0 (unbuilt)"; the weights may not need the input
        if known is not None:
            total, trainable, non_trainable = known
    row_shape = getattr(model, "row_output_shape", None)  # subclassed models list shapes their own way
    shape = row_shape(layer) if row_shape is not None else layer.summary_output_shape()
    if reason is None:
        reason = shape_unknown_reason(shape)
    if reason is None:
        # Known numbers, but Keras may list mask operations before this row (analysis/masks.py).
        reason = next((n.mask_doubt for n in layer.nodes if n.mask_doubt and (not relevant or n in relevant)), None)
    inbound, connected = _connections(model, layer, relevant)
    weights = None
    if layer.weights is not None and not isinstance(layer, ModelObj):
        # all_weights: a wrapper's row lists the wrapped layer's weights too, in Keras's order.
        trained = layer.trained_variables()  # the variables' own flags, as a model counts them
        trained_ids = None if trained is None else {id(w) for w in trained}
        weights = [WeightInfo(w.name, [dim_to_json(d) for d in w.shape],
                              None if trained_ids is None else id(w) in trained_ids, w.count())
                   for w in layer.all_weights()]
    error = next((n.error for n in layer.nodes if n.error), None)
    nested = summarize(layer, expand_nested) if expand_nested and isinstance(layer, ModelObj) else None
    return LayerRow(
        name=layer.display_name,
        class_name=layer.class_name,
        line=layer.site.line,
        output_shape=shape,
        params=total,
        trainable_params=trainable,
        non_trainable_params=non_trainable,
        inbound=inbound,
        connected_to=connected,
        unknown_reason=reason,
        error=error,
        weights=weights,
        nested=nested,
        layer=layer,
    )


def _connections(model: ModelObj, layer: LayerObj, relevant: set[Node]) -> tuple[list[str], list[str]]:
    inbound: list[str] = []
    connected: list[str] = []
    nodes = layer.nodes
    if model.kind == "subclassed":
        return inbound, connected  # Keras shows no connections inside a subclassed model
    if isinstance(model, SequentialModel):
        nodes = layer.nodes[-1:] if layer.nodes else []
    for node in nodes:
        if relevant and node not in relevant:
            continue
        if node.is_input:
            continue
        for t in node.input_tensors:
            if t.node is None:
                continue
            parent = t.node.layer
            inbound.append(parent.display_name)
            connected.append(f"{parent.display_name}[{parent.nodes.index(t.node)}][{t.index}]")
    return inbound, connected


def _with_gap_rows(model: SequentialModel, rows: list[LayerRow]) -> list[LayerRow]:
    """An item of a Sequential the analysis cannot take as a layer is still a layer in Keras:
    it keeps its place as a row of its own, all unknown, so the rows line up with Keras's."""
    out = list(rows)
    for gap in sorted(model.gaps, key=lambda gap: gap.index, reverse=True):
        out.insert(gap.index, LayerRow(name="?", class_name="?", line=gap.line, output_shape=UnknownShape(gap.reason),
                                       params=None, trainable_params=None, non_trainable_params=None,
                                       unknown_reason=gap.reason))
    return out
