"""Terminal output for the CLI: data goes to stdout, talk and progress to stderr."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

# Messages, warnings and progress bars; never mixed with data on stdout.
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class _Quiet:
    """A progress bar that shows nothing, so command code never branches on --quiet."""

    def advance(self, steps: int = 1) -> None:
        pass

    def note(self, text: str) -> None:
        pass


class _Bar:
    def __init__(self, progress: Progress, task):
        self._progress = progress
        self._task = task

    def advance(self, steps: int = 1) -> None:
        self._progress.advance(self._task, steps)

    def note(self, text: str) -> None:
        self._progress.update(self._task, note=text)


@contextmanager
def progress_bar(label: str, total: int | None, *, quiet: bool = False) -> Iterator[_Bar | _Quiet]:
    """A progress bar on stderr with a free-text note beside it (counts so far)."""
    if quiet:
        yield _Quiet()
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[note]}"),
        console=stderr,
        transient=True,
    )
    with progress:
        yield _Bar(progress, progress.add_task(label, total=total, note=""))


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` and its noun, singular for exactly one: "1 story", "0 stories", "2 claims".

    ``many`` defaults to ``one`` plus "s"."""
    return f"{count} {one if count == 1 else many or one + 's'}"
