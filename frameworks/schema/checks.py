"""Checking a framework file (see SCHEMA.md) against every rule of the format and the database.

`parse_framework` turns YAML text into a plain document, or into the complete list of what is
wrong with it. It touches no database: the service that imports a document adds the checks that
need one (does this version exist already?) and writes nothing unless both pass. Every length
and number is checked against the column that will hold it, so what passes here can be stored
on SQLite and PostgreSQL alike.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ..dependencies import dependency_problems
from ..models import LEVELS, SEMVER_RE, CareSetting, FrameworkVersion, Measure, Question, Theme
from .loader import load_yaml
from .problems import Problem
from .vocabulary import check_vocabulary

FORMAT = "waymark-framework/1"
KEY_RE = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
MAX_WEIGHT = Decimal("1000")
MAX_VERSION_PART = 2_147_483_647  # the largest PositiveIntegerField on PostgreSQL
# Text a database column cannot hold, or a person cannot see: control characters but tab and
# line breaks, and lone surrogates.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


LENGTHS = {
    "framework.key": _max_length(FrameworkVersion, "framework_key"),
    "framework.name": _max_length(FrameworkVersion, "framework_name"),
    "version": _max_length(FrameworkVersion, "version"),
    "measure.key": _max_length(Measure, "key"),
    "measure.label": _max_length(Measure, "label"),
    "theme.key": _max_length(Theme, "key"),
    "theme.label": _max_length(Theme, "label"),
    "question.key": _max_length(Question, "key"),
}

TOP_FIELDS = {
    "format": True,
    "framework": True,
    "version": True,
    "change_notes": False,
    "measures": True,
}
FRAMEWORK_FIELDS = {"key": True, "name": True, "description": False, "vocabulary": False}
MEASURE_FIELDS = {
    "key": True,
    "label": True,
    "weight": False,
    "description": False,
    "depends_on": False,
    "themes": False,
    "questions": True,
}
THEME_FIELDS = {"key": True, "label": True}
QUESTION_FIELDS = {
    "key": True,
    "theme": False,
    "text": True,
    "guidance": True,
    "weight": False,
    "applies_to": True,
    "levels": True,
    "replaces": False,
}
LEVEL_FIELDS = {"level": True, "descriptor": True, "next_steps": False}


class _Checker:
    def __init__(self):
        self.problems: list[Problem] = []

    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, value: Any, path: str, fields: dict[str, bool], what: str) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, f"must be a mapping of fields for {what}, got {_kind(value)}")
            return None
        for name in value:
            if name not in fields:
                allowed = ", ".join(fields)
                self.error(
                    _join(path, str(name)[:60]),
                    f"unknown field {_shown(name)} (allowed: {allowed})",
                )
        for name, required in fields.items():
            if required and name not in value:
                self.error(path, f"missing required field {_shown(name)}")
        return value

    def text(
        self, data: dict, name: str, path: str, *, required: bool, max_length: int | None = None
    ) -> str:
        value = data.get(name)
        where = _join(path, name)
        if value is None:
            if required and name in data:
                self.error(where, "must not be empty")
            return ""
        if not isinstance(value, str):
            self.error(where, f"must be text, got {_kind(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.error(where, "must not be empty")
        elif unstorable := UNSTORABLE.search(value):
            code = f"U+{ord(unstorable.group()):04X}"
            self.error(where, f"holds a control character ({code}) that cannot be stored")
            return ""
        elif max_length is not None and len(value) > max_length:
            self.error(where, f"must be at most {max_length} characters long, got {len(value)}")
        return value

    def key(self, data: dict, path: str, *, max_length: int) -> str:
        value = data.get("key")
        if value is None:
            if "key" in data:
                self.error(_join(path, "key"), "must not be empty")
            return ""
        if not isinstance(value, str) or not KEY_RE.fullmatch(value):
            self.error(
                _join(path, "key"),
                f"{_shown(value)} is not a valid key: use lower-case letters, digits and hyphens, "
                "starting with a letter",
            )
            return ""
        if len(value) > max_length:
            self.error(
                _join(path, "key"),
                f"must be at most {max_length} characters long, got {len(value)}",
            )
        return value

    def weight(self, data: dict, path: str) -> Decimal:
        if "weight" not in data:
            return Decimal("1")
        value = data["weight"]
        where = _join(path, "weight")
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(where, f"must be a positive number, got {_shown(value)}")
            return Decimal("1")
        try:
            number = Decimal(str(value))
        except InvalidOperation:  # pragma: no cover - int/float always convert
            self.error(where, f"must be a positive number, got {_shown(value)}")
            return Decimal("1")
        if not number.is_finite() or number <= 0:
            self.error(where, f"must be a positive number, got {_shown(value)}")
        elif number >= MAX_WEIGHT:
            self.error(where, f"must be less than {MAX_WEIGHT}, got {_shown(value)}")
        elif number != number.quantize(Decimal("0.001")):
            self.error(where, f"may have at most three decimal places, got {_shown(value)}")
        return number

    def items(self, data: dict, name: str, path: str, *, required: bool) -> list:
        value = data.get(name)
        if value is None:
            if required and name in data:
                self.error(_join(path, name), "must list at least one item")
            return []
        if not isinstance(value, list):
            self.error(_join(path, name), f"must be a list, got {_kind(value)}")
            return []
        if required and not value:
            self.error(_join(path, name), "must list at least one item")
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    """A value as a message quotes it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def parse_framework(text: str | bytes) -> tuple[dict | None, list[Problem]]:
    """Return (document, []) for a valid file, or (None, every problem found)."""
    raw, problems = load_yaml(text)
    if problems:
        return None, problems
    check = _Checker()
    document = _check_document(check, raw)
    if check.problems:
        return None, check.problems
    return document, []


def _check_document(check: _Checker, raw: Any) -> dict | None:
    top = check.mapping(raw, "", TOP_FIELDS, "a framework file")
    if top is None:
        return None
    if "format" in top and top["format"] != FORMAT:
        check.error("format", f"must be {FORMAT!r}, got {_shown(top['format'])}")

    framework: dict[str, str] = {}
    fw = check.mapping(top.get("framework", {}), "framework", FRAMEWORK_FIELDS, "the framework")
    if fw is not None:
        framework = {
            "key": check.key(fw, "framework", max_length=LENGTHS["framework.key"]),
            "name": check.text(
                fw, "name", "framework", required=True, max_length=LENGTHS["framework.name"]
            ),
            "description": check.text(fw, "description", "framework", required=False),
            "vocabulary": check_vocabulary(check, fw),
        }

    version = top.get("version")
    if "version" in top and (problem := _version_problem(version)):
        check.error("version", problem)

    measures = []
    measure_keys: dict[str, str] = {}
    question_keys: dict[str, str] = {}
    for m_index, raw_measure in enumerate(check.items(top, "measures", "", required=True)):
        path = f"measures[{m_index}]"
        measure = _check_measure(check, raw_measure, path, question_keys)
        if measure is None:
            continue
        if measure["key"]:
            if measure["key"] in measure_keys:
                check.error(
                    _join(path, "key"),
                    f"duplicate measure key {_shown(measure['key'])} "
                    f"(also used at {measure_keys[measure['key']]})",
                )
            measure_keys.setdefault(measure["key"], path)
        measures.append(measure)
    for where, message in dependency_problems(measures, measure_keys):
        check.error(where, message)

    return {
        "format": FORMAT,
        "framework": framework,
        "version": version,
        "change_notes": check.text(top, "change_notes", "", required=False),
        "measures": measures,
    }


def _version_problem(version: Any) -> str | None:
    if not isinstance(version, str) or not SEMVER_RE.fullmatch(version):
        return (
            f"{_shown(version)} is not a semantic version: write it as MAJOR.MINOR.PATCH in quotes "
            "if needed, e.g. 1.0.0"
        )
    if len(version) > LENGTHS["version"] or any(
        int(part) > MAX_VERSION_PART for part in version.split(".")
    ):
        return (
            f"{_shown(version)} is too large: each number may be at most {MAX_VERSION_PART}, "
            f"and the whole at most {LENGTHS['version']} characters"
        )
    return None


def _check_measure(check: _Checker, raw: Any, path: str, question_keys: dict) -> dict | None:
    data = check.mapping(raw, path, MEASURE_FIELDS, "a success measure")
    if data is None:
        return None
    themes = []
    theme_keys: dict[str, str] = {}
    for t_index, raw_theme in enumerate(check.items(data, "themes", path, required=False)):
        t_path = f"{path}.themes[{t_index}]"
        theme = check.mapping(raw_theme, t_path, THEME_FIELDS, "a theme")
        if theme is None:
            continue
        key = check.key(theme, t_path, max_length=LENGTHS["theme.key"])
        if key in theme_keys:
            check.error(
                _join(t_path, "key"),
                f"duplicate theme key {_shown(key)} (also used at {theme_keys[key]})",
            )
        elif key:
            theme_keys[key] = t_path
        label = check.text(theme, "label", t_path, required=True, max_length=LENGTHS["theme.label"])
        themes.append({"key": key, "label": label})

    questions = []
    for q_index, raw_question in enumerate(check.items(data, "questions", path, required=True)):
        q_path = f"{path}.questions[{q_index}]"
        question = _check_question(check, raw_question, q_path, theme_keys)
        if question is None:
            continue
        key = question["key"]
        if key in question_keys:
            check.error(
                _join(q_path, "key"),
                f"duplicate question key {_shown(key)} (also used at {question_keys[key]})",
            )
        elif key:
            question_keys[key] = q_path
        questions.append(question)

    return {
        "key": check.key(data, path, max_length=LENGTHS["measure.key"]),
        "label": check.text(
            data, "label", path, required=True, max_length=LENGTHS["measure.label"]
        ),
        "weight": check.weight(data, path),
        "description": check.text(data, "description", path, required=False),
        "depends_on": _key_list(check, data, path, "depends_on", "measure", "smart-foundations"),
        "themes": themes,
        "questions": questions,
    }


def _key_list(check: _Checker, data: dict, path: str, name: str, what: str, eg: str) -> list[str]:
    """A list of keys as written, each a slug listed once: a measure's `depends_on` (checked
    against the file's measures by `dependency_problems`), a question's `replaces` (against
    the version it derives from, by `frameworks.crosswalk`)."""
    keys: list[str] = []
    for index, key in enumerate(check.items(data, name, path, required=False)):
        where = f"{path}.{name}[{index}]"
        if not isinstance(key, str) or not KEY_RE.fullmatch(key):
            check.error(where, f"{_shown(key)} is not a {what} key (a slug such as {eg})")
        elif key in keys:
            check.error(where, f"{what} {_shown(key)} is listed twice")
        else:
            keys.append(key)
    return keys


def _check_question(check: _Checker, raw: Any, path: str, theme_keys: dict) -> dict | None:
    data = check.mapping(raw, path, QUESTION_FIELDS, "a question")
    if data is None:
        return None
    theme = data.get("theme")
    if theme is not None and (not isinstance(theme, str) or theme not in theme_keys):
        known = ", ".join(theme_keys) or "none: this measure has no themes"
        check.error(
            _join(path, "theme"), f"unknown theme {_shown(theme)} (this measure's themes: {known})"
        )

    applies_to: list[str] = []
    for s_index, setting in enumerate(check.items(data, "applies_to", path, required=True)):
        where = f"{path}.applies_to[{s_index}]"
        if setting not in CareSetting.values:
            check.error(
                where,
                f"unknown care setting {_shown(setting)} (known: {', '.join(CareSetting.values)})",
            )
        elif setting in applies_to:
            check.error(where, f"care setting {_shown(setting)} is listed twice")
        else:
            applies_to.append(setting)

    levels = []
    raw_levels = check.items(data, "levels", path, required=True)
    if raw_levels and len(raw_levels) != len(LEVELS):
        check.error(
            _join(path, "levels"),
            f"must have exactly {len(LEVELS)} levels (1 to 5), found {len(raw_levels)}",
        )
    for l_index, raw_level in enumerate(raw_levels):
        l_path = f"{path}.levels[{l_index}]"
        level = check.mapping(raw_level, l_path, LEVEL_FIELDS, "a level")
        if level is None:
            continue
        expected = l_index + 1
        number = level.get("level")
        if "level" in level:
            if isinstance(number, bool) or number not in LEVELS:
                check.error(
                    _join(l_path, "level"), f"there is no level {_shown(number)}: levels go 1 to 5"
                )
            elif number != expected:
                check.error(
                    _join(l_path, "level"),
                    f"must be {expected} (levels go 1 to 5 in order), got {_shown(number)}",
                )
        next_steps = check.text(level, "next_steps", l_path, required=False)
        if expected < LEVELS[-1] and not next_steps and "next_steps" not in level:
            check.error(l_path, "missing required field 'next_steps' (how to reach the next level)")
        elif expected < LEVELS[-1] and not next_steps:
            check.error(_join(l_path, "next_steps"), "must not be empty")
        levels.append(
            {
                "level": expected,
                "descriptor": check.text(level, "descriptor", l_path, required=True),
                "next_steps": next_steps,
            }
        )

    return {
        "key": check.key(data, path, max_length=LENGTHS["question.key"]),
        "theme": theme if isinstance(theme, str) else None,
        "text": check.text(data, "text", path, required=True),
        "guidance": check.text(data, "guidance", path, required=True),
        "weight": check.weight(data, path),
        "applies_to": applies_to,
        "levels": levels,
        "replaces": _key_list(check, data, path, "replaces", "question", "wl-digital-strategy"),
    }
