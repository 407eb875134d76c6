"""Site-wide pages that need no app: signing in and out, the lockout page and the error pages.

The start page lives in assessments (views/start.py): config imports no app of ours."""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "auth/sign_in.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True


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


def not_found(request, exception=None):
    return render(request, "errors/404.jinja", status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.jinja", status=403)
