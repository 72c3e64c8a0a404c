from odoo import fields, models


class CrmTeamMember(models.Model):
    """Who does what in the team (PRODUCT.md §13)."""

    _inherit = "crm.team.member"

    sales_role = fields.Selection(
        [
            ("leader", "Team Leader"),
            ("account_manager", "Account Manager"),
            ("sales_rep", "Sales Representative"),
            ("presales", "Pre-Sales Consultant"),
            ("support", "Sales Support"),
            ("trainee", "Trainee"),
        ],
        string="Role",
        default="sales_rep",
    )
    responsibilities = fields.Text(
        help="What this member is responsible for in the team: customers, regions, products, tasks."
    )


class CrmTeam(models.Model):
    _inherit = "crm.team"

    work_report_period = fields.Selection(
        [("week", "Weekly"), ("day", "Daily")],
        string="Work Reports",
        default="week",
        required=True,
        help="How often the members of the team write their work report.",
    )
