"""The reports' pages: each starts with a guard of `assessments.guards`."""
