# fakewoot: a fake Chatwoot API on port 3000.  docker build -t fakewoot . && docker run -p 3000:3000 fakewoot
# Mount your own fixture set with: -v "$PWD/my-fixtures:/fixtures" -e FAKEWOOT_FIXTURES=/fixtures
FROM python:3.11-slim

WORKDIR /app
COPY pyproject.toml README.md ./
COPY fakewoot ./fakewoot
RUN python -m pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 fakewoot

USER fakewoot
EXPOSE 3000
ENV FAKEWOOT_HOST=0.0.0.0 FAKEWOOT_PORT=3000
CMD ["fakewoot", "serve", "--host", "0.0.0.0", "--port", "3000"]
