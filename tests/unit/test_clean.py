"""The clean analyzer: plain text from HTML, normalised, without quoted history or signatures."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, registered
from triagedesk.triage.result import TriageInput, TriageResult


def _cleaner(policy: Policy, **clean_settings: object) -> Analyzer:
    changed = dataclasses.replace(policy, clean=dataclasses.replace(policy.clean, **clean_settings))
    return registered()["clean"].factory(changed)


@pytest.fixture(scope="module")
def clean(policy: Policy) -> Analyzer:
    return registered()["clean"].factory(policy)


def _run(clean: Analyzer, text: str, subject: str = "") -> TriageResult:
    result = TriageResult(input=TriageInput(text=text, subject=subject))
    clean(result)
    return result


def test_clean_is_registered_as_providing_text() -> None:
    spec = registered()["clean"]
    assert spec.requires == ("input",)
    assert spec.provides == ("text",)


def test_subject_is_the_first_line_without_reply_prefixes(clean: Analyzer) -> None:
    result = _run(clean, "Fakturan är fel.", subject="SV: Re: Faktura 1234")
    assert result.text == "Faktura 1234\nFakturan är fel."


def test_original_text_is_kept_on_the_input(clean: Analyzer) -> None:
    raw = "<p>Hej&nbsp;där</p>"
    result = _run(clean, raw)
    assert result.input.text == raw
    assert result.text == "Hej där"


def test_html_becomes_text_with_paragraphs_and_without_scripts(clean: Analyzer) -> None:
    html = (
        "<html><head><title>x</title><style>p {color: red}</style></head><body>"
        "<script>alert('hi')</script><p>Die Rechnung ist falsch &amp; zu hoch.</p>"
        "<div>Bitte korrigieren<br>Sie sie.</div></body></html>"
    )
    text = _run(clean, html).text
    assert text == "Die Rechnung ist falsch & zu hoch.\n\nBitte korrigieren\nSie sie."


def test_quoted_html_reply_is_dropped(clean: Analyzer) -> None:
    html = (
        "<div>Still no refund, this is unacceptable.</div>"
        "<div class='gmail_quote'>On Mon, 3 Mar 2025 at 10:12 Support wrote:"
        "<blockquote>We will refund you within 5 days.</blockquote></div>"
    )
    assert _run(clean, html).text == "Still no refund, this is unacceptable."


@pytest.mark.parametrize(
    "hostile",
    [
        "<p>unclosed <b>tags <i>everywhere",
        "<![if !supportLists]>Hej<![endif]> <![CDATA[x]]> <!-- never closed",
        "<scr<script>ipt>alert(1)</script> <style>",
        "<div " + "a=b " * 5000 + ">text</div>",
        "<p>" * 10000 + "deep",
        "&#0; &#xD800; &#99999999; &bogus; &amp",
        "<![ bogus marked section",
    ],
)
def test_hostile_html_never_raises(clean: Analyzer, hostile: str) -> None:
    text = _run(clean, hostile).text
    assert "<script>" not in text


def test_unicode_is_nfkc_normalised_and_invisible_characters_removed(clean: Analyzer) -> None:
    text = _run(clean, "Ｆａｋｔｕｒａ\u200b är\u00a0fel\x07 ﬁx\ufeff").text
    assert text == "Faktura är fel fix"


def test_whitespace_runs_collapse_but_line_breaks_stay(clean: Analyzer) -> None:
    text = _run(clean, "Hei  \t der\r\n\r\n\r\n\r\nTo   linjer\rtre").text
    assert text == "Hei der\n\nTo linjer\ntre"


@pytest.mark.parametrize(
    ("body", "kept", "dropped"),
    [
        (
            "Varan har inte kommit.\n\nDen 3 mars 2025 kl. 10:12 skrev Support <s@firma.se>:\n"
            "> Vi skickar den i dag.",
            "Varan har inte kommit.",
            "Vi skickar",
        ),
        (
            "Pakken er stadig ikke kommet.\n\nDen 3. mar. 2025 kl. 10.12 skrev Support "
            "<s@firma.dk>:\n> Vi sender den i dag.",
            "Pakken er stadig ikke kommet.",
            "Vi sender",
        ),
        (
            "Pakken har fortsatt ikke kommet.\n\ntir. 4. mar. 2025 kl. 13:09 skrev Kundeservice "
            "<k@firma.no\n>:\n> Vi sender den i dag.",
            "Pakken har fortsatt ikke kommet.",
            "Kundeservice",
        ),
        (
            "Das Paket ist immer noch nicht da.\n\nAm 03.03.2025 um 10:12 schrieb Support "
            "<s@firma.de>:\n> Wir senden es heute.",
            "Das Paket ist immer noch nicht da.",
            "Wir senden",
        ),
        (
            "The parcel still has not arrived.\n\n-----Original Message-----\nFrom: Support\n"
            "Sent: Monday, March 3, 2025 10:12\nTo: me\nSubject: Parcel\n\nWe ship it today.",
            "The parcel still has not arrived.",
            "We ship it today",
        ),
    ],
)
def test_quoted_reply_is_stripped_in_every_language(
    clean: Analyzer, body: str, kept: str, dropped: str
) -> None:
    text = _run(clean, body).text
    assert kept in text
    assert dropped not in text


@pytest.mark.parametrize(
    ("body", "signature"),
    [
        ("Fakturan är fel igen.\n\nMed vänliga hälsningar\nAnna Svensson\nEkonomi AB", "Anna"),
        ("Fakturaen er forkert igen.\n\nMed venlig hilsen\nJens Hansen", "Jens"),
        ("Fakturaen er feil igjen.\n\nMed vennlig hilsen\nKari Nordmann\nTlf 412 34 567", "Kari"),
        ("Die Rechnung ist falsch.\n\nMit freundlichen Grüßen\nJürgen Schmidt", "Jürgen"),
        ("The invoice is wrong again.\n\nKind regards,\nJohn Smith\nACME Ltd", "John"),
        ("The invoice is wrong again.\n\nSent from my iPhone", "iPhone"),
        ("Lasku on väärin.\n\nYstävällisin terveisin\nMatti Virtanen", "Matti"),
    ],
)
def test_signature_is_stripped_in_every_language(
    clean: Analyzer, body: str, signature: str
) -> None:
    text = _run(clean, body).text
    assert signature not in text
    assert text == body.split("\n\n")[0]


def test_a_sentence_starting_like_a_sign_off_is_kept(clean: Analyzer) -> None:
    body = "Hej,\nTak for ingenting.\nI har snydt mig for 500 kr.\nJeg vil have pengene tilbage."
    assert _run(clean, body).text == body


def test_a_long_paragraph_after_thanks_is_not_taken_for_a_signature(clean: Analyzer) -> None:
    body = (
        "The export fails.\nThanks,\n"
        "but honestly this is the third time I write about the same export failing every single "
        "night, and nobody from your side has even looked at the logs I sent you last week."
    )
    assert _run(clean, body).text == body


def test_hyphen_lists_are_not_taken_for_a_signature(clean: Analyzer) -> None:
    body = "Two problems:\n- the invoice is wrong\n- the delivery is late"
    assert _run(clean, body).text == body


def test_lines_quoted_with_a_marker_are_dropped(clean: Analyzer) -> None:
    body = "> When will my order ship?\nIt still has not shipped, after three weeks."
    assert _run(clean, body).text == "It still has not shipped, after three weeks."


def test_quoted_replies_stay_when_the_policy_says_so(policy: Policy) -> None:
    keep = _cleaner(policy, strip_quoted_replies=False)
    body = "Still broken.\n\nOn Mon, 3 Mar 2025 at 10:12, Support <s@x.com> wrote:\n> Fixed now."
    result = TriageResult(input=TriageInput(text=body))
    keep(result)
    assert "Fixed now." in result.text


def test_a_forward_with_nothing_above_keeps_the_forwarded_text(clean: Analyzer) -> None:
    body = (
        "-----Original Message-----\nFrom: Anna\nSent: Monday, March 3, 2025 10:12\n"
        "To: support\nSubject: Broken\n\nThe export has failed every night since Friday."
    )
    assert "The export has failed every night" in _run(clean, body).text


def test_text_beyond_max_chars_is_cut_and_the_cut_is_explained(policy: Policy) -> None:
    short = _cleaner(policy, max_chars=50)
    result = TriageResult(input=TriageInput(text="Fakturan är fel. " * 100))
    short(result)
    assert len(result.text) <= 50
    assert any(reason.factor == "truncated" for reason in result.reasons)


def test_five_megabyte_body_is_cut_to_max_chars(clean: Analyzer, policy: Policy) -> None:
    result = _run(clean, "Fakturan är fel. " * 300_000)
    assert len(result.text) <= policy.clean.max_chars


@settings(max_examples=200, deadline=None)
@given(text=st.text(), subject=st.text(max_size=100))
def test_any_unicode_is_cleaned_without_raising(policy: Policy, text: str, subject: str) -> None:
    result = TriageResult(input=TriageInput(text=text, subject=subject))
    registered()["clean"].factory(policy)(result)
    assert len(result.text) <= policy.clean.max_chars
    assert not any(0xD800 <= ord(char) <= 0xDFFF for char in result.text)
    result.text.encode("utf-8")


@settings(max_examples=100, deadline=None)
@given(junk=st.binary(max_size=3000))
def test_binary_junk_decoded_as_latin1_is_cleaned(policy: Policy, junk: bytes) -> None:
    result = TriageResult(input=TriageInput(text="<p>" + junk.decode("latin-1")))
    registered()["clean"].factory(policy)(result)
    assert "\x00" not in result.text


@settings(max_examples=100, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(["<p>", "</p>", "<br>", "<blockquote>", "</div>", "<script>", "&amp;",
                         "<!--", "-->", "<![", "]>", "x", " ", "\n", ">", "<", "wrote:", "--"]),
        max_size=60,
    )
)  # fmt: skip
def test_html_and_reply_shaped_junk_never_raises(policy: Policy, parts: list[str]) -> None:
    result = TriageResult(input=TriageInput(text="".join(parts)))
    registered()["clean"].factory(policy)(result)
    assert isinstance(result.text, str)
