"""Installing and upgrading the addons logs no WARNING, ERROR or CRITICAL line.

The test command installs both addons with and without demo data and
upgrades them, and names the logs in SALES_MGMT_INSTALL_LOGS.
"""

import os
import re

import pytest

LOGS = [path for path in os.environ.get("SALES_MGMT_INSTALL_LOGS", "").split(os.pathsep) if path]
PROBLEM = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (WARNING|ERROR|CRITICAL) ")


@pytest.mark.skipif(not LOGS, reason="run by the README's test command, which installs")
@pytest.mark.parametrize("log_path", LOGS, ids=os.path.basename)
def test_install_log_is_clean(log_path):
    with open(log_path) as log:
        lines = log.readlines()
    assert any("Modules loaded." in line for line in lines), "the install did not finish"
    problems = [line.rstrip() for line in lines if PROBLEM.match(line)]
    assert not problems, "\n".join(problems)
