"""Shared test helpers."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
_TEST_CACHE = Path(tempfile.mkdtemp(prefix="kerasaudit-test-cache-"))
atexit.register(shutil.rmtree, _TEST_CACHE, True)
# Worktrees live one level deeper (/work/wt/NAME) than the main checkout (/work/main).
SHARED_CANDIDATES = [ROOT.parent / "shared", ROOT.parent.parent / "shared"]


def shared_file(relative: str) -> Path | None:
    """A file of the shared material beside the checkout, or None when it is absent."""
    for base in SHARED_CANDIDATES:
        if (base / relative).is_file():
            return base / relative
    return None


def run_cli(*args: str, input: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run kerasaudit in a real subprocess (exit codes, stdout and stderr as a user sees them)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("NO_COLOR", None)
    # The CLI caches results by default; tests keep theirs out of the checkout.
    env.setdefault("KERASAUDIT_CACHE_DIR", str(_TEST_CACHE))
    return subprocess.run([sys.executable, "-m", "kerasaudit", *args], capture_output=True, text=True,
                          input=input, cwd=cwd or ROOT, env=env, timeout=300)


@pytest.fixture
def cli():
    return run_cli
