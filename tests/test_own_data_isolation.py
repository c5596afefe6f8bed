"""Own data first (issue 13): an upload while the sample case is open starts a workspace of the
user's own data, and no number a view shows depends on the sample case.

For every view with an upload box: the page run on the sample, then the user's file uploaded
through the page's own uploader, must show exactly what the page shows when run on a workspace
built from that file alone (no sample dataset, no sample setting anywhere in the session).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.intake import load
from core.sample import own_data_workspace
from core.schemas import SCHEMAS
from core.workspace import SAMPLE
from tests.pagetest import PAGES, run_page


def _servqual_csv() -> bytes:
    """Six respondents on a 1-7 scale, semicolons and decimal commas in the weights (as Excel-es saves)."""
    rng = np.random.default_rng(7)
    head = ["Encuestado", "Sede"] + [f"E{i}" for i in range(1, 23)] + [f"P{i}" for i in range(1, 23)]
    rows = []
    for r in range(6):
        e = rng.integers(5, 8, 22)
        p = np.clip(e - rng.integers(0, 3, 22), 1, 7)
        rows.append([f"R{r + 1}", "Norte" if r < 3 else "Sur", *e.tolist(), *p.tolist()])
    text = ";".join(head) + "\n" + "\n".join(";".join(map(str, row)) for row in rows) + "\n"
    return text.encode("cp1252")


def _journey_csv() -> bytes:
    phases = ["Agendamiento", "Llegada a sede", "Consulta", "Pago"]
    lines = ["fase;recomendacion;satisfaccion;esfuerzo;comentario;fecha"]
    scores = [10, 9, 8, 6, 10, 3, 9, 7, 10, 5, 9, 9]
    for i, score in enumerate(scores * 2):
        lines.append(f"{phases[i % 4]};{score};{1 + score % 5};{1 + i % 7};Demora en atención;2025-0{1 + i % 6}-1{i % 9}")
    return ("\n".join(lines) + "\n").encode("cp1252")


def _traffic_csv() -> bytes:
    start = pd.Timestamp("2025-03-03 07:00")
    lines = ["fecha_hora;ofrecidas;atendidas;abandonadas;tmo"]
    for day in range(7):
        for slot in range(24):
            t = start + pd.Timedelta(days=day, minutes=30 * slot)
            offered = 20 + 10 * (slot % 6)
            lines.append(f"{t:%Y-%m-%d %H:%M};{offered};{offered - 2};2;{250 + 5 * (slot % 4)},5")
    return ("\n".join(lines) + "\n").encode("cp1252")


def _abandonment_csv() -> bytes:
    lines = ["fecha;modelo;abandono"]
    before = [5.1, 4.8, 6.0, 5.5, 4.9, 5.7, 6.2, 5.0]
    after = [3.1, 2.8, 3.5, 2.9, 3.3, 2.6, 3.0, 3.4]
    for i, value in enumerate(before):
        lines.append(f"2025-02-{i + 1:02d};actual;{str(value).replace('.', ',')}")
    for i, value in enumerate(after):
        lines.append(f"2025-04-{i + 1:02d};propuesto;{str(value).replace('.', ',')}")
    return ("\n".join(lines) + "\n").encode("cp1252")


def _indicators_csv() -> bytes:
    return ("indicador;valor;meta;unidad;sentido;periodo\n"
            "Oportunidad de cita;82,5;90;pct;min;2025-01\n"
            "Oportunidad de cita;88,0;90;pct;min;2025-02\n"
            "Quejas por 1000 atenciones;4,2;3;points;max;2025-01\n").encode("cp1252")


def _blueprint_csv() -> bytes:
    return ("orden;paso;acciones_del_cliente;acciones_visibles;acciones_invisibles\n"
            "1;Agendar cita;Llama al call center;Agente agenda;Valida afiliación\n"
            "2;Consulta;Asiste a sede;Médico atiende;Historia clínica\n").encode("cp1252")


CASES = [  # (page, dataset, file name, bytes)
    ("servqual", "servqual", "encuesta_servqual.csv", _servqual_csv),
    ("journey", "journey_responses", "respuestas_recorrido.csv", _journey_csv),
    ("staffing", "traffic", "trafico_marzo.csv", _traffic_csv),
    ("abandonment", "abandonment", "abandono_2025.csv", _abandonment_csv),
    ("indicators", "indicators", "indicadores_clinica.csv", _indicators_csv),
    ("blueprint", "blueprint_current", "blueprint_actual.csv", _blueprint_csv),
]


UPLOAD_BOX = "Cargar sus propios datos"   # upload.title in Spanish: the box previews the file itself


def shown(at: AppTest) -> dict:
    """What a page shows that carries numbers: metrics, tables and the main text (not the upload
    box's preview of the file, which only the run with the upload shows)."""
    preview = [df.value.to_csv() for box in at.expander if box.label.startswith(UPLOAD_BOX) for df in box.dataframe]
    tables = [df.value.to_csv() for df in at.dataframe]
    for table in preview:
        tables.remove(table)
    return {
        "metrics": [(m.label, m.value) for m in at.metric],
        "tables": tables,
        "markdown": [m.value for m in at.markdown],
    }


@pytest.mark.parametrize("page, dataset, file_name, make", CASES, ids=[c[0] for c in CASES])
def test_an_upload_on_the_sample_shows_exactly_what_her_data_alone_show(page, dataset, file_name, make):
    content = make()
    assert load(content, file_name, SCHEMAS[dataset]).ok  # the file itself is fine

    at = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=120)
    at.session_state["lang"] = "es"
    at.session_state["servqual.open_upload"] = True   # SERVQUAL builds its upload boxes when opened (issue 16)
    at.run()
    assert not at.exception and at.session_state["workspace"].is_sample
    at.file_uploader(key=f"upload.{dataset}").set_value((file_name, content, "text/csv")).run()
    assert not at.exception
    ws = at.session_state["workspace"]
    assert not ws.is_sample and SAMPLE not in ws.sources.values()
    assert ws.settings.get("abandonment.confidence") in (None, 95.0, 0.95)  # no thesis 93.4 % carried over
    after_upload = shown(at.run())   # a widget-free rerun, as after any click

    alone = own_data_workspace()
    alone.name = ws.name
    alone.put(dataset, load(content, file_name, SCHEMAS[dataset]).data, file_name)
    fresh = run_page(page, "es", ws=alone, timeout=120)
    assert not fresh.exception
    assert shown(fresh) == after_upload
