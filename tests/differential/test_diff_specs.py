"""Per-spec check: every catalog spec that has an entry, on drawn inputs and arguments,
gives Keras's output shape and parameter counts -- or flags what Keras rejects."""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

from hypothesis import given  # noqa: E402

from kerasaudit.catalog import all_specs  # noqa: E402

from . import keras_oracle as oracle  # noqa: E402
from .cases import cases, check_case, explain_case  # noqa: E402
from .config import diff_settings  # noqa: E402
from .entries import COVERED_BY, NEEDS_TENSORFLOW, WITHOUT_ENTRY, active_entries, all_entries  # noqa: E402

pytestmark = [pytest.mark.keras, pytest.mark.filterwarnings("ignore::UserWarning")]

ACTIVE = active_entries()


@pytest.mark.parametrize("name", sorted(ACTIVE))
def test_spec_matches_keras(name: str) -> None:
    @diff_settings(25, long_share=0.1)
    @given(cases(ACTIVE[name]))
    def run(case) -> None:
        problems = check_case(case)
        assert not problems, explain_case(case, problems)

    run()


def test_every_entry_is_a_keras_layer() -> None:
    missing = sorted(n for n, e in all_entries().items() if not e.is_op and not oracle.class_exists(n))
    assert not missing, f"entries for classes keras.layers does not have: {missing}"


def test_specs_without_an_entry() -> None:
    """Every catalog spec of a keras.layers class has an entry, or a written reason why not."""
    all_entries()
    names = {s.name for s in all_specs().values()} - set(all_entries()) - set(COVERED_BY) - set(WITHOUT_ENTRY)
    missing = sorted(n for n in names if oracle.class_exists(n))
    assert not missing, (f"{len(missing)} catalog specs have no differential entry: {', '.join(missing)} -- "
                         "write one in tests/differential/entries/, or say why not in entries.WITHOUT_ENTRY")


def test_reasons_without_an_entry_still_hold() -> None:
    """A reason that stops being true (an entry was written, Keras no longer needs TensorFlow)
    would hide a spec from the tester: each must still hold."""
    both = sorted(set(WITHOUT_ENTRY) & set(all_entries()))
    assert not both, f"listed in WITHOUT_ENTRY but they have an entry: {both}"
    runs = []
    for name in NEEDS_TENSORFLOW:
        try:
            getattr(oracle.keras().layers, name)(**({"num_bins": 2} if "Hash" in name else {}))
            runs.append(name)
        except ImportError as exc:
            assert "requires TensorFlow" in str(exc), (name, exc)
    assert not runs, f"these layers now build without TensorFlow, give them entries: {runs}"
