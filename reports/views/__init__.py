"""The pages of reports, one module per area: `systems` (a system's dashboard) and
`comparison` (a region's systems side by side, and the national view). Each starts with a guard
of `assessments.guards` and shows figures only from the aggregate suppressed for its viewer."""
