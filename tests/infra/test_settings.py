"""Production mode, seen from outside: each test starts a fresh Python process with a production
environment, because inside the test run config/settings.py keeps hardening off (TESTING)."""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.infra.deployment import VENV_BIN, production_env, run


def operator_environment(tmp_path: Path) -> dict[str, str]:
    """What an operator sets: DEBUG unset, a strong key, the host names, a database."""
    return production_env(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "academy.example.org",
            "SITE_URL": "https://academy.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'academy.sqlite3'}",
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(tmp_path / "media"),
        }
    )


@pytest.fixture
def production(tmp_path: Path) -> dict[str, str]:
    return operator_environment(tmp_path)


def deploy_check(env: dict[str, str]) -> Any:
    return run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def test_production_settings_pass_the_deploy_check(production):
    result = deploy_check(production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_when_debug_is_on(production):
    result = deploy_check({**production, "DEBUG": "1"})
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG must not be True in deployment


def test_deploy_check_fails_without_a_secret_key(production):
    del production["SECRET_KEY"]
    result = deploy_check(production)
    assert result.returncode != 0
    assert "security.W009" in result.stderr  # the development key is not a secret


def test_wsgi_refuses_to_start_without_a_secret_key(production):
    del production["SECRET_KEY"]
    result = run([sys.executable, "-c", "import config.wsgi"], {**production, "DEBUG": "0"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_wsgi_starts_with_a_secret_key(production):
    result = run([sys.executable, "-c", "import config.wsgi"], {**production, "DEBUG": "0"})
    assert result.returncode == 0, result.stderr


def test_celery_worker_refuses_to_start_without_a_secret_key(production):
    del production["SECRET_KEY"]
    # No broker configured: the worker would start on the in-memory transport if not refused.
    result = run(
        [str(VENV_BIN / "celery"), "-A", "config", "worker", "--pool", "solo"],
        {**production, "DEBUG": "0"},
        timeout=30,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


# ---------------------------------------------------------------------------------------------
# Celery, as the production process configures it (ARCHITECTURE.md, reliability rules)
# ---------------------------------------------------------------------------------------------
CELERY_CONF = """
import json
from config.celery import app
conf = app.conf
print(json.dumps({
    "acks_late": conf.task_acks_late,
    "reject_on_worker_lost": conf.task_reject_on_worker_lost,
    "prefetch_multiplier": conf.worker_prefetch_multiplier,
    "task_serializer": conf.task_serializer,
    "accept_content": list(conf.accept_content),
    "timezone": conf.timezone,
    "enable_utc": conf.enable_utc,
    "ignore_result": conf.task_ignore_result,
    "result_backend": conf.result_backend,
    "soft_time_limit": conf.task_soft_time_limit,
    "time_limit": conf.task_time_limit,
    "visibility_timeout": conf.broker_transport_options.get("visibility_timeout"),
    "always_eager": conf.task_always_eager,
    "routes": conf.task_routes,
}))
"""


@pytest.fixture(scope="module")
def celery_conf(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    env = {
        **operator_environment(tmp_path_factory.mktemp("celery")),
        "CELERY_BROKER_URL": "redis://redis.example:6379/0",
    }
    result = run([sys.executable, "-c", CELERY_CONF], env)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_celery_acknowledges_late_and_requeues_work_of_a_lost_worker(celery_conf):
    assert celery_conf["acks_late"] is True
    assert celery_conf["reject_on_worker_lost"] is True
    assert celery_conf["prefetch_multiplier"] == 1


def test_celery_speaks_json_only(celery_conf):
    assert celery_conf["task_serializer"] == "json"
    assert celery_conf["accept_content"] == ["json"]


def test_celery_keeps_time_in_utc(celery_conf):
    assert celery_conf["timezone"] == "UTC"
    assert celery_conf["enable_utc"] is True


def test_celery_ignores_results_because_outcomes_live_in_domain_tables(celery_conf):
    assert celery_conf["ignore_result"] is True
    assert celery_conf["result_backend"] is None


def test_celery_tasks_have_a_soft_and_a_hard_time_limit(celery_conf):
    assert 0 < celery_conf["soft_time_limit"] < celery_conf["time_limit"]


def test_redis_redelivers_only_tasks_older_than_the_hard_time_limit(celery_conf):
    # A shorter visibility timeout would hand a task still running to a second worker.
    assert celery_conf["visibility_timeout"] > celery_conf["time_limit"]


def test_celery_sends_tasks_to_the_broker_when_one_is_configured(celery_conf):
    assert celery_conf["always_eager"] is False


def test_notifications_and_reports_have_queues_of_their_own(celery_conf):
    queues = {route["queue"] for route in celery_conf["routes"].values()}
    assert {"notifications", "reports"} <= queues
    assert celery_conf["routes"]["notifications.*"]["queue"] == "notifications"
    assert celery_conf["routes"]["reports.*"]["queue"] == "reports"
