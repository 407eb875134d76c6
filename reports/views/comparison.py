"""Systems side by side: a region's systems (its analysts, national administrators) and the
national view of regions and systems (national administrators)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from assessments.guards import get_region_for_user

from ..aggregates import REGION, SHOWN_NOTE, SYSTEM, THE_NATION, Group, aggregate
from ..benchmarks.figures import published
from ..presenters import comparison
from ..presenters.common import (
    MEAN_LABEL,
    SETTING_LABELS,
    choose_round,
    measure_choices,
    methods,
    setting_choices,
)
from ..presenters.viewer import figures_for, viewer_for
from .common import chosen_measure, chosen_setting, crumbs


def _filters(request, region_id: int | None = None):
    """The round, and the aggregate as this viewer may see it; the setting, measure, sort."""
    viewer = viewer_for(request.user)
    choice = choose_round(request.GET.get("round"))
    figures = (
        figures_for(
            viewer,
            aggregate(choice.chosen),
            region_id=region_id,
            subject=Group(REGION, region_id) if region_id else None,
        )
        if choice.chosen
        else None
    )
    setting = chosen_setting(request, figures)
    measure = chosen_measure(request, figures)
    params = {
        "round": str(choice.chosen.pk) if choice.chosen else "",
        "setting": setting,
        "measure": measure,
    }
    return viewer, choice, figures, setting, measure, params


def _context(choice, figures, setting, measure, **extra):
    return {
        "choice": choice,
        "figures": figures,
        "setting": setting,
        "setting_label": SETTING_LABELS.get(setting, setting),
        "measure": measure,
        "measure_label": dict(measure_choices(figures)).get(measure, "") if figures else "",
        "settings": setting_choices(figures) if figures else [],
        "measures": measure_choices(figures) if figures else [],
        "methods": methods(),
        "mean_label": MEAN_LABEL,
        "shown_note": SHOWN_NOTE,
        "published": published(figures.measures, region=extra.get("region")) if figures else None,
        **extra,
    }


def _system_row(figures, group, setting, measure, round_id, parent=""):
    system = figures.systems[group.id]
    href = reverse("reports:system", args=[system.ods_code]) + f"?round={round_id}"
    return comparison.Row(group, system.name, href, figures.cell(group, setting, measure), parent)


@login_required
def region_comparison(request, ods_code: str):
    region = get_region_for_user(request, ods_code, "compare")
    _, choice, figures, setting, measure, params = _filters(request, region.pk)
    group = Group(REGION, region.pk)
    table, drawn = None, []
    if figures is not None:
        rows = [
            _system_row(figures, g, setting, measure, choice.chosen.pk)
            for g in figures.children.get(group, [])
        ]
        table = comparison.table(
            "System",
            rows,
            sort=comparison.parse_sort(request.GET.get("sort")),
            params=params,
            anchor="#systems",
        )
        drawn = comparison.distribution_charts(
            figures,
            table.rows,
            setting=setting,
            prefix="region",
            what="system",
            references=lambda _key: [("Regional median", group), ("National median", THE_NATION)],
        )
    return render(
        request,
        "reports/region.jinja",
        _context(
            choice,
            figures,
            setting,
            measure,
            region=region,
            region_cell=figures.cell(group, setting, measure) if figures else None,
            nation_cell=figures.cell(THE_NATION, setting, measure) if figures else None,
            table=table,
            charts=drawn,
            breadcrumbs=crumbs(
                (reverse("assessments:region", args=[region.ods_code]), region.name)
            ),
        ),
    )


@login_required
def national_view(request):
    viewer, choice, figures, setting, measure, params = _filters(request)
    if not viewer.national:
        raise PermissionDenied
    regions_table = systems_table = None
    region_charts, system_charts = [], []
    if figures is not None:
        round_id = choice.chosen.pk
        region_rows = [
            comparison.Row(
                g,
                figures.regions[g.id].name,
                reverse("reports:region", args=[figures.regions[g.id].ods_code])
                + f"?round={round_id}",
                figures.cell(g, setting, measure),
            )
            for g in figures.children.get(THE_NATION, [])
        ]
        system_rows = [
            _system_row(figures, g, setting, measure, round_id, figures.regions[r.id].name)
            for r in figures.children.get(THE_NATION, [])
            for g in figures.children.get(r, [])
            if g.level == SYSTEM
        ]
        regions_table = comparison.table(
            "Region",
            region_rows,
            sort=comparison.parse_sort(request.GET.get("sort")),
            params={**params, "systems_sort": request.GET.get("systems_sort", "")},
            anchor="#regions",
        )
        systems_table = comparison.table(
            "System",
            system_rows,
            sort=comparison.parse_sort(request.GET.get("systems_sort")),
            params={**params, "sort": request.GET.get("sort", "")},
            anchor="#systems",
            with_parent=True,
            param="systems_sort",
        )
        region_charts = comparison.distribution_charts(
            figures,
            regions_table.rows,
            setting=setting,
            prefix="regions",
            what="region",
            references=comparison.national_reference,
        )
        system_charts = comparison.distribution_charts(
            figures,
            systems_table.rows,
            setting=setting,
            prefix="systems",
            what="system",
            references=comparison.national_reference,
            only=measure,
        )
    return render(
        request,
        "reports/national.jinja",
        _context(
            choice,
            figures,
            setting,
            measure,
            nation_cell=figures.cell(THE_NATION, setting, measure) if figures else None,
            regions_table=regions_table,
            systems_table=systems_table,
            region_charts=region_charts,
            system_charts=system_charts,
            breadcrumbs=crumbs((reverse("assessments:regions"), "Regions")),
        ),
    )
