"""Site-wide pages: the start page, signing in and out, and the error pages."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .forms import SignInForm


def start(request):
    return render(request, "start.jinja")


class SignInView(auth_views.LoginView):
    template_name = "auth/sign_in.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


def not_found(request, exception=None):
    return render(request, "errors/404.jinja", status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.jinja", status=403)
