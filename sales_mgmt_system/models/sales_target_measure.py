import threading
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import split_every

from ..core import periods as period_core
from ..core import targets as target_core

REFRESH_BATCH_SIZE = 200
DEFAULT_CAUTION_THRESHOLD = 90.0
DEFAULT_OFF_TRACK_THRESHOLD = 75.0


class SalesTarget(models.Model):
    """The measuring engine of the targets: actuals, pace, forecasts and the
    off-track alert, and the period figures that commissions, reviews and
    awards read. The targets' configuration (fields, rules, decomposition,
    allocation, confirm and close) is in ``sales_target.py``."""

    _inherit = "sales.target"

    # ------------------------------------------------------------------
    # Measuring: a fixed number of queries whatever the number of targets
    # ------------------------------------------------------------------

    def action_refresh(self):
        """Measure again now. Whoever may read a target may refresh it: the
        measures it writes are facts about documents, not decisions."""
        self.check_access("read")
        self.sudo()._refresh_targets()
        return True

    @api.model
    def _cron_refresh_targets(self):
        open_targets = self.search([("state", "=", "confirmed")])
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        done = 0
        for batch_ids in split_every(REFRESH_BATCH_SIZE, open_targets.ids):
            self.browse(batch_ids)._refresh_targets()
            done += len(batch_ids)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(open_targets) - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _refresh_targets(self, today=None):
        """Measure the targets: actuals, achievement, forecasts and pace.

        Targets are grouped by what they measure; each group costs one query
        for the actuals and one for the pipeline, whatever its size. ``today``
        defaults to the day it is in each target's company.
        """
        caution, off_track = self._pace_thresholds()
        groups = defaultdict(lambda: self.browse())
        for target in self:
            owner_field, _owner = target._owner()
            groups[(target.measure, target.revenue_source, owner_field, target.company_id)] |= (
                target
            )
        turned_off_track = self.browse()
        Measure = self.env["sales.mgmt.measure"]
        for (measure, source, owner_field, company), targets in groups.items():
            company_today = today or Measure._company_today(company)
            date_from = min(targets.mapped("date_start"))
            date_to = max(targets.mapped("date_end"))
            owner_ids = targets.mapped(owner_field).ids
            daily = Measure._measure_daily_values(
                measure,
                date_from,
                date_to,
                owner_field=owner_field,
                owner_ids=owner_ids,
                revenue_source=source,
                company=company,
            )
            pipeline = self._pipeline_by_owner_day(
                measure, date_from, date_to, owner_field, owner_ids, company
            )
            # Indexed by owner once, so each target reads only its owner's days.
            daily_by_owner = self._daily_by_owner(daily)
            pipeline_by_owner = self._daily_by_owner(pipeline)
            for target in targets:
                owner_id = target[owner_field].id
                if target._apply_measures(
                    daily_by_owner.get(owner_id, {}),
                    pipeline_by_owner.get(owner_id, {}),
                    company_today,
                    caution,
                    off_track,
                ):
                    turned_off_track |= target
        turned_off_track._notify_off_track()

    def _apply_measures(self, own_daily, own_pipeline, today, caution, off_track):
        """Write one target's measures; return True when it just turned off track.

        ``own_daily`` and ``own_pipeline`` are the owner's ``{day: value}``.
        """
        self.ensure_one()
        periods = [(line.date_start, line.date_end) for line in self.line_ids]
        *line_actuals, actual = period_core.sum_over_periods(
            own_daily, [*periods, (self.date_start, self.date_end)]
        )
        for line, line_actual in zip(self.line_ids, line_actuals, strict=True):
            line.actual_value = line_actual
        # Today is not over: the pace is measured on the days already elapsed.
        as_of = today - timedelta(days=1)
        curve = [(line.date_start, line.date_end, line.target_value) for line in self.line_ids]
        expected = target_core.expected_to_date(curve, min(as_of, self.date_end))
        open_pipeline = period_core.sum_over_periods(
            own_pipeline, [(max(today, self.date_start), self.date_end)]
        )[0]
        status = target_core.pace_status(actual, expected, caution, off_track)
        was_off_track = self.pace_status == "off_track"
        self.with_context(sales_target_internal=True).write(
            {
                "actual_value": actual,
                "achievement": target_core.achievement(actual, self.target_value),
                "gap_value": self.target_value - actual,
                "expected_value": expected,
                "forecast_value": target_core.run_rate_forecast(
                    actual, self.date_start, self.date_end, as_of
                ),
                "pipeline_forecast": actual + open_pipeline,
                "pace_status": status,
                "refreshed_at": fields.Datetime.now(),
            }
        )
        return status == "off_track" and not was_off_track and self.state == "confirmed"

    @api.model
    def _pipeline_by_owner_day(self, measure, date_from, date_to, owner_field, owner_ids, company):
        """Open opportunities weighted by probability, by owner and deadline day."""
        if measure not in ("revenue", "won_deals"):
            return {}
        domain = [
            ("type", "=", "opportunity"),
            ("active", "=", True),
            ("stage_id.is_won", "=", False),
            ("company_id", "in", (company.id, False)),
            ("date_deadline", ">=", date_from),
            ("date_deadline", "<=", date_to),
            (owner_field, "in", owner_ids),
        ]
        aggregate = "prorated_revenue:sum" if measure == "revenue" else "probability:sum"
        rows = self.env["crm.lead"]._read_group(
            domain, [owner_field, "date_deadline:day"], [aggregate]
        )
        scale = 1.0 if measure == "revenue" else 0.01
        return {(owner.id, day): value * scale for owner, day, value in rows}

    def _notify_off_track(self):
        """One activity for the owner (the team leader for a team) when a target
        turns off track, all created at once.

        The activities skip Odoo's per-activity "assigned to you" message (a
        notification, and an email for those who take them by email, costing
        a dozen queries per target): the responsible sees them in the
        Activities menu and on the target, which they follow from then on.
        """
        if not self or self.env.context.get("mail_activity_automation_skip"):
            return self.env["mail.activity"]
        activity_type = (
            self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
            or self._default_activity_type()
        )
        res_model_id = self.env["ir.model"]._get_id(self._name)
        Measure = self.env["sales.mgmt.measure"]
        vals_list = []
        for target in self:
            responsible = target.user_id or target.team_id.user_id
            if responsible:
                vals_list.append(
                    target._prepare_off_track_activity_vals(
                        responsible,
                        activity_type,
                        res_model_id,
                        Measure._company_today(target.company_id),
                    )
                )
        activities = (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )
        # Refresh every responsible's activity counter (Odoo tells only one).
        activities.user_id._bus_send("mail.activity/updated", {"activity_created": True})
        return activities

    def _prepare_off_track_activity_vals(self, responsible, activity_type, res_model_id, today):
        self.ensure_one()
        return {
            "res_model_id": res_model_id,
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "automated": True,
            "user_id": responsible.id,
            "date_deadline": today,
            "summary": self.env._("Target off track: %(name)s", name=self.name),
            "note": self.env._(
                "%(name)s is at %(achievement)s%% of its target while the plan expects "
                "%(expected)s by today. Review the pipeline and plan the next steps.",
                name=self.name,
                achievement=round(self.achievement, 1),
                expected=round(self.expected_value, self._digits()),
            ),
        }

    # ------------------------------------------------------------------
    # What commissions, reviews and awards read
    # ------------------------------------------------------------------

    @api.model
    def _period_target_values(
        self,
        date_from,
        date_to,
        owner_field="user_id",
        owner_ids=None,
        measure="revenue",
        company=None,
    ):
        """``{owner_id: target value}`` for ``[date_from, date_to]``.

        From confirmed and closed targets: target lines inside the period count
        whole, lines that overlap it count pro rata by days, and targets
        without lines count pro rata over their own dates. A closed target
        counts only on the days that no confirmed target of the same owner and
        measure covers (the confirmed target replaced it).
        """
        values = defaultdict(float)
        for target, _days, value in self._period_target_shares(
            date_from, date_to, owner_field, owner_ids, measure, company
        ):
            values[target[owner_field].id] += value
        return dict(values)

    @api.model
    def _period_attainment_values(
        self, date_from, date_to, owner_field="user_id", owner_ids=None, company=None
    ):
        """``{owner_id: (target_value, actual_value)}`` of revenue over ``[date_from, date_to]``.

        ``target_value`` is what ``_period_target_values`` gives for the
        ``revenue`` measure. ``actual_value`` is the revenue read the way each
        covering target measures it (its ``revenue_source``: confirmed orders,
        posted invoices net of credit notes, or won opportunities), over the
        days that target counts for: its days inside the period, less, for a
        closed target, the days a confirmed target of the same owner covers.
        Days are the company's (``sales.mgmt.measure``). One measure query per
        revenue source present, whatever the number of owners.

        ``owner_field`` is ``user_id`` or ``team_id``; ``owner_ids`` restricts
        the owners (None: all). Owners without a confirmed or closed revenue
        target in the period are absent. The caller computes the attainment
        as ``actual_value / target_value * 100``. Reads targets and documents
        as superuser, like ``_period_target_values``: the caller decides whom
        it shows the figures to.
        """
        company = company or self.env.company
        shares_by_source = defaultdict(list)
        for share in self._period_target_shares(
            date_from, date_to, owner_field, owner_ids, "revenue", company
        ):
            shares_by_source[share[0].revenue_source].append(share)
        Measure = self.env["sales.mgmt.measure"].sudo()
        values = {}
        for source, shares in shares_by_source.items():
            spans = [span for _target, days, _value in shares for span in days]
            by_owner = {}
            if spans:
                daily = Measure._measure_daily_values(
                    "revenue",
                    min(start for start, _end in spans),
                    max(end for _start, end in spans),
                    owner_field=owner_field,
                    owner_ids=list({target[owner_field].id for target, _d, _v in shares}),
                    revenue_source=source,
                    company=company,
                )
                by_owner = self._daily_by_owner(daily)
            for target, days, value in shares:
                owner_id = target[owner_field].id
                actual = sum(period_core.sum_over_periods(by_owner.get(owner_id, {}), days))
                target_total, actual_total = values.get(owner_id, (0.0, 0.0))
                values[owner_id] = (target_total + value, actual_total + actual)
        return values

    @api.model
    def _period_target_shares(self, date_from, date_to, owner_field, owner_ids, measure, company):
        """``[(target, days, value)]`` of the confirmed and closed targets of the period.

        ``days`` are the sub-periods of ``[date_from, date_to]`` the target
        counts for and ``value`` its target over them, pro rata by days of its
        lines (or of its own dates without lines). A closed target does not
        count on the days a confirmed target of the same owner and measure
        covers.
        """
        company = company or self.env.company
        domain = [
            ("state", "in", ("confirmed", "closed")),
            ("measure", "=", measure),
            ("company_id", "=", company.id),
            (owner_field, "!=", False),
            ("date_start", "<=", date_to),
            ("date_end", ">=", date_from),
        ]
        if owner_ids is not None:
            domain.append((owner_field, "in", list(owner_ids)))
        targets = self.sudo().search(domain)
        confirmed_spans = defaultdict(list)
        for target in targets.filtered(lambda t: t.state == "confirmed"):
            confirmed_spans[target[owner_field].id].append((target.date_start, target.date_end))
        shares = []
        for target in targets:
            start, end = max(target.date_start, date_from), min(target.date_end, date_to)
            if target.state == "closed":
                days = period_core.uncovered_periods(
                    start, end, confirmed_spans[target[owner_field].id]
                )
            else:
                days = [(start, end)]
            pieces = [
                (line.date_start, line.date_end, line.target_value) for line in target.line_ids
            ] or [(target.date_start, target.date_end, target.target_value)]
            value = sum(
                period_core.prorate_over(piece_value, piece_start, piece_end, days)
                for piece_start, piece_end, piece_value in pieces
            )
            shares.append((target, days, value))
        return shares

    @staticmethod
    def _daily_by_owner(daily):
        """``{owner_id: {day: value}}`` from ``{(owner_id, day): value}``."""
        by_owner = defaultdict(dict)
        for (owner_id, day), value in daily.items():
            by_owner[owner_id][day] = value
        return by_owner

    @api.model
    def _pace_thresholds(self):
        """(caution, off track) ratios of the expected pace, from Settings."""
        params = self.env["ir.config_parameter"].sudo()
        caution = float(
            params.get_param(
                "sales_mgmt_system.target_caution_threshold", DEFAULT_CAUTION_THRESHOLD
            )
        )
        off_track = float(
            params.get_param(
                "sales_mgmt_system.target_off_track_threshold", DEFAULT_OFF_TRACK_THRESHOLD
            )
        )
        return caution / 100.0, off_track / 100.0
