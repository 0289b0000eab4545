# The khabar worker image used by docker-compose.yml.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY pipeline ./pipeline
COPY agents ./agents
RUN pip install --no-cache-dir ".[rocksdb]"
COPY samples ./samples

# Faust's web port (metrics and health endpoints) and the live view's (khabar view).
EXPOSE 6066 6080
ENTRYPOINT ["khabar"]
CMD ["worker"]
