"""Yank: the system clipboard where there is one, OSC 52 over SSH."""

from __future__ import annotations

import os
import sys

from textual.app import App

TMUX_HINT = "in tmux: set -g set-clipboard on"


def has_local_clipboard() -> bool:
    """A clipboard pyperclip can reach that belongs to the user: not the
    clipboard of a server reached over SSH."""
    if os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def copy(app: App, text: str) -> str:
    """Copy `text`; returns how, for the notification."""
    # OSC 52 always: it reaches the terminal the user sits at, even over SSH.
    app.copy_to_clipboard(text)
    if has_local_clipboard():
        import pyperclip

        try:
            pyperclip.copy(text)
        except pyperclip.PyperclipException:
            pass
        else:
            return "system clipboard (pyperclip) and OSC 52"
    hint = f"; {TMUX_HINT}" if os.environ.get("TMUX") else ""
    return f"OSC 52 terminal clipboard{hint}"


def citation(text: str, outlet: str | None, title: str | None, published: str | None) -> str:
    source = ", ".join(part for part in (outlet, title and f"„{title}“", published) if part)
    return f"{text}\n— {source}" if source else text
