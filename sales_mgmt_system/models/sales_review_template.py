from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core.review import Band, overlapping_bands, weights_are_complete

KPI_SELECTION = [
    ("revenue", "Revenue"),
    ("win_rate", "Win Rate (%)"),
    ("new_customers", "New Customers"),
    ("csat", "CSAT (%)"),
    ("nps", "NPS"),
    ("avg_deal_size", "Average Deal Size"),
    ("cycle_days", "Sales Cycle (days)"),
    ("activities_done", "Activities Done"),
    ("visits_done", "Visits Done"),
    ("training_hours", "Training Hours"),
]


class SalesReviewTemplate(models.Model):
    """What a performance review measures: weighted KPIs and the grade bands."""

    _name = "sales.review.template"
    _description = "Performance Review Template"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    is_default = fields.Boolean(
        string="Default Template",
        # One default per company: a copy is never the default.
        copy=False,
        help="Used by the monthly scheduled action that drafts the reviews of every team.",
    )
    revenue_source = fields.Selection(
        [
            ("order", "Confirmed Sales Orders"),
            ("invoice", "Posted Invoices"),
            ("opportunity", "Won Opportunities"),
        ],
        default="order",
        required=True,
        help="Which documents count as revenue for the Revenue KPI. Measured against the "
        "salesperson's sales targets, revenue is read the way each target measures it.",
    )
    kpi_ids = fields.One2many("sales.review.template.kpi", "template_id", string="KPIs", copy=True)
    grade_ids = fields.One2many("sales.review.grade", "template_id", string="Grades", copy=True)
    total_weight = fields.Float(compute="_compute_total_weight")
    note = fields.Html(string="Guidance", translate=True)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        default = default or {}
        if "name" not in default:
            for template, vals in zip(self, vals_list, strict=True):
                vals["name"] = self.env._("%(template)s (copy)", template=template.name)
        return vals_list

    @api.depends("kpi_ids.weight")
    def _compute_total_weight(self):
        for template in self:
            template.total_weight = sum(template.kpi_ids.mapped("weight"))

    @api.constrains("kpi_ids")
    def _check_kpi_weights(self):
        for template in self:
            if not weights_are_complete(template.kpi_ids.mapped("weight")):
                raise ValidationError(
                    self.env._(
                        "The KPI weights of the review template %(template)s add up to "
                        "%(total)s%%: change them so that they add up to 100%%.",
                        template=template.name,
                        total=round(template.total_weight, 2),
                    )
                )

    @api.constrains("grade_ids")
    def _check_grade_overlap(self):
        for template in self:
            bands = [Band(grade, grade.min_score, grade.max_score) for grade in template.grade_ids]
            overlaps = overlapping_bands(bands)
            if overlaps:
                first, second = overlaps[0]
                raise ValidationError(
                    self.env._(
                        "The grades %(first)s (%(first_min)s-%(first_max)s) and %(second)s "
                        "(%(second_min)s-%(second_max)s) of the review template %(template)s "
                        "overlap: give each score range to one grade only.",
                        first=first.key.name,
                        first_min=first.lower,
                        first_max=first.upper,
                        second=second.key.name,
                        second_min=second.lower,
                        second_max=second.upper,
                        template=template.name,
                    )
                )

    @api.constrains("is_default", "company_id", "active")
    def _check_one_default(self):
        defaults = self.filtered(lambda t: t.is_default and t.active)
        for template in defaults:
            others = self.search_count(
                [
                    ("id", "!=", template.id),
                    ("is_default", "=", True),
                    ("company_id", "=", template.company_id.id),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(company)s already has a default review template: untick "
                        "Default Template on it before making %(template)s the default.",
                        company=template.company_id.name,
                        template=template.name,
                    )
                )


class SalesReviewTemplateKpi(models.Model):
    _name = "sales.review.template.kpi"
    _description = "Performance Review Template KPI"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "sales.review.template", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    kpi = fields.Selection(KPI_SELECTION, string="KPI", required=True)
    weight = fields.Float(
        string="Weight (%)", required=True, digits=(5, 2), help="The weights add up to 100."
    )
    target_value = fields.Float(
        string="Fixed Target",
        help="The target of this KPI in every review. Leave it at zero for the revenue KPI "
        "to use the salesperson's confirmed sales targets of the review period; any "
        "other KPI without a target is shown but not scored.",
    )

    _sql_constraints = [
        (
            "kpi_unique",
            "unique(template_id, kpi)",
            "A KPI appears once per review template: remove the duplicate line.",
        ),
        (
            "weight_positive",
            "check(weight > 0)",
            "A KPI weight must be positive: remove the KPI instead of weighting it zero.",
        ),
        (
            "target_not_negative",
            "check(target_value >= 0)",
            "A KPI target cannot be negative.",
        ),
    ]

    def _unavailable_kpis(self):
        """KPIs whose data source comes with a later area, by code: the area's name."""
        return {
            "training_hours": self.env._("Sales Training"),
        }

    @api.constrains("kpi")
    def _check_kpi_available(self):
        unavailable = self._unavailable_kpis()
        labels = dict(self._fields["kpi"]._description_selection(self.env))
        for line in self:
            if line.kpi in unavailable:
                raise ValidationError(
                    self.env._(
                        "The KPI %(kpi)s has no data source yet: it becomes available with "
                        "the %(area)s area. Remove it from the template %(template)s for now.",
                        kpi=labels[line.kpi],
                        area=unavailable[line.kpi],
                        template=line.template_id.name,
                    )
                )


class SalesReviewGrade(models.Model):
    _name = "sales.review.grade"
    _description = "Performance Review Grade"
    _order = "template_id, min_score desc, id"

    template_id = fields.Many2one(
        "sales.review.template", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    name = fields.Char(string="Grade", required=True)
    description = fields.Char(translate=True)
    min_score = fields.Float(string="From Score", required=True)
    max_score = fields.Float(
        string="Below Score",
        required=True,
        help="Scores from the lower bound up to, not including, this one get the grade. "
        "The highest grade also takes every score above it.",
    )
    color = fields.Integer()

    _sql_constraints = [
        (
            "score_range",
            "check(min_score >= 0 and max_score > min_score)",
            "A grade covers the scores from its lower bound (zero or more) up to a "
            "higher upper bound: make the upper bound greater than the lower one.",
        ),
    ]
