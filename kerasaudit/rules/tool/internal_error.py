from __future__ import annotations

from ..base import Rule


class InternalError(Rule):
    """
    ## What it does
    Reports that kerasaudit itself failed on this file (a bug in kerasaudit, not in your
    code). The message names the exception and where it happened.

    ## Why is this bad
    The file's analysis is incomplete. The command exits with status 2 so the failure is
    never mistaken for a clean result; other files are still analysed.

    ## Example
    Any file that triggers a bug in kerasaudit.

    ## Use instead
    Nothing to change in your code: please report the problem with the file attached.
    """

    code = "KA004"
    name = "internal-error"
    severity = "error"
    summary = "kerasaudit failed on this file (a kerasaudit bug); exit status 2"

    VALID = ["x = 1\n"]
    # No source can trigger it on purpose; tests/test_rule_framework.py breaks a rule to
    # see it through the command line.
    INVALID = []
