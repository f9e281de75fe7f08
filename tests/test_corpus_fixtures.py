"""fixtures/corpus/: idioms found in public model code (each reproduced in our own code, its
numbers recorded from real Keras by tools/make_golden.py). The summaries are compared by
test_golden_summaries.py; here, the lint half: this is correct code that real Keras runs, so
`kerasaudit check` must report no error and no warning on it. Keras 1/2 code (a fixture that
declares its Keras 3 equivalent) may get the legacy-API diagnostics (KA5xx) and nothing else."""

from __future__ import annotations

import json

from conftest import FIXTURES, run_cli
from golden import declared_golden

CORPUS = FIXTURES / "corpus"


def test_correct_corpus_idioms_get_no_error_or_warning() -> None:
    files = sorted(CORPUS.glob("*.py"))
    assert files
    result = run_cli("check", "--format", "json", "--exit-zero", *map(str, files))
    assert result.returncode == 0, result.stderr
    legacy = {str(f) for f in files if declared_golden(f) is not None}
    findings = [f"{f['path']}:{d['line']}: {d['code']} {d['message']}"
                for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]
                if d["severity"] in ("error", "warning") and not (f["path"] in legacy and d["code"][:3] == "KA5")]
    assert not findings, "\n".join(findings)


def test_a_range_too_large_for_len_is_unknown_not_a_crash(tmp_path) -> None:
    """A mutated fixture looped over range(10**100): len() of it overflows in Python itself."""
    script = tmp_path / "big.py"
    script.write_text("import keras\nfor i in range(10**100):\n    pass\nr = range(-10**30, 5)\n"
                      "m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n")
    result = run_cli("summary", "--format", "json", str(script))
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(result.stdout)["files"][0]
    assert [d["code"] for d in document["diagnostics"]] == []
    assert document["models"][0]["total_params"] == 8
