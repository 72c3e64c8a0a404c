from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import costs as cost_core
from .sales_cost_budget import HARD_BLOCK_PARAM

# The context key that lets ``_assign_budget_lines`` write the budget line;
# its value is this private object, which no RPC call can send.
CHARGE_CONTEXT_KEY = "sales_cost_entry_charge"
_CHARGE_TOKEN = object()
# What decides the budget line an entry is charged to.
CHARGE_FIELDS = frozenset({"date", "user_id", "team_id", "category_id", "company_id"})


class SalesCostEntry(models.Model):
    """A sales cost actually spent, charged to the budget line that covers it.

    An entry is charged to the salesperson's budget for its category and
    date when there is one, else to their team's: each cost counts once.
    """

    _name = "sales.cost.entry"
    _description = "Cost Entry"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Date(
        required=True,
        default=lambda self: self.env["sales.mgmt.measure"]._company_today(),
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        default=lambda self: self.env.user,
        check_company=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        check_company=True,
        index=True,
    )
    category_id = fields.Many2one(
        "sales.cost.category",
        string="Cost Category",
        required=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    amount = fields.Monetary(required=True, currency_field="currency_id", tracking=True)
    description = fields.Char(required=True)
    budget_line_id = fields.Many2one(
        "sales.cost.budget.line",
        compute="_compute_budget_line_id",
        store=True,
        index=True,
        help="The budget line the cost is charged to: the salesperson's budget for the "
        "category and date, else the team's.",
    )
    budget_id = fields.Many2one(related="budget_line_id.budget_id", string="Budget")

    @api.depends("user_id")
    def _compute_team_id(self):
        for entry in self:
            entry.team_id = entry.user_id.sale_team_id

    @api.depends(*CHARGE_FIELDS)
    def _compute_budget_line_id(self):
        charged = self._matching_budget_lines()
        for entry in self:
            entry.budget_line_id = charged.get(entry, False)

    def _matching_budget_lines(self):
        """``{entry: line}`` for the entries a budget line covers (one query)."""
        entries = self.filtered(lambda e: e.date and e.category_id and e.company_id)
        if not entries:
            return {}
        lines = (
            self.env["sales.cost.budget.line"]
            .sudo()
            .search(
                [
                    ("company_id", "in", entries.company_id.ids),
                    ("category_id", "in", entries.category_id.ids),
                    ("date_start", "<=", max(entries.mapped("date"))),
                    ("date_end", ">=", min(entries.mapped("date"))),
                    "|",
                    ("user_id", "in", entries.user_id.ids),
                    ("team_id", "in", entries.team_id.ids),
                ]
            )
        )
        by_owner = defaultdict(list)
        for line in lines:
            owner = ("user", line.user_id.id) if line.user_id else ("team", line.team_id.id)
            by_owner[(owner, line.category_id.id, line.company_id.id)].append(line)
        charged = {}
        for entry in entries:
            for owner in (("user", entry.user_id.id), ("team", entry.team_id.id)):
                key = (owner, entry.category_id.id, entry.company_id.id)
                line = next(
                    (
                        line
                        for line in by_owner.get(key, [])
                        if line.date_start <= entry.date <= line.date_end
                    ),
                    None,
                )
                if line:
                    charged[entry] = line
                    break
        return charged

    def _assign_budget_lines(self):
        """Charge the entries again after budgets changed; warn on the lines charged."""
        charged = self._matching_budget_lines()
        moves = defaultdict(lambda: self.browse())
        for entry in self:
            line = charged.get(entry, self.env["sales.cost.budget.line"])
            if entry.budget_line_id != line:
                moves[line] |= entry
        for line, entries in moves.items():
            entries.with_context(**{CHARGE_CONTEXT_KEY: _CHARGE_TOKEN}).write(
                {"budget_line_id": line.id}
            )
        self.env["sales.cost.budget.line"].union(*moves)._warn_threshold()

    @api.constrains("amount")
    def _check_amount(self):
        for entry in self:
            if entry.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The cost %(entry)s is negative (%(amount)s): enter what was spent as "
                        "a positive amount.",
                        entry=entry.description,
                        amount=entry.amount,
                    )
                )

    @api.constrains("user_id", "team_id")
    def _check_team(self):
        """A cost is charged to one of its salesperson's teams, never to another team."""
        for entry in self:
            team = entry.team_id
            if team and entry.user_id not in (
                team.sudo().crm_team_member_ids.user_id | team.sudo().user_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not in the sales team %(team)s: choose one of their "
                        "teams for the cost %(entry)s, or none.",
                        user=entry.user_id.name,
                        team=team.name,
                        entry=entry.description,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        entries = super().create(vals_list)
        entries._after_charge(self.env["sales.cost.budget.line"])
        return entries

    def write(self, vals):
        # The budget line follows the entry's date, owner and category; it is
        # never written directly.
        if self.env.context.get(CHARGE_CONTEXT_KEY) is not _CHARGE_TOKEN:
            vals = {key: value for key, value in vals.items() if key != "budget_line_id"}
        lines_before = self.budget_line_id
        result = super().write(vals)
        if CHARGE_FIELDS.union({"amount"}) & set(vals):
            self._after_charge(lines_before)
        return result

    def _after_charge(self, lines_before):
        """Refuse what a hard block forbids, then warn the budget managers."""
        self.flush_recordset(["budget_line_id", "amount"])
        lines = self.sudo().budget_line_id
        self._check_hard_block(lines)
        (lines | lines_before.sudo())._warn_threshold()

    def _check_hard_block(self, lines):
        """With the hard block on (Settings), refuse entries that take a line past 100%."""
        if not lines or not self.env["ir.config_parameter"].sudo().get_param(HARD_BLOCK_PARAM):
            return
        for line in lines:
            digits = line.currency_id.decimal_places or 2
            if not cost_core.exceeds_budget(line.amount, line.actual_amount, digits):
                continue
            mine = self.filtered(lambda e, line=line: e.budget_line_id.id == line.id)
            before = line.actual_amount - sum(mine.mapped("amount"))
            raise ValidationError(
                self.env._(
                    "The budget %(budget)s has %(remaining)s %(currency)s left for "
                    "%(category)s: this cost of %(amount)s %(currency)s would take it to "
                    "%(actual)s %(currency)s, beyond its %(budgeted)s %(currency)s. Lower the "
                    "amount or ask your manager to raise the budget.",
                    budget=line.budget_id.name,
                    remaining=cost_core.remaining(line.amount, before, digits),
                    category=line.category_id.name,
                    amount=sum(mine.mapped("amount")),
                    actual=line.actual_amount,
                    budgeted=line.amount,
                    currency=line.currency_id.name,
                )
            )
