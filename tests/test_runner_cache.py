"""Parallel jobs and the result cache: the same results whatever the path taken, plain
picklable results, and a cache that is never fatal and can never run code."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from kerasaudit.api import check_paths
from kerasaudit.cache import MAGIC, Cache
from kerasaudit.report.jsondoc import document
from kerasaudit.settings import Settings

SEEDS = sorted((FIXTURES / "seeds").glob("*.py"))


def _doc(results: list) -> str:
    return json.dumps(document(results, weights=True), sort_keys=True)


def _tree(tmp_path: Path, copies: int = 3) -> list[Path]:
    files = []
    for i in range(copies):
        for seed in SEEDS:
            target = tmp_path / "src" / f"{seed.stem}_{i}.py"
            target.parent.mkdir(exist_ok=True)
            shutil.copy(seed, target)
            files.append(target)
    bad = tmp_path / "src" / "broken.py"
    bad.write_text("import keras\nx = keras.layers.Dense(3\n")
    files.append(bad)
    return files


def test_one_job_and_many_give_identical_results(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    one = check_paths(files, jobs=1)
    two = check_paths(files, jobs=2)
    assert [r.path for r in two] == [str(f) for f in files]
    assert _doc(one) == _doc(two)
    assert sum(1 for r in one if r.models) == len(files) - 1


def test_next_to_a_threaded_library_workers_are_spawned_not_forked(tmp_path: Path, monkeypatch) -> None:
    """Forking a process that runs JAX's or TensorFlow's thread pools can deadlock the
    workers; as a library beside them, kerasaudit spawns fresh workers instead."""
    import types

    from kerasaudit import runner

    monkeypatch.setitem(sys.modules, "jax", types.ModuleType("jax"))
    started = []
    real_pool = runner._pool

    def recording_pool(jobs, settings):
        pool = real_pool(jobs, settings)
        started.append(pool._mp_context.get_start_method())
        return pool

    monkeypatch.setattr(runner, "_pool", recording_pool)
    files = _tree(tmp_path)[:3]
    assert _doc(check_paths(files, jobs=2)) == _doc(check_paths(files, jobs=1))
    assert started == ["spawn"]


def test_results_are_plain_data(tmp_path: Path) -> None:
    from kerasaudit.analysis.graph import LayerObj

    (result,) = check_paths([FIXTURES / "seeds" / "unet.py"])
    assert result.analysis is None
    for model in result.models:
        assert model.model is None and all(row.layer is None for row in model.layers)
    blob = pickle.dumps(result)
    assert b"LayerObj" not in blob and b"ast\n" not in blob
    assert not any(isinstance(x, LayerObj) for x in pickle.loads(blob).models)
    assert len(blob) < 100_000


def test_cache_returns_the_same_results_and_notices_changes(tmp_path: Path) -> None:
    files = _tree(tmp_path, copies=1)
    cache_dir = tmp_path / "cache"
    cold = check_paths(files, cache=True, cache_dir=cache_dir)
    entries = list((cache_dir / "v1").glob("*/*"))
    assert len(entries) == len(files)
    assert (cache_dir / ".gitignore").read_text().strip().endswith("*")
    assert (cache_dir / "CACHEDIR.TAG").exists()
    warm = check_paths(files, cache=True, cache_dir=cache_dir)
    assert _doc(cold) == _doc(warm)
    assert all(r.source == f.read_text() for r, f in zip(warm, files))
    # Edit one file: only it is analysed again, and its new result is served.
    edited = files[0]
    edited.write_text(edited.read_text().replace("Dense(128", "Dense(64"))
    again = check_paths(files, cache=True, cache_dir=cache_dir)
    fresh = check_paths(files, cache=False)
    assert _doc(again) == _doc(fresh) != _doc(cold)


def test_cache_is_keyed_by_settings(tmp_path: Path) -> None:
    files = [FIXTURES / "seeds" / "mnist_convnet.py"]
    cache_dir = tmp_path / "cache"
    check_paths(files, Settings(), cache=True, cache_dir=cache_dir)
    small = check_paths(files, Settings(max_steps=5), cache=True, cache_dir=cache_dir)
    assert len(list((cache_dir / "v1").iterdir())) == 2
    assert any(d.code == "KA003" for d in small[0].diagnostics)
    full = check_paths(files, Settings(), cache=True, cache_dir=cache_dir)
    assert not any(d.code == "KA003" for d in full[0].diagnostics)


def test_corrupt_foreign_and_hostile_cache_entries_are_ignored(tmp_path: Path) -> None:
    files = [FIXTURES / "seeds" / "mnist_convnet.py", FIXTURES / "seeds" / "unet.py"]
    cache_dir = tmp_path / "cache"
    expected = _doc(check_paths(files))
    check_paths(files, cache=True, cache_dir=cache_dir)
    entries = sorted((cache_dir / "v1").glob("*/*"))
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self) -> tuple:
            return (os.system, (f"touch {marker}",))

    entries[0].write_bytes(MAGIC + pickle.dumps(Exploit()))  # would run a command if unpickled blindly
    entries[1].write_bytes(b"\x00garbage")
    assert _doc(check_paths(files, cache=True, cache_dir=cache_dir)) == expected
    assert not marker.exists()
    # A tuple of allowed shape but naming a forbidden global.
    for entry in entries:
        entry.write_bytes(MAGIC + pickle.dumps(("x", "y", os.getcwd)))
    assert _doc(check_paths(files, cache=True, cache_dir=cache_dir)) == expected
    # Truncated entries, and a cache "directory" that is a file.
    for entry in sorted((cache_dir / "v1").glob("*/*")):
        entry.write_bytes(entry.read_bytes()[:20])
    assert _doc(check_paths(files, cache=True, cache_dir=cache_dir)) == expected
    not_a_dir = tmp_path / "file_cache"
    not_a_dir.write_text("x")
    assert _doc(check_paths(files, cache=True, cache_dir=not_a_dir)) == expected


def test_read_only_cache_directory_is_not_fatal(tmp_path: Path) -> None:
    cache_dir = tmp_path / "ro"
    cache_dir.mkdir()
    cache_dir.chmod(0o500)
    try:
        files = [FIXTURES / "seeds" / "unet.py"]
        assert check_paths(files, cache=True, cache_dir=cache_dir)[0].models[0].total_params == 31031685
    finally:
        cache_dir.chmod(0o700)


def test_results_cut_short_by_the_clock_are_not_cached(tmp_path: Path) -> None:
    slow = tmp_path / "slow.py"
    # Each step makes a layer: a loop that only computes data would be cut (loopcut.py) before
    # the clock runs out, on a fast machine.
    slow.write_text("import keras\nfor i in range(10000):\n    for j in range(10000):\n"
                    "        keras.layers.Dense(1)\n")
    cache_dir = tmp_path / "cache"
    settings = Settings(max_steps=10 ** 9, max_seconds=0.05)
    (result,) = check_paths([slow], settings, cache=True, cache_dir=cache_dir)
    assert result.timed_out and any("time limit" in d.message for d in result.diagnostics)
    assert not list(cache_dir.glob("v1/*/*"))


def test_cache_entry_of_another_path_or_content_is_not_used(tmp_path: Path) -> None:
    a = tmp_path / "a.py"
    a.write_text((FIXTURES / "seeds" / "mnist_convnet.py").read_text())
    cache = Cache(tmp_path / "cache", Settings())
    (result,) = check_paths([a])
    cache.put(a, a.read_bytes(), result)
    assert cache.get(a, a.read_bytes()) is not None
    assert cache.get(a, a.read_bytes() + b"\n# changed\n") is None
    b = tmp_path / "b.py"
    os.replace(cache._entry(a), cache._entry(b))  # an entry under the wrong name
    assert cache.get(b, a.read_bytes()) is None


def test_cli_jobs_cache_and_no_cache(tmp_path: Path) -> None:
    files = _tree(tmp_path, copies=2)
    cache_dir = tmp_path / "cli-cache"
    src = str(tmp_path / "src")
    plain = run_cli("summary", "--format", "json", "--no-cache", "-j", "1", src)
    parallel = run_cli("summary", "--format", "json", "--cache-dir", str(cache_dir), "--jobs", "2", src)
    cached = run_cli("summary", "--format", "json", "--cache-dir", str(cache_dir), src)
    assert plain.stdout == parallel.stdout == cached.stdout
    assert len(json.loads(cached.stdout)["files"]) == len(files)
    assert len(list(cache_dir.glob("v1/*/*"))) == len(files)
    check_cold = run_cli("check", "--format", "concise", "--no-cache", src)
    check_warm = run_cli("check", "--format", "concise", "--cache-dir", str(cache_dir), src)
    assert check_cold.stdout == check_warm.stdout and check_cold.returncode == check_warm.returncode == 1
    nowhere = tmp_path / "never"
    run_cli("check", "--no-cache", "--cache-dir", str(nowhere), src)
    assert not nowhere.exists()


def test_default_cache_location_is_the_current_directory(tmp_path: Path) -> None:
    model = tmp_path / "model.py"
    shutil.copy(FIXTURES / "seeds" / "mnist_convnet.py", model)
    env_free = dict(os.environ)
    env_free.pop("KERASAUDIT_CACHE_DIR", None)
    import subprocess
    import sys

    env_free["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    out = subprocess.run([sys.executable, "-m", "kerasaudit", "check", "model.py"], cwd=tmp_path, env=env_free,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / ".kerasaudit_cache" / ".gitignore").exists()
    assert len(list((tmp_path / ".kerasaudit_cache").glob("v1/*/*"))) == 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_file_yields_exactly_one_result_in_order(tmp_path: Path, jobs: int) -> None:
    files = _tree(tmp_path, copies=2)
    files = files[::-1] + [files[0]]  # order and duplicates are kept as given
    results = check_paths(files, jobs=jobs)
    assert [r.path for r in results] == [str(f) for f in files]
