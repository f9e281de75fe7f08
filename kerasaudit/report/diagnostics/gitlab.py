"""``--format gitlab``: GitLab Code Quality JSON (a list of issues), for the
``artifacts:reports:codequality`` report of a merge request.

Fingerprints are stable: they hash the path, the code, the message and the text of the
flagged line (not its number), plus an occurrence counter for identical findings, so a
finding keeps its fingerprint when unrelated lines above it move and GitLab shows it as
unchanged rather than fixed-and-new.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ...results import FileResult
from .. import ReportOptions
from ..positions import display_path, source_lines, span

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def fingerprint(path: str, code: str, message: str, line_text: str, occurrence: int) -> str:
    key = "\0".join([path, code, message, line_text.strip(), str(occurrence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def issues(results: list[FileResult]) -> list[dict[str, Any]]:
    out = []
    for r in results:
        path = display_path(r.path)
        lines = source_lines(r)
        seen: dict[tuple[str, str, str], int] = {}
        for d in r.diagnostics:
            where = span(r, d)
            text = lines[where.line - 1] if 0 < where.line <= len(lines) else ""
            key = (d.code, d.message, text.strip())
            seen[key] = seen.get(key, 0) + 1
            out.append({
                "type": "issue",
                "check_name": d.code,
                "description": f"{d.code} {d.message}",
                "content": {"body": f"`{d.code}` ({d.name}): {d.message}"},
                "categories": ["Bug Risk"],
                "severity": SEVERITIES.get(d.severity, "minor"),
                "fingerprint": fingerprint(path, d.code, d.message, text, seen[key]),
                "location": {"path": path, "lines": {"begin": where.line, "end": where.end_line}},
            })
    return out


def render(results: list[FileResult], options: ReportOptions) -> str:
    return json.dumps(issues(results), indent=2, ensure_ascii=False) + "\n"
