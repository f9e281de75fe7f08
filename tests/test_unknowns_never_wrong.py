"""fixtures/unknowns/: scripts the analysis cannot fully follow. Their record of what real
Keras printed is FIXTURE.real.json (tools/make_golden.py's FIXTURE.keras.json, renamed so the
exact-match golden test does not take it): every number kerasaudit gives must equal Keras's,
and where the analysis cannot know, it must say unknown (null), never another number."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run_cli

UNKNOWNS = FIXTURES / "unknowns"
RECORDS = sorted(UNKNOWNS.glob("*.real.json"))


def _summary(fixture) -> list[dict]:
    result = run_cli("summary", "--format", "json", str(fixture))
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)["files"][0]["models"]


def _shape(shape):
    """Our JSON shape with symbolic sizes as None (what Keras prints for them)."""
    if isinstance(shape, list):
        return [_shape(d) for d in shape]
    return None if isinstance(shape, str) else shape


def test_there_are_records() -> None:
    assert RECORDS


@pytest.mark.parametrize("record", RECORDS, ids=[r.name for r in RECORDS])
def test_every_known_number_is_what_keras_printed(record) -> None:
    fixture = record.with_name(record.name[: -len(".real.json")] + ".py")
    expected = json.loads(record.read_text())["models"]
    ours = {m["keras_name"]: m for m in _summary(fixture)}
    wrong = []
    for keras_model in expected:
        model = ours.get(keras_model["name"])
        assert model is not None, f"kerasaudit did not report {keras_model['name']}"
        for label in ("total_params", "trainable_params", "non_trainable_params"):
            if model[label] is not None and model[label] != keras_model[label]:
                wrong.append(f"{keras_model['name']}: {label} {model[label]} != {keras_model[label]}")
        keras_rows = {row["name"]: row for row in keras_model["layers"]}
        for row in model["layers"]:
            if row["name"] == "?":  # an item the analysis cannot name: all unknown (checked below)
                assert row["params"] is None and row["output_shape"] is None
                continue
            krow = keras_rows.get(row["name"])
            assert krow is not None, f"{keras_model['name']}: Keras has no layer {row['name']}"
            if row["params"] is not None and row["params"] != krow["params"]:
                wrong.append(f"{row['name']}: params {row['params']} != {krow['params']}")
            if row["output_shape"] is not None and _shape(row["output_shape"]) != krow["output_shape"]:
                wrong.append(f"{row['name']}: shape {row['output_shape']} != {krow['output_shape']}")
    assert not wrong, "\n".join(wrong)


def test_layers_after_an_unknown_sequential_item_are_unknown() -> None:
    """The layers after an item the analysis cannot take as a layer get that item's output:
    not the numbers of a chain that skips it (Dense(16) on 3 channels: 64 instead of 528)."""
    models = {m["keras_name"]: m for m in _summary(UNKNOWNS / "sequential_unknown_layer.py")}
    for name, unknown_rows in (("sequential", ["global_average_pooling2d", "dense"]),
                               ("functional_1", ["sequential", "dense_1"]),
                               ("sequential_1", ["flatten", "dense_2"])):
        model = models[name]
        assert model["total_params"] is None
        assert "is not known" in model["unknown_reason"]
        rows = {row["name"]: row for row in model["layers"]}
        for row_name in unknown_rows:
            assert rows[row_name]["output_shape"] is None, (name, row_name)
            assert "line 18" in rows[row_name]["unknown_reason"] or "line 24" in rows[row_name]["unknown_reason"]
        assert rows[unknown_rows[-1]]["params"] is None


def test_pop_around_an_unknown_sequential_item() -> None:
    """pop() of the unknown item leaves the known chain (Keras: Dense(2) on 4 features, 10);
    pop() of a known layer after it leaves the unknown output (Dense(2) on it is unknown, not
    Dense(2) on the model's 8 inputs)."""
    models = {m["keras_name"]: m for m in _summary(UNKNOWNS / "sequential_unknown_layer.py")}
    after_unknown_pop = {row["name"]: row for row in models["sequential_2"]["layers"]}
    assert after_unknown_pop["dense_4"]["params"] == 10
    assert after_unknown_pop["dense_4"]["output_shape"] == [None, 2]
    after_known_pop = {row["name"]: row for row in models["sequential_3"]["layers"]}
    assert after_known_pop["dense_6"]["params"] is None
    assert after_known_pop["dense_6"]["output_shape"] is None


def test_a_model_holding_what_an_unmodelled_call_returned_has_no_totals() -> None:
    """Keras counts the copy's weights too (20, fixtures/unknowns/unmodelled_members.real.json):
    the 10 of the layers the analysis sees would be a wrong total."""
    result = run_cli("summary", str(UNKNOWNS / "unmodelled_members.py"))
    models = {m["keras_name"]: m for m in _summary(UNKNOWNS / "unmodelled_members.py")}
    assert models["diffusion_model"]["total_params"] is None
    assert models["plain"]["total_params"] == 10
    assert "attribute `ema_network` holds what `keras.Model.from_config(...)` returned" in result.stdout
