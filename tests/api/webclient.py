"""A cookie-keeping client for the web pages (tests/api/test_pages_*.py).

    w = Web(ctx)                          # fresh cookies, English
    w.sign_in("client")                   # a role name or an e-mail (demo password)
    page = w.get("/en/my-files")          # Page: status, headers, text, doc (parsed)
    page = w.submit(page, "/en/agreements/new/trade", {"trade": "309A"})
                                          # POSTs with the csrf token of that page's form
    page.h1, page.title, page.errors (summary texts), page.links, page.forms

Redirects (303) are followed by default for GETs after a POST (POST-redirect-GET), and
each hop is kept in page.history. Standard library only.
"""
import html.parser
import urllib.parse

from harness import DEMO_PASSWORD, ROLE_ACCOUNT


class Doc(html.parser.HTMLParser):
    """A flat record of what the tests look at: elements with attributes, text by element."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []          # (tag, attrs dict, index in order)
        self.stack = []             # open elements: [tag, attrs, text parts]
        self.texts = {}             # id(element attrs) -> text
        self.forms = []             # {"action","method","fields":{name:value}}
        self.h1 = []
        self.title = ""
        self.links = []             # (href, text)
        self.summary = []           # error summary link texts
        self.all_text = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        self.elements.append((tag, a))
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get"),
                               "fields": {}, "attrs": a})
        if tag in ("input", "textarea", "select", "button") and self.forms:
            name = a.get("name")
            if name and tag == "input":
                t = a.get("type", "text")
                if t not in ("radio", "checkbox") or "checked" in a:
                    self.forms[-1]["fields"][name] = a.get("value", "")
        if tag not in self.VOID:
            self.stack.append([tag, a, []])

    def handle_endtag(self, tag):
        while self.stack:
            t, a, parts = self.stack.pop()
            text = " ".join("".join(parts).split())
            if t == "h1":
                self.h1.append(text)
            elif t == "title":
                self.title = text
            elif t == "a":
                self.links.append((a.get("href", ""), text))
                if self.in_summary():
                    self.summary.append(text)
            if self.stack:
                self.stack[-1][2].append("".join(parts))
            if t == tag:
                break

    def in_summary(self):
        return any(el[1].get("id") == "error-summary" for el in self.stack)

    def handle_data(self, data):
        self.all_text.append(data)
        if self.stack:
            self.stack[-1][2].append(data)


class Page:
    def __init__(self, resp, path):
        self.status = resp.status
        self.headers = resp.headers
        self.header_list = resp.header_list
        self.text = resp.text
        self.path = path
        self.history = []
        self.doc = Doc()
        if "text/html" in resp.headers.get("content-type", ""):
            self.doc.feed(resp.text)
            self.doc.close()

    @property
    def h1(self):
        return self.doc.h1[0] if self.doc.h1 else None

    @property
    def title(self):
        return self.doc.title

    @property
    def errors(self):
        return self.doc.summary

    @property
    def links(self):
        return self.doc.links

    @property
    def forms(self):
        return self.doc.forms

    def form(self, action):
        for f in self.doc.forms:
            if f["action"] == action:
                return f
        return None

    def elements(self, tag=None, **attrs):
        out = []
        for t, a in self.doc.elements:
            if tag is not None and t != tag:
                continue
            if all(a.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                out.append(a)
        return out

    @property
    def plain(self):
        return " ".join("".join(self.doc.all_text).split())

    def __repr__(self):
        return "<Page %d %s %r>" % (self.status, self.path, self.h1)


class Web:
    def __init__(self, ctx, server=None, accept_language=None):
        self.ctx = ctx
        self.server = server
        self.cookies = {}
        self.accept_language = accept_language

    def _headers(self, extra=None):
        h = {}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if self.accept_language:
            h["Accept-Language"] = self.accept_language
        h.update(extra or {})
        return h

    def _keep_cookies(self, resp):
        for k, v in resp.header_list:
            if k.lower() != "set-cookie":
                continue
            name, _, rest = v.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in v or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def raw(self, method, path, body=None, headers=None, ctype=None):
        resp = self.ctx.request(method, path, body=body, headers=self._headers(headers),
                                ctype=ctype, server=self.server)
        self._keep_cookies(resp)
        return resp

    def get(self, path, follow=True, headers=None):
        resp = self.raw("GET", path, headers=headers)
        page = Page(resp, path)
        return self._follow(page) if follow else page

    def _follow(self, page):
        history = []
        hops = 0
        while page.status in (301, 302, 303) and hops < 5:
            loc = page.headers.get("location", "")
            history.append(page)
            resp = self.raw("GET", loc)
            page = Page(resp, loc)
            hops += 1
        page.history = history
        return page

    def post(self, path, fields, follow=True, csrf=True, headers=None):
        """fields: dict or list of pairs; the csrf token of the last page is added unless
        given or csrf=False."""
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf and not any(k == "csrf" for k, _ in pairs):
            pairs.append(("csrf", self.last_csrf or ""))
        body = urllib.parse.urlencode(pairs)
        resp = self.raw("POST", path, body=body, headers=headers,
                        ctype="application/x-www-form-urlencoded")
        page = Page(resp, path)
        return self._follow(page) if follow else page

    def submit(self, page, action, fields, follow=True):
        """Posts fields with the hidden values of page's form whose action is action."""
        f = page.form(action)
        if f is None:
            raise AssertionError("no form with action %s on %s (forms: %s)" %
                                 (action, page.path, [x["action"] for x in page.forms]))
        merged = dict(f["fields"])
        merged.update(fields)
        return self.post(action, merged, follow=follow, csrf=False)

    @property
    def last_csrf(self):
        return getattr(self, "_csrf", None)

    def remember_csrf(self, page):
        for f in page.forms:
            if "csrf" in f["fields"]:
                self._csrf = f["fields"]["csrf"]
                return self._csrf
        return None

    def sign_in(self, who, password=DEMO_PASSWORD, lang="en"):
        """Signs in through the sign-in page; returns the page after the redirect."""
        email = ROLE_ACCOUNT.get(who, who)
        form_page = self.get("/%s/sign-in" % lang)
        return self.submit(form_page, "/%s/sign-in" % lang,
                           {"email": email, "password": password})
