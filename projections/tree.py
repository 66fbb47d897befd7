"""Read model `tree`: the performance tree (pohon kinerja), agreements and indicators linked
parent → child across levels, with a "needs realignment" flag where a parent's target changed
after the child was signed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from projections.model import ReadModel, text
from projections.schema import Table
from projections.store import ViewStore

if TYPE_CHECKING:
    from domain.state import AgreementState


class TreeRow(NamedTuple):
    agreement_id: str
    code: str
    year: int
    agency: str
    position: str
    level: str | None
    first_party: str | None
    status: str | None
    signed_on: str | None
    ord: int  # 0: the agreement itself; 1..: its indicators
    indicator: str | None
    description: str | None
    target: str | None
    parent_code: str | None
    parent_indicator: str | None
    target_changed_on: str | None


TABLE = Table("kf_tree", TreeRow, key=("agreement_id", "ord"),
              indexes=(("year", "agency", "code", "ord"), ("code", "indicator"), ("parent_code",)))


def _target_changed_on(state: AgreementState, code: str) -> date | None:
    """When a new version came into force with a different target for indicator `code`."""
    changed: date | None = None
    previous: tuple[Any, ...] | None = None
    for version in state.versions:
        if version.in_force_from is None or version.withdrawn:
            continue
        indicator = version.content.indicator(code)
        current = None if indicator is None else (
            indicator.target, indicator.target_triwulan, indicator.target_bulan)
        if previous is not None and current != previous:
            changed = version.in_force_from
        previous = current
    return changed


def rows(state: AgreementState) -> list[TreeRow]:
    version = state.shown_version()
    content = version.content
    base = (str(state.id), state.code, state.year, state.agency, state.position, content.jenjang,
            content.pihak_pertama.nama, state.status.value, text(version.in_force_from))
    found = [TreeRow(*base, 0, None, content.pihak_pertama.jabatan, None, content.induk, None,
                     None)]
    for indicator in content.indicators():
        found.append(TreeRow(
            *base, len(found), indicator.kode, indicator.uraian, indicator.target,
            indicator.induk.pk if indicator.induk else content.induk,
            indicator.induk.indikator if indicator.induk else None,
            text(_target_changed_on(state, indicator.kode)),
        ))
    return found


MODEL = ReadModel(
    name="tree",
    description="Pohon kinerja: PK dan indikator induk → anak, dengan tanda perlu penyelarasan",
    version=2,
    derived={TABLE: rows},
)


# --------------------------------------------------------------------- the `tree` view


@dataclass(frozen=True)
class ParentIndicator:
    code: str
    indicator: str
    target: str | None


@dataclass(frozen=True)
class TreeIndicator:
    code: str
    description: str | None
    target: str | None
    parent: ParentIndicator | None
    parent_target_changed_on: str | None
    needs_realignment: bool


@dataclass
class TreeNode:
    code: str
    agency: str
    position: str
    first_party: str | None
    level: str | None
    status: str | None
    signed_on: str | None
    parent: str | None
    needs_realignment: bool = False
    indicators: list[TreeIndicator] = field(default_factory=list)
    children: list[TreeNode] = field(default_factory=list)


@dataclass(frozen=True)
class Tree:
    year: int
    agency: str | None
    roots: list[TreeNode]


def _rows_of(store: ViewStore, codes: list[str]) -> list[TreeRow]:
    found: list[TreeRow] = []
    for start in range(0, len(codes), 500):
        chunk = codes[start:start + 500]
        found += store.fetch(TABLE, f"code IN ({', '.join('?' * len(chunk))})", chunk)
    return found


def tree(store: ViewStore, year: int, agency: str | None = None) -> Tree:
    """Agreements and indicators parent → child; a child is flagged "needs realignment" when its
    parent's target came into force with a new value after the child's version in force, or
    when the parent's version in force no longer has the indicator."""
    where, params = "year = ?", [year]
    if agency:
        where += " AND agency = ?"
        params.append(agency)
    found = store.fetch(TABLE, where, params, order="agency, code, ord")
    parent_codes = sorted({r.parent_code for r in found if r.parent_code})
    parents = {(r.code, r.indicator): r for r in _rows_of(store, parent_codes)}
    nodes: dict[str, TreeNode] = {}
    for row in found:
        if row.indicator is None:
            nodes[row.code] = TreeNode(row.code, row.agency, row.position, row.first_party,
                                       row.level, row.status, row.signed_on, row.parent_code)
            continue
        parent = parents.get((row.parent_code, row.parent_indicator))
        changed_on = parent.target_changed_on if parent else None
        dropped = bool(row.parent_indicator and parent is None
                       and (row.parent_code, None) in parents)
        flag = dropped or bool(
            changed_on and (row.signed_on is None or changed_on > row.signed_on))
        node = nodes[row.code]
        node.indicators.append(TreeIndicator(
            row.indicator, row.description, row.target,
            None if row.parent_indicator is None else ParentIndicator(
                row.parent_code or "", row.parent_indicator, parent.target if parent else None),
            changed_on, flag,
        ))
        node.needs_realignment = node.needs_realignment or flag
    roots = []
    for node in nodes.values():
        holder = nodes.get(node.parent) if node.parent else None
        (holder.children if holder else roots).append(node)
    return Tree(year, agency, roots)
