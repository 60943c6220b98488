"""Ingest jobs started from the browser: files saved, the pipeline run in a background thread.

One worker thread runs jobs one at a time (the analyzer is CPU-bound and
SQLite takes one writer), so two uploads queue rather than compete. Progress
is kept in memory: the server is a local, single-user tool.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..batch import analyze_stored, assess_stored, ingest_paths, link_stored
from ..settings import Settings
from ..store import Store

logger = logging.getLogger(__name__)

# Characters kept in an uploaded file's name; the rest become "_" (no paths, no shell meta).
UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# Longest stored file name: long enough to recognise, short enough for any file system.
MAX_NAME = 80
# Jobs remembered for their progress pages; older ones are forgotten first.
MAX_JOBS = 100


@dataclass
class Job:
    """One browser ingest: ``state`` is queued, running, done or failed; ``stage`` the step running."""

    id: str
    inputs: list[str]
    state: str = "queued"
    stage: str = "queued"
    done: int = 0
    total: int | None = None
    messages: list[str] = field(default_factory=list)
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    finished: str | None = None


def safe_name(name: str) -> str:
    """An uploaded file's name reduced to a harmless base name that keeps its ending."""
    base = UNSAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).strip("._") or "upload"
    return base[-MAX_NAME:]


class Jobs:
    """Saves uploads under ``folder`` and runs the pipeline on them, one job at a time."""

    def __init__(self, store: Store, folder: Path, settings: Settings):
        self.store = store
        self.folder = folder
        self.settings = settings
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newstrace-job")

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def submit(self, files: list[tuple[str, bytes]], pasted: dict | None) -> Job:
        """Store the uploads (content-addressed, so a re-upload is the same input) and queue a job."""
        self.folder.mkdir(parents=True, exist_ok=True)
        paths = [self._save(name, data) for name, data in files]
        if pasted:
            record = json.dumps(pasted, ensure_ascii=False).encode("utf-8") + b"\n"
            paths.append(self._save("pasted.jsonl", record))
        job = Job(id=secrets.token_hex(8), inputs=[Path(p).name for p in paths])
        with self._lock:
            self._jobs[job.id] = job
            for old in list(self._jobs)[:-MAX_JOBS]:
                del self._jobs[old]
        self._worker.submit(self._run, job, paths)
        return job

    def _save(self, name: str, data: bytes) -> str:
        path = self.folder / f"{hashlib.sha256(data).hexdigest()[:12]}-{safe_name(name)}"
        path.write_bytes(data)
        return str(path)

    def _run(self, job: Job, paths: list[str]) -> None:
        job.state = "running"
        try:
            with self.store.exclusive(lambda: job.messages.append("Waiting for another newstrace run to finish")):
                self._stages(job, paths)
            job.state = "done"
        except Exception as exc:  # the page says it failed; the log keeps the traceback
            logger.exception("ingest job %s failed", job.id)
            job.state = "failed"
            job.messages.append(f"The pipeline failed ({type(exc).__name__}); see the server log.")
        finally:
            job.stage = job.state
            job.finished = datetime.now(UTC).isoformat(timespec="seconds")

    def _stages(self, job: Job, paths: list[str]) -> None:
        """Ingest, analyze, link and assess, each stage's outcome a message of the job."""
        job.stage = "ingesting"
        report = ingest_paths(paths, self.store, self.settings, quiet=True)
        job.messages += [report.summary(), *report.problem_lines()]
        job.stage = "analyzing"
        problems: list[str] = []
        count = analyze_stored(self.store, quiet=True, problems=problems)
        job.messages += [f"Analyzed {count} articles", *problems]
        job.stage = "linking"
        job.messages.append(link_stored(self.store, quiet=True).summary())
        job.stage = "assessing"
        job.messages.append(f"Assessed {assess_stored(self.store, quiet=True)} stories")

    def close(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)
