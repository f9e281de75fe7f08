"""Nested and shared models through the CLI: one row per nested model with its totals, and
``--expand-nested`` showing its inside as Keras's ``summary(expand_nested=True)`` does."""

from __future__ import annotations

import json

from conftest import FIXTURES, run_cli

PATH = str(FIXTURES / "realworld" / "nested" / "siamese_and_gan.py")


def _model(doc: dict, name: str) -> dict:
    return next(m for m in doc["files"][0]["models"] if m["keras_name"] == name)


def test_nested_model_is_one_row_with_its_totals_and_shared_weights_count_once() -> None:
    doc = json.loads(run_cli("summary", "--format", "json", PATH).stdout)
    siamese = _model(doc, "siamese")
    tower = next(r for r in siamese["layers"] if r["name"] == "tower")
    assert tower["class"] == "Functional" and tower["params"] == _model(doc, "tower")["total_params"]
    assert tower["connected_to"] == ["input_layer_1[0][0]", "input_layer_2[0][0]"]
    assert "nested" not in tower
    gan = _model(doc, "gan")
    assert [r["class"] for r in gan["layers"]] == ["InputLayer", "Sequential", "Sequential"]
    disc = _model(doc, "discriminator")
    assert gan["non_trainable_params"] == disc["total_params"]  # discriminator.trainable = False


def test_expand_nested_text_and_json() -> None:
    out = run_cli("summary", "--no-color", "--expand-nested", PATH)
    assert out.returncode == 0, out.stderr
    block = out.stdout[out.stdout.index('Model: "siamese"'):]
    lines = block.splitlines()
    tower_at = next(i for i, line in enumerate(lines) if line.startswith("tower (Functional)"))
    inner = lines[tower_at + 1:tower_at + 6]
    assert [line.split()[1] for line in inner] == ["input_layer", "conv2d", "max_pooling2d", "flatten", "dense"]
    assert all(line.lstrip().startswith("└ ") for line in inner)
    assert all(" - " in line for line in inner)  # Keras shows no connections inside
    doc = json.loads(run_cli("summary", "--format", "json", "--expand-nested", PATH).stdout)
    tower = next(r for r in _model(doc, "siamese")["layers"] if r["name"] == "tower")
    assert [r["name"] for r in tower["nested"]["layers"]] == ["input_layer", "conv2d", "max_pooling2d", "flatten",
                                                             "dense"]
    assert tower["nested"]["total_params"] == tower["params"]
