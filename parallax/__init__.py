"""Parallax: compare news coverage side by side, tag quotes, claims, opinions and comments."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("parallax-news")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
