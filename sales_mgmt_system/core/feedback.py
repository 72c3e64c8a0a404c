"""Customer satisfaction and follow-up visit rules, on plain values.

CSAT
    Answers 1 to 5. The CSAT % is the share of satisfied answers (4 or 5)
    among the CSAT answers, times 100; ``None`` when nobody answered.

NPS
    Answers 0 to 10 (0 is a real answer). Promoters answer 9-10, passives
    7-8, detractors 0-6. The NPS is the % of promoters minus the % of
    detractors among the NPS answers, from -100 to +100; ``None`` when nobody
    answered.

Negative feedback
    A CSAT of 2 or less, or an NPS of 6 or less, is negative and gets a
    follow-up.

Visit due dates
    A customer is next due for a follow-up visit on the ``next_visit_date``
    agreed at its last done visit; without one, ``interval_days`` after that
    visit; never visited, ``interval_days`` after it became a customer
    (``since``). The interval is the one of the customer's lifecycle stage,
    or the default interval when the stage has none (or the customer no
    stage yet).
"""

from collections import defaultdict
from datetime import timedelta

CSAT_VALUES = range(1, 6)
NPS_VALUES = range(0, 11)
CSAT_SATISFIED = 4
NPS_PROMOTER = 9
NPS_DETRACTOR = 6
CSAT_NEGATIVE = 2


def _check(value, allowed, name):
    if value not in allowed:
        raise ValueError(f"{name} answer {value!r} is outside {allowed.start}-{allowed.stop - 1}")


def csat_pct(answers):
    """CSAT % of ``answers`` (``{score: count}``, scores 1-5), or ``None``."""
    total = satisfied = 0
    for score, count in answers.items():
        _check(score, CSAT_VALUES, "CSAT")
        total += count
        if score >= CSAT_SATISFIED:
            satisfied += count
    return satisfied * 100.0 / total if total else None


def nps(answers):
    """NPS of ``answers`` (``{score: count}``, scores 0-10), or ``None``."""
    total = promoters = detractors = 0
    for score, count in answers.items():
        _check(score, NPS_VALUES, "NPS")
        total += count
        if score >= NPS_PROMOTER:
            promoters += count
        elif score <= NPS_DETRACTOR:
            detractors += count
    return (promoters - detractors) * 100.0 / total if total else None


def is_negative(csat=None, nps_score=None):
    """True when a CSAT of 2 or less or an NPS of 6 or less was given."""
    return (csat is not None and csat <= CSAT_NEGATIVE) or (
        nps_score is not None and nps_score <= NPS_DETRACTOR
    )


def sentiment(csat=None, nps_score=None):
    """``negative``, ``positive`` or ``neutral`` from the scores given (``None``: none).

    Negative wins over positive: one bad score asks for a follow-up.
    """
    if is_negative(csat, nps_score):
        return "negative"
    if (csat is not None and csat >= CSAT_SATISFIED) or (
        nps_score is not None and nps_score >= NPS_PROMOTER
    ):
        return "positive"
    if csat is None and nps_score is None:
        return None
    return "neutral"


def summarize(rows, keys=()):
    """Satisfaction figures from grouped rows.

    ``rows`` are ``(key, csat, nps, count)``: ``count`` responses of group
    ``key`` with that CSAT and NPS answer (``None`` when not asked). Returns
    ``{"responses", "csat_pct", "nps", "by_key": {key: {"responses",
    "csat_pct", "nps"}}}``; every key of ``keys`` is in ``by_key``, with
    ``None`` figures when it has no answers.
    """
    responses = defaultdict(int)
    csat_answers = defaultdict(lambda: defaultdict(int))
    nps_answers = defaultdict(lambda: defaultdict(int))
    all_csat, all_nps = defaultdict(int), defaultdict(int)
    for key, csat, nps_score, count in rows:
        responses[key] += count
        if csat is not None:
            csat_answers[key][csat] += count
            all_csat[csat] += count
        if nps_score is not None:
            nps_answers[key][nps_score] += count
            all_nps[nps_score] += count
    by_key = {
        key: {
            "responses": responses.get(key, 0),
            "csat_pct": csat_pct(csat_answers.get(key, {})),
            "nps": nps(nps_answers.get(key, {})),
        }
        for key in [*keys, *(key for key in responses if key not in keys)]
    }
    return {
        "responses": sum(responses.values()),
        "csat_pct": csat_pct(all_csat),
        "nps": nps(all_nps),
        "by_key": by_key,
    }


def interval_for_stage(stage, intervals, default):
    """Days between visits for a customer at lifecycle ``stage``.

    ``intervals`` maps stages to days; a stage without a positive interval
    (or no stage) uses ``default``.
    """
    days = intervals.get(stage) if stage else None
    return days if days and days > 0 else default


def next_visit_due(interval_days, last_done=None, scheduled_next=None, since=None):
    """The day a customer is next due for a visit (see the module's docstring).

    ``scheduled_next``: the next visit date agreed at the last done visit;
    ``last_done``: that visit's date; ``since``: when it became a customer.
    Returns ``None`` when there is nothing to count from.
    """
    if scheduled_next:
        return scheduled_next
    anchor = last_done or since
    if anchor is None:
        return None
    return anchor + timedelta(days=interval_days)


def is_due(today, interval_days, last_done=None, scheduled_next=None, since=None):
    """True when the customer's next visit is due on or before ``today``."""
    due = next_visit_due(interval_days, last_done, scheduled_next, since)
    return due is not None and due <= today
