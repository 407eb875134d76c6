"""Every write to frameworks, and the reads that turn a version into a document.

A *document* is the plain-data form of one version, exactly as the YAML file holds it (see
SCHEMA.md): import reads one, export writes one, and the diff compares two.
"""

import hashlib
from decimal import Decimal
from pathlib import Path

import yaml
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from config.errors import DomainError

from .models import (
    Framework,
    FrameworkVersion,
    FrozenVersionError,
    Level,
    Measure,
    Question,
    Theme,
    parse_semver,
)
from .schema import FORMAT, Problem, parse_framework

SHIPPED_DIR = Path(__file__).resolve().parent / "data"
FRAMEWORK_AUTHORS = "Framework authors"


class FrameworkImportError(DomainError):
    """A framework file was refused. `problems` lists everything wrong with it, in file order."""

    def __init__(self, filename: str, problems: list[Problem]):
        self.filename = filename
        self.problems = problems
        self.messages = [p.render(filename) for p in problems]
        count = len(problems)
        super().__init__(
            f"{filename} was not imported: {count} problem{'s' if count != 1 else ''} found, "
            "nothing was written.\n" + "\n".join(self.messages)
        )


def checksum(source: str | bytes) -> str:
    data = source.encode("utf-8") if isinstance(source, str) else source
    return hashlib.sha256(data).hexdigest()


# --- import -----------------------------------------------------------------------------------


@transaction.atomic
def version_import(
    *, source: str | bytes, filename: str, publish: bool = False
) -> FrameworkVersion:
    """Validate a framework file completely, then write it as a new version (or nothing)."""
    document, problems = parse_framework(source)
    if problems:
        raise FrameworkImportError(filename, problems)
    assert document is not None

    fw = document["framework"]
    framework = Framework.objects.filter(key=fw["key"]).first()
    if (
        framework
        and FrameworkVersion.objects.filter(
            framework=framework, version=document["version"]
        ).exists()
    ):
        raise FrameworkImportError(
            filename,
            [
                Problem(
                    "version",
                    f"{fw['name']} version {document['version']} already exists: published versions "
                    "never change, so give the file a new version number",
                )
            ],
        )

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

    version = FrameworkVersion.objects.create(
        framework=framework,
        framework_key=fw["key"],
        framework_name=fw["name"],
        framework_description=fw["description"],
        version=document["version"],
        change_notes=document["change_notes"],
        checksum=checksum(source),
        based_on=framework.versions.published().order_by("-major", "-minor", "-patch").first(),
    )
    _write_content(version, document["measures"])
    if publish:
        version = version_publish(version=version)
    return version


def import_file(path: str | Path, *, publish: bool = False) -> FrameworkVersion:
    path = Path(path)
    try:
        source = path.read_bytes()
    except OSError as exc:
        raise FrameworkImportError(
            str(path), [Problem("", f"cannot be read ({exc.strerror})")]
        ) from None
    return version_import(source=source, filename=path.name, publish=publish)


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


# --- lifecycle --------------------------------------------------------------------------------


@transaction.atomic
def version_publish(*, version: FrameworkVersion) -> FrameworkVersion:
    """Freeze a draft: from now on its content can never change."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise FrozenVersionError(f"{version} is already {version.status}.")
    if not Question.objects.filter(version=version).exists():
        raise DomainError(f"{version} has no questions: there is nothing to publish.")
    if not version.checksum:
        version.checksum = checksum(version_export(version=version))
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    return version


@transaction.atomic
def version_retire(*, version: FrameworkVersion) -> FrameworkVersion:
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != FrameworkVersion.Status.PUBLISHED:
        raise DomainError(
            f"Only a published version can be retired; {version} is {version.status}."
        )
    version.status = FrameworkVersion.Status.RETIRED
    version.retired_at = timezone.now()
    version.save()
    return version


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
    source = dump_document(document)
    # Through the importer, so that the new number is checked like any other file's.
    draft = version_import(source=source, filename=f"{from_version.framework_key}-{version}")
    draft.checksum = ""  # set at publication, from the content it has then
    draft.based_on = from_version
    draft.save(update_fields=["checksum", "based_on"])
    return draft


# --- export -----------------------------------------------------------------------------------


def load_version(version: FrameworkVersion) -> list[Measure]:
    """A version's measures with themes, questions and levels: four queries, whatever the size."""
    return list(
        Measure.objects.filter(version=version)
        .order_by("order")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order")),
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("order")
                .select_related("theme")
                .prefetch_related(Prefetch("levels", queryset=Level.objects.order_by("level"))),
            ),
        )
    )


def version_document(*, version: FrameworkVersion) -> dict:
    return {
        "format": FORMAT,
        "framework": {
            "key": version.framework_key,
            "name": version.framework_name,
            "description": version.framework_description,
        },
        "version": version.version,
        "change_notes": version.change_notes,
        "measures": [
            {
                "key": m.key,
                "label": m.label,
                "weight": m.weight,
                "description": m.description,
                "depends_on": list(m.depends_on),
                "themes": [{"key": t.key, "label": t.label} for t in m.themes.all()],
                "questions": [
                    {
                        "key": q.key,
                        "theme": q.theme.key if q.theme else None,
                        "text": q.text,
                        "guidance": q.guidance,
                        "weight": q.weight,
                        "applies_to": list(q.applies_to),
                        "levels": [
                            {
                                "level": lv.level,
                                "descriptor": lv.descriptor,
                                "next_steps": lv.next_steps,
                            }
                            for lv in q.levels.all()
                        ],
                    }
                    for q in m.questions.all()
                ],
            }
            for m in load_version(version)
        ],
    }


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_decimal(dumper, value: Decimal):
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_float(float(value.normalize()))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Decimal, _represent_decimal)


def _without_empty(document: dict) -> dict:
    """The file form of a document: optional fields left out when empty, as a person writes it."""

    def prune(node):
        if isinstance(node, dict):
            return {
                k: prune(v)
                for k, v in node.items()
                if v not in ("", None, []) or k in ("measures", "questions", "levels", "applies_to")
            }
        if isinstance(node, list):
            return [prune(item) for item in node]
        return node

    return prune(document)


def dump_document(document: dict) -> str:
    return yaml.dump(
        _without_empty(document), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


def version_export(*, version: FrameworkVersion) -> str:
    return dump_document(version_document(version=version))


# --- who may author frameworks ----------------------------------------------------------------


@transaction.atomic
def framework_authors_group_ensure() -> Group:
    """The "Framework authors" group, with every permission on framework data (idempotent)."""
    group, _ = Group.objects.get_or_create(name=FRAMEWORK_AUTHORS)
    group.permissions.set(Permission.objects.filter(content_type__app_label="frameworks"))
    return group


# --- look-ups for commands and pages --------------------------------------------------------


def find_version(framework_key: str, version: str) -> FrameworkVersion:
    found = (
        FrameworkVersion.objects.select_related("framework")
        .filter(framework__key=framework_key, version=version)
        .first()
    )
    if found is None:
        raise DomainError(f"There is no version {version} of the framework {framework_key!r}.")
    return found
