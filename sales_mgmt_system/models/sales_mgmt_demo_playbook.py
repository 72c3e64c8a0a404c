from datetime import datetime, time

from odoo import fields, models

from ..core.playbook import days_between, spread_datetimes

# Maximum days in the first open stages of the demo pipeline.
DEMO_MAX_DAYS = (14, 21, 30)


class SalesMgmtDemo(models.AbstractModel):
    _inherit = "sales.mgmt.demo"

    def _demo_load_areas(self, plan, refs, existing):
        result = super()._demo_load_areas(plan, refs, existing)
        self._demo_set_stage_limits(refs["open_stages"])
        self._demo_load_playbook(plan, refs, existing)
        return result

    def _demo_set_stage_limits(self, open_stages):
        """Open stages without a limit get one, so that the demo has overdue leads."""
        for stage, max_days in zip(open_stages, DEMO_MAX_DAYS, strict=False):
            if not stage.max_days:
                stage.max_days = max_days

    def _demo_load_playbook(self, plan, refs, existing):
        """A lived-in pipeline: each demo opportunity went through the stages
        before its current one, on dates between its creation and today (or
        its closing), with the steps of those stages done and the first step
        of its current stage done. Run once per opportunity (its history is
        marked with a demo external id)."""
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        pipeline = refs["open_stages"] | won_stage
        now = fields.Datetime.now()
        todo = [
            o
            for o in plan.opportunities
            if f"playbook_history_{o.key}" not in existing and o.key in refs["opportunities"]
        ]
        if not todo or not pipeline:
            return
        leads = self.env["crm.lead"].union(*(refs["opportunities"][o.key] for o in todo))
        leads = leads.with_context(active_test=False)
        self.env["sales.lead.stage.history"].search([("lead_id", "in", leads.ids)]).unlink()
        history_vals, step_vals, done_steps, last_change = [], [], [], {}
        stages = list(pipeline)
        steps_of = {stage: stage.step_ids for stage in stages}
        existing_steps = {(s.lead_id, s.step_id): s for s in leads.lead_step_ids}
        for opportunity in todo:
            lead = refs["opportunities"][opportunity.key]
            if lead.stage_id not in pipeline:
                continue
            path = stages[: stages.index(lead.stage_id) + 1]
            start = datetime.combine(opportunity.created, time(9))
            end = datetime.combine(opportunity.closed, time(10)) if opportunity.closed else now
            dates = spread_datetimes(start, end, len(path))
            previous, previous_date = False, None
            for stage, date in zip(path, dates, strict=True):
                history_vals.append(
                    {
                        "lead_id": lead.id,
                        "stage_from_id": previous and previous.id,
                        "stage_to_id": stage.id,
                        "date": date,
                        "user_id": lead.user_id.id,
                        "days_in_stage": round(days_between(previous_date, date), 2)
                        if previous
                        else 0.0,
                    }
                )
                # Stages left are done; in the current one, the first step is.
                done = steps_of[stage] if stage != lead.stage_id else steps_of[stage][:1]
                for step in steps_of[stage]:
                    line = existing_steps.get((lead, step))
                    if line:
                        if step in done:
                            done_steps.append((line, date))
                    else:
                        step_vals.append(
                            {
                                "lead_id": lead.id,
                                "step_id": step.id,
                                "stage_id": stage.id,
                                "done": step in done,
                                "done_date": date if step in done else False,
                                "done_user_id": lead.user_id.id if step in done else False,
                            }
                        )
                previous, previous_date = stage, date
            last_change[lead] = dates[-1]
        history = self.env["sales.lead.stage.history"].create(history_vals)
        self.env["sales.lead.step"].create(step_vals)
        for line, date in done_steps:
            line.write({"done": True})
            line.done_date = date
        for lead, date in last_change.items():
            lead.date_last_stage_update = date
        last_rows = {}
        for row in history:
            last_rows[row.lead_id] = row
        keys = {refs["opportunities"][o.key]: o.key for o in todo}
        self._demo_register(
            {f"playbook_history_{keys[lead]}": row for lead, row in last_rows.items()}
        )
