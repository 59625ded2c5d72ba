# communitybot in a slim, non-root container (see docs/deployment.md).
#
#   docker build -t communitybot .
#   docker compose up -d          # with MariaDB, see compose.yaml
#
# Stage 1 builds the wheel (the migrations travel inside it); stage 2 installs only the wheel
# and its dependencies on python:3.11-slim and runs as the unprivileged user "communitybot".

FROM python:3.11-slim AS build
WORKDIR /src
RUN pip install --no-cache-dir --disable-pip-version-check "hatchling>=1.25" build
COPY pyproject.toml README.md ./
COPY communitybot ./communitybot
COPY migrations ./migrations
RUN python -m build --wheel --no-isolation --outdir /dist

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN groupadd --system --gid 10001 communitybot \
    && useradd --system --uid 10001 --gid communitybot --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin communitybot \
    && mkdir -p /app /config && chown communitybot:communitybot /app
COPY --from=build /dist/*.whl /tmp/wheels/
RUN pip install /tmp/wheels/*.whl && rm -rf /tmp/wheels
WORKDIR /app
USER communitybot:communitybot
ENV COMMUNITYBOT_ENVIRONMENT=production \
    COMMUNITYBOT_CONFIG=/config/communitybot.toml \
    COMMUNITYBOT_HEALTH_PORT=8081 \
    COMMUNITYBOT_HEALTH_LISTEN=0.0.0.0
EXPOSE 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8081/healthz', timeout=4).status != 200)"]
# init migrates (and adopts a MateBot v0.2 database: look first with `communitybot init --dry-run`)
# and makes sure the community user exists; then the bot runs in the foreground.
CMD ["sh", "-c", "communitybot init && exec communitybot run"]
