"""Regenerate docs/rules.md from the rules (same as `kerasaudit rule --all --format markdown`).

Usage: python tools/make_rule_docs.py   (from the repository root)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kerasaudit.rules import all_rules  # noqa: E402
from kerasaudit.rules.docs import rules_markdown  # noqa: E402

TARGET = ROOT / "docs" / "rules.md"


def main() -> None:
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(rules_markdown(list(all_rules().values())), encoding="utf-8", newline="\n")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
