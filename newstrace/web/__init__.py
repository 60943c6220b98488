"""The local web app: pages with JSON twins over a newstrace database (``newstrace serve``)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
