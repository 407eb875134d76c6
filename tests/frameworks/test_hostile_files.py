"""Hostile and careless files: each is answered with a clear message naming the place in the
file, and nothing is written; never a traceback, a hang or a memory blow-up. How fast a refusal
is belongs to the benchmark, not here; a refusal that has not come after a minute is a hang."""

import signal

import pytest

from frameworks.models import Framework, FrameworkVersion, Level, Measure, Question, Theme
from frameworks.schema import MAX_BYTES
from frameworks.services import FrameworkImportError, version_import

from .documents import document, dump

pytestmark = pytest.mark.django_db


def _hang(signum, frame):
    raise AssertionError("no answer after a minute: the importer hangs on this file")


def refused(source: str | bytes) -> list[str]:
    previous = signal.signal(signal.SIGALRM, _hang)
    signal.alarm(60)
    try:
        with pytest.raises(FrameworkImportError) as caught:
            version_import(source=source, filename="bad.yaml")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    for model in (Framework, FrameworkVersion, Measure, Theme, Question, Level):
        assert not model.objects.exists(), f"{model.__name__} rows were written"
    return caught.value.messages


def good_yaml() -> str:
    return dump(document())


def test_an_alias_bomb_is_refused_at_its_first_anchor():
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    assert refused("\n".join(lines)) == [
        "bad.yaml: line 1, column 5: is not valid YAML: "
        "anchors and aliases (&name, *name) are not allowed"
    ]


def test_an_alias_without_its_anchor_and_a_merge_key_are_refused():
    assert refused("format: *nowhere\n") == [
        "bad.yaml: line 1, column 9: is not valid YAML: "
        "anchors and aliases (&name, *name) are not allowed"
    ]
    assert refused("framework:\n  <<: {key: x}\n") == [
        "bad.yaml: line 2, column 3: is not valid YAML: merge keys (<<) are not allowed"
    ]


@pytest.mark.parametrize(
    "source",
    ["[" * 5000 + "]" * 5000, "measures:\n" + "".join("  " * n + "- a:\n" for n in range(300))],
)
def test_nesting_thousands_deep_is_refused(source):
    [message] = refused(source)
    assert message.startswith("bad.yaml: line ")
    assert message.endswith("is not valid YAML: nesting is deeper than 20 levels")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    source = good_yaml() + "#" * MAX_BYTES
    assert refused(source) == [
        f"bad.yaml: is {len(source)} bytes long: a framework file may have at most "
        f"{MAX_BYTES} bytes"
    ]


@pytest.mark.parametrize("key", ["[format, x]", "{format: x}"])
def test_a_list_or_a_mapping_as_a_field_name_is_refused(key):
    source = good_yaml().replace("format:", f"? {key}\n:", 1)
    assert refused(source) == [
        "bad.yaml: line 1, column 3: is not valid YAML: "
        "a field name must be plain text, not a list or a mapping"
    ]


@pytest.mark.parametrize("theme", [["strategy"], {"strategy": 1}])
def test_a_list_or_a_mapping_as_a_theme_is_an_unknown_theme(theme):
    doc = document()
    doc["measures"][0]["questions"][0]["theme"] = theme
    [message] = refused(dump(doc))
    assert message.startswith("bad.yaml: measures[0].questions[0].theme: unknown theme ")
    assert message.endswith("(this measure's themes: strategy)")


@pytest.mark.parametrize(("field", "number"), [("weight", "1" * 5000), ("level", "-" + "9" * 4999)])
def test_a_number_of_five_thousand_digits_is_refused(field, number):
    source = good_yaml().replace(f"{field}: 1\n", f"{field}: {number}\n", 1)
    lines = source.splitlines()
    line = next(i for i, text in enumerate(lines) if text.endswith(f"{field}: {number}"))
    [message] = refused(source)
    column = lines[line].index(number) + 1
    assert message == (
        f"bad.yaml: line {line + 1}, column {column}: is not valid YAML: "
        "a number of 5000 characters is too long (at most 30)"
    )


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (
            "2147483648.0.0",
            "'2147483648.0.0' is too large: each number may be at most 2147483647, "
            "and the whole at most 20 characters",
        ),
        (
            "1.1000000000.10000000",
            "'1.1000000000.10000000' is too large: each number may be at most 2147483647, "
            "and the whole at most 20 characters",
        ),
        (
            "1.0.0\n",
            "'1.0.0\\n' is not a semantic version: write it as MAJOR.MINOR.PATCH in quotes "
            "if needed, e.g. 1.0.0",
        ),
        (
            "\u0661.0.0",
            "'\u0661.0.0' is not a semantic version: write it as MAJOR.MINOR.PATCH in quotes "
            "if needed, e.g. 1.0.0",
        ),
    ],
)
def test_a_version_the_database_cannot_hold_is_refused(version, message):
    assert refused(dump(document(version))) == [f"bad.yaml: version: {message}"]


def test_every_key_name_and_label_is_checked_against_its_column():
    doc = document()
    doc["framework"]["key"] = "f" * 51
    doc["framework"]["name"] = "N" * 201
    doc["measures"][0]["key"] = "m" * 81
    doc["measures"][0]["label"] = "L" * 201
    doc["measures"][0]["themes"][0]["label"] = "T" * 201
    doc["measures"][1]["questions"][0]["key"] = "q" * 81
    assert refused(dump(doc)) == [
        "bad.yaml: framework.key: must be at most 50 characters long, got 51",
        "bad.yaml: framework.name: must be at most 200 characters long, got 201",
        "bad.yaml: measures[0].themes[0].label: must be at most 200 characters long, got 201",
        "bad.yaml: measures[0].key: must be at most 80 characters long, got 81",
        "bad.yaml: measures[0].label: must be at most 200 characters long, got 201",
        "bad.yaml: measures[1].questions[0].key: must be at most 80 characters long, got 81",
    ]


def test_keys_and_labels_at_their_column_s_length_are_stored_whole():
    doc = document()
    doc["framework"]["name"] = "N" * 200
    doc["measures"][0]["key"] = "m" * 80
    version = version_import(source=dump(doc), filename="long.yaml")
    assert version.framework_name == "N" * 200
    assert Measure.objects.filter(version=version, key="m" * 80).exists()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "format: !!python/object/apply:os.system ['true']\n",
            "line 1, column 9: is not valid YAML: could not determine a constructor for the "
            "tag 'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
        ("format: !!int abc\n", "line 1, column 9: is not valid YAML: 'abc' cannot be read as int"),
        (
            "version: 2020-13-45\n",
            "line 1, column 10: is not valid YAML: '2020-13-45' cannot be read as timestamp",
        ),
        ("a: 1\n---\nb: 2\n", "line 2, column 1: is not valid YAML: expected a single document"),
    ],
)
def test_tags_impossible_values_and_several_documents_are_refused(source, message):
    [got] = refused(source)
    assert got.startswith(f"bad.yaml: {message}")


def test_text_with_a_control_character_is_refused():
    doc = document()
    doc["measures"][0]["questions"][0]["text"] = "How mature\x00 is it?"
    assert refused(dump(doc)) == [
        "bad.yaml: measures[0].questions[0].text: holds a control character (U+0000) "
        "that cannot be stored"
    ]


def test_a_key_with_a_line_break_is_not_a_key():
    doc = document()
    doc["measures"][0]["key"] = "well-led\n"
    [message] = refused(dump(doc))
    assert message.startswith("bad.yaml: measures[0].key: 'well-led\\n' is not a valid key")


def test_an_empty_key_is_refused():  # found by the fuzz test: it imported a framework keyed ""
    doc = document()
    doc["framework"]["key"] = None
    doc["measures"][1]["key"] = None
    assert refused(dump(doc)) == [
        "bad.yaml: framework.key: must not be empty",
        "bad.yaml: measures[1].key: must not be empty",
    ]


def test_a_file_of_too_many_values_is_refused_where_it_passes_the_limit():
    [message] = refused("measures:\n" + "- a\n" * 30_000)
    assert message == (
        "bad.yaml: line 19999, column 3: is not valid YAML: the file holds more than 20000 values"
    )
