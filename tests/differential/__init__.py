"""The differential tester: generated model scripts and layer cases, kerasaudit vs real Keras.

Run longer by hand (random, not the fixed CI examples):

    KERASAUDIT_DIFF_EXAMPLES=2000 .venv/bin/python -m pytest tests/differential
"""

import os

# Real Keras runs on JAX here (as tools/make_golden.py): set before anything imports keras.
os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
