from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core import feedback as feedback_core

SOURCES = [
    ("survey", "Survey"),
    ("visit", "Follow-up Visit"),
    ("online_review", "Online Review"),
    ("ticket", "After-sales Ticket"),
    ("phone", "Phone"),
]
CATEGORIES = [
    ("product_quality", "Product Quality"),
    ("service", "Service"),
    ("price", "Price"),
    ("after_sales", "After-sales"),
    ("delivery", "Delivery"),
]
CSAT_SELECTION = [(str(score), str(score)) for score in feedback_core.CSAT_VALUES]
NPS_SELECTION = [(str(score), str(score)) for score in feedback_core.NPS_VALUES]


def _score(value):
    """The stored selection key ('0'-'10') as an int, ``None`` when not answered."""
    return int(value) if value else None


class SalesFeedback(models.Model):
    """What a customer said: a CSAT and/or NPS answer and a comment, from a
    survey, a visit, an online review, a ticket or a phone call.

    Negative feedback (CSAT 2 or less, NPS 6 or less) gets one follow-up
    activity for the customer's salesperson as soon as it is recorded.
    """

    _name = "sales.feedback"
    _description = "Customer Feedback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
        help="Who follows the feedback up: the customer's salesperson unless you choose "
        "someone else.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(
        required=True,
        index=True,
        default=lambda self: self.env["sales.mgmt.measure"]._company_today(),
    )
    source = fields.Selection(SOURCES, required=True, default="survey")
    category = fields.Selection(CATEGORIES, required=True, default="service", index=True)
    csat = fields.Selection(
        CSAT_SELECTION,
        string="CSAT",
        help="Customer satisfaction from 1 (very dissatisfied) to 5 (very satisfied). "
        "Empty when not asked.",
    )
    nps = fields.Selection(
        NPS_SELECTION,
        string="NPS",
        help="How likely the customer is to recommend us, from 0 to 10: 9-10 promoters, "
        "0-6 detractors. Empty when not asked; 0 is an answer.",
    )
    comment = fields.Text()
    sentiment = fields.Selection(
        [("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")],
        compute="_compute_sentiment",
        store=True,
        readonly=False,
        help="Follows the scores (CSAT 2 or less or NPS 6 or less: negative; CSAT 4-5 or "
        "NPS 9-10: positive); set it yourself for a comment without scores.",
    )
    state = fields.Selection(
        [("new", "New"), ("in_progress", "In Progress"), ("done", "Done")],
        string="Status",
        default="new",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    action_taken = fields.Text(string="Action Taken", tracking=True)
    visit_id = fields.Many2one(
        "sales.visit", string="Visit", index="btree_not_null", check_company=True
    )
    follow_up_planned = fields.Boolean(
        string="Follow-up Planned",
        readonly=True,
        copy=False,
        help="Negative feedback gets one follow-up activity for its salesperson, once.",
    )

    @api.depends("partner_id")
    def _compute_user_id(self):
        for feedback in self:
            feedback.user_id = feedback.partner_id.commercial_partner_id.user_id or feedback.user_id

    @api.depends("user_id")
    def _compute_team_id(self):
        for feedback in self:
            feedback.team_id = feedback.user_id.sale_team_id

    @api.depends("csat", "nps")
    def _compute_sentiment(self):
        for feedback in self:
            computed = feedback_core.sentiment(_score(feedback.csat), _score(feedback.nps))
            feedback.sentiment = computed or feedback.sentiment

    @api.depends("partner_id", "date", "category")
    def _compute_display_name(self):
        categories = dict(self._fields["category"]._description_selection(self.env))
        for feedback in self:
            feedback.display_name = self.env._(
                "%(customer)s, %(category)s, %(date)s",
                customer=feedback.partner_id.display_name or "",
                category=categories.get(feedback.category, ""),
                date=fields.Date.to_string(feedback.date) if feedback.date else "",
            )

    # ------------------------------------------------------------------
    # Scores: clear refusals, ints accepted over RPC
    # ------------------------------------------------------------------

    def _normalize_scores(self, vals):
        """Store the scores as their selection keys; refuse out-of-range ones clearly.

        Accepts ints (RPC) and strings; empty means "not asked".
        """
        for fname, allowed in (
            ("csat", feedback_core.CSAT_VALUES),
            ("nps", feedback_core.NPS_VALUES),
        ):
            if fname not in vals:
                continue
            value = vals[fname]
            if value is None or value is False or value == "":
                vals[fname] = False
                continue
            text = str(value).strip()
            if not text.isdigit() or int(text) not in allowed or isinstance(value, bool):
                raise ValidationError(self._score_error(fname, value))
            vals[fname] = str(int(text))
        return vals

    def _score_error(self, fname, value):
        if fname == "csat":
            return self.env._(
                "CSAT is a whole number from 1 to 5 (got %(value)s): correct it, or leave "
                "it empty when the customer was not asked.",
                value=value,
            )
        return self.env._(
            "NPS is a whole number from 0 to 10 (got %(value)s): correct it, or leave it "
            "empty when the customer was not asked.",
            value=value,
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_scores(vals)
        feedback = super().create(vals_list)
        feedback._plan_negative_follow_up()
        return feedback

    def write(self, vals):
        if "state" in vals and not self.env.context.get("sales_feedback_internal"):
            raise UserError(
                self.env._(
                    "The status of feedback changes with its buttons: Start, Done or Reopen."
                )
            )
        self._normalize_scores(vals)
        result = super().write(vals)
        if {"csat", "nps"} & set(vals):
            self._plan_negative_follow_up()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _set_state(self, state, allowed_from):
        if self.filtered(lambda f: f.state not in allowed_from):
            raise UserError(
                self.env._("This step does not apply to feedback in its current status.")
            )
        self.check_access("write")
        self.with_context(sales_feedback_internal=True).write({"state": state})
        return True

    def action_start(self):
        return self._set_state("in_progress", ("new",))

    def action_done(self):
        return self._set_state("done", ("new", "in_progress"))

    def action_reopen(self):
        return self._set_state("in_progress", ("done",))

    # ------------------------------------------------------------------
    # Negative feedback follow-up
    # ------------------------------------------------------------------

    def _plan_negative_follow_up(self):
        """One activity for the salesperson of each negative feedback, once."""
        todo = self.filtered(
            lambda f: (
                not f.follow_up_planned
                and f.user_id
                and feedback_core.is_negative(_score(f.csat), _score(f.nps))
            )
        )
        if not todo:
            return self.env["mail.activity"]
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        res_model_id = self.env["ir.model"]._get_id(self._name)
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create([f._prepare_follow_up_vals(activity_type, res_model_id) for f in todo])
        )
        todo.sudo().write({"follow_up_planned": True})
        activities.user_id._bus_send("mail.activity/updated", {"activity_created": True})
        return activities

    def _prepare_follow_up_vals(self, activity_type, res_model_id):
        self.ensure_one()
        return {
            "res_model_id": res_model_id,
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "automated": True,
            "user_id": self.user_id.id,
            "date_deadline": self.env["sales.mgmt.measure"]._company_today(self.company_id),
            "summary": self.env._("Follow up negative feedback"),
            "note": self.env._(
                "%(customer)s gave negative feedback: call them, find out what went wrong "
                "and record the action taken.",
                customer=self.partner_id.display_name,
            ),
        }

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    @api.model
    def satisfaction_summary(self, date_from, date_to):
        """CSAT % and NPS of the feedback the caller may read, dated in
        ``[date_from, date_to]``, overall and per category, from one grouped
        query: ``{"responses", "csat_pct", "nps", "by_category": {category:
        {"responses", "csat_pct", "nps"}}}``. A figure without answers is
        ``None``; every category is listed."""
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        if not date_from or not date_to or date_from > date_to:
            raise UserError(
                self.env._("Give the period as a start date on or before its end date.")
            )
        rows = self._read_group(
            [("date", ">=", date_from), ("date", "<=", date_to)],
            ["category", "csat", "nps"],
            ["__count"],
        )
        summary = feedback_core.summarize(
            [(category, _score(csat), _score(nps), count) for category, csat, nps, count in rows],
            keys=[code for code, _label in CATEGORIES],
        )
        return {
            "responses": summary["responses"],
            "csat_pct": summary["csat_pct"],
            "nps": summary["nps"],
            "by_category": summary["by_key"],
        }
