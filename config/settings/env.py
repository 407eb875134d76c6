"""Tiny typed readers for environment variables that fail loudly on nonsense."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_required(name: str, why: str = "") -> str:
    """The variable's value; refuses to start without one, saying what to set and, if given, why."""
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set." + (f" {why}" if why else "")
        )
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"Unexpected value {name}={raw!r}, use 'true' or 'false'.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"Unexpected value {name}={raw!r}, use a whole number."
        ) from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(
            f"Unexpected value {name}={raw!r}, use a whole number of at least {minimum}."
        )
    return value


def env_time_limits(soft_name: str, soft: int, hard_name: str, hard: int) -> tuple[int, int]:
    """A soft and a hard time limit in seconds: both at least 1, the soft one below the hard one
    (the soft limit lets a task clean up before the hard one kills its process)."""
    soft = env_int(soft_name, soft, minimum=1)
    hard = env_int(hard_name, hard, minimum=1)
    if soft >= hard:
        raise ImproperlyConfigured(
            f"{soft_name}={soft} must be less than {hard_name}={hard} (seconds)."
        )
    return soft, hard


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_port(name: str, default: int) -> int:
    """A TCP port number, 1 to 65535."""
    value = env_int(name, default, minimum=1)
    if value > 65535:
        raise ImproperlyConfigured(
            f"Unexpected value {name}={value}, use a port number from 1 to 65535."
        )
    return value


def env_site_url(name: str, default: str, *, https: bool = False) -> str:
    """The site's own address, as links in emails start: a scheme and a host (and port), with no
    path, query or trailing slash; `https=True` refuses plain http."""
    from urllib.parse import urlsplit

    raw = os.environ.get(name) or default
    parts = urlsplit(raw.strip())
    schemes = ("https",) if https else ("http", "https")
    if parts.scheme not in schemes or not parts.hostname or parts.path not in ("", "/"):
        raise ImproperlyConfigured(
            f"Unexpected value {name}={raw!r}, use the site's address such as "
            f"{'https' if https else 'http(s)'}://waymark.example.nhs.uk, with no path."
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ImproperlyConfigured(
            f"Unexpected value {name}={raw!r}: no query, fragment or credentials in it."
        )
    try:
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        raise ImproperlyConfigured(
            f"Unexpected value {name}={raw!r}: its port is not valid."
        ) from None
    return f"{parts.scheme}://{parts.netloc}"


def env_from_address(name: str, default: str | None = None) -> str:
    """An email sender, `name@example.org` or `Display Name <name@example.org>`."""
    from email.utils import parseaddr

    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    raw = os.environ.get(name) or default
    if not raw:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set: the address emails are sent from."
        )
    address = parseaddr(raw.strip())[1]
    try:
        validate_email(address)
    except ValidationError:
        raise ImproperlyConfigured(
            f"Unexpected value {name}={raw!r}, use an email address such as "
            "'Waymark <waymark@example.nhs.uk>'."
        ) from None
    return raw.strip()
