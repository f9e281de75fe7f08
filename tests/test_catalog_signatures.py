"""Each spec's constructor signature is the real Keras class's: names, order, defaults.

Specs of Keras 1/2 classes that Keras 3 no longer has (CuDNNLSTM, Merge...) are skipped:
there is no installed class to compare them with.
"""

from __future__ import annotations

import inspect
import os

import pytest

from kerasaudit.catalog import all_specs
from kerasaudit.catalog.spec import LayerSpec

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")

REQUIRED = "<required>"


def keras_signature(cls: type) -> list[tuple[str, object]]:
    """(name, default) of the explicit constructor parameters, in order."""
    out = []
    for p in inspect.signature(cls.__init__).parameters.values():
        if p.name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        out.append((p.name, REQUIRED if p.default is p.empty else p.default))
    return out


def spec_signature(spec: LayerSpec) -> list[tuple[str, object]]:
    return [(n, spec.params.defaults.get(n, REQUIRED)) for n in spec.params.order]


def _specs_with_keras_class() -> list[tuple[str, LayerSpec]]:
    seen: set[int] = set()
    out = []
    for name, spec in sorted(all_specs().items()):
        if id(spec) in seen or not hasattr(keras.layers, spec.name):
            continue
        seen.add(id(spec))
        out.append((spec.name, spec))
    return out


SPECS = _specs_with_keras_class()


@pytest.mark.parametrize("name,spec", SPECS, ids=[n for n, _ in SPECS])
def test_constructor_signature_matches_keras(name: str, spec: LayerSpec) -> None:
    assert spec_signature(spec) == keras_signature(getattr(keras.layers, name))


def test_aliases_are_the_same_keras_class() -> None:
    for name, spec in all_specs().items():
        if name != spec.name and hasattr(keras.layers, name) and hasattr(keras.layers, spec.name):
            assert getattr(keras.layers, name) is getattr(keras.layers, spec.name), name
