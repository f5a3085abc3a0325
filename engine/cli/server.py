"""The production server behind ``flask serve``: gunicorn, N worker processes with threads, one port.

Why gunicorn: it is the pre-fork server of the Flask world. Its master process binds the port once
and forks the workers, which accept from that one socket (the kernel spreads the connections), so
N processes use N cores behind one address with nothing in front; a worker that dies is replaced;
SIGTERM stops gracefully (each worker finishes what it is doing, then exits). Waitress, used until
now, is one process (one core under the GIL) and has no process manager of its own: several of
them would need a supervisor written here and a balancer in front. The ``gthread`` worker keeps a
pool of threads per process, as waitress did, so slow clients and disk waits do not hold a process.

What is per process and how it stays right with N of them:

- the app is created once, in the master, before the workers are forked: the catalogue, the secret
  key (read from, or created once in, the instance folder) and the configuration are the same in
  every worker, and sessions and CSRF tokens made by one are accepted by all;
- the store's file cache and the kept programme assemblies are validated by each file's stat and
  write generation on every read (``engine.store.cache``, ``engine.programmes.cached_run``), so a
  write by one worker is seen by the next read in another; they start empty after the fork;
- the scheduler runs in exactly one process: every worker is a candidate for the runner lock
  (``engine.mail.scheduler.SchedulerCandidate``); the one that takes it runs the passes, the others
  try again every interval, so if it ends (a restart, a crash) another takes over;
- gunicorn's own trust in ``X-Forwarded-*`` headers is switched off: what to trust from a proxy is
  the app's ``PROXY_FIX`` setting alone, as before.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from ..mail.scheduler import SchedulerCandidate

RUNNER = "verksted_scheduler"  # the attribute of a gunicorn worker that holds its scheduler candidate


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def server_options(app: Flask, host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """Gunicorn's settings for Verksted (see the module docstring for the reasons)."""
    scheduler = bool(app.config["SCHEDULER"])

    def post_worker_init(worker: Any) -> None:
        if scheduler:
            setattr(worker, RUNNER, SchedulerCandidate(app).start())

    def worker_exit(server: Any, worker: Any) -> None:
        candidate = getattr(worker, RUNNER, None)
        if candidate is not None:
            candidate.shutdown()  # a pass in flight finishes first

    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "keepalive": 5,  # seconds an idle kept-alive connection stays open (browsers reuse theirs)
        # A worker stopping waits this long for its requests and a scheduler pass in flight; a pass
        # that sends mail is bounded by the SMTP timeout, so give it that and a margin.
        "graceful_timeout": 30 + 3 * int(app.config["MAIL_TIMEOUT"]),
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        "control_socket_disable": True,  # no management socket in the user's home folder
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "verksted",
        "post_worker_init": post_worker_init,
        "worker_exit": worker_exit,
    }


class Server(BaseApplication):
    """Gunicorn running an app that is already made (gunicorn's "custom application")."""

    def __init__(self, app: Flask, options: dict[str, Any]):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Only the options given here: no configuration file, no command line of gunicorn's own."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        """The app, made in the master before the workers were forked."""
        return self.application


def serve(app: Flask, host: str, port: int, workers: int, threads: int) -> None:
    """Serve until SIGTERM or Ctrl-C (then gracefully); blocks."""
    Server(app, server_options(app, host, port, workers, threads)).run()
