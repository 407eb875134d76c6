"""A system's dashboard: its results in a round for its SRO, board readers, the region's
analysts and national administrators."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from assessments import access
from assessments.guards import get_system_for_user

from ..aggregates import FIGURES, SHOWN_NOTE
from ..benchmarks.figures import published
from ..presenters.common import MEAN_LABEL, choose_round, methods
from ..presenters.system import TARGET_METHOD, WEAK_METHOD, dashboard
from ..presenters.viewer import viewer_for
from .common import crumbs


@login_required
def system_dashboard(request, ods_code: str):
    system = get_system_for_user(request, ods_code)
    viewer = viewer_for(request.user)
    choice = choose_round(request.GET.get("round"), prefer_closed=not viewer.sees_system(system))
    board = dashboard(system, viewer, choice)
    may_compare_region = access.may(request.user, "compare", system.region)
    return render(
        request,
        "reports/system.jinja",
        {
            "system": system,
            "board": board,
            "figures": FIGURES,
            "mean_label": MEAN_LABEL,
            "methods": methods(),
            "shown_note": SHOWN_NOTE,
            "target_method": TARGET_METHOD.format(
                section=choice.chosen.framework_version.section_word if choice.chosen else "section"
            ),
            "weak_method": WEAK_METHOD,
            "may_compare_region": may_compare_region,
            "published": published(board.aggregate.measures, region=system.region, system=system)
            if board.aggregate
            else None,
            "breadcrumbs": crumbs(
                (reverse("assessments:system", args=[system.ods_code]), system.name)
            ),
        },
    )
