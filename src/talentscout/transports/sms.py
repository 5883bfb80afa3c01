"""SMS through a Twilio-compatible REST API: ``POST {base}/2010-04-01/Accounts/{sid}/Messages.json``.

Form fields ``To``, ``From``, ``Body``; HTTP basic auth (account sid, auth token); the idempotency key
travels as ``I-Twilio-Idempotency-Token`` for providers that honour it.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request

from talentscout.transports.base import OutgoingSms, TransportError


class TwilioCompatibleSms:
    def __init__(
        self,
        base_url: str,
        account_sid: str,
        auth_token: str,
        *,
        timeout: float = 15.0,
        idempotent: bool = False,
    ) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise ValueError("the SMS API URL must start with https:// or http://")
        self.url = (
            f"{base_url.rstrip('/')}/2010-04-01/Accounts/{urllib.parse.quote(account_sid)}/Messages.json"
        )
        self.auth = "Basic " + base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        self.timeout = timeout
        self.idempotent = idempotent

    def send(self, message: OutgoingSms) -> str:
        body = urllib.parse.urlencode(
            {"To": message.to_number, "From": message.from_number, "Body": message.body}
        )
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=body.encode(),
            method="POST",
            headers={
                "Authorization": self.auth,
                "Content-Type": "application/x-www-form-urlencoded",
                "I-Twilio-Idempotency-Token": message.idempotency_key,
            },
        )
        try:
            # bandit B310 is accepted: the URL is the operator's sms_api_url setting, not user input
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  # nosec B310
                payload = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise _http_error(exc) from None
        except TimeoutError as exc:
            raise TransportError(f"no answer from the SMS API: {exc}", uncertain=True) from None
        except urllib.error.URLError as exc:
            raise TransportError(f"cannot reach the SMS API: {exc.reason}") from None
        except (OSError, ValueError) as exc:
            raise TransportError(f"the SMS API answer was cut off: {exc}", uncertain=True) from None
        sid = payload.get("sid") if isinstance(payload, dict) else None
        return str(sid or "")

    def close(self) -> None:
        return None


def _http_error(exc: urllib.error.HTTPError) -> TransportError:
    try:
        detail = json.loads(exc.read() or b"{}")
    except ValueError:
        detail = {}
    message = detail.get("message", exc.reason) if isinstance(detail, dict) else exc.reason
    code = exc.code
    if code == 429 or code >= 500:
        return TransportError(f"SMS API busy ({code}): {message}")
    # 400 with an invalid or unreachable "To" number is the SMS equivalent of a hard bounce.
    bounce = isinstance(detail, dict) and detail.get("code") in (21211, 21610, 21614)
    return TransportError(f"SMS API refused the message ({code}): {message}", permanent=True, bounce=bounce)
