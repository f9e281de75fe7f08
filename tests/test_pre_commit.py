"""The pre-commit hooks, installed from this repository by the real pre-commit tool into a
fresh git repository: a commit of a broken model is refused, a good one goes through, and
the summary hook prints the model without ever failing.

pre-commit installs a hook by pip-installing the hook repository at a commit into its own
virtualenv (dependencies come from PyPI), so the test snapshots the current tree into a
temporary repository and points ``rev`` at that commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytest.importorskip("pre_commit")

BAD = ("from keras import layers, Input, Model\n"
       "a = Input((32, 32, 3))\n"
       "b = layers.Conv2D(8, 3)(a)\n"
       "c = layers.Add()([a, b])  # (32, 32, 3) + (30, 30, 8): Keras refuses\n"
       "m = Model(a, c)\n")
GOOD = ("from keras import layers, Input, Model\n"
        "a = Input((32, 32, 3))\n"
        "b = layers.Conv2D(3, 3, padding='same')(a)\n"
        "c = layers.Add()([a, b])\n"
        "m = Model(a, c)\n")


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run(["git", "-c", "user.name=kerasaudit-test", "-c", "user.email=test@example.invalid",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=600)


def _snapshot_of_this_repository(dest: Path) -> str:
    """The working tree as it is now (uncommitted changes included), committed in a new repo."""
    listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if listed.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    dest.mkdir()
    _git(dest, "init", "-q")
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git(dest, "add", "-A")
    assert _git(dest, "commit", "-q", "-m", "snapshot").returncode == 0
    return _git(dest, "rev-parse", "HEAD").stdout.strip()


def test_hooks_refuse_a_broken_model_and_pass_a_good_one(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    hooks = tmp_path / "kerasaudit-snapshot"
    rev = _snapshot_of_this_repository(hooks)
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks.as_posix()}\n  rev: {rev}\n  hooks:\n  - id: kerasaudit\n  - id: kerasaudit-summary\n")
    (project / "notes.txt").write_text("not python\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env.pop("NO_COLOR", None)

    def pre_commit(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=project, capture_output=True,
                              text=True, env=env, timeout=900)

    installed = pre_commit("install")
    assert installed.returncode == 0, installed.stdout + installed.stderr

    (project / "model.py").write_text(BAD)
    _git(project, "add", "-A")
    refused = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-m",
                              "bad model"], cwd=project, capture_output=True, text=True, env=env, timeout=900)
    log = refused.stdout + refused.stderr
    assert refused.returncode != 0, log
    assert "kerasaudit" in log and "Failed" in log
    assert "model.py:4:5: KA201" in log
    assert _git(project, "rev-parse", "--verify", "HEAD").returncode != 0  # nothing was committed

    (project / "model.py").write_text(GOOD)
    _git(project, "add", "-A")
    accepted = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-m",
                               "good model"], cwd=project, capture_output=True, text=True, env=env, timeout=900)
    log = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, log
    # The summary hook printed the model (verbose), and passed.
    assert "kerasaudit summary" in log and "Total params: 84 (336.00 B)" in log

    # The summary hook never fails, even on a file kerasaudit cannot parse.
    (project / "broken.py").write_text("x = (\n")
    _git(project, "add", "-A")
    summary_only = pre_commit("run", "kerasaudit-summary", "--all-files")
    assert summary_only.returncode == 0, summary_only.stdout
    check_only = pre_commit("run", "kerasaudit", "--all-files")
    assert check_only.returncode == 1 and "broken.py:1:5: KA001" in check_only.stdout
