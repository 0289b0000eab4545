# The khabar worker image used by docker-compose.yml.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Everything Khabar runs with, from the lock file (pinned, hash-checked; scripts/lock),
# before Khabar's own code, so that a code change does not reinstall them.
COPY lock/tools.txt lock/runtime.txt ./lock/
RUN pip install --no-cache-dir --require-hashes --no-deps -r lock/tools.txt \
 && pip install --no-cache-dir --require-hashes --no-deps -r lock/runtime.txt
COPY pyproject.toml README.md ./
COPY pipeline ./pipeline
COPY agents ./agents
RUN pip install --no-cache-dir --no-deps --no-build-isolation . && pip check
COPY samples ./samples

# Faust's web port (metrics and health endpoints) and the live view's (khabar view).
EXPOSE 6066 6080
ENTRYPOINT ["khabar"]
CMD ["worker"]
