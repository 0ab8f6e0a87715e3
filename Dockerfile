# fakewoot: a fake Chatwoot API on port 3000.
#   docker build -t fakewoot . && docker run -p 127.0.0.1:3000:3000 fakewoot
# The container listens on 0.0.0.0 and sets no control token: publish the port on the host's loopback
# (as above) or pass -e FAKEWOOT_CONTROL_TOKEN=<secret> before exposing it to a network, since the
# /_fakewoot control API can reset the state and read every token (browsers are refused anyway).
# Mount your own fixture set with: -v "$PWD/my-fixtures:/fixtures" -e FAKEWOOT_FIXTURES=/fixtures
# State survives restarts: it is kept in /data/state.fakewoot (a volume; name it to keep it across
# containers: -v fakewoot-data:/data). Start from the fixtures every time: -e FAKEWOOT_STATE_FILE=
FROM python:3.11-slim

WORKDIR /app
COPY pyproject.toml README.md ./
COPY fakewoot ./fakewoot
RUN python -m pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 fakewoot \
    && mkdir /data && chown fakewoot /data

USER fakewoot
EXPOSE 3000
ENV FAKEWOOT_HOST=0.0.0.0 FAKEWOOT_PORT=3000 FAKEWOOT_STATE_FILE=/data/state.fakewoot
VOLUME /data
CMD ["fakewoot", "serve", "--host", "0.0.0.0", "--port", "3000"]
