"""gunicorn configuration for exitbot: `gunicorn -c deploy/gunicorn.conf.py` from the repo root.

- workers from the CPU count (WEB_CONCURRENCY overrides), bound to GUNICORN_BIND, each with
  GUNICORN_THREADS threads (default 4): a request that waits on the database or on the LLM
  (up to LLM_TIMEOUT) holds one thread, not a whole process;
- Prometheus multiprocess mode: every worker writes its samples to PROMETHEUS_MULTIPROC_DIR,
  emptied when gunicorn starts, and a dead worker's files are marked at its exit;
- an access log with no query string, in which the path of an invite link (/i/<token>/) and
  any header that carries one are redacted; the error log is redacted the same way.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path
from typing import Any

from gunicorn.glogging import Logger

from exitbot.logfilters import RedactInviteTokens, redact

# Set before any worker imports prometheus_client, which reads it at import time.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = "/tmp/exitbot-metrics"  # noqa: S108  # nosec B108 - default for one host; set it

wsgi_app = "exitbot.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or "0.0.0.0:8000"  # noqa: S104 - inside a container
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# The control socket sits at one path per user: two instances on one machine would collide.
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or "-"
errorlog = os.environ.get("GUNICORN_ERROR_LOG") or "-"
# Path without its query string; never %(r)s (the raw request line) nor %(q)s.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


class RedactingLogger(Logger):
    """gunicorn's logger with invite tokens removed from every access-log atom and error line."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(RedactInviteTokens())

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}


logger_class = RedactingLogger


def on_starting(server: Any) -> None:
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
