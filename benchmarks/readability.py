"""LIX of every service's citizen-facing copy: the summary and the rules' reason texts.

The Danish texts are what we aim at LIX 35 for (and fail a test above 45, see
`catalog/tests/test_readability.py`); LIX is a Danish and Swedish measure, so the
English figures are for information only. A placeholder such as {amount} counts as one
short word.

    .venv/bin/python benchmarks/readability.py [--services DIR]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from borgerrejse.catalog.documents import read_definition
from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.readability import lix

SERVICES_DIR = Path(__file__).resolve().parent.parent / "services"
TARGET = 35
LIMIT = 45


def figure(score: float, language: str) -> str:
    """A score, marked when Danish copy misses the aim."""
    mark = "*" if language == "da" and score > TARGET else " "
    return f"{score:.1f}{mark}"


def service_row(definition: ServiceDefinition) -> list[str]:
    row = [definition.slug]
    for language in ("da", "en"):
        reasons = [lix(rule.reason.get(language)) for rule in definition.rules]
        row += [
            figure(lix(definition.summary.get(language)), language),
            figure(statistics.mean(reasons), language),
            figure(max(reasons), language),
        ]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=Path, default=SERVICES_DIR)
    args = parser.parse_args()

    header = [
        "service",
        "summary da",
        "reasons da mean",
        "reasons da max",
        "summary en",
        "reasons en mean",
        "reasons en max",
    ]
    rows = [service_row(read_definition(path)) for path in sorted(args.services.glob("*.yaml"))]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    print(f"LIX: {TARGET} or below is the aim for Danish copy (* marks a miss);")
    print(f"a test fails above {LIMIT}. English figures are for information only.")
    print()
    print(" | ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True)))
    print("-|-".join("-" * width for width in widths))
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        print(" | ".join(cells))


if __name__ == "__main__":
    main()
