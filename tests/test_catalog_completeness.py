"""Every public class of the installed ``keras.layers`` has a spec, or a written reason why not.

The reasons live in kerasaudit/catalog/not_modelled.py (one small reviewed table).
IN_PROGRESS lists classes other branches are adding right now; it must shrink to nothing.
"""

from __future__ import annotations

import inspect
import os

import pytest

from kerasaudit.catalog import all_specs
from kerasaudit.catalog.not_modelled import NOT_MODELLED

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")

# Classes another branch is adding right now; remove names as they land (empty: all done).
IN_PROGRESS: set[str] = set()


def public_layer_classes() -> list[str]:
    return sorted(n for n in dir(keras.layers) if not n.startswith("_") and inspect.isclass(getattr(keras.layers, n)))


def test_every_public_layer_class_has_a_spec_or_a_reason() -> None:
    specs = all_specs()
    missing = [n for n in public_layer_classes() if n not in specs and n not in NOT_MODELLED and n not in IN_PROGRESS]
    assert not missing, f"keras.layers classes with neither a spec nor a reason in not_modelled.py: {missing}"


def test_reasons_are_only_for_classes_without_a_spec() -> None:
    specs = all_specs()
    both = sorted(n for n in NOT_MODELLED if n in specs)
    assert not both, f"classes with a spec and a reason why they cannot have one: {both}"
    stale = sorted(n for n in NOT_MODELLED if not hasattr(keras.layers, n))
    assert not stale, f"not_modelled.py names classes keras.layers does not have: {stale}"


def test_in_progress_list_is_honest() -> None:
    done = sorted(n for n in IN_PROGRESS if n in all_specs())
    assert not done, f"these have specs now; remove them from IN_PROGRESS: {done}"
