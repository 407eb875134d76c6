"""The API of who is assessed and what they record (README "The API"): serializers, views and
their routes (`urls.py`), each view fetching through the access policy like the pages."""
