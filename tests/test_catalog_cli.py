"""The catalog through the CLI: `kerasaudit summary --format json` on catalog fixtures gives
what real Keras printed for them (the fixture's golden file), and the weights Keras lists."""

from __future__ import annotations

import json

from conftest import FIXTURES, run_cli
from golden import _dims_match


def _summary(path) -> dict:
    out = run_cli("summary", "--format", "json", str(path))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_recurrent_fixture_through_the_cli_equals_real_keras() -> None:
    fixture = FIXTURES / "catalog" / "recurrent.py"
    doc = _summary(fixture)
    golden = json.loads(fixture.with_suffix(".keras.json").read_text())
    models = doc["files"][0]["models"]
    assert len(models) == len(golden["models"])
    for ours, keras in zip(models, golden["models"]):
        assert ours["line"] == keras["line"]
        assert ours["total_params"] == keras["total_params"], keras["name"]
        assert ours["non_trainable_params"] == keras["non_trainable_params"], keras["name"]
        rows = [(r["class"], r["params"]) for r in ours["layers"]]
        assert rows == [(r["class"], r["params"]) for r in keras["layers"]], keras["name"]
        for row, krow in zip(ours["layers"], keras["layers"]):
            assert _dims_match(row["output_shape"], krow["output_shape"]), (keras["name"], krow["name"])


def test_embedding_input_dim_is_not_an_input_shape(tmp_path) -> None:
    """Keras 3 leaves this Sequential unbuilt (model.built is False): Embedding's own
    input_dim= is the vocabulary size, not the base layer's input_dim= shape argument."""
    path = tmp_path / "unbuilt.py"
    path.write_text("import keras\n"
                    "model = keras.Sequential([keras.layers.Embedding(input_dim=100, output_dim=8),\n"
                    "                          keras.layers.Flatten()])\n")
    (model,) = _summary(path)["files"][0]["models"]
    assert model["total_params"] is None
    # Rows still give the counts that do not depend on the input (issue 3): Embedding's table.
    assert [row["params"] for row in model["layers"]] == [800, 0]
