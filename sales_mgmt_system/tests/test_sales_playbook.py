from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .playbook_common import PlaybookCase


@tagged("post_install", "-at_install")
class TestStageGate(PlaybookCase):
    def test_entering_a_stage_gives_its_checklist_and_a_history_row(self):
        lead = self.lead()
        self.assertEqual(lead.lead_step_ids.step_id, self.step_call | self.step_brochure)
        self.assertEqual(lead.playbook_progress, 0.0)
        self.assertEqual(lead.stage_history_ids.stage_to_id, self.stage_a)
        self.assertFalse(lead.stage_history_ids.stage_from_id)
        self.tick(lead, self.step_call, user=self.member)
        self.assertEqual(lead.playbook_progress, 50.0)
        line = lead.lead_step_ids.filtered(lambda s: s.step_id == self.step_call)
        self.assertEqual(line.done_user_id, self.member)
        self.assertTrue(line.done_date)

    def test_forward_move_refused_naming_lead_and_missing_steps(self):
        lead = self.lead(name="Harbour Cranes")
        with self.assertRaises(UserError) as refusal:
            lead.with_user(self.member).write({"stage_id": self.stage_b.id})
        message = str(refusal.exception)
        self.assertIn("Harbour Cranes", message)
        self.assertIn("Call the buyer", message)
        self.assertNotIn("Send a brochure", message, "optional steps do not block")
        self.assertEqual(lead.stage_id, self.stage_a)
        self.tick(lead, self.step_call, user=self.member)
        lead.with_user(self.member).write({"stage_id": self.stage_b.id})
        self.assertEqual(lead.stage_id, self.stage_b)
        self.assertEqual(lead.lead_step_ids.stage_id, self.stage_a | self.stage_b)
        self.assertEqual(lead.playbook_progress, 0.0)
        last = self.last_history(lead)
        self.assertEqual((last.stage_from_id, last.stage_to_id), (self.stage_a, self.stage_b))
        self.assertEqual(last.user_id, self.member)
        self.assertFalse(last.overridden)

    def test_skipping_a_stage_needs_its_required_steps_too(self):
        lead = self.lead()
        self.tick(lead, self.step_call)
        with self.assertRaisesRegex(UserError, "Budget confirmed"):
            lead.with_user(self.member).write({"stage_id": self.stage_c.id})

    def test_moving_backward_is_free_and_the_checklist_is_kept(self):
        lead = self.lead()
        self.tick(lead, self.step_call)
        lead.with_user(self.member).write({"stage_id": self.stage_b.id})
        lead.with_user(self.member).write({"stage_id": self.stage_a.id})
        self.assertEqual(lead.stage_id, self.stage_a)
        self.assertEqual(len(lead.lead_step_ids), 3, "no duplicates when re-entering")
        self.assertEqual(lead.playbook_progress, 50.0, "the step done before is kept")
        self.assertEqual(len(lead.stage_history_ids), 3)

    def test_a_salesperson_who_does_not_own_the_lead_is_gated_too(self):
        lead = self.lead(user=self.member)
        for user in (self.leader, self.all_docs):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                lead.with_user(user).write({"stage_id": self.stage_b.id})
        self.tick(lead, self.step_call, user=self.leader)
        lead.with_user(self.leader).write({"stage_id": self.stage_b.id})
        self.assertEqual(self.last_history(lead).user_id, self.leader)

    def test_batch_write_refuses_all_and_names_the_blocking_leads(self):
        ready = self.env["crm.lead"]
        for index in range(5):
            ready |= self.lead(name=f"Ready {index}")
        self.tick(ready, self.step_call)
        blocked = self.lead(name="Blocked Deal")
        with self.assertRaises(UserError) as refusal:
            (ready | blocked).with_user(self.member).write({"stage_id": self.stage_b.id})
        self.assertIn("Blocked Deal", str(refusal.exception))
        self.assertNotIn("Ready 0", str(refusal.exception))
        self.assertEqual(set((ready | blocked).mapped("stage_id")), {self.stage_a})
        ready.with_user(self.member).write({"stage_id": self.stage_b.id})
        self.assertEqual(set(ready.mapped("stage_id")), {self.stage_b})

    def test_batch_write_history_costs_the_same_queries_for_10_and_100_leads(self):
        Lead = self.env["crm.lead"]

        def ready_leads(count):
            leads = Lead.create(
                [
                    {
                        "name": f"Batch {count}-{index}",
                        "type": "opportunity",
                        "user_id": self.member.id,
                        "team_id": self.team_led.id,
                        "stage_id": self.stage_a.id,
                    }
                    for index in range(count)
                ]
            )
            leads.lead_step_ids.filtered(lambda line: line.step_id == self.step_call).write(
                {"done": True}
            )
            return leads

        warm_up = ready_leads(3)
        warm_up.with_user(self.all_docs).write({"stage_id": self.stage_b.id})
        for count in (10, 100):
            leads = ready_leads(count).with_user(self.all_docs)
            self.env.flush_all()
            self.env.invalidate_all()
            with self.subTest(count=count), self.assertQueryCount(46):
                leads.write({"stage_id": self.stage_b.id})
                self.env.flush_all()
            history = self.env["sales.lead.stage.history"].search(
                [("lead_id", "in", leads.ids), ("stage_to_id", "=", self.stage_b.id)]
            )
            self.assertEqual(len(history), count)
            self.assertEqual(len(leads.lead_step_ids), 3 * count)

    def test_won_button_is_gated_lost_never(self):
        lead = self.lead()
        with self.assertRaisesRegex(UserError, "Call the buyer"):
            lead.with_user(self.member).action_set_won()
        lead.with_user(self.member).action_set_lost()
        self.assertFalse(lead.active)
        lead.with_user(self.member).action_unarchive()
        self.tick(lead, self.step_call)
        lead.with_user(self.member).write({"stage_id": self.stage_b.id})
        self.tick(lead, self.step_budget)
        lead.with_user(self.member).action_set_won()
        self.assertEqual(lead.stage_id, self.stage_won)
        self.assertEqual(lead.probability, 100)

    def test_archived_leads_are_gated_like_the_others(self):
        lead = self.lead()
        lead.action_set_lost()
        with self.assertRaises(UserError):
            lead.with_user(self.member).write({"stage_id": self.stage_b.id})
        lead.with_user(self.member).write({"stage_id": self.stage_a.id, "active": True})
        self.assertTrue(lead.active)

    def test_superuser_code_and_a_disabled_gate_pass(self):
        lead = self.lead()
        lead.write({"stage_id": self.stage_b.id})  # data files and the demo run as superuser
        self.assertEqual(self.last_history(lead).stage_to_id, self.stage_b)
        self.company.sales_stage_gate = False
        other = self.lead()
        other.with_user(self.member).write({"stage_id": self.stage_c.id})
        self.assertEqual(other.stage_id, self.stage_c)

    def test_the_form_saves_ticked_steps_with_the_stage(self):
        lead = self.lead()
        with Form(lead.with_user(self.member)) as form:
            with form.lead_step_ids.edit(0) as line:
                line.done = True
            form.stage_id = self.stage_b
        self.assertEqual(lead.stage_id, self.stage_b)

    def test_import_reports_the_gate(self):
        lead = self.lead(name="Imported Deal")
        xmlid = lead.get_external_id()[lead.id] or "__export__.sms_imported_deal"
        if not lead.get_external_id()[lead.id]:
            self.env["ir.model.data"].create(
                {
                    "module": "__export__",
                    "name": "sms_imported_deal",
                    "model": "crm.lead",
                    "res_id": lead.id,
                }
            )
        result = lead.with_user(self.member).load(
            ["id", "stage_id/.id"], [[xmlid, self.stage_b.id]]
        )
        self.assertTrue(
            any("Call the buyer" in message["message"] for message in result["messages"])
        )
        self.assertEqual(lead.stage_id, self.stage_a)

    def test_manager_overrides_with_a_logged_reason(self):
        lead = self.lead()
        with self.assertRaises(AccessError):
            lead.with_user(self.member).action_override_stage(self.stage_c.id, "Hurry")
        with self.assertRaises(UserError):
            lead.with_user(self.manager).action_override_stage(self.stage_c.id, "  ")
        lead.with_user(self.manager).action_override_stage(self.stage_c.id, "Signed early")
        self.assertEqual(lead.stage_id, self.stage_c)
        history = self.last_history(lead)
        self.assertTrue(history.overridden)
        self.assertEqual(history.override_reason, "Signed early")
        self.assertIn("Signed early", lead.message_ids[0].body)

    def test_override_wizard_from_the_form(self):
        lead = self.lead()
        action = lead.with_user(self.manager).action_open_stage_override()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        )
        wizard.stage_id = self.stage_b
        wizard.reason = "Customer's urgency"
        wizard.save().action_confirm()
        self.assertEqual(lead.stage_id, self.stage_b)

    def test_a_step_without_a_name_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "has no name"):
            self.env["sales.stage.step"].create({"stage_id": self.stage_c.id, "name": "   "})

    def test_checklist_lines_only_tick(self):
        lead = self.lead()
        line = lead.lead_step_ids[0].with_user(self.member)
        with self.assertRaises(UserError):
            line.write({"step_id": self.step_budget.id})
        with self.assertRaises(AccessError):
            self.env["sales.lead.step"].with_user(self.member).create(
                {"lead_id": lead.id, "step_id": self.step_budget.id, "stage_id": self.stage_b.id}
            )


@tagged("post_install", "-at_install")
class TestDaysInStageAndReminders(PlaybookCase):
    def test_days_in_stage_overdue_flag_and_search(self):
        self.stage_a.max_days = 3
        lead, moved = self.lead(), self.lead()
        self.entered_days_ago(lead | moved, 4)
        moved.with_user(self.member).write({"stage_id": self.stage_a.id})  # no change
        self.assertAlmostEqual(lead.days_in_stage, 4.0, places=2)
        self.assertTrue(lead.stage_overdue)
        self.assertIn(lead, self.env["crm.lead"].search([("stage_overdue", "=", True)]))
        self.tick(moved, self.step_call)
        moved.with_user(self.member).write({"stage_id": self.stage_b.id})
        self.assertEqual(self.last_history(moved).days_in_stage, 4.0)
        self.assertFalse(moved.stage_overdue)
        not_overdue = self.env["crm.lead"].search([("stage_overdue", "=", False)])
        self.assertIn(moved, not_overdue)
        self.assertNotIn(lead, not_overdue)

    def test_one_reminder_per_overdue_lead_removed_when_it_moves(self):
        self.stage_a.max_days = 2
        activity_type = self.env.ref("sales_mgmt_system.mail_activity_stage_overdue")
        late, on_time = self.lead(name="Late Deal"), self.lead(name="On Time Deal")
        self.entered_days_ago(late, 9)

        def reminders(leads):
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "in", leads.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )

        Lead = self.env["crm.lead"]
        Lead._cron_stage_overdue()
        Lead._cron_stage_overdue()
        self.assertEqual(len(reminders(late)), 1, "one activity, not one per run")
        self.assertEqual(reminders(late).user_id, self.member)
        self.assertFalse(reminders(on_time))
        self.tick(late, self.step_call)
        late.with_user(self.member).write({"stage_id": self.stage_b.id})
        self.assertFalse(reminders(late))


@tagged("post_install", "-at_install")
class TestPlaybookAccess(PlaybookCase):
    def test_steps_are_configuration_only_managers_edit(self):
        step = self.step_call
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                self.assertCanRead(user, step)
                with self.assertRaises(AccessError):
                    step.with_user(user).write({"required": False})
                with self.assertRaises(AccessError):
                    self.env["sales.stage.step"].with_user(user).create(
                        {"stage_id": self.stage_c.id, "name": "Mine"}
                    )
                with self.assertRaises(AccessError):
                    step.with_user(user).unlink()
        with self.assertRaises(AccessError):
            step.with_user(self.internal).read(["name"])
        new = (
            self.env["sales.stage.step"]
            .with_user(self.manager)
            .create({"stage_id": self.stage_c.id, "name": "Demo held", "required": True})
        )
        new.with_user(self.manager).write({"required": False})
        new.with_user(self.manager).unlink()

    def test_checklist_and_history_follow_the_leads_access(self):
        member_lead = self.lead(user=self.member)
        outsider_lead = self.lead(user=self.outsider, team_id=self.team_other.id)
        for model in ("sales.lead.step", "sales.lead.stage.history"):
            records = self.env[model].search([("lead_id", "=", member_lead.id)])
            others = self.env[model].search([("lead_id", "=", outsider_lead.id)])
            with self.subTest(model=model):
                self.assertCanRead(self.member, records)
                self.assertCanRead(self.leader, records)  # leads the member's team
                self.assertCannotRead(self.outsider, records)
                self.assertCanRead(self.all_docs, records | others)
                self.assertCanRead(self.manager, records | others)
                self.assertCannotRead(self.member, others)
                self.assertCannotRead(self.other_company_user, records)
                self.assertCannotRead(self.internal, records)
        self.tick(member_lead, self.step_call, user=self.leader)
        with self.assertRaises(AccessError):
            self.tick(member_lead, self.step_brochure, user=self.outsider)
        history = member_lead.stage_history_ids
        for user in (self.member, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                history.with_user(user).write({"overridden": True})
            with self.assertRaises(AccessError):
                history.with_user(user).unlink()

    def test_archived_lead_history_stays_readable_to_its_owner(self):
        lead = self.lead()
        lead.action_set_lost()
        self.assertCanRead(self.member, lead.with_context(active_test=False).stage_history_ids)

    def test_funnel_rows_follow_the_leads_access(self):
        member_lead = self.lead(user=self.member)
        outsider_lead = self.lead(user=self.outsider, team_id=self.team_other.id)
        Report = self.env["sales.funnel.report"]
        mine = Report.search([("lead_id", "=", member_lead.id)])
        theirs = Report.search([("lead_id", "=", outsider_lead.id)])
        self.assertTrue(mine and theirs)
        self.assertCanRead(self.member, mine)
        self.assertCannotRead(self.member, theirs)
        self.assertCanRead(self.all_docs, mine | theirs)
        self.assertCannotRead(self.internal, mine)


@tagged("post_install", "-at_install")
class TestFunnel(PlaybookCase):
    def test_entries_conversion_days_and_win_rate_per_stage(self):
        leads = self.env["crm.lead"]
        for index in range(4):
            leads |= self.lead(name=f"Funnel {index}")
        self.tick(leads, self.step_call)
        self.entered_days_ago(leads, 2)
        leads[:2].write({"stage_id": self.stage_b.id})
        self.entered_days_ago(leads[:1], 4)
        leads[:1].write({"stage_id": self.stage_won.id})
        self.env.flush_all()
        rows = self.env["sales.funnel.report"]._read_group(
            [("lead_id", "in", leads.ids)],
            ["stage_id"],
            [
                "entered_count:sum",
                "advanced_count:sum",
                "conversion_rate:avg",
                "days_in_stage:avg",
                "win_rate:avg",
            ],
        )
        by_stage = {stage: values for stage, *values in rows}
        self.assertEqual(by_stage[self.stage_a], [4, 2, 50.0, 2.0, 25.0])
        self.assertEqual(by_stage[self.stage_b], [2, 1, 50.0, 4.0, 50.0])
        self.assertEqual(by_stage[self.stage_won][:2], [1, 0])

    def test_each_entry_keeps_its_next_move_whatever_the_order_written(self):
        lead = self.lead(name="Links")
        first = lead.stage_history_ids
        History = self.env["sales.lead.stage.history"]
        now = first.date
        # Written out of date order, as an import would.
        late = History.create(
            {
                "lead_id": lead.id,
                "stage_from_id": self.stage_b.id,
                "stage_to_id": self.stage_c.id,
                "date": now + timedelta(days=5),
                "days_in_stage": 3.0,
            }
        )
        middle = History.create(
            {
                "lead_id": lead.id,
                "stage_from_id": self.stage_a.id,
                "stage_to_id": self.stage_b.id,
                "date": now + timedelta(days=2),
                "days_in_stage": 2.0,
            }
        )

        def links():
            return [
                (entry.stage_to_id, entry.next_stage_id, entry.days_before_next)
                for entry in (first | middle | late).exists().sorted("date")
            ]

        empty = self.env["crm.stage"]
        self.assertEqual(
            links(),
            [
                (self.stage_a, self.stage_b, 2.0),
                (self.stage_b, self.stage_c, 3.0),
                (self.stage_c, empty, 0.0),
            ],
        )
        funnel = self.env["sales.funnel.report"].search([("lead_id", "=", lead.id)])
        self.assertEqual(
            sorted((row.stage_id.name, row.advanced_count, row.days_in_stage) for row in funnel),
            sorted([("Stage A", 1, 2.0), ("Stage B", 1, 3.0), ("Stage C", 0, 0.0)]),
        )
        middle.unlink()
        self.assertEqual(links(), [(self.stage_a, self.stage_c, 3.0), (self.stage_c, empty, 0.0)])
        # Moved before the first entry: the links follow the dates.
        late.write({"date": now - timedelta(days=1)})
        self.assertEqual(links(), [(self.stage_c, self.stage_a, 0.0), (self.stage_a, empty, 0.0)])
        funnel = self.env["sales.funnel.report"].search([("lead_id", "=", lead.id)])
        self.assertEqual(sum(funnel.mapped("advanced_count")), 0)  # C to A is a move back

    def test_funnel_groups_by_team_salesperson_and_period(self):
        self.lead(user=self.member)
        self.lead(user=self.leader)
        self.env.flush_all()
        rows = self.env["sales.funnel.report"]._read_group(
            [("stage_id", "=", self.stage_a.id)],
            ["team_id", "user_id", "date:month"],
            ["entered_count:sum"],
        )
        self.assertEqual(len(rows), 2)
        self.assertEqual({row[0] for row in rows}, {self.team_led})


@tagged("post_install", "-at_install")
class TestStandardProcessInstall(PlaybookCase):
    def test_install_data_respects_a_customised_pipeline(self):
        """Before install: 'Qualified' deleted, 'New' renamed and moved, a phase
        chosen for 'Proposition'. The install keeps all of that."""
        Stage = self.env["crm.stage"]
        new, qualified, proposition, won = (
            self.env.ref(f"crm.stage_lead{index}") for index in range(1, 5)
        )
        self.env["sales.stage.step"].search([]).unlink()
        (new | proposition | won).sales_phase = False
        Lead = self.env["crm.lead"].with_context(active_test=False)
        Lead.search([("stage_id", "=", qualified.id)]).write({"stage_id": new.id})
        qualified.unlink()
        new.write({"name": "Prospects", "sequence": 50})
        proposition.sales_phase = "negotiation"
        before = Stage.search_read([], ["name", "sequence"], order="id")

        Stage._sales_install_playbook()
        Stage._sales_install_playbook()  # twice: nothing more

        self.assertEqual(Stage.search_read([], ["name", "sequence"], order="id"), before)
        self.assertEqual(new.sales_phase, "identify")
        self.assertEqual(proposition.sales_phase, "negotiation", "a chosen phase is kept")
        self.assertEqual(won.sales_phase, "closing")
        self.assertEqual(len(new.step_ids), 2)
        self.assertEqual(
            proposition.step_ids.mapped("name"),
            ["Tailored solution", "Product demo", "Send the quotation"],
        )
        self.assertIn("After-sales handover", won.step_ids.mapped("name"))
        self.assertTrue(all(won.step_ids.mapped("guidance")))
        self.assertEqual(
            self.env.ref("sales_mgmt_system.sales_stage_step_stage_lead1_1"), new.step_ids[0]
        )

    def test_install_data_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        stage = self.env.ref("crm.stage_lead2")
        self.env["sales.stage.step"].search([("stage_id", "=", stage.id)]).unlink()
        self.env["crm.stage"]._sales_install_playbook()
        names = stage.with_context(lang="zh_CN").step_ids.mapped("name")
        self.assertEqual(names, ["痛点", "预算", "决策流程"])
        self.assertEqual(stage.with_context(lang="en_US").step_ids[0].name, "Pain points")

    def test_setup_action_maps_stages_and_creates_only_missing_phases(self):
        self.manager.groups_id += self.env.ref("base.group_system")
        Stage = self.env["crm.stage"]
        shared = Stage.search([("team_id", "=", False)])
        names = {stage: stage.name for stage in shared}
        order = shared.sorted(lambda s: (s.sequence, s.id))
        settings = self.env["res.config.settings"].with_user(self.manager).create({})
        action = settings.action_open_sales_process_setup()
        wizard = self.env[action["res_model"]].with_user(self.manager).browse(action["res_id"])
        self.assertEqual(wizard.line_ids.stage_id, shared)
        mapped = set(shared.mapped("sales_phase")) - {False}
        self.assertNotIn("Contact", wizard.missing_phases if "contact" in mapped else "")
        wizard.action_apply()
        created = Stage.search([("team_id", "=", False)]) - shared
        self.assertEqual(
            set(created.mapped("sales_phase")),
            {"identify", "contact", "needs", "proposal", "negotiation", "closing", "after_sales"}
            - mapped,
        )
        self.assertEqual({stage: stage.name for stage in shared}, names, "nothing renamed")
        self.assertEqual(shared.sorted(lambda s: (s.sequence, s.id)), order, "nor reordered")
        self.assertTrue(all(created.mapped("step_ids")))
        phases = [s.sales_phase for s in Stage.search([("team_id", "=", False)]) if s.sales_phase]
        self.assertLess(phases.index("contact"), phases.index("needs"))
        self.assertLess(phases.index("negotiation"), phases.index("closing"))
        again = (
            self.env[action["res_model"]]
            .with_user(self.manager)
            .browse(settings.action_open_sales_process_setup()["res_id"])
        )
        again.action_apply()
        self.assertEqual(Stage.search([("team_id", "=", False)]), shared | created)

    def test_setup_action_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["sales.process.setup.wizard"].with_user(self.all_docs)._action_open()


@tagged("post_install", "-at_install")
class TestPlaybookSettings(PlaybookCase):
    def test_gate_setting_on_by_default_and_switchable(self):
        self.manager.groups_id += self.env.ref("base.group_system")
        self.assertTrue(self.env["res.company"].create({"name": "New Co"}).sales_stage_gate)
        settings = Form(self.env["res.config.settings"].with_user(self.manager))
        self.assertTrue(settings.sales_stage_gate)
        settings.sales_stage_gate = False
        settings.save().execute()
        self.assertFalse(self.company.sales_stage_gate)


@tagged("post_install", "-at_install")
class TestPlaybookDemo(PlaybookCase):
    def test_demo_pipeline_has_history_and_ticked_steps(self):
        opportunities = self.demo_records("crm.lead")
        if not opportunities:
            self.skipTest("no demo data")
        history = self.env["sales.lead.stage.history"].search(
            [("lead_id", "in", opportunities.ids)]
        )
        self.assertTrue(history.filtered("stage_from_id"), "demo leads moved between stages")
        self.assertTrue(all(row.date <= fields.Datetime.now() for row in history))
        advanced = opportunities.filtered(
            lambda lead: lead.active and lead.stage_id.sequence > 1 and not lead.stage_id.is_won
        )
        for lead in advanced:
            passed = lead.lead_step_ids.filtered(
                lambda line, lead=lead: line.stage_id != lead.stage_id
            )
            self.assertTrue(all(passed.mapped("done")), f"{lead.name}: stages left are done")
        report = self.env["sales.funnel.report"].search_count(
            [("lead_id", "in", opportunities.ids)]
        )
        self.assertEqual(report, len(history))
        self.assertGreater(history[0].date - history[-1].date, timedelta(days=7))
        self.assertTrue(Command)
