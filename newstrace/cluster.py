"""The heavy stages on a Dask distributed cluster: analysis in batches of articles, assessment by story.

Workers only compute: each task carries its inputs (article texts, a story's articles, analyses and copies) and
returns records, so workers need no database. This process, the client, writes every result to the store as
it comes back, so any database the client can open works (SQLite included). Dask is optional
(``pip install 'newstrace[scale]'``) and imported only when a cluster is asked for. See docs/scale.md.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace

from . import meaning
from .errors import NewstraceError
from .models import Analysis, Article

# `--dask local:N`: start a LocalCluster of N processes on this machine instead of joining a scheduler.
LOCAL_PREFIX = "local:"
# Articles per analysis task: enough to fill spaCy's batches and make the scheduler's cost per task (about a
# millisecond) negligible; few enough that a batch redone after a worker died costs little.
ARTICLES_PER_TASK = 64
# Times a task that failed (raised, or its worker died) is tried again, on another worker where there is one.
RETRIES = 3
# Tasks submitted at once per worker thread: enough that no worker waits for the client, few enough that the
# client never holds a whole corpus's inputs or results (stories are read as their tasks are submitted).
IN_FLIGHT_PER_THREAD = 4
INSTALL_HINT = "pip install 'newstrace[scale]'"


def local_workers(address: str) -> int | None:
    """N of ``local:N`` (a LocalCluster of N processes), or None for a scheduler address.

    Raises ValueError for ``local:`` without a whole number of at least 1."""
    if not address.startswith(LOCAL_PREFIX):
        return None
    count = address.removeprefix(LOCAL_PREFIX)
    if not count.isdigit() or int(count) < 1:
        raise ValueError(f"--dask {address!r}: {LOCAL_PREFIX}N needs N, a number of worker processes (1 or more)")
    return int(count)


@contextlib.contextmanager
def dask_client(address: str | None) -> Iterator[object | None]:
    """A Dask client of the scheduler at ``address`` (tcp://host:8786), or of a LocalCluster of N processes
    (one thread each) for ``local:N``, closed at the end; None when ``address`` is empty."""
    if not address:
        yield None
        return
    workers = local_workers(address)
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as error:
        raise NewstraceError(f"--dask needs Dask, which is not installed: {INSTALL_HINT}") from error
    if workers is None:
        try:
            client = Client(address)
        except OSError as error:  # no scheduler there, or it did not answer in time
            raise NewstraceError(f"cannot reach the Dask scheduler at {address}: {error}") from error
        with client:
            yield client
        return
    from .batch import one_thread_environment

    with one_thread_environment():  # the workers start with one thread each; this process's environment is restored
        cluster = LocalCluster(
            n_workers=workers,
            processes=True,
            threads_per_worker=1,
            memory_limit=0,  # no pausing or killing for memory: a spaCy worker grows past Dask's small defaults
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    with cluster, Client(cluster) as client:
        yield client


def results_of(client, tasks: Iterable[tuple]) -> Iterator:
    """The results of ``tasks`` (each a function and its arguments), computed on ``client``'s cluster, in the
    order they finish; each is retried RETRIES times, and IN_FLIGHT_PER_THREAD per worker thread are in flight."""
    from dask.distributed import as_completed

    window = IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
    running = as_completed()
    for function, *args in tasks:
        running.add(client.submit(function, *args, retries=RETRIES, pure=False))
        if running.count() >= window:
            yield next(running).result()
    for future in running:
        yield future.result()


def analysed_on(client, model: str | None, articles: list[Article]) -> Iterator[tuple]:
    """Yield what :func:`newstrace.batch.analysed_here` yields for ``articles``, parsed on the cluster in
    batches of ARTICLES_PER_TASK, in the order the batches finish."""
    from .batch import MAX_ANALYZE_CHARS

    by_id = {article.id: article for article in articles}
    shipped = [replace(article, text=article.text[:MAX_ANALYZE_CHARS]) for article in articles]
    batches = (shipped[start : start + ARTICLES_PER_TASK] for start in range(0, len(shipped), ARTICLES_PER_TASK))
    for results in results_of(client, ((analysed_batch, model, batch) for batch in batches)):
        for article_id, analysis, problem, model_name in results:
            yield by_id[article_id], analysis, problem, model_name


def analysed_batch(model: str | None, articles: list[Article]) -> list[tuple[int, Analysis, str | None, str]]:
    """On a worker: (article id, Analysis, problem, model name) of each article, by the worker's one copy of
    spaCy pipeline ``model``."""
    from .batch import analysed_here

    return [
        (article.id, analysis, problem, name)
        for article, analysis, problem, name in analysed_here(model, articles, nlp=_worker_model(model))
    ]


@functools.cache
def _worker_model(model: str | None):
    from .analyze import load_model

    return load_model(model)


def assessed_on(client, stories: Iterable) -> Iterator[tuple]:
    """Yield what :func:`newstrace.batch.assessed` returns for each of ``stories`` (StoryInputs, read as their
    tasks are submitted), computed on the cluster, in the order they finish."""
    vectors_model = meaning.model_id()
    return results_of(client, ((assessed_story, story, vectors_model) for story in stories))


def assessed_story(story, vectors_model: str | None):
    """On a worker: :func:`newstrace.batch.assessed` of one story, embedding sentences with ``vectors_model``
    (the client's, under which their vectors are stored; None: not at all)."""
    from .batch import StoredVectors, assessed

    if vectors_model is not None and meaning.model_id() != vectors_model:
        raise NewstraceError(
            f"a Dask worker's sentence model is {meaning.model_id()}, the client's {vectors_model}: "
            f"start workers with the client's {meaning.MODEL_ENV}"
        )
    return assessed(story, StoredVectors(None) if vectors_model else None)
