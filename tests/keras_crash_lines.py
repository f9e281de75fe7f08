"""Run fixture scripts under real Keras 3 and print, for each, the line of the fixture where
Keras raised (or "ok"). Used by tests/test_rule_fixtures.py in a subprocess: one Keras import
for all fixtures. Only our own fixtures are executed, with Keras's datasets and training
replaced as in tools/make_golden.py (offline zeros, first batch only)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import runpy
import sys
import traceback
import warnings
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import make_golden  # noqa: E402


def crash_line(path: Path) -> dict:
    import keras
    keras.backend.clear_session()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            runpy.run_path(str(path), run_name="__main__")
    except Exception as exc:  # noqa: BLE001 - what Keras raises is the datum
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve() == path.resolve()]
        return {"line": frames[-1].lineno if frames else None, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return {"line": None, "error": None}


def install_one_step_training() -> None:
    """fit/evaluate/predict on the whole data as given (so Keras checks every shape and the
    sample counts), but for one step only."""
    import keras

    for method, steps in (("fit", "steps_per_epoch"), ("evaluate", "steps"), ("predict", "steps")):
        original = getattr(keras.Model, method)

        def one_step(self, *args, _original=original, _steps=steps, _method=method, **kwargs):
            for drop in ("validation_data", "validation_split", "callbacks", "validation_steps"):
                kwargs.pop(drop, None)
            if _method == "fit":
                kwargs["epochs"] = 1
            kwargs[_steps] = 1
            kwargs["verbose"] = 0
            return _original(self, *args, **kwargs)

        setattr(keras.Model, method, one_step)


def main(paths: list[str]) -> None:
    make_golden.install_tensorflow_alias()
    make_golden.install_offline_datasets()
    install_one_step_training()
    print(json.dumps({p: crash_line(Path(p)) for p in paths}))


if __name__ == "__main__":
    main(sys.argv[1:])
