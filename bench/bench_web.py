"""Benchmark: the hub's pages under load, and uploading through the web against the CLI.

Issue 7 asks, with 20 organisations, 200 submissions and 1,000,000 stored records, that
the submissions list and the dashboard answer at a median under 100 ms and a p99 under
300 ms under 20 concurrent loopback clients, and that uploading and validating a
100,000-row file through the web take under 2 times the CLI's time for the same file.

    python bench/bench_web.py                        # the figures of the issue
    python bench/bench_web.py --records 100000 --seconds 5     # quicker
    python bench/bench_web.py --processes 1          # waitress, one process

The hub is a real `palermo serve` in its own process on SQLite in a temporary
PALERMO_HOME, with one server process per core by default (gunicorn; `--processes 1` is
waitress). The load comes from wrk (`apt-get install -y wrk`), 20 keep-alive connections
that each send the next request as soon as the last one is answered; wrk is written in C
and takes little of the cores the server needs. Without wrk, a thread pool of persistent
HTTP connections in this process does the same more expensively (`--requests` per page):
its threads then take CPU time from the server they measure.

Every figure is printed with the machine's load average (`uptime`): on a shared machine
other work lengthens the tail.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import logging
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ORGANISATIONS = 20
SUBMISSIONS = 200
PERIODS = (
    SUBMISSIONS // ORGANISATIONS
)  # one victims submission per organisation and year
FIRST_PERIOD = 2016
PASSWORD = "a long benchmark passphrase 7"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _setup_django(home: Path) -> None:
    os.environ["PALERMO_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo_web.settings")
    from palermo_web.hub import open_hub

    open_hub()


def _victims(n: int, organisation: str, offset: int) -> Any:
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng(offset)
    countries = np.array(["FR", "RO", "NG", "BG", "VN", "AL", "CN", "BR"])
    forms = [
        ["sexual"],
        ["labour"],
        ["sexual", "labour"],
        ["begging"],
        ["criminal_activities"],
    ]
    return pa.table(
        {
            "source_record_id": [f"R{offset + i:08d}" for i in range(n)],
            "organisation_id": pa.array([organisation] * n),
            "organisation_type": pa.array(["ngo"] * n),
            "status": pa.array(np.where(rng.random(n) < 0.6, "identified", "presumed")),
            "sex": pa.array(np.where(rng.random(n) < 0.7, "female", "male")),
            "age": pa.array(rng.integers(8, 70, n), pa.int64()),
            "citizenship": pa.array(countries[rng.integers(0, len(countries), n)]),
            "forms_of_exploitation": pa.array(
                [forms[i % len(forms)] for i in rng.integers(0, 5, n)]
            ),
        }
    )


def populate(records: int) -> dict[str, Any]:
    """20 organisations, 200 submissions holding ``records`` records, people, runs."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from palermo.standard import STANDARD_VERSION
    from palermo_web.accounts.models import ApiToken, Profile, Role
    from palermo_web.accounts.views import SESSION_LOGIN_AT
    from palermo_web.organisations.models import Organisation
    from palermo_web.runs import worker
    from palermo_web.runs.models import Run
    from palermo_web.submissions.models import Submission
    from palermo_web.submissions.storage import insert_records, storable

    User = get_user_model()
    per_submission = records // SUBMISSIONS
    started = time.perf_counter()
    organisations = [
        Organisation.objects.create(
            id=f"org-{i:02d}",
            name=f"Organisation {i}",
            organisation_type="ngo",
            country="FR",
        )
        for i in range(ORGANISATIONS)
    ]
    offset = 0
    for organisation in organisations:
        for period in range(FIRST_PERIOD, FIRST_PERIOD + PERIODS):
            table, columns = storable(_victims(per_submission, organisation.pk, offset))
            offset += per_submission
            with transaction.atomic():
                submission = Submission.objects.create(
                    organisation=organisation,
                    kind="victims",
                    reference_period=period,
                    version=1,
                    checksum=uuid.uuid4().hex * 2,
                    file_name="victims.csv",
                    row_count=table.num_rows,
                    submitted_by="bench",
                    standard_version=STANDARD_VERSION,
                    columns=columns,
                    report={"valid": True, "rows": table.num_rows, "issues": []},
                )
                insert_records(submission.pk, table, columns)
    stored = time.perf_counter() - started

    def person(username: str, role: Role, organisation: Any = None) -> Any:
        user = User.objects.create_user(username=username, password=PASSWORD)
        Profile.objects.create(user=user, role=role, organisation=organisation)
        return user

    submitter = person("submitter", Role.SUBMITTER, organisations[0])
    analyst = person("analyst", Role.ANALYST)
    device = TOTPDevice.objects.create(user=analyst, name="app", confirmed=True)
    _token, key = ApiToken.issue(submitter, "bench")
    web_submitter = person("websubmitter", Role.SUBMITTER, organisations[1])
    _token, web_key = ApiToken.issue(web_submitter, "bench")

    def session(user: Any, otp: bool) -> str:
        client = Client()
        client.force_login(user)
        s = client.session
        s[SESSION_LOGIN_AT] = time.time()
        if otp:
            s["otp_device_id"] = device.persistent_id
        s.save()
        return str(client.cookies["sessionid"].value)

    run_started = time.perf_counter()
    for period in range(FIRST_PERIOD + PERIODS - 3, FIRST_PERIOD + PERIODS):
        Run.request(period, analyst)
    # The benchmark's records are random rows with no person recorded twice, so the
    # runs' linkage and estimation warn as they should on such data: not news here.
    logging.disable(logging.WARNING)
    worker.run_pending()
    logging.disable(logging.NOTSET)
    runs = time.perf_counter() - run_started
    return {
        "store_seconds": stored,
        "run_seconds": runs,
        "submitter_session": session(submitter, False),
        "analyst_session": session(analyst, True),
        "token": key,
        "web_token": web_key,
        "web_org": organisations[1].pk,
        "cli_org": organisations[2].pk,
        "last_period": FIRST_PERIOD + PERIODS - 1,
    }


def load(
    port: int, path: str, session: str, clients: int, requests: int
) -> list[float]:
    """``requests`` GETs of ``path`` spread over ``clients`` concurrent connections."""

    def client(count: int) -> list[float]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        timings = []
        for _ in range(count):
            start = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": f"sessionid={session}"})
            response = connection.getresponse()
            response.read()
            timings.append(time.perf_counter() - start)
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
        connection.close()
        return timings

    each = max(1, requests // clients)
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, [each] * clients))
    return [t for r in results for t in r]


# wrk's Lua hook: the figures of the whole run, in microseconds, on one line.
_WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("palermo %d %d %d %d %d\\n", latency:percentile(50),
    latency:percentile(99), summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
"""


def load_wrk(
    port: int, path: str, session: str, clients: int, seconds: float, script: Path
) -> tuple[float, float, int]:
    """wrk against ``path`` for ``seconds``: median and p99 in ms, and requests made."""
    out = subprocess.run(
        [
            "wrk",
            f"--threads={min(2, clients)}",
            f"--connections={clients}",
            f"--duration={max(1, round(seconds))}s",
            "--timeout=10s",
            f"--script={script}",
            "--header",
            f"Cookie: sessionid={session}",
            f"http://127.0.0.1:{port}{path}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.search(r"^palermo (\d+) (\d+) (\d+) (\d+) (\d+)$", out, re.MULTILINE)
    if found is None:
        raise RuntimeError(f"no figures in wrk's output for {path}")
    median, p99, requests, bad_status, errors = map(int, found.groups())
    if bad_status or errors:
        raise RuntimeError(f"{path}: {bad_status} answers not 200, {errors} errors")
    return median / 1000, p99 / 1000, requests


def _load_average() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def write_upload_file(path: Path, rows: int, organisation: str) -> None:
    countries = ["FR", "RO", "NG", "BG", "VN"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "source_record_id",
                "organisation_id",
                "organisation_type",
                "registration_date",
                "status",
                "sex",
                "age",
                "citizenship",
                "forms_of_exploitation",
            ]
        )
        for i in range(rows):
            writer.writerow(
                [
                    f"U{i:07d}",
                    organisation,
                    "ngo",
                    f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    "identified" if i % 3 else "presumed",
                    "female" if i % 4 else "male",
                    18 + i % 50,
                    countries[i % 5],
                    "sexual;labour" if i % 7 == 0 else "labour",
                ]
            )


def post_file(port: int, token: str, path: Path, period: int) -> tuple[int, float]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nvictims\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="period"\r\n\r\n{period}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    body = head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    connection.request(
        "POST",
        "/api/submissions",
        body=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    response = connection.getresponse()
    response.read()
    return response.status, time.perf_counter() - start


def _percentiles(timings: list[float]) -> tuple[float, float, int]:
    ms = sorted(t * 1000 for t in timings)
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    return statistics.median(ms), p99, len(ms)


def _figures(name: str, median: float, p99: float, count: int) -> None:
    verdict = "ok" if median < 100 and p99 < 300 else "SLOWER THAN THE TARGET"
    print(
        f"{name:<34} n={count:>6}  median {median:7.1f} ms  p99 {p99:7.1f} ms  "
        f"({verdict}; {_load_average()})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--upload-rows", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--seconds", type=float, default=15, help="of load per page (wrk)"
    )
    parser.add_argument(
        "--requests", type=int, default=1000, help="per page (without wrk)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="palermo serve --processes (default: one per core)",
    )
    parser.add_argument(
        "--threads", type=int, default=8, help="palermo serve --threads"
    )
    parser.add_argument(
        "--no-wrk", action="store_true", help="load from Python threads even with wrk"
    )
    args = parser.parse_args()
    wrk = None if args.no_wrk else shutil.which("wrk")

    with tempfile.TemporaryDirectory(prefix="palermo-bench-web-") as folder:
        home = Path(folder) / "home"
        _setup_django(home)
        print(
            f"populating: {ORGANISATIONS} organisations, {SUBMISSIONS} submissions, {args.records:,} records"
        )
        world = populate(args.records)
        print(
            f"stored in {world['store_seconds']:.1f} s; 3 annual runs in {world['run_seconds']:.1f} s"
        )
        # The server starts on a hub at rest: this process's connection closes, and with
        # it the write-ahead log is checkpointed into the database.
        from django.db import connections

        connections.close_all()

        port = _free_port()
        env = {**os.environ, "PALERMO_HOME": str(home)}
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from palermo.cli._app import run; run()",
                "serve",
                "--port",
                str(port),
                "--threads",
                str(args.threads),
                "--no-worker",
                "--processes",
                str(args.processes),
            ],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        script = Path(folder) / "report.lua"
        script.write_text(_WRK_REPORT, encoding="utf-8")
        pages = [
            ("submissions list (analyst: all)", "/submissions/", "analyst_session"),
            ("submissions list (submitter)", "/submissions/", "submitter_session"),
            ("dashboard", f"/dashboard/{world['last_period']}/", "analyst_session"),
        ]
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            # Warm up every process's caches and connections before measuring.
            for _name, path, session in pages:
                load(port, path, world[session], args.clients, 4 * args.clients)
            how = (
                f"wrk, {args.seconds:g} s per page"
                if wrk
                else f"Python threads, {args.requests} requests per page"
            )
            server_kind = (
                f"{args.processes} gunicorn processes"
                if args.processes > 1
                else "waitress, one process"
            )
            print(
                f"\n{args.clients} concurrent clients ({how}); "
                f"{server_kind} of {args.threads} threads:"
            )
            for name, path, session in pages:
                if wrk:
                    figures = load_wrk(
                        port, path, world[session], args.clients, args.seconds, script
                    )
                else:
                    figures = _percentiles(
                        load(port, path, world[session], args.clients, args.requests)
                    )
                _figures(name, *figures)

            upload = Path(folder) / "upload.csv"
            write_upload_file(upload, args.upload_rows, world["cli_org"])
            cli_started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "from palermo.cli._app import run; run()",
                    "submit",
                    str(upload),
                    "--kind",
                    "victims",
                    "--org",
                    world["cli_org"],
                    "--period",
                    "2030",
                ],
                env=env,
                check=True,
                capture_output=True,
            )
            cli = time.perf_counter() - cli_started
            web_file = Path(folder) / "web.csv"
            write_upload_file(web_file, args.upload_rows, world["web_org"])
            status, web = post_file(port, world["web_token"], web_file, 2030)
            if status != 201:
                raise RuntimeError(f"the web upload answered {status}")
            ratio = web / cli
            print(
                f"\nupload and validate {args.upload_rows:,} rows: CLI {cli:.2f} s, web {web:.2f} s, "
                f"ratio {ratio:.2f} ({'ok' if ratio < 2 else 'SLOWER THAN THE TARGET'}: under 2)"
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the benchmark process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
