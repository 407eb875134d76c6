"""Crosswalks: a question's `replaces`, checked against the version it derives from, stored
frozen with it, exported, and read as splits, merges and re-keyed questions."""

import pytest
from django.db import DatabaseError, connection, transaction

from frameworks.crosswalk import MERGE, REKEYED, SPLIT, Move, moves, sources, split_keys
from frameworks.models import FrameworkVersion, FrozenVersionError, Replacement
from frameworks.services import (
    FrameworkImportError,
    version_create_draft,
    version_document,
    version_export,
    version_import,
    version_publish,
)

from .documents import document, dump, question

OLD = {"a", "b", "c", "d"}


def test_a_split_a_merge_and_a_re_keyed_question_are_told_apart():
    replaces = {"a": [], "a2": ["a"], "bc": ["b", "c"], "dd": ["d"], "new": []}
    assert moves(OLD, replaces) == [
        Move(SPLIT, ("a",), ("a", "a2")),
        Move(MERGE, ("b", "c"), ("bc",)),
        Move(REKEYED, ("d",), ("dd",)),
    ]
    assert sources(OLD, replaces) == {
        "a": ("a",),
        "a2": ("a",),
        "bc": ("b", "c"),
        "dd": ("d",),
        "new": ("new",),
    }
    assert split_keys(OLD, replaces) == {"a", "a2"}


def test_a_question_keeping_its_key_merges_what_it_names_into_itself():
    assert moves(OLD, {"a": ["b"], "c": [], "d": []}) == [Move(MERGE, ("a", "b"), ("a",))]
    assert moves(OLD, {"x": ["a"], "y": ["a"]}) == [Move(SPLIT, ("a",), ("x", "y"))]


def first_and_second(**second_fields):
    """1.0.0 published; 2.0.0's document, sf-network split into two and wl-* merged."""
    version_import(source=dump(document()), filename="one.yaml", publish=True)
    new = document("2.0.0", **second_fields)
    well_led, foundations = new["measures"]
    well_led["questions"] = [question("wl-leadership", replaces=["wl-strategy", "wl-board"])]
    foundations["questions"] = [
        question("sf-wired", replaces=["sf-network"]),
        question("sf-wireless", replaces=["sf-network"]),
        question("sf-security", replaces=["sf-cyber"]),
    ]
    return new


@pytest.mark.django_db
def test_the_crosswalk_is_stored_in_order_exported_and_read_back():
    second = version_import(source=dump(first_and_second()), filename="two.yaml", publish=True)
    rows = Replacement.objects.filter(version=second).order_by(
        "question__measure__order", "question__order", "order"
    )
    assert [(r.question.key, r.old_key, r.order) for r in rows] == [
        ("wl-leadership", "wl-strategy", 1),
        ("wl-leadership", "wl-board", 2),
        ("sf-wired", "sf-network", 1),
        ("sf-wireless", "sf-network", 1),
        ("sf-security", "sf-cyber", 1),
    ]
    exported = version_export(version=second)
    assert "replaces:\n    - wl-strategy\n    - wl-board\n" in exported
    assert version_document(version=second)["measures"][1]["questions"][0]["replaces"] == [
        "sf-network"
    ]
    # A question naming nothing has no `replaces` in its file.
    first = FrameworkVersion.objects.get(version="1.0.0")
    assert "replaces" not in version_export(version=first)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "replaces, path, message",
    [
        (
            ["sf-nothing"],
            "measures[1].questions[0].replaces[0]",
            "'sf-nothing' is not a question of version 1.0.0, which this version derives from",
        ),
        (
            ["sf-wired"],
            "measures[1].questions[0].replaces[0]",
            "a question carries on from the question of its own key without naming it",
        ),
        (
            ["sf-network", "sf-network"],
            "measures[1].questions[0].replaces[1]",
            "question 'sf-network' is listed twice",
        ),
        (
            ["Not A Key"],
            "measures[1].questions[0].replaces[0]",
            "'Not A Key' is not a question key (a slug such as wl-digital-strategy)",
        ),
        ("sf-network", "measures[1].questions[0].replaces", "must be a list, got text"),
    ],
)
def test_a_bad_replaces_is_refused_with_its_place_and_nothing_is_written(replaces, path, message):
    new = first_and_second()
    new["measures"][1]["questions"][0]["replaces"] = replaces
    with pytest.raises(FrameworkImportError) as refused:
        version_import(source=dump(new), filename="two.yaml")
    assert [p.path for p in refused.value.problems] == [path]
    assert message in refused.value.problems[0].message
    assert "two.yaml was not imported: 1 problem found, nothing was written." in str(refused.value)
    assert list(FrameworkVersion.objects.values_list("version", flat=True)) == ["1.0.0"]
    assert not Replacement.objects.exists()


@pytest.mark.django_db
def test_a_question_cannot_be_split_and_merged_at_once():
    new = first_and_second()
    # sf-cyber goes into sf-security, and also (merged with sf-network) into sf-wired.
    new["measures"][1]["questions"][0]["replaces"] = ["sf-network", "sf-cyber"]
    with pytest.raises(FrameworkImportError) as refused:
        version_import(source=dump(new), filename="two.yaml")
    assert [(p.path, p.message) for p in refused.value.problems] == [
        (
            "measures[1].questions[0].replaces[0]",
            "'sf-network' cannot be merged into 'sf-wired' and also carried on by "
            "'sf-wireless': a question is split or merged, not both",
        ),
        (
            "measures[1].questions[0].replaces[1]",
            "'sf-cyber' cannot be merged into 'sf-wired' and also carried on by 'sf-security': "
            "a question is split or merged, not both",
        ),
    ]
    assert FrameworkVersion.objects.count() == 1


@pytest.mark.django_db
def test_the_first_version_of_a_framework_replaces_nothing():
    first = document()
    first["measures"][0]["questions"][0]["replaces"] = ["wl-old"]
    with pytest.raises(FrameworkImportError) as refused:
        version_import(source=dump(first), filename="one.yaml")
    assert [p.path for p in refused.value.problems] == ["measures[0].questions[0].replaces[0]"]
    assert "this is the first version of the framework" in refused.value.problems[0].message
    assert not FrameworkVersion.objects.exists()


@pytest.mark.django_db
def test_a_new_draft_starts_without_the_crosswalk_of_the_version_it_copies():
    second = version_import(source=dump(first_and_second()), filename="two.yaml", publish=True)
    draft = version_create_draft(from_version=second, version="3.0.0")
    assert draft.based_on == second
    assert not Replacement.objects.filter(version=draft).exists()
    version_publish(version=draft)  # and it publishes: nothing stale to check


@pytest.mark.django_db
def test_publishing_checks_the_crosswalk_again():
    draft = version_import(source=dump(first_and_second()), filename="two.yaml")
    row = Replacement.objects.get(version=draft, question__key="sf-security")
    row.old_key = "sf-gone"
    row.save()
    with pytest.raises(FrameworkImportError) as refused:
        version_publish(version=draft)
    assert [(p.path, p.message) for p in refused.value.problems] == [
        (
            "measures[1].questions[2].replaces[0]",
            "'sf-gone' is not a question of version 1.0.0, which this version derives from",
        )
    ]
    assert FrameworkVersion.objects.get(pk=draft.pk).is_draft


@pytest.mark.django_db(transaction=True)
def test_a_published_crosswalk_is_frozen_in_the_orm_and_the_database():
    second = version_import(source=dump(first_and_second()), filename="two.yaml", publish=True)
    row = Replacement.objects.filter(version=second).first()
    row.old_key = "wl-board"
    with pytest.raises(FrozenVersionError):
        row.save()
    with pytest.raises(FrozenVersionError):
        Replacement.objects.filter(version=second).delete()
    statements = [
        ("UPDATE frameworks_replacement SET old_key = 'x' WHERE id = %s", [row.pk]),
        ("DELETE FROM frameworks_replacement WHERE version_id = %s", [second.pk]),
        (
            'INSERT INTO frameworks_replacement (version_id, question_id, old_key, "order") '
            "VALUES (%s, %s, 'sf-cyber', 9)",
            [second.pk, row.question_id],
        ),
    ]
    for sql, params in statements:
        with pytest.raises(DatabaseError, match="Published framework versions never change"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, params)
    assert Replacement.objects.filter(version=second).count() == 5
