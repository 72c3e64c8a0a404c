from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from ..core import periods as period_core
from ..core import targets as target_core

MEASURE_SELECTION = [
    ("revenue", "Revenue"),
    ("won_deals", "Won Deals"),
    ("new_customers", "New Customers"),
    ("csat", "CSAT (%)"),
]
# Changing these on a confirmed target is refused: they are what was agreed.
LOCKED_FIELDS = {
    "user_id",
    "team_id",
    "measure",
    "revenue_source",
    "date_start",
    "date_end",
    "target_value",
    "baseline_value",
    "growth_rate",
    "granularity",
    "split_method",
    "line_ids",
    "parent_id",
    "allocation_weight",
}


class SalesTarget(models.Model):
    """A sales target: its owner, measure, period and numbers, their
    decomposition and allocation, and the confirm and close steps. Measuring
    (refresh, pace, alerts, period figures) is in ``sales_target_measure.py``."""

    _name = "sales.target"
    _description = "Sales Target"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        check_company=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True, index=True)
    measure = fields.Selection(MEASURE_SELECTION, required=True, default="revenue", tracking=True)
    revenue_source = fields.Selection(
        [
            ("order", "Confirmed Sales Orders"),
            ("invoice", "Posted Invoices"),
            ("opportunity", "Won Opportunities"),
        ],
        required=True,
        default="order",
        help="Where revenue is read from: confirmed orders by order date, posted invoices "
        "net of credit notes by invoice date, or won opportunities' expected revenue by "
        "closing date. Untaxed, in the company's currency.",
    )
    date_start = fields.Date(
        string="Start Date",
        required=True,
        tracking=True,
        default=lambda self: (
            self.env["sales.mgmt.measure"]._company_today().replace(month=1, day=1)
        ),
    )
    date_end = fields.Date(
        string="End Date",
        required=True,
        tracking=True,
        default=lambda self: (
            self.env["sales.mgmt.measure"]._company_today().replace(month=12, day=31)
        ),
    )
    baseline_value = fields.Float(
        string="Baseline",
        compute="_compute_baseline_value",
        store=True,
        readonly=False,
        help="The actual of the same owner and measure over the same period one year "
        "earlier, computed when the target is created or its owner, measure or dates "
        "change. You may correct it.",
    )
    baseline_computed = fields.Float(
        string="Last Year's Actual",
        compute="_compute_baseline_value",
        store=True,
        help="The actual of the same owner and measure over the same period one year "
        "earlier, as last measured. A baseline you typed is kept when the dates change.",
    )
    baseline_incomplete = fields.Boolean(
        compute="_compute_baseline_forecast",
        help="The baseline period has not ended yet: its actual is only what was sold so far.",
    )
    baseline_forecast = fields.Float(
        string="Forecast Baseline",
        compute="_compute_baseline_forecast",
        help="The baseline period's run-rate forecast: what it will reach at the pace so far.",
    )
    target_input = fields.Selection(
        [("growth", "Growth Rate"), ("target", "Target")],
        default="growth",
        help="Which of the two the user typed last: the other one follows it.",
    )
    implied_growth = fields.Float(
        string="Growth over Baseline (%)",
        compute="_compute_implied_growth",
        help="The target over the baseline, in percent.",
    )
    allocation_method = fields.Selection(
        [("history", "Last Year's Share"), ("even", "Even Shares")],
        string="Allocate By",
        default="history",
        help="Last Year's Share: each member gets the share of the team's sales they made "
        "over the same period last year (even shares when nobody sold). Even Shares: the "
        "same share for everyone.",
    )
    growth_rate = fields.Float(
        string="Growth Rate (%)",
        help="When set, the target follows the baseline grown by this percentage "
        "(20 means +20%) until the target is confirmed.",
    )
    target_value = fields.Float(
        string="Target",
        compute="_compute_target_value",
        store=True,
        readonly=False,
        recursive=True,
        tracking=True,
    )
    granularity = fields.Selection(
        [("quarter", "Quarter"), ("month", "Month"), ("week", "Week")],
        required=True,
        default="month",
    )
    split_method = fields.Selection(
        [("even", "Even Split"), ("seasonal", "Seasonal Split"), ("manual", "Manual Weights")],
        required=True,
        default="even",
        help="Even: each quarter, month or week weighs the same. Seasonal: weights from "
        "the owner's actuals in the same periods last year. Manual: you set the weights.",
    )
    line_ids = fields.One2many("sales.target.line", "target_id", string="Decomposition", copy=True)
    parent_id = fields.Many2one(
        "sales.target",
        string="Team Target",
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    child_ids = fields.One2many("sales.target", "parent_id", string="Member Targets")
    allocation_weight = fields.Float(
        string="Share (%)", help="Share of the team target allocated to this member."
    )
    allocation_total = fields.Float(
        string="Allocated (%)", compute="_compute_allocation", help="Sum of the members' shares."
    )
    allocation_mismatch = fields.Float(
        string="Unallocated",
        compute="_compute_allocation",
        help="Team target minus the members' targets; must be zero to confirm.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("closed", "Closed")],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    actual_value = fields.Float(string="Actual", readonly=True, copy=False)
    achievement = fields.Float(string="Achievement (%)", readonly=True, copy=False)
    gap_value = fields.Float(
        string="Gap",
        readonly=True,
        copy=False,
        help="What is left to reach the target; negative once the target is beaten.",
    )
    exceeded_value = fields.Float(
        string="Exceeded by",
        compute="_compute_exceeded_value",
        help="How far the actual is above the target.",
    )
    expected_value = fields.Float(
        string="Expected to Date",
        readonly=True,
        copy=False,
        help="What the decomposition expects to be reached by today.",
    )
    forecast_value = fields.Float(
        string="Run-rate Forecast",
        readonly=True,
        copy=False,
        help="The period's total if it goes on at the pace of the days elapsed so far.",
    )
    pipeline_forecast = fields.Float(
        string="Pipeline-weighted Forecast",
        readonly=True,
        copy=False,
        help="Actual plus the open opportunities' expected revenue times their probability "
        "(their count times probability for won deals) with a deadline in the period.",
    )
    pace_status = fields.Selection(
        [("on_track", "On Track"), ("caution", "Caution"), ("off_track", "Off Track")],
        string="Pace",
        readonly=True,
        copy=False,
    )
    refreshed_at = fields.Datetime(string="Refreshed On", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends("user_id", "team_id", "measure", "revenue_source", "date_start", "date_end")
    def _compute_baseline_value(self):
        # Targets that measure the same thing over the same dates share one
        # query (the members of an allocated team target, say).
        groups = defaultdict(lambda: self.browse())
        for target in self:
            if target.state == "draft" and target._has_owner_and_dates():
                owner_field, _owner = target._owner()
                key = (
                    target.measure,
                    target.revenue_source,
                    owner_field,
                    target.company_id,
                    target.date_start,
                    target.date_end,
                )
                groups[key] |= target
        Measure = self.env["sales.mgmt.measure"]
        for (measure, source, owner_field, company, start, end), targets in groups.items():
            values = Measure._measure_values(
                measure,
                period_core.shift_years(start, -1),
                period_core.shift_years(end, -1),
                owner_field=owner_field,
                owner_ids=targets.mapped(owner_field).ids,
                revenue_source=source,
                company=company,
            )
            for target in targets:
                measured = values.get(target[owner_field].id, 0.0)
                # A baseline the user typed (different from what was last measured)
                # is theirs: new dates do not overwrite it, the measure is shown beside.
                typed = (
                    target.baseline_value
                    and float_compare(
                        target.baseline_value, target.baseline_computed, precision_digits=6
                    )
                    != 0
                )
                if not typed:
                    target.baseline_value = measured
                target.baseline_computed = measured

    @api.depends(
        "baseline_value",
        "growth_rate",
        "target_input",
        "allocation_weight",
        "parent_id.target_value",
        "parent_id.child_ids.allocation_weight",
    )
    def _compute_target_value(self):
        drafts = self.filtered(lambda t: t.state == "draft")
        for target in drafts.filtered(
            lambda t: not t.parent_id and t.growth_rate and t.target_input != "target"
        ):
            target.target_value = target_core.grown_value(
                target.baseline_value, target.growth_rate, target._digits()
            )
        # Member targets take their share of the team target; when the shares
        # add up to 100% the members' targets add up to the team's exactly.
        for parent in drafts.parent_id:
            members = parent.child_ids.filtered(lambda t: t.state == "draft")
            weights = members.mapped("allocation_weight")
            digits = parent._digits()
            if weights and abs(sum(weights) - 100.0) < 1e-6:
                amounts = parent._distribute(parent.target_value, weights)
            else:
                amounts = [round(parent.target_value * w / 100.0, digits) for w in weights]
            for member, amount in zip(members, amounts, strict=True):
                member.target_value = amount

    @api.depends("baseline_value", "target_value")
    def _compute_implied_growth(self):
        for target in self:
            target.implied_growth = (
                (target.target_value / target.baseline_value - 1.0) * 100.0
                if target.baseline_value > 0
                else 0.0
            )

    @api.depends("user_id", "team_id", "measure", "revenue_source", "date_start", "date_end")
    def _compute_baseline_forecast(self):
        """Whether the baseline period is still running, and its run-rate forecast."""
        Measure = self.env["sales.mgmt.measure"]
        for target in self:
            target.baseline_incomplete = False
            target.baseline_forecast = 0.0
            if target.state != "draft" or not target._has_owner_and_dates():
                continue
            start = period_core.shift_years(target.date_start, -1)
            end = period_core.shift_years(target.date_end, -1)
            today = Measure._company_today(target.company_id)
            if not start <= today < end:
                continue
            owner_field, owner = target._owner()
            actual = Measure._measure_values(
                target.measure,
                start,
                today,
                owner_field=owner_field,
                owner_ids=owner.ids,
                revenue_source=target.revenue_source,
                company=target.company_id,
            ).get(owner.id, 0.0)
            target.baseline_incomplete = True
            target.baseline_forecast = round(
                target_core.run_rate_forecast(actual, start, end, today), target._digits()
            )

    @api.onchange("target_value")
    def _onchange_target_value(self):
        """Typing a target makes the growth rate follow it."""
        for target in self.filtered(lambda t: not t.parent_id and t.state == "draft"):
            if (
                target.target_value
                and target.baseline_value > 0
                and (
                    float_compare(
                        target.target_value,
                        target_core.grown_value(
                            target.baseline_value, target.growth_rate, target._digits()
                        ),
                        precision_digits=target._digits(),
                    )
                    != 0
                )
            ):
                target.target_input = "target"
                target.growth_rate = round(
                    (target.target_value / target.baseline_value - 1.0) * 100.0, 2
                )

    @api.onchange("growth_rate")
    def _onchange_growth_rate(self):
        """Typing a growth rate makes the target follow it."""
        for target in self.filtered(lambda t: not t.parent_id and t.state == "draft"):
            implied = (
                round((target.target_value / target.baseline_value - 1.0) * 100.0, 2)
                if target.baseline_value > 0
                else None
            )
            if target.growth_rate and implied != round(target.growth_rate, 2):
                target.target_input = "growth"

    def action_use_forecast_baseline(self):
        """Take the baseline period's run-rate forecast as the baseline."""
        for target in self:
            if target.state != "draft" or not target.baseline_incomplete:
                raise UserError(
                    self.env._(
                        "Only a draft target whose baseline period is still running can take "
                        "its forecast as baseline (%(name)s).",
                        name=target.name,
                    )
                )
            target.baseline_value = target.baseline_forecast
            target.message_post(
                body=self.env._(
                    "Baseline set to the forecast of last year's period: %(value)s.",
                    value=target.baseline_forecast,
                )
            )
        return True

    @api.depends("gap_value")
    def _compute_exceeded_value(self):
        for target in self:
            target.exceeded_value = max(0.0, -target.gap_value)

    @api.depends("child_ids.allocation_weight", "child_ids.target_value", "target_value")
    def _compute_allocation(self):
        for target in self:
            target.allocation_total = sum(target.child_ids.mapped("allocation_weight"))
            target.allocation_mismatch = (
                target.target_value - sum(target.child_ids.mapped("target_value"))
                if target.child_ids
                else 0.0
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for target in self:
            if target.date_end < target.date_start:
                raise ValidationError(
                    self.env._(
                        "Target %(name)s ends on %(end)s, before it starts on %(start)s. "
                        "Set an end date on or after the start date.",
                        name=target.name,
                        start=target.date_start,
                        end=target.date_end,
                    )
                )

    @api.constrains("target_value")
    def _check_target_value(self):
        for target in self:
            if target.target_value <= 0:
                raise ValidationError(
                    self.env._(
                        "The target of %(name)s must be greater than zero. Enter a value, "
                        "or a baseline and a growth rate (a member needs a share above 0%%).",
                        name=target.name,
                    )
                )

    @api.constrains("user_id", "team_id")
    def _check_owner(self):
        for target in self:
            if bool(target.user_id) == bool(target.team_id):
                raise ValidationError(
                    self.env._(
                        "Target %(name)s needs exactly one owner: set either a salesperson "
                        "or a sales team, not both.",
                        name=target.name,
                    )
                )

    @api.constrains("state", "user_id", "team_id", "measure", "date_start", "date_end")
    def _check_no_overlapping_confirmed_target(self):
        confirmed = self.filtered(lambda t: t.state == "confirmed")
        if not confirmed:
            return
        # One query for the whole batch (a team target confirms its members too).
        candidates = self.search(
            [
                ("state", "=", "confirmed"),
                ("measure", "in", confirmed.mapped("measure")),
                ("date_start", "<=", max(confirmed.mapped("date_end"))),
                ("date_end", ">=", min(confirmed.mapped("date_start"))),
                "|",
                ("user_id", "in", confirmed.user_id.ids),
                ("team_id", "in", confirmed.team_id.ids),
            ]
        )
        for target in confirmed:
            owner_field, owner = target._owner()
            clash = candidates.filtered(
                lambda other, target=target, owner_field=owner_field, owner=owner: (
                    other != target
                    and other[owner_field] == owner
                    and other.measure == target.measure
                    and other.date_start <= target.date_end
                    and other.date_end >= target.date_start
                )
            )[:1]
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(owner)s already has the confirmed %(measure)s target %(other)s "
                        "from %(start)s to %(end)s, which overlaps %(name)s. Close that "
                        "target or change the dates.",
                        owner=owner.display_name,
                        measure=dict(MEASURE_SELECTION)[target.measure],
                        other=clash.name,
                        start=clash.date_start,
                        end=clash.date_end,
                        name=target.name,
                    )
                )

    @api.constrains("parent_id", "team_id", "user_id")
    def _check_member_allocation(self):
        for target in self.filtered("parent_id"):
            if not target.parent_id.team_id:
                raise ValidationError(
                    self.env._(
                        "Only a team target can be allocated to members (%(name)s).",
                        name=target.name,
                    )
                )
            if not target.user_id:
                raise ValidationError(
                    self.env._(
                        "The member target %(name)s needs a salesperson of team %(team)s.",
                        name=target.name,
                        team=target.parent_id.team_id.name,
                    )
                )

    @api.constrains("allocation_weight")
    def _check_allocation_weight(self):
        for target in self:
            if target.allocation_weight < 0:
                raise ValidationError(
                    self.env._("The share of %(name)s cannot be negative.", name=target.name)
                )

    def write(self, vals):
        locked = LOCKED_FIELDS.intersection(vals)
        if locked and not self.env.context.get("sales_target_internal"):
            confirmed = self.filtered(lambda t: t.state != "draft")
            if confirmed:
                raise UserError(
                    self.env._(
                        "Target %(name)s is %(state)s: its owner, measure, dates and numbers "
                        "are locked. Reset it to draft to change them.",
                        name=confirmed[0].name,
                        state=dict(self._fields["state"].selection)[confirmed[0].state],
                    )
                )
        result = super().write(vals)
        if {"date_start", "date_end", "granularity"} & set(vals):
            # The decomposition no longer fits the period: make it again.
            self.filtered("line_ids").action_generate_lines()
        return result

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _has_owner_and_dates(self):
        self.ensure_one()
        return (self.user_id or self.team_id) and self.date_start and self.date_end

    def _owner(self):
        """``(owner_field, owner record)``."""
        self.ensure_one()
        return ("user_id", self.user_id) if self.user_id else ("team_id", self.team_id)

    def _digits(self):
        """Decimals of the target's numbers: the currency's for revenue, none for
        counts (deals and customers are whole)."""
        self.ensure_one()
        if self.measure == "revenue":
            return (self.currency_id or self.env.company.currency_id).decimal_places
        return 0

    def _distribute(self, total, weights):
        """Split ``total`` by ``weights``: amounts rounded to the currency with the
        remainder on the last one, or whole counts following the weights."""
        self.ensure_one()
        if self.measure == "revenue":
            return target_core.distribute(total, weights, self._digits())
        return target_core.distribute_whole(total, weights)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_generate_lines(self):
        """Decompose each target's period into lines by its granularity and split."""
        for target in self:
            if target.state != "draft":
                raise UserError(
                    self.env._(
                        "Target %(name)s is confirmed: its lines are locked.", name=target.name
                    )
                )
            pieces = period_core.split_period(
                target.date_start, target.date_end, target.granularity
            )
            weights = target._split_weights(pieces)
            target.with_context(sales_target_internal=True).line_ids = [
                fields.Command.clear(),
                *(
                    fields.Command.create(
                        {"date_start": start, "date_end": end, "weight": round(weight, 4)}
                    )
                    for (start, end), weight in zip(pieces, weights, strict=True)
                ),
            ]
        return True

    def _split_weights(self, pieces):
        self.ensure_one()
        even = target_core.even_weights(pieces, self.granularity)
        if self.split_method != "seasonal":
            return even
        owner_field, owner = self._owner()
        actuals = self._last_year_actuals(pieces, owner_field, owner)
        history, filled = target_core.fill_missing_history(actuals)
        weights, used_history = target_core.seasonal_weights(history, even)
        measure = dict(MEASURE_SELECTION)[self.measure].lower()
        if used_history and filled:
            self.message_post(
                body=self.env._(
                    "%(owner)s has no %(measure)s history for the first %(count)s periods "
                    "of last year: each of them weighs the average of the periods with "
                    "history.",
                    owner=owner.display_name,
                    measure=measure,
                    count=filled,
                )
            )
        elif not used_history and self.parent_id.team_id:
            team = self.parent_id.team_id
            team_actuals = self._last_year_actuals(pieces, "team_id", team)
            weights, used_history = target_core.seasonal_weights(team_actuals, even)
            if used_history:
                self.message_post(
                    body=self.env._(
                        "%(owner)s has no %(measure)s in the same periods last year: the "
                        "target follows the seasonal curve of team %(team)s instead.",
                        owner=owner.display_name,
                        measure=measure,
                        team=team.display_name,
                    )
                )
        if not used_history:
            self.message_post(
                body=self.env._(
                    "%(owner)s has no %(measure)s in the same periods last year: the "
                    "target was split evenly instead of seasonally.",
                    owner=owner.display_name,
                    measure=measure,
                )
            )
        return weights

    def _last_year_actuals(self, pieces, owner_field, owner):
        """The actual of ``owner`` in each of ``pieces`` shifted one year back."""
        self.ensure_one()
        last_year = [
            (period_core.shift_years(start, -1), period_core.shift_years(end, -1))
            for start, end in pieces
        ]
        daily = self.env["sales.mgmt.measure"]._measure_daily_values(
            self.measure,
            last_year[0][0],
            last_year[-1][1],
            owner_field=owner_field,
            owner_ids=owner.ids,
            revenue_source=self.revenue_source,
            company=self.company_id,
        )
        return period_core.sum_over_periods(
            {day: value for (_owner_id, day), value in daily.items()}, last_year
        )

    def action_allocate_members(self):
        """Create a member target for each member of the team, with equal shares."""
        for target in self:
            if not target.team_id:
                raise UserError(
                    self.env._(
                        "Only a team target can be allocated to members; %(name)s belongs "
                        "to a salesperson.",
                        name=target.name,
                    )
                )
            if target.state != "draft":
                raise UserError(
                    self.env._(
                        "Target %(name)s is confirmed: reset it to draft first.", name=target.name
                    )
                )
            members = target.team_id.member_ids - target.child_ids.user_id
            if not members:
                raise UserError(
                    self.env._(
                        "Every member of %(team)s already has a share of %(name)s; add members "
                        "to the team first.",
                        team=target.team_id.name,
                        name=target.name,
                    )
                )
            existing = target.child_ids
            users = existing.user_id | members
            weights = target._allocation_weights(users)
            shares = target_core.distribute(100.0, [weights[user.id] for user in users], 2)
            share_of = dict(zip(users.ids, shares, strict=True))
            for member_target in existing:
                member_target.allocation_weight = share_of[member_target.user_id.id]
            created = self.create(
                [
                    target._prepare_member_target_vals(member, share_of[member.id])
                    for member in members
                ]
            )
            created.action_generate_lines()
            target._post_allocation_summary()
        if len(self) == 1:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "success",
                    "message": self.env._(
                        "%(count)s member targets: see the Members tab for each one's share, "
                        "baseline and growth.",
                        count=len(self.child_ids),
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return True

    def _allocation_weights(self, users):
        """``{user_id: weight}``: last year's actual of each member over the same
        period (by ``allocation_method``), or the same weight for all."""
        self.ensure_one()
        if self.allocation_method == "history":
            actuals = self.env["sales.mgmt.measure"]._measure_values(
                self.measure,
                period_core.shift_years(self.date_start, -1),
                period_core.shift_years(self.date_end, -1),
                owner_field="user_id",
                owner_ids=users.ids,
                revenue_source=self.revenue_source,
                company=self.company_id,
            )
            weights = {user.id: max(0.0, actuals.get(user.id, 0.0)) for user in users}
            with_history = [weight for weight in weights.values() if weight > 0]
            if with_history:
                # A member without history (who joined since) is not a zero:
                # they weigh the average of those with history.
                average = sum(with_history) / len(with_history)
                newcomers = users.filtered(lambda user: not weights[user.id])
                if newcomers:
                    self.message_post(
                        body=self.env._(
                            "%(members)s had no %(measure)s over the same period last year: "
                            "each gets the average share of the members who had.",
                            members=", ".join(newcomers.mapped("name")),
                            measure=dict(MEASURE_SELECTION)[self.measure].lower(),
                        )
                    )
                return {user_id: weight or average for user_id, weight in weights.items()}
            self.message_post(
                body=self.env._(
                    "Nobody in %(team)s has %(measure)s over the same period last year: the "
                    "target was allocated in even shares.",
                    team=self.team_id.display_name,
                    measure=dict(MEASURE_SELECTION)[self.measure].lower(),
                )
            )
        return dict.fromkeys(users.ids, 1.0)

    def _post_allocation_summary(self):
        """Log each member's share, target, baseline and growth in the team target's chatter."""
        self.ensure_one()
        rows = Markup().join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(member)s: %(share)s%% = %(target)s (baseline %(baseline)s, %(growth)s%%)",
                member=child.user_id.name,
                share=round(child.allocation_weight, 2),
                target=child.target_value,
                baseline=child.baseline_value,
                growth=round(child.implied_growth, 1),
            )
            for child in self.child_ids
        )
        method = dict(self._fields["allocation_method"]._description_selection(self.env))
        self.message_post(
            body=Markup("%s<ul>%s</ul>")
            % (
                self.env._(
                    "Allocated to the members by %(method)s:",
                    method=method[self.allocation_method or "even"],
                ),
                rows,
            )
        )

    def _prepare_member_target_vals(self, member, share):
        self.ensure_one()
        return {
            "name": f"{self.name} - {member.name}",
            "company_id": self.company_id.id,
            "user_id": member.id,
            "parent_id": self.id,
            "measure": self.measure,
            "revenue_source": self.revenue_source,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "granularity": self.granularity,
            "split_method": self.split_method,
            "allocation_weight": share,
        }

    def action_confirm(self):
        """Lock the targets (and their member targets) and measure them."""
        to_confirm = self | self.child_ids.filtered(lambda t: t.state == "draft")
        for target in to_confirm:
            if target.state != "draft":
                raise UserError(
                    self.env._(
                        "Target %(name)s is not a draft; it cannot be confirmed.", name=target.name
                    )
                )
            if target.child_ids and abs(target.allocation_mismatch) >= 10 ** -target._digits():
                raise UserError(
                    self.env._(
                        "The members' targets of %(name)s add up to %(allocated)s, not "
                        "%(target)s. Adjust their shares until nothing is left unallocated.",
                        name=target.name,
                        allocated=target.target_value - target.allocation_mismatch,
                        target=target.target_value,
                    )
                )
        for target in to_confirm.filtered(lambda t: not t.line_ids):
            target.action_generate_lines()
        to_confirm.with_context(sales_target_internal=True).write({"state": "confirmed"})
        to_confirm._refresh_targets()
        return True

    def action_close(self):
        for target in self:
            if target.state != "confirmed":
                raise UserError(
                    self.env._(
                        "Only a confirmed target can be closed (%(name)s).", name=target.name
                    )
                )
        self._refresh_targets()
        self.write({"state": "closed"})
        return True

    def action_reset_to_draft(self):
        self.write({"state": "draft"})
        return True


class SalesTargetLine(models.Model):
    _name = "sales.target.line"
    _description = "Sales Target Line"
    _order = "target_id, date_start"

    target_id = fields.Many2one(
        "sales.target", string="Sales Target", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="target_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="target_id.currency_id")
    measure = fields.Selection(related="target_id.measure", store=True)
    user_id = fields.Many2one(related="target_id.user_id", store=True)
    team_id = fields.Many2one(related="target_id.team_id", store=True)
    owner_level = fields.Selection(
        [("team", "Team Target"), ("individual", "Individual Target")],
        string="Level",
        compute="_compute_owner",
        store=True,
        help="Team targets and their members' targets are counted apart: adding them "
        "would count the same sales twice.",
    )
    owner_team_id = fields.Many2one(
        "crm.team",
        string="Team",
        compute="_compute_owner",
        store=True,
        help="The team of a team target, or of the team target a member target comes from.",
    )
    date_start = fields.Date(string="Start Date", required=True)
    date_end = fields.Date(string="End Date", required=True)
    weight = fields.Float(default=1.0, digits=(16, 4))
    target_value = fields.Float(
        string="Target", compute="_compute_target_value", store=True, aggregator="sum"
    )
    actual_value = fields.Float(string="Actual", readonly=True, aggregator="sum")
    achievement = fields.Float(
        string="Achievement (%)", compute="_compute_achievement", store=True, aggregator="avg"
    )

    @api.depends("target_id.team_id", "target_id.parent_id.team_id")
    def _compute_owner(self):
        for line in self:
            target = line.target_id
            line.owner_level = "team" if target.team_id else "individual"
            line.owner_team_id = target.team_id or target.parent_id.team_id

    @api.depends("weight", "target_id.target_value", "target_id.line_ids.weight")
    def _compute_target_value(self):
        for target in self.target_id:
            lines = target.line_ids.sorted("date_start")
            weights = lines.mapped("weight")
            if sum(weights) <= 0 or any(weight < 0 for weight in weights):
                lines.target_value = 0.0  # refused on save by _check_weights
                continue
            amounts = target._distribute(target.target_value, weights)
            for line, amount in zip(lines, amounts, strict=True):
                line.target_value = amount

    def write(self, vals):
        if {"weight", "date_start", "date_end", "target_id"} & set(vals):
            locked = self.target_id.filtered(lambda t: t.state != "draft")
            if locked and not self.env.context.get("sales_target_internal"):
                raise UserError(
                    self.env._(
                        "Target %(name)s is confirmed: its decomposition is locked. Reset it "
                        "to draft to change it.",
                        name=locked[0].name,
                    )
                )
        return super().write(vals)

    @api.depends("actual_value", "target_value")
    def _compute_achievement(self):
        for line in self:
            line.achievement = target_core.achievement(line.actual_value, line.target_value)

    @api.constrains("weight", "date_start", "date_end")
    def _check_weights(self):
        for target in self.target_id:
            weights = target.line_ids.mapped("weight")
            if any(weight < 0 for weight in weights) or sum(weights) <= 0:
                raise ValidationError(
                    self.env._(
                        "The weights of %(name)s must be zero or more and add up to more "
                        "than zero. Give at least one period a positive weight.",
                        name=target.name,
                    )
                )
            lines = target.line_ids.sorted("date_start")
            expected_start = target.date_start
            for line in lines:
                if line.date_start != expected_start or line.date_end < line.date_start:
                    raise ValidationError(
                        self.env._(
                            "The lines of %(name)s must cover %(start)s to %(end)s without "
                            "gap or overlap; generate them again.",
                            name=target.name,
                            start=target.date_start,
                            end=target.date_end,
                        )
                    )
                expected_start = fields.Date.add(line.date_end, days=1)
            if lines and lines[-1].date_end != target.date_end:
                raise ValidationError(
                    self.env._(
                        "The lines of %(name)s must end on %(end)s; generate them again.",
                        name=target.name,
                        end=target.date_end,
                    )
                )
