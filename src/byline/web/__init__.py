"""byline's web UI (``byline serve``): search, article, speaker and source-audit pages over a
corpus store opened read-only, and the JSON API behind them. See :mod:`byline.web.app`."""

from byline.web.app import create_app

__all__ = ["create_app"]
