"""The service network, catchments and rollout: the public catchment tree (every catchment area
named in Ontario's employment services transformation, phases, service system managers,
milestones, providers), recording a milestone (managers and administrators only, validated,
idempotent, audited), and the public rollout page in both languages (headings per phase,
tables with captions, an SVG chart with role img, title and desc, escaping)."""
import json
import re

from webclient import Web

NAMED = {  # code: (English name, French name)
    "YORK": ("York", "York"), "HALTON": ("Halton", "Halton"),
    "STRATFORD_BRUCE": ("Stratford–Bruce Peninsula", "Stratford–péninsule de Bruce"),
    "KINGSTON_PEMBROKE": ("Kingston–Pembroke", "Kingston–Pembroke"),
    "DURHAM": ("Durham", "Durham"), "LONDON": ("London", "London"), "OTTAWA": ("Ottawa", "Ottawa"),
    "WINDSOR_SARNIA": ("Windsor–Sarnia", "Windsor–Sarnia"),
    "KITCHENER_WATERLOO_BARRIE": ("Kitchener–Waterloo–Barrie", "Kitchener–Waterloo–Barrie"),
    "PEEL": ("Peel", "Peel"), "HAMILTON_NIAGARA": ("Hamilton–Niagara", "Hamilton–Niagara"),
    "MUSKOKA_KAWARTHAS": ("Muskoka–Kawarthas", "Muskoka–Kawarthas"),
    "TORONTO": ("Toronto", "Toronto"), "NORTHEAST": ("Northeast", "Nord-Est"),
    "NORTHWEST": ("Northwest", "Nord-Ouest"),
}
PROTOTYPES = {"PEEL": "WCG Services", "HAMILTON_NIAGARA": "Fedcap Canada", "MUSKOKA_KAWARTHAS": "Fleming College"}
PHASE1 = {"YORK", "HALTON", "STRATFORD_BRUCE", "KINGSTON_PEMBROKE", "DURHAM", "LONDON", "OTTAWA",
          "WINDSOR_SARNIA", "KITCHENER_WATERLOO_BARRIE"}
KINDS = ["selection_announced", "transition_start", "transition_end", "integrated_live"]
PHASES = ["prototype", "phase1", "phase2", "later"]


def catchments(tree):
    return [c for reg in tree["items"] for c in reg["catchments"]]


def region_id(ctx, code):
    return ctx.q1("SELECT id FROM regions WHERE code = ?", (code,))


def add_months(iso, n):
    y, m, d = map(int, iso.split("-"))
    k = y * 12 + m - 1 + n
    return "%04d-%02d-%02d" % (k // 12, k % 12 + 1, d)


def events(ctx):
    return ctx.q1("SELECT count(*) FROM events WHERE entity = 'catchment'")


def test_tree(ctx):
    r = ctx.request("GET", "/api/v1/catchments")
    if not ctx.status(r, 200, "GET /api/v1/catchments anonymously"):
        return
    all_c = catchments(r.json)
    by_code = {c["code"]: c for c in all_c}
    ctx.eq(sorted(set(NAMED) - set(by_code)), [], "every named catchment area is in the tree")
    for code, (en, fr) in NAMED.items():
        c = by_code.get(code)
        if c:
            ctx.eq((c["name_en"], c["name_fr"]), (en, fr), "%s: names in both languages" % code)
    ctx.eq(len(all_c), ctx.q1("SELECT count(*) FROM regions WHERE kind = 'catchment'"),
           "every catchment region of the tree has a rollout (the whole province is covered)")
    ctx.eq({c["code"] for c in all_c if c["phase"] == "prototype"}, set(PROTOTYPES), "the prototype areas")
    ctx.eq({c["code"] for c in all_c if c["phase"] == "phase1"}, PHASE1, "phase 1: the nine named areas")
    ctx.check({c["phase"] for c in all_c} <= set(PHASES), "phases are from the schema's list")
    for code, ssm in PROTOTYPES.items():
        c = by_code.get(code, {})
        ctx.eq((c.get("ssm") or {}).get("name_en"), ssm, "%s: its announced service system manager" % code)
    for c in all_c:
        ssm = c.get("ssm") or {}
        ctx.eq(ctx.q1("SELECT kind FROM organisations WHERE id = ?", (ssm.get("id"),)), "service_system_manager",
               "%s: the manager is an organisation of kind service_system_manager" % c["code"])
        kinds = {ctx.q1("SELECT kind FROM organisations WHERE id = ?", (p["id"],)) for p in c["providers"]}
        ctx.check(2 <= len(c["providers"]) <= 4 and kinds == {"service_provider"},
                  "%s: 2 to 4 service providers" % c["code"], c["providers"])
        ctx.eq(sorted(c["milestones"]), sorted(KINDS), "%s: the four milestones" % c["code"])
        ms = c["milestones"]
        ctx.eq(ms["transition_end"]["planned_date"], add_months(ms["transition_start"]["planned_date"], 9),
               "%s: the transition is planned to last 9 months" % c["code"])
        if c["status"] == "live":
            ctx.check(all(ms[k]["actual_date"] for k in KINDS), "%s: live, every milestone has happened" % c["code"])
    states = [m["state"] for c in all_c for m in c["milestones"].values()]
    ctx.check(any(m["late_days"] and m["late_days"] > 0 and m["state"] == "done"
                  for c in all_c for m in c["milestones"].values()), "some milestones came late")
    ctx.check("overdue" in states and "planned" in states and "done" in states,
              "milestones done, overdue and planned", sorted(set(states)))
    ctx.check(any(c["behind_schedule"] for c in all_c) and not all(c["behind_schedule"] for c in all_c),
              "some catchments are behind schedule")
    # The phase filter.
    for ph in PHASES:
        r = ctx.request("GET", "/api/v1/catchments?phase=" + ph)
        if ctx.status(r, 200, "?phase=%s" % ph):
            got = catchments(r.json)
            ctx.check(all(c["phase"] == ph for c in got) and len(got) == sum(c["phase"] == ph for c in all_c),
                      "?phase=%s: that phase only" % ph)
            ctx.check(all(reg["catchments"] for reg in r.json["items"]), "?phase=%s: no empty region" % ph)
    ctx.problem(ctx.request("GET", "/api/v1/catchments?phase=phase9"), "query-param", "an unknown phase",
                field="phase")


def test_get(ctx):
    peel = region_id(ctx, "PEEL")
    r = ctx.request("GET", "/api/v1/catchments/%d" % peel)
    if ctx.status(r, 200, "GET one catchment anonymously"):
        tree = ctx.request("GET", "/api/v1/catchments").json
        ctx.eq(r.json, [c for c in catchments(tree) if c["id"] == peel][0], "the same as in the tree")
    ctx.problem(ctx.request("GET", "/api/v1/catchments/%d" % region_id(ctx, "ON")), "record-not-found",
                "the province is not a catchment")
    ctx.problem(ctx.request("GET", "/api/v1/catchments/999999"), "record-not-found", "an unknown id")
    ctx.problem(ctx.request("GET", "/api/v1/catchments/x"), "record-not-found", "a malformed id")


def put(ctx, cid, kind, body, who="manager"):
    return ctx.api("PUT", "/api/v1/catchments/%d/milestones/%s" % (cid, kind), body, as_=who)


def row(ctx, cid, kind):
    return tuple(ctx.q("SELECT planned_date, actual_date FROM catchment_milestones WHERE region_id = ? AND kind = ?",
                       (cid, kind))[0])


def test_milestone_update(ctx):
    nw = region_id(ctx, "NORTHWEST")
    ms = ctx.request("GET", "/api/v1/catchments/%d" % nw).json["milestones"]
    start0, end0 = ms["transition_start"]["planned_date"], ms["transition_end"]["planned_date"]
    live, start = add_months(end0, 2), add_months(start0, 1)
    before_ev = events(ctx)
    r = put(ctx, nw, "integrated_live", {"planned_date": live, "actual_date": None}, who="administrator")
    ctx.status(r, 200, "an administrator may record a milestone")
    r = put(ctx, nw, "transition_start", {"planned_date": start, "actual_date": None})
    if ctx.status(r, 200, "a manager plans a transition start"):
        ctx.eq(r.json["milestones"]["transition_start"]["planned_date"], start, "the reply has the new date")
    ctx.eq(row(ctx, nw, "transition_start"), (start, None), "stored")
    ctx.eq(events(ctx), before_ev + 2, "one audit event each")
    ev = ctx.q("SELECT actor_role, entity_id, type, payload FROM events WHERE entity = 'catchment' "
               "ORDER BY id DESC LIMIT 1")
    ctx.eq(ev and ev[0][:3], ("manager", nw, "catchment.milestone"), "the event: who, which catchment, what")
    payload = json.loads(ev[0][3]) if ev else {}
    ctx.eq(payload.get("kind"), "transition_start", "the event names the milestone")
    ctx.check(payload.get("change", {}).get("before", {}).get("transition_start", {}).get("planned_date") == start0
              and payload["change"]["after"]["transition_start"]["planned_date"] == start,
              "the event holds the dates before and after", payload)
    # Idempotent: the same dates again change nothing and append no event.
    r = put(ctx, nw, "transition_start", {"planned_date": start, "actual_date": None})
    ctx.status(r, 200, "the same PUT again")
    ctx.eq(events(ctx), before_ev + 2, "no event for a repeat")
    # transition_end without a planned date: 9 months after the planned start.
    r = put(ctx, nw, "transition_end", {"planned_date": None, "actual_date": None})
    ctx.status(r, 200, "transition_end with no planned date")
    ctx.eq(row(ctx, nw, "transition_end"), (add_months(start, 9), None), "planned 9 months after the start")
    ctx.eq(events(ctx), before_ev + 3, "each change audited")

    # Refusals write nothing.
    snapshot = ctx.q("SELECT * FROM catchment_milestones ORDER BY region_id, kind")
    n_ev = events(ctx)
    good = {"planned_date": start, "actual_date": None}
    for who in ("advisor", "client", "sponsor", "auditor", "partner"):
        ctx.problem(put(ctx, nw, "transition_start", good, who=who), "forbidden", "%s may not record a milestone" % who)
    ctx.problem(ctx.request("PUT", "/api/v1/catchments/%d/milestones/transition_start" % nw, good), "auth-required",
                "anonymous may not record a milestone")
    ctx.problem(put(ctx, nw, "transition_start", {"planned_date": "2031-02-30", "actual_date": None}),
                "field-date", "an impossible date", field="planned_date")
    ctx.problem(put(ctx, nw, "transition_start", {"planned_date": "next year", "actual_date": None}),
                "field-date", "not a date", field="planned_date")
    ctx.problem(put(ctx, nw, "transition_start", {"planned_date": start}), "field-required",
                "both dates are required (null for none)", field="actual_date")
    ctx.problem(put(ctx, nw, "transition_start", {"planned_date": start, "actual_date": None, "x": 1}),
                "field-unknown", "an unknown member")
    ctx.problem(put(ctx, nw, "go_live", good), "not-found", "an unknown milestone kind")
    ctx.problem(put(ctx, region_id(ctx, "ON"), "transition_start", good), "record-not-found",
                "the province is not a catchment")
    ctx.problem(put(ctx, nw, "transition_end", {"planned_date": add_months(start, -1), "actual_date": None}),
                "milestone-dates", "the end planned before the start", field="planned_date")
    ctx.problem(put(ctx, nw, "selection_announced", {"planned_date": "2026-01-01", "actual_date": "2099-01-01"}),
                "milestone-dates", "an actual date in the future", field="actual_date")
    ctx.eq(ctx.q("SELECT * FROM catchment_milestones ORDER BY region_id, kind"), snapshot, "refusals wrote nothing")
    ctx.eq(events(ctx), n_ev, "refusals appended no event")
    # The audit chain is still intact.
    r = ctx.api("GET", "/api/v1/audit/verify", as_="auditor")
    ctx.check(r.status == 200 and r.json.get("first_bad_id") in (0, None), "the audit chain verifies", r)


# ---- the rollout page ----

def tables(text):
    return re.findall(r"<table.*?</table>", text, re.S)


def check_page(ctx, lang):
    w = Web(ctx)
    p = w.get("/%s/rollout" % lang)
    if not ctx.status(p, 200, "/%s/rollout anonymously" % lang):
        return None
    want = {"en": "Employment services rollout", "fr": "Déploiement des services d’emploi"}[lang]
    ctx.eq(p.h1, want, "%s: the heading" % lang)
    ctx.eq(len(p.doc.h1), 1, "%s: one h1" % lang)
    heads = {"en": ["Prototype areas", "Phase 1", "Phase 2", "Later phases"],
             "fr": ["Zones prototypes", "Phase 1", "Phase 2", "Phases ultérieures"]}[lang]
    for ph, title in zip(PHASES, heads):
        ctx.check(re.search(r'<h2 id="phase-%s">%s</h2>' % (ph, re.escape(title)), p.text),
                  "%s: a heading for %s" % (lang, ph))
        ctx.check(('href="#phase-%s"' % ph) in p.text, "%s: the contents link to %s" % (lang, ph))
    tabs = tables(p.text)
    ctx.check(len(tabs) >= 3, "%s: a table per phase with catchments" % lang, len(tabs))
    for t in tabs:
        ctx.check("<caption>" in t and '<th scope="col">' in t and '<th scope="row">' in t,
                  "%s: the table has a caption and header cells with scope" % lang)
    ctx.check(all(re.search(r'<div class="ontario-table-container[^"]*" role="region" aria-label="[^"]+" '
                            r'tabindex="0"><table', p.text[p.text.index(t) - 300:p.text.index(t) + 6])
                  for t in tabs), "%s: tables in a focusable scrolling region" % lang)
    svgs = re.findall(r"<svg.*?</svg>", p.text, re.S)
    ctx.check(len(svgs) >= 3, "%s: a chart per phase with dates" % lang, len(svgs))
    for s in svgs:
        m = re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"', s)
        ok = m is not None and all(('id="%s"' % i) in s for i in m.group(1).split())
        ctx.check(ok and "<title" in s and "<desc" in s, "%s: the SVG has role img, title and desc" % lang, s[:300])
        ctx.check("style=" not in s and "<script" not in s, "%s: no inline style or script in the chart" % lang)
        ctx.check("<pattern" in s, "%s: planned bars are hatched (not colour alone)" % lang)
    # Every svg precedes its table: the table holds the same data.
    ctx.check(all(p.text.index(s) < p.text.index(t) for s, t in zip(svgs, tabs)), "%s: each chart before its table" % lang)
    ctx.check("pl-status pl-status--breached" in p.text and "pl-status pl-status--ok" in p.text,
              "%s: status colours" % lang)
    ctx.check("style=" not in p.text.split("<main", 1)[1], "%s: no inline style in main" % lang)
    return p


def test_page_en(ctx):
    p = check_page(ctx, "en")
    if p is None:
        return
    text = p.plain
    for words in ("Late by", "On time", "Overdue by", "Planned:", "Actual:", "behind schedule",
                  "Integrated services live", "WCG Services", "Fedcap Canada", "Fleming College",
                  "Stratford–Bruce Peninsula", "Kitchener–Waterloo–Barrie", "Today"):
        ctx.check(words in text, "en: the page says %r" % words)
    ctx.check(re.search(r"Planned: \d{4}-\d{2}-\d{2}", text), "en: planned dates YYYY-MM-DD")


def test_page_fr(ctx):
    p = check_page(ctx, "fr")
    if p is None:
        return
    text = p.plain
    for words in ("En retard de", "À temps", "Dépassé de", "Services intégrés en place", "Collège Fleming",
                  "Stratford–péninsule de Bruce", "Nord-Ouest", "Gestionnaire de système de services",
                  "Aujourd’hui"):
        ctx.check(words in text, "fr: the page says %r" % words)
    # No-break spaces (the plain text folds them): check the markup.
    for words in ("Prévu\u00a0: 2", "Réel\u00a0: 2", "«\u00a0(démo)\u00a0»", "Phase 1\u00a0: jalons"):
        ctx.check(words in p.text, "fr: the page says %r with a no-break space" % words)
    ctx.check("Late by" not in text and "Planned:" not in text, "fr: no English words in the page")
    ctx.check(re.search(r"entre \d+(er)?\s\w+\s\d{4} et \d+(er)?\s\w+\s\d{4}", p.text), "fr: the chart's span in French words")
    ctx.check('lang="fr"' in p.text[:300], "fr: the document is in French")


def test_page_escaping(ctx):
    ssm = ctx.q1("SELECT ssm_org_id FROM catchments WHERE region_id = ?", (region_id(ctx, "DURHAM"),))
    old = ctx.q("SELECT name_en, name_fr FROM organisations WHERE id = ?", (ssm,))[0]
    evil_en = '<script>alert("x")</script> Énergie & emploi'
    evil_fr = "<script>alert('y')</script> Société d’emploi"
    c = ctx.db_conn()
    try:
        c.execute("UPDATE organisations SET name_en = ?, name_fr = ? WHERE id = ?", (evil_en, evil_fr, ssm))
        c.commit()
        for lang, evil, esc in (("en", evil_en, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Énergie &amp; emploi"),
                                ("fr", evil_fr, "&lt;script&gt;alert(&#39;y&#39;)&lt;/script&gt; Société d’emploi")):
            p = Web(ctx).get("/%s/rollout" % lang)
            ctx.status(p, 200, "%s: the page with a hostile manager name" % lang)
            ctx.check("<script>alert" not in p.text, "%s: the name is not markup" % lang)
            ctx.check(esc in p.text, "%s: the name is shown escaped, accents kept" % lang,
                      re.findall(r".{20}alert.{60}", p.text)[:2])
            ctx.check(evil in p.plain, "%s: the reader sees the name as written" % lang)
        r = ctx.request("GET", "/api/v1/catchments/%d" % region_id(ctx, "DURHAM"))
        ctx.eq(r.json["ssm"]["name_en"], evil_en, "the API gives the name as stored")
    finally:
        c.execute("UPDATE organisations SET name_en = ?, name_fr = ? WHERE id = ?", (old[0], old[1], ssm))
        c.commit()
        c.close()


TESTS = [test_tree, test_get, test_milestone_update, test_page_en, test_page_fr, test_page_escaping]
