"""The management commands: import, export, diff and publish."""

import io

import pytest
from django.core.management import CommandError, call_command

from frameworks.models import FrameworkVersion, Question
from frameworks.services import version_document

from .documents import document, dump

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    one = tmp_path / "v1.yaml"
    one.write_text(dump(document("1.0.0")))
    changed = document("1.1.0")
    changed["measures"][0]["label"] = "Well led and accountable"
    two = tmp_path / "v2.yaml"
    two.write_text(dump(changed))
    return one, two


def test_import_export_publish_and_diff(files, tmp_path):
    one, two = files
    out, _ = run("framework_import", str(one), "--publish")
    assert out == f"Imported Test framework 1.0.0 as published from {one}.\n"
    out, _ = run("framework_import", str(two))
    assert out == f"Imported Test framework 1.1.0 as draft from {two}.\n"

    out, _ = run("framework_publish", "testfw", "1.1.0")
    assert out.startswith("Published Test framework 1.1.0 (checksum ")
    assert FrameworkVersion.objects.get(version="1.1.0").status == "published"

    out, _ = run("framework_diff", "testfw", "1.0.0", "1.1.0")
    assert "  ~ well-led (relabelled)" in out

    target = tmp_path / "out.yaml"
    out, _ = run("framework_export", "testfw", "1.0.0", "-o", str(target))
    assert out == f"Wrote testfw 1.0.0 to {target}.\n"
    assert target.read_text().startswith("format: waymark-framework/1\n")
    stdout_export, _ = run("framework_export", "testfw", "1.0.0")
    assert stdout_export == target.read_text()


def test_import_reports_every_problem_and_writes_nothing(tmp_path):
    bad = document()
    bad["measures"][0]["questions"][0]["applies_to"] = ["moon"]
    bad["measures"][1]["weight"] = -1
    path = tmp_path / "bad.yaml"
    path.write_text(dump(bad))
    with pytest.raises(CommandError, match="1 of 1 file"):
        out, err = io.StringIO(), io.StringIO()
        call_command("framework_import", str(path), stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0] == "bad.yaml was not imported: 2 problems found, nothing was written."
    assert lines[1].startswith(
        "bad.yaml: measures[0].questions[0].applies_to[0]: unknown care setting 'moon'"
    )
    assert lines[2] == "bad.yaml: measures[1].weight: must be a positive number, got -1"
    assert FrameworkVersion.objects.count() == 0 and Question.objects.count() == 0


def test_import_of_a_missing_file_is_a_clear_error(tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("framework_import", str(tmp_path / "nope.yaml"), stderr=err)
    assert "nope.yaml was not imported: 1 problem found" in err.getvalue()
    assert "nope.yaml: cannot be read (No such file or directory)" in err.getvalue()


def test_commands_name_an_unknown_version(files):
    run("framework_import", str(files[0]), "--publish")
    for command in (
        ["framework_export", "testfw", "3.0.0"],
        ["framework_publish", "testfw", "3.0.0"],
        ["framework_diff", "testfw", "1.0.0", "3.0.0"],
    ):
        with pytest.raises(
            CommandError, match="There is no version 3.0.0 of the framework 'testfw'"
        ):
            run(*command)


def test_publishing_a_published_version_is_refused(files):
    run("framework_import", str(files[0]), "--publish")
    before = version_document(version=FrameworkVersion.objects.get())
    with pytest.raises(CommandError, match="already published"):
        run("framework_publish", "testfw", "1.0.0")
    assert version_document(version=FrameworkVersion.objects.get()) == before


def test_a_new_draft_is_edited_as_a_file_and_published(files, tmp_path):
    one, _ = files
    run("framework_import", str(one), "--publish")
    out, _ = run("framework_new_draft", "testfw", "1.0.0", "1.2.0", "--notes", "Sharper.")
    assert out == "Started Test framework 1.2.0 as a draft, based on version 1.0.0.\n"
    edited = tmp_path / "draft.yaml"
    run("framework_export", "testfw", "1.2.0", "-o", str(edited))
    edited.write_text(edited.read_text().replace("label: Well led", "label: Well led today"))

    with pytest.raises(CommandError):
        run("framework_import", str(edited))  # the number is taken by the draft
    out, _ = run("framework_import", str(edited), "--replace-draft")
    assert out == f"Imported Test framework 1.2.0 as draft from {edited}.\n"
    draft = FrameworkVersion.objects.get(version="1.2.0")
    assert (draft.based_on.version, draft.change_notes) == ("1.0.0", "Sharper.")
    assert version_document(version=draft)["measures"][0]["label"] == "Well led today"
    assert Question.objects.filter(version=draft).count() == 4

    run("framework_publish", "testfw", "1.2.0")
    published_copy = tmp_path / "again.yaml"
    published_copy.write_text(edited.read_text())
    with pytest.raises(CommandError):
        run("framework_import", str(published_copy), "--replace-draft")
    assert version_document(version=draft)["measures"][0]["label"] == "Well led today"


def test_a_new_draft_needs_a_free_number(files):
    one, _ = files
    run("framework_import", str(one), "--publish")
    with pytest.raises(CommandError, match="already exists"):
        run("framework_new_draft", "testfw", "1.0.0", "1.0.0")
