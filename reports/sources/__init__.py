"""The only door from reports into assessments' data.

Everything reports read about rounds, assessments, frozen scores, organisations and their system
memberships goes through the functions here, so that when assessments publishes its own
selectors this is the one module to repoint. Each function returns plain rows or a queryset of
plain values; nothing here computes a statistic.
"""

from .core import *  # noqa: F403
from .core import _host_on  # noqa: F401
from .documents import *  # noqa: F403
from .history import *  # noqa: F403
from .pages import *  # noqa: F403
