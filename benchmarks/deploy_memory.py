"""What the team deployment needs in memory and CPU per concurrent user (issue 18, docs/DEPLOY.md).

    .venv/bin/python benchmarks/deploy_memory.py                  # 1, 5 and 10 sessions
    .venv/bin/python benchmarks/deploy_memory.py --sessions 1 5   # fewer

Starts the deployment of scripts/deploy_local.py under test-output/deploy-bench/ (PostgreSQL, two
app servers, nginx; ``--store sqlite`` without PostgreSQL), opens one warm-up session on each
app server (the modules the pages import are loaded once per server), then opens sessions through
nginx (headless Chromium, one Playwright context = one user), each on the views the interaction
benchmark calls the heaviest (SERVQUAL, staffing, abandonment, on the sample case), and keeps them
open. After each step it records, per part:

- app servers: resident memory (RSS, MB of 2**20 bytes) of each ``streamlit run`` process, and the
  CPU time (user + system) the servers spent opening the new sessions;
- nginx: RSS of its master and worker;
- PostgreSQL: proportional set size (PSS: shared buffers counted once) of all the cluster's processes.

Then the sessions are closed and the memory measured once more. Output: a printed table and
benchmarks/output/deploy_memory.json / deploy_memory.md. Needs psutil (requirements-bench.txt),
playwright and Chromium (requirements-dev.txt); without them, or without nginx/PostgreSQL, it says
why and exits 0 (``make bench`` runs every benchmark).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "output"
BASE = ROOT / "test-output" / "deploy-bench"
VIEWS = ("servqual", "staffing", "abandonment")
MB = 2 ** 20
IDLE = ("() => { const app = document.querySelector('[data-testid=stApp]');"
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
        " && !document.querySelector('[data-testid=stSkeleton]'); }")


def _mb(value: float) -> float:
    return round(value / MB, 1)


def measure(state: dict, psutil) -> dict:
    """Memory of every part and the app servers' CPU seconds so far."""
    servers = [psutil.Process(s["pid"]) for s in state["servers"]]
    nginx = psutil.Process(state["nginx"]["pid"])
    out = {"app_rss_mb": [_mb(p.memory_info().rss) for p in servers],
           "app_cpu_s": [round(sum(p.cpu_times()[:2]), 2) for p in servers],
           "nginx_rss_mb": _mb(sum(p.memory_info().rss for p in [nginx, *nginx.children()]))}
    pid_file = Path(state.get("pg_dir", "")) / "data" / "postmaster.pid"
    if state.get("pg_dir") and pid_file.exists():
        postmaster = psutil.Process(int(pid_file.read_text().split()[0]))
        procs = [postmaster, *postmaster.children()]
        out["postgres_pss_mb"] = _mb(sum(p.memory_full_info().pss for p in procs))
        out["postgres_processes"] = len(procs)
    return out


def open_session(browser, url: str, chromium_timeout_ms: int = 180_000):
    """A new user: home page, then each heavy view through the sidebar (one Streamlit session)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-CO")
    context.set_default_timeout(chromium_timeout_ms)
    page = context.new_page()
    response = page.goto(f"{url}/?lang=es")
    page.wait_for_selector("h1")
    page.wait_for_function(IDLE)
    for view in VIEWS:
        page.locator(f'[data-testid="stSidebarNav"] a[href$="/{view}"]').first.click()
        page.wait_for_timeout(500)
        page.wait_for_function(IDLE)
    return context, response.headers.get("x-upstream", "")


def run(sessions: list[int], store: str) -> dict:
    import psutil
    from playwright.sync_api import sync_playwright

    from scripts import deploy_local
    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    state = deploy_local.up(BASE, servers=2, store=store)
    steps, contexts = [], []
    try:
        time.sleep(3)   # let the servers settle after start
        idle = measure(state, psutil)
        steps.append({"sessions": 0, **idle})
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            # one session on each server first (directly, not through nginx), closed: the modules every
            # page imports are loaded once per server, which is not per-user memory
            for server in state["servers"]:
                warm, _ = open_session(browser, server["url"])
                warm.close()
            before = measure(state, psutil)
            for target in sorted(sessions):
                while len(contexts) < target:
                    contexts.append(open_session(browser, state["url"]))
                now = measure(state, psutil)
                cpu = sum(now["app_cpu_s"]) - sum(before["app_cpu_s"])
                per_server = [sum(1 for _, up in contexts if up.endswith(f":{s['port']}")) for s in state["servers"]]
                steps.append({"sessions": target, "per_server": per_server, "cpu_open_s": round(cpu, 2), **now})
            for context, _ in contexts:
                context.close()
            time.sleep(5)
            steps.append({"sessions": "closed", **measure(state, psutil)})
            browser.close()
    finally:
        deploy_local.down(BASE)
    return {"store": store, "views": VIEWS, "idle": idle, "warm": before, "steps": steps}


def table(result: dict) -> str:
    lines = [f"Sessions opened through nginx on {', '.join(result['views'])} (sample case, Spanish); "
             f"store: {result['store']}. App servers: RSS of each (MB); CPU: app servers' CPU seconds "
             "spent opening the sessions since the warm-up sessions.", "",
             "| open sessions (per server) | app server RSS MB | growth per session MB | CPU to open, s per session "
             "| nginx RSS MB | PostgreSQL PSS MB |", "|---|---|---|---|---|---|"]
    warm = sum(result["warm"]["app_rss_mb"])
    for step in result["steps"]:
        n = step["sessions"]
        split = " + ".join(map(str, step.get("per_server", [])))
        label = {0: "0 (idle, just started)", "closed": "all closed again"}.get(n, f"{n} ({split})")
        growth = f"{(sum(step['app_rss_mb']) - warm) / n:.1f}" if isinstance(n, int) and n > 0 else "–"
        cpu = f"{step['cpu_open_s'] / n:.2f}" if isinstance(n, int) and n > 0 else "–"
        lines.append(f"| {label} | {' / '.join(f'{v:.0f}' for v in step['app_rss_mb'])} | {growth} | {cpu} "
                     f"| {step['nginx_rss_mb']:.1f} | {step.get('postgres_pss_mb', '–')} |")
    lines.append("")
    warm_rss = " / ".join(f"{v:.0f}" for v in result["warm"]["app_rss_mb"])
    lines.append(f"After one warm-up session on each (closed): app servers {warm_rss} MB.")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--store", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args(argv)
    from scripts import deploy_local
    from tests.browser.conftest import chromium_path

    reason = deploy_local.missing_binaries(args.store)
    try:
        import playwright.sync_api  # noqa: F401
        import psutil  # noqa: F401
    except ImportError as err:
        reason = reason or f"{err.name} is not installed (requirements-bench.txt, requirements-dev.txt)"
    reason = reason or (None if chromium_path() else "no Chromium binary (apt-get install -y chromium)")
    if reason:
        print(f"deploy_memory: skipped: {reason}")
        return 0
    started = time.monotonic()
    result = run(args.sessions, args.store)
    result["wall_s"] = round(time.monotonic() - started, 1)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "deploy_memory.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    text = "# Team deployment: memory and CPU per session\n\n" + table(result) + \
        f"\n\nCommand: `.venv/bin/python benchmarks/deploy_memory.py --sessions {' '.join(map(str, args.sessions))}`" \
        f" ({result['wall_s']} s wall).\n"
    (OUT / "deploy_memory.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
