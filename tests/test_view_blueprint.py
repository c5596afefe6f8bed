"""core.views.blueprint: the view model on the sample case and on a user's own pair of blueprints
(her step names, Spanish headers, through intake), the page and the report showing the same counts.

Expected counts are made by hand: for her blueprints, cell by cell in the comments below; for the
sample, off seed 000's Tables 1 and 4 (14 cells change, in all 6 steps; pain phases 2, 3 and 5 of 4
reached, see tests/test_blueprint.py).
"""
import pandas as pd
import pytest

from core.i18n import Translator
from core.intake import load
from core.report import blueprint as report_section
from core.sample import own_data_workspace, sample_workspace
from core.schemas import SCHEMAS
from core.views import blueprint as view
from tests.pagetest import run_page

HEADER = "Paso;Evidencia física;Acciones del cliente;Acciones visibles;Acciones invisibles;Procesos de soporte;Fase"
CURRENT = f"""{HEADER}
Agendamiento;Línea telefónica;Llama para pedir cita;Agente agenda la cita;Registro en agenda de papel;Central telefónica;Agendamiento
Atención en sede;Sala de espera;Espera su turno;Recepción verifica datos;Historia clínica en papel;Archivo;Atención en sede
Pago;Factura impresa;Paga en caja;Cajero cobra;Conciliación manual;Sistema contable;Pago
"""
# Changes, cell by cell: Agendamiento — evidence gains WhatsApp (changed), customer action (changed),
# backstage (changed); Atención en sede — backstage (changed); Pago — none. 4 cells in 2 of 3 steps.
PROPOSED = f"""{HEADER}
Agendamiento;Línea telefónica; WhatsApp;Pide cita por WhatsApp;Agente agenda la cita;Agenda electrónica;Central telefónica;Agendamiento
Atención en sede;Sala de espera;Espera su turno;Recepción verifica datos;Historia clínica electrónica;Archivo;Atención en sede
Pago;Factura impresa;Paga en caja;Cajero cobra;Conciliación manual;Sistema contable;Pago
""".replace("Línea telefónica; WhatsApp", '"Línea telefónica; WhatsApp"')
# Her journey: Agendamiento and Pago are pain moments; only Agendamiento's step changes.
JOURNEY = pd.DataFrame({"phase": ["Agendamiento", "Atención en sede", "Pago"], "order": [1, 2, 3],
                        "pain_moment": [True, False, True],
                        "customer_voice": ["No contestan el teléfono", "", "La caja es lenta"]})


def her_workspace(with_journey=True):
    ws = own_data_workspace("Mis datos")
    for side, text in (("current", CURRENT), ("proposed", PROPOSED)):
        result = load(text.encode("cp1252"), f"{side}.csv", SCHEMAS[f"blueprint_{side}"])
        assert result.ok and not result.warnings
        ws.put(f"blueprint_{side}", result.data, f"plano_{side}.csv")
    if with_journey:
        ws.put("journey_map", JOURNEY.copy(), "mi_journey.xlsx")
    return ws


def test_her_blueprints_compared_cell_by_cell():
    res = view.compute(her_workspace())
    assert res.status == "ok" and res.case == "workspace" and res.cases == ("workspace",)
    assert res.comparison.n_changes == 4 and (res.steps_changed, res.n_steps) == (2, 3)
    assert res.comparison.status("Agendamiento", "physical_evidence") == "changed"
    assert res.comparison.status("Pago", "internal_process") == "unchanged"
    assert res.pains == ("Agendamiento", "Pago")
    assert res.pain_state == "linked" and res.addressed == ("Agendamiento",) and res.untouched == ("Pago",)
    assert [s.source for s in res.sources] == ["plano_current.csv", "plano_proposed.csv", "mi_journey.xlsx"]
    assert not res.from_sample


def test_her_blueprints_never_get_the_sample_links():
    ws = her_workspace()
    for side in ("current", "proposed"):
        ws.put(f"blueprint_{side}", ws.get(f"blueprint_{side}").drop(columns="phase"), f"plano_{side}.csv")
    res = view.compute(ws)
    # no phase column and no customer process in her journey map: nothing is linked
    assert res.pain_state == "no_links" and res.addressed == ()


def test_her_result_ignores_other_views_sample_datasets():
    alone = view.compute(her_workspace())
    mixed_ws = her_workspace()
    for name, data in sample_workspace().datasets.items():
        if not name.startswith("blueprint") and name != "journey_map":
            mixed_ws.put(name, data, "sample")
    mixed = view.compute(mixed_ws)
    pd.testing.assert_frame_equal(mixed.comparison.cells, alone.comparison.cells)
    assert (mixed.addressed, mixed.untouched) == (alone.addressed, alone.untouched)


def test_sample_counts_and_pain_points():
    res = view.compute(sample_workspace())
    assert res.comparison.n_changes == 14 and (res.steps_changed, res.n_steps) == (6, 6)
    assert len(res.pains) == 4 and len(res.addressed) == 3
    assert res.cases == ("workspace", "callcentre") and res.from_sample


@pytest.mark.parametrize("bad", [{"a": 1}, "NaN", 150])
def test_bad_settings_fall_back(bad):
    ws = her_workspace()
    ws.settings.update({"blueprint.view": bad, "blueprint.case": "callcentre", "blueprint.image_format": bad,
                        "blueprint.sessions": bad})
    res = view.compute(ws)
    assert res.status == "ok" and res.case == "workspace" and res.view == "proposed"
    at = run_page("blueprint", "es", ws)
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Celdas que cambian"] == "4"


def metrics(at):
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_page_and_report_agree_on_her_blueprints(lang):
    t = Translator(lang)
    ws = her_workspace()
    at = run_page("blueprint", lang, ws)
    assert not at.exception
    shown = metrics(at)
    assert list(shown.values()) == ["4", "2 / 3", "1 / 2"]
    assert all(r.key != "blueprint.case" for r in at.radio)           # no sample case offered
    assert not [e for e in at.expander if e.label.startswith(t("blueprint.case_study_title"))]
    section = report_section.section(ws, t)
    summary = section.paragraphs[0]
    assert ("**4 cells**" if lang == "en" else "**4 celdas**") in summary and "2" in summary and "3" in summary
    page_md = "\n".join(m.value for m in at.markdown)
    pain = [p for p in section.paragraphs[1:]]
    assert pain and all(p in page_md for p in pain)                    # the same pain-point sentences
    assert "Agendamiento" in pain[0] and "Pago" in pain[1]
    by_lane = at.dataframe[1].value
    assert by_lane.loc[t("blueprint.lane.internal_process"), t("blueprint.status.changed")] == 2
    report_by_lane = section.tables[t("report.bp_table.by_lane")].set_index(t("blueprint.col.lane"))
    assert report_by_lane.loc[t("blueprint.lane.internal_process"), t("blueprint.status.changed")] == 2


def test_page_and_report_agree_on_the_sample():
    ws = sample_workspace()
    at = run_page("blueprint", "es", ws)
    assert not at.exception
    assert metrics(at) == {"Celdas que cambian": "14", "Pasos con cambios": "6 / 6", "Fases de dolor atendidas": "3 / 4"}
    section = report_section.section(at.session_state["workspace"], Translator("es"))
    assert "**14 celdas**" in section.paragraphs[0] and "6 de 6" in section.paragraphs[0]
    assert [e for e in at.expander if e.label.startswith("Caso de estudio")]


def test_an_edit_on_the_page_reaches_the_report():
    ws = her_workspace()
    at = run_page("blueprint", "en", ws)
    at.radio(key="blueprint.edit_side").set_value("proposed").run()
    editor = at.data_editor[0]
    # Pago's backstage gets an electronic reconciliation: one more changed cell, in a third step
    at.session_state[editor.key] = {"edited_rows": {2: {"internal_process": "Conciliación automática"}},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert metrics(at)["Cells that change"] == "5" and metrics(at)["Steps with changes"] == "3 / 3"
    section = report_section.section(at.session_state["workspace"], Translator("en"))
    assert "**5 cells**" in section.paragraphs[0]
    assert section.paragraphs[1] == Translator("en")("report.blueprint_edited")
