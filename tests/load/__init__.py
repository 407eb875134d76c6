"""The load test (`make loadtest`): Locust against gunicorn and PostgreSQL; see run.py."""
