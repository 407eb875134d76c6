"""Import: a framework file, checked completely, becomes a version (or nothing is written)."""

from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError

from config.errors import DomainError

from ..crosswalk import crosswalk_problems
from ..models import (
    Framework,
    FrameworkVersion,
    Level,
    Measure,
    Question,
    Replacement,
    Theme,
    parse_semver,
)
from ..schema import Problem, parse_framework
from ..vocabulary import vocabulary_columns
from .common import FrameworkImportError, checksum
from .exports import dump_document, version_document
from .lifecycle import version_publish

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data"


@transaction.atomic
def version_import(
    *, source: str | bytes, filename: str, publish: bool = False, replace_draft: bool = False
) -> FrameworkVersion:
    """Validate a framework file completely, then write it as a new version (or nothing).

    With `replace_draft`, a file whose version is already a *draft* replaces that draft's
    content (a draft's only edit is a new file); a published version is never replaced.
    """
    document, problems = parse_framework(source)
    if problems:
        raise FrameworkImportError(filename, problems)
    assert document is not None

    fw = document["framework"]
    framework = Framework.objects.filter(key=fw["key"]).first()
    existing = (
        FrameworkVersion.objects.select_for_update()
        .filter(framework=framework, version=document["version"])
        .first()
        if framework
        else None
    )
    if existing and not (replace_draft and existing.is_draft):
        why = (
            "published versions never change, so give the file a new version number"
            if not existing.is_draft
            else "it is a draft, which a file replaces only when asked to (--replace-draft); "
            "or give the file a new version number"
        )
        raise FrameworkImportError(
            filename,
            [
                Problem(
                    "version",
                    f"{fw['name']} version {document['version']} already exists: {why}",
                )
            ],
        )

    based_on = (
        existing.based_on
        if existing
        else framework.versions.published().order_by("-major", "-minor", "-patch").first()
        if framework
        else None
    )
    if problems := crosswalk_problems(document, question_keys(based_on), _number(based_on)):
        raise FrameworkImportError(filename, problems)

    if framework is None:
        framework = Framework.objects.create(
            key=fw["key"], name=fw["name"], description=fw["description"]
        )
    elif (framework.name, framework.description) != (fw["name"], fw["description"]) and not (
        framework.versions.order_by("-major", "-minor", "-patch")
        .values_list("major", "minor", "patch")
        .first()
        or (-1, -1, -1)
    ) > parse_semver(document["version"]):
        # The framework's own name and description follow its newest version.
        framework.name, framework.description = fw["name"], fw["description"]
        framework.save(update_fields=["name", "description"])

    describes = {
        "framework_key": fw["key"],
        "framework_name": fw["name"],
        "framework_description": fw["description"],
        **vocabulary_columns(fw["vocabulary"]),
        "change_notes": document["change_notes"],
        "checksum": checksum(source),
    }
    if existing:
        version = _emptied(existing, describes)
    else:
        version = FrameworkVersion.objects.create(
            framework=framework,
            version=document["version"],
            based_on=based_on,
            **describes,
        )
    _write_content(version, document["measures"])
    if publish:
        version = version_publish(version=version)
    return version


def question_keys(version: FrameworkVersion | None) -> set[str] | None:
    """The question keys of a version (the one a new version derives from), or None."""
    if version is None:
        return None
    return set(Question.objects.filter(version=version).values_list("key", flat=True))


def _number(version: FrameworkVersion | None) -> str:
    return version.version if version else ""


def _emptied(draft: FrameworkVersion, describes: dict) -> FrameworkVersion:
    """The draft, without its content and describing itself anew (it keeps what it derives from)."""
    try:
        with transaction.atomic():
            Measure.objects.filter(version=draft).delete()
    except ProtectedError:
        raise DomainError(
            f"{draft} is used by a round or a benchmark: its content cannot be replaced."
        ) from None
    for name, value in describes.items():
        setattr(draft, name, value)
    draft.save()
    return draft


def import_file(
    path: str | Path, *, publish: bool = False, replace_draft: bool = False
) -> FrameworkVersion:
    path = Path(path)
    try:
        source = path.read_bytes()
    except OSError as exc:
        raise FrameworkImportError(
            str(path), [Problem("", f"cannot be read ({exc.strerror})")]
        ) from None
    return version_import(
        source=source, filename=path.name, publish=publish, replace_draft=replace_draft
    )


def _write_content(version: FrameworkVersion, measures: list[dict]) -> None:
    """Write a document's measures into a draft version with one bulk insert per table."""
    measure_rows = Measure.objects.bulk_create(
        Measure(
            version=version,
            key=m["key"],
            label=m["label"],
            order=i,
            weight=m["weight"],
            description=m["description"],
            depends_on=list(m.get("depends_on", [])),
        )
        for i, m in enumerate(measures, start=1)
    )
    theme_rows = Theme.objects.bulk_create(
        Theme(version=version, measure=measure_row, key=t["key"], label=t["label"], order=i)
        for m, measure_row in zip(measures, measure_rows, strict=True)
        for i, t in enumerate(m["themes"], start=1)
    )
    themes = {(t.measure_id, t.key): t for t in theme_rows}
    question_rows = Question.objects.bulk_create(
        Question(
            version=version,
            measure=measure_row,
            key=q["key"],
            order=i,
            text=q["text"],
            guidance=q["guidance"],
            weight=q["weight"],
            applies_to=q["applies_to"],
            theme=themes[(measure_row.id, q["theme"])] if q["theme"] else None,
        )
        for m, measure_row in zip(measures, measure_rows, strict=True)
        for i, q in enumerate(m["questions"], start=1)
    )
    all_questions = [q for m in measures for q in m["questions"]]
    Level.objects.bulk_create(
        Level(
            version=version,
            question=row,
            level=lv["level"],
            descriptor=lv["descriptor"],
            next_steps=lv["next_steps"],
        )
        for q, row in zip(all_questions, question_rows, strict=True)
        for lv in q["levels"]
    )
    Replacement.objects.bulk_create(
        Replacement(version=version, question=row, old_key=old_key, order=i)
        for q, row in zip(all_questions, question_rows, strict=True)
        for i, old_key in enumerate(q.get("replaces", []), start=1)
    )


@transaction.atomic
def version_create_draft(
    *, from_version: FrameworkVersion, version: str, change_notes: str = ""
) -> FrameworkVersion:
    """Start the next version of a framework as an editable copy of a published one."""
    if from_version.is_draft:
        raise DomainError("A new draft can only be made from a published or retired version.")
    document = version_document(version=from_version)
    document["version"] = version
    document["change_notes"] = change_notes
    for measure in document["measures"]:
        for question in measure["questions"]:
            question["replaces"] = []  # its crosswalk was to the version it derived from
    source = dump_document(document)
    # Through the importer, so that the new number is checked like any other file's.
    draft = version_import(source=source, filename=f"{from_version.framework_key}-{version}")
    draft.checksum = ""  # set at publication, from the content it has then
    draft.based_on = from_version
    draft.save(update_fields=["checksum", "based_on"])
    return draft
