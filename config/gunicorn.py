"""Gunicorn settings for production: `gunicorn -c config/gunicorn.py`.

The one place the serving flags live, so the README's command and the benchmark (`make bench`,
which only overrides `bind`) run the same server. Flags given on the command line win over
these, and each value here can also be changed through the environment.
"""

import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# Three synchronous workers for a two-core machine. A request spends most of its time in
# Python (templates, the ORM, serialisers), which holds a core, so more processes than cores
# mostly take turns; the third keeps both cores busy while another worker waits on PostgreSQL
# or Redis. PostgreSQL runs on the same two cores and needs CPU too, which is why the
# (2 x cores) + 1 rule of thumb, meant for I/O-bound apps, would oversubscribe here. Each
# worker also holds one database connection, so this bounds PostgreSQL's connections.
# WEB_CONCURRENCY is gunicorn's own variable for the worker count.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
