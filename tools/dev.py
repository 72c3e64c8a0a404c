#!/usr/bin/env python3
"""The project's two commands: a demo server and the full test run.

    python3 tools/dev.py demo     # database with both addons and demo data,
                                  # served on http://localhost:8069
    python3 tools/dev.py test     # every check and test, then clean up
    python3 tools/dev.py bench    # benchmarks at scales 0.1, 0.5 and 1.0
                                  # (tools/bench/; README.md, Benchmarks),
                                  # with OCA's helpdesk_mgmt_sla side by side

Both use the PostgreSQL server named by the usual PG* variables (PGHOST,
PGPORT, PGUSER, PGPASSWORD) when PGHOST is set; otherwise they start a
private cluster of their own with the PostgreSQL server programs found on
this machine (as the unprivileged user "nobody" when run as root, since
PostgreSQL refuses to run as root).
"""

import argparse
import getpass
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ADDONS = ("sales_mgmt_system", "sales_mgmt_system_reports")
DEMO_DB = "sales_mgmt_demo"
DEMO_PORT = 8069


class SetupError(Exception):
    """Something this machine lacks; the message says what to install."""


def say(message):
    print(f"[sales_mgmt] {message}", flush=True)


# ----------------------------------------------------------------------
# Odoo
# ----------------------------------------------------------------------


def odoo_addons_path():
    """Odoo's own addons folders followed by this repository."""
    try:
        import odoo
        from odoo import release
    except ImportError as error:
        raise SetupError(
            f"{sys.executable} cannot import Odoo ({error}). Install Odoo 18.0 so "
            "that `python3 -c 'import odoo'` works (README.md, Requirements)."
        ) from error
    if tuple(release.version_info[:2]) != (18, 0):
        raise SetupError(
            f"{sys.executable} imports Odoo {release.version} from {odoo.__file__}; "
            "these addons need Odoo 18.0."
        )
    package = Path(odoo.__file__).resolve().parent
    folders = [package / "addons", package.parent / "addons"]
    return ",".join(str(f) for f in folders if f.is_dir()) + f",{REPO}"


def run_odoo(config, args, log_path=None):
    """Run Odoo's command line with ``config``; return its exit code."""
    command = [sys.executable, "-m", "odoo", "-c", str(config), *args]
    if log_path is None:
        return subprocess.call(command)
    with open(log_path, "w") as log:
        return subprocess.call(command, stdout=log, stderr=subprocess.STDOUT)


def write_odoo_config(path, server, data_dir, extra=None):
    options = {
        "addons_path": odoo_addons_path(),
        "data_dir": data_dir,
        "db_host": server.host,
        "db_port": server.port,
        "db_user": server.user,
        "db_password": server.password or "False",
        "list_db": "False",
        **(extra or {}),
    }
    lines = ["[options]"] + [f"{key} = {value}" for key, value in options.items()]
    Path(path).write_text("\n".join(lines) + "\n")


# ----------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------


class ExternalServer:
    """The server the PG* environment variables name."""

    def __init__(self):
        self.host = os.environ["PGHOST"]
        self.port = os.environ.get("PGPORT", "5432")
        self.user = os.environ.get("PGUSER", getpass.getuser())
        self.password = os.environ.get("PGPASSWORD", "")

    def start(self):
        say(f"Using the PostgreSQL server at {self.host}:{self.port} as {self.user}.")

    def stop(self):
        pass

    def drop_database(self, name):
        psql = shutil.which("dropdb")
        if psql:
            subprocess.call(
                [psql, "--if-exists", "-h", self.host, "-p", self.port, "-U", self.user, name]
            )


def postgres_bin_dir():
    """The folder of initdb and pg_ctl: on PATH or in Debian's layout."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    raise SetupError(
        "PostgreSQL's server programs (initdb, pg_ctl) were not found. Install them "
        "(Debian/Ubuntu: apt-get install postgresql) or point PGHOST, PGPORT, PGUSER "
        "and PGPASSWORD at a running PostgreSQL 12+ server."
    )


class PrivateCluster:
    """A PostgreSQL cluster in a folder of its own, reached by its socket only."""

    user = "odoo"
    password = ""
    port = "5432"

    def __init__(self, folder):
        self.folder = Path(folder)
        self.data = self.folder / "pgdata"
        self.host = str(self.folder)  # the socket lives in the cluster folder
        self.bin = postgres_bin_dir()
        self.as_root = os.geteuid() == 0

    def _run(self, *command, **kwargs):
        """Run a PostgreSQL program as the cluster's owner."""
        prefix = ["runuser", "-u", "nobody", "--"] if self.as_root else []
        return subprocess.run([*prefix, *command], check=True, **kwargs)

    def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.folder, user="nobody")
        if not (self.data / "PG_VERSION").exists():
            say(f"Creating a private PostgreSQL cluster in {self.data}.")
            self._run(
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                self.user,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                stdout=subprocess.DEVNULL,
            )
        say("Starting the private PostgreSQL cluster.")
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.folder / "postgresql.log"),
            "-o",
            f"-k {self.folder} -c listen_addresses='' -p {self.port} -c fsync=off",
            "start",
            stdout=subprocess.DEVNULL,
        )

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self._run(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "fast",
                "-w",
                "stop",
                stdout=subprocess.DEVNULL,
            )

    def drop_database(self, name):
        pass  # the whole cluster goes


def database_server(folder):
    return ExternalServer() if os.environ.get("PGHOST") else PrivateCluster(folder)


def check_postgres_reachable_by_nobody(folder):
    """As root, the cluster folder must be reachable by the user 'nobody'."""
    if os.geteuid() != 0:
        return True
    probe = subprocess.run(
        ["runuser", "-u", "nobody", "--", "test", "-x", str(Path(folder).parent)],
        check=False,
    )
    return probe.returncode == 0


# ----------------------------------------------------------------------
# demo
# ----------------------------------------------------------------------


def demo_state_folder():
    folder = REPO / ".demo"
    if check_postgres_reachable_by_nobody(folder):
        return folder
    # Running as root from a folder "nobody" cannot enter (under /root, say).
    return Path(tempfile.gettempdir()) / f"sales_mgmt_demo_{abs(hash(str(REPO)))}"


def command_demo(options):
    state = demo_state_folder()
    server = database_server(state / "postgresql")
    config = state / "odoo.conf"
    state.mkdir(parents=True, exist_ok=True)
    write_odoo_config(
        config,
        server,
        state / "filestore",
        {"http_port": options.port, "dbfilter": f"^{options.database}$"},
    )
    server.start()
    try:
        exists = database_exists(config, options.database)
        if exists and options.reset:
            say(f"Dropping database {options.database} (--reset)...")
            drop_database(config, options.database)
            exists = False
        # A database made by an older checkout gets the addons' current code.
        action = ("-u", "Upgrading") if exists else ("-i", "Creating")
        say(f"{action[1]} database {options.database} with both addons and demo data...")
        log = state / "install.log"
        if run_odoo(
            config,
            ["-d", options.database, action[0], ",".join(ADDONS), "--stop-after-init"],
            log,
        ):
            raise SetupError(f"Installing the addons failed; see {log}.")
        say(f"Serving Odoo on http://localhost:{options.port} (admin / admin). Ctrl+C stops.")
        server_process = subprocess.Popen(
            [sys.executable, "-m", "odoo", "-c", str(config), "-d", options.database]
        )
        try:
            code = server_process.wait()
        except KeyboardInterrupt:
            # Ctrl+C in a terminal reaches Odoo too, which then stops by
            # itself; a signal sent to this command alone must still stop
            # Odoo before the cluster stops.
            try:
                code = server_process.wait(timeout=10)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):
                server_process.terminate()
                code = server_process.wait()
        return 0 if code in (0, -signal.SIGINT, -signal.SIGTERM) else code
    finally:
        server.stop()


def database_exists(config, name):
    script = (
        "import sys, odoo\n"
        "odoo.tools.config.parse_config(['-c', sys.argv[1]])\n"
        "sys.exit(0 if sys.argv[2] in odoo.service.db.list_dbs(True) else 1)\n"
    )
    return subprocess.call([sys.executable, "-c", script, str(config), name]) == 0


def drop_database(config, name):
    script = (
        "import sys, odoo\n"
        "odoo.tools.config.parse_config(['-c', sys.argv[1]])\n"
        "odoo.tools.config['list_db'] = True  # this script manages databases\n"
        "odoo.service.db.exp_drop(sys.argv[2])\n"
    )
    subprocess.check_call([sys.executable, "-c", script, str(config), name])


# ----------------------------------------------------------------------
# test
# ----------------------------------------------------------------------


def install_addons(config, database, log_dir, demo):
    """Install both addons in a new database; return the path of its log."""
    kind = "demo" if demo else "nodemo"
    log = log_dir / f"install-{kind}.log"
    args = ["-d", database, "-i", ",".join(ADDONS), "--stop-after-init"]
    if not demo:
        args.append("--without-demo=all")
    say(f"Installing both addons {'with' if demo else 'without'} demo data in {database}...")
    if run_odoo(config, args, log):
        raise SetupError(f"Installing the addons failed; the log follows.\n{Path(log).read_text()}")
    return log


def upgrade_addons(config, database, log_dir):
    log = log_dir / "upgrade-demo.log"
    say(f"Upgrading both addons in {database}...")
    args = ["-d", database, "-u", ",".join(ADDONS), "--stop-after-init"]
    if run_odoo(config, args, log):
        raise SetupError(f"Upgrading the addons failed; the log follows.\n{Path(log).read_text()}")
    return log


def clean_up(server, databases, state, keep):
    """Stop the server; unless ``keep``, drop ``databases`` and remove ``state``."""
    if not keep:
        for database in databases:
            server.drop_database(database)
    server.stop()
    if keep:
        say(f"Kept {state} (odoo.conf, logs, cluster, databases).")
    else:
        shutil.rmtree(state, ignore_errors=True)


def command_test(options):
    run_id = uuid.uuid4().hex[:8]
    state = Path(tempfile.mkdtemp(prefix="sales_mgmt_test_"))
    os.chmod(state, 0o755)  # the private cluster's owner must reach its folder
    server = database_server(state / "postgresql")
    config = state / "odoo.conf"
    write_odoo_config(config, server, state / "filestore")
    databases = [f"sms_test_{run_id}_nodemo", f"sms_test_{run_id}"]
    server.start()
    try:
        logs = [
            install_addons(config, databases[0], state, demo=False),
            install_addons(config, databases[1], state, demo=True),
            upgrade_addons(config, databases[1], state),
        ]
        env = dict(os.environ, SALES_MGMT_INSTALL_LOGS=os.pathsep.join(map(str, logs)))
        command = [
            sys.executable,
            "-m",
            "pytest",
            f"--odoo-config={config}",
            f"--odoo-database={databases[1]}",
            "--odoo-http",
            "tests",
            *ADDONS,
            *options.pytest_args,
        ]
        say("Running the tests: " + " ".join(command[3:]))
        return subprocess.call(command, cwd=REPO, env=env)
    finally:
        clean_up(server, databases, state, options.keep)


# ----------------------------------------------------------------------
# bench
# ----------------------------------------------------------------------

BENCH_SCALES = ("0.1", "0.5", "1.0")


def duplicate_database(config, source, name):
    script = (
        "import sys, odoo\n"
        "odoo.tools.config.parse_config(['-c', sys.argv[1]])\n"
        "odoo.tools.config['list_db'] = True  # this script manages databases\n"
        "odoo.service.db.exp_duplicate_database(sys.argv[2], sys.argv[3])\n"
    )
    subprocess.check_call([sys.executable, "-c", script, str(config), source, name])


def install_oca(folder):
    """pip-install OCA's helpdesk_mgmt_sla and helpdesk_mgmt into ``folder``
    (never into site-packages); return its addons folder, or None with the
    reason said when PyPI cannot be reached."""
    sys.path.insert(0, str(REPO / "tools" / "bench"))
    import oca_helpdesk

    say("Installing OCA's helpdesk_mgmt_sla 18.0 from PyPI into the run's folder...")
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "--timeout",
        "30",
        "--retries",
        "1",
        "--target",
        str(folder),
        *oca_helpdesk.OCA_ADDONS,
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    addons = Path(folder) / "odoo" / "addons"
    if result.returncode or not (addons / oca_helpdesk.OCA_MODULE).is_dir():
        say(
            "Could not install OCA's helpdesk_mgmt_sla (is PyPI reachable?): the OCA "
            f"rows are left out.\n{result.stderr.strip()[-2000:]}"
        )
        return None
    return addons


def prepare_oca(state, server, database):
    """An OCA database with helpdesk_mgmt_sla installed without demo data and its
    config; None (OCA rows left out) when OCA's addons cannot be installed."""
    addons = install_oca(state / "oca")
    if addons is None:
        return None
    config = state / "odoo-oca.conf"
    extra = {"addons_path": f"{odoo_addons_path()},{addons}"}
    write_odoo_config(config, server, state / "filestore-oca", extra)
    log = state / "install-oca.log"
    say(f"Installing OCA's helpdesk_mgmt_sla without demo data in {database}...")
    args = ["-d", database, "-i", "helpdesk_mgmt_sla", "--stop-after-init", "--without-demo=all"]
    if run_odoo(config, args, log):
        say(f"Installing OCA's helpdesk_mgmt_sla failed (log: {log}): the OCA rows are left out.")
        return None
    return config


def run_bench_script(script, config, database, scale, json_path, *args):
    """Run one of tools/bench's scripts in a process of its own; return its table."""
    command = [
        sys.executable,
        str(REPO / "tools" / "bench" / script),
        "-c",
        str(config),
        "-d",
        database,
        "--scale",
        scale,
        "--json",
        str(json_path),
        *args,
    ]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if result.returncode:
        raise SetupError(f"{script} at scale {scale} failed:\n{result.stderr}")
    return result.stdout.split("done: ")[-1].split("\n", 1)[-1]


def command_bench(options):
    """A database without demo data per scale, filled by tools/bench/generate.py,
    then every heavy operation timed by tools/bench/run.py; OCA's helpdesk_mgmt_sla
    timed on the same tickets by tools/bench/oca_helpdesk.py; prints the tables."""
    sys.path.insert(0, str(REPO / "tools" / "bench"))
    import growth
    import oca_helpdesk

    run_id = uuid.uuid4().hex[:8]
    state = Path(tempfile.mkdtemp(prefix="sales_mgmt_bench_"))
    os.chmod(state, 0o755)  # the private cluster's owner must reach its folder
    server = database_server(state / "postgresql")
    config = state / "odoo.conf"
    write_odoo_config(config, server, state / "filestore")
    template = f"sms_bench_{run_id}"
    oca_database = f"{template}_oca"
    databases = [template]
    server.start()
    try:
        install_addons(config, template, state, demo=False)
        oca_config = None
        if not options.no_oca and set(options.oca_scales) & set(options.scales):
            databases.append(oca_database)
            oca_config = prepare_oca(state, server, oca_database)
        tables, results = [], []
        for scale in options.scales:
            database = f"{template}_{scale.replace('.', '_')}"
            databases.append(database)
            duplicate_database(config, template, database)
            say(f"Scale {scale}: generating and timing in {database}...")
            ours_json = state / f"ours-{scale}.json"
            tables.append(run_bench_script("run.py", config, database, scale, ours_json))
            if not options.keep:
                server.drop_database(database)
                databases.remove(database)
            results.append((scale, json.loads(ours_json.read_text())))
            if oca_config is None or scale not in options.oca_scales:
                continue
            ours = json.loads(ours_json.read_text())
            open_tickets = ours.get(oca_helpdesk.OURS_CHECK_NAME, {}).get("rows")
            args = ["--open-tickets", str(open_tickets)] if open_tickets else []
            say(f"Scale {scale}: timing OCA's helpdesk_mgmt_sla in {oca_database}...")
            oca_json = state / f"oca-{scale}.json"
            oca_table = run_bench_script(
                "oca_helpdesk.py", oca_config, oca_database, scale, oca_json, *args
            )
            tables.append(oca_table)
            compared = oca_helpdesk.comparison(ours, json.loads(oca_json.read_text()))
            if compared:
                tables.append(f"Ours vs OCA's helpdesk_mgmt_sla, scale {scale}\n\n{compared}")
        tables.append(growth.growth_table(results))
        print("\n\n".join(table for table in tables if table))
        return 0
    finally:
        clean_up(server, databases, state, options.keep)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="serve a demo database on localhost")
    demo.add_argument("--database", default=DEMO_DB)
    demo.add_argument("--port", type=int, default=DEMO_PORT)
    demo.add_argument(
        "--reset", action="store_true", help="drop the demo database and make it again"
    )
    test = commands.add_parser("test", help="run every check and test")
    test.add_argument("--keep", action="store_true", help="keep the databases and logs")
    test.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    bench = commands.add_parser("bench", help="time the heavy operations at scale")
    bench.add_argument(
        "--scales", nargs="+", default=list(BENCH_SCALES), help="data scales (1.0: 300,000 orders)"
    )
    bench.add_argument("--keep", action="store_true", help="keep the databases and logs")
    bench.add_argument(
        "--no-oca", action="store_true", help="leave out OCA's helpdesk_mgmt_sla comparison"
    )
    bench.add_argument(
        "--oca-scales",
        nargs="*",
        default=[BENCH_SCALES[0]],
        help="scales at which OCA's helpdesk_mgmt_sla is timed too (default: 0.1; its own "
        "setup creates the scale's tickets through its ORM, 12 minutes at 1.0)",
    )
    options = parser.parse_args(argv)
    try:
        odoo_addons_path()  # fail at once, before anything is started
        if options.command == "demo":
            return command_demo(options)
        if options.command == "bench":
            return command_bench(options)
        return command_test(options)
    except SetupError as error:
        print(f"[sales_mgmt] ERROR: {error}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as error:
        print(f"[sales_mgmt] ERROR: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
