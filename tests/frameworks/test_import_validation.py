"""Every validation rule of the framework file, each with its message and nothing written."""

import pytest

from frameworks.models import Framework, FrameworkVersion, Level, Measure, Question, Theme
from frameworks.services import FrameworkImportError, version_import

from .documents import document, dump, levels

pytestmark = pytest.mark.django_db


def refused(source: str | bytes, filename: str = "bad.yaml") -> list[str]:
    """Import `source`, expect refusal, check nothing was written, return the messages."""
    with pytest.raises(FrameworkImportError) as caught:
        version_import(source=source, filename=filename)
    for model in (Framework, FrameworkVersion, Measure, Theme, Question, Level):
        assert model.objects.count() == 0, f"{model.__name__} rows were written"
    assert "nothing was written" in caught.value.message
    return caught.value.messages


def test_a_valid_document_imports():
    version = version_import(source=dump(document()), filename="good.yaml")
    assert version.version == "1.0.0"
    assert Question.objects.count() == 4
    assert Level.objects.count() == 20


def test_it_rejects_an_unknown_top_level_field():
    doc = document()
    doc["colour"] = "blue"
    assert refused(dump(doc)) == [
        "bad.yaml: colour: unknown field 'colour' "
        "(allowed: format, framework, version, change_notes, measures)"
    ]


def test_it_rejects_an_unknown_field_in_a_question_and_names_its_path():
    doc = document()
    doc["measures"][1]["questions"][0]["hint"] = "typo for guidance"
    [message] = refused(dump(doc))
    assert message.startswith("bad.yaml: measures[1].questions[0].hint: unknown field 'hint'")


def test_it_rejects_an_unknown_field_in_a_level():
    doc = document()
    doc["measures"][0]["questions"][1]["levels"][2]["score"] = 3
    [message] = refused(dump(doc))
    assert message.startswith("bad.yaml: measures[0].questions[1].levels[2].score: unknown field")


def test_it_rejects_missing_required_fields():
    doc = document()
    del doc["framework"]["name"]
    del doc["measures"][0]["questions"][0]["text"]
    del doc["measures"][1]["questions"][1]["levels"][4]["descriptor"]
    assert refused(dump(doc)) == [
        "bad.yaml: framework: missing required field 'name'",
        "bad.yaml: measures[0].questions[0]: missing required field 'text'",
        "bad.yaml: measures[1].questions[1].levels[4]: missing required field 'descriptor'",
    ]


def test_it_rejects_empty_text():
    doc = document()
    doc["measures"][0]["questions"][0]["guidance"] = "   "
    assert refused(dump(doc)) == ["bad.yaml: measures[0].questions[0].guidance: must not be empty"]


def test_it_rejects_a_missing_next_steps_below_level_five():
    doc = document()
    del doc["measures"][0]["questions"][0]["levels"][1]["next_steps"]
    assert refused(dump(doc)) == [
        "bad.yaml: measures[0].questions[0].levels[1]: missing required field 'next_steps' "
        "(how to reach the next level)"
    ]


def test_it_rejects_duplicate_question_keys_across_measures():
    doc = document()
    doc["measures"][1]["questions"][1]["key"] = "wl-strategy"
    assert refused(dump(doc)) == [
        "bad.yaml: measures[1].questions[1].key: duplicate question key 'wl-strategy' "
        "(also used at measures[0].questions[0])"
    ]


def test_it_rejects_duplicate_measure_keys():
    doc = document()
    doc["measures"][1]["key"] = "well-led"
    assert refused(dump(doc)) == [
        "bad.yaml: measures[1].key: duplicate measure key 'well-led' (also used at measures[0])"
    ]


def test_it_rejects_duplicate_theme_keys():
    doc = document()
    doc["measures"][0]["themes"].append({"key": "strategy", "label": "Again"})
    assert refused(dump(doc)) == [
        "bad.yaml: measures[0].themes[1].key: duplicate theme key 'strategy' "
        "(also used at measures[0].themes[0])"
    ]


def test_it_rejects_a_field_written_twice_in_one_mapping():
    source = dump(document()).replace("- key: well-led\n", "- key: well-led\n  key: again\n", 1)
    assert "key: again" in source
    [message] = refused(source)
    assert message.startswith("bad.yaml: line ")
    assert "the field 'key' appears twice" in message


def test_it_rejects_a_question_with_a_level_missing():
    doc = document()
    doc["measures"][0]["questions"][0]["levels"] = levels("x")[:4]
    assert refused(dump(doc)) == [
        "bad.yaml: measures[0].questions[0].levels: must have exactly 5 levels (1 to 5), found 4"
    ]


def test_it_rejects_levels_out_of_order():
    doc = document()
    lv = levels("x")
    lv[2], lv[3] = lv[3], lv[2]
    doc["measures"][0]["questions"][0]["levels"] = lv
    assert refused(dump(doc)) == [
        "bad.yaml: measures[0].questions[0].levels[2].level: must be 3 (levels go 1 to 5 in order), got 4",
        "bad.yaml: measures[0].questions[0].levels[3].level: must be 4 (levels go 1 to 5 in order), got 3",
    ]


def test_it_rejects_a_sixth_level():
    doc = document()
    doc["measures"][0]["questions"][0]["levels"].append(
        {"level": 6, "descriptor": "Beyond.", "next_steps": "None."}
    )
    assert refused(dump(doc)) == [
        "bad.yaml: measures[0].questions[0].levels: must have exactly 5 levels (1 to 5), found 6",
        "bad.yaml: measures[0].questions[0].levels[5].level: there is no level 6: levels go 1 to 5",
    ]


@pytest.mark.parametrize("weight", [0, -1, "heavy", True, None, 0.0001, 1000])
def test_it_rejects_weights_that_are_not_sensible_positive_numbers(weight):
    doc = document()
    doc["measures"][0]["questions"][1]["weight"] = weight
    [message] = refused(dump(doc))
    assert message.startswith("bad.yaml: measures[0].questions[1].weight: ")
    assert repr(weight) in message


def test_it_rejects_a_measure_weight_of_zero():
    doc = document()
    doc["measures"][1]["weight"] = 0
    assert refused(dump(doc)) == ["bad.yaml: measures[1].weight: must be a positive number, got 0"]


def test_it_rejects_an_unknown_care_setting():
    doc = document()
    doc["measures"][0]["questions"][1]["applies_to"] = ["icb", "hospice"]
    assert refused(dump(doc)) == [
        "bad.yaml: measures[0].questions[1].applies_to[1]: unknown care setting 'hospice' (known: "
        "acute, mental_health, community, ambulance, icb, general_practice, social_care)"
    ]


def test_it_rejects_a_care_setting_listed_twice_and_an_empty_list():
    doc = document()
    doc["measures"][0]["questions"][1]["applies_to"] = ["icb", "icb"]
    doc["measures"][1]["questions"][0]["applies_to"] = []
    assert refused(dump(doc)) == [
        "bad.yaml: measures[0].questions[1].applies_to[1]: care setting 'icb' is listed twice",
        "bad.yaml: measures[1].questions[0].applies_to: must list at least one item",
    ]


def test_it_rejects_an_unknown_theme():
    doc = document()
    doc["measures"][1]["questions"][0]["theme"] = "strategy"
    assert refused(dump(doc)) == [
        "bad.yaml: measures[1].questions[0].theme: unknown theme 'strategy' "
        "(this measure's themes: none: this measure has no themes)"
    ]


@pytest.mark.parametrize("key", ["Well Led", "1st", "well_led", "-x", ""])
def test_it_rejects_keys_that_are_not_slugs(key):
    doc = document()
    doc["measures"][0]["key"] = key
    [message] = refused(dump(doc))
    assert message.startswith(f"bad.yaml: measures[0].key: {key!r} is not a valid key")


@pytest.mark.parametrize("number", ["1.0", "v1.0.0", "01.0.0", 1])
def test_it_rejects_a_version_that_is_not_semantic(number):
    [message] = refused(dump(document(version=number)))
    assert message.startswith(f"bad.yaml: version: {number!r} is not a semantic version")


def test_it_rejects_the_wrong_format():
    doc = document()
    doc["format"] = "waymark-framework/2"
    assert refused(dump(doc)) == [
        "bad.yaml: format: must be 'waymark-framework/1', got 'waymark-framework/2'"
    ]


def test_it_rejects_a_version_that_already_exists_and_leaves_the_first_untouched():
    version_import(source=dump(document()), filename="first.yaml", publish=True)
    doc = document()
    doc["measures"][0]["label"] = "Something else"
    with pytest.raises(FrameworkImportError) as caught:
        version_import(source=dump(doc), filename="again.yaml")
    assert caught.value.messages == [
        "again.yaml: version: Test framework version 1.0.0 already exists: published versions "
        "never change, so give the file a new version number"
    ]
    assert FrameworkVersion.objects.count() == 1
    assert list(Measure.objects.values_list("label", flat=True)) == [
        "Well led",
        "Ensure smart foundations",
    ]


def test_it_reports_every_problem_at_once_in_file_order():
    doc = document()
    doc["version"] = "one"
    doc["measures"][0]["weight"] = -2
    doc["measures"][0]["questions"][0]["applies_to"] = ["nowhere"]
    doc["measures"][1]["questions"][1]["levels"] = levels("x")[:3]
    messages = refused(dump(doc))
    assert [m.split(": ")[1] for m in messages] == [
        "version",
        "measures[0].questions[0].applies_to[0]",
        "measures[0].weight",
        "measures[1].questions[1].levels",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("", "bad.yaml: must be a mapping of fields for a framework file, got nothing"),
        (
            "- just\n- a list\n",
            "bad.yaml: must be a mapping of fields for a framework file, got a list",
        ),
        (b"format: \xff\xfe", "bad.yaml: is not UTF-8 text (byte 8 cannot be read)"),
    ],
)
def test_it_rejects_files_that_are_not_framework_documents(source, expected):
    assert refused(source) == [expected]


def test_it_rejects_broken_yaml_with_the_line():
    [message] = refused("format: waymark-framework/1\nmeasures: [\n  - key: x\n")
    assert message.startswith("bad.yaml: line ")
    assert "is not valid YAML" in message


def test_a_list_where_a_mapping_belongs_is_named():
    doc = document()
    doc["measures"][0]["questions"][0] = ["not", "a", "question"]
    assert refused(dump(doc)) == [
        "bad.yaml: measures[0].questions[0]: must be a mapping of fields for a question, got a list"
    ]
