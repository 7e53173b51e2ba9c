"""The tracker's JSON API (FastAPI): one application object, built by :func:`create_app`."""

from burdenshare.api.app import create_app

__all__ = ["create_app"]
