"""Export: a version as a document (the plain-data form of its file) and as YAML."""

from decimal import Decimal

import yaml
from django.db.models import Prefetch

from ..models import FrameworkVersion, Level, Measure, Question, Replacement, Theme
from ..schema import FORMAT


def load_version(version: FrameworkVersion) -> list[Measure]:
    """A version's measures with themes, questions, levels and what each question replaces:
    five queries, whatever the size."""
    return list(
        Measure.objects.filter(version=version)
        .order_by("order")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order")),
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("order")
                .select_related("theme")
                .prefetch_related(
                    Prefetch("levels", queryset=Level.objects.order_by("level")),
                    Prefetch("replacements", queryset=Replacement.objects.order_by("order")),
                ),
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
            "vocabulary": version.vocabulary_document(),
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
                        "replaces": [r.old_key for r in q.replacements.all()],
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
                if v not in ("", None, [], {})
                or k in ("measures", "questions", "levels", "applies_to")
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
