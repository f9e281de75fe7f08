"""Comparing kerasaudit's static summaries with the summaries real Keras printed.

The expected side (``FIXTURE.keras.json``) is written by ``tools/make_golden.py`` running
the fixture under real Keras 3; nothing in it was typed by hand or taken from kerasaudit.

Code real Keras 3 cannot run (Keras 1/2 spellings) is checked against an equivalent
fixture's golden file: its first line says ``# kerasaudit-golden: equivalent.py``. Layer
names and model lines may then differ; classes (by their Keras 3 name), shapes and counts
must not. A golden file with ``"names": false`` (written by another Keras, e.g. tf_keras,
which names layers differently) is compared the same way, lines included.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kerasaudit.analysis.dims import UnknownDim
from kerasaudit.analysis.shapes import shape_to_json
from kerasaudit.api import check_source


def golden_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.keras.json"))


def fixture_for(golden: Path) -> Path:
    return golden.with_name(golden.name[: -len(".keras.json")] + ".py")


_DECLARATION = re.compile(r"#\s*kerasaudit-golden:\s*(\S+\.py)\s*$")


def declared_golden(fixture: Path) -> Path | None:
    """The golden file a fixture declares on its first line, if any."""
    with fixture.open(encoding="utf-8") as f:
        match = _DECLARATION.match(f.readline().strip())
    if match is None:
        return None
    other = fixture.parent / match.group(1)
    return other.with_name(other.name[: -len(".py")] + ".keras.json")


def declared_fixtures(root: Path) -> list[tuple[Path, Path]]:
    """(fixture, golden file of its equivalent) for every fixture that declares one."""
    out = []
    for fixture in sorted(root.rglob("*.py")):
        golden = declared_golden(fixture)
        if golden is not None:
            out.append((fixture, golden))
    return out


def _dims_match(static: Any, keras: Any) -> bool:
    """A symbolic size (a string in our JSON) is what Keras prints as None."""
    if isinstance(static, list) and isinstance(keras, list):
        return len(static) == len(keras) and all(_dims_match(s, k) for s, k in zip(static, keras))
    if isinstance(static, str):
        return keras is None
    return static == keras


def _shape_json(shape: Any) -> Any:
    """Our shape as JSON, except that an *unknown* batch axis (a model Keras built from the first
    batch of data: its size depends on the backend) matches whatever Keras recorded there."""
    if isinstance(shape, list):
        return [_shape_json(s) for s in shape]
    if isinstance(shape, tuple) and shape and isinstance(shape[0], UnknownDim):
        return [_ANY_BATCH] + shape_to_json(shape[1:])
    return shape_to_json(shape)


class _AnyBatch:
    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, int)

    def __repr__(self) -> str:
        return "?"


_ANY_BATCH = _AnyBatch()


def compare(golden: Path, fixture: Path | None = None) -> list[str]:
    """Every difference between the static analysis and real Keras, as readable lines.

    ``fixture``: an equivalent fixture to analyse instead of the golden file's own (names and
    lines are then not compared)."""
    expected = json.loads(golden.read_text())
    source = fixture or fixture_for(golden)
    same_lines = fixture is None
    same_names = same_lines and expected.get("names", True)
    result = check_source(source.read_text(encoding="utf-8"), str(source))
    return compare_result(result, expected, same_lines, same_names)


def compare_result(result: Any, expected: dict, same_lines: bool = True, same_names: bool = True) -> list[str]:
    """The differences between one file's static result and the record real Keras made of it
    (``tools/make_golden.py``'s format); the differential tests use this too."""
    problems: list[str] = []
    models = result.models
    if len(models) != len(expected["models"]):
        problems.append(f"{len(models)} models found, Keras made {len(expected['models'])}: "
                        f"{[m.name for m in models]} vs {[m['name'] for m in expected['models']]}")
    for static, keras in zip(models, expected["models"]):
        where = f"model {keras['name']!r} (line {keras['line']})"
        if static.kind != keras["kind"]:
            problems.append(f"{where}: kind {static.kind} != {keras['kind']}")
        if same_lines and static.line != keras["line"]:
            problems.append(f"{where}: line {static.line} != {keras['line']}")
        if len(static.layers) != len(keras["layers"]):
            problems.append(f"{where}: {len(static.layers)} layers != {len(keras['layers'])}: "
                            f"{[r.name for r in static.layers]} vs {[r['name'] for r in keras['layers']]}")
        for row, krow in zip(static.layers, keras["layers"]):
            lwhere = f"{where} layer {krow['name']!r}"
            checks = [
                ("name", row.name, krow["name"]),
                ("class", row.class_name, krow["class"]),
                ("params", row.params, krow["params"]),
                ("trainable_params", row.trainable_params, krow["trainable_params"]),
                ("non_trainable_params", row.non_trainable_params, krow["non_trainable_params"]),
            ]
            for label, ours, theirs in checks:
                if label == "name" and not same_names:
                    continue
                if label.endswith("params") and krow["params"] is None:
                    continue  # Keras left the layer unbuilt ("0 (unbuilt)"); ours may know its weights
                if ours != theirs:
                    problems.append(f"{lwhere}: {label} {ours!r} != {theirs!r}")
            if same_names and "inbound" in krow and row.inbound != krow["inbound"]:
                problems.append(f"{lwhere}: connected to {row.inbound} != {krow['inbound']}")
            shape = _shape_json(row.output_shape)
            # Keras prints "?" for a layer it cannot give a shape for (null here); ours may know it.
            if krow["output_shape"] is not None and not _dims_match(shape, krow["output_shape"]):
                problems.append(f"{lwhere}: output shape {shape} != {krow['output_shape']}"
                                + (f" ({row.unknown_reason})" if row.unknown_reason else ""))
        unbuilt = any(k["params"] is None for k in keras["layers"])
        for label in ("total_params", "trainable_params", "non_trainable_params"):
            ours = getattr(static, label)
            if unbuilt and ours is None:
                continue  # Keras counts unbuilt layers as 0; not claiming a total is right too
            if ours != keras[label]:
                problems.append(f"{where}: {label} {ours!r} != {keras[label]!r}"
                                + (f" ({static.unknown_reason})" if static.unknown_reason else ""))
    return problems
