"""The CLI as a user meets it: real subprocesses, exit codes, output."""

from __future__ import annotations

import json

from conftest import FIXTURES, run_cli


def test_version_and_help() -> None:
    from kerasaudit import __version__
    out = run_cli("--version")
    assert out.returncode == 0 and __version__ in out.stdout
    for command in ("check", "summary"):
        assert run_cli(command, "--help").returncode == 0


def test_summary_json_answers_seed_004_from_source_alone() -> None:
    out = run_cli("summary", "--format", "json", str(FIXTURES / "seeds" / "mnist_convnet.py"))
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["version"] == 1
    (model,) = doc["files"][0]["models"]
    assert model["kind"] == "sequential" and model["line"] == 10
    assert model["total_params"] == 1199882
    dense = [layer for layer in model["layers"] if layer["class"] == "Dense"][0]
    assert dense["output_shape"] == [None, 128] and dense["params"] == 1179776 and dense["line"] == 16


def test_summary_text_table_for_the_unet() -> None:
    out = run_cli("summary", str(FIXTURES / "seeds" / "unet.py"))
    assert out.returncode == 0
    assert "Total params: 31,031,685 (118.38 MB)" in out.stdout
    assert "2,097,664" in out.stdout  # the first up-convolution: kernel 2, not 3


def test_default_command_is_check(tmp_path) -> None:
    clean = tmp_path / "clean.py"
    clean.write_text("from keras import layers\nx = layers.Dense(3)\n")
    assert run_cli(str(clean)).returncode == 0
    assert run_cli("check", str(clean)).returncode == 0


def test_syntax_error_is_a_finding_and_other_files_still_analysed(tmp_path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from keras import layers\nx = layers.Dense(3\n")
    good = tmp_path / "good.py"
    good.write_text((FIXTURES / "seeds" / "mnist_convnet.py").read_text())
    out = run_cli("check", "--format", "concise", str(bad), str(good))
    assert out.returncode == 1
    assert f"{bad}:2:" in out.stdout and "KA001" in out.stdout
    summary = run_cli("summary", "--format", "json", str(bad), str(good))
    doc = json.loads(summary.stdout)
    assert doc["files"][0]["diagnostics"][0]["code"] == "KA001"
    assert doc["files"][1]["models"][0]["total_params"] == 1199882


def test_missing_path_is_a_tool_error(tmp_path) -> None:
    out = run_cli("check", str(tmp_path / "nope.py"))
    assert out.returncode == 2 and "no such file" in out.stderr


def test_non_utf8_file_gets_a_diagnostic_with_its_line(tmp_path) -> None:
    bad = tmp_path / "latin.py"
    bad.write_bytes(b"x = 1\ny = '\xe9'\n")
    out = run_cli("check", "--format", "concise", str(bad))
    assert out.returncode == 1
    assert f"{bad}:2:" in out.stdout and "KA002" in out.stdout


def test_no_totals_for_a_model_keras_would_refuse() -> None:
    out = run_cli("summary", "--format", "json", str(FIXTURES / "idioms" / "keras_would_raise.py"))
    (model,) = json.loads(out.stdout)["files"][0]["models"]
    assert model["total_params"] is None
    assert "line 6" in model["unknown_reason"]
