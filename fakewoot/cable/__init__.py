"""ActionCable at /cable: pure framing (protocol.py), connections and streams (hub.py), RoomChannel
(channels.py) and the ASGI endpoint (endpoint.py)."""
