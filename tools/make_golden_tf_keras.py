#!/usr/bin/env python3
"""Golden files for layers only tf.keras 2 has (LocallyConnected1D/2D, ThresholdedReLU...).

Keras 3 cannot build these, so ``tools/make_golden.py`` cannot record them. This script runs
a fixture under ``tf_keras`` (the Keras 2 that TensorFlow 2.16+ ships separately) and writes
the same JSON. It needs TensorFlow, which the test extra does not install; use a scratch venv
outside the repo:

    python3 -m venv /tmp/tfk && /tmp/tfk/bin/pip install tensorflow-cpu tf_keras
    /tmp/tfk/bin/python tools/make_golden_tf_keras.py fixtures/catalog/tf_keras_only.py

The fixture imports ``tf_keras`` and binds each model it builds to a module-level name
(``name = keras.Model(...)`` or ``keras.Sequential(...)``): the line of that call is the
model's line. tf.keras names layers differently from Keras 3 (``input_1``), so the file
says ``"names": false`` and the tests compare classes, shapes and counts, not names.
"""

from __future__ import annotations

import ast
import json
import os
import runpy
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def _shape(shape):
    if isinstance(shape, list):
        return _shape(shape[0]) if len(shape) == 1 else [_shape(s) for s in shape]
    return [None if d is None else int(d) for d in shape]


def _count(weights) -> int:
    import math
    return int(sum(math.prod(w.shape) for w in {id(w): w for w in weights}.values()))


def _model_lines(path: Path) -> dict[str, int]:
    """Module-level ``name = <call>`` assignments and the line of the call."""
    lines = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    lines[target.id] = node.value.lineno
    return lines


def run(path: Path) -> dict:
    import tf_keras

    namespace = runpy.run_path(str(path), run_name="__main__")
    lines = _model_lines(path)
    models = []
    for var, value in namespace.items():
        if not isinstance(value, tf_keras.Model) or var not in lines:
            continue
        rows = [{"name": layer.name, "class": type(layer).__name__, "output_shape": _shape(layer.output_shape),
                 "params": layer.count_params(), "trainable_params": _count(layer.trainable_weights),
                 "non_trainable_params": _count(layer.non_trainable_weights)} for layer in value.layers]
        kind = "sequential" if isinstance(value, tf_keras.Sequential) else "functional"
        trainable, frozen = _count(value.trainable_weights), _count(value.non_trainable_weights)
        models.append({"name": value.name, "kind": kind, "line": lines[var], "layers": rows,
                       "total_params": trainable + frozen, "trainable_params": trainable,
                       "non_trainable_params": frozen})
    return {"keras_version": f"tf_keras {tf_keras.__version__}", "backend": "tensorflow", "names": False,
            "models": models}


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for arg in argv:
        path = Path(arg)
        record = run(path)
        out = path.with_suffix(".keras.json")
        out.write_text(json.dumps(record, indent=1) + "\n")
        print(f"{out}: {len(record['models'])} model(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
