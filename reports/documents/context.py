"""One function per document: everything it prints, gathered once.

    system_plan_context(system, round_, plan=None)       the transformation plan
    board_summary_context(system, round_, plan=None)     the same data, for two pages
    organisation_plan_context(organisation, round_, plan=None)

`plan` is a `PlanData` (targets, actions, agreed by/at); without one, the draft proposed from
the data (`plan.proposed_plan`). Figures come from `reports.aggregates` exactly as the system
view shows them; the data used (the approved assessments and their decision times) goes into
the context so that the Report records it.
"""

from __future__ import annotations

import hashlib
import json

from django.utils import timezone

from config.errors import DomainError

from .. import charts, sources
from ..aggregates import FIGURES, ICB, OVERALL, PROVIDERS, SHOWN_NOTE, THE_NATION, Group, aggregate
from ..aggregates import SYSTEM as SYSTEM_LEVEL
from . import figures as f
from . import plan as plan_module
from .plan import ONE_LEVEL_UP, PlanData, proposed_plan

TOP_GAPS = 5
TARGET_METHOD = " ".join(plan_module.__doc__.split("\n\n")[1].split())
METHOD_FIGURES = ("completeness", "n", "mean")
STATUS_WORDS = {
    "draft": "In progress",
    "returned": "Returned for changes",
    "submitted": "Submitted",
    "approved": "Approved",
}
SETTING_LABELS = dict(sources.OrganisationCareSetting.choices)


class NoApprovedData(DomainError):
    """Nothing approved to build a document from."""


def fingerprint(decisions, plan: PlanData) -> tuple[list, str]:
    """The approved data used, as plain rows, and a SHA-256 of it and the plan."""
    used = [[code, pk, at.isoformat() if at else None] for code, pk, at in decisions]
    text = json.dumps([used, plan.fingerprint()], sort_keys=True, default=str)
    return used, hashlib.sha256(text.encode()).hexdigest()


def _framework(round_) -> str:
    version = round_.framework_version
    return f"{version.framework_name} {version.version}"


def _numbered(plan: PlanData):
    return list(enumerate(plan.actions, start=1))


def _spread_chart(figures, group, measures, name, words) -> charts.Chart:
    groups = []
    for key, label in measures:
        cell = figures.cell(group, PROVIDERS, key)
        groups.append(
            charts.Distribution(
                label=label,
                count=cell.n,
                minimum=cell.minimum,
                lower_quartile=cell.q1,
                median=cell.median,
                upper_quartile=cell.q3,
                maximum=cell.maximum,
                mean=cell.mean,
            )
        )
    return charts.distributions(
        "spread",
        f"How {name}'s providers score in each {words.section}",
        groups,
        group_heading=words.Section,
    )


def _heatmap(scores, measures, title) -> charts.Chart | None:
    rows, values = [], []
    for organisation in sorted(scores.organisations.values(), key=lambda o: o.name):
        rows.append(organisation.name)
        values.append(
            [
                organisation.measures[key].score if key in organisation.measures else None
                for key, _ in measures
            ]
        )
    if not rows:
        return None
    return charts.heatmap(
        "members", title, rows=rows, columns=[label for _, label in measures], values=values
    )


def _members(round_, members, counts):
    statuses = sources.assessments_of(round_, [pk for pk, _, _, _ in members])
    rows = []
    for pk, code, name, setting in members:
        _, status, _ = statuses.get(pk, (None, "none", 0))
        answers, evidence = counts.get(pk, (0, 0))
        rows.append(
            {
                "name": name,
                "ods_code": code,
                "setting": SETTING_LABELS.get(setting, setting),
                "status": STATUS_WORDS.get(status, "Not in this round"),
                "approved": status == "approved",
                "answers": answers,
                "evidence": evidence,
            }
        )
    return rows


def _methods(figures, plan: PlanData) -> list[tuple[str, str]]:
    targets = (
        "The agreed plan's: set by its owners, starting from a proposal. "
        if plan.agreed
        else "Proposed from the data until the plan's owners set and agree them. "
    )
    return [(FIGURES[key].label, FIGURES[key].method) for key in METHOD_FIGURES] + [
        ("Targets", targets + TARGET_METHOD),
        ("Rounding", SHOWN_NOTE),
        ("Who counts", figures.note),
    ]


def system_plan_context(system, round_, plan: PlanData | None = None) -> dict:
    """Everything the system's transformation plan (and its board summary) prints."""
    figures = f.figures_for(system, round_)
    words = round_.framework_version.words
    group, region = f.system_group(system), f.region_of(figures, system)
    members = sources.hosted(system, figures.on)
    provider_ids = [pk for pk, _, _, setting in members if setting != ICB]
    member_ids = [pk for pk, _, _, _ in members]
    overall = figures.cell(group, PROVIDERS, OVERALL)
    if not overall.n:
        raise NoApprovedData(
            f"{system.name} has no approved provider assessments in {round_.name} yet, and a "
            "plan is built from approved scores. Ask the member organisations' approvers to "
            "approve their assessments, then request the document again."
        )
    scores = sources.round_scores_of(round_, provider_ids)
    current = {key: figures.cell(group, PROVIDERS, key).mean for key, _ in figures.measures}
    plan = plan or proposed_plan(round_, provider_ids, current)
    previous = sources.previous_round(round_)
    rows = f.positions(
        figures,
        group,
        region,
        sources.measure_weights(round_),
        plan,
        f.previous_means(group, round_, previous),
        previous.name if previous else "",
    )
    guidance = sources.question_guidance(round_)
    numbered = _numbered(plan)
    for row in rows:
        row.behind = f.furthest_behind(scores, row.key)
        if row.key == OVERALL:
            row.target = row.target or f.overall_target(rows)
            row.target_source = f"the {words.sections}' targets, weighted as the overall score is"
            continue
        row.steps = f.weakest_steps(scores, guidance, row.key)
        row.actions = [(n, a) for n, a in numbered if a.measure_key == row.key]
    counts = sources.answer_and_evidence_counts(round_, member_ids)
    decisions = sources.approved_decisions(round_, member_ids)
    used, digest = fingerprint(decisions, plan)
    labels = dict(figures.measures)
    return {
        "kind_title": "Digital transformation plan",
        "subject_name": system.name,
        "subject_kind": "Integrated care system",
        "subject_code": system.ods_code,
        "region_name": system.region.name,
        "round": round_,
        "framework": _framework(round_),
        "words": round_.framework_version.words,
        "produced_on": timezone.localdate(),
        "plan": plan,
        "actions": numbered,
        "measure_labels": labels,
        "overall": rows[0],
        "measures": rows[1:],
        "sections": plan.in_order(rows[1:]),
        "top_gaps": sorted((r for r in rows[1:] if r.gap), key=lambda r: (-r.priority, r.label))[
            :TOP_GAPS
        ],
        "completeness": overall,
        "icb": figures.cell(group, ICB, OVERALL),
        "members": _members(round_, members, counts),
        "answers": sum(a for a, _ in counts.values()),
        "evidence": sum(e for _, e in counts.values()),
        "one_level_up": ONE_LEVEL_UP,
        "methods": _methods(figures, plan),
        "spread": _spread_chart(figures, group, figures.measures, system.name, words),
        "heatmap": _heatmap(
            scores, figures.measures, f"Each provider's score in each {words.section}"
        ),
        "decisions": decisions,
        "data_used": used,
        "data_fingerprint": digest,
    }


def board_summary_context(system, round_, plan: PlanData | None = None) -> dict:
    """The board summary prints the plan's own figures, fewer of them."""
    context = system_plan_context(system, round_, plan)
    context["kind_title"] = "Digital transformation plan: board summary"
    return context


def organisation_plan_context(organisation, round_, plan: PlanData | None = None) -> dict:
    """Everything the organisation plan prints: its own scores against its targets, beside its
    system, region and the nation."""
    system = sources.host_system_on(organisation.pk, round_.opens_on)
    scores = sources.round_scores_of(round_, [organisation.pk])
    own = scores.organisations.get(organisation.ods_code)
    if own is None:
        raise NoApprovedData(
            f"{organisation.name} has no approved assessment in {round_.name}, and its plan is "
            "built from approved scores. Once its approver has approved it, request the "
            "document again."
        )
    figures = aggregate(round_)
    group = Group(SYSTEM_LEVEL, system.pk) if system else THE_NATION
    region = f.region_of(figures, system) if system else THE_NATION
    current = {
        key: f.fraction(own.measures[key].score) if key in own.measures else None
        for key, _ in figures.measures
    }
    plan = plan or proposed_plan(round_, [organisation.pk], current)
    previous = sources.previous_round(round_)
    before = sources.round_scores_of(previous, [organisation.pk]) if previous else None
    earlier = before.organisations.get(organisation.ods_code) if before else None
    rows = f.positions(figures, group, region, sources.measure_weights(round_), plan, {}, "")
    guidance = sources.question_guidance(round_)
    numbered = _numbered(plan)
    measures = [(key, label) for key, label in figures.measures if key in own.measures]
    for row in rows:
        row.system, row.here = row.here, None
        if row.key == OVERALL:
            row.current = f.fraction(own.overall)
            row.previous = f.fraction(earlier.overall) if earlier else None
            row.target = row.target or f.overall_target(rows)
            continue
        frozen = own.measures.get(row.key)
        row.current = f.fraction(frozen.score) if frozen else None
        if earlier and row.key in earlier.measures:
            row.previous = f.fraction(earlier.measures[row.key].score)
        row.previous_round = previous.name if previous else ""
        row.steps = f.weakest_steps(scores, guidance, row.key, include_icb=True)
        row.actions = [(n, a) for n, a in numbered if a.measure_key == row.key]
    rows[0].previous_round = previous.name if previous else ""
    counts = sources.answer_and_evidence_counts(round_, [organisation.pk])
    decisions = sources.approved_decisions(round_, [organisation.pk])
    used, digest = fingerprint(decisions, plan)
    kept = [r for r in rows[1:] if r.key in own.measures]
    return {
        "kind_title": "Digital maturity plan",
        "subject_name": organisation.name,
        "subject_kind": SETTING_LABELS.get(organisation.care_setting, "Organisation"),
        "subject_code": organisation.ods_code,
        "system_name": system.name if system else "",
        "region_name": system.region.name if system else "",
        "round": round_,
        "framework": _framework(round_),
        "words": round_.framework_version.words,
        "produced_on": timezone.localdate(),
        "plan": plan,
        "actions": numbered,
        "measure_labels": dict(figures.measures),
        "overall": rows[0],
        "measures": kept,
        "sections": plan.in_order(kept),
        "top_gaps": sorted((r for r in kept if r.gap), key=lambda r: (-r.priority, r.label))[
            :TOP_GAPS
        ],
        "answers": counts[organisation.pk][0],
        "evidence": counts[organisation.pk][1],
        "methods": _methods(figures, plan),
        "profile": charts.heatmap(
            "profile",
            f"{organisation.name} beside its system, region and England",
            rows=[organisation.name, "System mean", "Region mean", "England mean"],
            columns=[label for _, label in measures],
            values=[[getattr(r, attr) for r in kept] for attr in ("current",)]
            + [[getattr(r, place).mean for r in kept] for place in ("system", "region", "nation")],
            row_heading="Group",
        )
        if kept
        else None,
        "decisions": decisions,
        "data_used": used,
        "data_fingerprint": digest,
    }


__all__ = [
    "NoApprovedData",
    "board_summary_context",
    "organisation_plan_context",
    "system_plan_context",
]
