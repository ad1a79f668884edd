"""The request options as form fields, built from the options table.

Used by the submit form and by the resubmit editor. The options shown in the form
each get a field; every other option is reachable through one JSON field, so
nothing the API takes is out of reach from the dashboard.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label

from aai_tui.actions.inputs import InputError, SubmitOptions
from aai_tui.api.request_options import (
    BY_NAME,
    FORM_OPTIONS,
    Kind,
    RequestOption,
    Shown,
    option_text,
    parse_option_text,
    type_problem,
)

MORE_ID = "more_options"
MORE_LABEL = "More options (JSON, any request option)"
MORE_HELP = "a JSON object of any request option the API takes, as its documentation names it"
#: After a switch's label when the jobs being edited do not share it.
DIFFERS = "(differs)"
#: Below this width the fields and the checkboxes are one column, not two.
STACKED_BELOW = 70


def _text_options() -> Iterator[RequestOption]:
    return (o for o in FORM_OPTIONS if o.kind is not Kind.BOOLEAN)


def _flag_options() -> Iterator[RequestOption]:
    return (o for o in FORM_OPTIONS if o.kind is Kind.BOOLEAN)


def _is_more(name: str) -> bool:
    option = BY_NAME.get(name)
    return option is None or option.shown is not Shown.FORM


def fitted_words(text: str, width: int) -> str:
    """``text`` in ``width`` cells, cut after a whole word with "…" when it is longer."""
    if len(text) <= width:
        return text
    if width < 2:
        return ""
    cut = text[: width - 1].rstrip()
    head, space, _ = cut.rpartition(" ")
    return (head.rstrip(",;:(") if space and head else cut) + "…"


class OptionCheckbox(Checkbox):
    """A checkbox whose mark is there only when ticked: Textual draws X either way and
    only the colour differs, which a plain terminal capture (or a colour-blind eye)
    cannot tell apart."""

    def render(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super().render()


class SpaceCheckbox(OptionCheckbox, inherit_bindings=False):
    """A checkbox that space toggles and Enter leaves to the form: where the hint says
    "Enter: apply", Enter on a checkbox applies instead of ticking it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Toggle", show=False)
    ]


class OptionsEditor(Widget):
    """Fields for every form option and one JSON field for the rest."""

    DEFAULT_CSS = """
    OptionsEditor { height: auto; }
    """

    def __init__(
        self,
        options: SubmitOptions,
        *,
        id: str | None = None,
        enter_applies: bool = False,
        differing: frozenset[str] = frozenset(),
    ) -> None:
        """``enter_applies``: the form's Enter applies it, from a checkbox too.
        ``differing``: switches the jobs being edited do not share; their boxes say so,
        and one pressed sets that switch for every job (``pressed``)."""
        super().__init__(id=id)
        self.initial = options
        self.enter_applies = enter_applies
        self.differing = differing
        #: The differing switches pressed, each as its box now reads.
        self.pressed: dict[str, bool] = {}

    def compose(self) -> ComposeResult:
        values = self.initial.values
        # Plain columns (not each its own scroll): the dialog around them scrolls the
        # form as one, and a field never hides behind the other column's scrollbar.
        with Horizontal(classes="row"):
            with Vertical(classes="column fields"):
                for option in _text_options():
                    yield Label(option.label, id=f"{option.name}-label", markup=False)
                    yield Input(
                        option_text(option, values.get(option.name)),
                        placeholder=option.help or option.label,
                        id=option.name,
                    )
                more = {k: v for k, v in values.items() if _is_more(k)}
                yield Label(MORE_LABEL, id=f"{MORE_ID}-label", markup=False)
                yield Input(
                    json.dumps(more, ensure_ascii=False) if more else "",
                    placeholder='{"speaker_options": {"min_speakers_expected": 2}}',
                    id=MORE_ID,
                )
            with Vertical(classes="column flags"):
                for option in _flag_options():
                    default = option.default is True
                    value = values.get(option.name)
                    kind = SpaceCheckbox if self.enter_applies else OptionCheckbox
                    differs = option.name in self.differing
                    yield kind(
                        f"{option.label} {DIFFERS}" if differs else option.label,
                        value=default if value is None else bool(value),
                        id=option.name,
                    )
                # A checkbox has no label above it: the focused one's help is said just
                # below it (moved there on focus).
                yield Label("", id="flag-help", markup=False, classes="hidden")

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit_placeholders)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """A box the jobs differ on, pressed (even back again): set for every job."""
        name = str(event.checkbox.id)
        if name in self.differing:
            self.pressed[name] = event.value
            event.checkbox.label = BY_NAME[name].label

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < STACKED_BELOW, "-stacked")
        self.call_after_refresh(self._after_resize)

    def _after_resize(self) -> None:
        if not self.is_attached:
            return
        self._fit_placeholders()
        # The focused field stays in sight: a resize to 40x12 left the form showing
        # other fields than the one being edited.
        focused = self.screen.focused
        if focused is not None and self in focused.ancestors:
            self._reveal(self._label_of(focused), focused)

    def _label_of(self, field: Widget) -> Widget | None:
        found = self.query(f"#{field.id}-label") if field.id else None
        return found.first() if found else None

    def _fit_placeholders(self) -> None:
        """Each field's help as its placeholder, cut at a word with "…" to the field's
        width (Textual cuts it mid-word: "(needs"); none in the focused field, whose
        label says it whole above it."""
        if not self.is_attached or not self.is_mounted:
            return  # closed before this ran (Esc while a field had the focus)
        for option in _text_options():
            found = self.query(f"#{option.name}").results(Input)
            field = next(found, None)
            if field is None:  # being removed
                return
            help_text = option.help or option.label
            field.placeholder = (
                "" if field.has_focus else fitted_words(help_text, field.content_size.width - 1)
            )

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A placeholder is cut at the field's width: the focused field's label says
        its help whole, above it, wrapped to the width (the others, their name only)."""
        above: Label | None = None
        for label in self.query(Label):
            name = str(label.id or "").removesuffix("-label")
            option = BY_NAME.get(name)
            title = MORE_LABEL if name == MORE_ID else option.label if option else None
            if title is None:
                continue
            help_text = MORE_HELP if name == MORE_ID else option.help if option else ""
            focused = name == event.widget.id and help_text
            label.update(f"{title}: {help_text}" if focused else title)
            if name == event.widget.id:
                above = label
        self._fit_placeholders()
        flag = BY_NAME.get(str(event.widget.id)) if isinstance(event.widget, Checkbox) else None
        said = self.query_one("#flag-help", Label)
        said.update(f"{flag.label}: {flag.help}" if flag and flag.help else "")
        said.set_class(not (flag and flag.help), "hidden")
        if flag is not None:
            column = said.parent
            if isinstance(column, Widget) and column is event.widget.parent:
                column.move_child(said, after=event.widget)
            # In view together: the checkbox, then its help below it, last.
            self.call_after_refresh(self._reveal, event.widget, said)
            return
        # In view together: the field's label (its help) and the field itself, last.
        self.call_after_refresh(self._reveal, above, event.widget)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Focus gone from a checkbox (to the path field, say): its help goes too; a
        field left gets its placeholder back."""
        if isinstance(event.widget, Checkbox):
            self.query_one("#flag-help", Label).set_class(True, "hidden")
        self.call_after_refresh(self._fit_placeholders)

    @staticmethod
    def _reveal(first: Widget | None, last: Widget) -> None:
        if first is not None:
            first.scroll_visible(animate=False, immediate=True)
        last.scroll_visible(animate=False, immediate=True)

    def read(self) -> SubmitOptions:
        """The options as typed; raises InputError with one line naming the field."""
        values: dict[str, Any] = {}
        for option in _text_options():
            text = self.query_one(f"#{option.name}", Input).value
            try:
                value = parse_option_text(option, text)
            except ValueError as exc:
                raise InputError(str(exc)) from None
            if value is not None:
                values[option.name] = value
        for option in _flag_options():
            checked = self.query_one(f"#{option.name}", Checkbox).value
            if checked != (option.default is True):
                values[option.name] = checked
            elif checked:
                values[option.name] = True
        raw = self.query_one(f"#{MORE_ID}", Input).value.strip()
        if raw:
            try:
                more = json.loads(raw)
            except ValueError:
                raise InputError("More options: not valid JSON") from None
            if not isinstance(more, dict):
                raise InputError('More options: must be a JSON object, such as {"prompt": "..."}')
            unknown = [k for k in more if k not in BY_NAME and k != "audio_url"]
            if unknown:
                raise InputError(f"More options: no request option named {unknown[0]!r}")
            problem = type_problem(more)
            if problem:
                raise InputError(f"More options: {problem}")
            values.update({k: v for k, v in more.items() if k != "audio_url"})
        return SubmitOptions.from_params(values)
