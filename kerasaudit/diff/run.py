"""Putting ``kerasaudit diff`` together: revisions -> changed files -> models at each side ->
comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .compare import FileDiff, compare_models
from .gitrev import Change, changed_python_files, describe, read_at


@dataclass
class DiffResult:
    base: str  # as shown: a short sha
    head: str  # a short sha, or "working tree"
    files: list[FileDiff] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(m.status != "unchanged" for f in self.files for m in f.models)


def _models(root: Path, rev: str | None, path: str | None, problems: list[str], label: str) -> list:
    from ..api import analyse
    from ..source import SourceError, decode

    if path is None:
        return []
    data = read_at(root, rev, path)
    if data is None:
        return []
    try:
        text = decode(data).text
    except SourceError as exc:
        problems.append(f"{label}: {path}: {exc.message}")
        return []
    _, result = analyse(text, path)
    for d in result.diagnostics:
        problems.append(f"{label}: {path}:{d.line}: {d.code} {d.message}")
    return result.models


def diff_revisions(root: Path, base: str, head: str | None) -> DiffResult:
    result = DiffResult(describe(root, base), describe(root, head))
    for change in changed_python_files(root, base, head):
        result.files.append(diff_file(root, base, head, change))
    return result


def diff_file(root: Path, base: str, head: str | None, change: Change) -> FileDiff:
    problems: list[str] = []
    old_path = change.old_path or (change.path if change.status != "added" else None)
    new_path = change.path if change.status != "removed" else None
    before = _models(root, base, old_path, problems, "base")
    after = _models(root, head, new_path, problems, "head")
    models = [m for m in compare_models(before, after) if m.status != "unchanged"]
    return FileDiff(change.path, change.status, change.old_path, models, problems)
