"""The pages of reports, one module per area: `systems` (a system's dashboard), `comparison`
(a region's systems side by side, and the national view), `organisation` (an organisation's
position and trend), `exports` (downloads of figures) and `benchmarks` (importing published
national results). Each starts with a guard of `assessments.guards` and shows figures only from
the aggregate suppressed for its viewer."""
