"""Exports: the figures of a round as a viewer may see them, as CSV or an Excel workbook.

Two tables (their columns are listed in the README, "Exports"):

- `figures_table`: one row per group (the nation, a region, a system), care setting (or all
  providers) and success measure (or overall), from `aggregates.aggregate()` passed through
  `suppression.suppress()` for this viewer, so a cell hidden on a page is hidden here: its score
  figures are empty and `suppressed_reason` says why. Counts are always given.
- `organisations_table`: one row per organisation and success measure (or overall): the frozen
  scores (`round_scores`) of only the organisations the access policy lets the viewer see.

Every row carries the round, the framework and its version and the method, so rows of several
exports can be put together without losing what they mean. Scores are given twice: exactly as
computed rounded once to 8 decimal places (`to_places`: the stored precision, to compute with),
and as pages show them (`shown`: one decimal, halves up, to reconcile with a page).

Spreadsheet safety: any text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return
is prefixed with an apostrophe, so a spreadsheet shows it as text and never runs it as a formula
(an organisation named "=HYPERLINK(...)" stays a name). Numbers are written as numbers. The
files are written by `assessments/spreadsheets.py`, the one writer of every download.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from assessments import access
from assessments.models import OrganisationCareSetting, Region, Round, System
from assessments.scoring import shown
from assessments.spreadsheets import FORMATS, Table, neutralise  # noqa: F401 (the files: one writer)
from frameworks.vocabulary import DEFAULTS

from . import sources
from .aggregates import (
    FIGURES,
    NATION,
    OVERALL,
    PROVIDERS,
    REGION,
    SCORE_FIGURES,
    SHOWN_NOTE,
    SYSTEM,
    THE_NATION,
    Aggregate,
    Footprint,
    Group,
    aggregate,
    to_places,
)
from .suppression import min_group_size, suppress
from .viewing import sees_individually

FIGURES_METHOD = (
    "Approved assessments' frozen scores, each organisation counted once, in the system hosting "
    "it on the footprint date; mean: plain mean (national method); quartiles: linear "
    "interpolation at position p(n - 1); computed exactly, rounded once: 8 decimal places or "
    "1 decimal as shown, halves up."
)
ORGANISATIONS_METHOD = (
    "Frozen at approval: a {section} is the weighted mean of its answered questions' levels (1 to "
    "5), overall the weighted mean of the {sections}; not-applicable and unanswered questions drop "
    "out; stored to 8 decimal places, shown to 1, halves up."
)
FIGURE_COLUMNS = [
    "round",
    "framework",
    "framework_version",
    "footprint",
    "footprint_date",
    "level",
    "code",
    "name",
    "region_code",
    "care_setting",
    "measure_key",
    "measure",
    "expected",
    "approved",
    "completeness",
    "completeness_shown",
    "n",
    *(column for figure in SCORE_FIGURES for column in (figure, f"{figure}_shown")),
    "suppressed_reason",
    "method",
]
ORGANISATION_COLUMNS = [
    "round",
    "framework",
    "framework_version",
    "footprint_date",
    "system_code",
    "system",
    "ods_code",
    "organisation",
    "care_setting",
    "measure_key",
    "measure",
    "score",
    "score_shown",
    "questions_scored",
    "questions_not_applicable",
    "method",
]
SETTING_LABELS = {PROVIDERS: "All providers", **dict(OrganisationCareSetting.choices)}


def section_column(version) -> str:
    """The name of the column of a version's sections: `measure` in WGLL's words, else the
    framework's own word for a section as a column name (`domain`, `key_area`)."""
    if version.section_word == DEFAULTS["section"]:
        return "measure"
    return re.sub(r"[^a-z0-9]+", "_", version.section_word.lower()).strip("_") or "section"


def columns_for(version, columns: list[str]) -> list[str]:
    """`columns` with the sections' two columns named as the version names a section."""
    name = section_column(version)
    return [
        {"measure_key": f"{name}_key", "measure": name}.get(column, column) for column in columns
    ]


def _sections_about(version) -> tuple[str, str]:
    name = section_column(version)
    return (
        version.words.Sections,
        f"{name}_key and {name}: the stable key and the label of each of the framework's "
        f"{version.sections_word} (an empty key and Overall for the overall score).",
    )


def _about(round_: Round, footprint: str, on: dt.date) -> list[tuple[str, str]]:
    version = round_.framework_version
    return [
        ("Round", round_.name),
        ("Framework", f"{version.framework_name} {version.version}"),
        ("Footprint", f"{footprint}: systems as they were on {on:%-d %B %Y}"),
        ("Exported", f"{sources.today():%-d %B %Y}"),
    ]


# --- system-level figures ---------------------------------------------------------------------


def scope_groups(agg: Aggregate, scope: System | Region | None) -> list[Group]:
    """The groups an export of `scope` covers: a system; a region and its systems; the nation,
    its regions and their systems (None)."""
    if isinstance(scope, System):
        return [Group(SYSTEM, scope.pk)]
    if isinstance(scope, Region):
        top = Group(REGION, scope.pk)
        return [top, *agg.children.get(top, [])]
    groups = [THE_NATION]
    for region in agg.children.get(THE_NATION, []):
        groups += [region, *agg.children.get(region, [])]
    return groups


def _group_names(agg: Aggregate, group: Group) -> tuple[str, str, str]:
    """(code, name, region code) of a group."""
    if group.level == NATION:
        return "", "England", ""
    if group.level == REGION:
        region = agg.regions.get(group.id)
        return (region.ods_code, region.name, region.ods_code) if region else ("", "", "")
    system = agg.systems.get(group.id)
    if system is None:
        return "", "", ""
    return system.ods_code, system.name, agg.regions[system.region_id].ods_code


def figures_table(
    user, round_: Round, scope: System | Region | None, *, footprint=Footprint.ROUND
) -> Table:
    """The system-level figures of `scope` (None: the nation) as `user` may see them."""
    agg = aggregate(round_, footprint=footprint)
    if scope is not None:  # the page's figures: the nation, the region and its systems
        agg = agg.around(scope.region_id if isinstance(scope, System) else scope.pk)
    subject = Group(SYSTEM, scope.pk) if isinstance(scope, System) else None
    seen = suppress(agg, sees_individually=sees_individually(user, agg), subject=subject)
    version = round_.framework_version
    measures = [*agg.measures, (OVERALL, "Overall")]
    table = Table("Figures", columns_for(version, FIGURE_COLUMNS))
    for group in scope_groups(agg, scope):
        code, name, region_code = _group_names(agg, group)
        for setting in seen.settings():
            for key, label in measures:
                cell = seen.cells.get((group, setting, key))
                if cell is None:
                    continue
                completeness = cell.completeness
                row = [
                    round_.name,
                    version.framework_name,
                    version.version,
                    agg.footprint.value,
                    agg.on,
                    group.level,
                    code,
                    name,
                    region_code,
                    SETTING_LABELS.get(setting, setting),
                    key,
                    label,
                    cell.expected,
                    cell.approved,
                    to_places(completeness),
                    cell.shown("completeness") if completeness is not None else "",
                    cell.n,
                ]
                for figure in SCORE_FIGURES:
                    value = cell.value(figure)
                    row += [to_places(value), shown(value) if value is not None else ""]
                row += [cell.suppressed, FIGURES_METHOD]
                table.rows.append(row)
    table.about = [
        *_about(round_, agg.footprint.value, agg.on),
        _sections_about(version),
        ("Counted", agg.note),
        ("Small groups", _suppression_note()),
        ("Precision", SHOWN_NOTE + " The unsuffixed columns give 8 decimal places."),
        *((f"{f.label} ({f.key})", f.method) for f in FIGURES.values()),
    ]
    return table


def _suppression_note() -> str:
    return (
        f"Score figures describing fewer than {min_group_size()} organisations you may not see "
        "one by one are left empty, as are any that would let them be worked out; "
        "suppressed_reason says why. Counts are always given."
    )


# --- organisation-level scores ----------------------------------------------------------------


def organisations_table(
    user, round_: Round, scope: System | Region, *, footprint=Footprint.ROUND
) -> Table:
    """The frozen scores of the organisations `scope` counts that `user` may see one by one."""
    footprint = Footprint(footprint)
    on = round_.opens_on if footprint is Footprint.ROUND else sources.today()
    kwargs = {"system": scope} if isinstance(scope, System) else {"region": scope}
    organisations = access.visible(user, sources.hosted_in(on=on, **kwargs))
    scores = sources.organisation_scores(round_, organisations)
    hosts = sources.host_systems([o.organisation_id for o in scores.organisations.values()], on)
    measures = [*sources.measures_of(round_), (OVERALL, "Overall")]
    version = round_.framework_version
    method = ORGANISATIONS_METHOD.format(
        section=version.section_word, sections=version.sections_word
    )
    table = Table("Organisations", columns_for(version, ORGANISATION_COLUMNS))
    for organisation in sorted(
        scores.organisations.values(),
        key=lambda o: (hosts[o.organisation_id].name if o.organisation_id in hosts else "", o.name),
    ):
        host = hosts.get(organisation.organisation_id)
        for key, label in measures:
            if key == OVERALL:
                score, answered, not_applicable = organisation.overall, None, None
            elif key in organisation.measures:
                frozen = organisation.measures[key]
                score, answered, not_applicable = (
                    frozen.score,
                    frozen.answered,
                    frozen.not_applicable,
                )
            else:
                continue  # nothing in this measure is asked of its care setting
            table.rows.append(
                [
                    round_.name,
                    version.framework_name,
                    version.version,
                    on,
                    host.ods_code if host else "",
                    host.name if host else "",
                    organisation.ods_code,
                    organisation.name,
                    SETTING_LABELS.get(organisation.care_setting, organisation.care_setting),
                    key,
                    label,
                    _places(score),
                    shown(score) if score is not None else "",
                    answered,
                    not_applicable,
                    method,
                ]
            )
    table.about = [
        *_about(round_, footprint.value, on),
        (
            "Who is listed",
            "Only organisations you may see one by one, with an approved assessment.",
        ),
        _sections_about(version),
        ("Method", method),
    ]
    return table


def _places(score: Decimal | None) -> Decimal | None:
    return None if score is None else Decimal(score).quantize(Decimal("0.00000001"))
