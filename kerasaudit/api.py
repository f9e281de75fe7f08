"""The pure core: ``check_paths -> check_file -> check_source``.

``check_source`` does no I/O and never prints; it returns a typed :class:`FileResult`.
Every failure inside it is contained to that file: nothing raised while analysing one
file can lose another file's result.
"""

from __future__ import annotations

import ast
import gc
import re
import stat
import sys
import traceback
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .results import Diagnostic, FileResult, detach
from .settings import Settings

# Python frames the interpreter may use. Python-to-Python calls do not use the C stack
# (3.11+), and the C code we reach (repr, ==, pickle) checks this same limit.
INTERPRETER_RECURSION_LIMIT = 8000
# Syntax trees nested deeper than this are not interpreted (see parse()).
MAX_AST_DEPTH = 1000


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


def diagnostic(code: str, message: str, line: int = 1, col: int = 0, severity: str = "error") -> Diagnostic:
    """The diagnostics the tool itself reports (KA001-KA004)."""
    names = {"KA001": "syntax-error", "KA002": "unreadable-file", "KA003": "analysis-incomplete",
             "KA004": "internal-error"}
    return Diagnostic(code, names[code], severity, message, line, col)


def incomplete(message: str, line: int = 1) -> Diagnostic:
    """KA003: part or all of the file was not analysed (a limit, not a problem in the code)."""
    return diagnostic("KA003", message, line, severity="info")


def parse(text: str, path: str) -> ast.Module | Diagnostic:
    """Parse with Python's own parser; a syntax error becomes a KA001 diagnostic at Python's
    location. Trees nested more than ~MAX_AST_DEPTH levels are refused with KA003 (on
    CPython 3.11 the parser itself enforces this for free: its tree-building depth check
    is three times the recursion limit, which we lower while parsing)."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return diagnostic("KA002", "the file contains null bytes: not Python source", line)
    try:
        with _recursion_limit(_frames() + MAX_AST_DEPTH // 3, lower=True), warnings.catch_warnings():
            # Python's SyntaxWarnings about the user's code ("invalid escape sequence") are
            # not ours to print on stderr.
            warnings.simplefilter("ignore")
            return ast.parse(text, filename=path)
    except SyntaxError as exc:
        return _syntax_error(exc, text)
    except (RecursionError, MemoryError):
        pass
    except ValueError as exc:
        return diagnostic("KA002", f"cannot parse: {exc}")
    # Too deep for us: is it too deep for Python too?
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        return _syntax_error(exc, text)
    except (RecursionError, MemoryError):
        return diagnostic("KA001", "the code is nested too deeply for Python's parser (Python would refuse to "
                          "compile this file too)", _busiest_line(text))
    line, depth = _deepest(tree)
    return incomplete(f"not analysed: the code is nested {depth:,} levels deep, more than kerasaudit follows "
                      f"({MAX_AST_DEPTH:,})", line)


def _syntax_error(exc: SyntaxError, text: str) -> Diagnostic:
    line = exc.lineno or 1
    # SyntaxError counts characters; diagnostics count UTF-8 bytes, as ast does.
    col = _byte_col(text, line, max((exc.offset or 1) - 1, 0))
    end_line = getattr(exc, "end_lineno", None) or line
    end_col = getattr(exc, "end_offset", None)
    end_col = max(_byte_col(text, end_line, end_col - 1), col) if end_col else col
    return Diagnostic("KA001", "syntax-error", "error", f"SyntaxError: {exc.msg}", line, col, end_line, end_col)


def _byte_col(text: str, line: int, char_col: int) -> int:
    lines = re.split(r"\r\n|\r|\n", text)
    if not 0 < line <= len(lines):
        return char_col
    return len(lines[line - 1][:char_col].encode("utf-8"))


def _frames() -> int:
    frame, n = sys._getframe(), 0
    while frame is not None:
        n += 1
        frame = frame.f_back
    return n


@contextmanager
def _recursion_limit(limit: int, lower: bool = False) -> Iterator[None]:
    """Set the recursion limit for a block (raise only, unless ``lower``), then restore it."""
    old = sys.getrecursionlimit()
    new = limit if lower else max(old, limit)
    try:
        sys.setrecursionlimit(new)
    except RecursionError:  # already deeper than that: keep the current limit
        new = old
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _deepest(tree: ast.AST) -> tuple[int, int]:
    """(line, depth) of the most deeply nested node; iterative, for trees too deep to recurse."""
    best_line, best = 1, 0
    stack: list[tuple[ast.AST, int, int]] = [(tree, 1, 1)]
    while stack:
        node, depth, line = stack.pop()
        line = getattr(node, "lineno", line)
        if depth > best:
            best, best_line = depth, line
        stack.extend((child, depth + 1, line) for child in ast.iter_child_nodes(node))
    return best_line, best


def _busiest_line(text: str) -> int:
    """Where deep nesting most likely is: the start of the logical line with the most tokens."""
    import io
    import tokenize

    best_line, best, count, start = 1, 0, 0, 1
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if count == 0:
                start = tok.start[0]
            count += 1
            if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                if count > best:
                    best, best_line = count, start
                count = 0
    except (tokenize.TokenError, SyntaxError, IndentationError):
        if count > best:
            best_line = start
    return best_line


def analyse(text: str, path: str, settings: Settings | None = None) -> tuple[Analysis | None, FileResult]:
    """Parse and interpret one file's text. Returns the analysis (None when not parsed)."""
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
        result.status = "failed" if tree.code != "KA003" else "skipped"
        if tree.code == "KA003":
            result.skip_reason = tree.message
        result.diagnostics.append(tree)
        return None, result
    limits = Limits(max_steps=settings.max_steps, max_seconds=settings.max_seconds)
    ctx = FileContext(path=path, limits=limits)
    analysis = Analysis(path=path, text=text, tree=tree, ctx=ctx)
    with _recursion_limit(INTERPRETER_RECURSION_LIMIT):
        try:
            Interpreter(ctx, tree).run()
        except RecursionError:
            ctx.note(1, 0, "the code is nested too deeply to follow; results are incomplete", "budget")
        except Exception as exc:  # noqa: BLE001 - contained to this file by design
            result.diagnostics.append(internal_error(exc, path))
        result.timed_out = ctx.timed_out
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
    """Analyse source text: models, and diagnostics after rules and suppressions. Never raises
    for anything in the text: failures become a KA004 diagnostic of this file."""
    settings = settings or Settings()
    try:
        analysis, result = analyse(text, path, settings)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for this file
        return FileResult(path=path, status="failed", source=text, diagnostics=[internal_error(exc, path)])
    try:
        from .rules.engine import run_rules
        with _recursion_limit(INTERPRETER_RECURSION_LIMIT):
            # run_rules returns the file's whole list (the analysis' own diagnostics included).
            result.diagnostics = run_rules(analysis, result, settings)
    except ImportError:
        pass
    except Exception as exc:  # noqa: BLE001
        result.diagnostics.append(internal_error(exc, path))
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def load_bytes(path: Path, settings: Settings) -> bytes | FileResult:
    """The file's bytes, or the result for a path that cannot be analysed: unreadable
    (KA002, a tool error: exit 2), a directory, or over the size limit (KA003)."""
    shown = str(path)
    try:
        if path.is_dir():
            return FileResult(path=shown, status="skipped", skip_reason="is a directory")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            diag = diagnostic("KA002", "cannot read the file: not a regular file")
            return FileResult(path=shown, status="failed", diagnostics=[diag], skip_reason="unreadable")
        size = info.st_size
        if size > settings.max_file_size:
            message = (f"not analysed: the file is {_mb(size)}, over the size limit of {_mb(settings.max_file_size)} "
                       "(--max-file-size)")
            return _filtered(FileResult(path=shown, status="skipped", skip_reason=message,
                                        diagnostics=[incomplete(message)]), settings)
        with open(path, "rb") as fh:
            data = fh.read(settings.max_file_size + 1)
    except OSError as exc:
        diag = diagnostic("KA002", f"cannot read the file: {exc.strerror or exc}")
        return FileResult(path=shown, status="failed", diagnostics=[diag], skip_reason="unreadable")
    if len(data) > settings.max_file_size:  # grew since stat(), or a device that reports no size
        message = f"not analysed: the file is over the size limit of {_mb(settings.max_file_size)} (--max-file-size)"
        return _filtered(FileResult(path=shown, status="skipped", skip_reason=message,
                                    diagnostics=[incomplete(message)]), settings)
    return data


def _mb(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"


def _filtered(result: FileResult, settings: Settings) -> FileResult:
    """Selection and severity overrides apply to the tool's own diagnostics too."""
    try:
        from .rules.engine import run_rules
        result.diagnostics = run_rules(None, result, settings)
    except Exception:  # noqa: BLE001 - unfiltered is better than lost
        pass
    return result


def check_bytes(data: bytes, path: str, settings: Settings | None = None) -> FileResult:
    """Decode (PEP 263, BOM) and analyse one file's bytes (a file's, or standard input's).
    Never raises; the result is plain data (see results.detach)."""
    from .source import SourceError, decode

    settings = settings or Settings()
    try:
        try:
            text = decode(data).text
        except SourceError as exc:
            diag = diagnostic("KA002", exc.message, exc.line, exc.col)
            return _filtered(FileResult(path=path, status="failed", diagnostics=[diag]), settings)
        return detach(check_source(text, path, settings))
    except Exception as exc:  # noqa: BLE001 - the last line of defence for this file
        return FileResult(path=path, status="failed", diagnostics=[internal_error(exc, path)])


def read_source(path: Path, settings: Settings | None = None) -> tuple[str | None, FileResult | None]:
    """The decoded text, or a failed/skipped result saying why it could not be read."""
    from .source import SourceError, decode

    loaded = load_bytes(path, settings or Settings())
    if isinstance(loaded, FileResult):
        return None, loaded
    try:
        return decode(loaded).text, None
    except SourceError as exc:
        diag = diagnostic("KA002", exc.message, exc.line, exc.col)
        return None, FileResult(path=str(path), status="failed", diagnostics=[diag])


def check_file(path: Path, settings: Settings | None = None) -> FileResult:
    """One file from disk; never raises. The result is plain data."""
    settings = settings or Settings()
    loaded = load_bytes(path, settings)
    if isinstance(loaded, FileResult):
        return loaded
    return check_bytes(loaded, str(path), settings)


def check_paths(paths: Iterable[Path], settings: Settings | None = None,
                settings_for: Callable[[Path], Settings] | None = None, jobs: int | None = 1,
                cache: bool = False, cache_dir: Path | None = None) -> list[FileResult]:
    """Every file, in order, one result each. ``settings_for`` gives each file its own
    settings (its nearest configuration file), else every file uses ``settings``.
    ``jobs`` processes (None: one per core); ``cache`` re-uses results of unchanged files
    (see kerasaudit.cache)."""
    from .runner import RunOptions, run

    settings = settings or Settings()
    paths = list(paths)
    per_file = [settings_for(p) if settings_for is not None else settings for p in paths]
    return run(paths, per_file, RunOptions(jobs=jobs, cache=cache, cache_dir=cache_dir))
