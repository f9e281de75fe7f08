"""``check --statistics``: how many times each code was reported, most frequent first."""

from __future__ import annotations

import json

from ..results import FileResult


def counts(results: list[FileResult]) -> list[tuple[str, str, str, int]]:
    """(code, name, severity, count), most frequent first, then by code."""
    by: dict[str, list] = {}
    for r in results:
        for d in r.diagnostics:
            entry = by.setdefault(d.code, [d.code, d.name, d.severity, 0])
            entry[3] += 1
    return sorted((tuple(v) for v in by.values()), key=lambda e: (-e[3], e[0]))  # type: ignore[misc]


def render(results: list[FileResult], fmt: str) -> str:
    rows = counts(results)
    if fmt in ("json", "json-lines"):
        data = [{"code": c, "name": n, "severity": s, "count": k} for c, n, s, k in rows]
        if fmt == "json":
            return json.dumps(data, indent=2) + "\n"
        return "".join(json.dumps(d) + "\n" for d in data)
    if not rows:
        return ""
    width = max(len(str(k)) for *_, k in rows)
    return "".join(f"{k:>{width}}\t{c}\t{n}\t({s})\n" for c, n, s, k in rows)
