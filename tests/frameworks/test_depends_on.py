"""`depends_on`: which success measures come first, as framework data (SCHEMA.md)."""

import pytest
from django.db import DatabaseError, connection, transaction

from frameworks.dependencies import find_cycles, layers
from frameworks.diff import diff_documents, render_text
from frameworks.models import Measure
from frameworks.services import (
    SHIPPED_DIR,
    import_file,
    version_create_draft,
    version_document,
    version_export,
    version_import,
)

from .documents import document, dump, question
from .test_import_validation import refused

pytestmark = pytest.mark.django_db


def with_dependencies(*lists) -> dict:
    """The test document with a third measure; `lists` are the three measures' depends_on."""
    doc = document()
    doc["measures"].append(
        {"key": "safe-practice", "label": "Safe practice", "questions": [question("sp-one")]}
    )
    for measure, depends_on in zip(doc["measures"], lists, strict=True):
        if depends_on is not None:
            measure["depends_on"] = depends_on
    return doc


def test_dependencies_import_export_and_survive_a_round_trip():
    doc = with_dependencies(None, ["well-led"], ["foundations", "well-led"])
    version = version_import(source=dump(doc), filename="deps.yaml", publish=True)
    assert list(Measure.objects.filter(version=version).values_list("key", "depends_on")) == [
        ("well-led", []),
        ("foundations", ["well-led"]),
        ("safe-practice", ["foundations", "well-led"]),
    ]
    exported = version_export(version=version)
    assert "depends_on:\n  - foundations\n  - well-led" in exported
    assert "depends_on: []" not in exported  # an empty list is left out, as a person writes it
    draft = version_create_draft(from_version=version, version="1.1.0")
    assert (
        version_document(version=draft)["measures"] == version_document(version=version)["measures"]
    )


@pytest.mark.parametrize(
    "lists, message",
    [
        (
            (None, ["well-lead"], None),
            "bad.yaml: measures[1].depends_on[0]: unknown measure 'well-lead' "
            "(this file's measures: well-led, foundations, safe-practice)",
        ),
        (
            (["well-led"], None, None),
            "bad.yaml: measures[0].depends_on[0]: measure 'well-led' cannot depend on itself",
        ),
        (
            (None, ["well-led", "well-led"], None),
            "bad.yaml: measures[1].depends_on[1]: measure 'well-led' is listed twice",
        ),
        (
            (None, "well-led", None),
            "bad.yaml: measures[1].depends_on: must be a list, got text",
        ),
        (
            (None, [3], None),
            "bad.yaml: measures[1].depends_on[0]: 3 is not a measure key "
            "(a slug such as smart-foundations)",
        ),
        (
            (["safe-practice"], ["well-led"], ["foundations"]),
            "bad.yaml: measures[0].depends_on[0]: measures cannot depend on each other in a "
            "circle: well-led -> safe-practice -> foundations -> well-led",
        ),
    ],
)
def test_bad_dependencies_are_refused_naming_the_place(lists, message):
    assert refused(dump(with_dependencies(*lists))) == [message]


def test_cycles_and_layers():
    assert find_cycles({"a": ["b"], "b": ["a"], "c": ["a"]}) == [["a", "b", "a"]]
    assert find_cycles({"a": [], "b": ["a"], "c": ["a", "b"]}) == []
    assert layers({"a": [], "b": ["a"], "c": ["b", "a"], "d": [], "e": ["gone"]}) == {
        "a": 0,
        "b": 1,
        "c": 2,
        "d": 0,
        "e": 0,
    }


def test_the_diff_shows_changed_dependencies():
    old = with_dependencies(None, None, ["foundations"])
    new = with_dependencies(None, None, ["foundations", "well-led"])
    new["version"] = "1.1.0"
    diff = diff_documents(old, new)
    [item] = diff.measures_changed
    assert item.kinds == ["dependencies changed"]
    assert "depends_on: foundations -> foundations, well-led" in render_text(diff)
    same_order = with_dependencies(None, None, ["foundations"])
    assert diff_documents(old, same_order).is_empty


def test_the_shipped_wgll_puts_foundations_and_leadership_first():
    for name in ("wgll-1.0.0.yaml", "wgll-2.0.0.yaml"):
        version = import_file(SHIPPED_DIR / name, publish=True)
        depends_on = dict(Measure.objects.filter(version=version).values_list("key", "depends_on"))
        found = layers(depends_on)
        assert {key for key, layer in found.items() if layer == 0} == {
            "well-led",
            "smart-foundations",
        }
        assert all(found[key] > 0 for key in depends_on if key not in found or depends_on[key])


def test_after_the_migration_the_database_still_refuses_to_change_a_published_measure():
    """Adding depends_on rebuilt the measure table on SQLite; migration 0003 put back the
    triggers the rebuild dropped."""
    version = version_import(source=dump(document()), filename="t.yaml", publish=True)
    measure = Measure.objects.filter(version=version).first()
    for sql in (
        "UPDATE frameworks_measure SET label = 'Rewritten' WHERE id = %s",
        "UPDATE frameworks_measure SET depends_on = '[\"foundations\"]' WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="Published framework versions never change"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [measure.pk])
    with pytest.raises(DatabaseError, match="Published framework versions never change"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                'INSERT INTO frameworks_measure (version_id, key, label, "order", weight, '
                "description, depends_on) VALUES (%s, 'new', 'New', 9, 1, '', '[]')",
                [version.pk],
            )
    measure.refresh_from_db()
    assert measure.label == "Well led"
