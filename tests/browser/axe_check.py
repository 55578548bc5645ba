"""Run axe-core in a Playwright page and fail with a readable list of what it found."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import Page

# WCAG 2.1 AA, which webtilgængelighedsloven requires through EN 301 549.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def axe_source() -> str:
    path = Path(settings.PROJECT_DIR) / "node_modules" / "axe-core" / "axe.min.js"
    return path.read_text(encoding="utf-8")


def axe_run(page: Page, *, tags: list[str] = WCAG_21_AA) -> dict[str, Any]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    return page.evaluate(
        "options => window.axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]},
    )


def violations_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, *, tags: list[str] = WCAG_21_AA) -> None:
    """Fail if axe-core finds WCAG 2.1 AA violations on the page as it is now."""
    violations = axe_run(page, tags=tags)["violations"]
    if violations:
        count = sum(len(violation["nodes"]) for violation in violations)
        raise AssertionError(
            f"axe-core found {len(violations)} kinds of violation ({count} elements) "
            f"on {page.url}:\n{violations_report(violations)}"
        )
