# The Chinese texts of the standard steps use Chinese punctuation.
# ruff: noqa: RUF001
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

SALES_PHASES = [
    ("identify", "Identify"),
    ("contact", "Contact"),
    ("needs", "Needs Analysis"),
    ("proposal", "Proposal"),
    ("negotiation", "Negotiation"),
    ("closing", "Closing"),
    ("after_sales", "After-Sales"),
]

# The standard process given to Odoo's default stages at install, in English
# and Simplified Chinese: (stage xml id, phase, [(name, guidance, required)]).
STANDARD_PLAYBOOK = [
    (
        "crm.stage_lead1",
        "identify",
        [
            (
                ("Identify the customer", "识别潜在客户"),
                (
                    "Check the company, its industry and size, and whether it fits the "
                    "products we sell.",
                    "核实公司、行业与规模，判断其是否适合我们销售的产品。",
                ),
                True,
            ),
            (
                ("Find the contact person", "找到联系人"),
                (
                    "Record who we talk to, their role and how to reach them.",
                    "记录对接人、其职位以及联系方式。",
                ),
                False,
            ),
        ],
    ),
    (
        "crm.stage_lead2",
        "needs",
        [
            (
                ("Pain points", "痛点"),
                (
                    "Ask what problem the customer wants solved and what it costs them "
                    "today; write it in Pain Points.",
                    "询问客户希望解决的问题及其目前造成的损失，并填写在“痛点”中。",
                ),
                True,
            ),
            (
                ("Budget", "预算"),
                (
                    "Ask for the budget and who approves it; enter it in Budget.",
                    "询问预算金额及审批人，并填写在“预算”中。",
                ),
                True,
            ),
            (
                ("Decision process", "决策流程"),
                (
                    "Find out who decides, who influences and the steps to a signature; "
                    "set the decision maker and the purchase timeline.",
                    "了解谁做决定、谁有影响力以及签约前的流程，填写决策人和采购时间表。",
                ),
                True,
            ),
        ],
    ),
    (
        "crm.stage_lead3",
        "proposal",
        [
            (
                ("Tailored solution", "定制解决方案"),
                (
                    "Design the solution around the pain points and the budget found in "
                    "the needs analysis.",
                    "围绕需求分析中发现的痛点和预算设计解决方案。",
                ),
                True,
            ),
            (
                ("Product demo", "产品演示"),
                (
                    "Show the product on the customer's own case, with their decision "
                    "maker present.",
                    "结合客户自身的案例演示产品，并请决策人到场。",
                ),
                False,
            ),
            (
                ("Send the quotation", "发送报价单"),
                (
                    "Create the quotation from the opportunity and send it.",
                    "从商机创建报价单并发送给客户。",
                ),
                True,
            ),
        ],
    ),
    (
        "crm.stage_lead4",
        "closing",
        [
            (
                ("Contract signed", "合同已签订"),
                (
                    "Confirm the sales order and file the signed contract.",
                    "确认销售订单并归档已签订的合同。",
                ),
                True,
            ),
            (
                ("After-sales handover", "移交售后服务"),
                (
                    "Introduce the after-sales contact to the customer and plan the first "
                    "follow-up visit.",
                    "向客户介绍售后对接人，并安排首次客户回访。",
                ),
                True,
            ),
        ],
    ),
]


class CrmStage(models.Model):
    _inherit = "crm.stage"

    sales_phase = fields.Selection(
        SALES_PHASES,
        help="The phase of the standard sales process this stage belongs to.",
    )
    step_ids = fields.One2many("sales.stage.step", "stage_id", string="Standard Work Steps")
    max_days = fields.Integer(
        string="Maximum Days in Stage",
        help="A lead that stays longer in this stage is overdue and its salesperson gets "
        "a reminder. 0: no limit.",
    )
    required_step_count = fields.Integer(
        string="Required Steps", compute="_compute_required_step_count"
    )

    _sql_constraints = [
        (
            "max_days_positive",
            "CHECK(max_days >= 0)",
            "The maximum number of days in a stage cannot be negative: use 0 for no limit.",
        ),
    ]

    @api.depends("step_ids.required")
    def _compute_required_step_count(self):
        for stage in self:
            stage.required_step_count = len(stage.step_ids.filtered("required"))

    @api.model
    def _sales_install_playbook(self):
        """Give Odoo's default stages that still exist their phase and steps.

        Run once, at install: a stage deleted before is skipped, a stage that
        has a phase keeps it, a stage that has steps gets none. Nothing is
        added, renamed, deleted or reordered.
        """
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        for xmlid, phase, steps in STANDARD_PLAYBOOK:
            stage = self.env.ref(xmlid, raise_if_not_found=False)
            if not stage or stage._name != "crm.stage":
                _logger.info("Sales process: stage %s no longer exists, skipped", xmlid)
                continue
            if not stage.sales_phase:
                stage.sales_phase = phase
            if stage.with_context(active_test=False).step_ids:
                continue
            steps = self._sales_create_standard_steps(stage, steps, installed)
            # External ids, so that a language installed later translates them.
            prefix = xmlid.split(".", 1)[1]
            self.env["ir.model.data"]._update_xmlids(
                [
                    {
                        "xml_id": f"sales_mgmt_system.sales_stage_step_{prefix}_{index + 1}",
                        "record": step,
                        "noupdate": True,
                    }
                    for index, step in enumerate(steps)
                ]
            )

    @api.model
    def _sales_create_standard_steps(self, stage, steps, installed_langs):
        Step = self.env["sales.stage.step"].with_context(lang="en_US")
        created = Step.create(
            [
                {
                    "stage_id": stage.id,
                    "sequence": 10 * (index + 1),
                    "name": name[0],
                    "guidance": guidance[0],
                    "required": required,
                }
                for index, (name, guidance, required) in enumerate(steps)
            ]
        )
        if "zh_CN" in installed_langs:
            for step, (name, guidance, _required) in zip(created, steps, strict=True):
                step.update_field_translations("name", {"zh_CN": name[1]})
                step.update_field_translations("guidance", {"zh_CN": guidance[1]})
        return created


# Stages the setup action creates for the phases a pipeline lacks:
# phase -> ((name, Chinese name), is_won, steps as in STANDARD_PLAYBOOK).
PHASE_STAGES = {
    "identify": (("New", "新建"), False, STANDARD_PLAYBOOK[0][2]),
    "contact": (
        ("Contacted", "已接触"),
        False,
        [
            (
                ("First meeting", "首次会面"),
                (
                    "Meet or call the contact person, present the company and agree on the "
                    "next step.",
                    "与联系人会面或通话，介绍公司并约定下一步。",
                ),
                True,
            ),
        ],
    ),
    "needs": (("Qualified", "已确认"), False, STANDARD_PLAYBOOK[1][2]),
    "proposal": (("Proposition", "提案"), False, STANDARD_PLAYBOOK[2][2]),
    "negotiation": (
        ("Negotiation", "谈判"),
        False,
        [
            (
                ("Handle objections", "处理异议"),
                (
                    "List the customer's objections on price, terms and risks and answer each one.",
                    "列出客户对价格、条款和风险的异议，并逐一回应。",
                ),
                True,
            ),
            (
                ("Agree on the terms", "商定条款"),
                (
                    "Agree on price, payment terms and delivery; update the quotation.",
                    "商定价格、付款条件和交付方式，并更新报价单。",
                ),
                True,
            ),
        ],
    ),
    "closing": (("Won", "赢得"), True, STANDARD_PLAYBOOK[3][2]),
    "after_sales": (
        ("After-Sales", "售后服务"),
        True,
        [
            (
                ("First follow-up visit", "首次客户回访"),
                (
                    "Visit or call the customer after delivery and record their feedback.",
                    "交付后拜访或致电客户，并记录客户反馈。",
                ),
                False,
            ),
        ],
    ),
}
