"""The player's page, sized for a phone: join with the room's code and a free role, then the role's
own view (its stage, its people, the mandate it is under, what customers say) and the round's
decision form. The seat's link (``/play?token=…``) brings the player back from any device."""

from __future__ import annotations

import solara

from .console import player_url
from .hub import HUB
from .roles import ROLES, WorkshopError, form, role_label, rule_values
from .session import DEBRIEF, LOBBY, OPEN, PAUSED

CSS = """
.cxp { max-width: 480px; margin: 0 auto; padding: 10px 14px; font-size: 17px; }
.cxp h2 { font-size: 22px; margin: 4px 0; }
.cxp table { border-collapse: collapse; width: 100%; }
.cxp td { padding: 2px 6px; border-bottom: 1px solid #eee; }
.v-btn { text-transform: none !important; }
"""

LABELS = {"nps": "Customers on the company (NPS)", "resistance": "People's resistance (0–1)", "engagement": "Engagement (0–1)", "knowledge": "Knowledge of what customers value",
          "mandate": "Under a CX mandate", "conflicts": "Conflicts so far", "champions": "Champions in your teams",
          "budget_taken": "Programme money from your budget (M€/yr)", "political_capital": "Your political capital (0–1)",
          "budget": "Budget granted (M€/yr)", "sponsorship": "Sponsorship (0–1)", "granted": "Share of the budget granted",
          "evidence": "Evidence at the last review (−1…1)", "targets": "Target stages", "sidelined": "Sidelined",
          "mandates": "Departments under mandate", "forum": "Share of forum meetings you attend",
          "alignment": "Agreement with the CX leader (0–1)"}


@solara.component
def JoinForm(code0: str, push):
    code = solara.use_reactive(code0)
    role = solara.use_reactive(ROLES[0])
    name = solara.use_reactive("")
    error = solara.use_reactive("")

    def join():
        try:
            _, token = HUB.join(code.value, role.value, name.value)
            push(f"/play?token={token}")
        except WorkshopError as err:
            error.set(str(err))

    with solara.Column(gap="8px"):
        solara.Markdown("## Join the workshop")
        solara.InputText("Join code", value=code, classes=["cxp-code"])
        solara.Select("Your role", values=list(ROLES), value=role, classes=["cxp-role"])
        solara.InputText("Your name (or your table's)", value=name, classes=["cxp-name"])
        solara.Button("Join", on_click=join, color="primary", classes=["cxp-join"])
        if error.value:
            solara.Error(error.value, classes=["cxp-error"])


def view_rows(view: dict) -> str:
    rows = []
    for entry in view.get("customers_say", []):
        said = ", ".join(f"{k} {v}" for k, v in entry.items() if k != "stage")
        rows.append(f"<tr><td>Customers on <b>{entry['stage']}</b></td><td>{said}</td></tr>")
    for k, v in view.items():
        if k in LABELS:
            shown = ", ".join(v) if isinstance(v, list) else v
            rows.append(f"<tr><td>{LABELS[k]}</td><td class='cxp-{k}'>{shown}</td></tr>")
    return "<table>" + "".join(rows) + "</table>"


@solara.component
def DecisionForm(session, token, role):
    values = solara.use_reactive(rule_values(role, session.config))
    message = solara.use_reactive(("", ""))

    def set_field(name, value):
        values.set({**values.value, name: value})

    def submit():
        try:
            accepted = session.submit(token, dict(values.value))
            message.set(("ok", f"Decision recorded for round {session.round + 1}: " + ", ".join(f"{k} {v}" for k, v in accepted.items())))
        except WorkshopError as err:
            message.set(("error", str(err)))

    for f in form(role):
        if f.choices:
            solara.Select(f.label, values=list(f.choices), value=values.value[f.name], on_value=lambda v, n=f.name: set_field(n, v),
                          classes=[f"cxp-field-{f.name}"])
        else:
            solara.InputText(f"{f.label} ({f.lo:g}–{f.hi:g})", value=str(values.value[f.name]), on_value=lambda v, n=f.name: set_field(n, v),
                             classes=[f"cxp-field-{f.name}"])
    solara.Button("Submit my decision", on_click=submit, color="primary", classes=["cxp-submit"])
    kind, text = message.value
    if kind == "ok":
        solara.Success(text, classes=["cxp-ok"])
    elif kind == "error":
        solara.Error(text, classes=["cxp-error"])


@solara.component
def Player(session, token, code0, push, pulse=None):
    solara.Style(CSS)
    with solara.Column(gap="8px", classes=["cxp"]):
        if session is None:
            if token:
                solara.Error("This link is not a seat of any running session; join with the room's code.")
            JoinForm(code0, push)
            return
        role = session.seat_of(token).role
        status = session.status()
        solara.Markdown(f"## {role_label(role)}")
        solara.Text(f"{session.seats[role].name} · code {session.code}", classes=["cxp-who"])
        phase = status["phase"]
        if phase == OPEN:
            solara.Text(f"Round {status['round']} of {status['rounds']}: decide — {status['remaining']:.0f} s left", classes=["cxp-phase"],
                        style={"font-weight": "700"})
        elif phase == PAUSED:
            solara.Text(f"Round {status['round']}: paused", classes=["cxp-phase"], style={"font-weight": "700"})
        elif phase == LOBBY:
            solara.Text("Waiting for the first round", classes=["cxp-phase"])
        elif phase == DEBRIEF:
            solara.Text("The session has ended: look at the projector", classes=["cxp-phase"])
        else:
            solara.Text(f"Round {status['round']} done (week {status['week']}); waiting for the next", classes=["cxp-phase"])
        view = session.views["roles"][role]
        solara.HTML(unsafe_innerHTML=view_rows(view), classes=["cxp-view"])
        if phase in (OPEN, PAUSED):
            DecisionForm(session, token, role)
        solara.Text(f"Your seat's link (keep it to come back from any device): {player_url()}?token={token}",
                    style={"font-size": "12px", "color": "#666", "word-break": "break-all"})
