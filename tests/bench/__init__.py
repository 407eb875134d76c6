"""The benchmark of the questionnaire's budgets (design.md): `make bench`.

Not part of the test suite: pytest collects test_*.py only, and nothing here is named so.
"""
