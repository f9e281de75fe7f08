"""Comparing the models of two versions of a file: models matched by name, layers aligned
by class and explicit name (so inserting one Conv2D does not make every later auto-named
``conv2d_N`` look changed), and for each layer the output shape, parameters, FLOPs and
constructor arguments before and after."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from ..analysis.shapes import shape_to_json
from ..results import LayerRow, ModelSummary

SIMPLE = (str, int, float, bool, type(None))


@dataclass
class Change:
    """One number before and after; ``delta`` when both are known."""

    base: Any
    head: Any

    @property
    def delta(self) -> int | None:
        if isinstance(self.base, int) and isinstance(self.head, int):
            return self.head - self.base
        return None

    @property
    def changed(self) -> bool:
        return self.base != self.head


@dataclass
class LayerDiff:
    status: str  # added | removed | changed
    name: str
    class_name: str
    line: int  # in HEAD (in BASE for a removed layer)
    base_line: int | None
    output_shape: Change
    params: Change
    flops: Change
    arguments: dict[str, Change] = field(default_factory=dict)
    base_name: str | None = None


@dataclass
class ModelDiff:
    status: str  # added | removed | changed | unchanged
    name: str
    kind: str
    line: int  # in HEAD (in BASE for a removed model)
    base_line: int | None
    totals: dict[str, Change]
    layers: list[LayerDiff] = field(default_factory=list)


@dataclass
class FileDiff:
    path: str
    status: str  # added | removed | modified | renamed
    old_path: str | None = None
    models: list[ModelDiff] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # e.g. a syntax error in one version


TOTALS = ("total_params", "trainable_params", "non_trainable_params", "flops")


def _row_key(row: LayerRow) -> tuple[str, str]:
    explicit = getattr(row.layer, "explicit_name", False) if row.layer is not None else False
    return row.class_name, row.name if explicit else ""


def _arguments(row: LayerRow) -> dict[str, Any]:
    cfg = getattr(row.layer, "cfg", None)
    if cfg is None:
        return {}
    out = {}
    for k, v in cfg.values.items():
        if k == "name":
            continue
        if isinstance(v, SIMPLE) or (isinstance(v, (tuple, list)) and all(isinstance(x, SIMPLE) for x in v)):
            out[k] = v
    return out


def _layer_change(status: str, base: LayerRow | None, head: LayerRow | None) -> LayerDiff:
    row = head or base
    assert row is not None
    args: dict[str, Change] = {}
    if base is not None and head is not None:
        old, new = _arguments(base), _arguments(head)
        for k in sorted(set(old) & set(new)):
            if old[k] != new[k] and not (isinstance(old[k], (tuple, list)) and isinstance(new[k], (tuple, list))
                                         and list(old[k]) == list(new[k])):
                args[k] = Change(old[k], new[k])
    return LayerDiff(
        status=status, name=row.name, class_name=row.class_name, line=row.line,
        base_line=base.line if base is not None else None,
        output_shape=Change(shape_to_json(base.output_shape) if base else None,
                            shape_to_json(head.output_shape) if head else None),
        params=Change(base.params if base else None, head.params if head else None),
        flops=Change(base.flops if base else None, head.flops if head else None),
        arguments=args, base_name=base.name if base is not None else None)


def align_layers(base: list[LayerRow], head: list[LayerRow]) -> list[LayerDiff]:
    out: list[LayerDiff] = []
    matcher = difflib.SequenceMatcher(None, [_row_key(r) for r in base], [_row_key(r) for r in head],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = base[i1:i2], head[j1:j2]
        pairs: list[tuple[LayerRow | None, LayerRow | None]] = []
        if op == "equal":
            pairs = list(zip(olds, news))
        else:
            # Within a replaced block, pair layers of the same class in order; the rest are
            # additions and removals.
            remaining = list(olds)
            for new in news:
                match = next((o for o in remaining if o.class_name == new.class_name), None)
                if match is not None:
                    remaining.remove(match)
                pairs.append((match, new))
            pairs += [(o, None) for o in remaining]
        for old, new in pairs:
            if old is None:
                out.append(_layer_change("added", None, new))
            elif new is None:
                out.append(_layer_change("removed", old, None))
            else:
                diff = _layer_change("changed", old, new)
                if diff.output_shape.changed or diff.params.changed or diff.flops.changed or diff.arguments:
                    out.append(diff)
    return out


def _totals(base: ModelSummary | None, head: ModelSummary | None) -> dict[str, Change]:
    return {k: Change(getattr(base, k) if base else None, getattr(head, k) if head else None) for k in TOTALS}


def _keyed(models: list[ModelSummary]) -> dict[tuple[str, int], ModelSummary]:
    seen: dict[str, int] = {}
    out = {}
    for m in models:
        seen[m.name] = seen.get(m.name, 0) + 1
        out[(m.name, seen[m.name])] = m
    return out


def compare_models(base: list[ModelSummary], head: list[ModelSummary]) -> list[ModelDiff]:
    old, new = _keyed(base), _keyed(head)
    unmatched_old = [k for k in old if k not in new]
    unmatched_new = [k for k in new if k not in old]
    renamed = {}
    if len(unmatched_old) == 1 and len(unmatched_new) == 1:  # one model, renamed
        renamed[unmatched_new[0]] = unmatched_old[0]
    out: list[ModelDiff] = []
    for key, m in new.items():
        b = old.get(key) or (old[renamed[key]] if key in renamed else None)
        if b is None:
            out.append(ModelDiff("added", m.name, m.kind, m.line, None, _totals(None, m),
                                 [_layer_change("added", None, r) for r in m.layers]))
            continue
        layers = align_layers(b.layers, m.layers)
        totals = _totals(b, m)
        status = "changed" if layers or any(c.changed for c in totals.values()) else "unchanged"
        out.append(ModelDiff(status, m.name, m.kind, m.line, b.line, totals, layers))
    for key, b in old.items():
        if key not in new and key not in renamed.values():
            out.append(ModelDiff("removed", b.name, b.kind, b.line, b.line, _totals(b, None),
                                 [_layer_change("removed", r, None) for r in b.layers]))
    return out
