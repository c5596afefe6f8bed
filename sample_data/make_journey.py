"""Write the synthetic journey responses and the seed 001 indicator rows of the sample case.

Run from the repository root:  .venv/bin/python sample_data/make_journey.py

journey_responses.csv: SYNTHETIC respondent-level answers (fixed seed) whose per-phase
summary reproduces seed 000 Table 2:

* 100 responses per phase (700 in all; the seed surveyed 371 users but gives no per-phase
  n, and 100 per phase lets every printed NPS be hit exactly);
* NPS per phase exactly as printed (e.g. Discovery 70 = 78 promoters - 8 detractors);
  with equal phase sizes the pooled NPS is the mean of the phase NPS, 63.43 (the seed
  states 64);
* satisfaction (1-5): the phase mean is exactly the printed INS (3.4, 4.7, 4.7, 3.4, 4.6).
  The seed prints 5.1 for Discovery and Portfolio maintenance, which a 1-5 mean cannot
  reach; those two phases are generated at the nearest attainable mean, 5.0 (every answer
  5). This is our decision, stated on the page;
* effort (1-7, "the company made it easy"): exactly 22 of 100 answer 1-3 in every phase,
  i.e. CES 22 % as printed (the seed's cumulative 22 % repeated in each phase);
* comments: detractors and passives mostly comment, with the causes of Table 2's customer
  voice for their phase (and, where the table has none, the pains of seed 000 sec. 4.1:
  coverage, denied orders, emergency care), in Spanish or English; some promoters praise;
* dates from March to August 2024 (the seed's data run to August 2024), with a mild upward
  trend of recommendation; segments (individual / family / corporate plans) and channels
  are invented.

indicators.csv: seed 001's indicators (Tables I-VI) as indicator rows, via
core.indicators.seed_indicator_rows.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.indicators import seed_indicator_rows  # noqa: E402

SEED = 20240831
N_PER_PHASE = 100
START, END = pd.Timestamp("2024-03-01"), pd.Timestamp("2024-08-31")

COMMENTS = {
    "telephone": ["Es muy difícil comunicarse por teléfono", "Llamé varias veces y nadie contesta",
                  "Nunca contestan la línea de atención", "Telephone communication is very difficult"],
    "admin_attitude": ["La actitud del personal administrativo no es adecuada",
                       "Me atendieron con mala actitud en la oficina",
                       "Inadequate attitude of the administrative staff"],
    "appointment_delay": ["Demora en la asignación de la cita médica", "No hay citas disponibles",
                          "Tuve que llamar a varios especialistas para conseguir una cita",
                          "Long delay to get a medical appointment"],
    "emergency": ["Inconvenientes con el servicio de urgencias", "Esperé horas en urgencias",
                  "Problems with the emergency service"],
    "cancellation": ["Me cancelaron la cita sin avisar", "They cancelled my appointment twice"],
    "server_attitude": ["Mala actitud de quien me atendió en caja", "Bad attitude of the cashier"],
    "billing": ["Me hicieron un cobro incorrecto", "Me cobraron un copago que no correspondía",
                "Incorrect charge on my invoice"],
    "coverage": ["No me explicaron bien las coberturas del programa",
                 "El programa no tiene cobertura suficiente",
                 "The program does not have sufficient coverage"],
    "denied_orders": ["Me negaron una orden de examen", "Rechazaron la autorización de mi procedimiento",
                      "My order for a test was denied"],
    "praise": ["Excelente servicio", "Muy buena experiencia con el especialista", "Todo muy ágil",
               "Great service, thank you"],
    "neutral": ["Podría mejorar", "Regular", "It was fine"],
}
# phase -> causes of its complaints (Table 2 customer voice; sec. 4.1 where the cell is empty)
PHASE_CAUSES = {
    "Discovery": ["coverage"],
    "Application and contract": ["telephone", "admin_attitude"],
    "Product use": ["appointment_delay", "emergency", "cancellation", "denied_orders"],
    "Maintenance of the relationship": ["telephone"],
    "Invoice and payment": ["server_attitude", "billing"],
    "Portfolio maintenance": ["coverage", "denied_orders"],
    "Termination of the relationship": ["coverage", "denied_orders"],
}


def _multiset_with_sum(rng, low, high, n, total, weights):
    """n integers in [low, high] summing exactly to ``total``, roughly shaped by weights."""
    vals = rng.choice(np.arange(low, high + 1), size=n, p=np.asarray(weights) / np.sum(weights))
    while vals.sum() != total:
        if vals.sum() < total:
            idx = np.flatnonzero(vals < high)
            vals[rng.choice(idx)] += 1
        else:
            idx = np.flatnonzero(vals > low)
            vals[rng.choice(idx)] -= 1
    return vals


def _phase(rng, phase, nps_value, ins_mean, ces_pct):
    n = N_PER_PHASE
    detr = int(round((100 - nps_value) / 4))
    prom = int(nps_value) + detr
    pas = n - prom - detr
    rec = np.concatenate([rng.choice([9, 10], size=prom, p=[0.45, 0.55]),
                          rng.choice([7, 8], size=pas),
                          rng.choice(np.arange(0, 7), size=detr,
                                     p=np.array([1, 1, 2, 3, 4, 6, 8]) / 25)])
    rng.shuffle(rec)
    # satisfaction and effort follow recommendation (rank order with noise)
    rank = np.argsort(np.argsort(rec + rng.normal(0, 1.5, n)))
    mean = min(ins_mean, 5.0)  # 5.1 is out of the 1-5 scale: nearest attainable mean
    sat = np.sort(_multiset_with_sum(rng, 1, 5, n, int(round(mean * n)), [1, 2, 3, 4, 4]))[rank]
    high = int(round(ces_pct * n / 100))
    eff_pool = np.concatenate([rng.choice([1, 2, 3], size=high, p=[0.2, 0.35, 0.45]),
                               rng.choice([4, 5, 6, 7], size=n - high, p=[0.2, 0.3, 0.3, 0.2])])
    eff = np.sort(eff_pool)[np.argsort(np.argsort(rec + rng.normal(0, 2.5, n)))]
    comments, channels = [], []
    for r in rec:
        kind = None
        if r <= 6 and rng.random() < 0.85 or 7 <= r <= 8 and rng.random() < 0.5:
            kind = "neutral" if r >= 7 and rng.random() < 0.25 else rng.choice(PHASE_CAUSES[phase])
        elif r >= 9 and rng.random() < 0.2:
            kind = "praise"
        comments.append("" if kind is None else str(rng.choice(COMMENTS[kind])))
        channels.append("phone" if kind == "telephone" else
                        str(rng.choice(["phone", "mobile app", "website", "in person"],
                                       p=[0.4, 0.2, 0.15, 0.25])))
    # dates: later months slightly more favourable (sorted key with much noise)
    days = (END - START).days
    dates = np.sort(START + pd.to_timedelta(rng.integers(0, days + 1, n), unit="D"))
    order = np.argsort(np.argsort(rec + rng.normal(0, 14.0, n)))
    return pd.DataFrame({
        "phase": phase, "recommend": rec, "satisfaction": sat, "effort": eff,
        "comment": comments, "date": pd.DatetimeIndex(dates)[order].strftime("%Y-%m-%d"),
        "segment": rng.choice(["individual", "family", "corporate"], size=n, p=[0.5, 0.35, 0.15]),
        "channel": channels,
    })


def make_responses(journey_map: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = [_phase(rng, r.phase, float(r.nps), float(r.ins), float(r.ces))
             for r in journey_map.sort_values("order").itertuples()]
    df = pd.concat(parts, ignore_index=True)
    return df.sort_values(["date", "phase"], kind="stable").reset_index(drop=True)


def main() -> None:
    here = ROOT / "sample_data"
    jm = pd.read_csv(here / "journey_map.csv")
    make_responses(jm).to_csv(here / "journey_responses.csv", index=False)
    clinic = pd.read_csv(here / "clinic_indicators.csv")
    seed_indicator_rows(clinic).to_csv(here / "indicators.csv", index=False)


if __name__ == "__main__":
    main()
