from collections import defaultdict

from odoo import api, fields, models

from ..core.award import Performer, period_label, rank_performers
from .sales_review import format_period


class SalesAward(models.Model):
    """A place on the honour roll: a top performer of a team over a period."""

    _name = "sales.award"
    _description = "Sales Award"
    _inherit = ["mail.thread"]
    _order = "date_start desc, team_id, rank, id"
    _check_company_auto = True
    # Named in each reader's language at display time (_compute_display_name).
    _rec_names_search = ["user_id", "team_id", "period"]
    # Colleagues congratulate in the chatter.
    _mail_post_access = "read"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, index=True, check_company=True
    )
    avatar_128 = fields.Image(related="user_id.avatar_128")
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True, check_company=True)
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="To", required=True)
    # A language-neutral key ("2025-03", "2025 Q1") to group and sort by.
    period = fields.Char(compute="_compute_period", store=True)
    measure = fields.Selection(
        [("attainment", "Revenue Attainment"), ("revenue", "Revenue")],
        required=True,
        default="attainment",
        help="Revenue Attainment ranks by revenue over target (ties broken by revenue), "
        "revenue read the way each salesperson's sales target measures it; Revenue ranks "
        "by confirmed sales orders alone.",
    )
    rank = fields.Integer(required=True, aggregator=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    revenue = fields.Monetary()
    target_value = fields.Monetary(string="Target")
    attainment = fields.Float(string="Attainment (%)", digits=(16, 1), aggregator="avg")
    badge_id = fields.Many2one("gamification.badge", readonly=True)
    badge_user_id = fields.Many2one(
        "gamification.badge.user", string="Badge Granted", readonly=True
    )

    _sql_constraints = [
        (
            "award_unique",
            "unique(user_id, team_id, date_start, date_end, measure)",
            "This salesperson already has an award for this team, period and measure.",
        ),
        ("rank_positive", "check(rank > 0)", "A rank starts at 1."),
        (
            "period_order",
            "check(date_start <= date_end)",
            "An award period must end on or after the day it starts.",
        ),
    ]

    @api.depends_context("lang")
    @api.depends("user_id.name", "rank", "date_start", "date_end", "measure")
    def _compute_display_name(self):
        measures = dict(self._fields["measure"]._description_selection(self.env))
        for award in self:
            award.display_name = self.env._(
                "#%(rank)s %(user)s, %(period)s (%(measure)s)",
                rank=award.rank,
                user=award.user_id.name or "",
                period=award._period_name(),
                measure=measures.get(award.measure, ""),
            )

    def _period_name(self):
        """The award's period named in the reader's language."""
        self.ensure_one()
        if not (self.date_start and self.date_end):
            return ""
        return format_period(self.env, self.date_start, self.date_end)

    @api.depends("date_start", "date_end")
    def _compute_period(self):
        for award in self:
            award.period = (
                period_label(award.date_start, award.date_end)
                if award.date_start and award.date_end
                else False
            )

    def unlink(self):
        # Withdrawing an award withdraws the badge it granted.
        self.badge_user_id.sudo().unlink()
        return super().unlink()

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------

    @api.model
    def _default_badge(self):
        return self.env.ref("sales_mgmt_system.badge_top_performer", raise_if_not_found=False)

    @api.model
    def _generate_awards(
        self, date_from, date_to, team_ids=None, top=3, measure="attainment", badge=None
    ):
        """Rank each team's members over the period and keep the awards in step.

        The top ``top`` members by ``measure`` get an award, a badge (granted
        once per award) and a message; running it again for the same teams,
        period and measure updates the ranks and figures, withdraws the
        awards of people who dropped out and never duplicates. Returns the
        awards of the teams for the period and measure.
        """
        teams = (
            self.env["crm.team"].browse(team_ids)
            if team_ids is not None
            else self.env["crm.team"].search([("member_ids", "!=", False)])
        )
        badge = badge or self._default_badge()
        ranked = self._rank_team_members(teams, date_from, date_to, measure, top)
        existing = self.search(
            [
                ("team_id", "in", teams.ids),
                ("date_start", "=", date_from),
                ("date_end", "=", date_to),
                ("measure", "=", measure),
            ]
        )
        by_key = {(award.team_id, award.user_id.id): award for award in existing}
        to_create = []
        for team, places in ranked.items():
            for rank, performer in places:
                vals = {
                    "rank": rank,
                    "revenue": performer.revenue,
                    "target_value": performer.target,
                    "attainment": performer.attainment or 0.0,
                }
                award = by_key.pop((team, performer.key), None)
                if award:
                    changed = {k: v for k, v in vals.items() if award[k] != v}
                    if changed:
                        award.write(changed)
                else:
                    to_create.append(
                        dict(
                            vals,
                            user_id=performer.key,
                            team_id=team.id,
                            company_id=(team.company_id or self.env.company).id,
                            date_start=date_from,
                            date_end=date_to,
                            measure=measure,
                            badge_id=badge.id
                            if badge and self._earns_badge(performer, team)
                            else False,
                        )
                    )
        self.browse().union(*by_key.values()).unlink()
        created = self.create(to_create)
        created._grant_badges()
        created._announce()
        return (existing.exists() | created).sorted()

    def _rank_team_members(self, teams, date_from, date_to, measure, top):
        """``{team: [(rank, Performer)]}``, the figures read once per company."""
        ranked = {}
        teams_by_company = defaultdict(lambda: self.env["crm.team"])
        for team in teams:
            teams_by_company[team.company_id or self.env.company] |= team
        for company, company_teams in teams_by_company.items():
            members = defaultdict(lambda: self.env["res.users"])
            for team, user in self.env["crm.team.member"]._read_group(
                [("crm_team_id", "in", company_teams.ids)], ["crm_team_id", "user_id"]
            ):
                members[team] |= user
            user_ids = list({user.id for users in members.values() for user in users})
            figures = self._performer_figures(measure, date_from, date_to, user_ids, company)
            for team in company_teams:
                performers = [
                    Performer(user.id, *figures.get(user.id, (0.0, 0.0))) for user in members[team]
                ]
                ranked[team] = rank_performers(performers, top=top, measure=measure)
        return ranked

    def _performer_figures(self, measure, date_from, date_to, user_ids, company):
        """``{user_id: (revenue, target)}`` of the period.

        By attainment, revenue is read the way each salesperson's sales target
        measures it (orders, invoices or won opportunities); by revenue alone,
        from confirmed orders.
        """
        Target = self.env["sales.target"].sudo()
        if measure == "attainment":
            return {
                user_id: (actual, target)
                for user_id, (target, actual) in Target._period_attainment_values(
                    date_from, date_to, owner_ids=user_ids, company=company
                ).items()
            }
        revenue = (
            self.env["sales.mgmt.measure"]
            .sudo()
            ._measure_values("revenue", date_from, date_to, owner_ids=user_ids, company=company)
        )
        targets = Target._period_target_values(
            date_from, date_to, owner_ids=user_ids, measure="revenue", company=company
        )
        return {
            user_id: (revenue.get(user_id, 0.0), targets.get(user_id, 0.0))
            for user_id in set(revenue) | set(targets)
        }

    def _earns_badge(self, performer, team):
        """A place earns the badge at the company's attainment threshold (Settings)."""
        threshold = (team.company_id or self.env.company).sales_award_badge_threshold
        return performer.attainment is not None and performer.attainment >= threshold

    def _grant_badges(self):
        """Grant each award's badge to its winner, once per award."""
        to_grant = self.filtered(lambda a: a.badge_id and not a.badge_user_id)
        if not to_grant:
            return
        badge_users = (
            self.env["gamification.badge.user"]
            .sudo()
            .create(
                [
                    {
                        "user_id": award.user_id.id,
                        "badge_id": award.badge_id.id,
                        "sender_id": self.env.user.id,
                        # Read by the winner: in their language.
                        "comment": award.with_context(lang=award.user_id.lang).display_name,
                    }
                    for award in to_grant
                ]
            )
        )
        for award, badge_user in zip(to_grant, badge_users, strict=True):
            award.badge_user_id = badge_user

    def _announce(self):
        """Congratulate each winner on the award, notifying them in their inbox."""
        for award in self:
            # Addressed to the winner: in their language.
            winner = award.with_context(lang=award.user_id.lang)
            award.message_post(
                body=winner.env._(
                    "Congratulations %(user)s: rank %(rank)s in %(team)s for %(period)s!",
                    user=award.user_id.name,
                    rank=award.rank,
                    team=winner.team_id.name or winner.company_id.name,
                    period=winner._period_name(),
                ),
                partner_ids=award.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
