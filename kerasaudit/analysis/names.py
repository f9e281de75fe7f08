"""One table from every spelling users write to one canonical Keras name.

``tensorflow.keras.layers.Conv2D``, ``tf.keras.layers.Conv2D`` (with ``tf`` bound to
``tensorflow``), ``tf_keras.layers.Conv2D``, ``keras.src.layers.convolutional.conv2d.Conv2D``
and ``keras.layers.convolutional.Conv2D`` all become ``keras.layers.Conv2D``. Paths are
only rewritten, never imported.
"""

from __future__ import annotations

from functools import lru_cache

# Prefixes that are Keras under another name, longest first.
_KERAS_PREFIXES = (
    "tensorflow.python.keras",
    "tensorflow.compat.v2.keras",
    "tensorflow.compat.v1.keras",
    "tensorflow.keras",
    "keras._tf_keras.keras",
    "keras.api._v2.keras",
    "keras.api",
    "tf_keras",
    "keras",
)

# Keras 2 module paths whose last component is the object: keras.engine.training.Model...
_TOP_LEVEL = {
    "Model": "keras.Model",
    "Functional": "keras.Model",
    "Sequential": "keras.Sequential",
    "Input": "keras.Input",
}

# Sub-packages whose members are exposed flat under keras.layers (Keras 2 layouts, keras.src).
_LAYER_PACKAGES = ("layers", "engine", "legacy", "src")


def is_keras(path: str) -> bool:
    return canonical(path).startswith("keras")


@lru_cache(maxsize=4096)
def canonical(path: str) -> str:
    """The canonical dotted name of a library object, Keras spellings unified."""
    for prefix in _KERAS_PREFIXES:
        if path == prefix or path.startswith(prefix + "."):
            rest = path[len(prefix):].lstrip(".")
            return _canonical_keras(rest)
    return path


def _canonical_keras(rest: str) -> str:
    if not rest:
        return "keras"
    parts = rest.split(".")
    if parts[0] == "src":
        parts = parts[1:]
        if not parts:
            return "keras"
    last = parts[-1]
    head = parts[0]
    if len(parts) == 1:
        return f"keras.{last}"
    if head == "models" and last in _TOP_LEVEL:
        return _TOP_LEVEL[last]
    if head == "engine" or (head == "models" and len(parts) > 2):
        if last in _TOP_LEVEL:
            return _TOP_LEVEL[last]
        if head == "engine":
            return f"keras.layers.{last}"
    if head == "layers":
        if last == "Input":
            return "keras.Input"
        # keras.layers.convolutional.Conv2D, keras.layers.experimental.preprocessing.Rescaling,
        # keras.src.layers.core.dense.Dense -> keras.layers.<last>
        return f"keras.layers.{last}"
    if head == "legacy" and len(parts) > 1 and parts[1] == "layers":
        return f"keras.layers.{last}"
    if head in ("backend", "ops", "utils", "applications", "optimizers", "losses", "metrics", "callbacks",
                "regularizers", "initializers", "constraints", "activations", "datasets", "preprocessing",
                "saving", "random", "mixed_precision", "export", "config", "dtype_policies", "models"):
        if head == "applications" and len(parts) > 2 and last[:1].isupper():
            # keras.applications.resnet50.ResNet50 -> keras.applications.ResNet50
            return f"keras.applications.{last}"
        if head == "utils" and len(parts) > 2:
            return f"keras.utils.{last}"
        return "keras." + ".".join(parts)
    return "keras." + ".".join(parts)


def layer_class_name(canonical_name: str) -> str | None:
    """``keras.layers.Conv2D`` -> ``Conv2D``; None for anything that is not under keras.layers."""
    if canonical_name.startswith("keras.layers.") and canonical_name.count(".") == 2:
        return canonical_name.rsplit(".", 1)[1]
    return None


_MODEL_MODULE = {"Model", "Sequential", "Functional", "load_model", "save_model", "clone_model", "model_from_json",
                 "model_from_yaml", "model_from_config", "Input"}
_LAYER_FUNCTIONS = {"concatenate", "add", "subtract", "multiply", "average", "maximum", "minimum", "dot", "merge",
                    "Input", "InputLayer", "Layer", "InputSpec", "Wrapper", "serialize", "deserialize"}
_TOP_LEVEL_EXPORTS = {"Input", "Model", "Sequential", "layers", "models", "ops", "backend", "utils", "applications",
                      "optimizers", "losses", "metrics", "callbacks", "regularizers", "initializers", "constraints",
                      "activations", "datasets", "preprocessing", "saving", "random", "config", "Layer", "Operation",
                      "KerasTensor", "Variable", "mixed_precision", "export", "visualization", "tree", "quantizers",
                      "dtype_policies", "distribution", "device", "name_scope", "StatelessScope", "Function"}


def star_exports(module: str, name: str) -> bool | None:
    """Whether ``from <module> import *`` binds ``name``: True/False when known, None when
    the module's contents are not known to kerasaudit."""
    path = canonical(module)
    if path == "keras.layers":
        from ..catalog import lookup
        return lookup(name) is not None or name in _LAYER_FUNCTIONS
    if path == "keras.models":
        return name in _MODEL_MODULE
    if path == "keras":
        return name in _TOP_LEVEL_EXPORTS
    return None
