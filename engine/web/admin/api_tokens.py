"""API tokens in the admin: a leader makes one for a program that reads the API, and revokes it.

The token is shown once, on the page that answers its creation (never stored, never in a link or a
log); the list shows what each token reaches, who made it and when it was last used.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from ...access.api import mint_api_token
from ...store import admins as admin_repo
from ...store import api_tokens as token_repo
from ...store import get_store
from ...store import programmes as programme_repo
from .blueprint import bp
from .common import actor, leader_only, now
from .forms import AppForm, options

ALL = "*"


class TokenForm(AppForm):
    """A new API token: a name to recognise it by, its programme (or all), and whether it reads addresses."""

    name = StringField(
        _l("Name"),
        validators=[InputRequired(_l("Give the token a name, such as the system that will use it.")), Length(max=100)],
    )
    programme = SelectField(_l("Programme"))
    addresses = BooleanField(_l("May read the members' e-mail addresses"))


def _form() -> TokenForm:
    form = TokenForm()
    listed = programme_repo.list_programmes(get_store())
    form.programme.choices = options([(ALL, _("All programmes")), *((p["id"], p["title"]) for p in listed)])
    return form


def _render(form: TokenForm, created: str | None = None, status: int = 200):
    store = get_store()
    tokens = token_repo.list_api_tokens(store)
    owners = {admin["id"]: admin["email"] for admin in admin_repo.list_admins(store)}
    titles = {p["id"]: p["title"] for p in programme_repo.list_programmes(store)}
    return render_template(
        "admin/api_tokens.html", form=form, tokens=tokens, owners=owners, titles=titles, created=created
    ), status


@bp.get("/api-tokens")
def api_tokens():
    """The API tokens of the installation, and the form for a new one."""
    return _render(_form())


@bp.post("/api-tokens")
def create_api_token():
    """Make a token and show it, once."""
    leader_only()
    form = _form()
    if not form.validate():
        return _render(form, status=422)
    programme = None if form.programme.data == ALL else form.programme.data
    raw, _record = mint_api_token(get_store(), actor(), form.name.data, programme, form.addresses.data, now())
    return _render(_form(), created=raw)


@bp.post("/api-tokens/<token_id>/revoke")
def revoke_api_token(token_id: str):
    """Revoke a token: programs using it get 401 from the next call on."""
    leader_only()
    revoked = token_repo.revoke_api_token(get_store(), token_id, now())
    if revoked is None:
        abort(404)
    flash(_("The token %(name)s is revoked.", name=revoked["name"]), "success")
    return redirect(url_for("admin.api_tokens"))
