"""Rich tables and trees for the read models; each takes a read model's typed query result (what
`--json` prints), so the demo and the read commands share them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from cli.terminal import safe
from domain.numbers import PERCENT_PLACES, format_number
from projections.wording import (
    amount_text,
    long_date,
    number_text,
    periods_text,
    quarter_name,
    target_text,
)

Data = Any  # a query's typed result (see projections' read-model modules)


def _percent(value: Decimal | None) -> str:
    return "-" if value is None else f"{format_number(value, PERCENT_PLACES)}%"


def _ratio(value: Decimal | None) -> str:
    return "-" if value is None else format_number(value, PERCENT_PLACES)


def _grade(value: str | None) -> str:
    return value or "-"


def print_agreements(console: Console, rows: Sequence[Data]) -> None:
    """`kinerja list`."""
    table = Table(title="Perjanjian Kinerja", show_lines=False)
    for name in ("Kode", "Tahun", "Instansi", "Jabatan", "Pihak pertama", "Status", "Versi berlaku",
                 "Versi"):
        table.add_column(name, justify="right" if name in ("Tahun", "Versi berlaku", "Versi") else "left")
    for r in rows:
        table.add_row(
            safe(r.code), str(r.year), safe(r.agency), safe(r.position),
            safe(r.first_party or "-"), safe(r.status_label),
            "-" if r.version_in_force is None else str(r.version_in_force), str(r.versions),
        )
    console.print(table if rows else "Belum ada PK yang cocok.")


def print_agreement(console: Console, data: Data) -> None:
    """`kinerja show`: header, versions with signatures, targets and budgets."""
    as_of = f" per {long_date(data.as_of)}" if data.as_of else ""
    console.print(f"[bold]{safe(data.code)}[/] — {safe(data.position)}, "
                  f"{safe(data.agency)}, tahun {data.year}{as_of}")
    console.print(f"Status: [bold]{safe(data.status_label)}[/]; versi ditampilkan: {data.version_shown}"
                  f"{' (berlaku sejak ' + long_date(data.in_force_from) + ')' if data.in_force_from else ' (draf)'}")
    first, second = data.first_party, data.second_party
    console.print(f"Pihak pertama: {safe(first.nama)} ({safe(first.jabatan)}); "
                  f"pihak kedua: {safe(second.nama)} ({safe(second.jabatan)})")
    versions = Table(title="Versi dan tanda tangan")
    for name in ("Versi", "Keadaan", "Berlaku sejak", "Tanda tangan", "Perubahan"):
        versions.add_column(name)
    for v in data.versions:
        signatures = "; ".join(
            f"pihak {s.party}: {s.signer} ({long_date(s.signed_on)})" for s in v.signatures
        ) or "-"
        amendment = v.amendment
        versions.add_row(
            str(v.version), safe(v.state), long_date(v.in_force_from), safe(signatures),
            safe(f"{amendment.ground}: {amendment.legal_basis} — {amendment.reason}")
            if amendment else "-",
        )
    console.print(versions)
    targets = Table(title=f"Sasaran dan indikator (versi {data.version_shown})")
    for name in ("Sasaran", "Indikator", "Uraian", "Satuan", "Target", "Target per periode"):
        targets.add_column(name)
    for i in data.indicators:
        targets.add_row(safe(i.objective), safe(i.code), safe(i.description), safe(i.unit),
                        target_text(i.target), periods_text(i.periods))
    console.print(targets)
    budget = Table(title="Program dan anggaran (Rp)")
    for name in ("Program", "Uraian", "Anggaran", "Per periode", "Indikator", "Sumber dana"):
        budget.add_column(name, justify="right" if name == "Anggaran" else "left")
    for p in data.programmes:
        budget.add_row(safe(p.code), safe(p.description), amount_text(p.budget),
                       periods_text(p.periods, money=True), safe(", ".join(p.indicators) or "-"),
                       safe(p.funding or "-"))
    console.print(budget)


def print_history(console: Console, data: Data) -> None:
    """`kinerja history`: the versions, every target side by side per version, the changes."""
    versions = Table(title=f"Riwayat versi {safe(data.code)}")
    for name in ("Versi", "Keadaan", "Dibuka", "Berlaku sejak", "Diganti", "Dasar perubahan", "Alasan"):
        versions.add_column(name)
    for v in data.versions:
        basis = f"{v.ground_label}; {v.legal_basis}" if v.ground else "PK awal"
        versions.add_row(str(v.version), safe(v.state), long_date(v.opened_on),
                         long_date(v.in_force_from), long_date(v.superseded_on),
                         safe(basis), safe(v.reason or "-"))
    console.print(versions)
    numbers = [str(v.version) for v in data.versions]
    side = Table(title="Target per versi (PK awal vs PK Perubahan)")
    side.add_column("Kode")
    side.add_column("Uraian")
    for number in numbers:
        side.add_column("PK awal" if number == "1" else f"Versi {number}", justify="right")
    for t in data.targets:
        money = t.kind == "anggaran"
        cells = [amount_text(t.values[n]) if money else target_text(t.values[n]) for n in numbers]
        side.add_row(safe(t.item), safe(t.description), *cells)
    console.print(side)
    changes = Table(title="Perubahan target dan anggaran")
    for name in ("Versi", "Kode", "Peristiwa", "Lama", "Baru", "Pelaku", "Tgl berlaku", "Alasan"):
        changes.add_column(name)
    for c in data.changes:
        show = amount_text if c.kind == "anggaran" else target_text
        changes.add_row(str(c.version), safe(c.item), safe(c.change_label),
                        show(c.old) if c.old is not None else "-",
                        show(c.new) if c.new is not None else "-", safe(c.actor),
                        long_date(c.effective), safe(c.reason or "-"))
    console.print(changes)


def print_audit(console: Console, rows: Sequence[Data]) -> None:
    """`kinerja audit`: who did what, when (recorded and effective), why."""
    table = Table(title="Jejak audit")
    for name in ("#", "PK", "Peristiwa", "Pelaku", "Dicatat", "Tgl berlaku", "Perubahan", "Alasan"):
        table.add_column(name)
    for r in rows:
        table.add_row(str(r.position), safe(r.code), safe(r.label), safe(r.actor),
                      r.recorded_at[:19].replace("T", " "), long_date(r.effective),
                      safe(r.summary), safe(r.reason or "-"))
    console.print(table if rows else "Tidak ada peristiwa yang cocok.")


def print_quarterly(console: Console, data: Data) -> None:
    """`kinerja summary`: the "Capaian Rencana Aksi s/d Triwulan IV" layout."""
    as_of = f" per {long_date(data.as_of)}" if data.as_of else ""
    kinerja = Table(title=f"Capaian rencana aksi {safe(data.code)} (versi {data.version}){as_of}")
    for name in ("Indikator", "Target tahunan", "Triwulan", "Target", "Realisasi", "Capaian",
                 "Predikat", "s/d TW: capaian"):
        kinerja.add_column(name, justify="right" if name in ("Target", "Realisasi", "Capaian") else "left")
    for i in data.indicators:
        for n, q in enumerate(i.quarters):
            kinerja.add_row(
                safe(f"{i.code} {i.description}") if n == 0 else "",
                f"{target_text(i.annual_target)} {safe(i.unit)}" if n == 0 else "",
                quarter_name(q.quarter), number_text(q.target), number_text(q.realisation),
                _percent(q.achievement), _grade(q.grade),
                f"{_percent(q.cumulative.achievement)} {_grade(q.cumulative.grade)}",
            )
        kinerja.add_section()
    console.print(kinerja)
    budget = Table(title="Anggaran (Rp)")
    budget.add_column("Program", ratio=1)
    budget.add_column("Target anggaran tahunan", justify="right", no_wrap=True, min_width=13)
    budget.add_column("Triwulan", no_wrap=True)
    for name, width in (("Target", 13), ("Realisasi", 13), ("%", 6), ("s/d TW: %", 6)):
        budget.add_column(name, justify="right", no_wrap=True, min_width=width)
    for p in data.programmes + [_total_row(data)]:
        for n, q in enumerate(p.quarters):
            budget.add_row(
                safe(f"{p.code} {p.description}") if n == 0 else "",
                amount_text(p.budget) if n == 0 else "", quarter_name(q.quarter),
                amount_text(q.target), amount_text(q.realisation), _ratio(q.absorption),
                _ratio(q.cumulative.absorption) if hasattr(q, "cumulative") else "",
            )
        budget.add_section()
    console.print(budget)


def _total_row(data: Data) -> Data:
    from types import SimpleNamespace

    total = data.budget_total
    return SimpleNamespace(code="TOTAL", description="", budget=total.budget,
                           quarters=total.quarters)


def print_measurement(console: Console, data: Data) -> None:
    """`kinerja measure`: Formulir Pengukuran Kinerja per agreement, with the year before."""
    if not data.agreements:
        console.print(f"Belum ada PK tahun {data.year}.")
    for a in data.agreements:
        table = Table(title=f"Formulir Pengukuran Kinerja {safe(a.code)} — {safe(a.position)}, "
                            f"tahun {a.year} (versi {a.version})")
        table.add_column("Sasaran", min_width=7)
        table.add_column("Indikator", ratio=1, min_width=12)
        for name in ("Target", "Realisasi", "Capaian"):
            table.add_column(name, justify="right", no_wrap=True)
        table.add_column("Predikat", min_width=9)
        for name in (f"Capaian {a.year - 1}", "Anggaran", "Real. anggaran", "Serapan", "Efisiensi"):
            table.add_column(name, justify="right", no_wrap=True)
        for i in a.indicators:
            before = i.previous
            table.add_row(
                safe(i.objective), safe(f"{i.code} {i.description}"),
                f"{target_text(i.target)} {safe(i.unit)}", number_text(i.realisation),
                _percent(i.achievement), _grade(i.grade),
                _percent(before.achievement) if before else "-", amount_text(i.budget),
                amount_text(i.budget_realisation), _percent(i.absorption), _ratio(i.efficiency),
            )
        console.print(table)
        scale = next((i.scale for i in a.indicators if i.scale), None)
        if scale:
            console.print(f"Predikat menurut skala [bold]{safe(scale)}[/].")


def print_tree(console: Console, data: Data) -> None:
    """`kinerja tree`: agreements parent → child, indicators under them, realignment flags."""
    root = Tree(f"Pohon kinerja {data.year}" + (f" — {safe(data.agency)}" if data.agency else ""))

    def add(branch: Tree, node: Data) -> None:
        flag = " [bold red]⚠ perlu penyelarasan[/]" if node.needs_realignment else ""
        child = branch.add(f"[bold]{safe(node.code)}[/] {safe(node.position)} "
                           f"({safe(node.first_party or '-')}){flag}")
        for i in node.indicators:
            parent = i.parent
            link = f" ← {safe(parent.code)}/{safe(parent.indicator)}" if parent else ""
            warn = (f" [red]target induk berubah {long_date(i.parent_target_changed_on)}[/]"
                    if i.needs_realignment else "")
            child.add(f"{safe(i.code)} {safe(i.description)}: "
                      f"{target_text(i.target)}{link}{warn}")
        for sub in node.children:
            add(child, sub)

    for node in data.roots:
        add(root, node)
    console.print(root if data.roots else f"Belum ada PK tahun {data.year}.")


def print_status(console: Console, rows: Sequence[Data]) -> None:
    """`kinerja projections status`."""
    table = Table(title="Model baca (read models)")
    for name in ("Nama", "Posisi", "Kepala log", "Tertinggal", "Skema", "Keadaan"):
        table.add_column(name, justify="right" if name in ("Posisi", "Kepala log", "Tertinggal") else "left")
    for r in rows:
        table.add_row(safe(r.name), "-" if r.position is None else str(r.position), str(r.head),
                      str(r.lag), f"{r.schema_version or '-'}/{r.current_schema_version}",
                      safe(r.state))
    console.print(table)
