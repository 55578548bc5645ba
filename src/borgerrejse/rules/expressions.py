"""CEL expressions: compilation, the functions rules may call, and static analysis.

Evaluation uses the compiled `common-expression-language` package. The pure-Python
`cel-python` parser is used only where we need the syntax tree: to find the names an
expression reads, so that `services check` can point at an undefined field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import cel
from celpy.celparser import CELParseError, CELParser
from lark import Token, Tree

MAX_EXPRESSION_LENGTH = 2000

# Macros bind their first argument as a local name: `items.all(x, x > 0)`.
_BINDING_MACROS = {"all", "exists", "exists_one", "map", "filter"}


class ExpressionError(ValueError):
    """An expression that cannot be compiled. The message points at the problem."""


def _whole_years(start: dt.datetime, end: dt.datetime) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def _whole_months(start: dt.datetime, end: dt.datetime) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def _days(start: dt.datetime, end: dt.datetime) -> int:
    return (end.date() - start.date()).days


def date_value(value: dt.date) -> dt.datetime:
    """A calendar date as CEL sees it: a timestamp at midnight UTC."""
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def _date(text: str) -> dt.datetime:
    return date_value(dt.date.fromisoformat(text))


# Every function here is total on its argument types and runs in constant time, which,
# together with CEL having no loops or recursion, bounds the time of any evaluation.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "years_between": _whole_years,
    "months_between": _whole_months,
    "days_between": _days,
    "date": _date,
    "min": min,
    "max": max,
}

BUILTIN_FUNCTIONS = frozenset(
    {"size", "has", "int", "uint", "double", "string", "bool", "timestamp", "duration"}
    | {"contains", "startsWith", "endsWith", "matches", "in"}
    | {"getFullYear", "getMonth", "getDayOfMonth", "getDayOfWeek", "getDayOfYear"}
    | _BINDING_MACROS
)


@dataclass(frozen=True)
class Expression:
    """A compiled CEL expression and the free names it reads."""

    source: str
    program: Any = field(repr=False, compare=False)
    names: frozenset[str]
    functions: frozenset[str]

    @classmethod
    def compile(cls, source: str) -> Expression:
        return _compile_cached(source)


@cache
def _compile_cached(source: str) -> Expression:
    source = source.strip()
    if not source:
        raise ExpressionError("the expression is empty")
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_EXPRESSION_LENGTH} characters")
    try:
        tree = _parser().parse(source)
    except CELParseError as error:
        line = getattr(error, "line", None)
        column = getattr(error, "column", None)
        where = f" at line {line}, column {column}" if line else ""
        raise ExpressionError(f"CEL syntax error{where} in {source!r}") from None
    try:
        program = cel.compile(source)
    except ValueError as error:
        first_line = str(error).splitlines()[0]
        raise ExpressionError(f"CEL syntax error in {source!r}: {first_line}") from None
    names, functions = _free_names(tree)
    return Expression(source=source, program=program, names=names, functions=functions)


@cache
def _parser() -> CELParser:
    return CELParser()


def _free_names(tree: Tree[Any]) -> tuple[frozenset[str], frozenset[str]]:
    """The identifiers an expression reads and the functions it calls.

    Names bound by a macro (`x` in `items.all(x, x > 0)`) are local, not reads.
    """
    names: set[str] = set()
    functions: set[str] = set()

    def walk(node: Tree[Any] | Token, bound: frozenset[str]) -> None:
        if isinstance(node, Token):
            return
        if node.data == "ident":
            name = str(node.children[0])
            if name not in bound:
                names.add(name)
            return
        if node.data == "ident_arg":
            functions.add(str(node.children[0]))
            for child in node.children[1:]:
                walk(child, bound)
            return
        if node.data == "member_dot_arg":
            target, method, *rest = node.children
            walk(target, bound)
            method_name = str(method)
            functions.add(method_name)
            args = rest[0].children if rest and isinstance(rest[0], Tree) else []
            if method_name in _BINDING_MACROS and args:
                local = _single_ident(args[0])
                inner = bound | {local} if local else bound
                for arg in args[1:]:
                    walk(arg, inner)
                return
            for arg in args:
                walk(arg, bound)
            return
        if node.data == "member_dot":
            # `a.b` reads `a`; `b` is a field of it, not a name in scope.
            walk(node.children[0], bound)
            return
        for child in node.children:
            walk(child, bound)

    walk(tree, frozenset())
    return frozenset(names), frozenset(functions)


def _single_ident(node: Tree[Any] | Token) -> str | None:
    for sub in node.iter_subtrees() if isinstance(node, Tree) else ():
        if sub.data == "ident":
            return str(sub.children[0])
    return None
