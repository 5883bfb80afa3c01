"""Pure inbound parsing: auto-replies and return dates (EN/DE/FR/ES), reply classes with dates, delivery
reports, SMS keywords and the email reader."""

from __future__ import annotations

from datetime import date
from email import message_from_string

import pytest

from talentscout.domain.inbound.autoreply import detect_auto_reply, header_reason
from talentscout.domain.inbound.classify import classify_reply, own_words
from talentscout.domain.inbound.dates import later_than
from talentscout.domain.inbound.dsn import parse_report
from talentscout.domain.inbound.message import MalformedMessage, parse_email
from talentscout.domain.inbound.sms import sms_keyword

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"auto-submitted": "auto-replied"}, "Auto-Submitted: auto-replied"),
        ({"auto-submitted": "auto-generated"}, "Auto-Submitted: auto-generated"),
        ({"x-autoreply": "yes"}, "x-autoreply header"),
        ({"x-autorespond": "1"}, "x-autorespond header"),
        ({"precedence": "auto_reply"}, "Precedence: auto_reply"),
        ({"auto-submitted": "no"}, None),
        ({}, None),
    ],
)
def test_machine_written_mail_is_recognised_by_its_headers(
    headers: dict[str, str], reason: str | None
) -> None:
    assert header_reason(headers) == reason


@pytest.mark.parametrize(
    ("subject", "body", "back"),
    [
        (
            "Out of Office",
            "I am out of the office until 3 December with limited access to email.",
            date(2026, 12, 4),
        ),
        ("Re: hello", "I'm on parental leave, returning January 15, 2027.", date(2027, 1, 15)),
        ("Abwesenheitsnotiz", "Ich bin bis zum 10.12.2026 nicht im Büro.", date(2026, 12, 11)),
        ("Abwesend", "Ich bin im Urlaub und ab dem 14. Dezember wieder erreichbar.", date(2026, 12, 14)),
        ("Réponse automatique", "Je suis absente, de retour le 8 décembre.", date(2026, 12, 8)),
        ("Fuera de la oficina", "Estoy de vacaciones hasta el 5 de enero.", date(2027, 1, 6)),
        ("Automatic reply", "I am away on vacation and will answer when I am back.", None),
    ],
)
def test_out_of_office_replies_yield_the_return_date(subject: str, body: str, back: date | None) -> None:
    auto = detect_auto_reply({}, subject, body, TODAY)
    assert auto is not None
    assert auto.out_of_office
    assert auto.return_date == back


def test_a_human_reply_that_mentions_a_holiday_is_not_an_auto_reply() -> None:
    assert (
        detect_auto_reply({}, "Re: role", "Back from holiday — yes, happy to talk on 3 December!", TODAY)
        is None
    )


@pytest.mark.parametrize(
    ("body", "label", "until"),
    [
        ("Sounds interesting! Happy to chat next week.", "interested", None),
        ("Yes please, call me on Thursday.", "interested", None),
        ("Not interested, thanks.", "not_interested", None),
        ("I'm happy where I am.", "not_interested", None),
        ("Not now - ping me after March.", "not_now", date(2027, 4, 1)),
        ("Not interested right now, maybe next year.", "not_now", date(2027, 1, 1)),
        ("Timing isn't great, reach out again in 3 months.", "not_now", date(2027, 2, 1)),
        ("Please remove me from your list.", "unsubscribe", None),
        ("Stop emailing me.", "unsubscribe", None),
        ("Kein Interesse, danke.", "not_interested", None),
        ("Gerne, klingt spannend!", "interested", None),
        ("Pas pour le moment, recontactez-moi en janvier.", "not_now", date(2027, 1, 1)),
        ("Me interesa, llámame.", "interested", None),
        ("No me interesa, gracias.", "not_interested", None),
        ("Who is this?", "unclear", None),
    ],
)
def test_replies_are_classified_with_a_date_when_one_is_given(
    body: str, label: str, until: date | None
) -> None:
    verdict = classify_reply(body, TODAY)
    assert (verdict.label, verdict.until) == (label, until)


def test_quoted_history_does_not_decide_the_class() -> None:
    body = "Not for me, sorry.\n\nOn Tue, 24 Nov 2026, Alice wrote:\n> Are you interested? Let's talk!"
    assert own_words(body) == "Not for me, sorry."
    assert classify_reply(body, TODAY).label == "not_interested"
    assert classify_reply("Thanks!\n> interested?", TODAY).label == "unclear"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("after March", date(2027, 4, 1)),
        ("in January", date(2027, 1, 1)),
        ("in Q2", date(2027, 4, 1)),
        ("after the summer", date(2027, 9, 1)),
        ("in two weeks", date(2026, 12, 10)),
        ("next month", date(2026, 12, 1)),
        ("next week", None),
    ],
)
def test_vague_later_phrases_become_dates(text: str, expected: date | None) -> None:
    assert later_than(text, TODAY) == expected


@pytest.mark.parametrize(
    ("body", "keyword"),
    [
        ("STOP", "stop"),
        (" stop. ", "stop"),
        ("StopAll", "stop"),
        ("UNSUBSCRIBE", "stop"),
        ("end", "stop"),
        ("Quit", "stop"),
        ("cancel", "stop"),
        ("HELP", "help"),
        ("START", "start"),
        ("please stop texting me", None),
        ("yes", None),
    ],
)
def test_sms_keywords_are_whole_messages(body: str, keyword: str | None) -> None:
    assert sms_keyword(body) == keyword


DSN = b"""From: MAILER-DAEMON@mx.example.org
To: alice@acme.example
Subject: Delivery Status Notification (Failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

Delivery to the following recipient failed permanently.

--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; gone@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 The email account does not exist

Final-Recipient: rfc822; slow@example.org
Action: delayed
Status: 4.4.1

--b
Content-Type: message/rfc822

Message-ID: <abc@acme.example>
To: gone@example.org
Subject: hi

hello
--b--
"""


def test_a_delivery_report_separates_hard_and_soft_bounces() -> None:
    mail = parse_email(DSN.replace(b"\n", b"\r\n"))
    report = mail.report
    assert report is not None
    assert [r.address for r in report.hard_bounces] == ["gone@example.org"]
    assert [(r.address, r.status) for r in report.soft_bounces] == [("slow@example.org", "4.4.1")]
    assert report.original_message_id == "<abc@acme.example>"
    assert report.reporting_mta == "mx.example.org"
    assert "does not exist" in report.hard_bounces[0].diagnostic


def test_an_ordinary_message_is_not_a_report() -> None:
    mail = parse_email(
        b"From: a@b.example\r\nSubject: hi\r\nIn-Reply-To: <x@y>\r\nReferences: <w@y> <x@y>\r\n\r\nhello"
    )
    assert mail.report is None
    assert parse_report(message_from_string("Subject: x\n\n")) is None
    assert mail.thread_ids == ["<x@y>", "<w@y>"]


def test_html_only_mail_is_read_as_text_and_garbage_is_refused() -> None:
    html = (
        b"From: Ada <ADA@Example.org>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>Yes,&nbsp;<b>let's talk</b></p><script>x()</script>"
    )
    mail = parse_email(html)
    assert mail.from_address == "ada@example.org"
    assert mail.text == "Yes, let's talk"
    with pytest.raises(MalformedMessage, match="no sender"):
        parse_email(b"\xff\xfe\x00garbage without headers")
