from odoo import fields, models
from odoo.tools import SQL


class SalesAnalysisCost(models.Model):
    """Sales costs against budget: one row per budget line (its budget) and
    one per cost entry (its actual), so that costs charged to no budget show
    too. Budget, actual and variance are sums, right at every grouping; the
    utilisation (actual / budget) is read from the two measures, a pivot
    cannot divide them."""

    _name = "sales.analysis.cost"
    _inherit = "sales.analysis.mixin"
    _description = "Costs against Budget Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "category_id"
    _depends = {
        "sales.cost.budget.line": [
            "budget_id",
            "category_id",
            "company_id",
            "user_id",
            "team_id",
            "date_start",
            "amount",
        ],
        "sales.cost.entry": [
            "budget_line_id",
            "category_id",
            "company_id",
            "user_id",
            "team_id",
            "date",
            "amount",
        ],
    }

    kind = fields.Selection(
        [("budget", "Budget Line"), ("cost", "Cost Entry")], string="Row", readonly=True
    )
    budget_id = fields.Many2one("sales.cost.budget", string="Cost Budget", readonly=True)
    category_id = fields.Many2one("sales.cost.category", string="Cost Category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    date = fields.Date(
        readonly=True, help="Start of the budget for a budget line, date of a cost entry."
    )
    budget_amount = fields.Monetary(
        string="Budget", readonly=True, aggregator="sum", currency_field="currency_id"
    )
    actual_amount = fields.Monetary(
        string="Actual Cost", readonly=True, aggregator="sum", currency_field="currency_id"
    )
    variance = fields.Monetary(
        readonly=True,
        aggregator="sum",
        currency_field="currency_id",
        help="Budget minus actual: negative when over budget.",
    )
    unbudgeted_amount = fields.Monetary(
        string="Unbudgeted",
        readonly=True,
        aggregator="sum",
        currency_field="currency_id",
        help="Costs charged to no budget line.",
    )

    def _query(self):
        return SQL(
            """
            SELECT line.id * 2 AS id, 'budget' AS kind, line.budget_id, line.category_id,
                   line.company_id, company.currency_id, line.user_id, line.team_id,
                   line.date_start AS date,
                   line.amount AS budget_amount, 0.0 AS actual_amount,
                   line.amount AS variance, 0.0 AS unbudgeted_amount
              FROM sales_cost_budget_line line
              JOIN res_company company ON company.id = line.company_id
            UNION ALL
            SELECT entry.id * 2 + 1, 'cost', line.budget_id, entry.category_id,
                   entry.company_id, company.currency_id, entry.user_id, entry.team_id,
                   entry.date,
                   0.0, entry.amount, -entry.amount,
                   CASE WHEN entry.budget_line_id IS NULL THEN entry.amount ELSE 0.0 END
              FROM sales_cost_entry entry
              JOIN res_company company ON company.id = entry.company_id
              LEFT JOIN sales_cost_budget_line line ON line.id = entry.budget_line_id
            """
        )
