"""docker-compose.yml, .env.example and the Dockerfile describe a stack that can run: the right
processes, one scheduler, health checks, and an environment that points at the stack's own
PostgreSQL and Redis. No Docker engine is needed: the files are read as Compose and Docker read
them (tests/infra/deployment.py)."""

from __future__ import annotations

import ast
import fnmatch
import re
import tomllib
from pathlib import Path
from typing import Any

import environ
import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from config.celery import app as celery_app
from tests.infra.deployment import (
    APP_SERVICES,
    DOCKERIGNORE,
    ROOT,
    MissingVariable,
    command_of,
    compose_variables,
    dockerfile_stages,
    exec_form,
    interpolate,
    load_compose,
    read_env_example,
    service_environment,
    settings_environment_variables,
)

SECRETS = {"SECRET_KEY": "k" * 50, "POSTGRES_PASSWORD": "postgrespassword1"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


@pytest.fixture(scope="module")
def variables() -> dict[str, str]:
    """What an operator's .env holds: .env.example as shipped, with the secrets filled in."""
    return {**read_env_example().values, **SECRETS}


def option(command: list[str], *names: str) -> str | None:
    for index, part in enumerate(command):
        for name in names:
            if part == name and index + 1 < len(command):
                return command[index + 1]
            if part.startswith(name + "="):
                return part.split("=", 1)[1]
    return None


def healthcheck_command(compose: dict[str, Any], service: str) -> str:
    test = compose["services"][service]["healthcheck"]["test"]
    if isinstance(test, str):
        return test
    assert test[0] in ("CMD", "CMD-SHELL"), test
    return " ".join(test[1:])


# ---------------------------------------------------------------------------------------------
# Services and their commands
# ---------------------------------------------------------------------------------------------
def test_stack_is_web_worker_beat_postgres_redis_and_a_one_shot_migrate(compose):
    assert set(compose["services"]) == {"migrate", "web", "worker", "beat", "postgres", "redis"}
    assert re.fullmatch(r"postgres:1[56](\.\d+)*(-\w+)?", compose["services"]["postgres"]["image"])
    assert compose["services"]["redis"]["image"].startswith("redis:")


def test_app_services_run_the_image_the_dockerfile_builds(compose):
    for service in APP_SERVICES:
        config = compose["services"][service]
        assert config.get("build") in (".", {"context": "."}), service
        assert config["image"] == compose["services"]["web"]["image"], service


def test_web_serves_config_wsgi_with_gunicorn_on_port_8000(compose):
    command = command_of(compose, "web")
    assert command[:2] == ["gunicorn", "config.wsgi"]
    assert option(command, "--bind", "-b") == "0.0.0.0:8000"
    assert any(str(port).endswith(":8000") for port in compose["services"]["web"]["ports"])


def test_worker_consumes_every_queue_a_task_or_the_schedule_sends_to(compose):
    command = command_of(compose, "worker")
    assert command[:4] == ["celery", "-A", "config", "worker"]
    consumed = set((option(command, "-Q", "--queues") or "").split(","))
    routed = {route["queue"] for route in celery_app.conf.task_routes.values()}
    scheduled = {
        entry["options"]["queue"]
        for entry in celery_app.conf.beat_schedule.values()
        if "queue" in entry.get("options", {})
    }
    sent_to = routed | scheduled | {celery_app.conf.task_default_queue}
    assert {"notifications", "reports"} <= sent_to
    assert sent_to <= consumed, f"no worker consumes {sorted(sent_to - consumed)}"


def test_worker_node_name_is_the_one_its_health_check_pings(compose):
    # celery names a worker celery@<hostname> unless told otherwise; the health check relies on it
    command = command_of(compose, "worker")
    assert option(command, "-n", "--hostname") is None
    assert "celery@$$HOSTNAME" in healthcheck_command(compose, "worker")


def test_exactly_one_beat_scheduler_runs(compose):
    beat = compose["services"]["beat"]
    assert command_of(compose, "beat")[:4] == ["celery", "-A", "config", "beat"]
    assert beat["deploy"]["replicas"] == 1
    assert "scale" not in beat
    # A fixed container name makes `docker compose up --scale beat=2` an error.
    assert beat.get("container_name")
    for service in set(compose["services"]) - {"beat"}:
        command = command_of(compose, service)
        assert "beat" not in command, f"{service} runs a scheduler too"
        assert "-B" not in command, f"{service} embeds a scheduler"
        assert "--beat" not in command, f"{service} embeds a scheduler"


def test_beat_keeps_its_schedule_on_a_volume_it_may_write(compose):
    schedule = option(command_of(compose, "beat"), "--schedule", "-s")
    assert schedule is not None
    mounts = [volume.split(":")[1] for volume in compose["services"]["beat"]["volumes"]]
    assert str(Path(schedule).parent) in mounts


def test_migrations_run_once_before_web_worker_and_beat_start(compose):
    assert command_of(compose, "migrate") == ["python", "manage.py", "migrate", "--no-input"]
    assert compose["services"]["migrate"]["restart"] == "no"
    for service in ("web", "worker", "beat"):
        condition = compose["services"][service]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", service


def test_app_services_wait_for_a_healthy_postgres_and_redis(compose):
    needs = {
        "migrate": {"postgres"},
        "web": {"postgres", "redis"},
        "worker": {"postgres", "redis"},
        "beat": {"redis"},
    }
    for service, dependencies in needs.items():
        depends_on = compose["services"][service]["depends_on"]
        for dependency in dependencies:
            assert depends_on[dependency]["condition"] == "service_healthy", (service, dependency)


def test_web_and_worker_share_the_media_volume(compose):
    # The worker writes report files that the web process serves.
    def media_mount(service: str) -> str:
        [mount] = [v for v in compose["services"][service]["volumes"] if "/var/media" in v]
        return mount

    assert media_mount("web") == media_mount("worker")
    assert media_mount("web").split(":")[0] in compose["volumes"]


# ---------------------------------------------------------------------------------------------
# Health checks
# ---------------------------------------------------------------------------------------------
def test_every_long_running_service_has_a_health_check(compose):
    for service in ("web", "worker", "postgres", "redis"):
        healthcheck = compose["services"][service]["healthcheck"]
        assert set(healthcheck) >= {"test", "interval", "timeout", "retries"}, service


def test_postgres_is_healthy_when_pg_isready_says_so(compose):
    assert healthcheck_command(compose, "postgres").startswith("pg_isready")


def test_redis_is_healthy_when_it_answers_ping(compose):
    assert healthcheck_command(compose, "redis") == "redis-cli ping"


def test_web_health_check_asks_healthz_on_localhost(compose):
    assert "http://localhost:8000/healthz" in healthcheck_command(compose, "web")


def test_worker_health_check_pings_the_worker_through_the_broker(compose):
    command = healthcheck_command(compose, "worker")
    assert command.startswith("celery -A config inspect ping")


def test_web_allows_localhost_for_its_health_check_besides_the_operators_hosts(compose, variables):
    allowed = environ.Env.parse_value(
        service_environment(compose, "web", variables)["ALLOWED_HOSTS"], list
    )
    assert "localhost" in allowed
    assert "academy.example.org" in allowed  # the operator's own host names are kept


# ---------------------------------------------------------------------------------------------
# Environment
# ---------------------------------------------------------------------------------------------
def test_app_services_use_the_stacks_postgres_and_redis(compose, variables):
    postgres_env = {
        key: interpolate(str(value), variables)
        for key, value in compose["services"]["postgres"]["environment"].items()
    }
    for service in APP_SERVICES:
        env = service_environment(compose, service, variables)
        database = environ.Env.db_url_config(env["DATABASE_URL"])
        assert database["ENGINE"] == "django.db.backends.postgresql", service
        assert (database["HOST"], database["PORT"]) == ("postgres", 5432), service
        assert database["NAME"] == postgres_env["POSTGRES_DB"], service
        assert database["USER"] == postgres_env["POSTGRES_USER"], service
        assert database["PASSWORD"] == postgres_env["POSTGRES_PASSWORD"] == "postgrespassword1"
        assert re.fullmatch(r"redis://redis:6379/\d+", env["CELERY_BROKER_URL"]), service


def test_app_services_run_in_production_mode_with_the_operators_settings(compose, variables):
    for service in APP_SERVICES:
        env = service_environment(compose, service, variables)
        assert environ.Env.parse_value(env["DEBUG"], bool) is False, service
        assert env["SECRET_KEY"] == SECRETS["SECRET_KEY"], service
        assert env["SITE_URL"] == "https://academy.example.org", service
        assert env["EMAIL_URL"], service


def test_compose_refuses_to_start_without_a_secret_key(compose):
    shipped = read_env_example().values  # SECRET_KEY is there, but empty
    with pytest.raises(MissingVariable, match="SECRET_KEY"):
        service_environment(compose, "web", {**shipped, "POSTGRES_PASSWORD": "set"})


def test_compose_refuses_to_start_without_a_database_password(compose):
    shipped = read_env_example().values
    for service in ("web", "postgres"):
        with pytest.raises(MissingVariable, match="POSTGRES_PASSWORD"):
            service_environment(compose, service, {**shipped, "SECRET_KEY": "set"})


def test_app_services_read_the_env_file(compose):
    for service in APP_SERVICES:
        env_file = compose["services"][service]["env_file"]
        paths = [item["path"] if isinstance(item, dict) else item for item in env_file]
        assert ".env" in paths, service


def test_every_variable_the_compose_file_uses_is_documented_in_env_example(compose):
    documented = read_env_example().documented
    used = compose_variables(compose)
    assert {"SECRET_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS", "SITE_URL"} <= used
    assert used - documented == set()


def test_every_setting_read_from_the_environment_is_documented_in_env_example():
    read = settings_environment_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"} <= read
    assert read - read_env_example().documented == set()


def test_env_example_holds_no_secret():
    values = read_env_example().values
    assert values["SECRET_KEY"] == ""
    assert values["POSTGRES_PASSWORD"] == ""


# ---------------------------------------------------------------------------------------------
# Dockerfile
# ---------------------------------------------------------------------------------------------
def test_image_starts_gunicorn_with_config_wsgi_by_default():
    final = dockerfile_stages()[-1]
    assert final.all("ENTRYPOINT") == []
    command = exec_form(final.all("CMD")[-1])
    assert command[:2] == ["gunicorn", "config.wsgi"]
    assert option(command, "--bind", "-b") == "0.0.0.0:8000"
    assert final.all("EXPOSE") == ["8000"]


def test_image_runs_as_an_unprivileged_user_it_creates():
    final = dockerfile_stages()[-1]
    users = final.all("USER")
    assert users, "the image runs as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    assert any("useradd" in run and re.search(rf"\b{user}\b", run) for run in final.all("RUN"))
    last_user_at = max(i for i, (name, _) in enumerate(final.instructions) if name == "USER")
    assert [name for name, _ in final.instructions[last_user_at:]].count("USER") == 1


def test_image_builds_the_govuk_assets_in_a_node_stage():
    stages = dockerfile_stages()
    assert len(stages) >= 2
    node = stages[0]
    assert node.base.startswith("node:")
    runs = " && ".join(node.all("RUN"))
    assert "npm ci" in runs
    assert "npm run build" in runs
    copied = [args for args in stages[-1].all("COPY") if args.startswith(f"--from={node.name}")]
    assert any("web/static/build" in args for args in copied)


def test_image_installs_the_locked_runtime_dependencies_with_the_projects_uv():
    final = dockerfile_stages()[-1]
    assert final.base == "python:3.11-slim"
    runs = final.all("RUN")
    uv_version = re.search(r"^UV_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    assert uv_version is not None
    assert any(f"pip install --no-cache-dir uv=={uv_version[1]}" in run for run in runs)
    assert any("uv sync --frozen --no-dev" in run for run in runs)
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    python_version = re.match(r"python:(\d+\.\d+)", final.base)
    assert python_version is not None
    assert Version(python_version[1]) in SpecifierSet(requires)


def test_image_collects_static_files_without_baking_in_a_secret():
    final = dockerfile_stages()[-1]
    [collect] = [run for run in final.all("RUN") if "collectstatic" in run]
    assert "DEBUG=0" in collect
    assert "SECRET_KEY=" in collect
    env_lines = " ".join(final.all("ENV") + final.all("ARG"))
    assert "SECRET_KEY" not in env_lines
    assert "DEBUG" not in env_lines


def _ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore keeps ``path`` out of the build context (last match wins)."""
    ignored = False
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        if any(
            fnmatch.fnmatch(c, pattern) or fnmatch.fnmatch(c, pattern.replace("**/", ""))
            for c in candidates
        ):
            ignored = not negate
    return ignored


def _dockerignore() -> list[str]:
    lines = DOCKERIGNORE.read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_build_context_leaves_out_secrets_and_local_environments():
    patterns = _dockerignore()
    for path in (".env", ".env.production", ".venv", "node_modules", ".git", "var/x.sqlite3"):
        assert _ignored(path, patterns), path
    for path in (".env.example", "manage.py", "config/settings.py", "academy/__init__.py"):
        assert not _ignored(path, patterns), path


def test_build_context_keeps_every_file_the_dockerfile_copies():
    patterns = _dockerignore()
    for stage in dockerfile_stages():
        for args in stage.all("COPY"):
            if args.startswith("--from="):
                continue
            *sources, _ = args.split()
            for source in sources:
                if source != ".":
                    assert not _ignored(source.rstrip("/"), patterns), source
                    assert (ROOT / source).exists(), source


def _first_party_imports(path: Path) -> set[str]:
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    return imported


def test_code_in_the_image_imports_nothing_the_build_context_leaves_out():
    patterns = _dockerignore()
    left_out = {name for name in ("tests", "bench") if _ignored(name, patterns)}
    offenders: dict[str, Any] = {}
    for package in ("config", "academy", "api", "web", "workers"):
        for path in (ROOT / package).rglob("*.py"):
            found = _first_party_imports(path) & left_out
            if found:
                offenders[str(path.relative_to(ROOT))] = sorted(found)
    assert offenders == {}
