"""Reading the deployment files as Docker Compose and Docker read them, for the infra tests.

Compose fills ``${VAR}``, ``${VAR:-default}``, ``${VAR:?error}`` … from the shell and from .env;
``interpolate`` does the same with a given mapping, so a test can see the environment a
container would get. ``dockerfile_instructions`` joins continued lines and splits the
Dockerfile into stages of (instruction, arguments).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
SETTINGS_FILE = ROOT / "config" / "settings.py"
VENV_BIN = Path(sys.executable).parent

APP_SERVICES = ("migrate", "web", "worker", "beat")

_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingVariable(Exception):
    """A ``${VAR:?message}`` whose variable is unset (or empty): Compose refuses to start."""


def load_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def compose_variables(value: Any) -> set[str]:
    """Every variable a Compose value refers to (``$$`` is a literal dollar, not a variable)."""
    if isinstance(value, dict):
        return set().union(*(compose_variables(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(compose_variables(v) for v in value)) if value else set()
    if not isinstance(value, str):
        return set()
    return {
        match["braced"] or match["named"]
        for match in _VARIABLE.finditer(value)
        if not match["escaped"]
    }


def interpolate(value: str, variables: Mapping[str, str]) -> str:
    """``value`` with its variables filled in the way Compose fills them."""

    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["named"]
        op, arg = match["op"], match["arg"] or ""
        present = name in variables
        current = variables.get(name, "")
        usable = present and (current != "" or not (op or "").startswith(":"))
        if op in ("-", ":-"):
            return current if usable else arg
        if op in ("?", ":?"):
            if not usable:
                raise MissingVariable(f"{name}: {arg}")
            return current
        if op in ("+", ":+"):
            return arg if usable else ""
        return current

    return _VARIABLE.sub(replace, value)


def service_environment(
    compose: Mapping[str, Any], service: str, variables: Mapping[str, str]
) -> dict[str, str]:
    """The explicit ``environment:`` of a service, interpolated."""
    environment = compose["services"][service].get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {key: interpolate(str(value), variables) for key, value in environment.items()}


def command_of(compose: Mapping[str, Any], service: str) -> list[str]:
    command = compose["services"][service].get("command")
    if command is None:
        return []
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


@dataclass
class EnvExample:
    """What .env.example documents: every variable it mentions, and the ones it sets."""

    documented: set[str] = field(default_factory=set)
    values: dict[str, str] = field(default_factory=dict)


_ENV_LINE = re.compile(r"^(?P<comment>#\s*)?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


def read_env_example() -> EnvExample:
    example = EnvExample()
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = _ENV_LINE.match(line.strip())
        if match is None:
            continue
        example.documented.add(match["name"])
        if not match["comment"]:
            example.values[match["name"]] = match["value"]
    return example


def settings_environment_variables() -> set[str]:
    """The variables config/settings.py reads through django-environ (``env.x("NAME", …)``)."""
    tree = ast.parse(SETTINGS_FILE.read_text())
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        reads_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "env"
        )
        first = node.args[0]
        if reads_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


# ---------------------------------------------------------------------------------------------
# Dockerfile
# ---------------------------------------------------------------------------------------------
@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, instruction: str) -> list[str]:
        return [args for name, args in self.instructions if name == instruction]


def dockerfile_stages() -> list[Stage]:
    """The Dockerfile's build stages, each with its instructions (continued lines joined)."""
    logical: list[str] = []
    pending = ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    stages: list[Stage] = []
    for line in logical:
        instruction, _, args = line.partition(" ")
        instruction = instruction.upper()
        args = args.strip()
        if instruction == "FROM":
            parts = args.split()
            parts = [part for part in parts if not part.startswith("--platform")]
            name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else None
            stages.append(Stage(base=parts[0], name=name))
        else:
            stages[-1].instructions.append((instruction, args))
    return stages


def exec_form(args: str) -> list[str]:
    """An instruction's JSON (exec) form as a list; the shell form split like a shell would."""
    try:
        parsed = json.loads(args)
    except json.JSONDecodeError:
        return ["/bin/sh", "-c", args]
    assert isinstance(parsed, list)
    return [str(part) for part in parsed]


# ---------------------------------------------------------------------------------------------
# Processes in a production environment
# ---------------------------------------------------------------------------------------------
def production_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A clean environment (nothing from the test run's own) with the project's tools on PATH."""
    env = {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(extra or {})
    return env


def run(
    command: Sequence[str], env: Mapping[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[Any], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the process exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listened on port {port} within {seconds}s")


def stop(process: subprocess.Popen[Any], seconds: float = 20) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
