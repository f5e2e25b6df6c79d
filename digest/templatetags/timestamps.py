"""`{{ value|datetime_attr }}`: a moment as a `<time datetime>` value, to the second.

Django's `date:"c"` writes microseconds whenever the moment has them, which the HTML
checker refuses in a datetime attribute; this writes the site's time zone offset in full
(2024-10-21T09:30:00+09:00), as the readable text beside it is in the same zone.
"""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attr(value) -> str:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
