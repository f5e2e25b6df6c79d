# Loaded with Django so that `shared_task` functions bind to this application.
from .celery import app as celery_app

__all__ = ["celery_app"]
