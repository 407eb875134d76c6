"""What an organisation's question history reads: its frozen question scores, and the questions
and crosswalks (`replaces`) of the framework versions its rounds answered."""

from dataclasses import dataclass, field
from decimal import Decimal

from assessments.models import Score
from frameworks.models import FrameworkVersion, Question, Replacement


def question_scores(assessment_ids: list[int]) -> dict[int, dict[str, Decimal | None]]:
    """Each assessment's frozen question scores by question key (None: not applicable): one
    query."""
    found: dict[int, dict[str, Decimal | None]] = {pk: {} for pk in assessment_ids}
    for pk, key, score in Score.objects.filter(
        assessment_id__in=assessment_ids, kind=Score.Kind.QUESTION
    ).values_list("assessment_id", "key", "score"):
        found[pk][key] = score
    return found


@dataclass
class VersionQuestions:
    """One framework version's questions in the framework's order, and its crosswalk."""

    version: FrameworkVersion
    # key -> (text, measure key, measure label, care settings it applies to)
    questions: dict[str, tuple[str, str, str, list[str]]] = field(default_factory=dict)
    replaces: dict[str, list[str]] = field(default_factory=dict)


def version_lineage(version: FrameworkVersion) -> list[VersionQuestions]:
    """`version` and the versions it derives from, newest first, each with its questions and
    crosswalk: three queries, whatever the length of the line."""
    line = [version]
    by_id = {v.pk: v for v in FrameworkVersion.objects.filter(framework_id=version.framework_id)}
    while line[-1].based_on_id in by_id and line[-1].based_on_id not in {v.pk for v in line}:
        line.append(by_id[line[-1].based_on_id])
    found = {v.pk: VersionQuestions(v) for v in line}
    for key, text, measure_key, label, applies_to, version_id in (
        Question.objects.filter(version_id__in=found)
        .order_by("measure__order", "order")
        .values_list("key", "text", "measure__key", "measure__label", "applies_to", "version_id")
    ):
        found[version_id].questions[key] = (text, measure_key, label, list(applies_to))
        found[version_id].replaces[key] = []
    for key, old_key, version_id in (
        Replacement.objects.filter(version_id__in=found)
        .order_by("order")
        .values_list("question__key", "old_key", "version_id")
    ):
        found[version_id].replaces[key].append(old_key)
    return [found[v.pk] for v in line]
