from . import sales_mgmt_demo
from . import sales_mgmt_measure
from . import sales_target
from . import res_config_settings
from . import sales_mgmt_demo_target
from . import sales_commission_plan
from . import sales_commission_statement
from . import sales_mgmt_demo_commission
