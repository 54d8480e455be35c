"""One table of commands: each key binding, its footer entry, its help line and
its command-palette entry come from here, so they can never disagree. Keys
are overridable by command id in the config file's [keys] table."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from .config import Label, LinkKind


@dataclass(frozen=True)
class Command:
    id: str
    keys: str
    action: str
    description: str
    group: str
    footer: bool = False
    short: str = ""
    """The footer's word for it, where the description is too long to fit."""


STORY_COMMANDS: tuple[Command, ...] = (
    # Move
    Command("cursor_word_next", "right,l", "move('next_word')", "Next word", "Move"),
    Command("cursor_word_prev", "left,h", "move('prev_word')", "Previous word", "Move"),
    Command("cursor_line_down", "down,j", "move('line_down')", "Line down", "Move"),
    Command("cursor_line_up", "up,k", "move('line_up')", "Line up", "Move"),
    Command("cursor_sentence_next", "right_parenthesis", "move('next_sentence')", "Next sentence", "Move"),
    Command("cursor_sentence_prev", "left_parenthesis", "move('prev_sentence')", "Previous sentence", "Move"),
    Command("cursor_paragraph_next", "right_curly_bracket", "move('next_paragraph')", "Next paragraph", "Move"),
    Command("cursor_paragraph_prev", "left_curly_bracket", "move('prev_paragraph')", "Previous paragraph", "Move"),
    Command("page_down", "pagedown,ctrl+d", "move('page_down')", "Page down", "Move"),
    Command("page_up", "pageup,ctrl+u", "move('page_up')", "Page up", "Move"),
    Command("cursor_top", "home,g", "move('top')", "Top of article", "Move"),
    Command("cursor_bottom", "end,G", "move('bottom')", "End of article", "Move"),
    Command("entity_next", "e", "move('next_entity')", "Next entity", "Move"),
    Command("entity_prev", "E", "move('prev_entity')", "Previous entity", "Move"),
    Command("annotation_next", "right_square_bracket", "move('next_annotation')", "Next annotation", "Move"),
    Command("annotation_prev", "left_square_bracket", "move('prev_annotation')", "Previous annotation", "Move"),
    Command("column_next", "tab", "column(1)", "Next column", "Move"),
    Command("column_prev", "shift+tab", "column(-1)", "Previous column", "Move"),
    # Select
    Command("select_start", "v", "select_start", "Start/stop selecting (motions extend)", "Select", footer=True, short="select"),
    Command("select_sentence", "s", "select_sentence", "Select sentence", "Select"),
    Command("select_quote", "quotation_mark", "select_quote", "Select quotation", "Select"),
    Command("select_clause", "comma", "select_clause", "Extend selection to clause end", "Select"),
    Command("cancel", "escape", "cancel", "Cancel selection / back", "Select"),
    # Edit
    Command("delete", "x,delete", "delete", "Delete annotation", "Edit"),
    Command("relabel", "r", "relabel", "Relabel annotation (then a label key)", "Edit"),
    Command("edit", "enter", "edit", "Edit note and attributes", "Edit"),
    Command("undo", "u", "undo", "Undo", "Edit", footer=True, short="undo"),
    Command("redo", "U,ctrl+r", "redo", "Redo", "Edit"),
    Command("yank", "y", "yank", "Copy span with citation", "Edit"),
    # Find
    Command("search_column", "slash", "search('column')", "Search this column", "Find", footer=True, short="search"),
    Command("search_story", "ctrl+f", "search('story')", "Search the whole story", "Find"),
    Command("match_next", "n", "match(1)", "Next match", "Find"),
    Command("match_prev", "N", "match(-1)", "Previous match", "Find"),
    Command("entity_focus", "asterisk", "entity_focus", "Entity: all mentions + table", "Find", footer=True, short="entity"),
    Command("align", "a", "align", "Align other columns to this sentence", "Find", footer=True, short="align"),
    # Link
    Command("link_start", "L", "link_start", "Link from this annotation (move, then a kind key)", "Link",
            footer=True, short="link"),
    Command("link_walk", "apostrophe", "link_walk", "Go to the linked annotation (again: the next)", "Link"),
    Command("link_delete", "X", "link_delete", "Delete the link shown (someone else's: reject it)", "Link"),
    Command("link_suggest", "S", "link_suggest", "Link suggestions for this annotation", "Link"),
    Command("link_review", "K", "link_review", "Review suggested links", "Link"),
    # Compare
    Command("compare", "C", "compare", "Compare the outlets: coverage, speakers, drift, naming, figures",
            "Compare", footer=True, short="compare"),
    Command("entity_group", "M", "entity_group", "Merge the entity into another group, or split it out",
            "Compare"),
    # Review
    Command("review", "R", "app.review", "Review suggestions (f there: whose, which)", "Review"),
    Command("agreement", "A", "app.agreement", "Agreement between annotators; adjudicate", "Review"),
    # View
    Command("zoom", "z", "zoom", "Zoom column", "View"),
    Command("fold", "b", "fold", "Fold/unfold boilerplate and reader comments", "View"),
    Command("blind", "B", "toggle_blind", "Blind: only your labels and the suggestions (toggle)", "View"),
    Command("help", "question_mark", "app.help", "Help", "View", footer=True, short="help"),
)


REVIEW_COMMANDS: tuple[Command, ...] = (
    Command("review_accept", "a", "decide('accepted')", "Accept as shown (label, span)", "Review", footer=True,
            short="accept"),
    Command("review_reject", "x", "decide('rejected')", "Reject", "Review", footer=True, short="reject"),
    Command("review_pick", "A", "pick", "Accept this side, reject the others in its sentence", "Review",
            footer=True, short="pick side"),
    Command("review_skip", "space", "step(1)", "Skip to the next item", "Review", footer=True, short="skip"),
    Command("review_back", "backspace", "step(-1)", "Back to the previous item", "Review", footer=True,
            short="back"),
    Command("review_next_open", "full_stop", "next_open", "Next undecided item", "Review"),
    Command("review_start_earlier", "less_than_sign", "boundary('start', -1)", "Span starts a word earlier",
            "Review"),
    Command("review_start_later", "greater_than_sign", "boundary('start', 1)", "Span starts a word later", "Review"),
    Command("review_end_earlier", "left_square_bracket", "boundary('end', -1)", "Span ends a word earlier",
            "Review"),
    Command("review_end_later", "right_square_bracket", "boundary('end', 1)", "Span ends a word later", "Review"),
    Command("review_filter", "f", "filter", "Filter by label, status, annotator, article", "Review", footer=True,
            short="filter"),
    Command("review_speaker", "p", "speaker", "Set the speaker (typed, or a person picked; accepts the item)",
            "Review", footer=True, short="speaker"),
)
"""Review mode's keys; a label key there accepts the item with that label."""


COMPARE_COMMANDS: tuple[Command, ...] = (
    Command("compare_coverage", "1", "view('coverage')", "Coverage: claims and quotes × outlets, exclusives, omissions",
            "Comparison", footer=True, short="Coverage"),
    Command("compare_speakers", "2", "view('speakers')", "Speakers × outlets, direct / indirect", "Comparison",
            footer=True, short="Speakers"),
    Command("compare_drift", "3", "view('drift')", "Quote drift: linked quotes, word by word", "Comparison",
            footer=True, short="Quote drift"),
    Command("compare_naming", "4", "view('naming')", "Naming: the forms each outlet gives an entity", "Comparison",
            footer=True, short="Naming"),
    Command("compare_figures", "5", "view('figures')", "Figures reported differently", "Comparison", footer=True,
            short="Figures"),
    Command("compare_jump", "enter", "jump", "Go to the cell's span in the reader", "Comparison"),
    Command("compare_back", "escape", "app.pop_screen", "Back to the reader", "Comparison", footer=True,
            short="back"),
    Command("help", "question_mark", "app.help", "Help", "Comparison"),
)
"""The comparison screen's keys (C); the arrows, g G and page keys move in a view."""


def review_commands(story_commands: tuple[Command, ...]) -> tuple[Command, ...]:
    """The reader's commands whose keys review mode leaves alone, then review's own."""
    taken = {key for command in REVIEW_COMMANDS for key in command.keys.split(",")}
    kept = tuple(c for c in story_commands
                 if c.group != "Review" and not taken.intersection(c.keys.split(",")))
    return kept + REVIEW_COMMANDS


def label_commands(labels: tuple[Label, ...]) -> tuple[Command, ...]:
    return tuple(
        Command(f"tag_{label.name}", label.key, f"tag('{label.name}')", f"Tag {label.name}", "Tag", footer=True,
                short=label.name)
        for label in labels
    )


def link_kind_commands(kinds: tuple[LinkKind, ...]) -> tuple[Command, ...]:
    return tuple(Command(f"link_{kind.name}", kind.key, f"link_finish('{kind.name}')",
                         f"Finish the link as {kind.name} ({kind.mark})", "Link") for kind in kinds)


def with_link_kinds(commands: tuple[Command, ...], kinds: tuple[Command, ...]) -> tuple[Command, ...]:
    """The kind keys right after the other Link commands (a table without them is returned as it is)."""
    last = max((i for i, c in enumerate(commands) if c.group == "Link"), default=None)
    return commands if last is None else commands[:last + 1] + kinds + commands[last + 1:]


def bindings(commands: tuple[Command, ...]) -> list[Binding]:
    return [Binding(c.keys, c.action, c.short or c.description, show=c.footer, id=c.id) for c in commands]
