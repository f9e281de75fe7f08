from __future__ import annotations

from ..base import Invalid, Rule


class SyntaxErrorRule(Rule):
    """
    ## What it does
    Reports a file Python cannot parse, at the line and column Python's own parser gives.

    ## Why is this bad
    Python would refuse to run the file; kerasaudit cannot analyse it either, so nothing
    else is reported for it (other files are still analysed).

    ## Example
    ```python
    model.add(Dense(10, activation="softmax")
    ```

    ## Use instead
    ```python
    model.add(Dense(10, activation="softmax"))
    ```
    """

    code = "KA001"
    name = "syntax-error"
    severity = "error"
    summary = "The file is not valid Python; reported at Python's own location"

    # Produced by the parser in api.parse, not by check(); the examples still run through it.
    VALID = ["x = (1, 2)\n"]
    INVALID = [Invalid("""
        from keras import layers
        x = layers.Dense(3
        """, line=2, message="SyntaxError")]
