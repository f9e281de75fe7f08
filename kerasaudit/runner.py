"""Running many files: the cache first, then the misses in parallel processes.

One job or many, every file goes through the same function (``_check``: bytes in, plain
``FileResult`` out), so what is tested in-process is what runs in the workers. Results
come back in input order, one per file, whatever happens to a worker: a file whose
worker process dies (which the analysis is built never to cause) is re-run alone and,
if it kills that process too, reported as an internal error (KA004) of that file only.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from .results import Diagnostic, FileResult
from .settings import Settings

if TYPE_CHECKING:  # concurrent.futures is imported only when there are files for several processes
    from concurrent.futures import ProcessPoolExecutor

Task = tuple[int, str, bytes, int]  # (index in the input, path as shown, the file's bytes, settings index)


@dataclass
class RunOptions:
    jobs: Optional[int] = None  # worker processes; None: one per available core
    cache: bool = False
    cache_dir: Optional[Path] = None  # None: $KERASAUDIT_CACHE_DIR or ./.kerasaudit_cache


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run(paths: list[Path], settings: Settings | list[Settings], options: RunOptions) -> list[FileResult]:
    """One result per path, in order. ``settings`` is one for all files or one per file."""
    # Results are plain acyclic data; Python's cyclic GC would walk every one of them again
    # each time many are created (unpickled from the cache or from workers): measured six
    # times slower on a cache-warm run. It runs once, afterwards.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(paths, settings, options)
    finally:
        if gc_was_enabled:
            gc.enable()


def _run(paths: list[Path], settings: Settings | list[Settings], options: RunOptions) -> list[FileResult]:
    from .api import load_bytes

    per_file = settings if isinstance(settings, list) else [settings] * len(paths)
    # Each configuration once (sent to workers once, fingerprinted for the cache once):
    # equal settings objects count as one, however many the configuration lookup made.
    distinct: list[Settings] = []
    index_of: dict[int, int] = {}
    by_value: dict[str, int] = {}
    for s in per_file:
        if id(s) not in index_of:
            key = repr(s)
            if key not in by_value:
                by_value[key] = len(distinct)
                distinct.append(s)
            index_of[id(s)] = by_value[key]
    caches: list = []
    if options.cache:
        from .cache import Cache
        caches = [Cache.open(options.cache_dir, s) for s in distinct]
    results: list[Optional[FileResult]] = [None] * len(paths)
    todo: list[Task] = []
    for i, (path, file_settings) in enumerate(zip(paths, per_file)):
        loaded = load_bytes(path, file_settings)
        if isinstance(loaded, FileResult):
            results[i] = loaded
            continue
        which = index_of[id(file_settings)]
        hit = caches[which].get(path, loaded) if caches else None
        if hit is not None:
            results[i] = hit
        else:
            todo.append((i, str(path), loaded, which))
    for task, result in _check_all(todo, distinct, options.jobs):
        results[task[0]] = result
        if caches:
            caches[task[3]].put(paths[task[0]], task[2], result)
    return [r if r is not None else _lost(str(p)) for r, p in zip(results, paths)]


def _check_all(todo: list[Task], settings: list[Settings], jobs: Optional[int]) -> Iterable[tuple[Task, FileResult]]:
    jobs = min(jobs or default_jobs(), len(todo))
    if jobs <= 1:
        for task in todo:
            yield task, _check(task, settings)
        return
    yield from _in_processes(todo, settings, jobs)


def _check(task: Task, settings: list[Settings]) -> FileResult:
    from .api import check_bytes

    _, shown, data, which = task
    return check_bytes(data, shown, settings[which])


# ---------------------------------------------------------------------- worker processes
_worker_settings: Optional[list[Settings]] = None


def _init_worker(settings: list[Settings]) -> None:
    global _worker_settings
    _worker_settings = settings


def _work(task: Task) -> tuple[int, FileResult]:
    assert _worker_settings is not None
    return task[0], _check(task, _worker_settings)


def _warm_up() -> None:
    """Import and register everything before forking, so workers start with it loaded."""
    from . import api, catalog, rules  # noqa: F401
    from .analysis import interpreter, library, summary  # noqa: F401

    catalog.all_specs()
    library._load()
    rules.all_rules()


def _threads_elsewhere() -> bool:
    import threading

    return threading.active_count() > 1 or any(name in sys.modules for name in _THREADED_LIBRARIES)


# Libraries that start native threads Python's threading module does not see.
_THREADED_LIBRARIES = ("jax", "jaxlib", "tensorflow", "torch")


def _pool(jobs: int, settings: list[Settings]) -> "ProcessPoolExecutor":
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    # fork: workers share the parent's loaded modules (starting is then nearly free);
    # elsewhere the platform default (spawn) imports kerasaudit in each worker. Forking a
    # process that runs other threads (kerasaudit used as a library next to JAX or
    # TensorFlow, whose thread pools a fork copies half-locked) can deadlock the workers.
    can_fork = "fork" in methods and sys.platform != "darwin" and not _threads_elsewhere()
    context = multiprocessing.get_context("fork" if can_fork else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(settings,))


def _in_processes(todo: list[Task], settings: list[Settings], jobs: int) -> Iterable[tuple[Task, FileResult]]:
    from concurrent.futures import FIRST_COMPLETED, Future, wait
    from concurrent.futures.process import BrokenProcessPool

    _warm_up()
    # Largest first: a big file started last would leave the other workers idle at the end.
    queue = sorted(todo, key=lambda t: -len(t[2]))
    pending: dict[Future, Task] = {}
    with _pool(jobs, settings) as pool:
        try:
            while queue or pending:
                while queue and len(pending) < jobs * 4:  # bounded: file contents wait in memory
                    task = queue.pop(0)
                    pending[pool.submit(_work, task)] = task
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    task = pending[future]
                    try:
                        result = future.result()[1]
                    except BrokenProcessPool:
                        raise
                    except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be sent back
                        from .api import internal_error
                        result = FileResult(path=task[1], status="failed",
                                            diagnostics=[internal_error(exc, task[1])])
                    del pending[future]
                    yield task, result
        except BrokenProcessPool:
            pass
    for task in list(pending.values()) + queue:  # one process each: only a file that kills it is lost
        yield task, _alone(task, settings)


def _alone(task: Task, settings: list[Settings]) -> FileResult:
    from concurrent.futures.process import BrokenProcessPool

    try:
        with _pool(1, settings) as pool:
            return pool.submit(_work, task).result()[1]
    except BrokenProcessPool:
        message = ("kerasaudit's analysis process died on this file; please report it with the file attached")
        return FileResult(path=task[1], status="failed",
                          diagnostics=[Diagnostic("KA004", "internal-error", "error", message, 1, 0)])


def _lost(path: str) -> FileResult:
    message = "kerasaudit produced no result for this file; please report it"
    return FileResult(path=path, status="failed",
                      diagnostics=[Diagnostic("KA004", "internal-error", "error", message, 1, 0)])
