"""Content negotiation for every API view: DRF's own, except that an unknown `?format=` is a
400 problem naming the formats the view offers (DRF's answer is a bare 404, as if the place did
not exist)."""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class FormatNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        found = [renderer for renderer in renderers if renderer.format == format]
        if not found:
            offered = [renderer.format for renderer in renderers]
            words = (
                offered[0] if len(offered) == 1 else ", ".join(offered[:-1]) + f" or {offered[-1]}"
            )
            raise ValidationError({"format": [f"Unknown format {format[:20]!r}: use {words}."]})
        return found
