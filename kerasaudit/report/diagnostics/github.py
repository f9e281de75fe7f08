"""``--format github``: GitHub Actions workflow commands, which the runner turns into
annotations on the pull request's changed lines::

    ::error file=model.py,line=12,col=5,endLine=12,endColumn=9,title=KA201 shape-mismatch::message

Escaping follows the runner's rules: in the message ``%``, CR and LF are percent-encoded;
in property values ``:`` and ``,`` are too (they separate properties).
"""

from __future__ import annotations

from ...results import FileResult
from .. import ReportOptions
from ..positions import display_path, span

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: object) -> str:
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{level} {fields}::{escape_data(message)}"


def render(results: list[FileResult], options: ReportOptions) -> str:
    out = []
    for r in results:
        path = display_path(r.path)
        for d in r.diagnostics:
            where = span(r, d)
            out.append(command(LEVELS.get(d.severity, "warning"), d.message, file=path, line=where.line,
                               col=where.column, endLine=where.end_line, endColumn=where.end_column,
                               title=f"{d.code} {d.name}"))
    return "".join(line + "\n" for line in out)
