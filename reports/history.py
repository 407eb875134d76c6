"""An organisation's question history: its frozen score for each question of its latest
framework version, in every approved round of that framework, following the crosswalks
(`replaces`, frameworks/SCHEMA.md) back through the versions it derives from.

How an earlier round's score is found for a question of the latest version:
- the crosswalks of the versions in between are followed step by step (`frameworks.crosswalk.
  sources`), so a question re-keyed once and split later still reaches its oldest form;
- a **re-keyed** question continues from its old key: one line;
- each part of a **split** question continues from the one question it was: both parts show
  that question's score for the earlier rounds;
- a **merged** question shows, for the earlier rounds, the mean of the scores of the questions
  it merges (unweighted; a question answered not applicable has no score and is left out of
  the mean; none scored: no score);
- a round of a version that is not on the line of versions the latest derives from (a version
  published beside it) is matched by stable key only.
Scores are exact (a mean is a fraction) and rounded once, when shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from assessments.models import Assessment
from frameworks.crosswalk import sources as carried_from
from frameworks.vocabulary import Words

from . import sources

METHOD = (
    "Each question of the latest framework version is followed back through the versions it "
    "derives from: a question that changed its key is one line; both parts of a split question "
    "continue from the one question they were; a merged question shows, for the rounds before "
    "the merge, the mean of the scores of the questions it merges (questions answered not "
    "applicable are left out of that mean)."
)


@dataclass
class HistoryRow:
    key: str
    text: str
    values: list[Fraction | Decimal | None]  # one per round, oldest first
    notes: list[str] = field(default_factory=list)  # where the earlier rounds' scores come from


@dataclass
class HistorySection:
    key: str
    label: str
    rows: list[HistoryRow] = field(default_factory=list)


@dataclass
class QuestionHistory:
    rounds: list[str]  # the rounds' names, oldest first
    sections: list[HistorySection]
    words: Words  # the latest version's words for its sections
    version: str  # the latest version's number
    method: str = METHOD

    @property
    def moved(self) -> bool:
        """Whether any question's earlier scores come through the crosswalk."""
        return any(row.notes for section in self.sections for row in section.rows)


def _origins(lineage, version_id: int) -> dict[str, tuple[str, ...]] | None:
    """Each question of the latest version -> the questions of the version `version_id` it
    carries on, following the crosswalks step by step; None when that version is not on the
    latest version's line."""
    position = next((i for i, v in enumerate(lineage) if v.version.pk == version_id), None)
    if position is None:
        return None
    mapped = {key: (key,) for key in lineage[0].questions}
    for newer, older in zip(lineage[:position], lineage[1 : position + 1], strict=True):
        step = carried_from(set(older.questions), newer.replaces)
        mapped = {
            key: tuple(
                dict.fromkeys(old for own in keys for old in step[own] if old in older.questions)
            )
            for key, keys in mapped.items()
        }
    return mapped


def _value(scores: dict[str, Decimal | None], keys: tuple[str, ...]):
    found = [scores[k] for k in keys if scores.get(k) is not None]
    if not found:
        return None
    if len(keys) == 1:
        return found[0]
    return sum((Fraction(v) for v in found), Fraction(0)) / len(found)


def _note(key: str, keys: tuple[str, ...], texts: dict[str, str], parts_of: dict) -> str:
    """Where a round's score for `key` comes from, when not from the question of its key."""
    if keys == (key,):
        return ""
    if not keys:
        return "not asked (a new question)."
    named = ", ".join(f"“{texts[k]}” ({k})" for k in keys)
    if len(keys) > 1:
        return f"the mean of the scores of the {len(keys)} questions merged into this one: {named}."
    if parts_of[keys[0]] > 1:
        return f"the score of {named}, which was split into this and other questions."
    return f"the same question under the key {keys[0]}."


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def question_history(assessment: Assessment) -> QuestionHistory | None:
    """The question history of the assessment's organisation in the assessment's framework,
    up to the latest approved round; None when it has fewer than two approved rounds."""
    assessments = [
        a
        for a in sources.approved_assessments_of(assessment.organisation_id)
        if a.framework_version.framework_id == assessment.framework_version.framework_id
    ]
    if len(assessments) < 2:
        return None
    latest = assessments[-1]
    lineage = sources.version_lineage(latest.framework_version)
    scores = sources.question_scores([a.pk for a in assessments])
    texts: dict[str, str] = {}
    for version in reversed(lineage):
        texts.update({key: q[0] for key, q in version.questions.items()})
    origins = []
    for a in assessments:
        mapped = _origins(lineage, a.framework_version_id)
        origins.append(mapped or {key: (key,) for key in lineage[0].questions})
    # How many questions of the latest version carry on each old question, per round.
    shares = []
    for mapped in origins:
        parts_of: dict[str, int] = {}
        for keys in mapped.values():
            for old in keys:
                parts_of[old] = parts_of.get(old, 0) + 1
        shares.append(parts_of)
    sections: dict[str, HistorySection] = {}
    for key, (text, measure_key, label, applies_to) in lineage[0].questions.items():
        if latest.care_setting not in applies_to:
            continue
        row = HistoryRow(
            key,
            text,
            [
                _value(scores[a.pk], mapped[key])
                for a, mapped in zip(assessments, origins, strict=True)
            ],
        )
        said: dict[str, list[str]] = {}
        for a, mapped, parts_of in zip(assessments, origins, shares, strict=True):
            if note := _note(key, mapped[key], texts, parts_of):
                said.setdefault(note, []).append(a.round.name)
        row.notes = [f"{_listed(names)}: {note}" for note, names in said.items()]
        sections.setdefault(measure_key, HistorySection(measure_key, label)).rows.append(row)
    return QuestionHistory(
        rounds=[a.round.name for a in assessments],
        sections=list(sections.values()),
        words=lineage[0].version.words,
        version=lineage[0].version.version,
    )
