#!/usr/bin/env python3
"""Record the layer graphs of every ``keras.applications`` model as data, from real Keras.

kerasaudit rebuilds ``ResNet50(include_top=False, input_shape=(160, 160, 3))`` and friends from
this table with its own layer catalog, for any input size, ``pooling`` and ``classes``: the table
holds facts (each layer's class, the constructor arguments its spec needs, what it is called on,
the order Keras hands out automatic names), never Keras code. Run it once per Keras release:

    KERAS_BACKEND=jax python tools/make_applications_table.py [--only ResNet50,VGG16]

It writes ``kerasaudit/data/applications.json.gz``. For each application it builds (with
``weights=None``, nothing is downloaded):

- every *structural* variant: ``include_top`` True/False, ``pooling`` None/avg/max, and where the
  application has them the recorded ``alpha`` values, ``minimalistic``, ``include_preprocessing``;
- the headless body at several input sizes (odd, even, unknown) to find the layers whose
  arguments depend on the input size (``ZeroPadding2D`` set by ``imagenet_utils.correct_pad``)
  and to check that nothing else does;
- the classifier with other ``classes``/``classifier_activation``/dropout values, to find which
  arguments carry them (recorded as templates).
"""

from __future__ import annotations

import argparse
import gzip
import inspect
import json
import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = Path(__file__).resolve().parent.parent / "kerasaudit" / "data" / "applications.json.gz"

# Constructor arguments that change the graph's structure, and the values recorded for them.
ALPHAS = {"MobileNet": [0.25, 0.5, 0.75, 1.0], "MobileNetV2": [0.35, 0.5, 0.75, 1.0, 1.3, 1.4],
          "MobileNetV3Small": [0.75, 1.0], "MobileNetV3Large": [0.75, 1.0]}
# Arguments whose value only appears inside some layers' arguments: recorded with a second value.
TEMPLATED = {"classes": 7, "classifier_activation": "sigmoid", "dropout": 0.123, "dropout_rate": 0.123}
# Config keys no shape or weight count depends on.
DROP_KEYS = {"name", "trainable", "dtype", "kernel_initializer", "bias_initializer", "kernel_regularizer",
             "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint",
             "depthwise_initializer", "pointwise_initializer", "depthwise_regularizer", "pointwise_regularizer",
             "depthwise_constraint", "pointwise_constraint", "beta_initializer", "gamma_initializer",
             "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer",
             "beta_constraint", "gamma_constraint", "seed", "quantization_config", "lora_rank", "lora_alpha"}
SIZES = [(227, 195), (162, 130), (None, None)]


def jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        if "class_name" in value and "config" in value:  # a serialized Keras object (activation function)
            return {"$object": value.get("class_name"), "config": jsonable(value.get("config"))}
        return {str(k): jsonable(v) for k, v in value.items()}
    return {"$unsupported": type(value).__name__}


class Recorder:
    """Watches Keras hand out automatic names and call obtain_input_shape."""

    def __init__(self) -> None:
        import keras.src.applications.imagenet_utils as iu
        from keras.src.backend.common import variables
        from keras.src.ops import operation

        self.autos: list[tuple[str, str]] = []
        self.obtain: list[dict] = []
        for module in (operation, variables):
            original = module.auto_name

            def recording(prefix, _original=original):
                name = _original(prefix)
                self.autos.append((prefix, name))
                return name
            module.auto_name = recording
        original_obtain = iu.obtain_input_shape

        def obtain(*args, **kwargs):
            params = ["input_shape", "default_size", "min_size", "data_format", "require_flatten", "weights"]
            call = dict(zip(params, args))
            call.update(kwargs)
            # input_shape: what the application passes when the user gives none (NASNet's default)
            self.obtain.append({k: jsonable(v) for k, v in call.items()
                                if k in ("default_size", "min_size", "input_shape")})
            return original_obtain(*args, **kwargs)
        iu.obtain_input_shape = obtain
        import keras.src.applications as apps_pkg
        import pkgutil
        import importlib
        for info in pkgutil.iter_modules(apps_pkg.__path__):
            mod = importlib.import_module(f"keras.src.applications.{info.name}")
            if getattr(mod, "imagenet_utils", None) is iu:
                pass  # they call iu.obtain_input_shape through the module: patched above

    def reset(self) -> None:
        import keras
        keras.backend.clear_session()
        self.autos.clear()
        self.obtain.clear()


def tensor_ref(t):
    op, node_index, tensor_index = t._keras_history
    return ["@", op.name, node_index, tensor_index]


def encode_args(value):
    from keras.src.backend.common.keras_tensor import KerasTensor
    if isinstance(value, KerasTensor):
        return tensor_ref(value)
    if isinstance(value, (list, tuple)):
        return [encode_args(v) for v in value]
    if isinstance(value, dict):
        return {k: encode_args(v) for k, v in value.items()}
    return jsonable(value)


def layer_record(layer, auto_index: dict) -> dict:
    from keras.src.layers import InputLayer
    from keras.src.layers.layer import Layer
    from keras.src.models import Sequential

    rec: dict = {"c": type(layer).__name__}
    if layer.name in auto_index:
        rec["a"] = auto_index[layer.name]
    else:
        rec["n"] = layer.name
    if "applications" in type(layer).__module__:
        rec["private"] = True
    if isinstance(layer, InputLayer):
        return rec
    if isinstance(layer, Sequential):
        rec["layers"] = [layer_record(inner, auto_index) for inner in layer.layers]
        return rec
    if isinstance(layer, Layer):
        cfg = layer.get_config()
        rec["cfg"] = {k: jsonable(v) for k, v in sorted(cfg.items()) if k not in DROP_KEYS}
    else:
        rec["op"] = True
    return rec


def graph(model, recorder: Recorder) -> dict:
    auto_index = {name: i for i, (_, name) in enumerate(recorder.autos)}
    records = []
    for op in model._operations:
        rec = layer_record(op, auto_index)
        nodes = op._inbound_nodes
        if len(nodes) != 1:
            raise RuntimeError(f"{model.name}: {op.name} has {len(nodes)} nodes in the model")
        node = nodes[0]
        if rec["c"] != "InputLayer":
            rec["args"] = encode_args(list(node.arguments.args))
            kwargs = encode_args(dict(node.arguments.kwargs))
            if kwargs:
                rec["kwargs"] = kwargs
        records.append(rec)
    outputs = [tensor_ref(t) for t in model.outputs]
    pads = {op.name: [None if d is None else int(d) for d in op._inbound_nodes[0].input_tensors[0].shape[1:3]]
            for op in model._operations if type(op).__name__ == "ZeroPadding2D"}
    counts = {"total": int(sum(math.prod(w.shape) for w in model.weights)),
              "trainable": int(sum(math.prod(w.shape) for w in model.trainable_weights)),
              "params": [int(op.count_params()) if hasattr(op, "count_params") else 0 for op in model._operations],
              "output": [None if d is None else int(d) for d in model.outputs[0].shape]}
    return {"name": model.name, "layers": records, "outputs": outputs, "pad_inputs": pads, "keras": counts,
            "input": [None if d is None else int(d) for d in model.inputs[0].shape[1:]],
            "autos": [prefix for prefix, _ in recorder.autos],
            "obtain": recorder.obtain[0] if recorder.obtain else None}


def build(recorder: Recorder, app: str, weights=None, **kwargs) -> dict:
    import keras
    recorder.reset()
    # Variables without values: only the graph matters, and 100M-parameter initialisations are slow.
    with keras.StatelessScope(initialize_variables=False):
        model = getattr(keras.applications, app)(weights=weights, **kwargs)
        return graph(model, recorder)


def install_offline_weights() -> None:
    """weights="imagenet" changes some graphs (EfficientNet adds a Rescaling): build them without
    downloading anything."""
    import keras
    from keras.src.utils import file_utils
    file_utils.get_file = lambda *args, **kwargs: "<not downloaded>"
    original = keras.Model.load_weights

    def load_weights(self, filepath, *args, **kwargs):
        return None if filepath == "<not downloaded>" else original(self, filepath, *args, **kwargs)
    keras.Model.load_weights = load_weights


def structure_key(rec: dict) -> str:
    """A record without what may depend on the input size."""
    rec = dict(rec)
    if rec["c"] == "ZeroPadding2D":
        rec["cfg"] = {k: v for k, v in rec["cfg"].items() if k != "padding"}
    return json.dumps(rec, sort_keys=True)


class StructureChanges(RuntimeError):
    """The application's layers themselves depend on the input size (NASNet): recorded per size."""


# Input sizes recorded for an application whose structure depends on the size.
COMMON_SIZES = [(224, 224), (331, 331), (299, 299), (256, 256), (192, 192), (160, 160), (150, 150), (128, 128),
                (96, 96), (64, 64), (32, 32)]


def correct_pad(size, kernel):
    adjust = (1, 1) if size[0] is None else (1 - size[0] % 2, 1 - size[1] % 2)
    correct = (kernel // 2, kernel // 2)
    return [[correct[0] - adjust[0], correct[0]], [correct[1] - adjust[1], correct[1]]]


def size_rules(app: str, body: dict, recorder: Recorder, extra: dict) -> dict:
    """Build the headless body at other input sizes: the structure must not change, and every
    ZeroPadding2D whose padding changes must be ``correct_pad(its input, k)`` at every size.
    Returns {layer name: k}."""
    sized = [body] + [build(recorder, app, include_top=False, input_shape=(*size, 3), **extra) for size in SIZES]
    ref = [structure_key(r) for r in body["layers"]]
    for g in sized[1:]:
        if [structure_key(r) for r in g["layers"]] != ref:
            raise StructureChanges(f"{app} {extra}: the graph's structure changes with the input size {g['input']}")
    rules: dict = {}
    for i, rec in enumerate(body["layers"]):
        if rec["c"] != "ZeroPadding2D":
            continue
        values = [g["layers"][i]["cfg"]["padding"] for g in sized]
        if all(v == values[0] for v in values):
            continue  # the same padding at every size
        kernel = 2 * values[0][0][1] + 1
        for g, v in zip(sized, values):
            if v != correct_pad(g["pad_inputs"][rec["n"]], kernel):
                raise RuntimeError(f"{app}: the padding of {rec['n']} depends on the input size in an unknown way")
        rules[rec["n"]] = kernel
    return rules


def templates(default: dict, changed: dict, values: dict) -> list:
    """[layer name, config path, argument] for every config value that follows an argument."""
    out = []
    if len(default["layers"]) != len(changed["layers"]):
        raise RuntimeError("templated arguments changed the structure")

    def walk(a, b, path, pos):
        if isinstance(a, dict) and isinstance(b, dict):
            for k in a:
                walk(a[k], b.get(k), path + [k], pos)
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, path + [i], pos)
        elif a != b:
            if path and path[-1] == "rate":
                return  # a dropout rate changes no shape or weight: not recorded
            for arg, new in values.items():
                if b == new:
                    out.append([pos, path, arg])
                    return
            raise RuntimeError(f"layer {pos}: {path} changed from {a!r} to {b!r}, not a recorded argument")

    for ra, rb in zip(default["layers"], changed["layers"]):
        if ra.get("n") != rb.get("n") or ra["c"] != rb["c"]:
            raise RuntimeError("templated arguments changed the structure")
        before = len(out)
        walk(ra.get("cfg"), rb.get("cfg"), [], ra.get("n"))
        if len(out) != before and "n" not in ra:
            raise RuntimeError(f"a templated argument lands in an automatically named {ra['c']}")
    return out


def record_app(app: str, recorder: Recorder) -> dict:
    import keras
    fn = getattr(keras.applications, app)
    signature = [[p.name, jsonable(p.default) if p.default is not inspect.Parameter.empty else None]
                 for p in inspect.signature(fn).parameters.values()]
    params = {p for p, _ in signature}
    structural = []
    combos: list[dict] = [{}]
    if app in ALPHAS:
        combos = [{"alpha": a} for a in ALPHAS[app]]
    if "minimalistic" in params:
        combos = [dict(c, minimalistic=m) for c in combos for m in (False, True)]
    if "include_preprocessing" in params:
        combos = [dict(c, include_preprocessing=p) for c in combos for p in (True, False)]
    for c in combos:
        structural.extend(c)
    # Does weights="imagenet" change the graph (not only what is loaded into it)?
    plain = build(recorder, app, include_top=False, **combos[0])
    pretrained = build(recorder, app, weights="imagenet", include_top=False, **combos[0])
    if [structure_key(r) for r in plain["layers"]] != [structure_key(r) for r in pretrained["layers"]]:
        combos = [dict(c, weights=w) for c in combos for w in (None, "imagenet")]
        structural.append("weights")
    variants = {}
    rules: dict = {}
    template_list = None
    size_specific = False
    for combo in combos:
        for top, pooling in ((True, None), (False, None), (False, "avg"), (False, "max")):
            g = build(recorder, app, include_top=top, pooling=pooling, **combo)
            variants[(json.dumps(combo, sort_keys=True), top, pooling, None)] = g
            if not top and pooling is None and not size_specific:
                try:
                    rules.update(size_rules(app, g, recorder, combo))
                except StructureChanges:
                    size_specific = True
            if size_specific and not top:
                for size in COMMON_SIZES:
                    variants[(json.dumps(combo, sort_keys=True), top, pooling, size)] = build(
                        recorder, app, include_top=False, pooling=pooling, input_shape=(*size, 3), **combo)
            if top and template_list is None:
                values = {k: v for k, v in TEMPLATED.items() if k in params}
                if combo.get("weights") == "imagenet":
                    values.pop("classes", None)  # Keras requires 1000 classes with imagenet weights
                    values.pop("classifier_activation", None)
                changed = build(recorder, app, include_top=True, **combo, **values)
                template_list = templates(g, changed, values)
    keyed = {}
    for (combo, top, pooling, size), g in variants.items():
        g.pop("pad_inputs", None)
        key = dict(json.loads(combo), include_top=top, pooling=pooling)
        if size_specific:
            # the size the graph was recorded for: the default for a classifier, None for unknown sizes
            key["size"] = list(size) if size else (g["input"][:2] if top else None)
        keyed[json.dumps(key, sort_keys=True)] = g
    variants = keyed
    if size_specific:
        rules = {}  # each size's paddings are recorded as they are
    # the same templates hold for every combination (the classifier is the same code)
    return {"signature": signature, "size_specific": size_specific,
            "structural": sorted(set(structural) | {"include_top", "pooling"}),
            "variants": variants, "pad_rules": rules, "templates": template_list or []}


def compact(table: dict) -> dict:
    """Layer records shared between variants are stored once (a pool) and referred to by index."""
    pool: list = []
    index: dict = {}
    for app in table["apps"].values():
        for g in app["variants"].values():
            refs = []
            for rec in g["layers"]:
                key = json.dumps(rec, sort_keys=True)
                if key not in index:
                    index[key] = len(pool)
                    pool.append(rec)
                refs.append(index[key])
            g["layers"] = refs
    table["pool"] = pool
    return table


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated application names (default: all)")
    parser.add_argument("--output", default=str(OUT))
    args = parser.parse_args(argv)
    import warnings

    import keras
    warnings.simplefilter("ignore")
    recorder = Recorder()
    install_offline_weights()
    names = [n for n in dir(keras.applications) if n[:1].isupper()]
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    table: dict = {"keras_version": keras.__version__, "apps": {}}
    if args.only and Path(args.output).exists():  # update some applications of an existing table
        with gzip.open(args.output, "rb") as fh:
            old = json.loads(fh.read())
        pool = old.pop("pool")
        for app in old["apps"].values():
            for g in app["variants"].values():
                g["layers"] = [pool[i] for i in g["layers"]]
        table["apps"].update(old["apps"])
    for name in names:
        start = time.perf_counter()
        table["apps"][name] = record_app(name, recorder)
        print(f"{name}: {len(table['apps'][name]['variants'])} variants, "
              f"{len(table['apps'][name]['pad_rules'])} size-dependent paddings, "
              f"{time.perf_counter() - start:.1f} s", flush=True)
    data = json.dumps(compact(table), separators=(",", ":"), sort_keys=True).encode()
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
        fh.write(data)  # mtime=0: the same table gives the same bytes
    print(f"{args.output}: {len(data):,} bytes of JSON, {Path(args.output).stat().st_size:,} gzipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
