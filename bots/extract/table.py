"""Finding the line-item table by its header row and reading its rows by column position.

Works with or without ruling lines (only text positions are used), joins descriptions that
wrap onto a second line, and follows a table that continues on the next page."""

from __future__ import annotations

from dataclasses import dataclass, field

from bots.extract.labels import column_kind, match_label
from bots.extract.numbers import parse_amount
from bots.extract.pdf import Cell, Page

NOISE = (
    "page ",
    "seite ",
    "pagina ",
    "página ",
    "continued",
    "übertrag",
    "segue",
    "suite",
    "vervolg",
    "continúa",
)


@dataclass
class Column:
    kind: str
    x0: float
    x1: float


@dataclass
class Row:
    cells: dict[str, str]
    page: int
    top: float
    bottom: float


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    end_page: int = 0
    end_y: float = 0.0  # bottom of the last row on end_page
    used: set[int] = field(default_factory=set)  # id() of cells that belong to the table


def _header(line: list[Cell]) -> list[Column] | None:
    cols = [Column(k, c.x0, c.x1) for c in line if (k := column_kind(c.text))]
    kinds = {c.kind for c in cols}
    if len(cols) >= 3 and "desc" in kinds and "amount" in kinds:
        return cols
    return None


def _assign(cols: list[Column], line: list[Cell]) -> dict[str, str]:
    bounds = [(a.x1 + b.x0) / 2 for a, b in zip(cols, cols[1:], strict=False)]
    out: dict[str, str] = {}
    for c in line:
        mid = (c.x0 + c.x1) / 2
        idx = 0 if c.x0 < bounds[0] - 2 else sum(1 for b in bounds if mid > b)
        kind = cols[idx].kind
        out[kind] = f"{out[kind]} {c.text}" if kind in out else c.text
    return out


def _is_item(cells: dict[str, str], comma: bool) -> bool:
    return parse_amount(cells.get("amount", ""), comma) is not None and any(
        parse_amount(cells.get(k, ""), comma) is not None for k in ("qty", "price")
    )


def find_table(pages: list[Page], comma: bool) -> Table | None:
    """The line-item table, or None when no header row names description and amount."""
    table: Table | None = None
    for page in pages:
        lines = page.lines
        start = None
        for i, line in enumerate(lines):
            if cols := _header(line):
                table = table or Table(cols)
                table.columns = cols
                table.used.update(id(c) for c in line)
                start = i + 1
                break
        if table is None:
            continue
        if start is None:  # a continuation page without a repeated header
            if table.end_page != page.number - 1:
                break
            start = next(
                (i for i, ln in enumerate(lines) if _is_item(_assign(table.columns, ln), comma)),
                None,
            )
            if start is None:
                break
        last_bottom = lines[start - 1][0].bottom if start else 0.0
        ended = False  # by the totals block: the table is complete
        for line in lines[start:]:
            text = " ".join(c.text for c in line)
            if match_label(line[0].text, "totals") and not _is_item(
                _assign(table.columns, line), comma
            ):
                ended = True
                break
            if line[0].top - last_bottom > 30:  # a gap: the footer, or totals further down
                break
            cells = _assign(table.columns, line)
            if _is_item(cells, comma):
                table.rows.append(Row(cells, page.number, line[0].top, line[-1].bottom))
            elif set(cells) == {"desc"} and table.rows and not text.lower().startswith(NOISE):
                prev = table.rows[-1]
                prev.cells["desc"] = f"{prev.cells['desc']} {cells['desc']}"
            elif any(text.lower().startswith(n) for n in NOISE) or not table.rows:
                continue
            else:
                break
            table.used.update(id(c) for c in line)
            last_bottom = max(c.bottom for c in line)
            table.end_page, table.end_y = page.number, last_bottom
        if ended and table.rows:
            break
    return table if table and table.rows else None
