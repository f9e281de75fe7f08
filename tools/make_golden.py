#!/usr/bin/env python3
"""Write the expected summaries of fixture scripts by running them under real Keras 3.

This is the only place in the project that executes model code, and it executes only
our own fixtures, to record what real Keras prints (the ground truth the tests compare
kerasaudit's static numbers against). Run it with a Keras + JAX install:

    pip install -e '.[test]'
    KERAS_BACKEND=jax python tools/make_golden.py fixtures/seeds/unet.py [more.py ...]

Keras's text preprocessing layers (StringLookup, IntegerLookup, TextVectorization, Hashing,
HashedCrossing) need TensorFlow even on the jax backend. For fixtures that use them, run this
script from a scratch venv outside the repo with the same Keras, jax and tensorflow-cpu:

    python3 -m venv /tmp/tfv && /tmp/tfv/bin/pip install "keras==3.15.1" "jax[cpu]" tensorflow-cpu
    KERAS_BACKEND=jax /tmp/tfv/bin/python tools/make_golden.py fixtures/catalog/text_preprocessing.py

For each FIXTURE.py it writes FIXTURE.keras.json beside it: every model the script
creates (in creation order), each layer's class, name, output shape and parameter
counts exactly as ``model.summary()`` computes them, and the totals. A fixture may
define ``GOLDEN_CALLS = ["builder()", ...]``: expressions evaluated after the script,
for builders it defines but does not call.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import warnings
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def shape_json(shape):
    return [None if d is None else int(d) for d in shape]


def output_shapes(layer):
    """The same shape(s) keras.src.utils.summary_utils.format_layer_shape prints: the last
    node's outputs, else (a layer built by an eager call, as in subclassed models) the shape
    computed from its build shapes; None where Keras prints "?"."""
    from keras.src import tree
    if layer._inbound_nodes:
        outputs = layer._inbound_nodes[-1].output_tensors
        flat = [t.shape for t in tree.flatten(outputs)]
    elif getattr(layer, "_build_shapes_dict", None):
        try:
            if hasattr(layer, "output_shape"):
                shapes = layer.output_shape
            else:
                shapes = layer.compute_output_shape(**layer._build_shapes_dict)
        except Exception:  # Keras prints "?" (NotImplementedError) or fails; either way no shape
            return None
        flat = _shape_list(shapes)
    else:
        return None
    if len(flat) == 1:
        return shape_json(flat[0])
    return [shape_json(t) for t in flat]


def _shape_list(value):
    """A shape, or a nested structure of shapes, as a flat list of shapes."""
    if isinstance(value, dict):
        value = [value[k] for k in sorted(value)]
    if isinstance(value, (list, tuple)) and all(d is None or isinstance(d, int) for d in value):
        return [tuple(value)]
    out = []
    for v in value:
        out.extend(_shape_list(v))
    return out


def count(weights):
    import math
    seen = {}
    for w in weights:
        seen[id(w)] = w
    return int(sum(math.prod(w.shape) for w in seen.values()))


def model_record(model, line):
    import keras
    from keras.src.models import Functional, Sequential

    layers = model._operations if isinstance(model, Functional) and not isinstance(model, Sequential) \
        else model.layers
    functional = isinstance(model, Functional) and not isinstance(model, Sequential)
    relevant = [n for nodes in model._nodes_by_depth.values() for n in nodes] if functional else []
    rows = []
    for layer in layers:
        built = getattr(layer, "built", True)
        if not hasattr(layer, "built"):
            params = 0  # an Operation (x + y, keras.ops.*): summary_utils prints 0 for it
        else:
            params = layer.count_params() if built and hasattr(layer, "count_params") else None
        tw = count(layer.trainable_weights) if hasattr(layer, "trainable_weights") else 0
        ntw = count(layer.non_trainable_weights) if hasattr(layer, "non_trainable_weights") else 0
        rows.append({
            "name": layer.name,
            "class": layer.__class__.__name__,
            "output_shape": output_shapes(layer),
            "params": params,
            "trainable_params": tw if built else None,
            "non_trainable_params": ntw if built else None,
        })
        if functional:
            # The "Connected to" column, by layer name: what feeds each of the layer's nodes in this model.
            rows[-1]["inbound"] = [kt._keras_history.operation.name for node in layer._inbound_nodes
                                   if node in relevant for kt in node.input_tensors]
    kind = "sequential" if isinstance(model, keras.Sequential) else (
        "functional" if isinstance(model, Functional) else "subclassed")
    trainable = count(model.trainable_weights)
    non_trainable = count(model.non_trainable_weights)
    return {
        "name": model.name,
        "kind": kind,
        "line": line,
        "layers": rows,
        "total_params": trainable + non_trainable,
        "trainable_params": trainable,
        "non_trainable_params": non_trainable,
        # model.get_weights() order: each weight's name and shape (what `summary --weights` lists).
        "weights": [{"path": getattr(w, "path", w.name), "name": w.name, "shape": [int(d) for d in w.shape]}
                    for w in model.weights] if getattr(model, "built", True) else None,
    }


def install_tensorflow_alias() -> None:
    """Fixtures written for tf.keras import ``tensorflow.keras``: point it at Keras 3."""
    import types

    import importlib.util

    import keras
    from keras.src.utils import module_utils
    if "tensorflow" in sys.modules or importlib.util.find_spec("tensorflow") is not None:
        # A real TensorFlow (needed by Keras's text preprocessing layers: StringLookup,
        # TextVectorization...) is used as it is; fixtures still import keras directly.
        return
    # Keras asks its lazy `tensorflow` module whether TensorFlow is installed (serialization
    # does, e.g. in Bidirectional); the alias below must not make it answer yes.
    module_utils.tensorflow._available = False
    tf = types.ModuleType("tensorflow")
    tf.keras = keras
    # Keras's data layers (Pipeline, Rescaling...) ask whether they run inside a tf.data graph
    # whenever a module named tensorflow is loaded: they never do here.
    tf.executing_eagerly = lambda: True
    sys.modules["tensorflow"] = tf
    sys.modules["tensorflow.keras"] = keras
    for sub in ("layers", "models", "backend", "applications", "optimizers", "losses", "utils", "regularizers",
                "initializers", "callbacks", "activations", "datasets", "ops"):
        if hasattr(keras, sub):
            sys.modules[f"tensorflow.keras.{sub}"] = getattr(keras, sub)


# The documented shapes of Keras's bundled datasets (each loader's docstring): fixtures that load
# them get zeros of those shapes, so no download is needed. Only shapes matter to summaries.
DATASET_SHAPES = {
    "mnist": ((60000, 28, 28), (60000,), (10000, 28, 28), (10000,)),
    "fashion_mnist": ((60000, 28, 28), (60000,), (10000, 28, 28), (10000,)),
    "cifar10": ((50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1)),
    "cifar100": ((50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1)),
    "boston_housing": ((404, 13), (404,), (102, 13), (102,)),
}


def install_offline_datasets() -> None:
    import numpy as np

    import keras

    def loader(shapes):
        def load_data(*args, **kwargs):
            xs, ys, xt, yt = (np.zeros(s, dtype="uint8") for s in shapes)
            return (xs, ys), (xt, yt)
        return load_data

    for name, shapes in DATASET_SHAPES.items():
        getattr(keras.datasets, name).load_data = loader(shapes)
    for name in ("imdb", "reuters"):
        def seqs(*args, _n={"imdb": (25000, 25000), "reuters": (8982, 2246)}[name], **kwargs):
            x = [np.ones((5,), dtype="int64").tolist() for _ in range(max(_n))]
            xs, xt = np.empty(_n[0], dtype=object), np.empty(_n[1], dtype=object)
            xs[:], xt[:] = x[:_n[0]], x[:_n[1]]
            return (xs, np.zeros(_n[0], dtype="int64")), (xt, np.zeros(_n[1], dtype="int64"))
        getattr(keras.datasets, name).load_data = seqs


def install_offline_weights() -> None:
    """keras.applications with weights="imagenet" would download them: the architecture is what
    the summaries record, so the download is skipped and the random initial weights kept."""
    import keras
    from keras.src.utils import file_utils

    if getattr(keras.Model, "_golden_offline_weights", False):
        return
    keras.Model._golden_offline_weights = True
    file_utils.get_file = lambda *args, **kwargs: "<pretrained weights not downloaded>"
    original = keras.Model.load_weights

    def load_weights(self, filepath, *args, **kwargs):
        if filepath == "<pretrained weights not downloaded>":
            return None
        return original(self, filepath, *args, **kwargs)
    keras.Model.load_weights = load_weights


def install_light_training() -> None:
    """fit/evaluate/predict on the first batch only: a model is built by the first batch of data,
    exactly as in a full run, without minutes of training."""
    import keras
    from keras.src import tree

    if getattr(keras.Model, "_golden_light", False):
        return
    keras.Model._golden_light = True

    def first_rows(data, n):
        return tree.map_structure(lambda a: a[:n] if hasattr(a, "shape") and len(a.shape) else a, data)

    for method in ("fit", "evaluate", "predict"):
        original = getattr(keras.Model, method)

        def light(self, x=None, *args, _original=original, _method=method, **kwargs):
            batch = kwargs.get("batch_size") or (args[1] if _method != "predict" and len(args) > 1 else None) or 32
            if x is not None and not callable(getattr(x, "__next__", None)):
                x = first_rows(x, batch)
                if _method != "predict":
                    y = kwargs.pop("y", args[0] if args else None)
                    args = (first_rows(y, batch),) + tuple(args[1:]) if args else ()
                    if not args:
                        kwargs["y"] = first_rows(y, batch)
            for drop in ("epochs", "validation_data", "validation_split", "callbacks", "steps_per_epoch",
                         "validation_steps"):
                kwargs.pop(drop, None)
            kwargs["verbose"] = 0
            if _method != "predict":
                args = args[:1]
            return _original(self, x, *args, **kwargs)

        setattr(keras.Model, method, light)


def run_fixture(path: Path) -> dict:
    import contextlib
    import io

    import keras
    from keras.src.models import functional, model as model_module, sequential

    install_tensorflow_alias()
    install_offline_datasets()
    install_offline_weights()
    install_light_training()
    keras.backend.clear_session()
    created = []
    fixture = Path(path).resolve()
    classes = (model_module.Model, functional.Functional, sequential.Sequential)
    originals = {cls: cls.__dict__["__init__"] for cls in classes}

    def wrap(cls, original):
        def recording_init(self, *args, **kwargs):
            original(self, *args, **kwargs)
            if any(m is self for m, _ in created):
                return
            # Walk out of Keras's own frames. A model Keras makes for itself (Sequential's
            # internal rebuild) has a Keras method other than a constructor on the way;
            # keras.models.clone_model's copy is the script's model.
            frame = sys._getframe(1)
            while frame is not None:
                filename = frame.f_code.co_filename.replace("\\", "/")
                if frame.f_code.co_name == "recording_init":
                    frame = frame.f_back
                    continue
                if "keras/src/" not in filename or "keras/src/applications" in filename:
                    break
                if frame.f_code.co_name not in ("__init__", "__new__", "__call__", "error_handler", "clone_model",
                                                "_clone_functional_model", "_clone_sequential_model"):
                    return
                frame = frame.f_back
            caller = frame
            # A subclassed model is recorded where it is instantiated, not at its super().__init__().
            while caller is not None and (Path(caller.f_code.co_filename).resolve() != fixture or (
                    caller.f_code.co_name == "__init__" and caller.f_locals.get("self") is self)):
                caller = caller.f_back
            if caller is not None:
                created.append((self, caller.f_lineno))
        return recording_init

    for cls, original in originals.items():
        cls.__init__ = wrap(cls, original)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            namespace = runpy.run_path(str(fixture), run_name="__main__")
            for expr in namespace.get("GOLDEN_CALLS", []):
                eval(expr, namespace)  # our own fixture's declared builder calls
    finally:
        for cls, original in originals.items():
            cls.__init__ = original
    return {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "models": [model_record(m, line) for m, line in created],
    }


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for arg in argv:
        path = Path(arg)
        record = run_fixture(path)
        out = path.with_suffix(".keras.json")
        out.write_text(json.dumps(record, indent=1) + "\n")
        print(f"{out}: {len(record['models'])} model(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
