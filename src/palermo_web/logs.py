"""Logging filters of the hub."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """Drop the traceback of a 4xx response's log line; keep it for 5xx.

    Django logs every PermissionDenied and Http404 with the exception attached, so each
    refusal wrote a whole traceback to the serve log. The line itself (status, method,
    path) is what an operator needs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
