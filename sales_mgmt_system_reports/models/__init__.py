from . import sales_analysis_mixin
from . import sales_analysis_ticket
from . import sales_analysis_feedback
from . import sales_analysis_competitor
from . import sales_analysis_channel
from . import sales_analysis_customer
from . import sales_analysis_cost
from . import sales_analysis_marketing
