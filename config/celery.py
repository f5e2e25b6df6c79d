"""The Celery application. Workers start with `celery -A config worker`, the schedule with
`celery -A config beat`. Without CELERY_BROKER_URL every task runs inline (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("gyojeong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
