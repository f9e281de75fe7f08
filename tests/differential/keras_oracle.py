"""Real Keras, the ground truth: imported once per session, used two ways.

- while generating, :func:`apply` builds one layer on symbolic tensors so the generator
  knows the shape it is working on and whether Keras accepts a combination;
- to judge, :func:`run_script` executes a generated script (our own code, never a user's)
  exactly as ``tools/make_golden.py`` runs a fixture, and returns the same record.
"""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import math
import os
import random
import sys
import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def keras() -> Any:
    import warnings

    warnings.filterwarnings("ignore", module="keras")
    import keras as k  # the ~2 s import happens once per session
    golden_tool().install_tensorflow_alias()
    return k


@lru_cache(maxsize=1)
def golden_tool() -> Any:
    """``tools/make_golden.py`` as a module: one recorder for fixtures and generated scripts."""
    spec = importlib.util.spec_from_file_location("make_golden", ROOT / "tools" / "make_golden.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def no_weight_values() -> Iterator[None]:
    """Build layers without computing initial weight values.

    Initialising a weight makes JAX compile a kernel for each new shape (0.1-4 s on the
    shared CI machine); only shapes matter here. Inside a ``StatelessScope`` Keras creates
    variables with their shapes and defers the values, which we never ask for. Scripts call
    ``clear_session()``, which would drop the scope: it is re-entered right after.
    """
    k = keras()
    from keras.src.backend.common import global_state

    scope = k.StatelessScope(initialize_variables=False)
    real_clear = k.backend.clear_session

    def clear_session(free_memory: bool = True) -> None:
        real_clear(free_memory=False)  # a full gc per script costs more than it saves here
        global_state.set_global_attribute("stateless_scope", scope)

    k.backend.clear_session = clear_session
    try:
        with scope:
            yield
    finally:
        k.backend.clear_session = real_clear


@dataclass
class Applied:
    """One layer applied to symbolic inputs in real Keras."""

    layer: Any  # the Keras layer object (reused when a generated graph shares it)
    outputs: Any  # KerasTensor or a structure of them
    shapes: Any  # tuple, or list of tuples for several outputs
    params: int
    trainable: int
    non_trainable: int


@dataclass
class Rejected:
    """Keras raised: in the constructor (``phase="init"``) or when called (``"call"``)."""

    phase: str
    error: str


def materialize(value: Any) -> Any:
    """Arguments with the layers they name (``entries.Nested``) built."""
    from .entries import Code, Nested

    if isinstance(value, Code):
        return eval(value.spell(), {"keras": keras()})  # noqa: S307 - our own generated code, never a user's
    if isinstance(value, Nested):
        return getattr(keras().layers, value.name)(**materialize(value.kwargs))
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [materialize(v) for v in value]
    return value


def weight_count(weights: list) -> int:
    seen = {id(w): w for w in weights}
    return int(sum(math.prod(w.shape) for w in seen.values()))


def output_shapes(outputs: Any) -> Any:
    k = keras()
    flat = k.tree.flatten(outputs)
    if len(flat) == 1:
        return tuple(flat[0].shape)
    return [tuple(t.shape) for t in flat]


def make_input(shape: tuple, dtype: str = "float32") -> Any:
    state = random.getstate()
    try:
        with no_weight_values():
            return keras().Input(shape=shape, dtype=dtype)
    finally:
        random.setstate(state)


def apply(class_name: str, args: list, kwargs: dict, inputs: Any, layer: Any = None,
          call_kwargs: dict | None = None) -> Applied | Rejected:
    """``keras.layers.<class_name>(*args, **kwargs)(inputs)``, or ``layer(inputs)`` to share."""
    state = random.getstate()  # Keras seeds from Python's random; hypothesis must not see that
    try:
        with no_weight_values():
            return _apply(class_name, args, kwargs, inputs, layer, call_kwargs)
    finally:
        random.setstate(state)


def _apply(class_name: str, args: list, kwargs: dict, inputs: Any, layer: Any,
           call_kwargs: dict | None) -> Applied | Rejected:
    from .entries import REGISTRY, split_call

    k = keras()
    entry = REGISTRY.get(class_name)
    if entry is not None and entry.is_op:
        tensors = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        try:
            out = entry.compute(k, tensors, kwargs)
        except Exception as exc:  # noqa: BLE001
            return Rejected("call", f"{type(exc).__name__}: {exc}")
        return Applied(None, out, output_shapes(out), 0, 0, 0)
    kwargs, call = split_call(kwargs)
    call_kwargs = {**call, **(call_kwargs or {})}
    if layer is None:
        try:
            layer = getattr(k.layers, class_name)(*materialize(args), **materialize(kwargs))
        except Exception as exc:  # noqa: BLE001 - any rejection is an answer
            return Rejected("init", f"{type(exc).__name__}: {exc}")
    try:
        outputs = layer(*inputs, **call_kwargs) if isinstance(inputs, tuple) else layer(inputs, **call_kwargs)
    except Exception as exc:  # noqa: BLE001
        return Rejected("call", f"{type(exc).__name__}: {exc}")
    given = {id(t) for t in k.tree.flatten(inputs)}
    if any(id(t) in given for t in k.tree.flatten(outputs)):
        # Some layers (Equalization in Keras 3.15) return their input tensor on symbolic inputs;
        # a model through them is a cycle Keras refuses to build.
        return Rejected("call", "the layer returns its input tensor: Keras cannot build a model through it")
    return Applied(layer, outputs, output_shapes(outputs), int(layer.count_params()),
                   weight_count(layer.trainable_weights), weight_count(layer.non_trainable_weights))


@lru_cache(maxsize=None)
def signature(callable_path: str) -> tuple[tuple[str, Any], ...]:
    """The positional-or-keyword parameters of a Keras constructor, in order, with defaults
    (``inspect.empty`` when required): real Keras decides which arguments may be positional."""
    k = keras()
    obj: Any = k
    for part in callable_path.split("."):
        obj = getattr(obj, part)
    target = obj.__init__ if inspect.isclass(obj) else obj
    out = []
    for p in inspect.signature(target).parameters.values():
        if p.name == "self":
            continue
        if p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD:
            break
        out.append((p.name, p.default))
    return tuple(out)


@lru_cache(maxsize=None)
def accepts_keyword(class_name: str, keyword: str) -> bool:
    """Whether ``keras.layers.<class_name>(..., keyword=...)`` is accepted at all: a few layers
    (the SpatialDropout family) take no ``**kwargs``, so not even ``input_shape`` or ``trainable``."""
    params = inspect.signature(getattr(keras().layers, class_name).__init__).parameters.values()
    return any(p.kind is inspect.Parameter.VAR_KEYWORD or p.name == keyword for p in params)


@dataclass
class ScriptRun:
    record: dict | None  # make_golden's record when the script ran
    error: str | None = None  # what Keras raised otherwise
    error_line: int | None = None  # the script's line that raised (innermost frame in the script)


def run_script(path: Path) -> ScriptRun:
    """Run a generated script under real Keras, recording its models as make_golden does."""
    keras()
    path = path.resolve()
    try:
        with no_weight_values():
            return ScriptRun(golden_tool().run_fixture(path))
    except Exception as exc:  # noqa: BLE001 - what Keras raised is the expected outcome
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve() == path]
        line = frames[-1].lineno if frames else None
        return ScriptRun(None, f"{type(exc).__name__}: {exc}", line)


def class_exists(class_name: str) -> bool:
    return hasattr(keras().layers, class_name)


__all__ = ["Applied", "Rejected", "ScriptRun", "apply", "keras", "make_input", "run_script", "signature", "accepts_keyword",
           "class_exists", "sys"]
