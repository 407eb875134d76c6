"""Fuzzing the importer: whatever the file, the answer is a valid import or a clear refusal.

Three kinds of input: any text or bytes; YAML's own punctuation (anchors, aliases, tags, flow
brackets, huge numbers) shuffled; and a valid document with one value replaced by anything
(or removed). Every answer must come quickly, and be either a version whose export imports
again, or `FrameworkImportError` with at least one problem, each a message naming its place,
with nothing written.
"""

import pytest
import yaml
from django.db import transaction
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from frameworks.models import FrameworkVersion, Measure, Question
from frameworks.schema import parse_framework
from frameworks.services import FrameworkImportError, version_export, version_import

from .documents import document, dump

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=120, deadline=2000)


class _RollBack(Exception):
    pass


def answer(source: str | bytes) -> str:
    """'imported' or 'refused', after checking that the answer is one of the two allowed."""
    try:
        with transaction.atomic():
            try:
                version = version_import(source=source, filename="fuzz.yaml")
            except FrameworkImportError as exc:
                assert exc.problems, "a refusal must say what is wrong"
                for problem, message in zip(exc.problems, exc.messages, strict=True):
                    assert isinstance(problem.message, str) and problem.message.strip()
                    assert message.startswith("fuzz.yaml: ")
                    assert len(message) < 1000
                assert not FrameworkVersion.objects.exists(), "a refused file wrote something"
                return "refused"
            assert parse_framework(version_export(version=version))[1] == []
            assert Question.objects.filter(version=version).exists()
            raise _RollBack
    except _RollBack:
        return "imported"


@FUZZ
@given(st.one_of(st.text(max_size=2000), st.binary(max_size=2000)))
def test_any_text_or_bytes(source):
    assert answer(source) in ("imported", "refused")


YAML_PIECES = [
    "&a ",
    "*a ",
    "&b [",
    "*b, ",
    "[",
    "]",
    "{",
    "}",
    ": ",
    ", ",
    "- ",
    "\n",
    "  ",
    "? ",
    "<<: ",
    "!!int ",
    "!!str ",
    "!!binary ",
    "!!python/name:os.system ",
    "!foo ",
    "'",
    '"',
    "#",
    "---\n",
    "...\n",
    "|\n",
    ">-\n",
    "%YAML 1.1\n",
    "\\x00",
    "\t",
    "9" * 40,
    "-1",
    "1e999",
    ".nan",
    "2020-13-45",
    "0x1F",
    "1:30:00",
    "~",
    "true",
    "format",
    "waymark-framework/1",
    "framework",
    "key",
    "name",
    "version",
    "1.0.0",
    "measures",
    "questions",
    "levels",
    "level",
    "applies_to",
    "acute",
    "theme",
    "themes",
]


@FUZZ
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=60).map("".join))
def test_yaml_punctuation_shuffled(source):
    assert answer(source) in ("imported", "refused")


ANYTHING = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats()
    | st.text(max_size=260)
    | st.sampled_from(["1.0.0", "acute", "icb", "strategy", "well-led", "x" * 81, "-", ""]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["key", "label", "level", "text", "weight", "theme"])
            | st.text(max_size=8),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


def _places(node, path=()):
    """Every (container, key or index) of a document, as paths from its root."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        yield (*path, key)
        if isinstance(value, dict | list):
            yield from _places(value, (*path, key))


PLACES = list(_places(document()))


@FUZZ
@given(st.sampled_from(PLACES), ANYTHING, st.booleans())
def test_a_valid_document_with_one_value_changed_or_removed(place, value, remove):
    doc = document()
    parent = doc
    for key in place[:-1]:
        parent = parent[key]
    if remove:
        del parent[place[-1]]
    else:
        parent[place[-1]] = value
    try:
        source = dump(doc)
    except (yaml.YAMLError, ValueError):
        reject()
    assert answer(source) in ("imported", "refused")


def test_the_fuzzer_can_tell_a_good_file_from_a_bad_one():
    assert answer(dump(document())) == "imported"
    assert answer("format: [") == "refused"
    assert not Measure.objects.exists()
