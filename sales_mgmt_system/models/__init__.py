from . import sales_mgmt_demo
from . import sales_mgmt_measure
from . import sales_target
from . import res_config_settings
from . import sales_review_template
from . import sales_review
from . import sales_award
from . import sales_mgmt_demo_review
