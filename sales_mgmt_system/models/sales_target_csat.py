from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core import feedback as feedback_core
from ..core import periods as period_core
from ..core import targets as target_core


class SalesTarget(models.Model):
    """The ``csat`` measure: a CSAT level (percent of satisfied answers) to
    reach over the period, read from customer feedback.

    A level does not add up like revenue: every line of its decomposition
    carries the target level itself, a line's actual is the CSAT % of the
    answers dated in it, and the target's actual is the CSAT % of all the
    answers of the period so far. Its pace compares that actual with the
    target level; without answers yet it has no pace.
    """

    _inherit = "sales.target"

    @api.constrains("measure", "target_value")
    def _check_csat_target_value(self):
        for target in self.filtered(lambda t: t.measure == "csat"):
            if target.target_value > 100:
                raise ValidationError(
                    self.env._(
                        "The CSAT target of %(name)s is a percentage of satisfied answers: "
                        "enter a value from 1 to 100.",
                        name=target.name,
                    )
                )

    def _compute_baseline_value(self):
        csat = self.filtered(lambda t: t.measure == "csat")
        result = super(SalesTarget, self - csat)._compute_baseline_value()
        Measure = self.env["sales.mgmt.measure"]
        for target in csat:
            if target.state != "draft" or not target._has_owner_and_dates():
                continue
            owner_field, owner = target._owner()
            figures = Measure._satisfaction_values(
                period_core.shift_years(target.date_start, -1),
                period_core.shift_years(target.date_end, -1),
                owner_field=owner_field,
                owner_ids=owner.ids,
                company=target.company_id,
            )
            target.baseline_value = figures.get(owner.id, {}).get("csat_pct") or 0.0
        return result

    def _split_weights(self, pieces):
        # A level is not spread over the period: every line carries it.
        if self.measure == "csat":
            return target_core.even_weights(pieces, self.granularity)
        return super()._split_weights(pieces)

    def action_allocate_members(self):
        if self.filtered(lambda t: t.measure == "csat"):
            raise UserError(
                self.env._(
                    "A CSAT target is a level, not an amount to share out: give each "
                    "member their own CSAT target instead of allocating the team's."
                )
            )
        return super().action_allocate_members()

    def _refresh_targets(self, today=None):
        csat = self.filtered(lambda t: t.measure == "csat")
        result = super(SalesTarget, self - csat)._refresh_targets(today=today)
        if csat:
            csat._refresh_csat_targets(today)
        return result

    def _refresh_csat_targets(self, today=None):
        """One grouped query per owner kind and company: CSAT answers by owner and day."""
        caution, off_track = self._pace_thresholds()
        Measure = self.env["sales.mgmt.measure"]
        groups = defaultdict(lambda: self.browse())
        for target in self:
            groups[(target._owner()[0], target.company_id)] |= target
        turned_off_track = self.browse()
        for (owner_field, company), targets in groups.items():
            company_today = today or Measure._company_today(company)
            answers = self._csat_answers_by_owner_day(
                owner_field,
                targets.mapped(owner_field).ids,
                min(targets.mapped("date_start")),
                max(targets.mapped("date_end")),
                company,
            )
            for target in targets:
                own = answers.get(target[owner_field].id, {})
                if target._apply_csat(own, company_today, caution, off_track):
                    turned_off_track |= target
        turned_off_track._notify_off_track()

    def _csat_answers_by_owner_day(self, owner_field, owner_ids, date_from, date_to, company):
        """``{owner_id: {day: {csat: count}}}`` of the feedback in the period."""
        rows = (
            self.env["sales.feedback"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("csat", "!=", False),
                    (owner_field, "in", owner_ids),
                ],
                [owner_field, "date:day", "csat"],
                ["__count"],
            )
        )
        answers = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        for owner, day, csat, count in rows:
            answers[owner.id][day][int(csat)] += count
        return answers

    @staticmethod
    def _csat_over(own, start, end):
        counts = defaultdict(int)
        for day, by_score in own.items():
            if start <= day <= end:
                for score, count in by_score.items():
                    counts[score] += count
        return feedback_core.csat_pct(counts)

    def _apply_csat(self, own, today, caution, off_track):
        """Write one CSAT target's measures; return True when it just turned off track."""
        self.ensure_one()
        for line in self.line_ids:
            line.actual_value = self._csat_over(own, line.date_start, line.date_end) or 0.0
        actual = self._csat_over(own, self.date_start, min(today, self.date_end))
        status = False
        if actual is not None and today > self.date_start:
            status = target_core.pace_status(actual, self.target_value, caution, off_track)
        was_off_track = self.pace_status == "off_track"
        self.with_context(sales_target_internal=True).write(
            {
                "actual_value": actual or 0.0,
                "achievement": target_core.achievement(actual or 0.0, self.target_value),
                "gap_value": self.target_value - (actual or 0.0),
                "expected_value": self.target_value,
                "forecast_value": actual or 0.0,
                "pipeline_forecast": actual or 0.0,
                "pace_status": status,
                "refreshed_at": fields.Datetime.now(),
            }
        )
        return status == "off_track" and not was_off_track and self.state == "confirmed"


class SalesTargetLine(models.Model):
    _inherit = "sales.target.line"

    def _compute_target_value(self):
        csat = self.filtered(lambda line: line.target_id.measure == "csat")
        result = super(SalesTargetLine, self - csat)._compute_target_value()
        for line in csat:
            line.target_value = line.target_id.target_value
        return result
