"""The analyst web app and HTTP API over the corpus store (``parley serve``)."""

from .app import create_app

__all__ = ["create_app"]
