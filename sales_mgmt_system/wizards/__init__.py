from . import sales_commission_generate
from . import sales_review_batch_wizard
from . import sales_award_generate_wizard
from . import sales_work_report_rollup
