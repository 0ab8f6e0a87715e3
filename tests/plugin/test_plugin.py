"""The pytest plugin as a downstream project uses it (pytester): zero configuration, per-test reset,
journal assertions, markers, overridable fixtures, server-side errors reported in the right test."""

from __future__ import annotations

import textwrap


def test_zero_configuration_fixture_and_per_test_reset(pytester):
    pytester.makepyfile(
        textwrap.dedent("""
        import httpx

        def test_creates_a_contact(fakewoot):
            response = httpx.post(fakewoot.url + "/api/v1/accounts/1/contacts",
                                  json={"name": "Zed", "email": "zed@x.test"},
                                  headers={"api_access_token": fakewoot.admin_token})
            assert response.status_code == 200
            fakewoot.assert_request_made("POST", "/api/v1/accounts/1/contacts", json={"email": "zed@x.test"})
            fakewoot.assert_no_request("DELETE")

        def test_state_is_back_to_the_seed(fakewoot):
            emails = [c.email for c in fakewoot.store.account(1).contacts.values()]
            assert "zed@x.test" not in emails
            assert fakewoot.journal.requests() == []
            assert fakewoot.client.get("/api/v1/profile").json()["email"] == "john@acme.inc"
    """)
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_assertion_messages_list_what_was_received(pytester):
    pytester.makepyfile(
        textwrap.dedent("""
        def test_expects_a_message(fakewoot):
            fakewoot.client.get("/api/v1/profile")
            fakewoot.assert_request_made("POST", "/api/v1/accounts/1/conversations/1/messages")
    """)
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*fakewoot did not receive POST /api/v1/accounts/1/conversations/1/messages*",
            "*GET /api/v1/profile -> 200*",
        ]
    )


def test_marker_freezes_time_and_switches_signup(pytester):
    pytester.makepyfile(
        textwrap.dedent("""
        import pytest

        @pytest.mark.fakewoot(frozen_time="2024-06-01T00:00:00Z", signup="false")
        def test_frozen(fakewoot):
            assert fakewoot.fake.clock.now() == 1717200000.0
            assert fakewoot.client.post("/api/v1/accounts", json={"account_name": "x"}).status_code == 404
            conversation = fakewoot.store.conversations.by_display_id(1, 1)
            fakewoot.store.conversations.set_status(conversation, "snoozed", snoozed_until=1717200000 + 60)
            fakewoot.advance(60)
            assert conversation.status == "open"

        def test_back_to_normal(fakewoot):
            assert fakewoot.fake.clock.now() > 1717200000.0 + 86400
            assert fakewoot.fake.settings.account_signup == "api_only"
    """)
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_marker_loads_a_fixture_set_for_one_test(pytester):
    pytester.makepyfile(
        textwrap.dedent("""
        import pytest

        @pytest.mark.fakewoot(fixtures="minimal")
        def test_minimal(fakewoot):
            profile = fakewoot.client.get("/api/v1/profile", headers={"api_access_token": "minimal-admin-token"})
            assert profile.json()["email"] == "admin@minimal.test"
            assert fakewoot.client.get("/api/v1/profile").status_code == 401  # the default token is gone

        def test_default_set_is_back(fakewoot):
            assert fakewoot.client.get("/api/v1/profile").json()["email"] == "john@acme.inc"
    """)
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_a_mistyped_fixture_set_fails_one_test_and_spares_the_session(pytester):
    pytester.makepyfile(
        textwrap.dedent("""
        import pytest

        @pytest.mark.fakewoot(fixtures="typo", signup="true", frozen_time="2024-01-01T00:00:00Z")
        def test_typo(fakewoot):
            pass

        def test_the_session_set_is_intact(fakewoot):
            assert fakewoot.client.get("/api/v1/profile").json()["email"] == "john@acme.inc"
            assert fakewoot.fake.settings.account_signup == "api_only"
            assert fakewoot.fake.clock.now() > 1704067200 + 86400 * 300
            fakewoot.fake.reset()
            assert fakewoot.client.get("/api/v1/profile").status_code == 200  # the seed survived too
    """)
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)


def test_ini_option_and_overridable_fixtures(pytester):
    pytester.makeini(
        textwrap.dedent("""
        [pytest]
        fakewoot_fixtures = myfixtures
    """)
    )
    folder = pytester.mkdir("myfixtures")
    (folder / "set.yaml").write_text(
        textwrap.dedent("""
        accounts: [{id: 7, name: Seven}]
        users:
          - {id: 1, name: Sam, email: sam@seven.test, password: Password1!, access_token: fakewoot-admin-token,
             accounts: [{account_id: 7, role: administrator}]}
    """)
    )
    pytester.makeconftest(
        textwrap.dedent("""
        import pytest
        from fakewoot.settings import Settings

        @pytest.fixture(scope="session")
        def fakewoot_settings():
            return Settings(latest_chatwoot_version="4.0.0")
    """)
    )
    pytester.makepyfile(
        textwrap.dedent("""
        def test_own_fixtures(fakewoot):
            account = fakewoot.client.get("/api/v1/accounts/7").json()
            assert (account["name"], account["latest_chatwoot_version"]) == ("Seven", "4.0.0")
    """)
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_a_server_side_error_fails_the_test_that_caused_it(pytester):
    pytester.makepyfile(
        textwrap.dedent("""
        def test_breaks_the_server(fakewoot, monkeypatch):
            def boom(*args, **kwargs):
                raise RuntimeError("bug inside the fake")
            monkeypatch.setattr(fakewoot.store.users, "get", boom)
            assert fakewoot.client.get("/api/v1/accounts/1/agents").status_code == 500

        def test_next_one_is_fine(fakewoot):
            assert fakewoot.client.get("/api/v1/profile").status_code == 200
    """)
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    # the test body passed, its fakewoot teardown errors with the server's exception: pytest counts
    # both phases, and names the test that caused it
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*RuntimeError: bug inside the fake*", "ERROR *::test_breaks_the_server*"])


def test_tenant_isolation_and_in_process_variant(pytester):
    pytester.makepyfile(
        textwrap.dedent("""
        import asyncio

        import httpx

        def test_tenant_a(fakewoot_tenant):
            headers = {"api_access_token": fakewoot_tenant.admin_token}
            url = f"{fakewoot_tenant.url}/api/v1/accounts/{fakewoot_tenant.account_id}/contacts"
            assert httpx.post(url, json={"name": "A", "email": "a@x.test"}, headers=headers).status_code == 200
            assert httpx.get(url, headers=headers).json()["meta"]["count"] == 1
            fakewoot_tenant.assert_request_made("POST", f"/api/v1/accounts/{fakewoot_tenant.account_id}/contacts")

        def test_tenant_b_sees_none_of_a(fakewoot_tenant):
            headers = {"api_access_token": fakewoot_tenant.admin_token}
            url = f"{fakewoot_tenant.url}/api/v1/accounts/{fakewoot_tenant.account_id}/contacts"
            assert httpx.get(url, headers=headers).json()["meta"]["count"] == 0
            assert fakewoot_tenant.requests("POST") == []
            agent = {"api_access_token": fakewoot_tenant.agent_token}
            assert httpx.get(f"{fakewoot_tenant.url}/api/v1/accounts/1", headers=agent).status_code == 404

        def test_in_process(fakewoot_inprocess):
            async def go():
                response = await fakewoot_inprocess.client.get("/api/v1/profile")
                assert response.json()["email"] == "john@acme.inc"
            asyncio.run(go())
    """)
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_runs_under_xdist_with_two_workers(pytester):
    pytester.makepyfile(
        textwrap.dedent("""
        import pytest

        @pytest.mark.parametrize("n", range(6))
        def test_each_worker_has_its_own_fake(fakewoot, n):
            response = fakewoot.client.post("/api/v1/accounts/1/contacts",
                                            json={"name": "W", "email": "w@x.test"})
            assert response.status_code == 200  # the reset before each test frees the email again
    """)
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2")
    result.assert_outcomes(passed=6)


def test_freeze_inside_a_test_and_frames(pytester):
    pytester.makepyfile(
        textwrap.dedent("""
        def test_freeze(fakewoot):
            fakewoot.freeze("2030-01-01T00:00:00Z")
            assert fakewoot.clock.now() == 1893456000.0
            conversation = fakewoot.store.conversations.by_display_id(1, 1)
            fakewoot.store.conversations.set_status(conversation, "snoozed", snoozed_until=1893456000 + 10)
            fakewoot.advance(10)
            assert conversation.status == "open"
            assert fakewoot.frames == []

        def test_clock_is_real_again(fakewoot):
            assert fakewoot.clock.now() < 1893456000.0
    """)
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
