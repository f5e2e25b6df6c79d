"""Log lines stamped in UTC, whatever the site's TIME_ZONE, so logs from every machine and
the audit log (stored in UTC) line up."""

import logging
import time


class UTCFormatter(logging.Formatter):
    converter = time.gmtime

    def formatTime(self, record, datefmt=None):
        return super().formatTime(record, datefmt or "%Y-%m-%dT%H:%M:%SZ")
