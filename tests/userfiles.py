"""Files as users make them (Spanish-locale Excel and friends), as bytes, for intake, page and browser tests.

Every generator is deterministic. CSVs in the Spanish-Excel dialect: ";" separator, decimal comma,
cp1252. XLSX with a title block above the header (written with openpyxl). Reusable by any test.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

import numpy as np
import openpyxl

TRAFFIC_HEADER = ["Fecha", "Hora", "Ofrecidas", "Atendidas", "Abandonadas", "TMO (seg)", "Nivel de servicio (%)"]


def traffic_rows(days: int = 7, minutes: int = 30, start: dt.date = dt.date(2024, 3, 4), open_h: int = 7,
                 close_h: int = 19, seed: int = 7) -> list[dict]:
    """A week of a clinic's call centre: offered calls per interval with a midday peak, AHT in seconds."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(days):
        day = start + dt.timedelta(days=d)
        for k in range((close_h - open_h) * 60 // minutes):
            t = dt.datetime.combine(day, dt.time(open_h)) + dt.timedelta(minutes=k * minutes)
            hour = t.hour + t.minute / 60
            mean = 40 * minutes / 30 * np.exp(-((hour - 11) ** 2) / 8) + 5
            offered = int(rng.poisson(mean))
            abandoned = int(rng.binomial(offered, 0.05))
            rows.append({"start": t, "offered": offered, "answered": offered - abandoned, "abandoned": abandoned,
                         "aht": int(rng.integers(200, 300)), "sl": round(float(rng.uniform(70, 95)), 1)})
    return rows


def _mmss(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def traffic_csv_es(offered_header: str = "Ofrecidas", aht_as: str = "seconds", minutes: int = 30,
                   rows: list[dict] | None = None) -> bytes:
    """`Fecha;Hora;Ofrecidas;Atendidas;Abandonadas;TMO (seg);Nivel de servicio (%)`, cp1252, decimal comma.
    ``aht_as``: "seconds" (242) or "mmss" (4:02, header `TMO`)."""
    rows = rows if rows is not None else traffic_rows(minutes=minutes)
    header = list(TRAFFIC_HEADER)
    header[2] = offered_header
    if aht_as == "mmss":
        header[5] = "TMO"
    lines = [";".join(header)]
    for r in rows:
        aht = _mmss(r["aht"]) if aht_as == "mmss" else str(r["aht"])
        lines.append(";".join([r["start"].strftime("%d/%m/%Y"), r["start"].strftime("%H:%M"), str(r["offered"]),
                               str(r["answered"]), str(r["abandoned"]), aht, f"{r['sl']:.1f}".replace(".", ",") + " %"]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _xlsx(title: list[list], header: list, rows: list[list], sheet: str = "Datos", hidden: dict | None = None) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for line in title:
        ws.append(line)
    ws.append(header)
    for row in rows:
        ws.append(row)
    for name, content in (hidden or {}).items():
        other = book.create_sheet(name)
        other.sheet_state = "hidden"
        for row in content:
            other.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


TITLE = [["Clínica San Rafael — Reporte semanal"], ["Generado por el sistema de telefonía"], []]


def traffic_xlsx_es(rows: list[dict] | None = None, aht_as: str = "time") -> bytes:
    """The traffic file as an XLSX with a 3-row title block; date and time in two cells (real date and
    time cells), TMO as an Excel time (aht_as="time") or seconds."""
    rows = rows if rows is not None else traffic_rows()
    body = [[r["start"].date(), r["start"].time(), r["offered"], r["answered"], r["abandoned"],
             dt.time(0, r["aht"] // 60, r["aht"] % 60) if aht_as == "time" else r["aht"], r["sl"] / 100]
            for r in rows]
    header = list(TRAFFIC_HEADER)
    header[5] = "TMO" if aht_as == "time" else "TMO (seg)"
    return _xlsx(TITLE, header, body)


JOURNEY_PHASES = ["Agendamiento", "Atención en sede", "Resultados", "Facturación"]


def journey_rows(n: int = 40, seed: int = 3) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        rows.append({"phase": JOURNEY_PHASES[i % 4], "recommend": int(rng.integers(0, 11)),
                     "satisfaction": int(rng.integers(1, 6)), "effort": int(rng.integers(1, 8)),
                     "comment": ["Muy amable", "Demoras en la línea", "", "Atención rápida"][i % 4],
                     "date": dt.date(2024, 5, 13) + dt.timedelta(days=i % 20)})
    return rows


JOURNEY_HEADER = ["Fase", "Recomendación (0-10)", "Satisfacción (1-5)", "Esfuerzo (1-7)", "Comentario", "Fecha"]


def journey_csv_es(rows: list[dict] | None = None) -> bytes:
    rows = rows if rows is not None else journey_rows()
    lines = [";".join(JOURNEY_HEADER)]
    for r in rows:
        lines.append(";".join([r["phase"], str(r["recommend"]), str(r["satisfaction"]), str(r["effort"]),
                               r["comment"], r["date"].strftime("%d/%m/%Y")]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def journey_xlsx_es(rows: list[dict] | None = None) -> bytes:
    rows = rows if rows is not None else journey_rows()
    header = ["Etapa", "Recomendación", "Satisfacción", "Esfuerzo", "Comentarios", "Fecha de respuesta"]
    body = [[r["phase"], r["recommend"], r["satisfaction"], r["effort"], r["comment"] or None, r["date"]] for r in rows]
    return _xlsx([["Encuesta de experiencia — mayo 2024"], []], header, body, sheet="Respuestas")


def servqual_rows(n: int = 30, items: int = 22, seed: int = 5) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [{"id": f"R{i + 1:03d}", "sede": ["Norte", "Sur"][i % 2],
             "E": [int(v) for v in rng.integers(4, 8, items)], "P": [int(v) for v in rng.integers(2, 8, items)]}
            for i in range(n)]


def servqual_csv_es(rows: list[dict] | None = None) -> bytes:
    """A 1–7 SERVQUAL survey, one row per respondent: Encuestado;Sede;E1..E22;P1..P22."""
    rows = rows if rows is not None else servqual_rows()
    items = len(rows[0]["E"])
    lines = [";".join(["Encuestado", "Sede"] + [f"E{i}" for i in range(1, items + 1)]
                      + [f"P{i}" for i in range(1, items + 1)])]
    for r in rows:
        lines.append(";".join([r["id"], r["sede"]] + [str(v) for v in r["E"]] + [str(v) for v in r["P"]]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def servqual_xlsx_es(rows: list[dict] | None = None) -> bytes:
    rows = rows if rows is not None else servqual_rows()
    items = len(rows[0]["E"])
    header = ["Código", "Sede"] + [f"E{i}" for i in range(1, items + 1)] + [f"P{i}" for i in range(1, items + 1)]
    body = [[r["id"], r["sede"]] + r["E"] + r["P"] for r in rows]
    return _xlsx([["Encuesta SERVQUAL 1-7"], ["Sede Norte y Sur"]], header, body, sheet="Encuesta")


def abandonment_csv_es() -> bytes:
    """Daily abandonment with `Abandono (%)` written as "3,2 %"."""
    lines = ["Cuenta;Periodo;Fecha;Abandono (%)"]
    for i in range(10):
        day = dt.date(2024, 3, 1) + dt.timedelta(days=i)
        model = "Antes" if i < 5 else "Después"
        lines.append(f"Línea 1;{model};{day:%d/%m/%Y};{4.1 - 0.3 * i:.1f} %".replace(".", ","))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def abandonment_xlsx_es() -> bytes:
    body = [["Línea 1", "Antes" if i < 5 else "Después", dt.date(2024, 3, 1) + dt.timedelta(days=i),
             200 + i, 8 + i % 3] for i in range(10)]
    return _xlsx(TITLE[:1], ["Cuenta", "Periodo", "Fecha", "Llamadas recibidas", "Abandonadas"], body)


def cdr_csv_es() -> bytes:
    """Call records: Fecha;Hora;Espera [s];Duración (mm:ss);Abandonada."""
    lines = ["Fecha;Hora;Espera [s];Duración;Abandonada"]
    for i in range(12):
        t = dt.datetime(2024, 3, 4, 8) + dt.timedelta(minutes=7 * i)
        abandoned = i % 4 == 0
        talk = "" if abandoned else _mmss(180 + 5 * i)
        lines.append(f"{t:%d/%m/%Y};{t:%H:%M:%S};{10 + i},5;{talk};{'Sí' if abandoned else 'No'}")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def cdr_xlsx_es() -> bytes:
    body = []
    for i in range(12):
        t = dt.datetime(2024, 3, 4, 8) + dt.timedelta(minutes=7 * i)
        body.append([t, 10 + i, None if i % 4 == 0 else 180 + 5 * i, "sí" if i % 4 == 0 else "no"])
    return _xlsx(TITLE, ["Fecha y hora", "Tiempo de espera (seg)", "Conversación (seg)", "Abandonada"], body)


def indicators_csv_es() -> bytes:
    lines = ["Indicador;Valor;Meta;Unidad;Periodo",
             "NPS;62,5;70;puntos;2024-T1", "Satisfacción;4,3;4,5;1-5;2024-T1", "Tiempo de espera;1.250,5;900;s;2024-T1"]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def unicode_text(content: str) -> bytes:
    """Excel's "Unicode text" save: UTF-16 little-endian with BOM, tab separated."""
    return content.replace(";", "\t").encode("utf-16")


def ods(header: list, rows: list[list], sheet: str = "Hoja1", title: list[str] | None = None) -> bytes:
    """A minimal OpenDocument spreadsheet written by hand (no ODS writer is installed): strings, floats
    and dates as office:value-type cells."""
    def cell(v):
        if v is None:
            return "<table:table-cell/>"
        if isinstance(v, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        if isinstance(v, dt.date):
            return (f'<table:table-cell office:value-type="date" office:date-value="{v.isoformat()}">'
                    f"<text:p>{v.isoformat()}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'
    lines = [[t] for t in (title or [])] + [header] + rows
    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in lines)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{body}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def unrecognisable_traffic_csv() -> bytes:
    """Headers nobody could guess (the user maps them by hand): Col1..Col4."""
    lines = ["Dia del reporte;Tramo;Cantidad;Segundos promedio"]
    for k in range(8):
        t = dt.datetime(2024, 3, 4, 8) + dt.timedelta(minutes=30 * k)
        lines.append(f"{t:%Y-%m-%d};{t:%H:%M};{20 + k};{240 + k}")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def survey_with_formulas(notes: int = 0) -> bytes:
    """A survey as openpyxl writes it: "Respuestas" with a title block, a header, three answers and a
    "Promedio" column of formulas saved without values (A1:D6, 24 cells; calamine reads D4:D6 as empty);
    with ``notes``, a second sheet "Notas" of that many rows x 3 columns ("Llamada i", "revisada", "Agente k")."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Respuestas"
    ws.append(["Encuesta de experiencia - Sede Norte"])
    ws.append([])
    ws.append(["Fase", "Satisfacción", "Recomendación", "Promedio"])
    ws.append(["Solicitud", 4, 9, "=(B4+C4)/2"])
    ws.append(["Uso", 5, 10, "=(B5+C5)/2"])
    ws.append(["Pago", 2, 3, "=(B6+C6)/2"])
    if notes:
        sheet = wb.create_sheet("Notas")
        for i in range(1, notes + 1):
            sheet.append([f"Llamada {i}", "revisada", f"Agente {i % 4 + 1}"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rewrite_xlsx(content: bytes, edits: dict, moves: dict | None = None) -> bytes:
    """The XLSX with parts' bytes changed (``edits``: name -> function) and parts renamed (``moves``)."""
    out, moves = io.BytesIO(), moves or {}
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(moves.get(info.filename, info.filename), edits.get(info.filename, lambda x: x)(data))
    return out.getvalue()
