"""The web UI and JSON API of condsearch: `create_app(config=None)` builds the Flask app, `condsearch serve` runs it."""
from .app import create_app

__all__ = ["create_app"]
