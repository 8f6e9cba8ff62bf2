"""Stopping cleanly: Ctrl-C and SIGTERM in the command, and workers that outlive their parent.

* The command turns SIGTERM into the exception Ctrl-C raises (:func:`handle_signals`), so both
  unwind the same way: the launcher stops its workers (joblib aborts its loky pool), and
  ``python -m cxsim`` prints one line saying how to resume instead of a traceback.
* A worker (a joblib/loky process, a submitit local job) cannot count on its parent to stop it:
  a parent killed with SIGKILL runs no code at all. :func:`guard_worker` starts a watchdog thread
  in the worker that ends the worker as soon as its parent is gone (its parent pid changes,
  checked every ``WATCH_S`` seconds). Loky workers run it as soon as they start
  (:func:`guard_joblib_workers` registers joblib's "loky" backend with it as the workers'
  initializer: a worker that never received a job is guarded too); the task function runs it in
  every job (submitit local jobs, another backend). It acts only in direct children of the
  ``python -m cxsim`` process (whose pid :func:`mark_parent` puts in the environment the workers
  inherit), never in jobs a cluster's scheduler started. The worker also leaves Ctrl-C to its
  parent, which stops it.
"""

from __future__ import annotations

import os
import signal
import threading
import time

PARENT_ENV = "CXSIM_PARENT_PID"
WATCH_S = 0.5


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt (so launchers treat both alike)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_terminated(signum, _frame) -> None:
    raise Terminated(signum)


def mark_parent() -> str | None:
    """Record this process as the parent of the workers it will start (they inherit it);
    returns the previous value, for :func:`unmark_parent`."""
    previous = os.environ.get(PARENT_ENV)
    os.environ[PARENT_ENV] = str(os.getpid())
    return previous


def unmark_parent(previous: str | None) -> None:
    """Put back what :func:`mark_parent` replaced."""
    if previous is None:
        os.environ.pop(PARENT_ENV, None)
    else:
        os.environ[PARENT_ENV] = previous


def handle_signals() -> None:
    """SIGTERM unwinds like Ctrl-C in this process (the main thread)."""
    signal.signal(signal.SIGTERM, _raise_terminated)


def exit_status(err: KeyboardInterrupt) -> int:
    """The shell's convention: 128 + the signal number."""
    return 128 + (err.signum if isinstance(err, Terminated) else signal.SIGINT)


_guarded = threading.Event()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_S)
    os._exit(128 + signal.SIGHUP)  # the parent is gone: nobody will read this job's result


def guard_worker() -> bool:
    """In a worker started by ``python -m cxsim`` (once per process): ignore Ctrl-C (the parent
    stops the workers) and exit when the parent dies. Returns whether this process is guarded."""
    parent = os.environ.get(PARENT_ENV, "")
    if _guarded.is_set():
        return True
    if not parent.isdigit() or int(parent) == os.getpid() or os.getppid() != int(parent):
        return False  # the command itself, or a job started by a scheduler
    _guarded.set()
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread of the worker: the parent stops it anyway
        pass
    threading.Thread(target=_watch, args=(int(parent),), name="cxsim-parent-watchdog", daemon=True).start()
    return True


def _guarded_loky(**kwargs):
    from joblib._parallel_backends import LokyBackend

    return LokyBackend(initializer=guard_worker, **kwargs)


def guard_joblib_workers() -> None:
    """Loky workers started by joblib in this process (Hydra's joblib launcher asks for the
    "loky" backend by name) run :func:`guard_worker` as soon as they start."""
    from joblib import register_parallel_backend

    register_parallel_backend("loky", _guarded_loky)


__all__ = ["PARENT_ENV", "WATCH_S", "Terminated", "mark_parent", "unmark_parent", "handle_signals", "exit_status", "guard_worker",
           "guard_joblib_workers"]
