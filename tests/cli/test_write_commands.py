"""The write commands of `kinerja`, run through `cli.main.main()` (the console script): real exit
codes, stdout and stderr, on a real database; the event count shows what was written."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
import yaml
from typer.testing import CliRunner

from cli.main import main
from domain import commands as c
from domain.status import Status
from kinerja_flow.application import KinerjaApp
from kinerja_flow.documents import load_document
from kinerja_flow.settings import Settings, open_views
from projections import realisations
from projections.runner import Runner
from tests.language import assert_in_users_words

DEMO = Path(__file__).parents[2] / "kinerja_flow" / "demo"
AWAL = str(DEMO / "pk-2020-awal.yaml")
PERUBAHAN = str(DEMO / "pk-2020-perubahan.yaml")
CODE = "DINSOS-BLL-2020-KADIS"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


class Kinerja:
    """Runs `kinerja ARGS...` in-process, the way the console script does."""

    def __init__(self, db: str) -> None:
        self.db = db

    def __call__(self, *args: str, actor: str = "perencana") -> Run:
        runner = CliRunner()
        env = {"KINERJA_DB": self.db, "KINERJA_ACTOR": actor, "COLUMNS": "200"}
        with runner.isolation(env=env) as (out, err, _), patch.object(sys, "argv", ["kinerja", *args]):
            try:
                main()
                code = 0
            except SystemExit as done:
                code = int(done.code or 0)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            run = Run(code, out.getvalue().decode(), err.getvalue().decode())
            assert_in_users_words(args, run.stdout, run.stderr)
            return run

    def ok(self, *args: str, actor: str = "perencana") -> str:
        run = self(*args, actor=actor)
        assert run.code == 0, run.stderr
        assert run.stderr == ""
        return run.stdout

    def events(self) -> int:
        app = KinerjaApp(Settings(db=self.db, actor="pemeriksa"))
        try:
            return len(app.recorder.select_notifications(start=None, limit=1_000_000))
        finally:
            app.close()

    def agreement(self, code: str = CODE):
        app = KinerjaApp(Settings(db=self.db, actor="pemeriksa"))
        try:
            return app.state(code)
        finally:
            app.close()

    def entries(self, kind: str, item: str, month: int) -> list[Any]:
        """Every value recorded for one realisation, as the read models keep them."""
        runner = Runner(open_views(Settings(db=self.db, actor="pemeriksa")))
        try:
            runner.catch_up()
            return realisations.entries(runner.store, CODE, kind, item, month)
        finally:
            runner.store.close()

    def refused(self, *args: str, match: str) -> Run:
        """The command fails with one line on stderr, prints nothing else and writes nothing."""
        before = self.events()
        run = self(*args)
        assert run.code == 1, (run.stdout, run.stderr)
        assert run.stdout == ""
        assert run.stderr.startswith("Error: ")
        assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
        assert match in run.stderr
        assert self.events() == before
        return run

    def usage_error(self, *args: str, match: str) -> Run:
        """A usage error: exit code 2 and one line on stderr (naming the option, and where the
        command's help is), nothing written."""
        before = self.events()
        run = self(*args)
        assert run.code == 2, (run.stdout, run.stderr)
        assert run.stderr.startswith("Error: ") and run.stderr.count("\n") == 1, run.stderr
        assert "Traceback" not in run.stderr and run.stdout == ""
        assert match in run.stderr
        assert self.events() == before
        return run


@pytest.fixture
def kinerja(tmp_path: Path) -> Kinerja:
    """An SQLite file: the CLI does not know the backend (tests/app runs the engine on both)."""
    return Kinerja(str(tmp_path / "kinerja.db"))


@pytest.fixture
def active(kinerja: Kinerja) -> Kinerja:
    """The Buleleng PK 2020 in force (set up through the engine; the CLI path is tested above)."""
    app = KinerjaApp(Settings(db=kinerja.db, actor="perencana"))
    try:
        app.handle(c.CreateAgreement(document=load_document(AWAL), effective=date(2020, 1, 2)))
        for party in ("pertama", "kedua"):
            app.handle(c.Sign(code=CODE, party=party, place="Singaraja", effective=date(2020, 1, 2)))
    finally:
        app.close()
    return kinerja


# ----------------------------------------------------------------- the year, command by command


def test_the_buleleng_year_through_the_cli(kinerja: Kinerja) -> None:
    out = kinerja.ok("create", AWAL, "--tanggal", "2020-01-02", "--alasan", "PK awal 2020")
    assert out == f"PK {CODE} (2020) dibuat sebagai draf versi 1: 3 sasaran, 3 indikator, 9 program.\n"

    out = kinerja.ok("sign", CODE, "--pihak", "pertama", "--tempat", "Singaraja", "--tanggal", "2020-01-02",
                     actor="kadis")
    assert "versi 1 (PK awal) ditandatangani pihak pertama (I Putu Kariaman Putra, S.Sos, MM, Singaraja, " \
           "2020-01-02)" in out
    assert "berlaku" not in out
    out = kinerja.ok("sign", CODE, "--party", "kedua", "--place", "Singaraja", "--date", "2020-01-02")
    assert out.splitlines()[-1] == "Versi 1 berlaku mulai 2020-01-02."

    out = kinerja.ok(
        "amend", CODE, "--jenis", "perubahan-program", "--dasar", "APBD Perubahan 2020",
        "--alasan", "Penyesuaian dengan APBD Perubahan 2020", "--dokumen", PERUBAHAN, "--tanggal", "2020-10-01",
    )
    lines = out.splitlines()
    assert lines[0] == (f"PK Perubahan dibuka untuk PK {CODE}: versi 2 (draf), perubahan program, kegiatan "
                        "atau anggaran, dasar APBD Perubahan 2020.")
    assert lines[1] == "Versi 1 tetap berlaku sampai versi 2 ditandatangani kedua pihak."
    assert lines[2].endswith(f"perubahan dari {PERUBAHAN} dicatat.")
    kinerja.ok("sign", CODE, "--pihak", "pertama", "--tanggal", "2020-10-14")
    out = kinerja.ok("sign", CODE, "--pihak", "kedua", "--tanggal", "2020-10-14")
    assert out.splitlines()[-1] == "Versi 2 berlaku mulai 2020-10-14."

    out = kinerja.ok("realise", CODE, "S1.2", "9", "0,32")
    assert out == "Realisasi S1.2 bulan 9/2020 dicatat: 0,32.\n"
    out = kinerja.ok("realise-budget", CODE, "P01", "3", "Rp 30.519.000", "--catatan", "SP2D TW I")
    assert out == "Realisasi anggaran P01 bulan 3/2020 dicatat: Rp 30.519.000.\n"
    out = kinerja.ok("correct", CODE, "9", "0,33", "--indikator", "S1.2", "--alasan", "salah ketik")
    assert out == "Koreksi realisasi S1.2 bulan 9 dicatat: 0,32 → 0,33 (nilai lama tetap di riwayat).\n"
    out = kinerja.ok("correct", CODE, "3", "30.519.500", "--program", "P01", "--alasan", "kuitansi susulan")
    assert "Rp 30.519.000 → Rp 30.519.500" in out

    assert kinerja.ok("close-quarter", CODE, "3", "--alasan", "evaluasi TW III") == \
        f"Triwulan 3 PK {CODE} ditutup; realisasinya dibekukan.\n"
    assert kinerja.ok("reopen-quarter", CODE, "3", "--alasan", "data susulan") == \
        f"Triwulan 3 PK {CODE} dibuka kembali.\n"
    assert kinerja.ok("submit", CODE, "--alasan", "LKjIP selesai") == f"PK {CODE} diajukan untuk reviu.\n"
    out = kinerja.ok("return", CODE, "--temuan", "Bukti dukung TW IV kurang", "--temuan", "Rumus S2.1",
                     actor="inspektorat")
    assert out == f"Reviu PK {CODE} dikembalikan dengan 2 temuan; PK kembali berlaku.\n"
    kinerja.ok("submit", CODE, "--alasan", "LKjIP selesai")
    assert kinerja.ok("approve", CODE, "--alasan", "reviu selesai", actor="inspektorat") == \
        f"Reviu PK {CODE} disetujui; PK selesai direviu.\n"

    agreement = kinerja.agreement()
    assert agreement.status is Status.REVIEWED
    assert agreement.versions[0].signatures["pertama"].recorded_by == "kadis"
    assert agreement.findings == ["Bukti dukung TW IV kurang", "Rumus S2.1"]
    entries = kinerja.entries("indikator", "S1.2", 9)
    assert [str(e.value) for e in entries] == ["0.32", "0.33"]
    assert entries[1].reason == "salah ketik"


def test_a_correction_names_the_value_it_replaces_when_its_save_takes_a_snapshot(
        active: Kinerja, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loaded again from a snapshot, an agreement keeps each realisation's current entry only:
    the replaced value comes from the agreement the command corrected, not from a reload."""
    monkeypatch.setenv("KINERJA_SNAPSHOT_EVERY", "1")
    active.ok("realise-budget", CODE, "P01", "3", "30.519.000")
    out = active.ok("correct", CODE, "3", "30.519.500", "--program", "P01", "--alasan", "kuitansi susulan")
    assert "Rp 30.519.000 → Rp 30.519.500" in out
    entries = active.entries("anggaran", "P01", 3)  # the log keeps both values
    assert [str(e.value) for e in entries] == ["30519000", "30519500"]


def test_draft_edits_target_budget_revise_and_cancel(kinerja: Kinerja) -> None:
    kinerja.ok("create", AWAL, "--tanggal", "2020-01-02")
    out = kinerja.ok("target", CODE, "S1.1", "4,70", "--alasan", "usulan bidang",
                     "--triwulan", "1=1,2=1,3=1,4=1,70")
    assert out == f"Target S1.1 pada draf PK {CODE} versi 1 (PK awal) sekarang 4,7.\n"
    indicator = kinerja.agreement().versions[0].content.indicator("S1.1")
    assert indicator.target == "4.70"
    assert indicator.target_triwulan == {1: 1, 2: 1, 3: 1, 4: Decimal("1.7")}
    out = kinerja.ok("target", CODE, "S2.1", "80-90", "--alasan", "rentang", "--bulan", "6=40 12=85")
    assert "sekarang 80–90" in out
    out = kinerja.ok("budget", CODE, "P01", "400.000.000", "--alasan", "tambahan pagu",
                     "--triwulan", "1=100.000.000;2=100.000.000;3=100.000.000;4=100.000.000")
    assert out == f"Anggaran program P01 PK {CODE} sekarang Rp 400.000.000.\n"
    assert kinerja.agreement().versions[0].content.programme("P01").anggaran == 400_000_000

    out = kinerja.ok("revise", CODE, AWAL, "--alasan", "kembali ke dokumen")
    assert out == f"Draf PK {CODE} diperbarui: 3 perubahan dicatat.\n"
    kinerja.refused("revise", CODE, AWAL, "--alasan", "lagi", match="tidak ada perubahan")

    assert kinerja.ok("cancel", CODE, "--alasan", "salah jabatan") == f"PK {CODE} dibatalkan.\n"
    assert kinerja.agreement().status is Status.CANCELLED


def test_withdrawing_a_signature_and_an_amendment(active: Kinerja) -> None:
    active.ok("amend", CODE, "--jenis", "mutasi-pejabat", "--dasar", "SK Bupati 821/2020",
              "--alasan", "pergantian Kepala Dinas", "--tanggal", "2020-06-01")
    active.ok("sign", CODE, "--pihak", "pertama", "--tanggal", "2020-06-02")
    out = active.ok("withdraw-signature", CODE, "--pihak", "pertama", "--alasan", "nama salah")
    assert out == f"Tanda tangan pihak pertama pada PK {CODE} ditarik.\n"
    out = active.ok("withdraw-amendment", CODE, "--alasan", "SK dibatalkan")
    assert out == f"PK Perubahan pada PK {CODE} ditarik; versi yang berlaku tidak berubah.\n"
    agreement = active.agreement()
    assert agreement.status is Status.ACTIVE and agreement.version_in_force().number == 1


def test_a_ratio_indicator_takes_numerator_and_denominator(kinerja: Kinerja, tmp_path: Path) -> None:
    data = yaml.safe_load(Path(AWAL).read_text(encoding="utf-8"))
    data["sasaran"][0]["indikator"][0]["rasio"] = True
    document = tmp_path / "rasio.yaml"
    document.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    kinerja.ok("create", str(document), "--tanggal", "2020-01-02")
    kinerja.ok("sign", CODE, "--pihak", "pertama", "--tanggal", "2020-01-02")
    kinerja.ok("sign", CODE, "--pihak", "kedua", "--tanggal", "2020-01-02")
    kinerja.refused("realise", CODE, "S1.1", "12", "7,31", match="rasio")
    out = kinerja.ok("realise", CODE, "S1.1", "12", "--pembilang", "3.503", "--penyebut", "47.914")
    assert out == "Realisasi S1.1 bulan 12/2020 dicatat: 3.503 / 47.914 = 7,31%.\n"


def test_a_negative_value_follows_a_double_dash(active: Kinerja) -> None:
    out = active.ok("realise", CODE, "S1.1", "3", "--", "-3,5")
    assert out == "Realisasi S1.1 bulan 3/2020 dicatat: -3,5.\n"


# ----------------------------------------------------------------- refusals: one line, nothing written


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("sign", CODE, "--pihak", "pertama"), "tidak ada versi draf"),
        (("cancel", CODE, "--alasan", "x"), "Hanya PK draf"),
        (("approve", CODE, "--alasan", "reviu"), "tidak sedang direviu"),
        (("withdraw-amendment", CODE, "--alasan", "x"), "Tidak ada perubahan"),
        (("amend", CODE, "--jenis", "mutasi-pejabat", "--dasar", " ", "--alasan", "x"), "Dasar hukum"),
        (("amend", CODE, "--jenis", "mutasi-pejabat", "--dasar", "SK", "--alasan", ""), "Alasan wajib"),
        (("submit", CODE, "--alasan", "x", "--tanggal", "2099-01-01"), "masa depan"),
        (("realise", CODE, "S1.1", "13", "1"), "di luar 1..12"),
        (("realise", CODE, "S9.9", "3", "1"), "Indikator S9.9 tidak ada"),
        (("realise-budget", CODE, "P01", "3", "--", "-5"), "negatif"),
        (("correct", CODE, "3", "1", "--indikator", "S1.1", "--alasan", "x"), "Belum ada realisasi"),
        (("reopen-quarter", CODE, "1", "--alasan", "x"), "Triwulan 1 sudah dibuka kembali"),
        (("return", CODE, "--temuan", "x"), "tidak sedang direviu"),
        (("target", CODE, "S1.1", "5", "--alasan", "x"), "tidak ada versi draf"),
        (("sign", "TIDAK-ADA", "--pihak", "pertama"), "tidak ditemukan"),
        (("create", AWAL), "sudah dipakai"),
    ],
)
def test_a_refused_command_reports_one_line_and_writes_nothing(
    active: Kinerja, args: tuple[str, ...], match: str
) -> None:
    if args[0] == "reopen-quarter":
        active.ok("close-quarter", CODE, "1", "--alasan", "evaluasi TW I")
        active.ok("reopen-quarter", CODE, "1", "--alasan", "pertama kali")
    active.refused(*args, match=match)


def test_an_invalid_document_names_the_file_and_the_field(kinerja: Kinerja, tmp_path: Path) -> None:
    data = yaml.safe_load(Path(AWAL).read_text(encoding="utf-8"))
    data["sasaran"][1]["indikator"][0]["arah"] = "naikk"
    document = tmp_path / "salah.yaml"
    document.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = kinerja.events()
    run = kinerja("create", str(document))
    assert run.code == 1 and run.stdout == ""
    first, *details = run.stderr.splitlines()
    assert first.startswith(f"Error: {document}: dokumen tidak valid")
    assert any(line.strip().startswith("sasaran[1].indikator[0].arah:") for line in details)
    assert kinerja.events() == before
    kinerja.refused("create", str(tmp_path / "tidak-ada.yaml"), match="berkas tidak ditemukan")


# ----------------------------------------------------------------- usage errors: exit 2, nothing written


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("submit", CODE, "--alasan", "x", "--tanggal", "14-10-2020"), "bukan tanggal YYYY-MM-DD"),
        (("realise", CODE, "S1.1", "3", "tiga"), "bukan angka"),
        (("target", CODE, "S1.1", "banyak", "--alasan", "x"), "bukan target"),
        (("target", CODE, "S1.1", "5", "--alasan", "x", "--triwulan", "5=1"), "periode 5 di luar 1..4"),
        (("target", CODE, "S1.1", "5", "--alasan", "x", "--bulan", "1=1,1=2"), "disebut dua kali"),
        (("budget", CODE, "P01", "1", "--alasan", "x", "--triwulan", "satu"), "PERIODE=NILAI"),
        (("target", CODE, "S1.1", "5", "--alasan", "x", "--bulan", "13=1"), "--bulan tidak valid: periode 13 di luar"),
        (("budget", CODE, "P01", "1", "--alasan", "x", "--triwulan", "1=.."), "--triwulan tidak valid: '..' bukan angka"),
        (("realise", CODE, "S1.1", "tiga", "1"), "lihat `kinerja realise --help`."),
        (("realise", CODE, "S1.1", "3", "1", "--zzz"), "opsi tidak dikenal: --zzz;"),
        (("correct", CODE, "3", "1", "--alasan", "x"), "tepat satu"),
        (("correct", CODE, "3", "1", "--alasan", "x", "--indikator", "S1.1", "--program", "P01"), "tepat satu"),
        (("amend", CODE, "--jenis", "bosan", "--dasar", "SK", "--alasan", "x"), "--jenis"),
        (("sign", CODE, "--pihak", "ketiga"), "--pihak"),
        (("cancel", CODE), "--alasan"),
    ],
)
def test_bad_input_is_a_usage_error_and_writes_nothing(
    active: Kinerja, args: tuple[str, ...], match: str
) -> None:
    active.usage_error(*args, match=match)


# ----------------------------------------------------------------- schema


def test_schema_prints_the_json_schema_of_the_document_format(kinerja: Kinerja) -> None:
    schema = json.loads(kinerja.ok("schema"))
    assert schema["title"] == "AgreementDocument"
    assert {"kode", "tahun", "instansi", "pihak_pertama", "pihak_kedua", "jenjang"} <= set(schema["required"])
    indicator = schema["$defs"]["Indicator"]["properties"]
    assert {"target", "arah", "rumus", "rasio", "penghitungan", "target_triwulan", "target_bulan"} <= set(indicator)
    assert kinerja.events() == 0


def test_an_unreachable_database_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KINERJA_CONNECT_TIMEOUT", "1")
    unreachable = Kinerja("postgresql://postgres@127.0.0.1:1/kinerja")  # nothing listens on port 1
    for args in (("list",), ("realise", CODE, "S1.1", "1", "5")):
        run = unreachable(*args)
        assert run.code == 1, (run.stdout, run.stderr)
        assert run.stderr.startswith("Error: basis data tidak dapat dihubungi: server PostgreSQL di 127.0.0.1:1 menolak sambungan")
        assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr

