"""Whose address a request comes from, for sign-in throttling (django-axes'
`AXES_CLIENT_IP_CALLABLE`, and `config.throttling`).

By default it is the address that connected to us (`REMOTE_ADDR`): an `X-Forwarded-For` header
is ignored, because anyone can send one. Behind reverse proxies, say how many
(`WAYMARK_TRUSTED_PROXY_COUNT`): each of them appends the address it received the request from
to the header (`WAYMARK_CLIENT_IP_HEADER`, `X-Forwarded-For` unless said otherwise), so the
person's address is that many places from the right; whatever is further left was written by
the person's own browser and is never believed. A header with fewer entries than there are
proxies did not come through them: `REMOTE_ADDR` again.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The address, or None when the request has none (a login made in code, not over HTTP):
    axes stores None, never a word, in its address columns."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.WAYMARK_TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    header = request.META.get(settings.WAYMARK_CLIENT_IP_HEADER, "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
