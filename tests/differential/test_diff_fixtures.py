"""Scripts the differential tester found that Keras cannot build (so they have no golden file):
kerasaudit must still flag them where Keras raises and claim no numbers for them.

``fixtures/differential/rejected/*.py`` mark the rejected layer's line with ``# keras-raises``.
Found failures of scripts Keras does build live beside them with golden files, checked by
tests/test_golden_summaries.py like every fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("keras")

from kerasaudit.api import check_source  # noqa: E402

from . import keras_oracle as oracle  # noqa: E402
from .check import check_rejected, statement_span  # noqa: E402

pytestmark = [pytest.mark.keras, pytest.mark.filterwarnings("ignore::UserWarning")]

REJECTED = sorted((oracle.ROOT / "fixtures" / "differential" / "rejected").glob("*.py"))


@pytest.mark.parametrize("path", REJECTED, ids=[p.stem for p in REJECTED])
def test_rejected_fixture_is_flagged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    marked = {i + 1 for i, line in enumerate(text.splitlines()) if line.rstrip().endswith("# keras-raises")}
    assert marked, "mark the layer Keras rejects with # keras-raises"
    run = oracle.run_script(path)
    assert run.record is None, "Keras builds this script: give it a golden file instead"
    lines = statement_span(text, run.error_line) | marked
    result = check_source(text, str(path))
    problems = check_rejected(result, lines, run.error or "", marked)
    assert not problems, "\n".join(problems)
