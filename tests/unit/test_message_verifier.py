"""Rails' signed messages as fakewoot writes them (fakewoot/store/message_verifier.py), checked
against the signed blob ids and variation keys in Chatwoot's own story fixtures at v4.10
(app/javascript/dashboard/components-next/**/fixtures.js, Copilot.story.vue)."""

from __future__ import annotations

import base64

import orjson
import pytest

from fakewoot.clock import FrozenClock
from fakewoot.events.bus import EventBus
from fakewoot.store.blobs import SERVICE_URLS_EXPIRE_IN
from fakewoot.store.message_verifier import MarshalError, MessageVerifier, Symbol, marshal_dump, marshal_load
from fakewoot.store.state import Store

# (Marshal as base64, the Ruby value) from Chatwoot's fixtures' signed ids and variation keys
UPSTREAM_MARSHAL = [
    ("BAhpBg==", 1),
    ("BAhpOg==", 53),
    ("BAhpAsAB", 448),
    ("BAhpAwqhtg==", 11968778),
    (
        "BAh7BzoLZm9ybWF0SSIIanBnBjoGRVQ6E3Jlc2l6ZV90b19maWxsWwdpAfow",
        {"format": "jpg", "resize_to_fill": [250, None]},
    ),
    (
        "BAh7BzoLZm9ybWF0SSIJanBlZwY6BkVUOhNyZXNpemVfdG9fZmlsbFsHaQH6MA==",
        {"format": "jpeg", "resize_to_fill": [250, None]},
    ),
]
UPSTREAM_SIGNED_BLOB_ID = "eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaHBPZz09IiwiZXhwIjpudWxsLCJwdXIiOiJibG9iX2lkIn19"


def _symbols(value):
    if isinstance(value, dict):
        return {Symbol(k): _symbols(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_symbols(v) for v in value]
    return value


@pytest.mark.parametrize(("encoded", "value"), UPSTREAM_MARSHAL)
def test_marshal_matches_ruby(encoded, value):
    raw = base64.b64decode(encoded)
    assert marshal_load(raw) == value
    assert marshal_dump(_symbols(value)) == raw


@pytest.mark.parametrize(
    "n", [0, 1, 122, 123, 255, 256, 65535, 65536, -1, -123, -124, -256, -257, 2**30 - 1, 2**30, 2**62]
)
def test_marshal_integers_round_trip(n):
    assert marshal_load(marshal_dump(n)) == n


def test_marshal_symbols_are_linked_and_strings_carry_their_encoding():
    value = {Symbol("key"): "ab", Symbol("other"): Symbol("key"), Symbol("list"): [True, False, None, "é"]}
    raw = marshal_dump(value)
    assert raw.count(b":\x08key") == 1 and b";\x00" in raw  # the second :key is a link
    assert marshal_load(raw) == value


@pytest.mark.parametrize(
    "raw", [b"", b"\x04\x09i\x06", b"\x04\x08", b"\x04\x08i\x06x", b"\x04\x08o:\x06X\x00", b"\x04\x08;\x00"]
)
def test_marshal_refuses_what_it_does_not_read(raw):
    with pytest.raises(MarshalError):
        marshal_load(raw)


def test_signed_blob_id_has_rails_envelope():
    signed = MessageVerifier(b"secret").generate(53, purpose="blob_id")
    data, _, digest = signed.partition("--")
    assert data == UPSTREAM_SIGNED_BLOB_ID  # the same id signs to the same text Chatwoot writes
    assert len(digest) == 40 and all(c in "0123456789abcdef" for c in digest)


def test_verification_checks_digest_purpose_and_expiry():
    verifier = MessageVerifier(b"secret")
    signed = verifier.generate(7, purpose="blob_id")
    assert verifier.verified(signed, purpose="blob_id", now=0) == 7
    assert verifier.verified(signed, purpose="variation", now=0) is None
    assert MessageVerifier(b"other").verified(signed, purpose="blob_id", now=0) is None
    assert verifier.verified(signed[:-1] + "x", purpose="blob_id", now=0) is None
    for junk in ("", "--", "abc", "abc--def", 7, None, signed.replace("--", "")):
        assert verifier.verified(junk, purpose="blob_id", now=0) is None
    expiring = verifier.generate("k", purpose="blob_key", expires_at=1_000.5)
    envelope = orjson.loads(base64.b64decode(expiring.partition("--")[0]))
    assert envelope["_rails"]["exp"] == "1970-01-01T00:16:40.500Z"
    assert verifier.verified(expiring, purpose="blob_key", now=1_000) == "k"
    assert verifier.verified(expiring, purpose="blob_key", now=1_001) is None


def test_a_valid_digest_over_junk_is_refused():
    verifier = MessageVerifier(b"secret")
    data = base64.b64encode(b'{"_rails":{"message":"!!","exp":null,"pur":"blob_id"}}').decode()
    assert verifier.verified(f"{data}--{verifier._digest(data)}", purpose="blob_id", now=0) is None


def _store(seed: int) -> Store:
    return Store(FrozenClock(), EventBus(), seed=seed)


def test_store_blobs_sign_per_seed_and_reset():
    store = _store(0)
    store.mark_seeded()
    blob = store.blobs.create_and_upload(b"hello", filename="a.txt", content_type="text/plain")
    signed = store.blobs.signed_id(blob)
    assert store.blobs.find_signed(signed) is blob
    assert _store(0).blobs.signed_id(blob) == signed  # same seed, same secret
    assert _store(1).blobs.find_signed(signed) is False  # another fake's secret
    assert store.blobs.download(blob.key) == b"hello"
    store.reset()
    assert store.blobs.find_signed(signed) is None and store.blobs.download(blob.key) is None
    assert store.blobs.signed_blob_id(signed) == blob.id


def test_disk_key_and_upload_token_expire_with_the_store_clock():
    store = _store(0)
    blob = store.blobs.create_before_direct_upload(
        filename="a.png", byte_size=3, checksum="x", content_type="image/png", metadata=None
    )
    key, token = store.blobs.disk_key(blob, "inline"), store.blobs.upload_token(blob)
    assert store.blobs.decode_key(key) == {
        "key": blob.key,
        "disposition": "inline",
        "content_type": "image/png",
        "service_name": "local",
    }
    assert store.blobs.decode_upload_token(token) == {
        "key": blob.key,
        "content_type": "image/png",
        "content_length": 3,
        "checksum": "x",
        "service_name": "local",
    }
    assert store.blobs.decode_key(token) is None and store.blobs.decode_upload_token(key) is None
    assert store.blobs.find_signed(key) is False
    assert isinstance(store.clock, FrozenClock)
    store.clock.advance(SERVICE_URLS_EXPIRE_IN)
    assert store.blobs.decode_key(key) is None and store.blobs.decode_upload_token(token) is None
