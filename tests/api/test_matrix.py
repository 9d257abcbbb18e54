"""The role x route matrix, and record scope (another person's, organisation's or region's
record answers 404, never 403)."""
import os
import re

from harness import REPO, ROLES, ROLE_ACCOUNT

PUBLIC = "public"
ALL = set(ROLES)
STAFF = {"advisor", "assessor", "exam_admin", "manager", "administrator", "auditor"}
ADMIN = {"administrator"}
AUDIT = {"auditor", "administrator"}
CASE_READERS = {"client", "sponsor", "advisor", "manager", "administrator", "auditor"}
BAD = b'{"zzz_not_a_field": 1}'   # refused by every JSON spec: allowed roles get 400, before any write

# The expected access of every route in src/api/routes.c (the specification this suite checks).
# (method, pattern): (allowed roles or PUBLIC, path template, body, content type)
MATRIX = {
    ("GET", "/healthz"): (PUBLIC, "/healthz", None, None),
    ("GET", "/metrics"): (PUBLIC, "/metrics", None, None),
    ("POST", "/api/v1/session"): (PUBLIC, "/api/v1/session", b"{}", "application/json"),
    ("DELETE", "/api/v1/session"): (ALL, "/api/v1/session", None, None),
    ("GET", "/api/v1/me"): (ALL, "/api/v1/me", None, None),
    ("GET", "/api/v1/tokens"): (ALL, "/api/v1/tokens", None, None),
    ("POST", "/api/v1/tokens"): (ALL, "/api/v1/tokens", BAD, "application/json"),
    ("DELETE", "/api/v1/tokens/{id}"): (ALL, "/api/v1/tokens/999999999", None, None),
    ("GET", "/api/v1/users"): (ADMIN, "/api/v1/users", None, None),
    ("POST", "/api/v1/users"): (ADMIN, "/api/v1/users", BAD, "application/json"),
    ("PUT", "/api/v1/users/{id}"): (ADMIN, "/api/v1/users/{user}", BAD, "application/json"),
    ("GET", "/api/v1/persons"): (STAFF, "/api/v1/persons?q=elodie", None, None),
    ("POST", "/api/v1/persons"): ({"advisor", "administrator"}, "/api/v1/persons", BAD, "application/json"),
    ("GET", "/api/v1/persons/{id}"): (STAFF | {"client"}, "/api/v1/persons/{person}", None, None),
    ("PATCH", "/api/v1/persons/{id}"): ({"client", "advisor", "administrator"}, "/api/v1/persons/{person}", BAD,
                                        "application/json"),
    ("GET", "/api/v1/organisations"): (STAFF | {"sponsor", "partner"}, "/api/v1/organisations", None, None),
    ("POST", "/api/v1/organisations"): ({"advisor", "administrator"}, "/api/v1/organisations", BAD,
                                        "application/json"),
    ("GET", "/api/v1/organisations/{id}"): (STAFF | {"sponsor", "partner"}, "/api/v1/organisations/{org}", None,
                                            None),
    ("GET", "/api/v1/organisations/{id}/apprentices"): ({"sponsor", "advisor", "manager", "auditor",
                                                         "administrator"},
                                                        "/api/v1/organisations/{org}/apprentices", None, None),
    ("GET", "/api/v1/regions"): (PUBLIC, "/api/v1/regions", None, None),
    ("GET", "/api/v1/trades"): (PUBLIC, "/api/v1/trades", None, None),
    ("GET", "/api/v1/programs"): (PUBLIC, "/api/v1/programs", None, None),
    ("GET", "/api/v1/openapi.json"): (PUBLIC, "/api/v1/openapi.json", None, None),
    ("GET", "/api/v1/agreements"): (CASE_READERS, "/api/v1/agreements", None, None),
    ("POST", "/api/v1/agreements"): ({"client", "advisor"}, "/api/v1/agreements", BAD, "application/json"),
    ("GET", "/api/v1/agreements/{id}"): (CASE_READERS, "/api/v1/agreements/{case}", None, None),
    ("POST", "/api/v1/agreements/{id}/transitions"): ({"client", "sponsor", "advisor"},
                                                      "/api/v1/agreements/{case}/transitions", BAD,
                                                      "application/json"),
    ("GET", "/api/v1/agreements/{id}/events"): (CASE_READERS, "/api/v1/agreements/{case}/events", None, None),
    ("GET", "/api/v1/agreements/{id}/hours"): (CASE_READERS, "/api/v1/agreements/{case}/hours", None, None),
    ("POST", "/api/v1/agreements/{id}/hours"): ({"sponsor", "advisor"}, "/api/v1/agreements/{case}/hours", BAD,
                                                "application/json"),
    ("POST", "/api/v1/hours/{id}/decision"): ({"advisor"}, "/api/v1/hours/{hours}/decision", BAD,
                                              "application/json"),
    ("GET", "/api/v1/queue"): ({"advisor", "manager", "administrator"}, "/api/v1/queue", None, None),
    ("GET", "/api/v1/audit/events"): (AUDIT, "/api/v1/audit/events?limit=5", None, None),
    ("GET", "/api/v1/audit/verify"): (AUDIT, "/api/v1/audit/verify", None, None),
    ("POST", "/api/v1/import/{kind}"): (ADMIN, "/api/v1/import/persons?dry_run=1",
                                        b"given_name,family_name,birth_date\n", "text/csv"),
    # the service network: catchments and rollout (1); region 7 is a catchment of the demo
    ("GET", "/api/v1/catchments"): (PUBLIC, "/api/v1/catchments?phase=phase1", None, None),
    ("GET", "/api/v1/catchments/{id}"): (PUBLIC, "/api/v1/catchments/7", None, None),
    ("PUT", "/api/v1/catchments/{id}/milestones/{kind}"): ({"manager", "administrator"},
                                                          "/api/v1/catchments/7/milestones/transition_start",
                                                          BAD, "application/json"),
    # the service locator and the supports of other governments (3)
    ("GET", "/api/v1/locator"): (PUBLIC, "/api/v1/locator?municipality=Hearst&service=exams&language=fr", None, None),
    ("GET", "/api/v1/supports"): (PUBLIC, "/api/v1/supports?q=apprenti", None, None),
    # contacts and the contact-centre measures (4)
    ("POST", "/api/v1/contacts"): ({"advisor", "assessor", "exam_admin", "manager", "administrator"},
                                   "/api/v1/contacts", BAD, "application/json"),
    ("POST", "/api/v1/contacts/bulk"): ({"partner", "administrator"}, "/api/v1/contacts/bulk", BAD,
                                        "application/json"),
    ("GET", "/api/v1/contacts/measures"): ({"advisor", "manager", "administrator", "auditor"},
                                           "/api/v1/contacts/measures?from=2026-01-01&to=2026-01-31", None, None),
    # points of service (2): point 1 and region 7 exist in the demo (the seed is deterministic)
    ("GET", "/api/v1/points"): (PUBLIC, "/api/v1/points?kind=exam_centre&lang=fr", None, None),
    ("POST", "/api/v1/points"): ({"manager", "administrator"}, "/api/v1/points", BAD, "application/json"),
    ("POST", "/api/v1/points/import"): ({"manager", "administrator"}, "/api/v1/points/import?dry_run=1",
                                        b"code,kind\n", "text/csv"),
    ("GET", "/api/v1/points/{id}"): (PUBLIC, "/api/v1/points/1", None, None),
    ("PUT", "/api/v1/points/{id}"): ({"manager", "administrator"}, "/api/v1/points/1", BAD, "application/json"),
    ("GET", "/api/v1/points/{id}/calendar.ics"): (PUBLIC, "/api/v1/points/1/calendar.ics", None, None),
    # closures and outreach schedules (6): refused bodies, bad dates and absent schedules write nothing
    ("PUT", "/api/v1/points/{id}/closures/{date}"): ({"manager", "administrator"},
                                                     "/api/v1/points/1/closures/2099-01-01", BAD,
                                                     "application/json"),
    ("DELETE", "/api/v1/points/{id}/closures/{date}"): ({"manager", "administrator"},
                                                        "/api/v1/points/1/closures/not-a-date", None, None),
    ("POST", "/api/v1/points/{id}/outreach"): ({"manager", "administrator"}, "/api/v1/points/1/outreach", BAD,
                                               "application/json"),
    ("DELETE", "/api/v1/outreach/{id}"): ({"manager", "administrator"}, "/api/v1/outreach/999999999", None, None),
    ("PUT", "/api/v1/outreach/{id}/exceptions/{date}"): ({"manager", "administrator"},
                                                         "/api/v1/outreach/999999999/exceptions/2099-01-01", BAD,
                                                         "application/json"),
    ("PUT", "/api/v1/outreach/{id}/cancellations/{date}"): ({"manager", "administrator"},
                                                            "/api/v1/outreach/1/cancellations/not-a-date", None,
                                                            None),
    # restoring a visit (net2): an absent schedule is 404 for the allowed roles
    ("DELETE", "/api/v1/outreach/{id}/cancellations/{date}"): ({"manager", "administrator"},
                                                               "/api/v1/outreach/999999999/cancellations/2099-01-01",
                                                               None, None),
    ("DELETE", "/api/v1/outreach/{id}/exceptions/{date}"): ({"manager", "administrator"},
                                                            "/api/v1/outreach/999999999/exceptions/2099-01-01",
                                                            None, None),
    ("GET", "/api/v1/regions/{id}/calendar.ics"): (PUBLIC, "/api/v1/regions/7/calendar.ics", None, None),
    # client segments (5): segment 999999999 does not exist (allowed roles get 404, others 401/403)
    ("GET", "/api/v1/segments"): ({"manager", "administrator", "auditor"}, "/api/v1/segments", None, None),
    ("POST", "/api/v1/segments"): ({"manager", "administrator"}, "/api/v1/segments", BAD, "application/json"),
    ("GET", "/api/v1/segments/{id}/report"): ({"manager", "administrator", "auditor"},
                                              "/api/v1/segments/999999999/report", None, None),
    # certificates and verifiable credentials (issue 5): certificate 999999999 does not exist
    ("GET", "/.well-known/did.json"): (PUBLIC, "/.well-known/did.json", None, None),
    ("GET", "/contexts/trade-credential/v1"): (PUBLIC, "/contexts/trade-credential/v1", None, None),
    ("GET", "/status/{purpose}/{n}"): (PUBLIC, "/status/revocation/1", None, None),
    ("GET", "/api/v1/credentials/{public_id}"): (PUBLIC, "/api/v1/credentials/nosuchcertificate0000", None, None),
    ("GET", "/api/v1/credentials/{public_id}/pdf"): (PUBLIC, "/api/v1/credentials/nosuchcertificate0000/pdf",
                                                    None, None),
    ("GET", "/api/v1/register"): (PUBLIC, "/api/v1/register?name=smith", None, None),
    ("GET", "/api/v1/certificates"): (STAFF, "/api/v1/certificates", None, None),
    ("GET", "/api/v1/certificates/{id}"): (STAFF | {"client"}, "/api/v1/certificates/999999999", None, None),
    ("GET", "/api/v1/me/certificates"): ({"client"}, "/api/v1/me/certificates", None, None),
    ("GET", "/api/v1/persons/{id}/certificates"): (STAFF, "/api/v1/persons/{person}/certificates", None, None),
    ("POST", "/api/v1/certificates/{id}/suspend"): ({"exam_admin", "administrator"},
                                                   "/api/v1/certificates/999999999/suspend", BAD,
                                                   "application/json"),
    ("POST", "/api/v1/certificates/{id}/reinstate"): ({"exam_admin", "administrator"},
                                                     "/api/v1/certificates/999999999/reinstate", BAD,
                                                     "application/json"),
    ("POST", "/api/v1/certificates/{id}/revoke"): ({"exam_admin", "administrator"},
                                                  "/api/v1/certificates/999999999/revoke", BAD, "application/json"),
    ("POST", "/api/v1/certificates/{id}/renew"): ({"exam_admin", "administrator", "client"},
                                                 "/api/v1/certificates/999999999/renew", None, None),
    ("PUT", "/api/v1/certificates/{id}/public"): ({"client"}, "/api/v1/certificates/999999999/public", BAD,
                                                 "application/json"),
    # certification exams (issue 5): record 999999999 does not exist (allowed roles get 404)
    ("GET", "/api/v1/exams/rules"): (PUBLIC, "/api/v1/exams/rules", None, None),
    ("PUT", "/api/v1/exams/rules/{kind}"): (ADMIN, "/api/v1/exams/rules/cq", BAD, "application/json"),
    ("GET", "/api/v1/exams/sessions"): (PUBLIC, "/api/v1/exams/sessions?lang=fr", None, None),
    ("POST", "/api/v1/exams/sessions"): ({"exam_admin", "administrator"}, "/api/v1/exams/sessions", BAD,
                                         "application/json"),
    ("POST", "/api/v1/exams/sessions/import"): ({"exam_admin", "administrator"},
                                                "/api/v1/exams/sessions/import?dry_run=1",
                                                b"point_id,trade_code,exam_type,starts_at,lang,seats\n", "text/csv"),
    ("GET", "/api/v1/exams/sessions/{id}"): (PUBLIC, "/api/v1/exams/sessions/999999999", None, None),
    ("PATCH", "/api/v1/exams/sessions/{id}"): ({"exam_admin", "administrator"}, "/api/v1/exams/sessions/999999999",
                                               BAD, "application/json"),
    ("POST", "/api/v1/exams/sessions/{id}/cancel"): ({"exam_admin", "administrator"},
                                                     "/api/v1/exams/sessions/999999999/cancel", BAD,
                                                     "application/json"),
    ("GET", "/api/v1/exams/sessions/{id}/bookings"): ({"advisor", "manager", "auditor", "exam_admin",
                                                       "administrator"},
                                                      "/api/v1/exams/sessions/999999999/bookings", None, None),
    ("POST", "/api/v1/exams/sessions/{id}/results"): ({"exam_admin", "administrator"},
                                                      "/api/v1/exams/sessions/999999999/results?dry_run=1",
                                                      b"booking_id,score\n", "text/csv"),
    ("POST", "/api/v1/exams/sessions/{id}/release"): ({"exam_admin", "administrator"},
                                                      "/api/v1/exams/sessions/999999999/release", None, None),
    ("GET", "/api/v1/exams/authorisations"): ({"assessor", "advisor", "exam_admin", "administrator"},
                                              "/api/v1/exams/authorisations?person={person}", None, None),
    ("POST", "/api/v1/exams/authorisations"): ({"assessor", "administrator"}, "/api/v1/exams/authorisations", BAD,
                                               "application/json"),
    ("POST", "/api/v1/exams/authorisations/{id}/revoke"): ({"assessor", "administrator"},
                                                           "/api/v1/exams/authorisations/999999999/revoke", BAD,
                                                           "application/json"),
    ("POST", "/api/v1/exams/bookings"): ({"client", "advisor", "exam_admin", "administrator"},
                                         "/api/v1/exams/bookings", BAD, "application/json"),
    ("GET", "/api/v1/exams/bookings/{id}"): ({"client", "advisor", "manager", "auditor", "exam_admin",
                                              "administrator"}, "/api/v1/exams/bookings/999999999", None, None),
    ("POST", "/api/v1/exams/bookings/{id}/cancel"): ({"client", "advisor", "exam_admin", "administrator"},
                                                     "/api/v1/exams/bookings/999999999/cancel", BAD,
                                                     "application/json"),
    ("POST", "/api/v1/exams/bookings/{id}/rebook"): ({"client", "advisor", "exam_admin", "administrator"},
                                                     "/api/v1/exams/bookings/999999999/rebook", BAD,
                                                     "application/json"),
    ("PUT", "/api/v1/exams/bookings/{id}/result"): ({"exam_admin", "administrator"},
                                                    "/api/v1/exams/bookings/999999999/result", BAD,
                                                    "application/json"),
    ("POST", "/api/v1/exams/bookings/{id}/accommodations"): ({"client", "advisor", "exam_admin", "administrator"},
                                                             "/api/v1/exams/bookings/999999999/accommodations", BAD,
                                                             "application/json"),
    ("GET", "/api/v1/exams/accommodations"): ({"exam_admin", "administrator"}, "/api/v1/exams/accommodations",
                                              None, None),
    ("POST", "/api/v1/exams/accommodations/{id}/decision"): ({"exam_admin", "administrator"},
                                                             "/api/v1/exams/accommodations/999999999/decision", BAD,
                                                             "application/json"),
    ("GET", "/api/v1/exams/standards"): ({"manager", "auditor", "exam_admin", "administrator"},
                                         "/api/v1/exams/standards", None, None),
    ("GET", "/api/v1/exams/pass-rates"): ({"manager", "exam_admin", "administrator"},
                                          "/api/v1/exams/pass-rates?by=centre", None, None),
    ("GET", "/api/v1/exams/my/eligibility"): ({"client"}, "/api/v1/exams/my/eligibility", None, None),
    ("GET", "/api/v1/exams/my/bookings"): ({"client"}, "/api/v1/exams/my/bookings", None, None),
    ("GET", "/api/v1/exams/my/results"): ({"client"}, "/api/v1/exams/my/results", None, None),
}


def routes_in_source():
    with open(os.path.join(REPO, "src", "api", "routes.c"), encoding="utf-8") as f:
        text = f.read()
    return set(re.findall(r'\{\s*"(GET|POST|PUT|PATCH|DELETE)"\s*,\s*"([^"]+)"', text))


def ids(ctx):
    client_pid = ctx.q1("SELECT person_id FROM users WHERE email = ?", (ROLE_ACCOUNT["client"],))
    sponsor_org = ctx.q1("SELECT org_id FROM users WHERE email = ?", (ROLE_ACCOUNT["sponsor"],))
    case = ctx.q1("SELECT id FROM cases WHERE person_id = ? AND org_id = ? ORDER BY id LIMIT 1",
                  (client_pid, sponsor_org)) or ctx.q1("SELECT min(id) FROM cases")
    return {"person": client_pid, "org": sponsor_org, "case": case,
            "hours": ctx.q1("SELECT min(id) FROM hours_entries"),
            "user": ctx.q1("SELECT id FROM users WHERE email = ?", (ROLE_ACCOUNT["partner"],))}


def test_matrix_covers_routes(ctx):
    src = routes_in_source()
    ctx.check(len(src) >= 30, "routes.c parsed", len(src))
    ctx.eq(sorted(src - set(MATRIX)), [], "every route of routes.c has a row in the matrix")
    ctx.eq(sorted(set(MATRIX) - src), [], "every matrix row is a route of routes.c")


def test_role_route_matrix(ctx):
    v = ids(ctx)
    for (method, pattern), (allowed, tmpl, body, ctype) in sorted(MATRIX.items()):
        path = tmpl.format(**v)
        callers = [None] + ROLES
        for role in callers:
            if (method, pattern) == ("DELETE", "/api/v1/session") and role:
                _, tok = ctx.sign_in(ROLE_ACCOUNT[role])   # a throwaway session: this signs out
            else:
                tok = ctx.session(role) if role else None
            r = ctx.request(method, path, body, token=tok, ctype=ctype)
            who = role or "anonymous"
            name = "%s %s as %s" % (method, pattern, who)
            if allowed == PUBLIC or (role and role in allowed):
                ctx.check(r.status not in (401, 403) and r.status < 500, "%s is allowed" % name, r)
            elif role is None:
                ctx.problem(r, "auth-required", "%s -> 401" % name)
            else:
                ctx.problem(r, "forbidden", "%s -> 403" % name)


def test_scope(ctx):
    client_pid = ctx.q1("SELECT person_id FROM users WHERE email = ?", (ROLE_ACCOUNT["client"],))
    sponsor_org = ctx.q1("SELECT org_id FROM users WHERE email = ?", (ROLE_ACCOUNT["sponsor"],))
    adv_region = ctx.q1("SELECT region_id FROM users WHERE email = ?", (ROLE_ACCOUNT["advisor"],))
    partner_org = ctx.q1("SELECT org_id FROM users WHERE email = ?", (ROLE_ACCOUNT["partner"],))
    other_case_client = ctx.q1("SELECT min(id) FROM cases WHERE person_id != ?", (client_pid,))
    other_person = ctx.q1("SELECT min(id) FROM persons WHERE id != ?", (client_pid,))
    other_case_org = ctx.q1("SELECT min(id) FROM cases WHERE org_id != ?", (sponsor_org,))
    other_org = ctx.q1("SELECT min(id) FROM organisations WHERE id != ? AND id != ?", (sponsor_org, partner_org))
    other_case_region = ctx.q1("SELECT min(id) FROM cases WHERE region_id != ?", (adv_region,))
    other_hours = ctx.q1("SELECT min(h.id) FROM hours_entries h JOIN cases c ON c.id = h.case_id "
                         "WHERE c.region_id != ? AND h.status = 'logged'", (adv_region,))
    before = ctx.counts()
    checks = [
        ("client", "GET", "/api/v1/agreements/%d" % other_case_client, None),
        ("client", "GET", "/api/v1/agreements/%d/events" % other_case_client, None),
        ("client", "GET", "/api/v1/agreements/%d/hours" % other_case_client, None),
        ("client", "POST", "/api/v1/agreements/%d/transitions" % other_case_client, {"transition": "withdraw"}),
        ("client", "GET", "/api/v1/persons/%d" % other_person, None),
        ("client", "PATCH", "/api/v1/persons/%d" % other_person, {"municipality": "Nulle part"}),
        ("sponsor", "GET", "/api/v1/agreements/%d" % other_case_org, None),
        ("sponsor", "GET", "/api/v1/agreements/%d/events" % other_case_org, None),
        ("sponsor", "POST", "/api/v1/agreements/%d/transitions" % other_case_org, {"transition": "cancel",
                                                                                    "fields": {"reason": "x"}}),
        ("sponsor", "GET", "/api/v1/agreements/%d/hours" % other_case_org, None),
        ("sponsor", "POST", "/api/v1/agreements/%d/hours" % other_case_org,
         {"period_start": "2025-01-01", "period_end": "2025-01-01", "hours": 1}),
        ("sponsor", "GET", "/api/v1/organisations/%d" % other_org, None),
        ("sponsor", "GET", "/api/v1/organisations/%d/apprentices" % other_org, None),
        ("partner", "GET", "/api/v1/organisations/%d" % other_org, None),
        ("advisor", "GET", "/api/v1/agreements/%d" % other_case_region, None),
        ("advisor", "GET", "/api/v1/agreements/%d/hours" % other_case_region, None),
        ("advisor", "POST", "/api/v1/agreements/%d/transitions" % other_case_region,
         {"transition": "suspend", "fields": {"reason": "x"}}),
        ("advisor", "POST", "/api/v1/agreements/%d/hours" % other_case_region,
         {"period_start": "2025-01-01", "period_end": "2025-01-01", "hours": 1}),
        ("manager", "GET", "/api/v1/agreements/999999999", None),
    ]
    if other_hours:
        checks.append(("advisor", "POST", "/api/v1/hours/%d/decision" % other_hours, {"decision": "approve"}))
    for role, method, path, body in checks:
        r = ctx.api(method, path, body, as_=role)
        ctx.problem(r, "record-not-found", "%s %s %s -> 404 (out of scope)" % (role, method, path))
    ctx.eq(ctx.counts(), before, "out-of-scope requests write nothing")
    # Lists are scoped too.
    r = ctx.api("GET", "/api/v1/agreements?limit=200", as_="client")
    ctx.eq(sorted(i["id"] for i in r.json["items"]),
           [x[0] for x in ctx.q("SELECT id FROM cases WHERE person_id = ? ORDER BY id", (client_pid,))],
           "client lists exactly their own agreements")
    r = ctx.api("GET", "/api/v1/agreements?limit=200&person_id=%d" % (client_pid + 1), as_="client")
    ctx.check(r.status in (200, 404) and not (r.json or {}).get("items"),
              "client filtering on another person gets nothing", r)
    n = ctx.q1("SELECT count(*) FROM cases WHERE org_id = ?", (sponsor_org,))
    r = ctx.api("GET", "/api/v1/agreements?limit=200", as_="sponsor")
    ctx.check(len(r.json["items"]) == n and all(i["sponsor"]["id"] == sponsor_org for i in r.json["items"]),
              "sponsor lists exactly their organisation's agreements", len(r.json["items"]))
    r = ctx.api("GET", "/api/v1/agreements?limit=200&sponsor_id=%d" % other_org, as_="sponsor")
    ctx.check(r.status in (200, 404) and not (r.json or {}).get("items"),
              "sponsor filtering on another organisation gets nothing", r)
    r = ctx.api("GET", "/api/v1/agreements?limit=200&region_id=%d" % (adv_region + 1), as_="advisor")
    ctx.check(r.status in (200, 404) and not (r.json or {}).get("items"),
              "advisor filtering on another region gets nothing", r)
    r = ctx.api("GET", "/api/v1/organisations?limit=200", as_="partner")
    ctx.check(r.status == 200 and [o["id"] for o in r.json["items"]] == [partner_org],
              "partner lists only their organisation", r)
    # Province-wide advisor sees other regions.
    r = ctx.api("GET", "/api/v1/agreements/%d" % other_case_region, as_="advisor.province@demo.passerelle.ca")
    ctx.status(r, 200, "province-wide advisor reads any region")


TESTS = [test_matrix_covers_routes, test_role_route_matrix, test_scope]
