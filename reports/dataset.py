"""A national-scale synthetic dataset to look at and to measure the aggregation on.

The 7 regions and 42 systems of the reference data; about 7,000 organisations (per system an
ICB, acute, mental health and community trusts and an uneven number of general practices; a
few ambulance trusts, each hosted by one system and serving the others of its region); three
rounds, all launched: 2023/24 and 2024/25 on WGLL 1.0.0, 2025/26 on WGLL 2.0.0. About 97% of
assessments are approved, with answers and frozen question, measure and overall scores computed
by `assessments.scoring.score_assessment`; the rest are submitted or not started.

Scores lean by care setting (acute trusts ahead, general practice behind), by measure (smart
foundations strongest, empowering citizens weakest) and by organisation, and improve from round
to round. Deterministic: the same seed gives the same rows. Rows are written in bulk: COPY on
PostgreSQL, executemany on SQLite. Plainly synthetic: organisation names say so.
"""

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from assessments import scoring
from assessments.models import (
    Answer,
    Assessment,
    Organisation,
    Round,
    Score,
    System,
    SystemMembership,
)
from assessments.services import reference_data_load
from assessments.services.demo_rounds import MEASURE_MEANS  # the demo's shape, shared
from config.errors import DomainError
from frameworks.models import FrameworkVersion, Measure, Question
from frameworks.services import SHIPPED_DIR, import_file

SEED = 9
START = dt.date(2022, 7, 1)
ROUNDS = (
    ("2023/24 national assessment", "1.0.0", dt.date(2023, 5, 1)),
    ("2024/25 national assessment", "1.0.0", dt.date(2024, 5, 1)),
    ("2025/26 national assessment", "2.0.0", dt.date(2025, 5, 1)),
)
SETTING_LEAN = {
    "acute": 0.35,
    "mental_health": 0.1,
    "community": 0.0,
    "ambulance": 0.2,
    "icb": 0.25,
    "general_practice": -0.3,
}
ROUND_GAIN = 0.15  # typical improvement per round
TRUSTS = (("acute", 2), ("mental_health", 1), ("community", 1))


class DatasetError(DomainError):
    pass


@dataclass(frozen=True)
class DatasetResult:
    organisations: int
    assessments: int
    approved: int
    answers: int
    scores: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.organisations} organisations, {self.assessments} assessments "
            f"({self.approved} approved), {self.answers} answers, {self.scores} frozen scores "
            f"in {self.seconds:.1f} s."
        )


def _version(number: str) -> FrameworkVersion:
    version = FrameworkVersion.objects.filter(framework__key="wgll", version=number).first()
    return version or import_file(SHIPPED_DIR / f"wgll-{number}.yaml", publish=True)


def _insert(model, fields: list[str], rows: list[tuple]) -> None:
    """Insert plain rows fast: COPY on PostgreSQL, one executemany on SQLite."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _organisations(rng: random.Random, gp_per_system: int) -> int:
    systems = list(System.objects.select_related("region").order_by("ods_code"))
    if len(systems) < 42:
        raise DatasetError("The reference data should give 42 systems.")
    if Organisation.objects.filter(ods_code__startswith="ZN").exists():
        raise DatasetError("The national dataset is already loaded.")
    organisations, hosts = [], []  # hosts: (organisation index, system, other systems)
    for s_index, system in enumerate(systems):
        trusts = [("icb", 1), *TRUSTS]
        for setting, count in trusts:
            extra = rng.choice((0, 0, 1)) if setting == "acute" else 0
            for n in range(count + extra):
                code = f"ZN{s_index:02}{setting[:2].upper()}{n}"
                organisations.append(
                    Organisation(
                        ods_code=code,
                        name=f"Synthetic {setting.replace('_', ' ')} {n + 1} of {system.name}",
                        care_setting=setting,
                    )
                )
                hosts.append((len(organisations) - 1, system, ()))
        practices = max(20, int(rng.lognormvariate(0, 0.5) * gp_per_system))
        for n in range(practices):
            organisations.append(
                Organisation(
                    ods_code=f"ZN{s_index:02}GP{n:04}",
                    name=f"Synthetic practice {n + 1} of {system.name}",
                    care_setting="general_practice",
                )
            )
            hosts.append((len(organisations) - 1, system, ()))
    by_region: dict[int, list[System]] = {}
    for system in systems:
        by_region.setdefault(system.region_id, []).append(system)
    for r_index, (_, members) in enumerate(sorted(by_region.items())):
        # One ambulance trust per region, two in the larger ones; each serves half the region.
        halves = [members] if len(members) <= 5 else [members[::2], members[1::2]]
        for a_index, served in enumerate(halves):
            organisations.append(
                Organisation(
                    ods_code=f"ZNA{r_index}{a_index}",
                    name=f"Synthetic ambulance service {r_index + 1}.{a_index + 1}",
                    care_setting="ambulance",
                )
            )
            hosts.append((len(organisations) - 1, served[0], tuple(served[1:])))
    created = Organisation.objects.bulk_create(organisations, batch_size=2000)
    memberships = []
    for index, host, others in hosts:
        for system in (host, *others):
            memberships.append(
                SystemMembership(
                    organisation=created[index],
                    system=system,
                    is_host=system is host,
                    valid_from=START,
                )
            )
    SystemMembership.objects.bulk_create(memberships, batch_size=2000)
    return len(created)


@transaction.atomic
def national_dataset_load(*, seed: int = SEED, gp_per_system: int = 150) -> DatasetResult:
    started = time.perf_counter()
    rng = random.Random(seed)
    reference_data_load()
    count = _organisations(rng, gp_per_system)
    organisations = list(
        Organisation.objects.filter(ods_code__startswith="ZN")
        .order_by("pk")
        .values_list("pk", "care_setting")
    )
    lean = {pk: rng.gauss(0, 0.4) for pk, _ in organisations}
    pace = {pk: rng.gauss(ROUND_GAIN, 0.1) for pk, _ in organisations}
    now = timezone.now()
    totals = {"assessments": 0, "approved": 0, "answers": 0, "scores": 0}
    for r_index, (name, number, opens) in enumerate(ROUNDS):
        version = _version(number)
        round_ = Round.objects.create(
            name=name,
            framework_version=version,
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=180),
            care_settings=sorted(SETTING_LEAN),
            launched_at=now,
        )
        _round(rng, round_, r_index, organisations, lean, pace, now, totals)
    return DatasetResult(
        organisations=count,
        seconds=time.perf_counter() - started,
        **totals,
    )


def _round(rng, round_, r_index, organisations, lean, pace, now, totals) -> None:
    version = round_.framework_version
    measures = list(Measure.objects.filter(version=version).order_by("order"))
    measure_specs = [scoring.MeasureSpec(m.key, m.weight) for m in measures]
    questions = list(
        Question.objects.filter(version=version)
        .select_related("measure")
        .order_by("measure__order", "order")
    )
    by_setting = {
        setting: [q for q in questions if setting in q.applies_to] for setting in SETTING_LEAN
    }
    specs = {
        setting: [scoring.QuestionSpec(q.key, q.measure.key, q.weight) for q in applicable]
        for setting, applicable in by_setting.items()
    }
    statuses = []
    for _pk, _setting in organisations:
        draw = rng.random()
        statuses.append("approved" if draw < 0.97 else "submitted" if draw < 0.985 else "draft")
    # Written as submitted, approved (with their overall score) only once their answers and
    # scores are in: the database refuses changing an approved assessment's answers and scores.
    assessments = Assessment.objects.bulk_create(
        (
            Assessment(
                round=round_,
                organisation_id=pk,
                framework_version=version,
                care_setting=setting,
                status="submitted" if status == "approved" else status,
                submitted_at=now if status != "draft" else None,
                decided_at=now if status == "approved" else None,
            )
            for (pk, setting), status in zip(organisations, statuses, strict=True)
        ),
        batch_size=2000,
    )
    answers, scores, overall = [], [], []
    for assessment, status in zip(assessments, statuses, strict=True):
        if status == "draft":
            continue
        pk, setting = assessment.organisation_id, assessment.care_setting
        base = SETTING_LEAN[setting] + lean[pk] + r_index * pace[pk]
        recorded = {}
        for question in by_setting[setting]:
            if rng.random() < 0.04:
                recorded[question.key] = scoring.Answer(not_applicable=True)
                answers.append(
                    (assessment.pk, question.pk, None, True, "Synthetic.", None, "", False, 1, now)
                )
                continue
            mean = MEASURE_MEANS.get(question.measure.key, 2.4) + base
            level = max(1, min(5, round(rng.gauss(mean, 0.8))))
            recorded[question.key] = scoring.Answer(level=level)
            answers.append(
                (assessment.pk, question.pk, level, False, "", min(5, level + 1), "", False, 1, now)
            )
        if status != "approved":
            continue
        result = scoring.score_assessment(
            measures=measure_specs, questions=specs[setting], answers=recorded
        )
        total = scoring.stored(result.overall)
        overall.append((assessment.pk, total))
        scores.append((assessment.pk, Score.Kind.OVERALL, "", total, 0, 0))
        for key, m in result.measures.items():
            scores.append(
                (
                    assessment.pk,
                    Score.Kind.MEASURE,
                    key,
                    scoring.stored(m.score),
                    m.answered,
                    m.not_applicable,
                )
            )
        for key, level in result.questions.items():
            scores.append((assessment.pk, Score.Kind.QUESTION, key, Decimal(level), 1, 0))
    answer_fields = [
        "assessment",
        "question",
        "level",
        "not_applicable",
        "not_applicable_reason",
        "target_level",
        "notes",
        "from_last_year",
        "revision",
        "updated_at",
    ]
    answer_fields = [f if f not in ("assessment", "question") else f"{f}_id" for f in answer_fields]
    _insert(Answer, answer_fields, answers)
    _insert(Score, ["assessment_id", "kind", "key", "score", "answered", "not_applicable"], scores)
    _set_overall(overall)
    totals["assessments"] += len(assessments)
    totals["approved"] += len(overall)
    totals["answers"] += len(answers)
    totals["scores"] += len(scores)


def _set_overall(overall: list[tuple[int, Decimal]]) -> None:
    """Approve each assessment with its frozen overall score, in one statement per batch: after
    its answers and scores are written, which the database refuses once it is approved."""
    table = connection.ops.quote_name(Assessment._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(overall), 2000):
            batch = overall[start : start + 2000]
            cases = " ".join("WHEN %s THEN CAST(%s AS NUMERIC(12, 8))" for _ in batch)
            params = [v for pair in batch for v in pair]
            ids = [pk for pk, _ in batch]
            cursor.execute(
                f"UPDATE {table} SET status = 'approved', overall_score = CASE id {cases} END "
                f"WHERE id IN ({', '.join(['%s'] * len(ids))})",
                [*params, *ids],
            )
