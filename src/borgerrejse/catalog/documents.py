"""Read service definitions from YAML and report every problem with its file, line and key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.rules.check import check_rule_set
from borgerrejse.rules.expressions import Expression, ExpressionError

KeyPath = tuple[str | int, ...]

_LANGUAGES = {"da": "Danish", "en": "English"}


@dataclass(frozen=True)
class DefinitionProblem:
    file: str
    line: int | None
    path: KeyPath
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = format_path(self.path)
        return f"{where}: {key}: {self.message}" if key else f"{where}: {self.message}"


class DefinitionError(Exception):
    def __init__(self, problems: list[DefinitionProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def format_path(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_definition(path: Path) -> ServiceDefinition:
    """Parse and check one file; raise DefinitionError listing every problem found."""
    return parse_definition(path.read_text(encoding="utf-8"), source=str(path))


def parse_definition(text: str, *, source: str) -> ServiceDefinition:
    try:
        data, lines = _load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        raise DefinitionError([DefinitionProblem(source, line, (), f"YAML: {reason}")]) from None

    def problem(path: KeyPath, message: str) -> DefinitionProblem:
        return DefinitionProblem(source, _line_for(lines, path), path, message)

    if not isinstance(data, dict):
        raise DefinitionError([problem((), "a service definition must be a mapping")])
    try:
        definition = ServiceDefinition.model_validate(data)
    except ValidationError as error:
        raise DefinitionError(
            [problem(_clean_loc(item["loc"]), _message(item)) for item in error.errors()]
        ) from None

    problems = [
        problem(found.path, found.message)
        for found in check_rule_set(definition.rule_set(), valid_from=definition.valid_from)
    ]
    problems += [problem(path, message) for path, message in _check_form(definition)]
    if problems:
        raise DefinitionError(problems)
    return definition


def _check_form(definition: ServiceDefinition) -> Iterable[tuple[KeyPath, str]]:
    """`show_if` may only read fields asked on an earlier step or earlier on the same step."""
    asked: set[str] = set()
    for step_index, step in enumerate(definition.form.steps):
        for field_index, field in enumerate(step.fields):
            if field.show_if is not None:
                path: KeyPath = ("form", "steps", step_index, "fields", field_index, "show_if")
                try:
                    expression = Expression.compile(field.show_if)
                except ExpressionError as error:
                    yield path, f"field {field.name!r}: {error}"
                else:
                    for name in sorted(expression.names - asked):
                        yield path, f"field {field.name!r} reads undefined field {name!r}"
            asked.add(field.name)


def _clean_loc(loc: tuple[Any, ...]) -> KeyPath:
    # Pydantic adds the validator's type to the path for unions and enum keys.
    return tuple(part for part in loc if not (isinstance(part, str) and "[" in part))


def _message(item: Any) -> str:
    kind = item["type"]
    loc = _clean_loc(item["loc"])
    last = loc[-1] if loc else None
    if kind == "extra_forbidden":
        return f"unknown key {last!r}"
    if kind == "missing":
        if last in _LANGUAGES:
            return f"missing {_LANGUAGES[str(last)]} text"
        return f"missing required key {last!r}"
    if kind == "string_too_short" and last in _LANGUAGES:
        return f"the {_LANGUAGES[str(last)]} text is empty"
    message = str(item["msg"])
    return message.removeprefix("Value error, ")


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice: in `values:` that is an overlap."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            shown = key.isoformat() if isinstance(key, dt.date) else key
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the key {shown!r} appears twice (for dated values this is an overlap)",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _load_yaml(text: str) -> tuple[Any, dict[KeyPath, int]]:
    """The document and the line each key path starts on."""
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[KeyPath, int] = {}
        _record_lines(node, (), lines)
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


def _record_lines(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _record_lines(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines)


def _line_for(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of the deepest part of the path that exists in the document."""
    normalised = tuple(part if isinstance(part, int) else str(part) for part in path)
    while normalised:
        if normalised in lines:
            return lines[normalised]
        normalised = normalised[:-1]
    return lines.get(())
