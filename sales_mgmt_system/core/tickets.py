"""After-sales ticket SLAs, on plain values.

Working time
    The working time of an SLA comes from a ``resource.calendar``: Odoo's
    ``_work_intervals_batch`` gives the working intervals (attendances minus
    the calendar's time off) of a whole batch of tickets in one call, and the
    functions below walk those intervals exactly as Odoo's ``plan_hours``
    does: a deadline is the moment at which the given number of working
    hours after the start have been worked. A start outside working time is
    measured from the next working moment (a ticket received on Saturday
    starts on Monday morning). Intervals are ``(start, stop)`` pairs of naive
    UTC datetimes, sorted and not overlapping.

SLA status
    A clock (response or resolution) is *at risk* once ``AT_RISK_SHARE``
    (75 %) of its working time is used, and *breached* once all of it is used
    while the ticket has not answered it. A ticket is:

    * ``met`` when it is closed and neither clock was breached;
    * ``breached`` when a clock was breached (still open or not);
    * ``at_risk`` when open, nothing breached and a running clock is at risk;
    * ``on_track`` otherwise.

Escalation
    Levels are 0 (assignee), 1 (team leader) and 2 (sales manager). An open
    ticket at risk is due for level 0, a breached one for level 1, and one
    whose resolution clock ran past ``MANAGER_SHARE`` (150 %) of its working
    time for level 2. Each level is notified once: a ticket is escalated to
    its due level only when that level is above the level it reached.
"""

from bisect import bisect_right
from datetime import timedelta

AT_RISK_SHARE = 0.75
MANAGER_SHARE = 1.5

ON_TRACK = "on_track"
AT_RISK = "at_risk"
BREACHED = "breached"
MET = "met"
SLA_STATUSES = (ON_TRACK, AT_RISK, BREACHED, MET)

LEVEL_ASSIGNEE = 0
LEVEL_TEAM_LEADER = 1
LEVEL_MANAGER = 2


def status_from_share(used_hours, allowed_hours, finished=False):
    """The status of one clock from the working hours used out of those allowed.

    ``finished`` says the clock stopped (the ticket answered or closed) after
    ``used_hours``: it is then ``met`` or ``breached``.
    """
    if allowed_hours <= 0:
        raise ValueError("allowed_hours must be positive")
    if used_hours > allowed_hours:
        return BREACHED
    if finished:
        return MET
    if used_hours == allowed_hours:
        return BREACHED
    if used_hours >= AT_RISK_SHARE * allowed_hours:
        return AT_RISK
    return ON_TRACK


def combine_statuses(statuses, closed):
    """The ticket's status from the statuses of its clocks."""
    statuses = list(statuses)
    if BREACHED in statuses:
        return BREACHED
    if closed:
        return MET
    if AT_RISK in statuses:
        return AT_RISK
    return ON_TRACK


def ticket_status(now, moments):
    """The status of a ticket at ``now`` from the moments stored on it.

    ``moments`` holds ``response_risk``, ``response_deadline``,
    ``first_response``, ``resolution_risk``, ``resolution_deadline`` and
    ``closed`` (datetimes, ``None`` when not set). A clock stops when its
    event happened; a stopped clock is judged at its event, a running one at
    ``now``.
    """
    closed = moments.get("closed")
    statuses = []
    for clock, event in (("response", "first_response"), ("resolution", "closed")):
        deadline = moments.get(f"{clock}_deadline")
        if deadline is None:
            continue
        stop = moments.get(event) or (closed if clock == "response" else None)
        if stop is not None:
            statuses.append(BREACHED if stop > deadline else MET)
        elif now >= deadline:
            statuses.append(BREACHED)
        elif moments.get(f"{clock}_risk") is not None and now >= moments[f"{clock}_risk"]:
            statuses.append(AT_RISK)
        else:
            statuses.append(ON_TRACK)
    return combine_statuses(statuses, closed is not None)


def due_escalation_level(status, manager_due):
    """The escalation level a ticket is due for, ``None`` when none.

    ``manager_due`` says the resolution clock ran past ``MANAGER_SHARE``.
    """
    if status in (MET, ON_TRACK):
        return None
    if status == AT_RISK:
        return LEVEL_ASSIGNEE
    return LEVEL_MANAGER if manager_due else LEVEL_TEAM_LEADER


def escalation_step(current_level, due_level):
    """The level to notify now, ``None`` when nothing changes.

    ``current_level`` is the level reached so far (``None`` when never
    escalated). Levels only go up and each is notified once.
    """
    if due_level is None:
        return None
    if current_level is not None and due_level <= current_level:
        return None
    return due_level


def plan_working_hours(intervals, start, hours):
    """The moment at which ``hours`` working hours after ``start`` are worked.

    ``None`` when ``intervals`` end before that (the caller fetches more).
    Zero hours from a non-working moment give the next working moment.
    """
    if hours < 0:
        raise ValueError("hours must not be negative")
    remaining = timedelta(hours=hours)
    # First interval that ends after start.
    index = bisect_right([stop for _start, stop in intervals], start)
    for interval_start, interval_stop in intervals[index:]:
        begin = max(interval_start, start)
        available = interval_stop - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
    return None


def working_hours_between(intervals, start, end):
    """Working hours from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    if end <= start:
        return 0.0
    total = timedelta()
    for interval_start, interval_stop in intervals:
        begin, stop = max(interval_start, start), min(interval_stop, end)
        if stop > begin:
            total += stop - begin
    return total.total_seconds() / 3600


def window_days(hours, hours_per_day):
    """Calendar days to fetch after a start to hold ``hours`` of working time.

    Generous (weekends, time off): twice the working days, plus two weeks.
    """
    per_day = hours_per_day if hours_per_day and hours_per_day > 0 else 8.0
    return int(2 * hours / per_day) + 14
