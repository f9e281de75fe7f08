"""keras.models.clone_model through the CLI: the copies' numbers are those real Keras printed
(fixtures/realworld/clone_model.keras.json, written by tools/make_golden.py), and what the
analysis cannot replay is unknown with its reason."""

from __future__ import annotations

import json
import textwrap

from conftest import FIXTURES, run_cli

FIXTURE = FIXTURES / "realworld" / "clone_model.py"


def _models(path) -> list[dict]:
    result = run_cli("summary", "--format", "json", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)["files"][0]["models"]


def _write(tmp_path, source: str):
    path = tmp_path / "model.py"
    path.write_text(textwrap.dedent(source))
    return path


def test_the_copies_are_what_keras_made() -> None:
    expected = json.loads(FIXTURE.with_name("clone_model.keras.json").read_text())["models"]
    ours = _models(FIXTURE)
    assert [(m["keras_name"], m["line"]) for m in ours] == [(m["name"], m["line"]) for m in expected]
    for model, keras_model in zip(ours, expected):
        for label in ("total_params", "trainable_params", "non_trainable_params"):
            assert model[label] == keras_model[label], (keras_model["name"], keras_model["line"], label)
        assert [(r["name"], r["params"]) for r in model["layers"]] == \
            [(r["name"], r["params"]) for r in keras_model["layers"]]
    teacher, student, wide_student = ours[:3]
    # The copy keeps the original's name and layer names; its frozen head stays frozen.
    assert student["keras_name"] == "teacher" and student["non_trainable_params"] == 132
    assert [r["name"] for r in student["layers"]] == [r["name"] for r in teacher["layers"]]
    # On 24-wide inputs its shared tower has other weights: 342, not the original's 278.
    assert (teacher["total_params"], wide_student["total_params"]) == (278, 342)
    # The subclassed DDIM-like model holding network + EMA copy counts both: 1,126.
    diffusion = next(m for m in ours if m["keras_name"] == "diffusion_model")
    assert diffusion["total_params"] == 1126


def test_an_unnamed_input_gives_the_copy_an_unknown_input_name(tmp_path) -> None:
    """Keras names the copy's input after the original input *tensor* (here keras_tensor,
    a counter over every symbolic tensor made): the analysis says '?' rather than guess,
    and the numbers are Keras's (18)."""
    path = _write(tmp_path, """
        import keras
        from keras import layers
        inp = keras.Input((8,))
        base = keras.Model(inp, layers.Dense(2)(inp))
        copy = keras.models.clone_model(base)
    """)
    base, copy = _models(path)
    assert [r["name"] for r in base["layers"]] == ["input_layer", "dense"]
    assert copy["keras_name"] == "functional"
    assert [(r["name"], r["params"]) for r in copy["layers"]] == [("?", 0), ("dense", 18)]
    assert copy["total_params"] == 18


def test_what_the_analysis_cannot_replay_is_unknown(tmp_path) -> None:
    path = _write(tmp_path, """
        import keras
        from keras import layers


        def double(x):
            return x * 2


        base_in = keras.Input((8,), name="base_in")
        base = keras.Model(base_in, layers.Lambda(double)(layers.Dense(2)(base_in)), name="base")
        x = keras.Input((8,), name="x")
        custom = keras.Model(x, keras.models.clone_model(base, clone_function=lambda l: l)(x), name="custom")
        unregistered = keras.Model(x, keras.models.clone_model(base)(x), name="unregistered")


        class Net(keras.Model):
            def call(self, x):
                return x


        sub = keras.Model(x, layers.Dense(1)(keras.models.clone_model(Net())(x)), name="sub")
    """)
    models = {m["keras_name"]: m for m in _models(path)}
    assert models["base"]["total_params"] == 18
    for name, reason in (("custom", "does not follow a clone_function"),
                         ("unregistered", "only when it is registered"),
                         ("sub", "subclassed model")):
        assert models[name]["total_params"] is None, name
        assert reason in models[name]["unknown_reason"], (name, models[name]["unknown_reason"])


def test_a_copy_next_to_its_original_is_a_duplicate_name(tmp_path) -> None:
    """Both have the original's name: Keras raises building a model holding both."""
    path = _write(tmp_path, """
        import keras
        from keras import layers
        enc = keras.Sequential([layers.Dense(4, input_shape=(8,))])
        x = keras.Input((8,), name="x")
        both = keras.Model(x, [enc(x), keras.models.clone_model(enc)(x)])
    """)
    result = run_cli("check", "--select", "KA601", str(path))
    assert "6:" in result.stdout and 'the name "sequential" is already used' in result.stdout, result.stdout
