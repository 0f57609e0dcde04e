import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from triagedesk.cli import main

WORKED_EXAMPLE = (
    "Den nya programversionen har satt hela vår bokföring ur spel. Vi kan inte längre skicka ut fakturor. "
    "Om inte detta fungerar imorgon måste vi se oss om efter alternativ."
)


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "triagedesk", *args], input=stdin, capture_output=True, check=False
    )


def test_triage_json_has_the_contract_keys() -> None:
    out = CliRunner().invoke(
        main, ["triage", "--json", "--tier", "A", "--annual-value", "280000", WORKED_EXAMPLE]
    )
    assert out.exit_code == 0, out.output
    decision = json.loads(out.stdout)
    assert decision["language"] == "sv"
    assert decision["sentiment"]["label"] == "very_negative"
    assert set(decision["category"]) >= {"label", "sub", "confidence"}
    assert decision["priority"]["level"] == "critical"
    assert decision["priority"]["points"] == 15
    factors = {r["factor"]: r["points"] for r in decision["priority"]["reasons"]}
    assert factors["business_impact"] == 4 and factors["customer_value"] == 3
    assert all(set(r) >= {"factor", "points", "evidence"} for r in decision["priority"]["reasons"])
    assert isinstance(decision["signals"], list) and isinstance(decision["keywords"], list)
    assert decision["needs_review"] in (True, False)
    assert decision["first_response_due"].endswith("+00:00")


def test_triage_reads_stdin_and_prints_a_readable_decision() -> None:
    done = _run(
        "triage", "-", stdin="Pakken er endnu ikke kommet, og ingen svarer på mine mails!".encode()
    )
    assert done.returncode == 0, done.stderr
    rows = {
        line[:16].strip(): line[16:]
        for line in done.stdout.decode().splitlines()
        if line[:1].strip()
    }
    assert rows["Language"].startswith("da (detected")
    assert rows["Priority"].split(",")[0] in ("CRITICAL", "HIGH", "MEDIUM", "LOW")
    assert rows["First reply by"][:3] in ("Mon", "Tue", "Wed", "Thu", "Fri")


def test_non_utf8_stdin_is_a_clear_error() -> None:
    done = _run("triage", "-", stdin="Fakturan är fel".encode("latin-1"))
    assert done.returncode != 0
    assert b"not UTF-8" in done.stderr and b"Traceback" not in done.stderr


def test_csv_triage_writes_one_decision_per_row(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        'id,text\n1,"Nettbutikken er nede, vi taper salg!"\n2,How do I export a report?\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    done = _run("triage", "--csv", str(source), "--out", str(out))
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,text,language,")
    assert len(lines) == 3
    assert b"2/2" in done.stderr  # the progress bar reached the end


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "not found"),
        ("body\nhello\n", [], "column 'text'"),
        ("", [], "empty"),
        ("text\n", [], "no rows"),
        ("text\nFakturan är fel\n".encode("latin-1"), [], "not UTF-8"),
    ],
)
def test_csv_input_mistakes_are_clear_errors(
    tmp_path: Path, content: str | bytes | None, args: list[str], message: str
) -> None:
    source = tmp_path / "in.csv"
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif content is not None:
        source.write_text(content, encoding="utf-8")
    done = _run("triage", "--csv", str(source), "--out", str(tmp_path / "out.csv"), *args)
    assert done.returncode == 1
    assert message in done.stderr.decode()
    assert b"Traceback" not in done.stderr


def test_csv_without_out_is_a_usage_error(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["triage", "--csv", str(tmp_path / "in.csv")])
    assert out.exit_code == 2
    assert "--csv needs --out" in out.stderr


def test_bad_policy_file_is_a_clear_error(tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text("[priority]\nlevelz = 1\n", encoding="utf-8")
    done = _run("triage", "--policy", str(policy), "hello")
    assert done.returncode == 1
    assert "p.toml: unknown key [priority.levelz]" in done.stderr.decode()


def test_unknown_tier_is_a_usage_error() -> None:
    out = CliRunner().invoke(main, ["triage", "--tier", "Z", "hello"])
    assert out.exit_code == 2


def test_bench_json_reports_the_contract_keys() -> None:
    out = CliRunner().invoke(
        main, ["bench", "--json", "--rounds", "50", "--warmup", "0", "--no-cold-start"]
    )
    assert out.exit_code == 0, out.output
    figures = json.loads(out.stdout)
    assert set(figures) >= {
        "p50_ms",
        "p95_ms",
        "tickets_per_s",
        "batch_tickets_per_s",
        "peak_rss_mb",
    }
    assert 0 < figures["p50_ms"] <= figures["p95_ms"]


def test_demo_triages_the_samples_most_urgent_first() -> None:
    out = CliRunner().invoke(main, ["demo", "--samples"])
    assert out.exit_code == 0, out.output
    assert "10 sample complaints triaged" in out.stdout
    first_block = out.stdout.split("\n\n")[0]
    assert "CRITICAL" in first_block


TRAINING_ROWS = [
    ("Fakturan har fel belopp", "billing"),
    ("Ni har dragit pengar två gånger", "billing"),
    ("Fakturaen er forkert, I har trukket to gange", "billing"),
    ("Die Rechnung ist doppelt abgebucht worden", "billing"),
    ("We were charged twice for one invoice", "billing"),
    ("Fakturaen har feil beløp igjen", "billing"),
    ("Appen kraschar vid inloggning", "technical"),
    ("Siden giver fejl 500 når jeg logger ind", "technical"),
    ("Die Anwendung stürzt beim Export ab", "technical"),
    ("The app crashes when I export a report", "technical"),
    ("Appen krasjer når jeg laster opp", "technical"),
    ("Systemet är nere sedan i morse", "technical"),
]


def _training_csv(tmp_path: Path) -> Path:
    path = tmp_path / "history.csv"
    lines = ["text,label"] + [f'"{text}",{label}' for text, label in TRAINING_ROWS * 2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_train_installs_a_model_that_triage_then_uses(tmp_path: Path) -> None:
    env_dir = tmp_path / "data"
    env = {"TRIAGEDESK_DATA_DIR": str(env_dir)}
    out = CliRunner(env=env).invoke(main, ["train", str(_training_csv(tmp_path)), "--json"])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.stdout)
    assert summary["n_rows"] == 24 and summary["labels"] == 2
    assert summary["holdout"]["n_test"] > 0 and 0.0 <= summary["holdout"]["accuracy"] <= 1.0
    assert summary["cv"]["multi_class"] == "ovr"  # two labels: one-vs-rest is the only one
    assert (env_dir / "models" / "category.npz").is_file()
    decided = CliRunner(env=env).invoke(
        main, ["triage", "--json", "Appen kraschar när jag exporterar"]
    )
    assert decided.exit_code == 0, decided.output
    category = json.loads(decided.stdout)["category"]
    assert category["label"] == "technical" and category["sub"] is None


def test_train_with_sub_categories_stores_both(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    rows = [
        f'"{text}",{label},{"a" if i % 2 else "b"}'
        for i, (text, label) in enumerate(TRAINING_ROWS * 2)
    ]
    path.write_text("text,label,sub\n" + "\n".join(rows) + "\n", encoding="utf-8")
    model = tmp_path / "m.npz"
    out = CliRunner().invoke(
        main, ["train", str(path), "--sub-col", "sub", "--out", str(model), "--holdout", "0"]
    )
    assert out.exit_code == 0, out.output
    assert re.search(
        r"3-fold cross-validation on it: accuracy [01]\.\d{3}, macro-F1 [01]\.\d{3} "
        r"\((one-vs-rest|Crammer-Singer) SVM, (no pair models|\d+ pair models at strength \d+)\); "
        r"Crammer-Singer beat one-vs-rest in \d+ % of resamples \(95 % needed\)",
        out.output,
    ), out.output
    decided = CliRunner().invoke(
        main, ["triage", "--json", "--model", str(model), "Die Rechnung ist falsch"]
    )
    category = json.loads(decided.stdout)["category"]
    assert category["label"] == "billing" and category["sub"] in ("a", "b")


@pytest.mark.parametrize("labels", [2, 4])
@pytest.mark.parametrize(
    ("svm", "tried", "chosen"),
    [("ovr", {"ovr"}, "ovr"), ("crammer-singer", {"crammer_singer"}, "crammer_singer")],
)
def test_train_svm_option_limits_the_formulations_tried(
    tmp_path: Path, svm: str, tried: set[str], chosen: str, labels: int
) -> None:
    path = tmp_path / "history.csv"
    rows = [
        f'"{text}",{label}{i % 2 if labels == 4 else ""}'
        for i, (text, label) in enumerate(TRAINING_ROWS * 2)
    ]
    path.write_text("text,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    args = ["train", str(path), "--out", str(tmp_path / "m.npz"), "--holdout", "0"]
    out = CliRunner().invoke(main, [*args, "--svm", svm, "--json"])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.stdout)
    cv = summary["cv"]
    assert summary["labels"] == labels
    assert set(cv["tried"]) == tried and cv["multi_class"] == chosen


def test_train_says_when_the_solver_stopped_at_its_limit(tmp_path: Path) -> None:
    args = ["train", str(_training_csv(tmp_path)), "--out", str(tmp_path / "m.npz")]
    out = CliRunner().invoke(main, [*args, "--holdout", "0", "--c", "1000", "--svm", "ovr"])
    assert out.exit_code == 0, out.output
    assert "stopped at its iteration limit" in out.stderr
    calm = CliRunner().invoke(main, [*args, "--holdout", "0"])
    assert calm.exit_code == 0 and "iteration limit" not in calm.stderr


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "not found"),
        ("text,category\nhej,x\n", [], "no column 'label'"),
        ("text,label\nhej,x\nhallo,x\n", [], "at least two different labels"),
        ("text,label\nFakturan är fel,billing\n".encode("latin-1"), [], "not UTF-8"),
        ("text,label\n,\n", [], "at least two different labels"),
    ],
)
def test_train_mistakes_are_clear_errors(
    tmp_path: Path, content: str | bytes | None, args: list[str], message: str
) -> None:
    source = tmp_path / "history.csv"
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif content is not None:
        source.write_text(content, encoding="utf-8")
    done = _run("train", str(source), "--out", str(tmp_path / "m.npz"), *args)
    assert done.returncode == 1
    assert message in done.stderr.decode()
    assert b"Traceback" not in done.stderr
    assert not (tmp_path / "m.npz").exists()


def test_a_broken_model_file_is_a_clear_error(tmp_path: Path) -> None:
    model = tmp_path / "m.npz"
    model.write_bytes(b"garbage")
    done = _run("triage", "--model", str(model), "hello there")
    assert done.returncode == 1
    assert "not a readable triagedesk model" in done.stderr.decode()
    assert b"Traceback" not in done.stderr


def test_evaluate_reports_the_contract_keys(tmp_path: Path) -> None:
    history = _training_csv(tmp_path)
    trained = CliRunner().invoke(
        main,
        [
            "evaluate",
            "--task",
            "category",
            "--train",
            str(history),
            "--test",
            str(history),
            "--json",
        ],
    )
    assert trained.exit_code == 0, trained.output
    report = json.loads(trained.stdout)
    assert set(report) >= {
        "task",
        "n_train",
        "n_test",
        "accuracy",
        "macro_f1",
        "per_label",
        "confusion",
    }
    assert report["n_train"] == report["n_test"] == 24
    assert report["accuracy"] == 1.0  # scored on its own training data: it must at least fit it
    shipped = CliRunner().invoke(
        main, ["evaluate", "--task", "category", "--no-train", "--test", str(history)]
    )
    assert shipped.exit_code == 0, shipped.output
    assert "macro-F1" in shipped.stdout and "technical" in shipped.stdout


def test_evaluate_sentiment_reports_spearman_with_a_score_column(tmp_path: Path) -> None:
    test = tmp_path / "s.csv"
    test.write_text(
        "text,label,score\n"
        '"Helt fantastisk service, tack!",positive,5\n'
        '"Det här är oacceptabelt, tredje gången!!!",negative,1\n'
        '"Leveransen kom i tid.",neutral,3\n'
        '"Usel kundtjänst, aldrig mer.",negative,1\n',
        encoding="utf-8",
    )
    out = CliRunner().invoke(
        main, ["evaluate", "--task", "sentiment", "--no-train", "--test", str(test), "--json"]
    )
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    assert -1.0 <= report["spearman"] <= 1.0
    assert set(report["per_label"]) <= {"negative", "neutral", "positive"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--task", "category"], "either --train"),
        (["--task", "category", "--no-train", "--train", "{csv}"], "either --train"),
        (["--task", "language", "--train", "{csv}"], "not trained on your data"),
        (["--task", "sentiment", "--no-train", "--label-col", "stars"], "no column 'stars'"),
    ],
)
def test_evaluate_mistakes_are_clear_errors(tmp_path: Path, args: list[str], message: str) -> None:
    history = _training_csv(tmp_path)
    argv = ["evaluate", "--test", str(history), *[a.replace("{csv}", str(history)) for a in args]]
    done = _run(*argv)
    assert done.returncode != 0
    assert message in done.stderr.decode()
    assert b"Traceback" not in done.stderr


def test_migrate_creates_the_sqlite_database_and_a_private_secret_key(tmp_path: Path) -> None:
    env = {**os.environ, "TRIAGEDESK_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("TRIAGEDESK_SECRET_KEY", None)
    done = subprocess.run(
        [sys.executable, "-m", "triagedesk", "migrate"], env=env, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "triagedesk.sqlite3").is_file()
    key = tmp_path / "secret_key"
    assert len(key.read_text(encoding="utf-8").strip()) >= 50
    assert key.stat().st_mode & 0o077 == 0


def test_a_weak_secret_key_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "TRIAGEDESK_DATA_DIR": str(tmp_path), "TRIAGEDESK_SECRET_KEY": "changeme"}
    env.pop("TRIAGEDESK_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "triagedesk", "migrate"], env=env, capture_output=True, check=False
    )
    assert done.returncode == 1
    assert b"TRIAGEDESK_SECRET_KEY is too weak" in done.stderr and b"Traceback" not in done.stderr


def test_token_create_needs_an_existing_user(tmp_path: Path) -> None:
    env = {**os.environ, "TRIAGEDESK_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    assert (
        subprocess.run(
            [sys.executable, "-m", "triagedesk", "migrate"],
            env=env,
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    done = subprocess.run(
        [sys.executable, "-m", "triagedesk", "token", "create", "--user", "nobody"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1
    assert b"no user 'nobody'" in done.stderr and b"Traceback" not in done.stderr
