"""Stage-gate and funnel arithmetic of the sales process (PRODUCT.md §2).

Stages are plain ``(stage_id, sequence)`` pairs; steps and checklists are
plain ids. The Odoo models read them with one query each and call these
functions, so that the rules are tested without a database.
"""

SECONDS_PER_DAY = 86400.0


def is_forward(from_sequence, to_sequence) -> bool:
    """A forward move goes to a stage of strictly higher sequence."""
    if from_sequence is None or to_sequence is None:
        return False
    return to_sequence > from_sequence


def stages_passed(stages, from_id, to_id) -> list:
    """Ids of the stages a move from ``from_id`` to ``to_id`` goes past.

    ``stages`` are the ``(stage_id, sequence)`` pairs of the lead's pipeline.
    A forward move passes the stage it leaves and every stage of the pipeline
    strictly between the two sequences (the stages it skips). Backward and
    sideways moves, and moves from or to no stage, pass nothing.
    """
    sequence_of = dict(stages)
    if from_id not in sequence_of or to_id not in sequence_of:
        return []
    low, high = sequence_of[from_id], sequence_of[to_id]
    if not is_forward(low, high):
        return []
    skipped = sorted(
        (sequence, stage_id)
        for stage_id, sequence in stages
        if low < sequence < high and stage_id not in (from_id, to_id)
    )
    return [from_id] + [stage_id for _sequence, stage_id in skipped]


def missing_required_steps(passed_stage_ids, required_steps, done_step_ids) -> list:
    """The required steps of the passed stages that are not done, in stage order.

    ``required_steps`` maps a stage id to the ordered ids of its required
    steps; ``done_step_ids`` is the set of step ids the lead has ticked.
    """
    done = set(done_step_ids)
    return [
        step_id
        for stage_id in passed_stage_ids
        for step_id in required_steps.get(stage_id, ())
        if step_id not in done
    ]


def days_between(start, end) -> float:
    """Days (with a fraction) from the ``start`` datetime to ``end``, never negative."""
    if not start or not end:
        return 0.0
    return max((end - start).total_seconds() / SECONDS_PER_DAY, 0.0)


def is_overdue(days_in_stage, max_days) -> bool:
    """A lead is overdue once it stayed longer than its stage allows (0: no limit)."""
    return bool(max_days) and max_days > 0 and days_in_stage > max_days


def percent(part, whole, digits=2) -> float:
    """``part`` as a percentage of ``whole`` (0 when there is nothing to divide)."""
    if not whole:
        return 0.0
    return round(100.0 * part / whole, digits)


def spread_datetimes(start, end, count) -> list:
    """``count`` datetimes from ``start`` to before ``end``, evenly spaced.

    The first is ``start``; the others divide the time up to ``end`` in equal
    parts, so that the last entry leaves time before ``end``. Used to date the
    stage changes of a lead between its creation and today (or its closing).
    """
    if count <= 0:
        return []
    if not end or end <= start:
        return [start] * count
    step = (end - start) / count
    return [start + step * index for index in range(count)]
