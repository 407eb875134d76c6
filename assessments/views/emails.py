"""Emails sent to you: what Waymark emailed the signed-in person in the last 90 days, newest
first. Only their own: the record is read for `request.user` and nobody else."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..models import SentEmail
from ..presenters.common import pagination
from ..presenters.emails import SentEmailRow
from .common import crumbs

KEPT_FOR_DAYS = 90
PAGE_SIZE = 20


@login_required
@require_GET
def sent_to_me(request):
    since = timezone.now() - dt.timedelta(days=KEPT_FOR_DAYS)
    emails = SentEmail.objects.to_user(request.user).since(since).order_by("-sent_at", "-pk")
    page = Paginator(emails, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/emails.jinja",
        {
            "rows": [SentEmailRow.of(e) for e in page],
            "page": page,
            "pagination": pagination(request, page),
            "days": KEPT_FOR_DAYS,
            "breadcrumbs": crumbs(),
        },
    )
