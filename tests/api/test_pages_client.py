"""Client pages: my files, starting a training agreement one question per page (answers kept
in a server-side draft between steps and sessions), check your answers, submission and the
confirmation; validation errors, change links, access rules, French pages and escaping."""
import datetime
import html
import json
import os
import re

from harness import DEMO_PASSWORD, REPO, ROLE_ACCOUNT
from webclient import Web

CLIENT = "client@demo.passerelle.ca"
SPONSOR = "sponsor@demo.passerelle.ca"
STEPS = ["sponsor", "trade", "start-date", "language"]
NEW = "/%s/agreements/new"


def catalogue(lang):
    """client.* texts of msg/LANG/client.txt."""
    out = {}
    with open(os.path.join(REPO, "msg", lang, "client.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or " = " not in line:
                continue
            k, _, v = line.rstrip("\n").partition(" = ")
            out[k.strip()] = v
    return out


EN = catalogue("en")
FR = catalogue("fr")
with open(os.path.join(REPO, "programs", "apprenticeship.json"), encoding="utf-8") as _f:
    PROGRAM = json.load(_f)
STATE_LABEL = {s["id"]: s["label"] for s in PROGRAM["states"]}


def signed_in(ctx, who, lang="en"):
    """A Web client signed in through the sign-in page (or, if that page is not there, with
    an API session cookie)."""
    w = Web(ctx)
    w.sign_in(who, lang=lang)
    if "psid" not in w.cookies:
        r, tok = ctx.sign_in(ROLE_ACCOUNT.get(who, who))
        ctx.check(r.status == 201 and tok, "API sign-in as %s" % who, r)
        w.cookies["psid"] = tok
    return w


def new_client(ctx, tag, name=None):
    """A fresh client account attached to a seeded person who has no case yet."""
    pid = ctx.q1("SELECT p.id FROM persons p WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id) "
                 "AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id) ORDER BY p.id LIMIT 1")
    if pid is None:
        raise AssertionError("no seeded person without a case and an account")
    email = "pages-client-%s@example.ca" % tag
    r = ctx.api("POST", "/api/v1/users", {"email": email, "display_name": name or "Client %s" % tag,
                                          "password": DEMO_PASSWORD, "role": "client", "person_id": pid},
                as_="administrator")
    if r.status != 201:
        raise AssertionError("cannot create client %s: %r" % (email, r))
    return email, pid


def sponsor_org(ctx):
    return ctx.q1("SELECT org_id FROM users WHERE email = ?", (SPONSOR,))


def uid(ctx, email):
    return ctx.q1("SELECT id FROM users WHERE email = ?", (email,))


def draft(ctx, email):
    v = ctx.q1("SELECT data FROM web_drafts WHERE user_id = ? AND kind = 'agreement'", (uid(ctx, email),))
    return json.loads(v) if v is not None else None


def step_url(lang, step, change=False):
    return (NEW % lang) + "/" + step + ("?change=1" if change else "")


def answer(ctx, w, lang, step, fields, what):
    """GETs a step page and submits its form; returns the page after the redirect."""
    page = w.get(step_url(lang, step))
    ctx.eq(page.status, 200, "%s: GET %s" % (what, step))
    return w.submit(page, step_url(lang, step), fields)


def trade_choice(ctx):
    """A trade code of the catalogue, and its English and French names."""
    return ctx.q("SELECT code, name_en, name_fr FROM trades ORDER BY code LIMIT 1 OFFSET 7")[0]


def sr_texts(page):
    """Texts of the visually hidden spans."""
    return [t.strip() for t in re.findall(r'<span class="ontario-show-for-sr">([^<]*)</span>', page.text)]


def files_of(page):
    """The cards of my files, in page order."""
    return re.findall(r'<div class="pl-file" id="file-\d+">(.*?)</dl></div>', page.text)


def ws(text):
    """Whitespace as the page client sees it: no-break spaces and runs become one space."""
    return " ".join(text.split())


def test_access(ctx):
    anon = Web(ctx)
    for path in ["/en/my-files", "/en/agreements/new", "/en/agreements/new/sponsor",
                 "/fr/agreements/new/check", "/en/agreements/1/confirmation"]:
        p = anon.get(path, follow=False)
        ctx.eq((p.status, (p.headers.get("location") or "").split("?")[0]),
               (303, "/%s/sign-in" % path[1:3]), "anonymous %s goes to sign-in" % path)
        ctx.check("next=" + path.replace("/", "%2F") in (p.headers.get("location") or ""),
                  "sign-in comes back to %s" % path, p.headers.get("location"))
    p = anon.post("/en/agreements/new/sponsor", {"sponsor": "1"}, csrf=False, follow=False)
    ctx.check(p.status in (303, 403), "anonymous POST of a step is refused", p.status)
    before = ctx.counts()["cases"]
    sp = signed_in(ctx, "sponsor")
    for path in ["/en/my-files", "/en/agreements/new", "/en/agreements/new/sponsor",
                 "/fr/agreements/new/check", "/en/agreements/1/confirmation"]:
        p = sp.get(path, follow=False)
        ctx.eq(p.status, 403, "sponsor GET %s → 403" % path)
    ctx.check(p.h1 and p.h1 != "", "403 page has a heading", p.h1)
    home = sp.get("/en")
    sp.remember_csrf(home)
    p = sp.post("/en/agreements/new/check", {}, follow=False)
    ctx.eq(p.status, 403, "sponsor POST check → 403")
    ctx.eq(ctx.counts()["cases"], before, "nothing created by refused requests")


def test_start_page(ctx):
    w = signed_in(ctx, CLIENT)
    for lang, cat in (("en", EN), ("fr", FR)):
        p = w.get(NEW % lang)
        ctx.eq((p.status, p.h1), (200, cat["client.start.title"]), "start page heading (%s)" % lang)
        ctx.eq(len(p.doc.h1), 1, "one h1 on the start page (%s)" % lang)
        for k in ("client.start.need_sponsor", "client.start.need_trade", "client.start.need_date",
                  "client.start.time"):
            ctx.check(cat[k].replace("\u00a0", " ") in p.plain.replace("\u00a0", " "),
                      "start page says %s (%s)" % (k, lang))
        starts = [a for a in p.elements("a") if a.get("href") == step_url(lang, "sponsor")]
        ctx.check(starts and starts[0].get("class") == "ontario-button ontario-button--primary",
                  "Start now is a primary button link to the first question (%s)" % lang, starts)
        ctx.check((step_url(lang, "sponsor"), cat["client.start.button"]) in p.links,
                  "Start now link text (%s)" % lang)
        cur = [a for a in p.elements("a") if a.get("aria-current") == "page"]
        ctx.check(cur and cur[0].get("href") == NEW % lang, "navigation marks the journey (%s)" % lang, cur)


def check_step_page(ctx, p, lang, cat, n, title_key, what):
    ctx.eq(p.status, 200, "%s: 200" % what)
    ctx.eq(p.doc.h1, [ws(cat[title_key])], "%s: the question is the only h1" % what)
    ctx.check(p.title.startswith(ws(cat[title_key]) + " – "), "%s: title is the question" % what, p.title)
    step_text = cat["client.step_of"].replace("{1}", str(n)).replace("{2}", "4")
    ctx.check(step_text in p.plain, "%s: shows %r" % (what, step_text))
    # "Step N of 4" comes before the heading.
    ctx.check(p.text.find(step_text) < p.text.find("<h1"), "%s: step indicator above the question" % what)
    back = step_url(lang, STEPS[n - 2]) if n > 1 else NEW % lang
    ctx.check((back, cat.get("frame.back", "Back" if lang == "en" else "Retour")) in p.links,
              "%s: Back links to %s" % (what, back), p.links[:20])


def run_wizard(ctx, w, lang, email, sponsor_id, trade, start_parts, language, what):
    """Answers every question; returns the check page."""
    cat = EN if lang == "en" else FR
    p = w.get(NEW % lang)
    p = w.get(step_url(lang, "sponsor"))
    check_step_page(ctx, p, lang, cat, 1, "client.sponsor.title", "%s sponsor" % what)
    inp = p.elements("input", id="sponsor")
    ctx.check(inp and inp[0].get("name") == "sponsor" and inp[0].get("inputmode") == "numeric"
              and inp[0].get("aria-describedby") == "sponsor-hint",
              "%s: sponsor input with hint and numeric keyboard" % what, inp)
    ctx.check(p.elements("label", **{"for": "sponsor"}), "%s: sponsor label tied to the input" % what)
    p = w.submit(p, step_url(lang, "sponsor"), {"sponsor": str(sponsor_id)})
    ctx.eq(p.path, step_url(lang, "trade"), "%s: sponsor → trade" % what)
    ctx.eq((draft(ctx, email) or {}).get("sponsor"), sponsor_id, "%s: the sponsor is saved in the draft" % what)
    check_step_page(ctx, p, lang, cat, 2, "client.trade.title", "%s trade" % what)
    opts = [(html.unescape(v), html.unescape(t)) for v, t in
            re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', p.text)]
    ctx.eq(opts[0], ("", cat["client.trade.choose"]), "%s: first option asks to choose" % what)
    ntrades = ctx.q1("SELECT count(*) FROM trades")
    ctx.eq(len(opts), ntrades + 1, "%s: every trade is offered" % what)
    col = 2 if lang == "fr" else 1
    names = {r[0]: r[col] for r in ctx.q("SELECT code, name_en, name_fr FROM trades")}
    ctx.check(all(label == "%s (%s)" % (names.get(v), v) for v, label in opts[1:]),
              "%s: options read 'Name (code)' in the page's language" % what, opts[1:4])
    p = w.submit(p, step_url(lang, "trade"), {"trade": trade})
    ctx.eq(p.path, step_url(lang, "start-date"), "%s: trade → start date" % what)
    check_step_page(ctx, p, lang, cat, 3, "client.start_date.title", "%s start" % what)
    for part in ("year", "month", "day"):
        e = p.elements("input", id="start-" + part)
        ctx.check(e and e[0].get("name") == "start_" + part, "%s: start-%s input" % (what, part), e)
    ctx.check('<legend class="ontario-fieldset__legend ontario-fieldset__legend--heading"><h1' in p.text,
              "%s: the date question is the fieldset's legend" % what)
    y, m, d = start_parts
    p = w.submit(p, step_url(lang, "start-date"), {"start_year": y, "start_month": m, "start_day": d})
    ctx.eq(p.path, step_url(lang, "language"), "%s: start date → language" % what)
    check_step_page(ctx, p, lang, cat, 4, "client.language.title", "%s language" % what)
    radios = p.elements("input", type="radio")
    ctx.eq([(r.get("id"), r.get("name"), r.get("value")) for r in radios],
           [("language-1", "language", "en"), ("language-2", "language", "fr")], "%s: language radios" % what)
    p = w.submit(p, step_url(lang, "language"), {"language": language})
    ctx.eq(p.path, step_url(lang, "check"), "%s: language → check" % what)
    return p


def submit_check(ctx, w, p, lang, what):
    p2 = w.submit(p, step_url(lang, "check"), {}, follow=False)
    ctx.eq(p2.status, 303, "%s: submit redirects" % what)
    loc = p2.headers.get("location", "")
    m = re.match(r"^/%s/agreements/(\d+)/confirmation$" % lang, loc)
    ctx.check(m is not None, "%s: to the confirmation" % what, loc)
    return (int(m.group(1)) if m else None), (w.get(loc) if m else None)


def test_wizard_english(ctx):
    email = CLIENT
    w = signed_in(ctx, email)
    org = sponsor_org(ctx)
    code, name_en, _ = trade_choice(ctx)
    start = datetime.date.today() + datetime.timedelta(days=40)
    before = ctx.counts()["cases"]
    p = run_wizard(ctx, w, "en", email, org, code, (str(start.year), str(start.month), str(start.day)),
                   "en", "EN wizard")
    ctx.eq(draft(ctx, email), {"sponsor": org, "trade": code, "start": start.isoformat(), "language": "en"},
           "EN wizard: every answer is in the draft")
    ctx.eq(p.doc.h1, [EN["client.check.title"]], "check page heading")
    org_name = ctx.q1("SELECT name_en FROM organisations WHERE id = ?", (org,))
    dl = ws(p.text[p.text.find('<dl class="pl-summary-list">'):p.text.find("</dl>")])
    ctx.check(dl != "", "check page has a summary list")
    for want in (EN["client.check.sponsor_value"].replace("{1}", org_name.replace("&", "&amp;")).replace("{2}", str(org)),
                 "%s (%s)" % (name_en, code), start.strftime("%B ") + str(start.day) + start.strftime(", %Y"),
                 "English"):
        ctx.check(want in dl, "check page shows %r" % want, dl[:600])
    for step, sr in zip(STEPS, ["sponsor", "trade", "start date", "language of the agreement"]):
        a = p.elements("a", id="change-" + step)
        ctx.check(a and a[0].get("href") == step_url("en", step, True), "Change link for %s" % step, a)
        ctx.check(sr in sr_texts(p), "Change link for %s has hidden context" % step)
    ctx.check(EN["client.check.declaration"] in p.plain, "declaration shown")
    ctx.check(p.form("/en/agreements/new/check") is not None, "check page posts to itself")
    aid, conf = submit_check(ctx, w, p, "en", "EN wizard")
    if aid is None:
        return
    ctx.eq(ctx.counts()["cases"], before + 1, "one case created")
    row = ctx.q("SELECT c.state, c.org_id, c.trade_code, c.start_date, c.lang, c.person_id, c.data FROM cases c "
                "WHERE c.id = ?", (aid,))[0]
    pid = ctx.q1("SELECT person_id FROM users WHERE email = ?", (email,))
    ctx.eq(row[:6], ("submitted", org, code, start.isoformat(), "en", pid),
           "the case is submitted with the answers")
    ctx.eq(json.loads(row[6]).get("channel"), "online", "the case came in online")
    ctx.eq(draft(ctx, email), None, "the draft is deleted")
    ctx.eq([r[0] for r in ctx.q("SELECT type FROM events WHERE case_id = ? ORDER BY id", (aid,))],
           ["case.created", "case.transition"], "created then submitted, both audited")
    ctx.eq(ctx.q1("SELECT count(*) FROM case_clocks WHERE case_id = ? AND stopped_us IS NULL", (aid,)), 1,
           "the registration decision clock runs")
    # The confirmation.
    ctx.eq(conf.status, 200, "confirmation page")
    ctx.eq(conf.doc.h1, [EN["client.confirm.title"]], "confirmation heading")
    ctx.check('class="ontario-alert ontario-alert--success"' in conf.text, "success panel")
    ctx.check(EN["client.confirm.case_no"] in conf.plain and str(aid) in conf.plain,
              "confirmation gives the file number")
    ctx.check(EN["client.confirm.ref_later"] in conf.plain, "says the registration number comes later")
    ctx.check(("/en/cases/%d" % aid, EN["client.confirm.sign"]) in conf.links, "link to sign now", conf.links)
    ctx.check(EN["client.confirm.advisor"].replace("{1}", "12") in conf.plain,
              "service standard in business days")
    # My files: the new case first, with its state, next step and running deadline.
    mf = w.get("/en/my-files")
    rows = files_of(mf)
    ctx.check(rows and ("/en/cases/%d\"" % aid) in rows[0], "my files: the new case comes first", rows[:1])
    if rows:
        r0 = rows[0]
        ctx.check(STATE_LABEL["submitted"]["en"] in r0, "my files: state in words", r0)
        ctx.check(EN["client.next.submitted"] in r0, "my files: what happens next", r0)
        ctx.check('pl-status pl-status--ok">On time' in r0, "my files: on time, in words and colour", r0)
        ctx.check("File number %d" % aid in r0, "my files: the file number until registration", r0)
    ctx.check("Continue your training agreement" not in mf.plain, "no continue callout without a draft")


def test_wizard_french(ctx):
    email, pid = new_client(ctx, "fr", "Zoé L’Écuyer")
    w = signed_in(ctx, email, lang="fr")
    org = sponsor_org(ctx)
    code, _, name_fr = trade_choice(ctx)
    today = datetime.date.today()
    year = today.year + 1 if today.month >= 3 else today.year
    p = run_wizard(ctx, w, "fr", email, org, code, (str(year), "mars", "3"), "fr", "FR wizard")
    ctx.eq(draft(ctx, email), {"sponsor": org, "trade": code, "start": "%d-03-03" % year, "language": "fr"},
           "FR wizard: the month name 'mars' is read as March")
    ctx.eq(p.doc.h1, [FR["client.check.title"]], "French check page heading")
    dl = p.text[p.text.find('<dl class="pl-summary-list">'):p.text.find("</dl>")]
    for want in ("3 mars %d" % year, "%s (%s)" % (name_fr, code), "Français"):
        ctx.check(want in ws(html.unescape(dl)), "French check page shows %r" % want, dl[:600])
    ctx.check("le parrain" in sr_texts(p), "French hidden context on Change")
    aid, conf = submit_check(ctx, w, p, "fr", "FR wizard")
    if aid is None:
        return
    row = ctx.q("SELECT state, org_id, trade_code, start_date, lang, person_id FROM cases WHERE id = ?", (aid,))[0]
    ctx.eq(row, ("submitted", org, code, "%d-03-03" % year, "fr", pid), "French agreement recorded")
    ctx.eq(draft(ctx, email), None, "French draft deleted")
    ctx.eq(conf.doc.h1, [FR["client.confirm.title"]], "French confirmation heading")
    ctx.check(("/fr/cases/%d" % aid, FR["client.confirm.sign"]) in conf.links, "French sign link")
    ctx.check(FR["client.confirm.advisor"].replace("{1}", "12") in conf.plain, "French service standard")
    mf = w.get("/fr/my-files")
    ctx.eq(mf.h1, FR["client.files.title"], "French my files heading")
    ctx.check(FR["client.next.submitted"] in mf.text, "French next step", mf.plain[:800])
    ctx.check("Dans les délais" in mf.plain, "French deadline words")
    ctx.check("Zoé L&#39;Écuyer" in mf.text or "Zoé L’Écuyer" in mf.plain, "the user's accented name in the header")


def test_validation_errors(ctx):
    email, _ = new_client(ctx, "errors")
    w = signed_in(ctx, email)
    cases0 = ctx.counts()["cases"]
    org = sponsor_org(ctx)
    other_kind = ctx.q1("SELECT id FROM organisations WHERE kind <> 'sponsor' ORDER BY id LIMIT 1")
    unknown = ctx.q1("SELECT max(id) + 1000 FROM organisations")

    def bad(step, fields, target, msg_key, what, lang="en", kept=None):
        cat = EN if lang == "en" else FR
        page = w.get(step_url(lang, step))
        before = draft(ctx, email)
        p = w.submit(page, step_url(lang, step), fields)
        ctx.eq(p.status, 200, "%s: re-rendered with 200" % what)
        ctx.eq(p.path, step_url(lang, step), "%s: same page, no redirect" % what)
        ctx.eq(p.errors, [ws(cat[msg_key])], "%s: the error summary says it" % what)
        ctx.check(("#" + target, ws(cat[msg_key])) in p.links, "%s: summary links to #%s" % (what, target),
                  p.links[:5])
        ctx.check(p.title.startswith("Error: " if lang == "en" else "Erreur : "), "%s: title says Error" % what,
                  p.title)
        ctx.check('id="%s"' % target in p.text, "%s: the target id exists" % what)
        ctx.check('id="%s-error"' % target.split("-")[0] in p.text or 'id="%s-error"' % target in p.text,
                  "%s: inline message next to the field" % what)
        if not target.startswith("language"):
            ctx.check('aria-invalid="true"' in p.text, "%s: field marked invalid" % what)
        ctx.eq(len(p.doc.h1), 1, "%s: still one h1" % what)
        ctx.eq(draft(ctx, email), before, "%s: draft unchanged" % what)
        if kept is not None:
            for fid, val in kept.items():
                e = p.elements("input", id=fid)
                ctx.check(e and e[0].get("value") == val, "%s: value kept in %s" % (what, fid), e)
        return p

    bad("sponsor", {"sponsor": ""}, "sponsor", "client.sponsor.err_required", "sponsor empty")
    bad("sponsor", {"sponsor": "12a"}, "sponsor", "client.sponsor.err_digits", "sponsor not digits",
        kept={"sponsor": "12a"})
    p = bad("sponsor", {"sponsor": "<script>alert(1)</script>"}, "sponsor", "client.sponsor.err_digits",
            "sponsor markup", kept={"sponsor": "<script>alert(1)</script>"})
    ctx.check("<script>alert(1)" not in p.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in p.text,
              "typed markup is escaped in the kept value")
    bad("sponsor", {"sponsor": str(unknown)}, "sponsor", "client.sponsor.err_unknown", "sponsor unknown",
        kept={"sponsor": str(unknown)})
    bad("sponsor", {"sponsor": str(other_kind)}, "sponsor", "client.sponsor.err_unknown",
        "organisation that is not a sponsor")
    bad("sponsor", {"sponsor": "0"}, "sponsor", "client.sponsor.err_unknown", "sponsor zero")
    bad("sponsor", {"sponsor": ""}, "sponsor", "client.sponsor.err_required", "French sponsor empty", lang="fr")
    ctx.eq(draft(ctx, email), None, "no draft after refused sponsors")
    # A right answer with spaces (as typed from a letter) is accepted.
    p = answer(ctx, w, "en", "sponsor", {"sponsor": " %s " % str(org)}, "sponsor ok")
    ctx.eq(p.path, step_url("en", "trade"), "a valid sponsor goes on")
    bad("trade", {"trade": ""}, "trade", "client.trade.err_required", "trade empty")
    bad("trade", {"trade": "999Z"}, "trade", "client.trade.err_unknown", "trade unknown")
    p = bad("trade", {"trade": "<b>"}, "trade", "client.trade.err_unknown", "trade markup")
    ctx.check("<b>" not in p.text.split("<main", 1)[1], "trade value never echoed raw")
    code, _, _ = trade_choice(ctx)
    answer(ctx, w, "en", "trade", {"trade": code}, "trade ok")
    today = datetime.date.today()
    past = today.replace(year=today.year - 2)
    future = today.replace(year=today.year + 3)
    for fields, target, key, what in [
            ({"start_year": "", "start_month": "", "start_day": ""}, "start-year",
             "client.start_date.err_required", "date empty"),
            ({"start_year": "2026", "start_month": "", "start_day": ""}, "start-month",
             "client.start_date.err_required", "date without month"),
            ({"start_year": "2026", "start_month": "3", "start_day": ""}, "start-day",
             "client.start_date.err_required", "date without day"),
            ({"start_year": str(today.year), "start_month": "13", "start_day": "1"}, "start-month",
             "client.start_date.err_invalid", "month 13"),
            ({"start_year": str(today.year), "start_month": "2", "start_day": "30"}, "start-day",
             "client.start_date.err_invalid", "30 February"),
            ({"start_year": "20x6", "start_month": "2", "start_day": "3"}, "start-year",
             "client.start_date.err_invalid", "year not a number"),
            ({"start_year": str(past.year), "start_month": str(past.month), "start_day": str(past.day)},
             "start-year", "client.start_date.err_past", "2 years ago"),
            ({"start_year": str(future.year), "start_month": str(future.month), "start_day": str(future.day)},
             "start-year", "client.start_date.err_future", "3 years ahead")]:
        bad("start-date", fields, target, key, what,
            kept={"start-year": fields["start_year"], "start-month": fields["start_month"],
                  "start-day": fields["start_day"]})
    bad("start-date", {"start_year": "", "start_month": "", "start_day": ""}, "start-year",
        "client.start_date.err_required", "French date empty", lang="fr")
    p = answer(ctx, w, "en", "start-date", {"start_year": str(today.year), "start_month": str(today.month),
                                            "start_day": str(today.day)}, "date today")
    ctx.eq(p.path, step_url("en", "language"), "today is a valid start date")
    bad("language", {}, "language-1", "client.language.err_required", "language missing")
    bad("language", {"language": "de"}, "language-1", "client.language.err_required", "language other")
    ctx.eq(set(draft(ctx, email)), {"sponsor", "trade", "start"}, "only the valid answers were saved")
    # A bad token is refused and writes nothing.
    w.get(step_url("en", "language"))
    p = w.post(step_url("en", "language"), {"language": "fr", "csrf": "0" * 32}, csrf=False)
    ctx.eq(p.status, 403, "bad CSRF token → 403")
    ctx.check("language" not in draft(ctx, email), "nothing saved with a bad token")
    ctx.eq(ctx.counts()["cases"], cases0, "no case written by any refused answer")


def test_change_links_return_to_check(ctx):
    email, _ = new_client(ctx, "change")
    w = signed_in(ctx, email)
    org = sponsor_org(ctx)
    code, _, _ = trade_choice(ctx)
    start = datetime.date.today() + datetime.timedelta(days=10)
    p = run_wizard(ctx, w, "en", email, org, code, (str(start.year), str(start.month), str(start.day)), "en",
                   "change wizard")
    # Change the trade.
    other = ctx.q1("SELECT code FROM trades WHERE code <> ? ORDER BY code DESC LIMIT 1", (code,))
    page = w.get(step_url("en", "trade", True))
    ctx.check(("/en/agreements/new/check", "Back") in page.links, "changing: Back goes to check", page.links[:12])
    ctx.eq(page.form("/en/agreements/new/trade")["fields"].get("change"), "1", "changing: hidden change=1")
    sel = re.search(r'<option value="%s" selected>' % code, page.text)
    ctx.check(sel is not None, "changing: the saved trade is selected")
    p = w.submit(page, "/en/agreements/new/trade", {"trade": other})
    ctx.eq(p.path, step_url("en", "check"), "after a change: back to check")
    ctx.check("(%s)" % other in p.text, "check page shows the new trade")
    # Change the start date: the saved parts are prefilled; an error keeps change=1.
    page = w.get(step_url("en", "start-date", True))
    ctx.eq([page.elements("input", id="start-" + x)[0].get("value") for x in ("year", "month", "day")],
           [str(start.year), str(start.month), str(start.day)], "changing: the saved date is prefilled")
    p = w.submit(page, "/en/agreements/new/start-date", {"start_day": "40"})
    ctx.eq(p.errors, [EN["client.start_date.err_invalid"]], "changing: an error is shown")
    ctx.eq(p.form("/en/agreements/new/start-date")["fields"].get("change"), "1", "changing: change=1 kept")
    p = w.submit(p, "/en/agreements/new/start-date", {"start_day": "1", "start_month": "1",
                                                      "start_year": str(start.year + 1)})
    ctx.eq(p.path, step_url("en", "check"), "after fixing: back to check")
    ctx.eq(draft(ctx, email).get("start"), "%d-01-01" % (start.year + 1), "new date saved")
    # Change the language through its radios.
    page = w.get(step_url("en", "language", True))
    ctx.check(re.search(r'value="en" checked', page.text) is not None, "changing: saved language checked")
    p = w.submit(page, "/en/agreements/new/language", {"language": "fr"})
    ctx.eq(p.path, step_url("en", "check"), "language change: back to check")
    ctx.check("Français" in p.plain, "check page shows French")


def test_draft_survives_sign_out(ctx):
    email, _ = new_client(ctx, "draft")
    w = signed_in(ctx, email)
    org = sponsor_org(ctx)
    code, _, _ = trade_choice(ctx)
    answer(ctx, w, "en", "sponsor", {"sponsor": str(org)}, "draft sponsor")
    answer(ctx, w, "en", "trade", {"trade": code}, "draft trade")
    mf = w.get("/en/my-files")
    ctx.check(EN["client.draft.title"] in mf.plain, "my files offers to continue", mf.plain[:600])
    ctx.check(("/en/agreements/new/start-date", EN["client.draft.link"]) in mf.links,
              "continue links to the step where they stopped", mf.links)
    ctx.check('class="ontario-callout"' in mf.text, "continue is a callout")
    # Signing out ends the session, not the draft.
    p = w.submit(mf, "/en/sign-out", {}, follow=False)
    ctx.eq(p.status, 303, "signed out")
    ctx.eq(w.get("/en/my-files", follow=False).status, 303, "signed out for real")
    ctx.eq(draft(ctx, email), {"sponsor": org, "trade": code}, "draft kept after sign-out")
    w2 = signed_in(ctx, email, lang="fr")
    mf = w2.get("/fr/my-files")
    ctx.check(FR["client.draft.title"] in mf.plain, "French continue callout after signing in again")
    ctx.check(("/fr/agreements/new/start-date", FR["client.draft.link"]) in mf.links, "French continue link")
    p = w2.get(step_url("fr", "sponsor"))
    ctx.eq(p.elements("input", id="sponsor")[0].get("value"), str(org), "saved sponsor prefilled")
    p = w2.get(step_url("fr", "trade"))
    ctx.check(re.search(r'<option value="%s" selected>' % code, p.text) is not None, "saved trade selected")
    # The empty state of a client with no file.
    ctx.check(FR["client.files.empty"] in mf.text, "empty state text", mf.plain[:500])
    ctx.check(("/fr/agreements/new", FR["client.files.start"]) in mf.links, "start button on my files")


def test_check_redirects_when_missing(ctx):
    email, _ = new_client(ctx, "missing")
    w = signed_in(ctx, email)
    cases0 = ctx.counts()["cases"]
    for step in ["check", "language", "trade"]:
        p = w.get(step_url("en", step), follow=False)
        ctx.eq((p.status, p.headers.get("location")), (303, step_url("en", "sponsor")),
               "no draft: %s sends to the first question" % step)
    page = w.get(step_url("en", "sponsor"))
    w.remember_csrf(page)
    p = w.post(step_url("en", "check"), {}, follow=False)
    ctx.eq((p.status, p.headers.get("location")), (303, step_url("en", "sponsor")),
           "no draft: POST check sends to the first question")
    answer(ctx, w, "en", "sponsor", {"sponsor": str(sponsor_org(ctx))}, "missing sponsor")
    code, _, _ = trade_choice(ctx)
    answer(ctx, w, "en", "trade", {"trade": code}, "missing trade")
    p = w.get(step_url("en", "check"), follow=False)
    ctx.eq((p.status, p.headers.get("location")), (303, step_url("en", "start-date")),
           "check sends to the first unanswered question")
    p = w.post(step_url("en", "check"), {}, follow=False)
    ctx.eq((p.status, p.headers.get("location")), (303, step_url("en", "start-date")),
           "POST check sends to the first unanswered question")
    ctx.eq(ctx.counts()["cases"], cases0, "nothing created with missing answers")
    ctx.eq(w.get("/en/agreements/new/nope").status, 404, "unknown step → 404")
    ctx.eq(w.post("/en/agreements/new/nope", {}).status, 404, "unknown step POST → 404")


def test_confirmation_scope(ctx):
    w = signed_in(ctx, CLIENT)
    mine = ctx.q1("SELECT person_id FROM users WHERE email = ?", (CLIENT,))
    other = ctx.q1("SELECT id FROM cases WHERE person_id <> ? ORDER BY id LIMIT 1", (mine,))
    own = ctx.q1("SELECT id FROM cases WHERE person_id = ? ORDER BY id DESC LIMIT 1", (mine,))
    p = w.get("/en/agreements/%d/confirmation" % other)
    ctx.eq(p.status, 404, "another client's case → 404")
    ctx.check("/cases/%d" % other not in p.text, "the 404 page says nothing of the case")
    for bad in ["abc", "0", "-1", "99999999"]:
        ctx.eq(w.get("/en/agreements/%s/confirmation" % bad).status, 404, "confirmation of %s → 404" % bad)
    ctx.eq(w.get("/fr/agreements/%d/confirmation" % own).status, 200, "own case's confirmation in French")
    # An agreement still in draft (created through the API) has no submission to confirm.
    r = ctx.api("POST", "/api/v1/agreements", {"sponsor_id": sponsor_org(ctx), "trade_code": trade_choice(ctx)[0],
                                               "start_date": datetime.date.today().isoformat()}, as_=CLIENT)
    if ctx.status(r, 201, "a draft agreement through the API"):
        ctx.eq(w.get("/en/agreements/%d/confirmation" % r.json["id"]).status, 404, "draft agreement → 404")


def test_my_files_lists_cases(ctx):
    w = signed_in(ctx, CLIENT)
    pid = ctx.q1("SELECT person_id FROM users WHERE email = ?", (CLIENT,))
    cases = ctx.q("SELECT id, state, ref_no FROM cases WHERE person_id = ? AND program = 'apprenticeship' "
                  "ORDER BY id DESC", (pid,))
    for lang, cat in (("en", EN), ("fr", FR)):
        p = w.get("/%s/my-files" % lang)
        ctx.eq((p.status, p.doc.h1), (200, [cat["client.files.title"]]), "my files heading (%s)" % lang)
        ctx.check("<h2>%s</h2>" % cat["client.files.heading"] in p.text, "files heading (%s)" % lang)
        for k in ("number", "state", "next", "due"):
            ctx.eq(p.text.count("<dt>%s</dt>" % cat["client.files." + k]), len(cases),
                   "each file says its %s (%s)" % (k, lang))
        rows = files_of(p)
        ctx.eq(len(rows), len(cases), "one card per case (%s)" % lang)
        for (cid, state, ref), row in zip(cases, rows):
            ctx.check('href="/%s/cases/%d"' % (lang, cid) in row, "row links to case %d (%s)" % (cid, lang), row)
            label = STATE_LABEL[state][lang]
            ctx.check(label in row, "case %d: state in words (%s)" % (cid, lang), row)
            nxt = cat["client.next." + state]
            ctx.check(nxt in row, "case %d: what happens next (%s)" % (cid, lang), row)
            number = (cat["client.files.ref_no"].replace("{1}", ref) if ref else
                      cat["client.files.case_no"].replace("{1}", str(cid)))
            ctx.check(number in row, "case %d: its number (%s)" % (cid, lang), row)
            ctx.check(re.search(r'<span class="ontario-show-for-sr"> [^<]*%d' % cid, row) is not None,
                      "case %d: the link has hidden context (%s)" % (cid, lang), row)
    # A client whose decision is due: words and colour agree with the clock.
    now_us = int(datetime.datetime.now(datetime.timezone.utc).timestamp() * 1e6)
    rows = ctx.q("SELECT u.email, c.id, k.due_us, k.paused_since_us FROM case_clocks k JOIN cases c ON c.id = k.case_id "
                 "JOIN users u ON u.person_id = c.person_id AND u.role = 'client' WHERE k.stopped_us IS NULL "
                 "ORDER BY k.due_us LIMIT 1")
    if ctx.check(rows, "a seeded client has a running clock"):
        email, cid, due, paused = rows[0]
        p = signed_in(ctx, email).get("/en/my-files")
        row = [r for r in files_of(p) if "/en/cases/%d\"" % cid in r]
        ctx.check(row, "the case with a clock is listed")
        if row:
            if paused is not None:
                want = '<span class="pl-status">Paused</span>'
            elif due < now_us:
                want = '<span class="pl-status pl-status--breached">Overdue</span>'
            else:
                want = 'pl-status--'
            ctx.check(want in row[0], "deadline shown in words and colour", row[0])
            ctx.check(paused is not None or re.search(r"(Due|Was due) [A-Z][a-z]+ \d{1,2}, \d{4}", ws(row[0])),
                      "due date in words", row[0])


def test_escaping_sponsor_name(ctx):
    region = ctx.q1("SELECT region_id FROM organisations WHERE id = ?", (sponsor_org(ctx),))
    name = "<script>alert(1)</script> Élan & Fils"
    r = ctx.api("POST", "/api/v1/organisations", {"kind": "sponsor", "name_en": name, "name_fr": name + " ltée",
                                                  "region_id": region}, as_="advisor.province@demo.passerelle.ca")
    if not ctx.status(r, 201, "a sponsor with markup in its name"):
        return
    org = r.json["id"]
    email, _ = new_client(ctx, "escape")
    w = signed_in(ctx, email)
    code, _, _ = trade_choice(ctx)
    start = datetime.date.today()
    p = run_wizard(ctx, w, "en", email, org, code, (str(start.year), str(start.month), str(start.day)), "fr",
                   "escape wizard")
    ctx.check("<script>alert(1)" not in p.text, "no raw markup from the sponsor name")
    ctx.check("&lt;script&gt;alert(1)&lt;/script&gt; Élan &amp; Fils (number %d)" % org in p.text,
              "the name is escaped, accents intact", re.findall(r"<dd>[^<]*lan[^<]*</dd>", p.text))
    aid, conf = submit_check(ctx, w, p, "en", "escape wizard")
    ctx.check(aid is not None and ctx.q1("SELECT org_id FROM cases WHERE id = ?", (aid,)) == org,
              "agreement with that sponsor submitted")
    ctx.eq(ctx.q1("SELECT lang FROM cases WHERE id = ?", (aid,)), "fr", "language answer used, not the page's")


TESTS = [test_access, test_my_files_lists_cases, test_start_page, test_wizard_english, test_wizard_french,
         test_validation_errors, test_change_links_return_to_check, test_draft_survives_sign_out,
         test_check_redirects_when_missing, test_confirmation_scope, test_escaping_sponsor_name]
