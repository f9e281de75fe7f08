"""An internal error in one file is that file's KA004 diagnostic, never a traceback that
loses the other files' results -- in one process and in worker processes."""

from __future__ import annotations

import builtins
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, run_cli
from kerasaudit.api import check_paths, check_source
from kerasaudit.catalog import lookup
from kerasaudit.cli import main

MNIST = FIXTURES / "seeds" / "mnist_convnet.py"
UNET = FIXTURES / "seeds" / "unet.py"
UNET_PARAMS = 31031685  # real Keras: fixtures/seeds/unet.keras.json


@pytest.fixture(autouse=True)
def forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The failures these tests inject reach worker processes only through fork. The runner
    spawns instead when JAX is loaded (as it is in this test session, for the golden tests);
    what is tested here is isolation, whichever way the workers start."""
    from kerasaudit import runner

    monkeypatch.setattr(runner, "_threads_elsewhere", lambda: False)


@pytest.fixture
def broken_dense(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dense's output-shape function fails, as a bug in a catalog spec would."""
    spec = lookup("Dense")

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("injected failure")

    monkeypatch.setattr(type(spec), "output_shape", boom)


def _assert_isolated(results: list) -> None:
    by_name = {Path(r.path).name: r for r in results}
    mnist = by_name["mnist_convnet.py"]
    (ka004,) = [d for d in mnist.diagnostics if d.code == "KA004"]
    assert "RuntimeError: injected failure" in ka004.message and "please report it" in ka004.message
    assert by_name["unet.py"].models[0].total_params == UNET_PARAMS  # the U-Net has no Dense layer
    assert not [d for d in by_name["unet.py"].diagnostics if d.code == "KA004"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_failure_in_a_catalog_spec_is_contained_to_its_file(broken_dense: None, jobs: int) -> None:
    # jobs=2 forks workers, which inherit the injected failure: isolation holds there too.
    _assert_isolated(check_paths([MNIST, UNET], jobs=jobs))


def test_failure_in_a_rule_is_contained(monkeypatch: pytest.MonkeyPatch) -> None:
    from kerasaudit.rules import all_rules

    rule = all_rules()["KA005"]

    def boom(self: object, ctx: object) -> list:
        raise RuntimeError("rule bug")

    monkeypatch.setattr(rule, "check", boom)
    result = check_source(MNIST.read_text(), "m.py")
    assert [d.code for d in result.diagnostics] == ["KA004"]
    assert result.models[0].total_params == 1199882


def test_failure_anywhere_in_the_pipeline_is_contained(monkeypatch: pytest.MonkeyPatch) -> None:
    import kerasaudit.api as api

    def boom(*args: object, **kwargs: object) -> None:
        raise MemoryError()

    monkeypatch.setattr(api, "analyse", boom)
    result = api.check_source("x = 1\n", "x.py")
    assert result.status == "failed" and result.diagnostics[0].code == "KA004"


def test_cli_reports_the_internal_error_exits_2_and_prints_every_other_file(broken_dense: None) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["summary", "--format", "json", "--no-cache", "-j", "2", str(MNIST), str(UNET)])
    assert out.exit_code == 2, out.output
    doc = json.loads(out.stdout)
    assert [f["path"] for f in doc["files"]] == [str(MNIST), str(UNET)]
    assert doc["files"][0]["diagnostics"][0]["code"] == "KA004"
    assert doc["files"][1]["models"][0]["total_params"] == UNET_PARAMS
    out = runner.invoke(main, ["check", "--format", "concise", "--no-cache", str(MNIST), str(UNET)])
    assert out.exit_code == 2 and f"{MNIST}:1:1: KA004 kerasaudit failed on this file (RuntimeError" \
        in out.stdout


def test_cli_through_a_real_process_with_the_failure_injected() -> None:
    code = ("import sys; from kerasaudit.catalog import lookup\n"
            "def boom(*a, **k):\n    raise RuntimeError('injected')\n"
            "s = lookup('Dense'); type(s).output_shape = boom\n"
            "from kerasaudit.cli import main; sys.argv = ['kerasaudit'] + sys.argv[1:]; main()\n")
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    out = subprocess.run([sys.executable, "-c", code, "check", "--format", "concise", "--no-cache",
                          str(MNIST), str(UNET)], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert f"{MNIST}:1:1: KA004" in out.stdout


def test_a_worker_process_dying_loses_only_its_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """If a worker process dies (a segfault would), its file alone becomes KA004."""
    import kerasaudit.api as api

    real = api.check_source
    victim = tmp_path / "victim.py"
    victim.write_text("x = 1\n")
    parent = os.getpid()

    def die_on_victim(text: str, path: str = "<stdin>", settings: object = None) -> object:
        if path == str(victim) and os.getpid() != parent:
            os._exit(139)
        return real(text, path, settings)

    monkeypatch.setattr(api, "check_source", die_on_victim)
    files = [MNIST, victim, UNET, MNIST]
    results = check_paths(files, jobs=2)
    assert [r.path for r in results] == [str(f) for f in files]
    assert results[1].diagnostics[0].code == "KA004" and "process died" in results[1].diagnostics[0].message
    assert results[0].models[0].total_params == 1199882 == results[3].models[0].total_params
    assert results[2].models[0].total_params == UNET_PARAMS


def test_unreadable_file_is_exit_2_even_as_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """chmod 000 does not stop root (see test_robustness_inputs); a PermissionError does."""
    secret = tmp_path / "secret.py"
    secret.write_text("x = 1\n")
    real_open = builtins.open

    def guarded(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(secret):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    out = CliRunner().invoke(main, ["check", "--format", "concise", "--no-cache", "-j", "1", str(secret),
                                    str(MNIST)])
    assert out.exit_code == 2
    assert out.stdout == f"{secret}:1:1: KA002 cannot read the file: Permission denied\n"


def test_syntax_error_file_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import keras\nx = keras.layers.Dense(3\n")
    out = run_cli("summary", "--format", "json", "--no-cache", "-j", "2", str(MNIST), str(bad), str(UNET))
    assert out.returncode == 0
    doc = json.loads(out.stdout)
    assert [f["models"][0]["total_params"] for f in doc["files"] if f["models"]] == [1199882, UNET_PARAMS]
    assert doc["files"][1]["diagnostics"][0]["code"] == "KA001"
