"""Keys typed after a key that opens an input belong to that input.

A terminal delivers "/Kim⏎" (a fast typist, a paste, tmux send-keys) in one
read. Textual hands each key to the widget focused *when the app takes it
from its queue*, and the search box, the edit form, the review filter and the
palette take focus only after the key that opens them has run its action — by
then the following keys are on their way to the article, where "m" tags a
comment and Enter opens a form.

So the app holds every key that arrives after an input-opening key until the
input has focus, then gives them to it in order. Keys after an Enter or Esc
that closes the input wait until focus has left it, then go where they would
have gone. When the key opened nothing after all (Enter with no annotation
under the cursor), the held keys run as if they had just arrived.

Mixed into `ParallaxApp`, before `App`."""

from __future__ import annotations

import time
from typing import Any

from textual import events
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, TextArea

INPUT_ACTIONS = frozenset({"search", "edit", "filter", "command_palette"})
"""Actions that open an input (by name, without namespace or arguments)."""
ENDING_KEYS = frozenset({"enter", "escape"})
CHECK_SECONDS = 0.01
CLOSE_WAIT_SECONDS = 0.5
"""How long keys after an Enter or Esc wait for focus to leave the input."""
DELIVERY_SECONDS = 2.0
"""At most this long a held key that may move focus holds back the next one
(a safety valve: `_follow` normally says when it is done)."""
NOTHING_OPENED_SECONDS = 2.0
"""After this long with no input focused, held keys go where they would have gone."""


def is_typing_target(widget: Widget | None) -> bool:
    return isinstance(widget, (Input, TextArea))


class TypingGate:
    _held: list[events.Key] | None = None
    _gate_key: events.Key | None = None
    _gate_screen: Any = None
    _gate_done = False
    _gate_since = 0.0
    _gate_timer: Timer | None = None
    _check_queued = False
    _input_closing: Widget | None = None
    """The input that got an Enter or Esc: later keys wait for focus to leave it."""
    _delivering: events.Key | None = None
    """A held key given to the input that may move focus (Tab, Enter…): the next
    waits until it has come back to the app or was used on the way."""
    _delivered_at = 0.0
    _openers: dict[str, bool] | None = None
    """Keys that open an input, read from the binding chain of `_openers_for`."""
    _openers_for: tuple[Any, Any] | None = None

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)  # type: ignore[misc]
            return
        bubbled = event.is_forwarded  # super() marks a raw key forwarded as it hands it on
        if not bubbled:
            if self._held is not None:
                self._held.append(event)
                return
            priority = self._opening_binding(event.key)
            if priority is not None:
                self._open_gate(event, done_at_once=priority)
        # A key comes back here (forwarded) once its widgets are done with it;
        # then the app runs its binding. (Not in an `_on_key` of ours: Textual
        # calls the `_on_key` of every class in the MRO, so the binding would run twice.)
        await super().on_event(event)  # type: ignore[misc]
        if event is self._delivering and bubbled:
            self._delivering = None
            await self._check_gate()
        elif event is self._gate_key and (self._gate_done or bubbled):
            # The opening key's action has run: what it opened has focus now, or
            # (a form, the palette) once its screen is mounted.
            self._gate_done = True
            await self._check_gate()

    def _opening_binding(self, key: str) -> bool | None:
        """None when `key` opens no input here; else whether its binding is a priority one."""
        screen = self.screen  # type: ignore[attr-defined]
        focused = screen.focused
        if is_typing_target(focused):
            return None
        # Asked for every key: the binding chain is read once per screen and focus, not per key.
        if self._openers is None or self._openers_for != (screen, focused):
            self._openers = _openers(screen)
            self._openers_for = (screen, focused)
        return self._openers.get(key)

    def _open_gate(self, key: events.Key, *, done_at_once: bool) -> None:
        self._held = []
        self._gate_key = key
        self._gate_screen = self.screen  # type: ignore[attr-defined]
        self._gate_done = done_at_once
        self._gate_since = time.monotonic()
        self._input_closing = None
        self._gate_timer = self.set_interval(CHECK_SECONDS, self._tick)  # type: ignore[attr-defined]

    def _tick(self) -> None:
        """A timer's callback runs in a task of its own, alongside the app's queue: a check
        run there could deliver a key while another check is delivering the one before
        (two Tabs before the first moved focus), and stopping the timer would cancel it
        mid-way. So the check is queued, one at a time, in turn with the keys."""
        if not self._check_queued:
            self._check_queued = True
            self.call_later(self._queued_check)  # type: ignore[attr-defined]

    async def _queued_check(self) -> None:
        self._check_queued = False
        await self._check_gate()

    def _target(self) -> Widget | None:
        screen = self.screen  # type: ignore[attr-defined]
        focused = screen.focused
        if screen is not self._gate_screen:
            return focused  # a form or the palette: whatever it focused
        return focused if is_typing_target(focused) else None

    async def _check_gate(self) -> None:
        held = self._held
        if held is None:
            return
        waited = time.monotonic() - self._gate_since
        if self._input_closing is not None:
            # Enter or Esc went to the input: the next keys wait until it has let go.
            if self.screen.focused is not self._input_closing or waited >= CLOSE_WAIT_SECONDS:  # type: ignore[attr-defined]
                await self._release()
            return
        target = self._target()
        if target is None:
            # Nothing opened on this screen (Enter with nothing to edit), or a new
            # screen that never took focus.
            if self._gate_done and (self.screen is self._gate_screen  # type: ignore[attr-defined]
                                    or waited >= NOTHING_OPENED_SECONDS):
                await self._release()
            return
        if self._delivering is not None and time.monotonic() - self._delivered_at < DELIVERY_SECONDS:
            return
        self._delivering = None
        while held:
            key = held.pop(0)
            receiver = self.screen.focused or self.screen  # type: ignore[attr-defined]  # where App forwards it
            await super().on_event(key)  # type: ignore[misc]  # as if it arrived now: to the focused widget
            if key.key in ENDING_KEYS:
                self._input_closing = target
                self._gate_since = time.monotonic()
                return
            if not key.is_printable:
                self._delivering, self._delivered_at = key, time.monotonic()
                receiver.call_later(self._follow, key, receiver)
                return
        self._close_gate()

    def _follow(self, key: events.Key, node: Any) -> None:
        """Runs once `node` has handled the delivered `key` (its queue is in order):
        the key is done when `node` stopped it; else it was passed on to the parent,
        so look again once the parent has handled it. Under load a fixed wait is not
        enough: a second Tab given before the first has moved focus lands on the old field."""
        if key is not self._delivering:
            return  # it came back to the app (on_event) or the gate moved on
        parent = node.parent
        # A key the app sent is stopped at the screen yet still handed to the app (Textual
        # stops a message after the parent that sent it): from a screen, always follow to the app.
        if parent is None or (key._stop_propagation and parent is not self):
            self._delivering = None
            self.call_later(self._check_gate)  # type: ignore[attr-defined]
        else:
            parent.call_later(self._follow, key, parent)

    def _close_gate(self) -> None:
        if self._gate_timer is not None:
            self._gate_timer.stop()
        self._gate_timer = None
        self._held = None
        self._gate_key = None
        self._gate_screen = None
        self._input_closing = None
        self._delivering = None

    async def _release(self) -> None:
        """The held keys go where they would have gone had they just arrived
        (one of them may open an input again: the rest are then held for it)."""
        held = self._held or []
        self._close_gate()
        for key in held:
            await self.on_event(_fresh(key))


def _openers(screen: Any) -> dict[str, bool]:
    """Keys whose binding here — the one that runs, priority bindings first —
    opens an input, each with whether that binding is a priority one."""
    found: dict[str, bool] = {}
    decided: set[str] = set()
    for priority, chain in ((True, reversed(screen._binding_chain)), (False, screen._modal_binding_chain)):
        for _, bindings in chain:
            for key, candidates in bindings.key_to_bindings.items():
                for binding in candidates:
                    if key in decided or binding.priority != priority:
                        continue
                    decided.add(key)
                    if binding.action.split("(")[0].rpartition(".")[2] in INPUT_ACTIONS:
                        found[key] = priority
    return found


def _fresh(key: events.Key) -> events.Key:
    """A copy of a held key that the app takes as newly arrived."""
    copy = events.Key(key.key, key.character)
    copy.set_sender(key._sender)
    return copy
