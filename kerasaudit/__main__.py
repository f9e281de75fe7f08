import os
import sys

# ``python -m kerasaudit`` puts the current directory on sys.path (so may PYTHONPATH). kerasaudit is
# often run inside a checkout under review: a file there named like a module we import
# later (click.py, json.py...) must not be imported. kerasaudit itself is already
# imported at this point and finds its own modules through its package path.
_here = ("", ".", os.getcwd())
sys.path[:] = [entry for entry in sys.path if entry not in _here]

from kerasaudit.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
