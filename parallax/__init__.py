"""Parallax: compare news coverage side by side, tag quotes, claims, opinions and comments."""
