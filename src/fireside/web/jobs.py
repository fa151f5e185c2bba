"""Long use-cases (reading and importing an export) run in a thread; pages poll their state.

Only the transport lives here: the work itself is a service call handed in as a function.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fireside.errors import FiresideError

KEEP_SECONDS = 3600  # a finished job is forgotten after an hour


@dataclass
class Job:
    id: str
    kind: str  # preview | import
    owner: str = "local"  # whose job: only they can see it
    stage: str = "reading"  # reading | saving | done | failed
    done: int = 0
    total: int = 0
    result: Any = None
    error: FiresideError | None = None
    data: dict[str, Any] = field(default_factory=dict)
    finished_at: float | None = None

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def saving(self) -> None:
        self.stage = "saving"


class Jobs:
    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(
        self, kind: str, work: Callable[[Job], Any], *, owner: str = "local", **data: Any
    ) -> Job:
        job = Job(secrets.token_hex(8), kind, owner=owner, data=data)
        with self._lock:
            now = time.monotonic()
            for key in [
                k
                for k, j in self._jobs.items()
                if j.finished_at and now - j.finished_at > KEEP_SECONDS
            ]:
                del self._jobs[key]
            self._jobs[job.id] = job

        def run() -> None:
            try:
                job.result = work(job)
                job.stage = "done"
            except FiresideError as exc:
                job.error = exc
                job.stage = "failed"
            except Exception as exc:  # shown as a plain sentence, never a traceback
                job.error = FiresideError(
                    f"fireside hit an unexpected problem ({type(exc).__name__}).",
                    hint="Try again; `fireside import FILE --traceback` shows the details.",
                )
                job.stage = "failed"
            finally:
                job.finished_at = time.monotonic()

        threading.Thread(target=run, name=f"fireside-{kind}-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str, owner: str = "local") -> Job | None:
        """The job, if it is ``owner``'s."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def owns_upload(self, owner: str, upload: str) -> bool:
        """Whether ``owner`` staged the upload ``upload`` (a preview job of theirs holds it)."""
        with self._lock:
            return any(
                j.owner == owner and j.data.get("upload") == upload for j in self._jobs.values()
            )
