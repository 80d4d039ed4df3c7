"""How a hold application's plan is kept in its JSONB column (and read back)."""

from __future__ import annotations

from datetime import date, datetime, time

from cme_projects.domain.hold_application import DayPlan, Plan, Window


def plan_to_json(plan: Plan) -> dict:
    """The plan as JSON-ready values."""
    return {
        "venue": plan.venue, "online": plan.online, "expected_attendance": plan.expected_attendance,
        "days": [{"day": d.day.isoformat(), "starts": d.starts.isoformat("minutes"),
                  "ends": d.ends.isoformat("minutes")} for d in plan.days],
        "check_in_window": _window_to_json(plan.check_in_window),
        "check_out_window": _window_to_json(plan.check_out_window),
        "qr_refresh_seconds": plan.qr_refresh_seconds, "attachments": dict(plan.attachments),
        "remarks": plan.remarks,
    }


def plan_from_json(data: dict) -> Plan:
    """The plan stored by `plan_to_json`."""
    days = tuple(DayPlan(date.fromisoformat(d["day"]), time.fromisoformat(d["starts"]), time.fromisoformat(d["ends"]))
                 for d in data["days"])
    return Plan(
        venue=data["venue"], days=days, expected_attendance=data["expected_attendance"], online=data["online"],
        check_in_window=_window_from_json(data["check_in_window"]),
        check_out_window=_window_from_json(data["check_out_window"]),
        qr_refresh_seconds=data["qr_refresh_seconds"], attachments=data["attachments"], remarks=data["remarks"],
    )


def _window_to_json(window: Window | None) -> dict | None:
    return (
        None if window is None else {"opens_at": window.opens_at.isoformat(), "closes_at": window.closes_at.isoformat()}
    )


def _window_from_json(data: dict | None) -> Window | None:
    return (
        None
        if data is None
        else Window(datetime.fromisoformat(data["opens_at"]), datetime.fromisoformat(data["closes_at"]))
    )
