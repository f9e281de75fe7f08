"""The pure core: ``check_paths -> check_file -> check_source``.

``check_source`` does no I/O and never prints; it returns a typed :class:`FileResult`.
Every failure inside it is contained to that file.
"""

from __future__ import annotations

import ast
import gc
import re
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .results import Diagnostic, FileResult
from .settings import Settings


@dataclass
class Analysis:
    """Everything one file's analysis produced, for rules and reporters."""

    path: str
    text: str
    tree: ast.Module
    ctx: Any  # FileContext
    summaries: list = field(default_factory=list)
    _lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            from .comments import source_lines
            self._lines = source_lines(self.text)
        return self._lines

    @property
    def facts(self) -> Any:
        return self.ctx.facts


def parse(text: str, path: str) -> ast.Module | Diagnostic:
    """Parse with Python's own parser; a syntax error becomes a KA001 diagnostic at Python's location."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return Diagnostic("KA002", "unreadable-file", "error", "the file contains null bytes: not Python source",
                          line, 0)
    try:
        return ast.parse(text, filename=path)
    except SyntaxError as exc:
        line = exc.lineno or 1
        # SyntaxError counts characters; diagnostics count UTF-8 bytes, as ast does.
        col = _byte_col(text, line, max((exc.offset or 1) - 1, 0))
        end_line = getattr(exc, "end_lineno", None) or line
        end_col = getattr(exc, "end_offset", None)
        end_col = max(_byte_col(text, end_line, end_col - 1), col) if end_col else col
        message = f"SyntaxError: {exc.msg}"
        return Diagnostic("KA001", "syntax-error", "error", message, line, col, end_line, end_col)
    except (RecursionError, MemoryError):
        return Diagnostic("KA001", "syntax-error", "error",
                          "the file is nested too deeply for Python's parser", 1, 0)
    except ValueError as exc:
        return Diagnostic("KA002", "unreadable-file", "error", f"cannot parse: {exc}", 1, 0)


def _byte_col(text: str, line: int, char_col: int) -> int:
    lines = re.split(r"\r\n|\r|\n", text)
    if not 0 < line <= len(lines):
        return char_col
    return len(lines[line - 1][:char_col].encode("utf-8"))


def analyse(text: str, path: str, settings: Settings | None = None) -> tuple[Analysis | None, FileResult]:
    """Parse and interpret one file's text. Returns the analysis (None on a syntax error)."""
    settings = settings or Settings()
    result = FileResult(path=path, source=text)
    # The analysis allocates many small linked objects; Python's cyclic GC would walk them
    # all again and again (measured: a third of the time on a 2,000-layer model). It runs
    # once, after the file is done.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _analyse(text, path, settings, result)
    finally:
        if gc_was_enabled:
            gc.enable()


def _analyse(text: str, path: str, settings: Settings, result: FileResult) -> tuple[Analysis | None, FileResult]:
    from .analysis.context import FileContext, Limits
    from .analysis.interpreter import Interpreter
    from .analysis.summary import summarize

    tree = parse(text, path)
    if isinstance(tree, Diagnostic):
        result.status = "failed"
        result.diagnostics.append(tree)
        return None, result
    limits = Limits(max_steps=settings.max_steps, max_seconds=settings.max_seconds)
    ctx = FileContext(path=path, limits=limits)
    analysis = Analysis(path=path, text=text, tree=tree, ctx=ctx)
    old_limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(old_limit, 8000))
        Interpreter(ctx, tree).run()
    except RecursionError:
        ctx.note(1, 0, "the code is nested too deeply to follow; results are incomplete", "budget")
    except Exception as exc:  # noqa: BLE001 - contained to this file by design
        result.diagnostics.append(internal_error(exc, path))
    finally:
        sys.setrecursionlimit(old_limit)
    try:
        analysis.summaries = [summarize(m, settings.expand_nested) for m in ctx.facts.models]
        from .summary_extras import annotate
        annotate(analysis.summaries, tree, ctx.facts)
    except Exception as exc:  # noqa: BLE001
        result.diagnostics.append(internal_error(exc, path))
    result.models = analysis.summaries
    result.analysis = analysis
    return analysis, result


def internal_error(exc: BaseException, path: str, rule: str | None = None) -> Diagnostic:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    what = f"rule {rule}" if rule else "kerasaudit"
    return Diagnostic("KA004", "internal-error", "error",
                      f"{what} failed on this file ({type(exc).__name__}: {exc}{where}); please report it "
                      "with the file attached", 1, 0)


def check_source(text: str, path: str = "<stdin>", settings: Settings | None = None) -> FileResult:
    """Analyse source text: models, and diagnostics after rules and suppressions."""
    settings = settings or Settings()
    analysis, result = analyse(text, path, settings)
    try:
        from .rules.engine import run_rules
        # run_rules returns the analysis's own diagnostics too, filtered and suppressed.
        result.diagnostics = run_rules(analysis, result, settings)
    except ImportError:
        pass
    except Exception as exc:  # noqa: BLE001
        result.diagnostics.append(internal_error(exc, path))
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def read_source(path: Path) -> tuple[str | None, FileResult | None]:
    """The decoded text, or a failed result saying why it could not be read."""
    from .source import SourceError, decode

    shown = str(path)
    try:
        if path.is_dir():
            return None, FileResult(path=shown, status="skipped", skip_reason="is a directory")
        size = path.stat().st_size
        data = path.read_bytes()
    except OSError as exc:
        diag = Diagnostic("KA002", "unreadable-file", "error", f"cannot read the file: {exc.strerror or exc}", 1, 0)
        return None, FileResult(path=shown, status="failed", diagnostics=[diag], skip_reason="unreadable")
    del size
    try:
        return decode(data).text, None
    except SourceError as exc:
        diag = Diagnostic("KA002", "unreadable-file", "error", exc.message, exc.line, exc.col)
        return None, FileResult(path=shown, status="failed", diagnostics=[diag])


def check_bytes(data: bytes, path: str, settings: Settings | None = None) -> FileResult:
    """Analyse source bytes that did not come from a file (standard input)."""
    from .source import SourceError, decode

    try:
        text = decode(data).text
    except SourceError as exc:
        diag = Diagnostic("KA002", "unreadable-file", "error", exc.message, exc.line, exc.col)
        return FileResult(path=path, status="failed", diagnostics=[diag])
    result = check_source(text, path, settings)
    result.analysis = None
    return result


def check_file(path: Path, settings: Settings | None = None) -> FileResult:
    text, failed = read_source(path)
    if failed is not None:
        return failed
    assert text is not None
    result = check_source(text, str(path), settings)
    result.analysis = None  # keep results small and picklable across processes
    return result


def check_paths(paths: Iterable[Path], settings: Settings | None = None,
                settings_for: Callable[[Path], Settings] | None = None) -> list[FileResult]:
    """Check files; ``settings_for`` gives each file its own settings (its nearest
    configuration file), else every file uses ``settings``."""
    settings = settings or Settings()
    return [check_file(p, settings_for(p) if settings_for is not None else settings) for p in paths]
