"""The options of `ingest`, `run` and `watch` that say what to fetch and how: --urls, --delay, --timeout,
--user-agent, --allow-private, --warc. Shared decorators, so every command fetches alike."""

from __future__ import annotations

import functools
from collections.abc import Callable

import click

from .ingest.urls import DEFAULT_DELAY, DEFAULT_TIMEOUT, USER_AGENT, FetchSettings

URLS_OPTION = click.option(
    "--urls",
    "url_file",
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="Fetch the http(s) URLs listed in FILE, one per line (blank lines and # comments are passed over).",
)
# How to fetch: the same on every command that fetches (`ingest`, `run`, `watch`).
HOW_TO_FETCH_OPTIONS = (
    click.option(
        "--delay",
        type=click.FloatRange(min=0),
        default=DEFAULT_DELAY,
        show_default=True,
        metavar="SECONDS",
        help="Seconds between two requests to one host (longer if its robots.txt asks).",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help="Seconds to wait for a connection or the next bytes of an answer.",
    ),
    click.option("--user-agent", default=USER_AGENT, show_default=True, help="The User-Agent fetches send."),
    click.option(
        "--allow-private",
        is_flag=True,
        help="Also fetch hosts at private, loopback and link-local addresses (refused by default).",
    ),
    click.option(
        "--warc",
        type=click.Path(dir_okay=False, writable=True),
        metavar="OUT.warc.gz",
        help="Add each fetched page's request and response to this WARC file (ingest it again offline).",
    ),
)


def fetch_options(command: Callable) -> Callable:
    """--urls and the options of :func:`how_to_fetch`, given to the command as ``url_file`` and ``fetch``; the
    command needs PATHS or --urls. Apply it below ``friendly_errors``."""

    @functools.wraps(command)
    def wrapper(*args, url_file, **kwargs):
        if not kwargs.get("paths") and url_file is None:
            raise click.UsageError("Missing argument 'PATHS...': give files, folders, URLs or --urls FILE.")
        return command(*args, url_file=url_file, **kwargs)

    return URLS_OPTION(how_to_fetch(wrapper))


def how_to_fetch(command: Callable) -> Callable:
    """--delay, --timeout, --user-agent, --allow-private and --warc, given to the command as one ``fetch`` (a
    :class:`FetchSettings`). Apply it below ``friendly_errors``."""

    @functools.wraps(command)
    def wrapper(*args, delay, timeout, user_agent, allow_private, warc, **kwargs):
        fetch = FetchSettings(
            user_agent=user_agent, delay=delay, timeout=timeout, allow_private=allow_private, warc=warc
        )
        return command(*args, fetch=fetch, **kwargs)

    for option in reversed(HOW_TO_FETCH_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
