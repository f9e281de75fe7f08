"""Which parameters are trainable, through the CLI, against what real Keras 3 recorded for
fixtures/realworld/trainable_flags.py: a constructor's trainable=False freezes only the
variables the layer creates itself, a model counts trainable parameters by each variable's
own flag, and a model that is not trainable itself reports none."""

from __future__ import annotations

import json

from conftest import FIXTURES, run_cli

FIXTURE = FIXTURES / "realworld" / "trainable_flags.py"
GOLDEN = json.loads(FIXTURE.with_suffix(".keras.json").read_text())["models"]


def _models(*extra: str) -> list[dict]:
    out = run_cli("summary", "--format", "json", *extra, str(FIXTURE))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["files"][0]["models"]


def test_totals_and_rows_split_as_keras_splits_them() -> None:
    models = _models()
    assert [m["keras_name"] for m in models] == [m["name"] for m in GOLDEN]
    for model, keras_model in zip(models, GOLDEN):
        for key in ("total_params", "trainable_params", "non_trainable_params"):
            assert model[key] == keras_model[key], (model["keras_name"], key)
        for row, krow in zip(model["layers"], keras_model["layers"]):
            assert (row["trainable_params"], row["non_trainable_params"]) == \
                (krow["trainable_params"], krow["non_trainable_params"]), row["name"]
    attention = models[1]
    # Keras: MultiHeadAttention(trainable=False) still trains its EinsumDense projections
    assert (attention["trainable_params"], attention["non_trainable_params"]) == (1122, 52)


def test_weights_list_says_what_the_model_trains() -> None:
    weights = _models("--weights")[0]["weights"]
    flags = {(w["layer"], w["trainable"]) for w in weights}
    assert ("bidirectional", True) in flags and ("lstm_1", False) in flags
    assert ("bidirectional", False) not in flags


def test_explain_says_the_constructor_argument_does_not_reach_the_projections() -> None:
    out = run_cli("explain", f"{FIXTURE}:19").stdout
    assert "a model's optimizer still updates 288 of its parameters" in out
