"""The What Good Looks Like content Waymark ships, in both versions."""

import pytest

from frameworks.diff import diff_documents
from frameworks.models import CareSetting, FrameworkVersion, Question
from frameworks.services import (
    SHIPPED_DIR,
    import_file,
    version_document,
    version_export,
    version_import,
)

pytestmark = pytest.mark.django_db

OFFICIAL_ORDER = [
    "well-led",
    "smart-foundations",
    "safe-practice",
    "support-people",
    "empower-citizens",
    "improve-care",
    "healthy-populations",
]
PROVIDERS = {"acute", "mental_health", "community", "ambulance"}


@pytest.fixture
def shipped():
    one = import_file(SHIPPED_DIR / "wgll-1.0.0.yaml", publish=True)
    two = import_file(SHIPPED_DIR / "wgll-2.0.0.yaml", publish=True)
    return version_document(version=one), version_document(version=two)


def test_both_shipped_versions_import_and_publish(shipped):
    assert list(FrameworkVersion.objects.values_list("version", "status")) == [
        ("1.0.0", "published"),
        ("2.0.0", "published"),
    ]


def test_the_seven_success_measures_in_their_official_order(shipped):
    one, two = shipped
    assert [m["key"] for m in one["measures"]] == OFFICIAL_ORDER
    assert [m["label"] for m in one["measures"]] == [
        "Well led",
        "Ensure smart foundations",
        "Safe practice",
        "Support people",
        "Empower citizens",
        "Improve care",
        "Healthy populations",
    ]
    assert [m["key"] for m in two["measures"]] == OFFICIAL_ORDER
    assert [m["label"] for m in two["measures"]][3:5] == ["Support workforce", "Empower people"]


@pytest.mark.parametrize("index", [0, 1])
def test_every_measure_has_enough_complete_questions(shipped, index):
    document = shipped[index]
    questions = [q for m in document["measures"] for q in m["questions"]]
    assert len(questions) >= 35
    for measure in document["measures"]:
        assert len(measure["questions"]) >= 5, measure["key"]
    for question in questions:
        assert [lv["level"] for lv in question["levels"]] == [1, 2, 3, 4, 5]
        assert all(lv["descriptor"] for lv in question["levels"])
        assert all(lv["next_steps"] for lv in question["levels"][:4]), question["key"]
        assert len(set(lv["descriptor"] for lv in question["levels"])) == 5, question["key"]


@pytest.mark.parametrize("index", [0, 1])
def test_questions_are_tailored_by_care_setting(shipped, index):
    questions = [q for m in shipped[index]["measures"] for q in m["questions"]]
    settings = [set(q["applies_to"]) for q in questions]
    assert any(s == {"icb"} for s in settings), "some questions are for ICBs only"
    assert any(s and s <= PROVIDERS for s in settings), "some questions are for providers only"
    assert any(s == set(CareSetting.values) for s in settings), "some questions are for everyone"
    # Every care setting has something to answer in every success measure.
    for measure in shipped[index]["measures"]:
        for setting in CareSetting.values:
            asked = [q for q in measure["questions"] if setting in q["applies_to"]]
            assert asked, f"{measure['key']} asks nothing of {setting}"


def test_the_second_version_changes_labels_and_questions_by_key(shipped):
    diff = diff_documents(*shipped)
    relabelled = {m.key: m.kinds for m in diff.measures_changed}
    assert "relabelled" in relabelled["support-people"]
    assert "relabelled" in relabelled["empower-citizens"]
    assert diff.measures_added == [] and diff.measures_removed == []
    assert diff.questions_added and diff.questions_removed
    kinds = {kind for item in diff.questions_changed for kind in item.kinds}
    assert {"reworded", "re-weighted", "levels changed"} <= kinds


@pytest.mark.parametrize("name", ["wgll-1.0.0.yaml", "wgll-2.0.0.yaml"])
def test_the_shipped_files_survive_a_round_trip(name):
    version = import_file(SHIPPED_DIR / name, publish=True)
    exported = version_export(version=version)
    copy = version_import(
        source=exported.replace(f"version: {version.version}", "version: 99.0.0"),
        filename="copy.yaml",
    )
    original, again = version_document(version=version), version_document(version=copy)
    assert original.pop("version") != again.pop("version")
    assert again == original
    assert original["measures"], "nothing to compare"
    assert (
        Question.objects.filter(version=copy).count()
        == Question.objects.filter(version=version).count()
        > 0
    )
