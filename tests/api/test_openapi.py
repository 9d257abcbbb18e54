"""The OpenAPI document (docs/openapi.json, served at /api/v1/openapi.json) against the code.

The document is written by hand; these checks keep it honest. Parsed from the sources:
  - src/api/routes.c: every route (method, path, handler, roles, body limit, flags, name), the
    role macros resolved through src/domain/roles.h and roles.c, the flags through http.h;
  - the handler named there (src/api/h_*.c): its jspec array, with the JF_* macros expanded from
    src/json/jspec.h, enum lists resolved from the handler file or src/domain/*.c;
  - src/core/err.def (harness.ERRORS) and meson.build (the version).
Then the live server: the document it serves is docs/openapi.json byte for byte, a member that
is not in a body schema is refused with 400 field-unknown, every documented member is known,
and real replies match the documented schemas (every member the server sends is documented).
"""
import json
import os
import re

from harness import ERRORS, REPO, ROLE_ACCOUNT, ROLES
from test_matrix import ids

DOC_PATH = "/api/v1/openapi.json"
SCHEMAS_REQUIRED = ["Agreement", "Person", "Organisation", "User", "Hours", "Event", "Problem"]
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def read(*parts):
    with open(os.path.join(REPO, *parts), encoding="utf-8") as f:
        return f.read()


# ---- C source parsing ----

def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def split_top(text, sep=","):
    """Splits on sep outside (), {}, [] and string literals."""
    out, depth, cur, i, n = [], 0, [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        if c == sep and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    last = "".join(cur).strip()
    if last:
        out.append(last)
    return out


def matching(text, start):
    """Index just past the bracket closing the one at text[start]."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    stack = []
    i = start
    while i < len(text):
        c = text[i]
        if c == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c in pairs:
            stack.append(pairs[c])
        elif stack and c == stack[-1]:
            stack.pop()
            if not stack:
                return i + 1
        i += 1
    raise ValueError("unbalanced bracket at %d" % start)


def c_macros(text):
    """#define lines (with continuations): (object-like {name: body}, function-like {name: (params, body)})."""
    text = strip_comments(text.replace("\\\n", " "))
    obj, fn = {}, {}
    for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)(\([^)]*\))?[ \t]*(.*)$", text, re.M):
        name, params, body = m.group(1), m.group(2), m.group(3).strip()
        if params is not None:
            fn[name] = ([p.strip() for p in params[1:-1].split(",") if p.strip()], body)
        else:
            obj[name] = body
    return obj, fn


TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[A-Za-z_]\w*|0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|<<|>>|\S')


def expand(expr, obj, fn, consts, depth=0):
    """Expands macros and constants in a C expression; returns the token list."""
    if depth > 40:
        raise ValueError("macro recursion in %r" % expr)
    toks = TOKEN.findall(expr)
    out, i = [], 0
    while i < len(toks):
        t = toks[i]
        if t in fn and i + 1 < len(toks) and toks[i + 1] == "(":
            j, level, args, cur = i + 2, 1, [], []
            while j < len(toks):
                if toks[j] == "(":
                    level += 1
                elif toks[j] == ")":
                    level -= 1
                    if level == 0:
                        break
                if toks[j] == "," and level == 1:
                    args.append(" ".join(cur))
                    cur = []
                else:
                    cur.append(toks[j])
                j += 1
            args.append(" ".join(cur))
            params, body = fn[t]
            sub = dict(zip(params, args))
            body = " ".join(sub.get(x, x) for x in TOKEN.findall(body))
            out += expand(body, obj, fn, consts, depth + 1)
            i = j + 1
        elif t in obj:
            out += expand(obj[t], obj, fn, consts, depth + 1)
            i += 1
        elif t in consts:
            out.append(str(consts[t]))
            i += 1
        else:
            out.append(t)
            i += 1
    return out


def c_int(expr, obj, fn, consts):
    toks = [str(int(re.sub(r"[uUlL]+$", "", t), 0)) if t[0].isdigit() else t
            for t in expand(expr, obj, fn, consts)]
    s = " ".join(toks)
    if not re.fullmatch(r"[\d\s()|&<>+\-*~]*", s):
        raise ValueError("cannot evaluate %r (%s)" % (expr, s))
    return int(eval(s, {"__builtins__": {}}))  # noqa: S307 - digits and operators only, checked above


class Source:
    """Everything parsed from the C sources."""

    def __init__(self):
        roles_h = strip_comments(read("src", "domain", "roles.h"))
        enum = re.search(r"enum\s+role\s*\{(.*?)\}", roles_h, re.S).group(1)
        self.consts = {}
        for k, name in enumerate(x.strip().split("=")[0].strip() for x in enum.split(",") if x.strip()):
            self.consts[name] = k
        names = dict(re.findall(r'\[(ROLE_\w+)\]\s*=\s*"(\w+)"', read("src", "domain", "roles.c")))
        self.role_bits = {self.consts[k]: v for k, v in names.items()}
        obj, fn = {}, {}
        for parts in (("src", "domain", "roles.h"), ("src", "http", "http.h"), ("src", "api", "routes.c")):
            o, f = c_macros(read(*parts))
            obj.update(o)
            fn.update(f)
        self.obj, self.fn = obj, fn
        self.public_bit = c_int("ROLE_PUBLIC_BIT", obj, fn, self.consts)
        self.routes = self._routes()
        self.jspec_macros = c_macros(read("src", "json", "jspec.h"))[1]

    def roles_of(self, expr):
        bits = c_int(expr, self.obj, self.fn, self.consts)
        if bits & self.public_bit:
            return {"public"}
        return {name for b, name in self.role_bits.items() if bits & (1 << b)}

    def flags_of(self, expr):
        return c_int(expr, self.obj, self.fn, self.consts)

    def obj_int(self, name):
        return c_int(name, self.obj, self.fn, self.consts)

    def _routes(self):
        text = strip_comments(read("src", "api", "routes.c"))
        m = re.search(r"http_routes\[\]\s*=\s*\{", text)
        end = matching(text, m.end() - 1)
        out = []
        for ent in split_top(text[m.end():end - 1]):
            if not ent.startswith("{"):
                continue
            f = split_top(ent.strip()[1:-1])
            if len(f) != 7:
                raise ValueError("route entry with %d fields: %s" % (len(f), ent))
            out.append({"method": f[0].strip('"'), "path": f[1].strip('"'), "handler": f[2],
                        "roles": self.roles_of(f[3]), "body_max": c_int(f[4], self.obj, self.fn, self.consts),
                        "flags": self.flags_of(f[5]), "name": f[6].strip('"')})
        return out

    def jspec(self, handler):
        """[(name, type, flags, min, max, enum list or None)] of the handler's jspec, or None."""
        for fn in sorted(os.listdir(os.path.join(REPO, "src", "api"))):
            if not fn.endswith(".c"):
                continue
            text = strip_comments(read("src", "api", fn))
            m = re.search(r"^int\s*\n?\s*%s\s*\(\s*struct req \*\w+\s*\)\s*\{" % re.escape(handler), text, re.M)
            if m is None:
                continue
            body = text[m.end() - 1:matching(text, m.end() - 1)]
            s = re.search(r"struct\s+jfield\s+\w+\s*\[\s*\]\s*=\s*\{", body)
            if s is None:
                return None
            arr = body[s.end() - 1:matching(body, s.end() - 1)]
            return [self._field(e, text) for e in split_top(arr[1:-1]) if e and e != "JF_END"]
        raise ValueError("no definition of %s in src/api" % handler)

    def _field(self, entry, file_text):
        toks = expand(entry, {}, self.jspec_macros, {})
        init = " ".join(toks).strip()
        if not init.startswith("{"):
            raise ValueError("unexpected jspec entry %r" % entry)
        f = split_top(init[1:-1])
        name, ftype, flags, lo, hi, enums = f[0].strip('"'), f[1], f[2], f[5], f[6], f[7]
        return {"name": name, "type": ftype, "required": "JF_REQUIRED" in flags,
                "nullable": "JF_NULLABLE" in flags, "min": self._bound(lo), "max": self._bound(hi),
                "enum": None if enums == "NULL" else self._enum(enums, file_text)}

    @staticmethod
    def _bound(v):
        v = v.strip()
        if v in ("INT64_MAX", "INT64_MIN"):
            return None
        return int(v.replace(" ", ""))

    @staticmethod
    def _enum(name, file_text):
        texts = [file_text] + [strip_comments(read("src", "domain", f))
                               for f in sorted(os.listdir(os.path.join(REPO, "src", "domain")))
                               if f.endswith(".c")]
        for t in texts:
            m = re.search(r"\b%s\s*\[\s*\w*\s*\]\s*=\s*\{([^}]*)\}" % re.escape(name), t)
            if m:
                return re.findall(r'"([^"]*)"', m.group(1))
        raise ValueError("enum list %s not found" % name)


# ---- the document ----

def resolve(doc, node):
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        ptr = node["$ref"]
        if not ptr.startswith("#/"):
            raise ValueError("external $ref %s" % ptr)
        node = doc
        for part in ptr[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        seen += 1
        if seen > 20:
            raise ValueError("$ref loop")
    return node


def walk(node, path=""):
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, path + "/" + k)
    elif isinstance(node, list):
        for k, v in enumerate(node):
            yield from walk(v, path + "/" + str(k))


def operations(doc):
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if method in METHODS:
                yield method.upper(), path, op


def types_of(s):
    t = s.get("type")
    return set(t) if isinstance(t, list) else ({t} if t else set())


def split_nullable(doc, s):
    """(the non-null schema, nullable?) for `type: [x, "null"]` or `anyOf: [X, {type: null}]`."""
    s = resolve(doc, s)
    if "anyOf" in s or "oneOf" in s:
        alts = [resolve(doc, a) for a in s.get("anyOf", s.get("oneOf"))]
        nulls = [a for a in alts if types_of(a) == {"null"}]
        rest = [a for a in alts if types_of(a) != {"null"}]
        return (rest[0] if len(rest) == 1 else s), bool(nulls)
    return s, "null" in types_of(s)


def body_schema(doc, op):
    rb = op.get("requestBody")
    if rb is None:
        return None
    rb = resolve(doc, rb)
    media = rb.get("content", {}).get("application/json")
    return resolve(doc, media["schema"]) if media else None


class Validator:
    """The JSON Schema subset the document uses, strict about members: where a schema lists
    properties and says nothing of additionalProperties, an unlisted member is an error
    (every member the server sends must be documented)."""
    DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

    def __init__(self, doc):
        self.doc = doc

    def errors(self, schema, value, path="$"):
        errs = []
        self._v(schema, value, path, errs, True)
        return errs

    def _props(self, s):
        s = resolve(self.doc, s)
        props, open_ = set(s.get("properties", {})), s.get("additionalProperties", None) not in (None, False)
        if "properties" not in s and "allOf" not in s:
            open_ = True
        for sub in s.get("allOf", []):
            p, o = self._props(sub)
            props |= p
            open_ |= o
        return props, open_

    def _v(self, s, v, path, errs, check_unknown):
        s = resolve(self.doc, s)
        if "allOf" in s:
            if check_unknown and isinstance(v, dict):
                props, open_ = self._props(s)
                if not open_:
                    errs += ["%s: member %r is not documented" % (path, k) for k in v if k not in props]
            for sub in s["allOf"]:
                self._v(sub, v, path, errs, False)
        for key in ("anyOf", "oneOf"):
            if key in s:
                if not any(not self.errors(a, v, path) for a in s[key]):
                    errs.append("%s: matches none of %s (%s)" % (path, key, self.errors(s[key][0], v, path)[:2]))
        t = types_of(s)
        if t:
            ok = any(self._is(x, v) for x in t)
            if not ok:
                errs.append("%s: %r is not %s" % (path, v, "/".join(sorted(t))))
                return
        if "enum" in s and v not in s["enum"]:
            errs.append("%s: %r not in %s" % (path, v, s["enum"]))
        if "const" in s and v != s["const"]:
            errs.append("%s: %r is not %r" % (path, v, s["const"]))
        if isinstance(v, str):
            fmt = s.get("format")
            if fmt == "date" and not self.DATE.match(v):
                errs.append("%s: %r is not a date" % (path, v))
            if fmt == "date-time" and not self.DATETIME.match(v):
                errs.append("%s: %r is not a date-time" % (path, v))
            if len(v) > s.get("maxLength", len(v)) or len(v) < s.get("minLength", 0):
                errs.append("%s: length of %r out of bounds" % (path, v))
        if isinstance(v, int) and not isinstance(v, bool):
            if v < s.get("minimum", v) or v > s.get("maximum", v):
                errs.append("%s: %r out of range" % (path, v))
        if isinstance(v, dict):
            props = s.get("properties", {})
            for k in s.get("required", []):
                if k not in v:
                    errs.append("%s: required member %r missing" % (path, k))
            ap = s.get("additionalProperties", None)
            for k, x in v.items():
                if k in props:
                    self._v(props[k], x, "%s.%s" % (path, k), errs, True)
                elif ap is False or (ap is None and props and check_unknown):
                    errs.append("%s: member %r is not documented" % (path, k))
                elif isinstance(ap, dict):
                    self._v(ap, x, "%s.%s" % (path, k), errs, True)
        if isinstance(v, list) and "items" in s:
            for k, x in enumerate(v):
                self._v(s["items"], x, "%s[%d]" % (path, k), errs, True)

    @staticmethod
    def _is(t, v):
        return {"object": isinstance(v, dict), "array": isinstance(v, list), "string": isinstance(v, str),
                "boolean": isinstance(v, bool), "null": v is None,
                "integer": isinstance(v, int) and not isinstance(v, bool),
                "number": isinstance(v, (int, float)) and not isinstance(v, bool)}.get(t, False)


# ---- shared state ----

def load(ctx):
    if "openapi" not in ctx.shared:
        r = ctx.request("GET", DOC_PATH)
        doc = None
        try:
            doc = json.loads(r.raw.decode("utf-8"))
        except ValueError:
            pass
        ctx.shared["openapi"] = (r, doc, Source())
    return ctx.shared["openapi"]


def op_for(doc, route):
    return doc.get("paths", {}).get(route["path"], {}).get(route["method"].lower())


# ---- tests ----

def test_served(ctx):
    r, doc, _ = load(ctx)
    ctx.status(r, 200, "GET %s anonymously" % DOC_PATH)
    ctx.check(r.headers.get("content-type", "").startswith("application/json"),
              "served as application/json", r.headers.get("content-type"))
    ctx.check(isinstance(doc, dict), "the served document parses as a JSON object", r.text[:200])
    with open(os.path.join(REPO, "docs", "openapi.json"), "rb") as f:
        on_disk = f.read()
    ctx.check(r.raw == on_disk, "the served document is docs/openapi.json byte for byte (rebuild after editing)",
              "%d bytes served, %d on disk" % (len(r.raw), len(on_disk)))
    if not isinstance(doc, dict):
        return
    ctx.check(str(doc.get("openapi", "")).startswith("3.1"), "openapi is 3.1.x", doc.get("openapi"))
    version = re.search(r"version\s*:\s*'([^']+)'", read("meson.build")).group(1)
    ctx.eq(doc.get("info", {}).get("version"), version, "info.version is the project version (meson.build)")
    etag = r.headers.get("etag")
    ctx.check(bool(etag), "the document has an ETag", r.headers)
    if etag:
        r2 = ctx.request("GET", DOC_PATH, headers={"If-None-Match": etag})
        ctx.status(r2, 304, "If-None-Match with the document's ETag")
    r3 = ctx.request("GET", DOC_PATH, token=ctx.session("client"))
    ctx.check(r3.status == 200 and r3.raw == r.raw, "signed-in callers get the same document", r3.status)


def test_refs_and_components(ctx):
    _, doc, _ = load(ctx)
    bad = []
    for path, node in walk(doc):
        if isinstance(node, dict) and "$ref" in node:
            try:
                resolve(doc, node)
            except (KeyError, ValueError, TypeError) as e:
                bad.append((path, node["$ref"], str(e)))
    ctx.eq(bad, [], "every $ref resolves inside the document")
    schemas = doc.get("components", {}).get("schemas", {})
    ctx.eq([n for n in SCHEMAS_REQUIRED if n not in schemas], [], "components.schemas has the main resources")
    sec = doc.get("components", {}).get("securitySchemes", {})
    ctx.check(any(s.get("type") == "apiKey" and s.get("in") == "cookie" and s.get("name") == "psid"
                  for s in sec.values()), "a security scheme for the psid cookie", sec)
    ctx.check(any(s.get("type") == "http" and s.get("scheme") == "bearer" for s in sec.values()),
              "a security scheme for bearer tokens", sec)
    prob = schemas.get("Problem", {})
    ctx.check({"type", "title", "status", "code", "error", "field"} <= set(prob.get("properties", {})),
              "Problem has type, title, status, code, error, field", sorted(prob.get("properties", {})))
    ctx.eq(sorted(prob.get("required", [])), sorted(["type", "title", "status", "code", "error"]),
           "Problem requires type, title, status, code, error")
    ctx.eq(sorted(prob.get("properties", {}).get("error", {}).get("enum", [])), sorted(ERRORS),
           "Problem.error lists exactly the slugs of err.def")
    op_ids = [x.get("operationId") for _, _, x in operations(doc)]
    ctx.eq(sorted(i for i in set(op_ids) if op_ids.count(i) > 1), [], "operationIds are unique")


def test_routes_match(ctx):
    _, doc, src = load(ctx)
    ctx.check(len(src.routes) >= 30, "routes.c parsed", len(src.routes))
    in_src = {(r["method"], r["path"]) for r in src.routes}
    in_doc = {(m, p) for m, p, _ in operations(doc)}
    ctx.eq(sorted(in_src - in_doc), [], "every route of routes.c is in the document (method and path)")
    ctx.eq(sorted(in_doc - in_src), [], "every operation of the document is a route of routes.c")
    ctx.check(("GET", DOC_PATH) in in_src, "routes.c serves the document itself")
    for rt in src.routes:
        op = op_for(doc, rt)
        if op is None:
            continue
        what = "%s %s" % (rt["method"], rt["path"])
        ctx.eq(op.get("operationId"), rt["name"], "%s: operationId is the route name" % what)
        xr = op.get("x-roles")
        ctx.check(isinstance(xr, list) and len(xr) == len(set(xr)), "%s: x-roles is a list without repeats" % what,
                  xr)
        ctx.eq(set(xr or []), rt["roles"], "%s: x-roles are the roles of routes.c" % what)
        ctx.check(bool(op.get("summary")), "%s: has a summary" % what)
        if rt["roles"] == {"public"}:
            ctx.eq(op.get("security"), [], "%s: public, security []" % what)
        else:
            names = {k for req in op.get("security", []) for k in req}
            sec = doc.get("components", {}).get("securitySchemes", {})
            kinds = {(sec.get(n, {}).get("in"), sec.get(n, {}).get("scheme")) for n in names}
            ctx.check(("cookie", None) in kinds and (None, "bearer") in kinds,
                      "%s: security is the psid cookie or a bearer token" % what, op.get("security"))
        # path parameters
        want = re.findall(r"\{(\w+)\}", rt["path"])
        params = [resolve(doc, p)
                  for p in op.get("parameters", []) + doc["paths"][rt["path"]].get("parameters", [])]
        got = [p["name"] for p in params if p.get("in") == "path" and p.get("required")]
        ctx.eq(sorted(got), sorted(want), "%s: its path parameters are declared" % what)
        headers = {p["name"].lower() for p in params if p.get("in") == "header"}
        idem = bool(rt["flags"] & src.obj_int("ROUTE_IDEMPOTENT"))
        ctx.eq("idempotency-key" in headers, idem,
               "%s: Idempotency-Key declared iff the route is idempotent" % what)
        ok = [c for c in op.get("responses", {}) if c.startswith("2")]
        ctx.check(len(ok) >= 1, "%s: a success response" % what, list(op.get("responses", {})))
        if rt["method"] == "GET":
            etag = not (rt["flags"] & src.obj_int("ROUTE_NO_ETAG"))
            r200 = resolve(doc, op.get("responses", {}).get("200", {}))
            ctx.eq("ETag" in r200.get("headers", {}), etag, "%s: ETag documented iff the route sends one" % what)
            ctx.eq("if-none-match" in headers, etag, "%s: If-None-Match declared iff ETag" % what)
            ctx.eq("304" in op.get("responses", {}), etag, "%s: 304 documented iff ETag" % what)
        json_body = bool(rt["flags"] & src.obj_int("ROUTE_JSON_BODY"))
        rb = op.get("requestBody")
        if json_body:
            ctx.check(body_schema(doc, op) is not None, "%s: an application/json request body" % what, rb)
        elif rt["body_max"] == 0:
            ctx.check(rb is None, "%s: takes no body, documents none" % what, rb)
        else:
            ctx.check(rb is not None and "application/json" not in resolve(doc, rb).get("content", {}),
                      "%s: a non-JSON request body" % what, rb)


def _prop_problems(doc, f, prop):
    """What differs between a jspec field and its schema."""
    out = []
    s, nullable = split_nullable(doc, prop)
    if nullable != f["nullable"]:
        out.append("nullable %s in the schema, %s in the jspec" % (nullable, f["nullable"]))
    t = types_of(s) - {"null"}
    want = {"JFT_STR": "string", "JFT_INT": "integer", "JFT_BOOL": "boolean", "JFT_DATE": "string",
            "JFT_ENUM": "string"}.get(f["type"])
    if want and t != {want}:
        out.append("type %s, expected %s" % (sorted(t), want))
    if f["type"] == "JFT_STR":
        if s.get("minLength", 0) != f["min"]:
            out.append("minLength %s, jspec %s" % (s.get("minLength", 0), f["min"]))
        if s.get("maxLength") != f["max"]:
            out.append("maxLength %s, jspec %s" % (s.get("maxLength"), f["max"]))
    if f["type"] == "JFT_INT":
        if s.get("minimum") != f["min"]:
            out.append("minimum %s, jspec %s" % (s.get("minimum"), f["min"]))
        if s.get("maximum") != f["max"]:
            out.append("maximum %s, jspec %s" % (s.get("maximum"), f["max"]))
    if f["type"] == "JFT_DATE" and s.get("format") != "date":
        out.append("format %s, expected date" % s.get("format"))
    if f["type"] == "JFT_ENUM" and s.get("enum") != f["enum"]:
        out.append("enum %s, jspec %s" % (s.get("enum"), f["enum"]))
    return out


def test_bodies_match_jspec(ctx):
    _, doc, src = load(ctx)
    n = 0
    json_routes = [rt for rt in src.routes if rt["flags"] & src.obj_int("ROUTE_JSON_BODY")]
    for rt in json_routes:
        op = op_for(doc, rt)
        sch = body_schema(doc, op) if op else None
        what = "%s %s (%s)" % (rt["method"], rt["path"], rt["handler"])
        spec = src.jspec(rt["handler"])
        if not ctx.check(spec is not None, "%s: the handler has a jspec" % what) or sch is None:
            continue
        n += 1
        props = sch.get("properties", {})
        ctx.eq(sorted(props), sorted(f["name"] for f in spec), "%s: body properties are the jspec fields" % what)
        ctx.eq(sorted(sch.get("required", [])), sorted(f["name"] for f in spec if f["required"]),
               "%s: required members are the JF_REQUIRED fields" % what)
        ctx.eq(sch.get("additionalProperties"), False,
               "%s: additionalProperties false (unknown members refused)" % what)
        for f in spec:
            if f["name"] in props:
                ctx.eq(_prop_problems(doc, f, props[f["name"]]), [],
                       "%s: %s matches its jspec entry" % (what, f["name"]))
    ctx.check(n == len(json_routes) and n >= 10, "jspecs compared for every JSON route (%d)" % len(json_routes), n)


def test_errors_documented(ctx):
    _, doc, src = load(ctx)
    # Every slug the document mentions is in err.def.
    mentioned = set()
    for path, node in walk(doc):
        if path.endswith("/x-errors") and isinstance(node, list):
            mentioned |= set(node)
        if isinstance(node, str):
            mentioned |= set(re.findall(r"/problems/([a-z0-9-]+)", node))
        if isinstance(node, dict) and isinstance(node.get("error"), str) and "/examples" in path:
            mentioned.add(node["error"])
    ctx.check(len(mentioned) >= 20, "the document mentions error slugs", len(mentioned))
    ctx.eq(sorted(mentioned - set(ERRORS)), [], "every error slug of the document is in err.def")
    prob_ref = "#/components/schemas/Problem"
    for rt in src.routes:
        op = op_for(doc, rt)
        if op is None:
            continue
        what = "%s %s" % (rt["method"], rt["path"])
        slugs = op.get("x-errors", [])
        ctx.check(isinstance(slugs, list) and slugs, "%s: lists its errors (x-errors)" % what)
        resp = op.get("responses", {})
        codes = {c for c in resp if c[0] in "45"}
        ctx.eq(sorted({str(ERRORS[s]["status"]) for s in slugs if s in ERRORS} - codes), [],
               "%s: every x-errors status has a response" % what)
        ctx.eq(sorted(codes - {str(ERRORS[s]["status"]) for s in slugs if s in ERRORS}), [],
               "%s: every error response has a slug in x-errors" % what)
        for c in codes:
            r = resolve(doc, resp[c])
            media = r.get("content", {}).get("application/problem+json", {})
            ctx.eq(media.get("schema", {}).get("$ref"), prob_ref,
                   "%s: %s is application/problem+json with the Problem schema" % (what, c))
        need = ["internal"]
        if rt["roles"] != {"public"}:
            need.append("auth-required")
            if rt["roles"] != set(ROLES):
                need.append("forbidden")
        if rt["flags"] & src.obj_int("ROUTE_JSON_BODY"):
            need += ["json-malformed", "field-unknown", "content-type", "body-too-large"]
        if rt["flags"] & src.obj_int("ROUTE_IDEMPOTENT"):
            need += ["idempotency-key-invalid", "idempotency-key-reused"]
        if "{id}" in rt["path"]:
            need.append("record-not-found")
        if any(resolve(doc, p).get("name") == "cursor" for p in op.get("parameters", [])):
            need += ["query-param", "cursor-invalid"]
        ctx.eq([s for s in need if s not in slugs], [],
               "%s: x-errors has the errors the route must document" % what)


def _role_for(roles):
    if "public" in roles:
        return None
    for r in ROLES:
        if r in roles:
            return r
    return None


def _wrong_value(doc, prop):
    """A value of the wrong type for prop, so that no request here can succeed (and write)."""
    s, _ = split_nullable(doc, prop)
    return "not-a-number" if types_of(s) & {"integer", "boolean"} else 12345


def test_live_bodies(ctx):
    _, doc, src = load(ctx)
    v = ids(ctx)
    plan = []
    for rt in src.routes:
        if not rt["flags"] & src.obj_int("ROUTE_JSON_BODY"):
            continue
        op = op_for(doc, rt)
        sch = body_schema(doc, op) if op else None
        if sch is None:
            continue
        path = rt["path"].replace("{id}", "{%s}" % {
            "/api/v1/users/{id}": "user", "/api/v1/persons/{id}": "person",
            "/api/v1/hours/{id}/decision": "hours"}.get(rt["path"], "case")).format(
            **dict(v, kind="transition_start", date="2099-01-01"))
        role = _role_for(set(op.get("x-roles", [])))
        if rt["path"] == "/api/v1/persons/{id}":
            role = "client"     # the client's own record
        # Signing in writes an audit event: do it before counting rows.
        plan.append((rt, sch, path, ctx.session(role) if role else None))
    before = ctx.counts()
    for rt, sch, path, tok in plan:
        what = "%s %s" % (rt["method"], rt["path"])
        unknown = "zz_not_in_the_schema"
        while unknown in sch.get("properties", {}):
            unknown += "_"
        r = ctx.request(rt["method"], path, {unknown: 1}, token=tok)
        ctx.problem(r, "field-unknown", "%s: a member not in the schema" % what, field=unknown)
        # Each documented member is known to the server (a wrong-typed value fails otherwise).
        for name, prop in sch.get("properties", {}).items():
            r = ctx.request(rt["method"], path, {name: _wrong_value(doc, prop)}, token=tok)
            ok = r.status == 400 and isinstance(r.json, dict) and r.json.get("error") != "field-unknown"
            ctx.check(ok, "%s: documented member %s is known to the server" % (what, name), r)
    ctx.eq(ctx.counts(), before, "refused bodies write nothing")


def _success_schema(doc, op, code="200"):
    r = resolve(doc, op.get("responses", {}).get(code, {}))
    media = r.get("content", {}).get("application/json")
    return media.get("schema") if media else None


def test_live_replies_match(ctx):
    _, doc, src = load(ctx)
    val = Validator(doc)
    v = ids(ctx)
    province = "advisor.province@demo.passerelle.ca"
    gets = [
        ("/healthz", "/healthz", None), ("/api/v1/me", "/api/v1/me", "client"),
        ("/api/v1/tokens", "/api/v1/tokens", "administrator"),
        ("/api/v1/users", "/api/v1/users?limit=5", "administrator"),
        ("/api/v1/persons", "/api/v1/persons?q=elodie&limit=5", "advisor"),
        ("/api/v1/persons/{id}", "/api/v1/persons/%d" % v["person"], "client"),
        ("/api/v1/persons/{id}", "/api/v1/persons/%d" % v["person"], "administrator"),
        ("/api/v1/organisations", "/api/v1/organisations?limit=5", "advisor"),
        ("/api/v1/organisations/{id}", "/api/v1/organisations/%d" % v["org"], "sponsor"),
        ("/api/v1/organisations/{id}/apprentices", "/api/v1/organisations/%d/apprentices?limit=5" % v["org"],
         "sponsor"),
        ("/api/v1/regions", "/api/v1/regions", None), ("/api/v1/trades", "/api/v1/trades", None),
        ("/api/v1/programs", "/api/v1/programs?lang=fr", None),
        ("/api/v1/agreements", "/api/v1/agreements?limit=20", "manager"),
        ("/api/v1/agreements/{id}", "/api/v1/agreements/%d" % v["case"], "client"),
        ("/api/v1/agreements/{id}", "/api/v1/agreements/%d" % v["case"], province),
        ("/api/v1/agreements/{id}/events", "/api/v1/agreements/%d/events?limit=20" % v["case"], "client"),
        ("/api/v1/agreements/{id}/hours", "/api/v1/agreements/%d/hours?limit=20" % v["case"], "sponsor"),
        ("/api/v1/queue", "/api/v1/queue?limit=20", province),
        ("/api/v1/queue", "/api/v1/queue?role=sponsor&limit=20", "manager"),
        ("/api/v1/audit/events", "/api/v1/audit/events?limit=20", "auditor"),
        ("/api/v1/audit/verify", "/api/v1/audit/verify", "auditor"),
    ]
    for pattern, url, who in gets:
        op = doc.get("paths", {}).get(pattern, {}).get("get")
        if not ctx.check(op is not None, "GET %s is documented" % pattern):
            continue
        sch = _success_schema(doc, op)
        r = ctx.api("GET", url, as_=who) if who else ctx.request("GET", url)
        if not ctx.status(r, 200, "GET %s as %s" % (url, who or "anonymous")) or sch is None:
            continue
        ctx.eq(val.errors(sch, r.json)[:5], [], "GET %s as %s: the reply matches the documented schema"
               % (url, who or "anonymous"))
    # Creations: the replies of the creating POSTs, with bodies that are refused (no write) for
    # the error shape, and a token (written, then revoked) for a 201.
    r = ctx.api("POST", "/api/v1/tokens", {"name": "openapi-check"}, as_="auditor")
    op = doc["paths"]["/api/v1/tokens"]["post"]
    if ctx.status(r, 201, "POST /api/v1/tokens"):
        ctx.eq(val.errors(_success_schema(doc, op, "201"), r.json)[:5], [], "POST /api/v1/tokens: reply matches")
        ctx.api("DELETE", "/api/v1/tokens/%d" % r.json["id"], as_="auditor")
    r = ctx.api("POST", "/api/v1/agreements", {"sponsor_id": "x"}, as_="client")
    prob = doc["components"]["schemas"]["Problem"]
    ctx.eq(val.errors(prob, r.json)[:5], [], "a problem reply matches the Problem schema")

TESTS = [test_served, test_refs_and_components, test_routes_match, test_bodies_match_jspec,
         test_errors_documented, test_live_bodies, test_live_replies_match]
