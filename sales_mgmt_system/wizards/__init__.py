from . import sales_commission_generate
from . import sales_review_batch_wizard
from . import sales_award_generate_wizard
from . import sales_stage_override_wizard
from . import sales_process_setup_wizard
from . import sales_work_report_rollup
from . import crm_lead_lost
