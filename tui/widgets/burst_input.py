"""An Input that stays right when keys come in a burst.

A terminal delivers a burst of keys (a password manager typing "e-mail, Tab, password,
Entrée", a fast typist) at once, and Textual queues every key of it for the field that has the
focus. Tab then moves the focus only when the app gets to it, after this field has typed the
rest of the burst: the password would land in the e-mail field, in clear. So this field moves
the focus itself on Tab, at once, and hands on any key it still receives once it has lost it.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class BurstInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not None and focused is not self:
            self._stop(event)
            focused.post_message(events.Key(event.key, event.character))
        elif event.key in ("tab", "shift+tab"):
            self._stop(event)
            if event.key == "tab":
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
        # otherwise Input's own handler runs next

    @staticmethod
    def _stop(event: events.Key) -> None:
        event.stop()
        event.prevent_default()
