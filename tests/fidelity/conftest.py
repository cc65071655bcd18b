"""Fidelity suite: the vendors' own client libraries against `golden sandbox serve` (issue 15).

One `golden sandbox serve` process runs for the whole session on 127.0.0.1 (every sandbox binds a free port and
the ports come back in the one JSON line the command prints). Only that process is stopped at the end, by its pid.
Each client is built exactly as its documentation says, with only the base URL pointed at the sandbox.
"""

import json
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time

import pytest
import requests
from requests.adapters import HTTPAdapter

ROOT = pathlib.Path(__file__).resolve().parents[2]
RECORDS = 3000
SEED = 7
TOKENS = {
    "sf_a": "fidelity-sf-a",
    "sf_b": "fidelity-sf-b",
    "hubspot": "fidelity-hubspot",
    "bitrix24": "fidelity-bitrix24",
    "elma365": "fidelity-elma365",
}


def golden_binary() -> str:
    explicit = os.environ.get("GOLDEN_BIN")
    if explicit:
        return explicit
    for candidate in (ROOT / ".build" / "debug" / "golden", ROOT / ".build" / "release" / "golden"):
        if candidate.exists():
            return str(candidate)
    pytest.exit("no golden binary: run `swift build` first or set GOLDEN_BIN", returncode=2)


class Sandbox:
    def __init__(self, started: dict):
        self.ports = {source["name"]: source.get("port") for source in started["sources"]}
        self.records = {source["name"]: source["records"] for source in started["sources"]}

    def base(self, source: str) -> str:
        return f"http://127.0.0.1:{self.ports[source]}"

    def token(self, source: str) -> str:
        return TOKENS[source]


@pytest.fixture(scope="session")
def sandbox():
    folder = tempfile.mkdtemp(prefix="golden-fidelity-")
    env = dict(os.environ)
    for source, token in TOKENS.items():
        env[f"SANDBOX_{source.upper()}_TOKEN"] = token
    errors = open(os.path.join(folder, "serve.stderr"), "w+")
    process = subprocess.Popen(
        [golden_binary(), "sandbox", "serve", "--records", str(RECORDS), "--seed", str(SEED),
         "--write-config", os.path.join(folder, "golden.yaml")],
        stdout=subprocess.PIPE, stderr=errors, env=env, cwd=ROOT, text=True)
    try:
        line = process.stdout.readline()
        if not line:
            status = process.wait(timeout=10)
            errors.seek(0)
            raise RuntimeError(f"golden sandbox serve exited ({status}) before it listened:\n{errors.read()}")
        yield Sandbox(json.loads(line))
    finally:
        # Only the process this fixture started.
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors.close()
        shutil.rmtree(folder, ignore_errors=True)


class PlainHTTPForSandbox(HTTPAdapter):
    """simple-salesforce and pybitrix24 hard-code `https://` in front of the host they are given; the sandbox
    speaks plain HTTP on loopback. Mounted for the sandbox's own `https://127.0.0.1:<port>` prefix only, this
    adapter sends the very same request (method, path, query, headers, body) over http."""

    def send(self, request, **kwargs):
        request.url = "http://" + request.url[len("https://"):]
        return super().send(request, **kwargs)


def plain_http_session(host_and_port: str) -> requests.Session:
    session = requests.Session()
    session.mount(f"https://{host_and_port}", PlainHTTPForSandbox())
    return session


def wait_for_next_second():
    """Sleeps to the start of the next wall-clock second (stamps are whole seconds)."""
    time.sleep(1.05 - (time.time() % 1.0))
