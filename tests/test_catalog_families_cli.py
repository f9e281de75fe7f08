"""Convolution, pooling, normalization, preprocessing and Keras 1 spellings through the CLI:
`kerasaudit summary --format json` gives what real Keras printed (the golden files)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run_cli
from golden import _dims_match

CATALOG = FIXTURES / "catalog"


def _summary(*paths) -> dict:
    out = run_cli("summary", "--format", "json", *map(str, paths))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _assert_equal(models: list, golden: dict, same_lines: bool = True) -> None:
    assert len(models) == len(golden["models"])
    for ours, keras in zip(models, golden["models"]):
        if same_lines:
            assert ours["line"] == keras["line"]
        for label in ("total_params", "trainable_params", "non_trainable_params"):
            assert ours[label] == keras[label], (keras["name"], label)
        assert [(r["class"], r["params"]) for r in ours["layers"]] == \
            [(r["class"], r["params"]) for r in keras["layers"]], keras["name"]
        for row, krow in zip(ours["layers"], keras["layers"]):
            assert _dims_match(row["output_shape"], krow["output_shape"]), (keras["name"], krow["name"])


def test_several_family_fixtures_in_one_run() -> None:
    names = ["conv", "normalization", "preprocessing"]
    doc = _summary(*(CATALOG / f"{n}.py" for n in names))
    by_path = {f["path"].rsplit("/", 1)[-1]: f for f in doc["files"]}
    for name in names:
        golden = json.loads((CATALOG / f"{name}.keras.json").read_text())
        _assert_equal(by_path[f"{name}.py"]["models"], golden)


@pytest.mark.parametrize("legacy,modern", [("legacy_keras1", "legacy_keras1_modern"),
                                           ("legacy_locally_connected", "tf_keras_only")])
def test_legacy_spellings_through_the_cli(legacy: str, modern: str) -> None:
    doc = _summary(CATALOG / f"{legacy}.py")
    golden = json.loads((CATALOG / f"{modern}.keras.json").read_text())
    _assert_equal(doc["files"][0]["models"], golden, same_lines=False)
    # Keras 1 names are reported as the Keras 3 class they are (Convolution2D is a Conv2D).
    classes = {r["class"] for m in doc["files"][0]["models"] for r in m["layers"]}
    assert not classes & {"Convolution2D", "Convolution1D", "Deconvolution2D", "AtrousConvolution2D"}
