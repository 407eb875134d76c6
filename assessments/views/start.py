"""The start page: what Waymark is, and for someone signed in, where to go next."""

from django.shortcuts import render

from ..selectors import start_links


def start(request):
    context = {}
    if request.user.is_authenticated:
        context["start_links"] = start_links(request.user)
    return render(request, "start.jinja", context)


def about(request):
    """What Waymark is, how it scores and who runs it: the footer's "About Waymark"."""
    return render(request, "about.jinja", {})
