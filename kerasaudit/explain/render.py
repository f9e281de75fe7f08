"""The text of ``kerasaudit explain``: for each layer, its source, its input, its output
shape axis by axis, each weight with where its dimensions come from, the total, and
whether (and why) it trains."""

from __future__ import annotations

from typing import Any

from ..analysis.shapes import UnknownShape, shape_text
from ..weightlist import layer_weights
from . import Context, Step, explainer_for, n, product


def _input_shapes(node: Any) -> Any:
    if node is None or node.call is None:
        return None
    value = node.call.get("inputs")
    if value is None and node.call.get("query") is not None:  # attention: query/value/key
        value = [node.call.get(k) for k in ("query", "value", "key") if node.call.get(k) is not None]
    return value


def _shape_or_reason(shape: Any) -> str:
    if shape is None:
        return "?"
    if isinstance(shape, UnknownShape):
        return f"? ({shape.reason})"
    return shape_text(shape)


def _table(rows: list[tuple[str, ...]], indent: str) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [(indent + "  ".join(c.ljust(w) for c, w in zip(r, widths))).rstrip() for r in rows]


def _weight_text(shape: tuple) -> str:
    return "(" + ", ".join(str(x) for x in shape) + ("," if len(shape) == 1 else "") + ")"


def _source(lines: list[str], site: Any) -> list[str]:
    chunk = lines[site.line - 1: max(site.end_line, site.line)]
    return ["    " + text.strip() for text in chunk[:6]] + (["    ..."] if len(chunk) > 6 else [])


def _containing(summaries: list, layer: Any) -> list[tuple[Any, Any]]:
    return [(m, row) for m in summaries for row in m.layers if row.layer is layer]


def _get_weights_indices(model: Any, layer: Any) -> list[tuple[int, str, int]]:
    seen: set[int] = set()
    index = 0
    mine = {id(w) for w in (layer_weights(layer) or [])}
    out = []
    for member in model.summary_layers():
        for w in layer_weights(member) or []:
            if id(w) in seen:
                continue
            seen.add(id(w))
            if id(w) in mine:
                out.append((index, w.name, id(w)))
            index += 1
    return out


def _trainable(layer: Any, weights: list) -> str:
    flag = layer.is_trainable()
    if not weights:
        return "trainable: nothing to train (the layer has no weights)"
    if flag is None:
        return "trainable: unknown (whether the layer is trainable is not known statically)"
    if not flag:
        how = "trainable=False in its constructor" if layer.cfg is not None and layer.cfg.get("trainable") is False \
            else "layer.trainable is set to False"
        still = [w for w in weights if id(w) in {id(t) for t in layer.trained_variables() or []}]
        if not still:
            return f"trainable: no ({how}): all {n(sum(w.count() or 0 for w in weights))} parameters are frozen"
        return (f"trainable: no for the layer itself ({how}), but the argument does not reach the sublayers "
                f"that hold its weights: a model's optimizer still updates {n(sum(w.count() or 0 for w in still))} "
                "of its parameters, and Keras counts them as trainable")
    frozen = [w for w in weights if not w.trainable]
    if not frozen:
        return (f"trainable: yes, the optimizer updates all {n(sum(w.count() or 0 for w in weights))} parameters "
                "(trainable=True, the default)")
    trained = [w for w in weights if w.trainable]
    return (f"trainable: partly: {', '.join(w.name for w in trained) or 'nothing'} "
            f"({n(sum(w.count() or 0 for w in trained))}) trained; {', '.join(w.name for w in frozen)} "
            f"({n(sum(w.count() or 0 for w in frozen))}) are not trained by the optimizer (see above)")


def explain_layer(layer: Any, path: str, lines: list[str], summaries: list) -> list[str]:
    where = _containing(summaries, layer)
    head = f"{path}:{layer.site.line}: {layer.display_name} ({layer.class_name})"
    if where:
        m = where[0][0]
        built = f", built in {m.builder}()" if m.builder else ""
        head += f" in model \"{m.name}\" ({m.kind}, line {m.line}{built})"
    out = [head, *_source(lines, layer.site)]
    if layer.spec is None:
        out.append(f"  {layer.unknown_class_reason or 'this layer class is not known'}: its numbers are unknown")
    explainer = explainer_for(layer.class_name)
    nodes = layer.nodes or [None]
    first_ctx = None
    for i, node in enumerate(nodes):
        inputs = _input_shapes(node)
        output = node.output_shapes() if node is not None else None
        producer = None
        if node is not None and node.input_tensors and node.input_tensors[0].node is not None:
            producer = node.input_tensors[0].node
        ctx = Context(layer, node, layer.cfg, inputs, output, producer)
        first_ctx = first_ctx or ctx
        if len(nodes) > 1:
            out.append(f"  call {i + 1} of {len(nodes)} (line {node.site.line}):")
        if node is not None and node.is_input:
            out.append(f"  output: {_shape_or_reason(output)}")
        else:
            producers = [t.node.layer for t in (node.input_tensors if node is not None else []) if t.node is not None]
            source = ("  from " + ", ".join(f"{p.display_name} ({p.class_name}, line {p.site.line})"
                                            for p in producers)) if producers else ""
            out.append(f"  input:  {_shape_or_reason(inputs)}{source}")
            out.append(f"  output: {_shape_or_reason(output)}")
        if node is not None and node.error:
            out.append(f"  Keras would raise here: {node.error}")
        steps: list[Step] = []
        if explainer is not None and explainer.shape is not None and not isinstance(output, UnknownShape):
            try:
                steps = explainer.shape(ctx)
            except Exception:  # noqa: BLE001 - a formula we cannot write is left out, never guessed
                steps = []
        if steps:
            out += _table([(s.label, s.formula, s.why) for s in steps], "    ")
    out += _weights(layer, explainer, first_ctx)
    for model, _row in where:
        indices = _get_weights_indices(model.model, layer) if model.model is not None else []
        labels = {id(w): label for label, _, w in _labelled(layer, first_ctx)}
        indices = [(i, labels.get(wid, name)) for i, name, wid in indices]
        if indices:
            listed = ", ".join(f"[{i}] {name}" for i, name in indices)
            out.append(f"  model.get_weights() of \"{model.name}\": {listed}")
    if explainer is not None and explainer.note is not None and first_ctx is not None and layer.weights:
        try:
            out += ["  " + note for note in explainer.note(first_ctx)]
        except Exception:  # noqa: BLE001
            pass
    return out


def _labelled(layer: Any, ctx: Any, prefix: str = "") -> list[tuple[str, Any, Any]]:
    """(label, owning layer, weight) in get_weights() order; a held layer's weights are
    labelled with its name (``forward_gru/kernel``), as Keras's weight paths are."""
    own = list(layer.weights or [])
    out = [(prefix + w.name, layer, w) for w in [*(w for w in own if w.trainable), *(w for w in own if not w.trainable)]]
    for sub in layer.sublayers():
        out += _labelled(sub, ctx, f"{prefix}{sub.display_name}/")
    seen: set[int] = set()
    unique = []
    for item in out:
        if id(item[2]) not in seen:
            seen.add(id(item[2]))
            unique.append(item)
    return unique


def _weights(layer: Any, explainer: Any, ctx: Any) -> list[str]:
    reason = layer.weights_reason()
    if reason:
        return [f"  weights: unknown ({reason})"]
    weights = layer_weights(layer) or []
    if not weights:
        return ["  weights: none (0 parameters)", "  " + _trainable(layer, weights)]
    rows = []
    for label, owner, w in _labelled(layer, ctx):
        why = ""
        owner_explainer = explainer if owner is layer else explainer_for(owner.class_name)
        if owner_explainer is not None and owner_explainer.weight is not None and ctx is not None:
            owner_ctx = ctx if owner is layer else Context(owner, None, owner.cfg, ctx.inputs, None)
            try:
                why = owner_explainer.weight(owner_ctx, w)
            except Exception:  # noqa: BLE001 - a note we cannot write is left out
                why = ""
        factors = product(list(w.shape)) if len(w.shape) > 1 else ""
        detail = ": ".join(x for x in (factors, why) if x)
        rows.append((f"{label} {_weight_text(w.shape)} = {n(w.count())}", detail))
    total = sum(w.count() or 0 for w in weights)
    sums = " + ".join(n(w.count()) for w in weights) if len(weights) > 1 else ""
    rows.append((f"total {n(total)}", sums))
    return ["  weights:", *_table(rows, "    "), "  " + _trainable(layer, weights)]
