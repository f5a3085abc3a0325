"""The WTForms classes of the leader's pages (app forms, rendered with ``templates/macros.html``).

Dates are text inputs of type ``date`` read with the template language's date parser, so both
``2019-06-01`` (what a date input sends) and ``01.06.2019`` (what a person types where there is no
date picker) are understood. The rules of a programme are not repeated here: a form only checks
what it must to build a programme document, and ``programme_problems`` judges the rest.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    Form,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from ...cycle.programme_rules import FIRST_YEAR, LAST_YEAR
from ...schema.fields import parse_date
from ...schema.inputs import RowList
from ..forms import Form as WebForm
from .common import FOLLOWUP_WORDS, parse_day

DATE = {"type": "date"}
TIME = {"type": "time"}


def options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """``(value, label)`` pairs as a select's choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def chosen(message: str):
    """A select must have a value. Unlike InputRequired it does not add ``required`` to the select,
    which HTML allows only when the first option is an empty placeholder."""

    def check(form: Form, field: SelectField) -> None:
        if not field.data:
            raise ValidationError(message)

    return check


def valid_day(form: Form, field: StringField) -> None:
    """A date the parser understands (the field is optional unless also InputRequired)."""
    if field.data and parse_day(field.data) is None:
        try:
            parse_date(field.data)
        except ValueError:
            raise ValidationError(_l("Write the date as dd.mm.yyyy, for example 19.04.2018.")) from None
        raise ValidationError(_l("Give a date between %(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR))


class AppForm(WebForm):
    """The base of the leader's forms: the web's form base (it reads only what a browser can post).
    The app's CSRFProtect checks every POST before a view runs, and templates write the token (and
    the programme ``revision`` a form was made from) as plain hidden inputs — so one page can hold
    several forms without two inputs sharing an id."""

    class Meta:
        csrf = False


class GatheringFields(Form):
    """One gathering's inputs: a row of the new-programme form, and the gathering editor's base."""

    date = StringField(_l("Date"), validators=[InputRequired(_l("Enter the date.")), valid_day], render_kw=DATE)
    start = StringField(_l("Starts at"), validators=[InputRequired(_l("Enter the time it starts."))], render_kw=TIME)
    end = StringField(_l("Ends at"), validators=[Optional()], render_kw=TIME)
    place = StringField(_l("Place"))
    host = StringField(_l("Host"))
    theme = StringField(_l("Theme"))
    agenda = TextAreaField(_l("Agenda"))


class TeamFields(Form):
    """One team of the new-programme form: a name and its members, one per line."""

    name = StringField(_l("Team name"))
    members = TextAreaField(_l("Members"))


class NewProgrammeForm(AppForm):
    """What a programme must have to start, on one page that works without JavaScript: places,
    hosts, themes and the exact dates of the later gatherings can come later."""

    workflow = SelectField(_l("Workflow"), validators=[chosen(_l("Choose a workflow."))])
    title = StringField(_l("Title"))
    programme_id = StringField(_l("Id"), render_kw={"autocapitalize": "none", "spellcheck": "false"})
    leader_name = StringField(_l("Leader's name"), render_kw={"autocomplete": "name"})
    leader_email = StringField(_l("Leader's e-mail address"), render_kw={"type": "email", "autocomplete": "email"})
    recipient = StringField(_l("Recipient (optional)"))
    first_date = StringField(_l("Date of the first gathering"), render_kw=DATE)
    gathering_count = StringField(_l("Number of gatherings"), render_kw={"inputmode": "numeric", "size": 4})
    weeks_between = StringField(_l("Weeks between gatherings"), render_kw={"inputmode": "numeric", "size": 4})
    teams = RowList(FormField(TeamFields), label=_l("Team"))


class SettingsForm(AppForm):
    """The programme's title, recipient and leader."""

    title = StringField(_l("Title"))
    recipient = StringField(_l("Recipient"))
    leader_name = StringField(_l("Leader's name"))
    leader_email = StringField(_l("Leader's e-mail address"), render_kw={"type": "email"})


class GatheringForm(AppForm, GatheringFields):
    """One gathering, edited on its own page; the host is a team or, for a partner, free text."""

    host = SelectField(_l("Host"), validate_choice=False)
    host_other = StringField(_l("Other host (if not a team)"))


class TeamForm(AppForm):
    """A team's name (a new team's members are added on its page)."""

    name = StringField(_l("Team name"), validators=[InputRequired(_l("Enter the team's name."))])


class MemberForm(AppForm):
    """One member of a team."""

    name = StringField(_l("Name"), render_kw={"autocomplete": "off"})
    email = StringField(_l("E-mail address"), render_kw={"type": "email", "autocomplete": "off"})
    role = StringField(_l("Role (optional)"))
    active = SelectField(
        _l("Receives links and reminders"), choices=options([("yes", _l("Yes")), ("no", _l("No, deactivated"))])
    )


class WithdrawForm(AppForm):
    """A team's withdrawal: from which day, and why."""

    date = StringField(
        _l("Withdrawn from"), validators=[InputRequired(_l("Enter the date.")), valid_day], render_kw=DATE
    )
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(_l("Say why the team withdrew."))])


class ExtensionForm(AppForm):
    """A later due date for one of the team's assignments."""

    assignment = SelectField(_l("Assignment"), validators=[chosen(_l("Choose an assignment."))])
    due = StringField(
        _l("New due date"), validators=[InputRequired(_l("Enter the new due date.")), valid_day], render_kw=DATE
    )


class ExcusalForm(AppForm):
    """One of the team's assignments waived, with the reason."""

    assignment = SelectField(_l("Assignment"), validators=[chosen(_l("Choose an assignment."))])
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(_l("Say why the assignment is excused."))])


class FeedbackForm(AppForm):
    """The leader's feedback on a submitted version: the text, and whether it asks for a new version."""

    text = TextAreaField(_l("Feedback"), validators=[InputRequired(_l("Write the feedback."))])
    kind = RadioField(
        _l("Kind of feedback"),
        choices=options([("comment", _l("A comment")), ("request", _l("A request for a new version"))]),
        default="comment",
        validators=[InputRequired(_l("Choose the kind of feedback."))],
    )


class MessageForm(AppForm):
    """The leader's message to teams: subject, text, and to whom (every active team, or those ticked)."""

    subject = StringField(_l("Subject"), validators=[InputRequired(_l("Write a subject."))])
    text = TextAreaField(_l("Message"), validators=[InputRequired(_l("Write the message."))])
    to = RadioField(
        _l("To"),
        choices=options([("all", _l("Every team still in the programme")), ("chosen", _l("The teams I tick"))]),
        default="all",
        validators=[InputRequired(_l("Choose who gets the message."))],
    )
    teams = SelectMultipleField(_l("Teams"), validate_choice=False)

    def validate_teams(self, field: SelectMultipleField) -> None:
        """Ticking is needed only when the message goes to chosen teams."""
        if self.to.data == "chosen" and not field.data:
            raise ValidationError(_l("Tick at least one team, or send the message to every team."))


class FollowupForm(AppForm):
    """One follow-up note: the day it happened, what kind of contact, what happened."""

    date = StringField(_l("Date"), validators=[InputRequired(_l("Enter the date.")), valid_day], render_kw=DATE)
    kind = SelectField(
        _l("Kind of contact"),
        choices=options(list(FOLLOWUP_WORDS.items())),
        validators=[chosen(_l("Choose the kind of contact."))],
    )
    text = TextAreaField(_l("What happened"), validators=[InputRequired(_l("Write what happened."))])


class ReferenceForm(AppForm):
    """The teams a team is reference group for (ticked among the programme's other teams)."""

    reference_for = SelectMultipleField(_l("Reference group for"), validate_choice=False)


class CopyForm(AppForm):
    """A programme copied for the next round: its new title and id, the first gathering's new date."""

    title = StringField(_l("Title of the new programme"), validators=[InputRequired(_l("Enter the title."))])
    programme_id = StringField(_l("Id (optional)"), render_kw={"autocapitalize": "none", "spellcheck": "false"})
    first_date = StringField(
        _l("Date of the first gathering"),
        validators=[InputRequired(_l("Enter the date.")), valid_day],
        render_kw=DATE,
    )
    members = SelectField(
        _l("Members"),
        choices=options([("keep", _l("Keep the teams' members")), ("drop", _l("Only the teams, without members"))]),
    )
