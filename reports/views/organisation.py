"""An organisation's results in context: its position (bands, never a rank) in its system's,
region's and nation's distributions, its trend across rounds (`reports.positions`) and each
question's score across rounds, along the framework's crosswalks (`reports.history`)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from assessments.guards import get_assessment_for_user
from assessments.models import Assessment

from ..history import question_history
from ..positions import organisation_trend, position
from ..suppression import min_group_size


@login_required
def organisation_position(request, pk: int):
    assessment = get_assessment_for_user(request, pk)
    approved = assessment.status == Assessment.Status.APPROVED
    return render(
        request,
        "reports/organisation_position.jinja",
        {
            "assessment": assessment,
            "approved": approved,
            "position": position(assessment, request.user) if approved else None,
            "trend": organisation_trend(assessment.organisation_id) if approved else None,
            "history": question_history(assessment) if approved else None,
            "min_size": min_group_size(),
            "breadcrumbs": [
                {"href": reverse("start"), "text": "Home"},
                {
                    "href": reverse(
                        "assessments:organisation", args=[assessment.organisation.ods_code]
                    ),
                    "text": assessment.organisation.name,
                },
                {"href": reverse("assessments:results", args=[assessment.pk]), "text": "Results"},
            ],
        },
    )
