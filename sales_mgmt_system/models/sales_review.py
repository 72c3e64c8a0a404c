import logging
import threading
from collections import defaultdict

from babel.dates import format_interval, format_skeleton
from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import split_every
from odoo.tools.misc import babel_locale_parse, get_lang

from ..core.review import (
    LOWER_IS_BETTER,
    Band,
    average,
    average_days,
    band_for,
    kpi_score,
    period_kind,
    previous_month,
    weighted_total,
    win_rate,
)
from .sales_review_template import KPI_SELECTION

_logger = logging.getLogger(__name__)

# Reviews the scheduled action drafts and commits at a time.
REVIEW_BATCH_SIZE = 200

# Written only by the workflow's action methods (see ``_workflow``): the
# status, its dates and the score the reviewed person signs off.
WORKFLOW_FIELDS = frozenset(
    {
        "state",
        "computed_date",
        "submitted_date",
        "acknowledged_date",
        "total_score",
        "grade_id",
        "grade",
    }
)
# What the review measures: fixed once submitted.
MEASURED_FIELDS = frozenset(
    {
        "user_id",
        "team_id",
        "company_id",
        "template_id",
        "date_start",
        "date_end",
        "line_ids",
    }
)
# What the reviewer writes: fixed once the reviewed person has acknowledged.
FEEDBACK_FIELDS = frozenset({"reviewer_id", "strengths", "improvements", "manager_feedback"})
# The context key that lets the action methods write the workflow fields. Its
# value is this private object, which no RPC call can send: a client passing
# the key in its context gets nothing.
WORKFLOW_CONTEXT_KEY = "sales_review_workflow"
_WORKFLOW_TOKEN = object()
# How each kind of period is named (CLDR skeletons: each language orders them).
PERIOD_SKELETONS = {"month": "yMMMM", "quarter": "yQQQ", "year": "y"}


def format_period(env, date_from, date_to):
    """The period named in the reader's language ("March 2025", "2025年3月")."""
    locale = babel_locale_parse(get_lang(env).code)
    kind = period_kind(date_from, date_to)
    if kind == "range":
        return format_interval(date_from, date_to, "yMMMd", locale=locale)
    return format_skeleton(PERIOD_SKELETONS[kind], date_from, locale=locale)


class SalesReview(models.Model):
    """A salesperson's performance over a period, scored on the KPIs of a template."""

    _name = "sales.review"
    _description = "Performance Review"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, user_id, id"
    _check_company_auto = True
    # Named in each reader's language at display time (_compute_display_name).
    _rec_names_search = ["user_id", "team_id"]
    # The reviewed person reads the review and answers in the chatter.
    _mail_post_access = "read"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
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
    reviewer_id = fields.Many2one(
        "res.users",
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    template_id = fields.Many2one(
        "sales.review.template",
        required=True,
        check_company=True,
        default=lambda self: self._default_template(),
    )
    date_start = fields.Date(
        string="From", required=True, default=lambda self: self._default_period()[0]
    )
    date_end = fields.Date(
        string="To", required=True, default=lambda self: self._default_period()[1]
    )
    line_ids = fields.One2many("sales.review.line", "review_id", string="KPIs")
    total_score = fields.Float(
        compute="_compute_total_score",
        store=True,
        digits=(16, 1),
        aggregator="avg",
        help="Weighted average of the KPI scores; 100 means every target met. KPIs that "
        "cannot be scored (no target, nothing to measure) are left out. Fixed when the "
        "review is submitted.",
    )
    grade_id = fields.Many2one(
        "sales.review.grade", compute="_compute_total_score", store=True, string="Grade Band"
    )
    # The band's name as it was: submitted reviews keep it when the band changes or goes.
    grade = fields.Char(compute="_compute_total_score", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("acknowledged", "Acknowledged")],
        default="draft",
        group_expand=True,
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    strengths = fields.Html()
    improvements = fields.Html(string="Areas for Improvement")
    manager_feedback = fields.Html()
    self_assessment = fields.Html(
        copy=False,
        help="The salesperson's own view of the period, written after the review is "
        "submitted and before acknowledging it.",
    )
    computed_date = fields.Datetime(string="KPIs Computed On", readonly=True, copy=False)
    submitted_date = fields.Datetime(readonly=True, copy=False)
    acknowledged_date = fields.Datetime(readonly=True, copy=False)
    is_reviewed_user = fields.Boolean(compute="_compute_user_role")
    can_review = fields.Boolean(compute="_compute_user_role")

    _sql_constraints = [
        (
            "review_unique",
            "unique(user_id, template_id, date_start, date_end)",
            "This salesperson already has a review with this template for this period: "
            "open the existing review instead of creating another one.",
        ),
        (
            "period_order",
            "check(date_start <= date_end)",
            "A review period must end on or after the day it starts.",
        ),
    ]

    def _default_template(self):
        return self.env["sales.review.template"].search(
            [("is_default", "=", True), ("company_id", "=", self.env.company.id)], limit=1
        )

    def _default_period(self):
        return previous_month(self.env["sales.mgmt.measure"]._company_today())

    @api.depends_context("lang")
    @api.depends("user_id.name", "date_start", "date_end")
    def _compute_display_name(self):
        for review in self:
            if not (review.date_start and review.date_end):
                review.display_name = review.user_id.name or ""
                continue
            review.display_name = self.env._(
                "%(user)s, %(period)s",
                user=review.user_id.name or "",
                period=format_period(self.env, review.date_start, review.date_end),
            )

    @api.depends("user_id")
    def _compute_team_id(self):
        for review in self:
            review.team_id = review.user_id.sale_team_id

    @api.depends(
        "state",
        "line_ids.score",
        "line_ids.is_scored",
        "line_ids.weight",
        "template_id.grade_ids.min_score",
        "template_id.grade_ids.max_score",
        "template_id.grade_ids.name",
    )
    def _compute_total_score(self):
        for review in self:
            if review.state != "draft":
                # Submitted: the score and grade stay those the review was submitted with.
                continue
            total = weighted_total(
                (line.weight, line.score if line.is_scored else None) for line in review.line_ids
            )
            bands = [Band(g, g.min_score, g.max_score) for g in review.template_id.grade_ids]
            grade = band_for(total, bands) or self.env["sales.review.grade"]
            review.total_score = total or 0.0
            review.grade_id = grade
            review.grade = grade.name

    @api.depends_context("uid")
    @api.depends("user_id", "team_id")
    def _compute_user_role(self):
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        for review in self:
            review.is_reviewed_user = review.user_id == self.env.user
            review.can_review = not review.user_id or (
                not review.is_reviewed_user and (is_manager or self.env.user in review._leaders())
            )

    def _leaders(self):
        """Leaders of the teams the reviewed salespeople belong to."""
        return self.user_id.sudo().crm_team_member_ids.crm_team_id.user_id

    @api.model
    def _may_create_reviews(self):
        """Whether the current user may create reviews: managers and team leaders."""
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return True
        return bool(self.env["crm.team"].sudo().search_count([("user_id", "=", self.env.uid)]))

    @api.model
    def get_view(self, view_id=None, view_type="form", **options):
        """Show "New" and "Create Team Reviews" only to those the rules let create reviews.

        The access rights let every salesperson create (a team leader is one),
        and the record rules refuse those who lead no team: hide what they
        could not do rather than fail when they try.
        """
        result = super().get_view(view_id, view_type, **options)
        if view_type in ("list", "kanban", "form") and not self._may_create_reviews():
            node = etree.fromstring(result["arch"])
            node.set("create", "0")
            for button in node.xpath("//header/button[@name='action_open_batch_wizard']"):
                button.getparent().remove(button)
            result["arch"] = etree.tostring(node, encoding="unicode")
        return result

    # ------------------------------------------------------------------
    # Integrity: the workflow fields change through the actions only
    # ------------------------------------------------------------------

    def _workflow(self):
        """``self`` allowed to write the workflow fields: for the action methods only."""
        return self.with_context(**{WORKFLOW_CONTEXT_KEY: _WORKFLOW_TOKEN})

    def _in_workflow(self):
        return self.env.context.get(WORKFLOW_CONTEXT_KEY) is _WORKFLOW_TOKEN

    def _check_workflow_fields(self, fnames):
        """Refuse writing the status, its dates or the score outside the action methods."""
        if self._in_workflow() or not WORKFLOW_FIELDS.intersection(fnames):
            return
        raise UserError(
            self.env._(
                "The status, dates and score of a performance review change only through "
                "its buttons (Compute KPIs, Submit, Acknowledge, Back to Draft); they cannot "
                "be written directly."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # A new review is a draft; the web client may send that default.
            self._check_workflow_fields(
                fname for fname, value in vals.items() if fname != "state" or value != "draft"
            )
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields(vals)
        self._check_self_assessment(vals)
        if MEASURED_FIELDS.intersection(vals):
            self._check_draft()
        if FEEDBACK_FIELDS.intersection(vals):
            self._check_not_acknowledged()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        submitted = self.filtered(lambda r: r.state != "draft")
        if submitted:
            raise UserError(
                self.env._(
                    "The review %(review)s was submitted and can no longer be deleted.",
                    review=submitted[0].display_name,
                )
            )

    def _check_self_assessment(self, vals):
        """The reviewed salesperson writes their self-assessment, and nothing else,
        between submission and acknowledgement; nobody else writes it."""
        if self.env.su or self._in_workflow():
            return
        own = self.filtered(lambda r: r.user_id == self.env.user)
        if own and set(vals) - {"self_assessment"}:
            raise AccessError(
                self.env._(
                    "On your own review you fill in only your self-assessment; the rest is "
                    "your reviewer's."
                )
            )
        if "self_assessment" not in vals:
            return
        if self - own:
            raise AccessError(
                self.env._(
                    "Only %(user)s writes the self-assessment of the review %(review)s.",
                    user=(self - own)[0].user_id.name,
                    review=(self - own)[0].display_name,
                )
            )
        not_submitted = own.filtered(lambda r: r.state != "submitted")
        if not_submitted:
            raise UserError(
                self.env._(
                    "The self-assessment is written once the review is submitted and before "
                    "you acknowledge it (%(review)s).",
                    review=not_submitted[0].display_name,
                )
            )

    def _check_draft(self):
        """Refuse changing what submitted reviews measure: their KPIs were signed off."""
        self._check_not_acknowledged()
        submitted = self.filtered(lambda r: r.state == "submitted")
        if submitted:
            raise UserError(
                self.env._(
                    "The review %(review)s was submitted with its KPIs: set it back to draft "
                    "to change them.",
                    review=submitted[0].display_name,
                )
            )

    def _check_not_acknowledged(self):
        locked = self.filtered(lambda r: r.state == "acknowledged")
        if locked:
            raise UserError(
                self.env._(
                    "The review %(review)s was acknowledged and can no longer be changed. "
                    "Post a note in its chatter instead.",
                    review=locked[0].display_name,
                )
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def _check_can_review(self):
        """Only reviewers (team leaders, managers) move or fill a review, never its subject."""
        self.check_access("write")
        own = self.filtered(lambda r: r.user_id == self.env.user)
        if own and not self.env.is_superuser():
            raise AccessError(
                self.env._(
                    "You cannot fill in or submit your own performance review %(review)s: "
                    "your team leader or sales manager does.",
                    review=own[0].display_name,
                )
            )

    def action_compute(self):
        """Fill the KPI lines of draft reviews from the period's data."""
        self._check_can_review()
        not_draft = self.filtered(lambda r: r.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "The review %(review)s is no longer a draft: its KPIs stay as they were "
                    "when it was submitted.",
                    review=not_draft[0].display_name,
                )
            )
        self._compute_kpi_lines()
        return True

    def action_submit(self):
        """Send the review to the reviewed salesperson for acknowledgement."""
        self._check_can_review()
        for review in self:
            if review.state != "draft":
                raise UserError(
                    self.env._(
                        "Only draft reviews can be submitted; %(review)s is already %(state)s.",
                        review=review.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            review.state
                        ],
                    )
                )
            if not review.line_ids:
                raise UserError(
                    self.env._(
                        "The review %(review)s has no KPI yet: click Compute KPIs before "
                        "submitting it.",
                        review=review.display_name,
                    )
                )
        # The score and grade freeze as they are now, whatever is still pending.
        self.line_ids.flush_recordset(["weight", "score", "is_scored"])
        self.flush_recordset(["total_score", "grade_id", "grade"])
        self._workflow().write({"state": "submitted", "submitted_date": fields.Datetime.now()})
        for review in self:
            # In the language of the salesperson it is addressed to.
            reader = review.with_context(lang=review.user_id.lang)
            review.message_post(
                body=reader.env._(
                    "Your performance review is ready: please read and acknowledge it."
                ),
                partner_ids=review.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_acknowledge(self):
        """The reviewed salesperson confirms having read the submitted review."""
        self.check_access("read")
        others = self.filtered(lambda r: r.user_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "Only %(user)s can acknowledge the review %(review)s.",
                    user=others[0].user_id.name,
                    review=others[0].display_name,
                )
            )
        not_submitted = self.filtered(lambda r: r.state != "submitted")
        if not_submitted:
            raise UserError(
                self.env._(
                    "The review %(review)s can be acknowledged once it is submitted, and "
                    "only once.",
                    review=not_submitted[0].display_name,
                )
            )
        # The reviewed person may not edit the review: the state change is the
        # one write they are entitled to, checked above.
        self.sudo()._workflow().write(
            {"state": "acknowledged", "acknowledged_date": fields.Datetime.now()}
        )
        return True

    def action_reset_draft(self):
        """Take a submitted review back to draft to correct it."""
        self._check_can_review()
        if self.filtered(lambda r: r.state != "submitted"):
            raise UserError(
                self.env._("Only submitted reviews that are not acknowledged go back to draft.")
            )
        self._workflow().write({"state": "draft", "submitted_date": False})
        return True

    def action_open_batch_wizard(self):
        """Open the wizard that creates the reviews of whole teams.

        A list header button: the web client calls it with the selected
        reviews (or none), which the wizard does not need.
        """
        if not self._may_create_reviews():
            raise AccessError(
                self.env._(
                    "Only sales managers and team leaders create performance reviews; "
                    "ask your team leader."
                )
            )
        return self.env["ir.actions.act_window"]._for_xml_id(
            "sales_mgmt_system.action_sales_review_batch_wizard"
        )

    # ------------------------------------------------------------------
    # KPI computation, set-based
    # ------------------------------------------------------------------

    def _compute_kpi_lines(self):
        """Replace the KPI lines of ``self`` with lines computed from data.

        Reviews are grouped by company, period and revenue source; each KPI is
        then fetched with one grouped query for the whole group.
        """
        groups = defaultdict(lambda: self.browse())
        for review in self:
            key = (
                review.company_id,
                review.date_start,
                review.date_end,
                review.template_id.revenue_source,
            )
            groups[key] |= review
        line_vals = []
        for (company, date_from, date_to, revenue_source), reviews in groups.items():
            kpis = set(reviews.template_id.kpi_ids.mapped("kpi"))
            values = reviews._kpi_values(kpis, date_from, date_to, company, revenue_source)
            for review in reviews:
                line_vals += review._prepare_line_vals(values)
        self.line_ids.unlink()
        self.env["sales.review.line"].create(line_vals)
        self._workflow().write({"computed_date": fields.Datetime.now()})

    def _prepare_line_vals(self, values):
        """Values of this review's KPI lines, from ``values[kpi][user_id]``."""
        self.ensure_one()
        attainment = values.get("revenue_attainment", {})
        vals_list = []
        for kpi in self.template_id.kpi_ids:
            actual = values[kpi.kpi].get(self.user_id.id)
            target = kpi.target_value
            if kpi.kpi == "revenue" and not target and self.user_id.id in attainment:
                # Against the salesperson's sales targets: revenue read the way
                # each target measures it (orders, invoices or won opportunities).
                target, actual = attainment[self.user_id.id]
            vals_list.append(
                {
                    "review_id": self.id,
                    "sequence": kpi.sequence,
                    "kpi": kpi.kpi,
                    "target_value": target,
                    "actual_value": actual or 0.0,
                    "has_actual": actual is not None,
                }
            )
        return vals_list

    def _kpi_values(self, kpis, date_from, date_to, company, revenue_source):
        """``{kpi: {user_id: value or None}}`` for the salespeople of ``self``.

        Each KPI comes from one ``_kpi_values_<kpi>`` method (an extension
        point for the areas that bring CSAT, visits or training hours); the
        measures they share are fetched once.
        """
        users = self.user_id
        measure_model = self.env["sales.mgmt.measure"].sudo()
        fetched = {}

        def measure(name, source="order"):
            if (name, source) not in fetched:
                fetched[name, source] = measure_model._measure_values(
                    name,
                    date_from,
                    date_to,
                    owner_ids=users.ids,
                    revenue_source=source,
                    company=company,
                )
            return fetched[name, source]

        period = {
            "users": users,
            "date_from": date_from,
            "date_to": date_to,
            "company": company,
            "revenue_source": revenue_source,
            "measure": measure,
        }
        values = {kpi: getattr(self, f"_kpi_values_{kpi}")(period) for kpi in kpis}
        if "revenue" in kpis:
            values["revenue_attainment"] = (
                self.env["sales.target"]
                .sudo()
                ._period_attainment_values(date_from, date_to, owner_ids=users.ids, company=company)
            )
        return values

    def _kpi_values_revenue(self, period):
        """Revenue from the template's source; see ``_prepare_line_vals`` for sales targets."""
        revenue = period["measure"]("revenue", period["revenue_source"])
        return {user.id: revenue.get(user.id, 0.0) for user in period["users"]}

    def _kpi_values_win_rate(self, period):
        won, lost = period["measure"]("won_deals"), period["measure"]("lost_deals")
        return {
            user.id: win_rate(won.get(user.id, 0), lost.get(user.id, 0)) for user in period["users"]
        }

    def _kpi_values_new_customers(self, period):
        new = period["measure"]("new_customers")
        return {user.id: float(new.get(user.id, 0)) for user in period["users"]}

    def _kpi_values_avg_deal_size(self, period):
        amounts = period["measure"]("revenue", "opportunity")
        won = period["measure"]("won_deals")
        return {
            user.id: average(amounts.get(user.id, 0.0), won.get(user.id, 0))
            for user in period["users"]
        }

    def _kpi_values_cycle_days(self, period):
        """Average days from creation to closing of the opportunities won in the period."""
        measure = self.env["sales.mgmt.measure"].sudo()
        leads = (
            self.env["crm.lead"]
            .sudo()
            .search_read(
                measure._won_domain(
                    (period["date_from"], period["date_to"]),
                    "user_id",
                    period["users"].ids,
                    period["company"],
                ),
                ["user_id", "create_date", "date_closed"],
            )
        )
        spans = defaultdict(list)
        for lead in leads:
            spans[lead["user_id"][0]].append((lead["create_date"], lead["date_closed"]))
        return {user.id: average_days(spans[user.id]) for user in period["users"]}

    def _kpi_values_activities_done(self, period):
        """Activities the salespeople marked done in the period.

        Marking an activity done posts a message carrying the activity type,
        authored by whoever marked it (``mail.activity._action_done``).
        """
        start, stop = (
            self.env["sales.mgmt.measure"]
            .sudo()
            ._utc_bounds((period["date_from"], period["date_to"]), period["company"])
        )
        users = period["users"]
        rows = (
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("mail_activity_type_id", "!=", False),
                    ("author_id", "in", users.partner_id.ids),
                    ("date", ">=", start),
                    ("date", "<", stop),
                ],
                ["author_id"],
                ["__count"],
            )
        )
        done = {partner.id: count for partner, count in rows}
        return {user.id: float(done.get(user.partner_id.id, 0)) for user in users}

    # ------------------------------------------------------------------
    # Batch creation and the monthly scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _cron_draft_monthly_reviews(self, batch_size=REVIEW_BATCH_SIZE):
        """Draft last month's reviews of every team, committing batch by batch."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        teams = self.env["crm.team"].search([("member_ids", "!=", False)])
        # Companies that turned the monthly reviews off in Settings are left alone.
        teams = teams.filtered(
            lambda team: (team.company_id or self.env.company).sales_review_auto_draft
        )
        Measure = self.env["sales.mgmt.measure"]
        for company, company_teams in teams.grouped("company_id").items():
            # Last month as the company counts its days, whoever runs the action.
            date_from, date_to = previous_month(Measure._company_today(company))
            self._draft_team_reviews_in_batches(
                date_from,
                date_to,
                teams=company_teams,
                batch_size=batch_size,
                auto_commit=auto_commit,
            )

    @api.model
    def _draft_team_reviews(self, date_from, date_to, teams=None, template=None, skip_users=None):
        """Create and compute the missing draft reviews of the teams' members.

        ``teams`` defaults to every active team; ``template`` to each team's
        company's default template (teams without one are skipped);
        ``skip_users`` get no review (a team leader does not draft their own).
        A member who already has a review with the template for the period is skipped,
        so running it again creates nothing. Returns the reviews created.

        All or nothing, in the caller's transaction: it never commits.
        """
        vals_list = self._team_review_vals(date_from, date_to, teams, template, skip_users)
        reviews = self.create(vals_list)
        reviews._compute_kpi_lines()
        return reviews

    @api.model
    def _draft_team_reviews_in_batches(
        self, date_from, date_to, teams=None, batch_size=REVIEW_BATCH_SIZE, auto_commit=False
    ):
        """``_draft_team_reviews`` with the default templates, batch by batch.

        For the scheduled action: a batch that fails is logged and rolled back
        and the others go on; with ``auto_commit`` each batch is committed.
        Returns the reviews created.
        """
        vals_list = self._team_review_vals(date_from, date_to, teams)
        created = self.browse()
        done = 0
        for batch in split_every(batch_size, vals_list):
            try:
                with self.env.cr.savepoint():
                    reviews = self.create(list(batch))
                    reviews._compute_kpi_lines()
            except Exception:
                _logger.exception(
                    "Drafting the performance reviews of %(period)s failed for the users "
                    "%(users)s; the other batches go on.",
                    {"period": (date_from, date_to), "users": [v["user_id"] for v in batch]},
                )
            else:
                created |= reviews
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(vals_list) - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return created

    def _team_review_vals(self, date_from, date_to, teams=None, template=None, skip_users=None):
        teams = (
            teams
            if teams is not None
            else self.env["crm.team"].search([("member_ids", "!=", False)])
        )
        vals_list = self._prepare_team_review_vals(teams, template, date_from, date_to)
        if skip_users:
            vals_list = [vals for vals in vals_list if vals["user_id"] not in skip_users.ids]
        return vals_list

    def _prepare_team_review_vals(self, teams, template, date_from, date_to):
        default_templates = {
            t.company_id: t
            for t in self.env["sales.review.template"].search([("is_default", "=", True)])
        }
        wanted = {}
        memberships = self.env["crm.team.member"]._read_group(
            [("crm_team_id", "in", teams.ids)], ["crm_team_id", "user_id"]
        )
        for team, user in memberships:
            team_template = template or default_templates.get(team.company_id or self.env.company)
            if not team_template:
                continue
            wanted.setdefault(
                (user.id, team_template.id),
                {
                    "user_id": user.id,
                    "team_id": team.id,
                    "company_id": team_template.company_id.id,
                    "template_id": team_template.id,
                    "reviewer_id": team.user_id.id if team.user_id != user else False,
                    "date_start": date_from,
                    "date_end": date_to,
                },
            )
        if not wanted:
            return []
        existing = self.sudo().search_read(
            [
                ("user_id", "in", [user_id for user_id, _t in wanted]),
                ("template_id", "in", [template_id for _u, template_id in wanted]),
                ("date_start", "=", date_from),
                ("date_end", "=", date_to),
            ],
            ["user_id", "template_id"],
        )
        for row in existing:
            wanted.pop((row["user_id"][0], row["template_id"][0]), None)
        return list(wanted.values())


class SalesReviewLine(models.Model):
    _name = "sales.review.line"
    _description = "Performance Review KPI"
    _order = "review_id, sequence, id"

    review_id = fields.Many2one("sales.review", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    kpi = fields.Selection(KPI_SELECTION, string="KPI", required=True)
    weight = fields.Float(
        string="Weight (%)",
        digits=(5, 2),
        compute="_compute_weight",
        store=True,
        help="The weight of the KPI in the template; fixed when the review is submitted.",
    )
    target_value = fields.Float(string="Target")
    actual_value = fields.Float(string="Actual")
    currency_id = fields.Many2one(related="company_id.currency_id")
    has_actual = fields.Boolean(
        default=True,
        help="False when there was nothing to measure, such as an average over no deal.",
    )
    score = fields.Float(compute="_compute_score", store=True, digits=(16, 1))
    is_scored = fields.Boolean(compute="_compute_score", store=True)
    lower_is_better = fields.Boolean(compute="_compute_score", store=True)

    @api.depends("kpi", "review_id.state", "review_id.template_id.kpi_ids.weight")
    def _compute_weight(self):
        for line in self:
            if line.review_id.state not in (False, "draft"):
                continue  # submitted with the review
            template_kpis = line.review_id.template_id.kpi_ids
            weights = {kpi.kpi: kpi.weight for kpi in template_kpis}
            line.weight = weights.get(line.kpi, line.weight or 0.0)

    @api.depends("kpi", "actual_value", "target_value", "has_actual")
    def _compute_score(self):
        for line in self:
            line.lower_is_better = line.kpi in LOWER_IS_BETTER
            score = kpi_score(
                line.actual_value if line.has_actual else None,
                line.target_value,
                lower_is_better=line.lower_is_better,
            )
            line.is_scored = score is not None
            line.score = score or 0.0

    @api.constrains("target_value")
    def _check_target(self):
        if any(line.target_value < 0 for line in self):
            raise ValidationError(
                self.env._("A KPI target cannot be negative: enter zero or more.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        review_ids = {vals.get("review_id") for vals in vals_list}
        self.env["sales.review"].browse(review_ids - {None, False})._check_draft()
        return super().create(vals_list)

    def write(self, vals):
        self.review_id._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted_review(self):
        self.review_id._check_draft()
