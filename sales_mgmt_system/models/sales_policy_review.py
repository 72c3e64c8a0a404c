from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from ..core import costs as cost_core
from ..core import review as review_core

# The context key that lets the action methods write the snapshot and state.
WORKFLOW_CONTEXT_KEY = "sales_policy_review_workflow"
_WORKFLOW_TOKEN = object()
WORKFLOW_FIELDS = frozenset({"state", "kpi_snapshot", "snapshot_date"})
# Figures of the snapshot that are percentages, in the order they are shown.
PERCENT_FIGURES = ("attainment", "win_rate", "cost_to_revenue", "csat_pct", "nps")


class SalesPolicyReview(models.Model):
    """A periodic review of the sales management system: the headline figures
    frozen when the review is held, what was found and what will be done."""

    _name = "sales.policy.review"
    _description = "Policy Review"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Review Date",
        required=True,
        default=lambda self: self.env["sales.mgmt.measure"]._company_today(),
        tracking=True,
    )
    date_start = fields.Date(string="Reviewed From", required=True)
    date_end = fields.Date(string="Reviewed To", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Chaired By",
        default=lambda self: self.env.user,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    findings = fields.Html()
    actions = fields.Html(string="Actions Decided")
    kpi_snapshot = fields.Json(
        string="KPI Snapshot",
        readonly=True,
        copy=False,
        help="The headline figures of the reviewed period as they were when the snapshot "
        "was taken; later changes to the data do not alter them.",
    )
    kpi_snapshot_html = fields.Html(
        string="Headline Figures", compute="_compute_kpi_snapshot_html", sanitize=False
    )
    snapshot_date = fields.Datetime(readonly=True, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )

    @api.depends("kpi_snapshot")
    @api.depends_context("lang")
    def _compute_kpi_snapshot_html(self):
        labels = self._snapshot_labels()
        for review in self:
            snapshot = review.kpi_snapshot or {}
            if not snapshot:
                review.kpi_snapshot_html = False
                continue
            rows = Markup()
            for key, label in labels.items():
                if key not in snapshot:
                    continue
                rows += Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>") % (
                    label,
                    review._format_figure(key, snapshot[key]),
                )
            review.kpi_snapshot_html = (
                Markup("<table class='table table-sm o_sales_policy_snapshot'>%s</table>") % rows
            )

    def _snapshot_labels(self):
        return {
            "revenue": self.env._("Revenue"),
            "attainment": self.env._("Target Attainment (%)"),
            "won_deals": self.env._("Won Deals"),
            "lost_deals": self.env._("Lost Deals"),
            "win_rate": self.env._("Win Rate (%)"),
            "costs": self.env._("Sales Costs"),
            "cost_to_revenue": self.env._("Cost-to-Revenue (%)"),
            "csat_pct": self.env._("CSAT (%)"),
            "nps": self.env._("NPS"),
        }

    def _format_figure(self, key, value):
        if value is None:
            return self.env._("n/a")
        if key in ("revenue", "costs"):
            return format_amount(self.env, value, self.currency_id)
        if key in PERCENT_FIGURES:
            return f"{value:.1f}"
        return f"{value:g}"

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for review in self:
            if review.date_end < review.date_start:
                raise UserError(
                    self.env._(
                        "The policy review %(review)s covers %(start)s to %(end)s: set an end "
                        "date on or after the start date.",
                        review=review.name,
                        start=review.date_start,
                        end=review.date_end,
                    )
                )

    # ------------------------------------------------------------------
    # Integrity
    # ------------------------------------------------------------------

    def _workflow(self):
        return self.with_context(**{WORKFLOW_CONTEXT_KEY: _WORKFLOW_TOKEN})

    def _check_workflow_fields(self, fnames):
        if self.env.context.get(WORKFLOW_CONTEXT_KEY) is _WORKFLOW_TOKEN:
            return
        if WORKFLOW_FIELDS.intersection(fnames):
            raise UserError(
                self.env._(
                    "The snapshot and status of a policy review change only through its "
                    "buttons (Take Snapshot, Close Review)."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields(
                fname for fname, value in vals.items() if fname != "state" or value != "draft"
            )
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields(vals)
        if {"date_start", "date_end", "company_id"} & set(vals):
            self._check_draft()
        return super().write(vals)

    def _check_draft(self):
        done = self.filtered(lambda r: r.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "The policy review %(review)s is closed: its period and figures stay as "
                    "they were reviewed.",
                    review=done[0].name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_snapshot(self):
        """Freeze the headline figures of the reviewed period as they are now."""
        self.check_access("write")
        self._check_draft()
        for review in self:
            review._workflow().write(
                {
                    "kpi_snapshot": review._headline_figures(),
                    "snapshot_date": fields.Datetime.now(),
                }
            )
        return True

    def action_done(self):
        """Close the review; it keeps the snapshot it has (taken now if none)."""
        self.check_access("write")
        self._check_draft()
        self.filtered(lambda r: not r.kpi_snapshot).action_snapshot()
        self._workflow().write({"state": "done"})
        return True

    def _headline_figures(self):
        """The figures of the period that the system measures, as plain JSON values.

        Revenue, won and lost deals through ``sales.mgmt.measure`` (confirmed
        orders for revenue); attainment as the salespeople's revenue targets
        measure it (sum of actuals over sum of targets); costs from the cost
        entries; CSAT and NPS from the company's customer feedback. A figure
        without a base (no target, no deal, no revenue, no answer) is ``None``.
        """
        self.ensure_one()
        company, start, end = self.company_id, self.date_start, self.date_end
        Measure = self.env["sales.mgmt.measure"].sudo()

        def total(measure):
            return sum(
                Measure._measure_values(measure, start, end, "user_id", company=company).values()
            )

        revenue = total("revenue")
        won, lost = total("won_deals"), total("lost_deals")
        attainment_values = (
            self.env["sales.target"].sudo()._period_attainment_values(start, end, company=company)
        )
        targeted = sum(target for target, _actual in attainment_values.values())
        reached = sum(actual for _target, actual in attainment_values.values())
        costs = sum(
            amount
            for (amount,) in self.env["sales.cost.entry"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("date", ">=", start),
                    ("date", "<=", end),
                ],
                [],
                ["amount:sum"],
            )
        )
        digits = self.currency_id.decimal_places
        win_rate = review_core.win_rate(won, lost)
        cost_ratio = cost_core.cost_to_revenue(costs, revenue)
        # Policy reviews are for managers, who read all feedback: the company
        # rule alone narrows it to the review's company.
        satisfaction = (
            self.env["sales.feedback"]
            .with_context(allowed_company_ids=company.ids)
            .satisfaction_summary(start, end)
        )
        return {
            "date_start": fields.Date.to_string(start),
            "date_end": fields.Date.to_string(end),
            "currency": self.currency_id.name,
            "revenue": round(revenue, digits),
            "attainment": round(reached / targeted * 100.0, 2) if targeted else None,
            "won_deals": won,
            "lost_deals": lost,
            "win_rate": None if win_rate is None else round(win_rate, 2),
            "costs": round(costs, digits),
            "cost_to_revenue": None if cost_ratio is None else round(cost_ratio, 2),
            "csat_pct": _rounded(satisfaction["csat_pct"]),
            "nps": _rounded(satisfaction["nps"]),
        }


def _rounded(value):
    return None if value is None else round(value, 2)
