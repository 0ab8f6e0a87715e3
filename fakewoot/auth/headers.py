"""Credential header names, defined once (devise_token_auth and Chatwoot)."""

from __future__ import annotations

ACCESS_TOKEN = "access-token"
TOKEN_TYPE = "token-type"
CLIENT = "client"
EXPIRY = "expiry"
UID = "uid"
AUTHORIZATION = "authorization"
# Chatwoot reads request.headers[:api_access_token]; Rack maps both spellings to HTTP_API_ACCESS_TOKEN.
API_ACCESS_TOKEN = "api_access_token"
API_ACCESS_TOKEN_DASHED = "api-access-token"
BEARER = "Authorization"  # the response header DTA's build_auth_headers adds (sign-in, echoes)
DTA_RESPONSE_HEADERS = (ACCESS_TOKEN, TOKEN_TYPE, CLIENT, EXPIRY, UID, BEARER)
