"""Site-wide pages that need no app: signing in and out, the lockout page and the error pages.

The start page lives in assessments (views/start.py): config imports no app of ours."""

import logging
import math
import sys

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

from . import throttling
from .forms import SignInForm

logger = logging.getLogger(__name__)

# What the 500 page says when even errors/500.jinja cannot be drawn.
PLAIN_500 = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service - NHS</title></head>"
    "<body><main><h1>Sorry, there is a problem with the service</h1>"
    '<p>Try again later.</p><p><a href="/">Go to the start page</a></p></main></body></html>'
)


class SignInView(auth_views.LoginView):
    template_name = "auth/sign_in.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Too many failures from this address (password spraying): no password is checked.
        minutes = throttling.paused_for_minutes(request)
        if minutes:
            return render(request, "auth/address_paused.jinja", {"minutes": minutes}, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttling.record_failure(self.request)
        return super().form_invalid(form)


class SignOutView(auth_views.LogoutView):
    pass


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE), rendered through our layout."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "auth/locked_out.jinja",
        {"cooloff_minutes": minutes},
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )


def bad_request(request, exception=None):
    """handler400: a request Django could not read (a file name past the multipart header
    limit, a malformed upload) or one refused as suspicious."""
    return render(request, "errors/400.jinja", status=400)


def not_found(request, exception=None):
    return render(request, "errors/404.jinja", status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.jinja", status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form without a valid token (from another site, or a page left open
    past its session) is refused through our layout, saying what to do; the reason is logged by
    Django, never shown."""
    return render(request, "errors/csrf.jinja", status=403)


def server_error(request):
    """handler500 (and a 503 when the database is unavailable). Django calls it with no exception (it is already logged), and whatever failed
    may be the database, the session or the URLconf: so the page is rendered without the request
    (no user, no messages, no context processors), and falls back to plain HTML if even that fails."""
    try:
        # django-csp's nonce, so the NHS.UK template's one inline script may run.
        nonce = str(getattr(request, "csp_nonce", "") or "")
    except Exception:
        nonce = ""
    # Django calls the handler while handling the exception: the database out of reach (a
    # restart, a fail-over) is a 503 saying to try again shortly, and the app recovers by itself
    # (CONN_HEALTH_CHECKS) once it is back.
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    try:
        template = "errors/503.jinja" if unavailable else "errors/500.jinja"
        html = render_to_string(template, {"csp_nonce": nonce})
    except Exception:
        logger.exception("The 500 page could not be rendered; sent the plain one.")
        html = PLAIN_500
    if unavailable:
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(html)
