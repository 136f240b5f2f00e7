"""LessonBrowser: a header line, a list of entries on the left and the highlighted entry's
details on the right, drawn by one Line API widget.

The picker is the first thing a learner sees, so it is drawn by as little machinery as
possible: each entry's label and details are rich Text (styles as spans), wrapped once per
width and cached. The actions `move`, `select` and `scroll_details` are bound to keys by the
screen. A click on an entry highlights and selects it; the mouse wheel scrolls the list or the
details under the pointer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from nntutor.tui.widgets.wrap import text_lines, wrap


@dataclass(frozen=True)
class Entry:
    id: str
    label: Text  # one or more lines; styles as spans (Text.assemble)
    details: Text


class LessonBrowser(Widget):
    DEFAULT_CSS = """
    LessonBrowser { height: 1fr; width: 1fr; background: $surface; }
    LessonBrowser > .browser--highlight { background: $block-cursor-background;
                                          color: $block-cursor-foreground; }
    LessonBrowser > .browser--separator { color: $panel-lighten-2; }
    LessonBrowser > .browser--header { background: $panel; color: $text; }
    LessonBrowser > .browser--keys { background: $footer-background;
                                     color: $footer-description-foreground; }
    LessonBrowser > .browser--key { color: $footer-key-foreground; text-style: bold; }
    """
    COMPONENT_CLASSES = {"browser--highlight", "browser--separator", "browser--header",
                         "browser--keys", "browser--key"}
    # Not focusable: the screen owns the keys (PickerScreen.BINDINGS call these actions), so
    # the first frame needs no focus change and no restyle.

    class Highlighted(Message):
        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    class Selected(Message):
        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    def __init__(self, header: Text | None = None, keys: list[tuple[str, str, str]] = (),
                 *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.header = header  # an optional first line across the whole width
        # (key, description, action) drawn on the last line, clickable: the picker's few
        # fixed keys, drawn here rather than by a KeyBar widget (one widget less to start)
        self.keys = list(keys)
        self.entries: list[Entry] = []
        self.highlighted = 0
        self.list_top = 0  # first line of the list shown
        self.details_top = 0
        self._cache: dict = {}

    # -- data ---------------------------------------------------------------------------
    def set_entries(self, entries: list[Entry], highlighted: int | None = None) -> None:
        self.entries = list(entries)
        if highlighted is not None:
            self.highlighted = highlighted
        self.highlighted = max(0, min(self.highlighted, len(self.entries) - 1))
        self.details_top = 0
        self._cache.clear()
        self.refresh()

    @property
    def highlighted_entry(self) -> Entry | None:
        return self.entries[self.highlighted] if self.entries else None

    # -- keys and mouse -----------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        if not self.entries:
            return
        new = max(0, min(len(self.entries) - 1, self.highlighted + delta))
        if new != self.highlighted:
            self.highlighted = new
            self.details_top = 0
            self._keep_highlight_in_view()
            self.refresh()
            self.post_message(self.Highlighted(self.entries[new].id))

    def action_select(self) -> None:
        if self.entries:
            self.post_message(self.Selected(self.entries[self.highlighted].id))

    def action_scroll_details(self, lines: int) -> None:
        total = len(self._details_lines())
        rows = self.size.height - self.top - self.bottom
        self.details_top = max(0, min(max(0, total - rows), self.details_top + lines))
        self.refresh()

    async def on_click(self, event: events.Click) -> None:
        if self.keys and event.y == self.size.height - 1:
            await self._click_key(event.x)
            return
        if event.x >= self.list_width:
            return
        index = self._entry_at(event.y - self.top)
        if index is not None:
            if index != self.highlighted:
                self.highlighted = index
                self.details_top = 0
                self.post_message(self.Highlighted(self.entries[index].id))
                self.refresh()
            self.action_select()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, -1)

    def _wheel(self, event, direction: int) -> None:
        event.stop()
        if event.x >= self.list_width:
            self.action_scroll_details(3 * direction)
        else:
            total = len(self._list_lines()[0])
            rows = self.size.height - self.top - self.bottom
            self.list_top = max(0, min(max(0, total - rows), self.list_top + 3 * direction))
            self.refresh()


    def on_resize(self) -> None:
        self._cache.clear()
        self._keep_highlight_in_view()
        self.action_scroll_details(0)  # the details too: no blank rows under their end

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    # -- layout -------------------------------------------------------------------------
    @property
    def list_width(self) -> int:
        width = self.size.width
        return max(20, min(56, (width * 2) // 5))

    def _wrap(self, text: Text, width: int) -> list[list[Segment]]:
        return wrap(text_lines(text), width, self._styles()["base"])

    def _list_lines(self) -> tuple[list[list[Segment]], list[int]]:
        """Every line of the list (unhighlighted) and the entry each line belongs to."""
        key = ("list", self.list_width)
        if key not in self._cache:
            lines, owners = [], []
            for k, entry in enumerate(self.entries):
                wrapped = wrap(text_lines(entry.label), self.list_width - 2,
                               self._styles()["base"], hanging=3)
                for line in wrapped:
                    lines.append(line)
                    owners.append(k)
            self._cache[key] = (lines, owners)
        return self._cache[key]

    def _details_lines(self) -> list[list[Segment]]:
        key = ("details", self.highlighted, self.size.width - self.list_width)
        if key not in self._cache:
            entry = self.highlighted_entry
            width = self.size.width - self.list_width - 3  # separator + right margin
            self._cache[key] = [] if entry is None else self._wrap(entry.details, width)
        return self._cache[key]

    def _entry_at(self, y: int) -> int | None:
        lines, owners = self._list_lines()
        line = self.list_top + y
        return owners[line] if 0 <= line < len(owners) else None

    def _keep_highlight_in_view(self) -> None:
        lines, owners = self._list_lines()
        rows = [i for i, k in enumerate(owners) if k == self.highlighted]
        height = self.size.height - self.top - self.bottom
        if not rows or height <= 0:
            return
        # grown (a larger terminal): show as much of the list as fits, from the top down
        self.list_top = max(0, min(self.list_top, len(lines) - height))
        if rows[0] < self.list_top:
            self.list_top = rows[0]
        elif rows[-1] >= self.list_top + height:
            self.list_top = rows[-1] - height + 1

    # -- drawing ------------------------------------------------------------------------
    def _styles(self) -> dict[str, Style]:
        if "styles" not in self._cache:
            base = self.rich_style
            cursor = self.get_component_rich_style("browser--highlight")
            self._cache["styles"] = {
                "base": base, "cursor": base + cursor, "cursor_only": cursor,
                "separator": base + self.get_component_rich_style("browser--separator"),
                "header": base + self.get_component_rich_style("browser--header"),
                "keys": base + self.get_component_rich_style("browser--keys"),
                "key": base + self.get_component_rich_style("browser--keys")
                + self.get_component_rich_style("browser--key", partial=True)}
        return self._cache["styles"]

    def _header_lines(self, width: int) -> list:
        """The header wrapped to the width (it wraps rather than losing its end)."""
        if self.header is None:
            return []
        return wrap(text_lines(self.header), max(1, width - 1), self._styles()["header"])

    @property
    def top(self) -> int:
        """Lines taken by the header."""
        return len(self._header_lines(self.size.width or 80)) if self.header is not None else 0

    @property
    def bottom(self) -> int:
        """Lines taken by the keys."""
        return 1 if self.keys else 0

    def _key_line(self, width: int) -> tuple[Strip, list[tuple[int, int, str]]]:
        styles = self._styles()
        segments, spans, x = [Segment(" ", styles["keys"])], [], 1
        for key, description, action in self.keys:
            segments.append(Segment(key, styles["key"]))
            segments.append(Segment(f" {description}   ", styles["keys"]))
            spans.append((x, x + len(key) + 1 + len(description), action))
            x += len(key) + len(description) + 4
        return Strip(segments).adjust_cell_length(width, styles["keys"]), spans

    async def _click_key(self, x: int) -> bool:
        for start, end, action in self._key_line(self.size.width)[1]:
            if start <= x < end:
                await self.app.run_action(action, self.screen)
                return True
        return False

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        styles = self._styles()
        base = styles["base"]
        if self.header is not None:
            lines = self._header_lines(width)
            if y < len(lines):
                header = styles["header"]
                segments = [Segment(" ", header)] + lines[y]
                return Strip(segments).adjust_cell_length(width, header)
            y -= len(lines)
        if self.keys and y == self.size.height - self.top - 1:
            return self._key_line(width)[0]
        list_w = self.list_width
        lines, owners = self._list_lines()
        line = self.list_top + y
        if line < len(lines):
            if owners[line] == self.highlighted:
                cursor, only = styles["cursor"], styles["cursor_only"]
                segments = [Segment(" ", cursor)]
                segments += [Segment(s.text, (s.style or base) + only) for s in lines[line]]
                segments.append(Segment(" ", cursor))
            else:
                segments = [Segment(" ", base), *lines[line], Segment(" ", base)]
        else:
            segments = [Segment(" " * list_w, base)]
        segments.append(Segment("▏ ", styles["separator"]))
        details = self._details_lines()
        d = self.details_top + y
        right_w = width - list_w - 2
        if d < len(details):
            segments += details[d]
        else:
            segments.append(Segment(" " * max(0, right_w), base))
        # the list lines are list_w - 2 + 2 wide, the details lines right_w - 1 wide
        return Strip(segments).adjust_cell_length(width, base)

    # -- for tests ----------------------------------------------------------------------
    def entry_texts(self) -> list[str]:
        return [entry.label.plain for entry in self.entries]

    def keys_text(self) -> str:
        return self._key_line(self.size.width)[0].text.strip()

    def details_text(self) -> str:
        entry = self.highlighted_entry
        return "" if entry is None else entry.details.plain
