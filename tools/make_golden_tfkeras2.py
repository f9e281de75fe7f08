#!/usr/bin/env python3
"""Write what tf.keras 2 printed for fixtures whose code only tf.keras 2 can run.

``tf.*`` functions and Keras 2 backend functions (``K.mean``...) applied to symbolic
tensors fail under Keras 3; tf.keras 2 recorded each TensorFlow op as a ``TFOpLambda``
layer. kerasaudit shows those rows as tf.keras 2 did, and this script records the truth
to compare against. It needs a TensorFlow 2.15 (or older) install, which bundles tf.keras 2:

    python3.11 -m venv /tmp/tf215 && /tmp/tf215/bin/pip install tensorflow-cpu==2.15.1
    /tmp/tf215/bin/python tools/make_golden_tfkeras2.py fixtures/ops/tf_functions.py

For each FIXTURE.py it writes FIXTURE.tfkeras2.json beside it: every functional model the
script creates (in creation order, with the line that created it), each layer's class,
name, output shape and parameter count, and the totals. Like tools/make_golden.py, this
executes only our own fixtures.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def record(model: object, line: int) -> dict:
    import tensorflow as tf

    rows = []
    for layer in model.layers:  # type: ignore[attr-defined]
        outputs = tf.nest.flatten(layer._inbound_nodes[-1].outputs)
        shapes = [t.shape.as_list() for t in outputs]
        rows.append({"name": layer.name, "class": type(layer).__name__,
                     "output_shape": shapes[0] if len(shapes) == 1 else shapes,
                     "params": int(layer.count_params())})
    return {"name": model.name, "line": line, "layers": rows,  # type: ignore[attr-defined]
            "total_params": int(model.count_params())}  # type: ignore[attr-defined]


def run(path: Path) -> dict:
    import tensorflow as tf

    tf.keras.backend.clear_session()
    fixture = path.resolve()
    created: list = []
    original = tf.keras.Model.__init__

    def recording_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        frame = sys._getframe(1)
        while frame is not None and Path(frame.f_code.co_filename).resolve() != fixture:
            frame = frame.f_back
        if frame is not None and not any(m is self for m, _ in created):
            created.append((self, frame.f_lineno))

    tf.keras.Model.__init__ = recording_init
    try:
        runpy.run_path(str(fixture), run_name="__main__")
    finally:
        tf.keras.Model.__init__ = original
    return {"tensorflow_version": tf.__version__, "models": [record(m, line) for m, line in created]}


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for arg in argv:
        path = Path(arg)
        out = path.with_name(path.stem + ".tfkeras2.json")
        data = run(path)
        out.write_text(json.dumps(data, indent=1) + "\n")
        print(f"{out}: {len(data['models'])} model(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
