"""The WTForms classes of the leader's pages (app forms, rendered with ``templates/macros.html``).

Dates are text inputs of type ``date`` read with the template language's date parser, so both
``2019-06-01`` (what a date input sends) and ``01.06.2019`` (what a person types where there is no
date picker) are understood. The rules of a programme are not repeated here: a form only checks
what it must to build a programme document, and ``programme_problems`` judges the rest.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form, FormField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from ...cycle.programme_rules import FIRST_YEAR, LAST_YEAR
from ...schema.fields import parse_date
from ...schema.inputs import RowList
from ..forms import Form as WebForm
from .common import parse_day

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
    """Everything a programme needs, on one page that works without JavaScript."""

    workflow = SelectField(_l("Workflow"), validators=[chosen(_l("Choose a workflow."))])
    title = StringField(_l("Title"))
    programme_id = StringField(_l("Id"), render_kw={"autocapitalize": "none", "spellcheck": "false"})
    recipient = StringField(_l("Recipient"))
    leader_name = StringField(_l("Leader's name"), render_kw={"autocomplete": "name"})
    leader_email = StringField(_l("Leader's e-mail address"), render_kw={"type": "email", "autocomplete": "email"})
    gatherings = RowList(FormField(GatheringFields), label=_l("Gathering"))
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
