from __future__ import annotations

from ..base import Invalid, Rule


class UnreadableFile(Rule):
    """
    ## What it does
    Reports a file that cannot be read as Python source: not valid in its declared
    encoding (UTF-8 by default), binary (NUL bytes), or not readable at all. The position
    is the first byte that cannot be decoded.

    ## Why is this bad
    Python would refuse the file too. Nothing else is reported for it; other files are
    still analysed.

    ## Example
    A file saved as Latin-1 that contains `é` without a coding line.

    ## Use instead
    Save the file as UTF-8, or declare its encoding on the first or second line:
    ```python
    # -*- coding: latin-1 -*-
    ```
    """

    code = "KA002"
    name = "unreadable-file"
    severity = "error"
    summary = "The file cannot be read or decoded as Python source"

    # From text, only a NUL byte reaches this code (decoding problems are found on bytes,
    # tested through the command line).
    VALID = ["x = 1\n"]
    INVALID = [Invalid("x = 1\x00\n", line=1, message="null bytes")]
