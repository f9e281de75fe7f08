"""`kerasaudit diff` on real temporary git repositories. The numbers on both sides come from
the golden files real Keras wrote for the two versions of the U-Net."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BASE_SRC = (FIXTURES / "seeds" / "unet.py").read_text()
HEAD_SRC = (FIXTURES / "diff" / "unet_v2.py").read_text()
MNIST_SRC = (FIXTURES / "seeds" / "mnist_convnet.py").read_text()


def line_of(source: str, text: str) -> int:
    return next(i for i, line in enumerate(source.splitlines(), 1) if text in line)


BASE = json.loads((FIXTURES / "seeds" / "unet.keras.json").read_text())["models"][0]
HEAD = json.loads((FIXTURES / "diff" / "unet_v2.keras.json").read_text())["models"][0]


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                           "-c", "commit.gpgsign=false", *args], cwd=repo, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: the seed U-Net and the MNIST convnet. feature (checked out): the U-Net changed and
    committed. main then moves on (the MNIST model changes there), so main's tip is not the
    merge-base."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "unet.py").write_text(BASE_SRC)
    (tmp_path / "mnist.py").write_text(MNIST_SRC)
    (tmp_path / "README.txt").write_text("x\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    (tmp_path / "models" / "unet.py").write_text(HEAD_SRC)
    git(tmp_path, "commit", "-q", "-am", "change the U-Net")
    git(tmp_path, "checkout", "-q", "main")
    (tmp_path / "mnist.py").write_text(MNIST_SRC.replace("Dense(128,", "Dense(64,"))
    git(tmp_path, "commit", "-q", "-am", "main moves on")
    git(tmp_path, "checkout", "-q", "feature")
    return tmp_path


def _delta(before: int, after: int) -> str:
    d = after - before
    return f"{before:,} → {after:,} ({'+' if d >= 0 else '-'}{abs(d):,})"


def _shape(dims: list) -> str:
    return "(" + ", ".join("None" if x is None else str(x) for x in dims) + ")"


def _layer(model: dict, name: str) -> dict:
    return next(layer for layer in model["layers"] if layer["name"] == name)


def test_default_base_is_the_merge_base_with_the_default_branch(repo: Path) -> None:
    out = run_cli("diff", "--format", "json", cwd=repo)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["head"] == "working tree"
    assert [f["path"] for f in doc["files"]] == ["models/unet.py"]  # main's later MNIST change is not ours
    (model,) = doc["files"][0]["models"]
    assert model["status"] == "changed" and model["line"] == line_of(HEAD_SRC, "model = Model(")
    assert model["total_params"] == {"base": BASE["total_params"], "head": HEAD["total_params"],
                                     "delta": HEAD["total_params"] - BASE["total_params"]}
    assert model["non_trainable_params"]["head"] == HEAD["non_trainable_params"]
    layers = {(layer["status"], layer["class"], layer["name"]): layer for layer in model["layers"]}
    # The bottleneck dropout is gone; auto names after it shift, yet nothing else looks changed.
    assert ("removed", "Dropout", "dropout_1") in layers
    bn = layers[("added", "BatchNormalization", "batch_normalization")]
    assert bn["params"]["head"] == _layer(HEAD, "batch_normalization")["params"]
    up = layers[("changed", "Conv2D", "conv2d_10")]
    assert up["params"] == {"base": _layer(BASE, "conv2d_10")["params"], "head": _layer(HEAD, "conv2d_10")["params"],
                            "delta": _layer(HEAD, "conv2d_10")["params"] - _layer(BASE, "conv2d_10")["params"]}
    assert up["arguments"] == {"kernel_size": {"base": 2, "head": 3}}
    wide = layers[("changed", "Conv2D", "conv2d_22")]
    assert wide["output_shape"] == {"base": _layer(BASE, "conv2d_22")["output_shape"],
                                    "head": _layer(HEAD, "conv2d_22")["output_shape"]}
    assert layers[("changed", "Conv2D", "conv2d_23")]["params"]["delta"] == \
        _layer(HEAD, "conv2d_23")["params"] - _layer(BASE, "conv2d_23")["params"]
    assert len(model["layers"]) == 5  # nothing else is reported
    assert model["flops"]["delta"] > 0


def test_text_and_markdown_show_parameter_deltas(repo: Path) -> None:
    total = f"Total params: {_delta(BASE['total_params'], HEAD['total_params'])}"
    text = run_cli("diff", cwd=repo).stdout
    assert total in text
    up6 = line_of(HEAD_SRC, "up6 = ")
    assert f"  ~ conv2d_10 (Conv2D), line {up6}: params " + _delta(_layer(BASE, "conv2d_10")["params"],
                                                                  _layer(HEAD, "conv2d_10")["params"]) in text
    dropped = line_of(BASE_SRC, "drop5 = Dropout")
    assert f"  - dropout_1 (Dropout), base line {dropped}: was output " \
           f"{_shape(_layer(BASE, 'dropout_1')['output_shape'])}, 0 params" in text
    md = run_cli("diff", "main", "feature", "--format", "markdown", cwd=repo).stdout
    lines = md.splitlines()
    assert lines[0].startswith("### kerasaudit: model changes (")
    assert "#### `models/unet.py`: model `model` (changed)" in lines
    assert f"- **{total}**" in lines
    assert "| | Layer | Line | Output shape | Params | FLOPs |" in lines
    bn = line_of(HEAD_SRC, "BatchNormalization()(")
    shape = _shape(_layer(HEAD, "batch_normalization")["output_shape"])
    assert any(line.startswith(f"| added | batch_normalization (BatchNormalization) | {bn} | {shape} |")
               for line in lines)
    assert any(line.startswith(f"| changed | conv2d_10 (Conv2D): `kernel_size` 2 → 3 | {up6} |") for line in lines)
    # main's own later commit is part of "main feature" (a direct comparison) but not of
    # "main...feature" (from the merge-base, as git means it)
    assert "#### `mnist.py`: model `model` (changed)" in lines
    three_dots = run_cli("diff", "main...feature", "--format", "markdown", cwd=repo).stdout
    assert "mnist.py" not in three_dots and f"- **{total}**" in three_dots


def test_github_annotations_on_changed_lines(repo: Path) -> None:
    out = run_cli("diff", "--format", "github", cwd=repo).stdout.splitlines()
    up6, bn = line_of(HEAD_SRC, "up6 = "), line_of(HEAD_SRC, "BatchNormalization()(")
    assert any(line.startswith(f"::notice file=models/unet.py,line={up6},title=kerasaudit%3A changed conv2d_10 "
                               "(Conv2D)::") for line in out)
    assert any(line.startswith(f"::notice file=models/unet.py,line={bn},title=kerasaudit%3A added "
                               "batch_normalization") for line in out)
    model_line = next(line for line in out if "title=kerasaudit%3A model model changed" in line)
    assert "removed layers: dropout_1 (Dropout)" in model_line


def test_working_tree_added_renamed_and_removed_files(repo: Path) -> None:
    git(repo, "mv", "models/unet.py", "models/segmentation.py")
    (repo / "new_model.py").write_text(MNIST_SRC)  # untracked
    git(repo, "rm", "-q", "mnist.py")
    doc = json.loads(run_cli("diff", "--format", "json", "--base", "feature", cwd=repo).stdout)
    files = {f["path"]: f for f in doc["files"]}
    assert files["models/segmentation.py"]["status"] == "renamed"
    assert files["models/segmentation.py"]["old_path"] == "models/unet.py"
    assert files["models/segmentation.py"]["models"] == []  # renamed, models unchanged: nothing to say
    assert files["new_model.py"]["models"][0]["status"] == "added"
    assert files["new_model.py"]["models"][0]["total_params"]["head"] == 1_199_882
    assert files["mnist.py"]["status"] == "removed" and files["mnist.py"]["models"][0]["status"] == "removed"
    assert run_cli("diff", "--exit-code", "--base", "feature", cwd=repo).returncode == 1
    git(repo, "reset", "-q", "--hard")
    (repo / "new_model.py").unlink()
    clean = run_cli("diff", "--exit-code", "--base", "feature", cwd=repo)
    assert clean.returncode == 0 and "No model changes." in clean.stdout


def test_errors(repo: Path, tmp_path_factory) -> None:
    assert run_cli("diff", "no-such-branch", cwd=repo).returncode == 2
    outside = tmp_path_factory.mktemp("not-a-repo")
    out = run_cli("diff", cwd=outside)
    assert out.returncode == 2 and "not inside a git repository" in out.stderr
    # A syntax error in one version is reported, not fatal.
    (repo / "models" / "unet.py").write_text("x = (\n")
    text = run_cli("diff", cwd=repo)
    assert text.returncode == 0 and "head: models/unet.py:1: KA001" in text.stdout
