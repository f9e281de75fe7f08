"""Start-up cost: the heavy parts (libcst, rich, the analysis, process pools, other
commands) are imported only when used, so ``kerasaudit --version`` and a clean
pre-commit run start fast. Checked by what is imported, never by timing
(benchmarks/bench.py measures the time)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, ROOT

PROBE = """
import sys
sys.argv = ["kerasaudit", *sys.argv[1:]]
from kerasaudit.cli import main
try:
    main()
except SystemExit:
    pass
names = sorted(m for m in sys.modules if m.split(".")[0] in ("libcst", "rich", "concurrent", "multiprocessing")
               or m.startswith("kerasaudit."))
print("MODULES:" + ",".join(names), file=sys.stderr)
"""


def imported(*args: str, cwd: Path | None = None) -> set[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("KERASAUDIT_CACHE_DIR", None)
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                         cwd=cwd or ROOT, timeout=300)
    line = [ln for ln in out.stderr.splitlines() if ln.startswith("MODULES:")]
    assert line, out.stderr
    return set(line[0][len("MODULES:"):].split(","))


def _tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_version_imports_nothing_of_the_analysis() -> None:
    modules = imported("--version")
    assert not _tops(modules) & {"libcst", "rich", "concurrent", "multiprocessing"}, modules
    assert not {m for m in modules if m.startswith(("kerasaudit.analysis", "kerasaudit.catalog", "kerasaudit.rules",
                                                     "kerasaudit.report", "kerasaudit.commands.graph"))}, modules


def test_clean_check_does_not_import_libcst_rich_or_process_pools(tmp_path: Path) -> None:
    clean = tmp_path / "model.py"
    clean.write_text((FIXTURES / "seeds" / "mnist_convnet.py").read_text())
    for fmt in ("full", "concise"):  # full without a terminal: plain text, no rich
        modules = imported("check", "--format", fmt, "--no-cache", str(clean))
        assert "kerasaudit.analysis.interpreter" in modules  # the probe sees the analysis happen
        assert not _tops(modules) & {"libcst", "rich", "concurrent"}, (fmt, modules)
        assert "kerasaudit.commands.graph" not in modules and "kerasaudit.commands.diff" not in modules


def test_cached_run_does_not_even_import_the_interpreter(tmp_path: Path) -> None:
    clean = tmp_path / "model.py"
    clean.write_text((FIXTURES / "seeds" / "mnist_convnet.py").read_text())
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert "kerasaudit.analysis.interpreter" in imported("check", *cache, str(clean))
    assert "kerasaudit.analysis.interpreter" not in imported("check", *cache, str(clean))


def test_fix_imports_libcst_only_when_fixing(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.py"
    legacy.write_text("from keras.layers import Conv2D\nx = Conv2D(32, 3, border_mode='same')\n")
    assert "libcst" not in _tops(imported("check", "--no-cache", str(legacy)))
    assert "libcst" in _tops(imported("check", "--diff", "--no-cache", str(legacy)))


def test_many_files_use_a_process_pool(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"m{i}.py").write_text((FIXTURES / "seeds" / "unet.py").read_text())
    assert "concurrent" in _tops(imported("check", "--no-cache", "-j", "2", str(tmp_path)))
    assert "concurrent" not in _tops(imported("check", "--no-cache", "-j", "1", str(tmp_path)))
