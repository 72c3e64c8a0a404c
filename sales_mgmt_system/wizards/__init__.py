from . import sales_commission_generate
from . import sales_review_batch_wizard
from . import sales_award_generate_wizard
from . import crm_lead_lost
