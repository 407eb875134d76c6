"""A Celery worker whose documents take WAYMARK_SLOW_RENDER seconds longer to draw, so that a
test can kill it in the middle of one (`python -m tests.faults.slow_worker [worker options]`).
The delay is added here, in the test's own process, around WeasyPrint; the product's code is
unchanged."""

import os
import sys
import time

import django


def main(argv: list[str]) -> None:
    django.setup()
    from config.celery import app
    from reports.documents import making

    delay = float(os.environ.get("WAYMARK_SLOW_RENDER", "5"))
    drawn = making.pdf_from_html

    def slowly(html):
        time.sleep(delay)
        return drawn(html)

    making.pdf_from_html = slowly
    app.worker_main(["worker", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
