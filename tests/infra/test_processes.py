"""The commands and health checks of docker-compose.yml, run for real on this machine with the
environment Compose would give each container (the stack's PostgreSQL and Redis host names
swapped for local ones), and the image's runtime dependencies alone running the application."""

from __future__ import annotations

import json
import shlex
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from config.celery import app as celery_app
from tests.infra.deployment import (
    ROOT,
    VENV_BIN,
    command_of,
    free_port,
    interpolate,
    load_compose,
    production_env,
    read_env_example,
    run,
    service_environment,
    stop,
    wait_for_port,
)

SECRETS = {"SECRET_KEY": "s" * 50, "POSTGRES_PASSWORD": "postgrespassword1"}


def container_env(service: str, tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment Compose gives ``service`` (with .env as .env.example shipped, secrets
    filled in), with a local SQLite database and cache in place of the stack's services."""
    compose = load_compose()
    variables = {**read_env_example().values, **SECRETS}
    env = {**read_env_example().values, **SECRETS}  # env_file: .env
    env.update(service_environment(compose, service, variables))
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'academy.sqlite3'}",
            "CACHE_URL": "locmemcache://infra",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),
        }
    )
    env.update(overrides)
    return production_env(env)


def healthcheck_shell_command(service: str) -> str:
    """The health check as the container's shell runs it (after Compose's interpolation)."""
    test = load_compose()["services"][service]["healthcheck"]["test"]
    if test[0] == "CMD-SHELL":
        return interpolate(str(test[1]), SECRETS)
    return shlex.join(interpolate(str(part), SECRETS) for part in test[1:])


# ---------------------------------------------------------------------------------------------
# web: gunicorn and its health check
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, dict[str, str]]]:
    """gunicorn as the web container runs it, static files collected as the image build does."""
    tmp_path = tmp_path_factory.mktemp("web")
    port = free_port()
    env = container_env("web", tmp_path, WEB_CONCURRENCY="1")
    collected = run([sys.executable, "manage.py", "collectstatic", "--no-input"], env)
    assert collected.returncode == 0, collected.stderr[-3000:]
    migrated = run([sys.executable, *command_of(load_compose(), "migrate")[1:]], env)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    command = [
        part.replace("0.0.0.0:8000", f"127.0.0.1:{port}")
        for part in command_of(load_compose(), "web")
    ]
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process, seconds=60)
        yield port, env
    finally:
        stop(process)
        log.close()


def get(port: int, path: str, host: str = "localhost", via_https_proxy: bool = False) -> Any:
    """(status, Location) of a plain HTTP GET; ``via_https_proxy`` adds the header a proxy
    that terminates TLS sends."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        proxy = "X-Forwarded-Proto: https\r\n" if via_https_proxy else ""
        request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{proxy}Connection: close\r\n\r\n"
        sock.sendall(request.encode())
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
    head = response.decode("latin-1").split("\r\n\r\n", 1)[0]
    status = int(head.split()[1])
    location = next(
        (
            line.split(":", 1)[1].strip()
            for line in head.splitlines()
            if line.lower().startswith("location:")
        ),
        "",
    )
    return status, location


def test_web_health_check_passes_against_gunicorn_in_production_mode(web_server):
    port, env = web_server
    command = healthcheck_shell_command("web").replace("localhost:8000", f"localhost:{port}")
    result = run(["/bin/sh", "-c", command], env, timeout=30)
    assert result.returncode == 0, result.stderr


def test_web_health_check_fails_when_nothing_answers(tmp_path):
    env = container_env("web", tmp_path)
    command = healthcheck_shell_command("web").replace("localhost:8000", f"localhost:{free_port()}")
    result = run(["/bin/sh", "-c", command], env, timeout=30)
    assert result.returncode != 0


def test_production_web_redirects_pages_to_https_but_not_the_health_check(web_server):
    port, _ = web_server
    assert get(port, "/healthz") == (200, "")
    status, location = get(port, "/sign-in/")
    assert status == 301
    assert location.startswith("https://localhost")


def test_production_web_refuses_a_host_it_does_not_serve(web_server):
    port, _ = web_server
    status, _ = get(port, "/healthz", host="attacker.example")
    assert status == 400


def test_production_web_serves_the_hashed_stylesheet_itself(web_server):
    port, env = web_server
    manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    hashed = manifest["paths"]["build/app.css"]
    assert hashed != "build/app.css"
    assert get(port, f"/static/{hashed}", via_https_proxy=True) == (200, "")


def test_production_web_serves_pages_behind_a_proxy_that_terminates_tls(web_server):
    port, _ = web_server
    assert get(port, "/sign-in/", host="academy.example.org", via_https_proxy=True) == (200, "")


# ---------------------------------------------------------------------------------------------
# worker: the compose command and its health check, on the test run's Redis
# ---------------------------------------------------------------------------------------------
def broker_url() -> str:
    return str(celery_app.conf.broker_url)


@pytest.mark.redis
def test_worker_health_check_answers_only_while_the_worker_runs(tmp_path):
    # The container's hostname names the worker (celery@$HOSTNAME); here a unique one stands in.
    hostname = f"infra-{uuid.uuid4().hex[:12]}"
    env = container_env("worker", tmp_path, CELERY_BROKER_URL=broker_url())
    check = ["/bin/sh", "-c", healthcheck_shell_command("worker")]
    command = [*command_of(load_compose(), "worker"), "--hostname", f"celery@{hostname}"]

    before = run(check, {**env, "HOSTNAME": hostname}, timeout=60)
    assert before.returncode != 0, "a worker that is not running answered"

    log_path = tmp_path / "worker.log"
    log = log_path.open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while " ready." not in log_path.read_text():
            assert process.poll() is None, log_path.read_text()[-3000:]
            assert time.monotonic() < deadline, log_path.read_text()[-3000:]
            time.sleep(0.2)
        result = run(check, {**env, "HOSTNAME": hostname}, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        stop(process, seconds=30)
        log.close()
    assert f"celery@{hostname}: OK" in result.stdout


# ---------------------------------------------------------------------------------------------
# The image's dependencies: uv sync --frozen --no-dev, as the Dockerfile installs them
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def runtime_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv with only the locked runtime dependencies (no test or lint tools)."""
    venv = tmp_path_factory.mktemp("runtime") / "venv"
    uv = VENV_BIN / "uv"
    assert uv.exists(), "uv is installed into .venv by `make install`"
    result = subprocess.run(
        [str(uv), "sync", "--frozen", "--no-dev", "--python", sys.executable],
        cwd=ROOT,
        env=production_env({"UV_PROJECT_ENVIRONMENT": str(venv), "UV_LINK_MODE": "copy"}),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return venv / "bin" / "python"


IMPORT_EVERYTHING = """
import importlib, pkgutil, django
django.setup()
from config.celery import app
app.loader.import_default_modules()
import config.wsgi
for package in ("academy", "api", "web", "workers"):
    root = importlib.import_module(package)
    for module in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(module.name)
print("imported")
"""


def runtime_env(runtime_python: Path, tmp_path: Path, **extra: Any) -> dict[str, str]:
    env = container_env("web", tmp_path, **extra)
    env["PATH"] = f"{runtime_python.parent}:{env['PATH']}"
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"  # as the image's ENV sets it
    return env


def test_runtime_dependencies_alone_import_every_module_of_the_application(
    runtime_python, tmp_path
):
    dev_only = run([str(runtime_python), "-c", "import pytest"], production_env())
    assert dev_only.returncode != 0, "the runtime environment has the test tools"
    result = run(
        [str(runtime_python), "-c", IMPORT_EVERYTHING], runtime_env(runtime_python, tmp_path)
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "imported" in result.stdout


def test_runtime_dependencies_alone_collect_static_files_as_the_image_build_does(
    runtime_python, tmp_path
):
    env = runtime_env(runtime_python, tmp_path, SECRET_KEY="collectstatic-build-only", DEBUG="0")
    result = run([str(runtime_python), "manage.py", "collectstatic", "--no-input"], env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert list((tmp_path / "static" / "build").glob("app.*.css"))


def test_runtime_dependencies_alone_run_the_migrations_like_the_migrate_service(
    runtime_python, tmp_path
):
    env = runtime_env(runtime_python, tmp_path)
    result = run([str(runtime_python), *command_of(load_compose(), "migrate")[1:]], env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Applying people." in result.stdout
