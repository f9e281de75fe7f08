"""The result cache, ``.kerasaudit_cache/`` (like ruff's): a re-run on unchanged files is
nearly free.

An entry is found by the file's path and used only when the file's content hash
matches; the directory it lives in is named by a fingerprint of the tool version, the
tool's own code (so a development checkout never serves results of older code), the
Python version and the settings. So an entry is used exactly when the same code would
analyse the same bytes under the same settings.

A cache directory is input like any other (it could be committed to a repository
under review), so entries are read with an allow-list unpickler that can only build
kerasaudit's plain result classes: loading an entry can never run code. Anything wrong
with the cache -- corrupt, foreign, from another version, unreadable, unwritable -- only
means a miss; it is never fatal.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any, Optional

from . import __version__
from .results import FileResult
from .settings import Settings

DIR_NAME = ".kerasaudit_cache"
FORMAT = 1
MAGIC = b"kerasaudit-cache\x00" + FORMAT.to_bytes(2, "big")

# (module, class) pairs an entry may contain; nothing else can be loaded.
_ALLOWED = {
    ("kerasaudit.results", "FileResult"), ("kerasaudit.results", "Diagnostic"),
    ("kerasaudit.results", "ModelSummary"), ("kerasaudit.results", "LayerRow"),
    ("kerasaudit.results", "WeightInfo"), ("kerasaudit.results", "ModelWeight"),
    ("kerasaudit.rewrite", "Fix"), ("kerasaudit.rewrite", "Edit"),
    ("kerasaudit.analysis.dims", "Sym"), ("kerasaudit.analysis.dims", "FloorDiv"),
    ("kerasaudit.analysis.dims", "UnknownDim"), ("kerasaudit.analysis.shapes", "UnknownShape"),
}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a kerasaudit cache entry")


def default_dir() -> Path:
    return Path(os.environ.get("KERASAUDIT_CACHE_DIR") or DIR_NAME)


class Cache:
    def __init__(self, root: Path, settings: Settings) -> None:
        self.root = root
        self.dir = root / f"v{FORMAT}" / fingerprint(settings)
        self._writable = True

    @classmethod
    def open(cls, root: Optional[Path], settings: Settings) -> "Cache":
        return cls(Path(root) if root is not None else default_dir(), settings)

    def _entry(self, path: Path) -> Path:
        key = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:40]
        return self.dir / key

    def get(self, path: Path, data: bytes) -> Optional[FileResult]:
        """The stored result for these exact bytes at this path, or None."""
        try:
            with open(self._entry(path), "rb") as fh:
                blob = fh.read()
            if not blob.startswith(MAGIC):
                return None
            digest, stored_path, result = _SafeUnpickler(io.BytesIO(blob[len(MAGIC):])).load()
            if digest != _digest(data) or stored_path != os.path.abspath(path) or not isinstance(result, FileResult):
                return None
        except Exception:  # noqa: BLE001 - a bad entry is a miss, whatever is wrong with it
            return None
        result.path = str(path)
        result.source = _text(data)
        return result

    def put(self, path: Path, data: bytes, result: FileResult) -> None:
        if not self._writable or not cacheable(result):
            return
        try:
            stored = dataclasses.replace(result, source=None, analysis=None)
            blob = MAGIC + pickle.dumps((_digest(data), os.path.abspath(path), stored), protocol=4)
            self._prepare()
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(blob)
                os.replace(tmp, self._entry(path))  # atomic: readers see the old entry or the new one
            except BaseException:
                _remove(tmp)
                raise
        except Exception:  # noqa: BLE001 - read-only checkout, full disk...: just no cache
            self._writable = False

    def _prepare(self) -> None:
        if self.dir.is_dir():
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        # Like ruff: the cache ignores itself in git and marks itself as a cache for backup tools.
        for name, text in ((".gitignore", "# Automatically created by kerasaudit.\n*\n"),
                           ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                                            "# This file is a cache directory tag created by kerasaudit.\n")):
            target = self.root / name
            if not target.exists():
                target.write_text(text)


def cacheable(result: FileResult) -> bool:
    """Results that depend on more than the bytes and settings are not kept: a run cut
    short by the wall-clock limit (a slower moment could give less), internal errors."""
    if result.timed_out or result.analysis is not None:
        return False
    return not any(d.code == "KA004" for d in result.diagnostics)


def fingerprint(settings: Settings) -> str:
    parts = {
        "version": __version__,
        "python": list(sys.version_info[:2]),
        "code": _code_fingerprint(),
        "settings": dataclasses.asdict(settings),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode()).hexdigest()[:24]


_code: Optional[str] = None


def _code_fingerprint() -> str:
    """Size and modification time of every module of kerasaudit: an edited checkout gets
    a fresh cache instead of results of the code before the edit."""
    global _code
    if _code is None:
        package = Path(__file__).resolve().parent
        h = hashlib.sha256()
        for dirpath, dirnames, filenames in os.walk(package):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(dirpath, name))
                    h.update(f"{os.path.relpath(os.path.join(dirpath, name), package)}:{st.st_size}:"
                             f"{st.st_mtime_ns}\n".encode())
        _code = h.hexdigest()
    return _code


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _text(data: bytes) -> Optional[str]:
    from .source import SourceError, decode
    try:
        return decode(data).text
    except SourceError:
        return None


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
