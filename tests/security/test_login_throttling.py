"""Admin sign-in is throttled by django-axes: a tested lockout, and the documented unlock."""

from django.core.management import call_command
from django.test import RequestFactory, TestCase, override_settings

from astrophoto.security import client_ip
from tests.factories import make_curator

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a-long-curator-password"


# A fast hasher: the lockout is under test here, not the cost of checking a password.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class LoginThrottlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator("ann")

    def sign_in(self, password: str, *, username: str = "ann", address: str = "203.0.113.7"):
        return self.client.post(
            LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
        )

    def fail(self, times: int, **kwargs):
        """Sign in with a wrong password `times` times; the fifth failure locks out."""
        for attempt in range(1, times + 1):
            response = self.sign_in("wrong password", **kwargs)
            if attempt < 5:
                assert response.status_code == 200
                assert "Please enter the correct username and password" in response.text
            else:
                assert response.status_code == 429

    def test_five_failures_lock_the_account_out_even_with_the_right_password(self):
        self.fail(4)
        response = self.sign_in("wrong password")

        assert response.status_code == 429
        assert "Too many failed sign-ins" in response.text
        assert "Try again in 15 minutes" in response.text
        locked = self.sign_in(PASSWORD)
        assert locked.status_code == 429
        assert "_auth_user_id" not in self.client.session

    def test_failures_elsewhere_never_lock_the_curator_out_of_their_own_address(self):
        # Anyone may type a curator's name: from one address or from many.
        self.fail(5, address="198.51.100.9")
        for n in range(1, 9):
            self.fail(4, address=f"192.0.2.{n}")

        assert self.sign_in(PASSWORD).status_code == 302

    def test_the_account_stays_locked_at_the_address_that_failed(self):
        self.fail(5)

        assert self.sign_in(PASSWORD).status_code == 429
        assert self.sign_in(PASSWORD, address="198.51.100.9").status_code == 302

    def test_one_address_trying_many_accounts_is_locked_for_all_of_them(self):
        for name in ("bob", "carol", "dave", "erin"):
            make_curator(name)
        for name in ("bob", "carol", "dave", "erin"):
            assert self.sign_in("wrong password", username=name).status_code == 200
        assert self.sign_in("wrong password", username="frank").status_code == 429

        assert self.sign_in(PASSWORD, username="ann").status_code == 429
        assert self.sign_in(PASSWORD, username="ann", address="198.51.100.9").status_code == 302

    def test_the_address_is_locked_for_other_accounts_too(self):
        make_curator("bob")
        self.fail(5)

        assert self.sign_in(PASSWORD, username="bob").status_code == 429
        assert self.sign_in(PASSWORD, username="bob", address="198.51.100.9").status_code == 302

    def test_fewer_failures_than_the_limit_then_success_starts_the_count_again(self):
        self.fail(4)
        assert self.sign_in(PASSWORD).status_code == 302
        self.client.logout()

        self.fail(4)
        assert self.sign_in(PASSWORD).status_code == 302

    def test_an_operator_unlocks_the_account_and_the_address_with_manage_commands(self):
        self.fail(5)

        call_command("axes_reset_username", "ann", verbosity=0)
        call_command("axes_reset_ip", "203.0.113.7", verbosity=0)

        assert self.sign_in(PASSWORD).status_code == 302


class ClientAddressTests(TestCase):
    def request(self, forwarded: str):
        return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    def test_without_trusted_proxies_the_forwarded_header_is_ignored(self):
        assert client_ip(self.request("203.0.113.7")) == "10.0.0.2"

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_one_proxy_the_address_it_appended_counts_not_what_the_client_wrote(self):
        assert client_ip(self.request("1.2.3.4, 203.0.113.7")) == "203.0.113.7"

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_peer(self):
        assert client_ip(self.request("203.0.113.7")) == "10.0.0.2"
