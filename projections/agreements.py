"""Read model `agreements`: the index of agreements (kode, tahun, instansi, status, versions).

One row per agreement, derived from its state; `detail` holds the header `show` prints (parties,
versions with their signatures and amendments, quarters, findings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from domain.errors import AgreementNotFound, DomainError
from domain.identity import agreement_id
from domain.status import PARTIES, Status
from projections.failures import refuse_if_failed
from projections.model import ReadModel, as_json, from_json, text
from projections.schema import Table
from projections.store import ViewStore

if TYPE_CHECKING:
    from domain.state import AgreementState, Version


class AgreementRow(NamedTuple):
    agreement_id: str
    code: str
    year: int
    agency: str
    position: str
    first_party: str
    second_party: str
    status: str
    version_in_force: int | None
    in_force_from: str | None
    versions: int
    updated_at: str
    detail: str  # JSON: the header of `show`


TABLE = Table("kf_agreements", AgreementRow, key=("agreement_id",),
              indexes=(("code",), ("year", "agency", "code"), ("status", "year")))


def version_state(version: Version) -> str:
    if version.withdrawn:
        return "ditarik"
    if version.superseded_on is not None:
        return "diganti"
    if version.in_force_from is not None:
        return "berlaku"
    return "draf"


def signatures(version: Version) -> list[dict[str, Any]]:
    return [
        {"party": s.party, "signer": s.signer, "place": s.place, "signed_on": text(s.signed_on),
         "recorded_by": s.recorded_by, "content_hash": s.content_hash}
        for s in sorted(version.signatures.values(), key=lambda s: PARTIES.index(s.party))
    ]


def rows(state: AgreementState) -> list[AgreementRow]:
    content = state.shown_version().content
    in_force = state.in_force()
    detail = {
        "drafted_on": text(state.drafted_on),
        "level": content.jenjang,
        "scale": content.skala,
        "parent": content.induk,
        "first_party": content.pihak_pertama.model_dump(),
        "second_party": content.pihak_kedua.model_dump(),
        "versions": [
            {"version": v.number, "state": version_state(v), "in_force_from": text(v.in_force_from),
             "superseded_on": text(v.superseded_on), "signatures": signatures(v),
             "amendment": v.amendment.model_dump(mode="json") if v.amendment else None}
            for v in state.versions
        ],
        "quarters": {str(q): s.value for q, s in sorted(state.quarters.items())},
        "findings": list(state.findings),
    }
    return [AgreementRow(
        str(state.id), state.code, state.year, state.agency, state.position,
        content.pihak_pertama.nama, content.pihak_kedua.nama, state.status.value,
        in_force.number if in_force else None, text(in_force.in_force_from) if in_force else None,
        len(state.versions), text(state.modified_on), as_json(detail),
    )]


MODEL = ReadModel(
    name="agreements",
    description="Daftar PK: kode, tahun, instansi, jabatan, pihak pertama, status, versi berlaku",
    version=2,
    derived={TABLE: rows},
)


# --------------------------------------------------------------------- queries


def find(store: ViewStore, code: str) -> AgreementRow:
    """The agreement's row (codes are case-insensitive); refused when there is none, or when the
    read models cannot show it (`projections.failures`)."""
    key = str(agreement_id(code))
    refuse_if_failed(store, key)
    found = store.fetch(TABLE, "agreement_id = ?", (key,))
    if not found:
        raise AgreementNotFound(code)
    return found[0]


def status_label(status: str) -> str:
    return Status(status).label


@dataclass(frozen=True)
class ListedAgreement:
    code: str
    year: int
    agency: str
    position: str
    first_party: str
    status: str
    status_label: str
    version_in_force: int | None
    in_force_from: str | None
    versions: int


def _status_value(status: str) -> str:
    """Accept the code (`ACTIVE`) or the Indonesian label (`Berlaku`)."""
    for item in Status:
        if status.strip().upper() == item.value or status.strip().casefold() == item.label.casefold():
            return item.value
    raise DomainError(
        f"Status {status!r} tidak dikenal. Pilihan: "
        + ", ".join(f"{s.value} ({s.label})" for s in Status)
    )


def list_agreements(store: ViewStore, year: int | None = None, agency: str | None = None,
                    status: str | None = None) -> list[ListedAgreement]:
    where, params = [], []
    if year is not None:
        where.append("year = ?")
        params.append(year)
    if agency:
        where.append("agency = ?")
        params.append(agency)
    if status:
        where.append("status = ?")
        params.append(_status_value(status))
    return [
        ListedAgreement(r.code, r.year, r.agency, r.position, r.first_party, r.status,
                        status_label(r.status), r.version_in_force, r.in_force_from, r.versions)
        for r in store.fetch(TABLE, " AND ".join(where), params, order="year, agency, code")
    ]


def detail(row: AgreementRow) -> dict[str, Any]:
    return from_json(row.detail)
