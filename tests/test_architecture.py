"""Meta tests on the code itself: the house rules in STYLE.md that a linter cannot see."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "borgerrejse"
# Interfaces fetch cases through access helpers, never with a bare manager query.
INTERFACE_MODULES = [
    path
    for folder in ("portal", "api", "workbench")
    for path in (SRC / folder).rglob("*.py")
    if "tests" not in path.parts and "migrations" not in path.parts
]
BARE_CASE_QUERY = re.compile(r"\b(Case|Decision|Attachment|TimelineEvent)\.objects\b")


@pytest.mark.parametrize("path", INTERFACE_MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_interfaces_read_cases_only_through_access_helpers(path):
    offending = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BARE_CASE_QUERY.search(line)
    ]

    assert offending == [], "use the access_* helpers in cases.selectors instead"


def test_no_module_is_named_for_nothing():
    vague = {"utils.py", "helpers.py", "misc.py", "common.py"}

    assert [p for p in SRC.rglob("*.py") if p.name in vague] == []
