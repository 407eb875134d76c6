"""The API of what is computed across assessments (README "The API"): the figures of a
system, a region and the nation, and organisations' frozen scores, exactly as the pages and
the downloads give them to the same person (`reports.exports`: the aggregates suppressed for
this viewer; organisation rows only for organisations they may see one by one)."""
