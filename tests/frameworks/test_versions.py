"""Import, publication, the freeze on published versions, new drafts, export and round trip."""

from decimal import Decimal

import pytest

from frameworks.models import (
    FrameworkVersion,
    FrozenVersionError,
    Level,
    Measure,
    Question,
    Theme,
)
from frameworks.services import (
    checksum,
    version_create_draft,
    version_document,
    version_export,
    version_import,
    version_publish,
    version_retire,
)

from .documents import document, dump

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return version_import(source=dump(document()), filename="test.yaml", publish=True)


def test_import_writes_the_whole_structure_in_order(published):
    assert published.status == "published"
    assert published.published_at is not None
    assert published.checksum == checksum(dump(document()))
    measures = list(Measure.objects.filter(version=published))
    assert [(m.key, m.label, m.order, m.weight) for m in measures] == [
        ("well-led", "Well led", 1, Decimal("1")),
        ("foundations", "Ensure smart foundations", 2, Decimal("1.5")),
    ]
    board = Question.objects.get(version=published, key="wl-board")
    assert (board.measure.key, board.order, board.weight, board.applies_to) == (
        "well-led",
        2,
        Decimal("2"),
        ["icb"],
    )
    assert Question.objects.get(key="wl-strategy").theme.label == "Strategy"
    assert list(board.levels.values_list("level", flat=True)) == [1, 2, 3, 4, 5]
    assert board.levels.get(level=5).next_steps == ""


def test_questions_for_a_care_setting(published):
    questions = Question.objects.filter(version=published).order_by("measure__order", "order")
    assert [q.key for q in questions.for_care_setting("icb")] == [
        "wl-strategy",
        "wl-board",
        "sf-network",
        "sf-cyber",
    ]
    assert [q.key for q in questions.for_care_setting("acute")] == [
        "wl-strategy",
        "sf-network",
        "sf-cyber",
    ]


def test_export_then_import_reproduces_the_version_exactly(published):
    exported = version_export(version=published)
    original = version_document(version=published)
    copy = version_import(
        source=exported.replace("version: 1.0.0", "version: 9.0.0", 1), filename="copy.yaml"
    )
    again = version_document(version=copy)
    assert again.pop("version") == "9.0.0"
    assert original.pop("version") == "1.0.0"
    assert again == original
    # And exporting the copy gives the same file, bar its number.
    assert version_export(version=copy).replace("9.0.0", "1.0.0") == exported


def test_a_published_version_refuses_every_kind_of_change(published):
    before = version_document(version=published)
    measure = Measure.objects.filter(version=published).first()
    question = Question.objects.filter(version=published).first()
    level = Level.objects.filter(version=published).first()
    theme = Theme.objects.filter(version=published).first()

    measure.label = "Renamed"
    with pytest.raises(FrozenVersionError):
        measure.save()
    question.text = "Reworded?"
    with pytest.raises(FrozenVersionError):
        question.save()
    level.descriptor = "Changed."
    with pytest.raises(FrozenVersionError):
        level.save()
    with pytest.raises(FrozenVersionError):
        theme.delete()
    with pytest.raises(FrozenVersionError):
        Question.objects.filter(version=published).update(weight=5)
    with pytest.raises(FrozenVersionError):
        Level.objects.filter(version=published).delete()
    with pytest.raises(FrozenVersionError):
        Measure.objects.bulk_create([Measure(version=published, key="new", label="New", order=9)])
    with pytest.raises(FrozenVersionError):
        Question(
            version=published,
            measure=measure,
            key="sneaky",
            order=9,
            text="?",
            guidance=".",
            applies_to=["icb"],
        ).save()

    published.change_notes = "Rewritten history"
    with pytest.raises(FrozenVersionError):
        published.save()
    published.refresh_from_db()
    with pytest.raises(FrozenVersionError):
        published.delete()
    with pytest.raises(FrozenVersionError):
        FrameworkVersion.objects.filter(pk=published.pk).update(version="1.0.1")

    # Nothing changed.
    assert version_document(version=published) == before
    assert Measure.objects.get(pk=measure.pk).label == "Well led"
    assert Question.objects.filter(version=published).count() == 4
    assert Level.objects.filter(version=published).count() == 20
    assert FrameworkVersion.objects.get(pk=published.pk).change_notes == "First version."


def test_a_published_version_cannot_go_back_to_draft(published):
    published.status = FrameworkVersion.Status.DRAFT
    with pytest.raises(FrozenVersionError):
        published.save()


def test_a_draft_can_be_edited_then_published_and_frozen():
    draft = version_import(source=dump(document()), filename="d.yaml")
    assert draft.status == "draft" and draft.published_at is None
    question = Question.objects.get(version=draft, key="sf-network")
    question.text = "How resilient is the network?"
    question.save()
    version_publish(version=draft)
    question.refresh_from_db()
    question.text = "Again?"
    with pytest.raises(FrozenVersionError):
        question.save()


def test_publishing_twice_is_refused(published):
    with pytest.raises(FrozenVersionError, match="already published"):
        version_publish(version=published)


def test_a_new_draft_copies_a_published_version_under_a_new_number(published):
    draft = version_create_draft(
        from_version=published, version="1.1.0", change_notes="Sharper wording."
    )
    assert (draft.status, draft.based_on, draft.checksum) == ("draft", published, "")
    before = version_document(version=published)
    after = version_document(version=draft)
    assert after["measures"] == before["measures"]
    assert after["change_notes"] == "Sharper wording."

    Question.objects.filter(version=draft, key="wl-board").update(text="Is the board digital?")
    version_publish(version=draft)
    draft.refresh_from_db()
    assert draft.checksum == checksum(version_export(version=draft))
    # The original is untouched.
    assert Question.objects.get(version=published, key="wl-board").text == "How mature is wl-board?"


def test_a_new_draft_needs_a_new_number(published):
    with pytest.raises(Exception, match="already exists"):
        version_create_draft(from_version=published, version="1.0.0")
    assert FrameworkVersion.objects.count() == 1


def test_retiring_keeps_the_content(published):
    version_retire(version=published)
    published.refresh_from_db()
    assert published.status == "retired" and published.retired_at is not None
    assert Question.objects.filter(version=published).count() == 4
    with pytest.raises(FrozenVersionError):
        Question.objects.filter(version=published).update(text="x")


def test_a_draft_with_no_questions_cannot_be_published(published):
    draft = version_create_draft(from_version=published, version="2.0.0")
    Measure.objects.filter(version=draft).delete()
    with pytest.raises(Exception, match="nothing to publish"):
        version_publish(version=draft)


def test_the_database_itself_refuses_to_change_a_published_version(published):
    from django.db import DatabaseError, connection, transaction

    question = Question.objects.filter(version=published).first()
    statements = [
        ("UPDATE frameworks_question SET text = 'Rewritten?' WHERE id = %s", [question.pk]),
        ("UPDATE frameworks_level SET descriptor = 'x' WHERE question_id = %s", [question.pk]),
        ("UPDATE frameworks_frameworkversion SET change_notes = 'x' WHERE id = %s", [published.pk]),
        ("UPDATE frameworks_frameworkversion SET status = 'draft' WHERE id = %s", [published.pk]),
        (
            'INSERT INTO frameworks_theme (version_id, measure_id, key, label, "order") '
            "VALUES (%s, %s, 'new', 'New', 9)",
            [published.pk, question.measure_id],
        ),
    ]
    statements += [
        ("DELETE FROM frameworks_level WHERE question_id = %s", [question.pk]),
        ("DELETE FROM frameworks_question WHERE version_id = %s", [published.pk]),
        ("DELETE FROM frameworks_theme WHERE version_id = %s", [published.pk]),
        ("DELETE FROM frameworks_measure WHERE version_id = %s", [published.pk]),
        ("DELETE FROM frameworks_frameworkversion WHERE id = %s", [published.pk]),
        (
            "UPDATE frameworks_frameworkversion SET framework_name = 'Renamed' WHERE id = %s",
            [published.pk],
        ),
    ]
    before = version_document(version=published)
    for sql, params in statements:
        with pytest.raises(DatabaseError, match="Published framework versions never change"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, params)
    assert version_document(version=published) == before
    # The lifecycle still moves, and drafts stay editable.
    version_retire(version=published)
    draft = version_create_draft(from_version=published, version="1.1.0")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE frameworks_question SET text = 'Better?' WHERE version_id = %s", [draft.pk]
        )
    assert Question.objects.filter(version=draft, text="Better?").count() == 4


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_a_database_holding_published_versions():
    from django.core.management import call_command

    published = version_import(source=dump(document()), filename="t.yaml", publish=True)
    version_create_draft(from_version=published, version="1.1.0")
    call_command("flush", interactive=False, verbosity=0)
    assert (FrameworkVersion.objects.count(), Question.objects.count()) == (0, 0)


def test_a_draft_can_still_be_deleted_with_raw_sql(published):
    from django.db import connection

    draft = version_create_draft(from_version=published, version="1.1.0")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM frameworks_level WHERE version_id = %s", [draft.pk])
    assert (Level.objects.filter(version=draft).count(), Level.objects.count()) == (0, 20)


def test_what_a_published_version_says_about_itself_survives_a_rename_and_a_newer_version(
    published,
):
    from frameworks.models import Framework

    exported = version_export(version=published)
    newer = document("1.1.0")
    newer["framework"] = {"key": "testfw", "name": "Renamed framework", "description": "New."}
    version_import(source=dump(newer), filename="1.1.yaml", publish=True)
    framework = Framework.objects.get(key="testfw")
    assert (framework.name, framework.description) == ("Renamed framework", "New.")
    framework.name = "Renamed again"
    framework.save()

    published = FrameworkVersion.objects.get(pk=published.pk)
    assert version_export(version=published) == exported
    assert str(published) == "Test framework 1.0.0"
    assert version_document(version=published)["framework"] == {
        "key": "testfw",
        "name": "Test framework",
        "description": "For tests.",
        "vocabulary": {},
    }


def test_a_framework_with_published_versions_keeps_its_key(published):
    from frameworks.models import Framework

    framework = Framework.objects.get(key="testfw")
    framework.key = "renamed"
    with pytest.raises(FrozenVersionError, match="published versions are known by it"):
        framework.save()
    assert Framework.objects.get(pk=framework.pk).key == "testfw"


@pytest.mark.django_db(transaction=True)
def test_an_interactive_flush_asks_first(monkeypatch):
    import io

    from django.core.management import call_command

    version_import(source=dump(document()), filename="t.yaml", publish=True)
    answers = iter(["no", "yes"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    out = io.StringIO()
    call_command("flush", interactive=True, verbosity=0, stdout=out)
    assert "Flush cancelled." in out.getvalue()
    assert FrameworkVersion.objects.count() == 1
    call_command("flush", interactive=True, verbosity=0, stdout=out)
    assert FrameworkVersion.objects.count() == 0
