from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# The context key that lets the action methods write the decision fields.
WORKFLOW_CONTEXT_KEY = "sales_idea_workflow"
_WORKFLOW_TOKEN = object()
WORKFLOW_FIELDS = frozenset({"state", "decision_user_id", "decision_date"})


class SalesIdea(models.Model):
    """An improvement idea of the sales team, voted on and decided by managers."""

    _name = "sales.idea"
    _description = "Improvement Idea"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "vote_count desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Proposed By",
        required=True,
        default=lambda self: self.env.user,
        check_company=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    feedback_ids = fields.Many2many(
        "sales.feedback",
        string="Inspired By",
        help="The customer feedback that led to this idea.",
    )
    vote_ids = fields.One2many("sales.idea.vote", "idea_id", string="Voters")
    vote_count = fields.Integer(string="Votes", compute="_compute_vote_count", store=True)
    voted = fields.Boolean(compute="_compute_voted", help="Whether you voted for this idea.")
    can_decide = fields.Boolean(compute="_compute_can_decide")
    state = fields.Selection(
        [
            ("new", "New"),
            ("reviewing", "Under Review"),
            ("accepted", "Accepted"),
            ("rejected", "Rejected"),
            ("done", "Implemented"),
        ],
        default="new",
        required=True,
        copy=False,
        tracking=True,
    )
    decision = fields.Html(help="What was decided and why; required to accept or reject.")
    decision_user_id = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    decision_date = fields.Datetime(readonly=True, copy=False)

    @api.depends("vote_ids")
    def _compute_vote_count(self):
        counts = dict(
            self.env["sales.idea.vote"]
            .sudo()
            ._read_group([("idea_id", "in", self.ids)], ["idea_id"], ["__count"])
        )
        for idea in self:
            idea.vote_count = counts.get(idea._origin, 0)

    @api.depends_context("uid")
    @api.depends("vote_ids")
    def _compute_voted(self):
        voted = (
            self.env["sales.idea.vote"]
            .sudo()
            .search([("idea_id", "in", self.ids), ("user_id", "=", self.env.uid)])
            .idea_id
        )
        for idea in self:
            idea.voted = idea._origin in voted

    @api.depends_context("uid")
    def _compute_can_decide(self):
        self.can_decide = self.env.user.has_group("sales_team.group_sale_manager")

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
                    "The status of an idea changes only through its buttons (Review, "
                    "Accept, Reject, Mark Implemented)."
                )
            )

    def _check_decision_writer(self, vals):
        if vals.get("decision") and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers write the decision on an idea."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields(
                fname for fname, value in vals.items() if fname != "state" or value != "new"
            )
            self._check_decision_writer(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields(vals)
        self._check_decision_writer(vals)
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            taken_up = self.filtered(lambda i: i.state != "new")
            if taken_up:
                raise UserError(
                    self.env._(
                        "The idea %(idea)s is already under review or decided: post your "
                        "additions in its chatter instead.",
                        idea=taken_up[0].name,
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Votes
    # ------------------------------------------------------------------

    def action_vote(self):
        """Vote for the ideas as the current user: once per user and idea."""
        self.check_access("read")
        closed = self.filtered(lambda i: i.state in ("rejected", "done"))
        if closed:
            raise UserError(
                self.env._(
                    "The idea %(idea)s is closed: votes are no longer taken.",
                    idea=closed[0].name,
                )
            )
        already = self.filtered("voted")
        if already:
            raise UserError(
                self.env._(
                    "You already voted for the idea %(idea)s: each person votes once.",
                    idea=already[0].name,
                )
            )
        self.env["sales.idea.vote"].create(
            [{"idea_id": idea.id, "user_id": self.env.uid} for idea in self]
        )
        return True

    def action_unvote(self):
        """Take back the current user's vote."""
        self.check_access("read")
        votes = self.env["sales.idea.vote"].search(
            [("idea_id", "in", self.ids), ("user_id", "=", self.env.uid)]
        )
        votes.unlink()
        return True

    # ------------------------------------------------------------------
    # Decision
    # ------------------------------------------------------------------

    def _check_manager(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers review and decide on ideas."))
        self.check_access("write")

    def _check_state(self, allowed):
        wrong = self.filtered(lambda i: i.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "The idea %(idea)s is %(state)s; this step needs it to be %(allowed)s.",
                    idea=wrong[0].name,
                    state=states[wrong[0].state],
                    allowed=" / ".join(states[state] for state in allowed),
                )
            )

    def _decide(self, state):
        undecided = self.filtered(lambda i: not i.decision or not i.decision.striptags().strip())
        if undecided:
            raise UserError(
                self.env._(
                    "Write the decision on the idea %(idea)s (what was decided and why) "
                    "before accepting or rejecting it.",
                    idea=undecided[0].name,
                )
            )
        self._workflow().write(
            {
                "state": state,
                "decision_user_id": self.env.uid,
                "decision_date": fields.Datetime.now(),
            }
        )

    def action_review(self):
        self._check_manager()
        self._check_state(("new",))
        self._workflow().write({"state": "reviewing"})
        return True

    def action_accept(self):
        self._check_manager()
        self._check_state(("new", "reviewing"))
        self._decide("accepted")
        return True

    def action_reject(self):
        self._check_manager()
        self._check_state(("new", "reviewing"))
        self._decide("rejected")
        return True

    def action_done(self):
        self._check_manager()
        self._check_state(("accepted",))
        self._workflow().write({"state": "done"})
        return True


class SalesIdeaVote(models.Model):
    """One person's vote for an idea; the database holds one per person and idea."""

    _name = "sales.idea.vote"
    _description = "Improvement Idea Vote"
    _order = "id desc"

    idea_id = fields.Many2one("sales.idea", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, ondelete="cascade"
    )
    company_id = fields.Many2one(related="idea_id.company_id", store=True, index=True)

    _sql_constraints = [
        (
            "idea_user_unique",
            "unique(idea_id, user_id)",
            "You already voted for this idea: each person votes once.",
        ),
    ]
