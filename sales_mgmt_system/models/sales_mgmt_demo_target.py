from datetime import date, timedelta

from odoo import models

from ..core.dates import add_months

# The demo teams aim 20% above last year; each salesperson also has a
# quarterly target of won deals.
TEAM_GROWTH_RATE = 20.0
QUARTERLY_WON_DEALS = 4


class SalesMgmtDemo(models.AbstractModel):
    _inherit = "sales.mgmt.demo"

    def _demo_load_areas(self, plan, refs, existing):
        result = super()._demo_load_areas(plan, refs, existing)
        self._demo_load_team_targets(plan, refs, existing)
        self._demo_load_deal_targets(plan, refs, existing)
        return result

    def _demo_company_env(self):
        """The environment in the company's language (its partner's, else the
        administrator's): the demo targets' names are stored in it, so that a
        Chinese company's demo reads in Chinese."""
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        lang = self.env.company.partner_id.lang or (admin and admin.lang) or "en_US"
        return self.env(context=dict(self.env.context, lang=lang))

    def _demo_load_team_targets(self, plan, refs, existing):
        year = plan.today.year
        Target = self.env["sales.target"]
        company_env = self._demo_company_env()
        # Formatted outside the translated call: Babel's extractor cannot read
        # f-strings among its arguments.
        growth = f"{TEAM_GROWTH_RATE:g}"
        for team in plan.teams:
            key = f"target_{team.key}_{year}"
            if key in existing:
                continue
            target = Target.create(
                {
                    "name": company_env._(
                        "%(team)s %(year)s: revenue +%(growth)s%%",
                        team=team.name,
                        year=year,
                        growth=growth,
                    ),
                    "team_id": refs["teams"][team.key].id,
                    "measure": "revenue",
                    "date_start": date(year, 1, 1),
                    "date_end": date(year, 12, 31),
                    "growth_rate": TEAM_GROWTH_RATE,
                    "granularity": "month",
                    "split_method": "even",
                }
            )
            target.action_allocate_members()
            target.action_confirm()
            self._demo_register(
                {
                    key: target,
                    **{
                        f"{key}_{member.login.replace('.', '_')}": member_target
                        for member_target in target.child_ids
                        for member in member_target.user_id
                    },
                }
            )

    def _demo_load_deal_targets(self, plan, refs, existing):
        quarter_start = date(plan.today.year, 3 * ((plan.today.month - 1) // 3) + 1, 1)
        quarter_end = add_months(quarter_start, 3) - timedelta(days=1)
        company_env = self._demo_company_env()
        quarter = quarter_start.strftime("%Y-%m")
        targets = self._demo_create(
            "sales.target",
            {
                f"target_deals_{person.key}_{quarter_start:%Y_%m}": {
                    "name": company_env._(
                        "%(person)s: won deals, %(quarter)s",
                        person=person.name,
                        quarter=quarter,
                    ),
                    "user_id": refs["users"][person.key].id,
                    "measure": "won_deals",
                    "date_start": quarter_start,
                    "date_end": quarter_end,
                    "target_value": QUARTERLY_WON_DEALS,
                    "granularity": "week",
                }
                for person in plan.salespeople
            },
            existing,
        )
        drafts = (
            self.env["sales.target"].union(*targets.values()).filtered(lambda t: t.state == "draft")
        )
        drafts.action_confirm()
