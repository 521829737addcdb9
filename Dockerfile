# syntax=docker/dockerfile:1
# The academy tracker's image: one image for the web, worker, beat and migrate services
# (docker-compose.yml). Build with `docker build -t academy-tracker .`

# ---------------------------------------------------------------------------------------------
# Stage 1: GOV.UK Frontend and the service's styles, compiled into web/static/build/
# ---------------------------------------------------------------------------------------------
FROM node:20-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/assets/ web/assets/
RUN npm run build

# ---------------------------------------------------------------------------------------------
# Stage 2: the Python application, with the locked runtime dependencies only (no dev group)
# ---------------------------------------------------------------------------------------------
FROM python:3.11-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
RUN pip install --no-cache-dir uv==0.13.9
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-cache

COPY . .
COPY --from=assets /src/web/static/build/ web/static/build/

# Hashed, compressed static files for whitenoise. The key exists only for this command: settings
# refuse none at import, and the real one comes from the environment at run time.
RUN SECRET_KEY=collectstatic-build-only DEBUG=0 python manage.py collectstatic --no-input

# Run as an unprivileged user that may write only media (uploads, report files) and the beat
# schedule; the code and the static files stay read-only to it.
RUN groupadd --system --gid 10001 academy \
    && useradd --system --uid 10001 --gid academy --home-dir /app --no-create-home academy \
    && mkdir -p var/media var/beat \
    && chown academy:academy var/media var/beat
USER academy

EXPOSE 8000

# Workers default to $WEB_CONCURRENCY (gunicorn reads it), else one.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--worker-tmp-dir", "/dev/shm"]
