"""Run Verksted behind nginx with HTTPS, as README "Running in production" sets it up, and check it works.

    python tools/check_behind_nginx.py [--keep]

Starts ``flask --app engine serve`` on a fresh instance (the demo programme) with
``VERKSTED_PROXY_FIX=1`` and an https ``BASE_URL``, and nginx in front of it with a self-signed
certificate and the example site file ``deploy/nginx/verksted.conf`` — its own lines, with only the
ports, paths and certificate put in — all on 127.0.0.1 and free ports. Then, through nginx:

- ``/healthz`` answers 200 and ``"status": "ok"``; plain HTTP is redirected to HTTPS with HSTS;
- the project leader logs in and gets a session cookie marked Secure, HttpOnly and SameSite=Lax,
  while a log-in posted from another site is refused — Flask-WTF checks the Referer only when it
  knows the request came over HTTPS, which it learns from the proxy's headers (``PROXY_FIX``);
- a team member's link (from ``flask links``, so through nginx) opens the team page, which sends
  ``no-store`` and ``same-origin``;
- nginx's access log holds no link token, and Verksted's own log the request id nginx gave.

Exit status 0 when every check passed, 1 when one failed, 77 (with the reason) when nginx or
openssl is not installed. Only loopback addresses are used; everything started is stopped.
"""

from __future__ import annotations

import argparse
import functools
import http.cookiejar
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "deploy" / "nginx" / "verksted.conf"
SKIP = 77
PASSWORD = "a password for the nginx check"


class CheckFailed(Exception):
    """One of the checks did not hold."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_config(app_port: int, http_port: int, https_port: int, folder: Path) -> str:
    """The example site file with this run's ports, certificate and log paths put in."""
    text = SITE.read_text(encoding="utf-8")
    replacements = [
        (r"listen 80;", f"listen 127.0.0.1:{http_port};"),
        (r"listen \[::\]:80;\n", ""),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        (r"listen \[::\]:443 ssl http2;\n", ""),
        (r"server_name verksted\.kommune\.no;", "server_name localhost;"),
        (r"/etc/letsencrypt/live/verksted\.kommune\.no/fullchain\.pem", str(folder / "cert.pem")),
        (r"/etc/letsencrypt/live/verksted\.kommune\.no/privkey\.pem", str(folder / "key.pem")),
        (r"/var/log/nginx/", f"{folder}/"),
        (r"127\.0\.0\.1:5000", f"127.0.0.1:{app_port}"),
        (r"return 301 https://\$host\$request_uri;", f"return 301 https://$host:{https_port}$request_uri;"),
    ]
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement.replace("\\", "\\\\"), text)
        if count == 0 and replacement:
            raise CheckFailed(f"{SITE.name} no longer has the line {pattern!r} this check adapts")
    return text


def nginx_config(site: str, folder: Path) -> str:
    """A complete nginx.conf around the site: everything nginx writes stays in ``folder``."""
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temps = "\n".join(
        f"    {name}_temp_path {folder}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/nginx-error.log warn;\n"
        f"events {{ worker_connections 64; }}\nhttp {{\n{temps}\n    access_log off;\n{site}\n}}\n"
    )


class Run:
    """The processes of one check and the folder they share."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.instance = folder / "instance"
        self.app_port, self.http_port, self.https_port = free_port(), free_port(), free_port()
        self.base = f"https://localhost:{self.https_port}"
        self.processes: list[subprocess.Popen] = []
        self.demo = ""  # the demo programme's id, once `demo setup` has run

    @functools.cached_property
    def context(self) -> ssl.SSLContext:
        """TLS that trusts this run's self-signed certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.folder / "cert.pem"))

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VERKSTED_")}
        env.update(
            VERKSTED_INSTANCE_PATH=str(self.instance),
            VERKSTED_BASE_URL=self.base,
            VERKSTED_PROXY_FIX="1",
            VERKSTED_SCHEDULER="on",
            VERKSTED_LOG_FORMAT="json",
            PYTHONUNBUFFERED="1",
            **extra,
        )
        return env

    def flask(self, *args: str, input: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "engine", *args],
            cwd=ROOT,
            env=self.env(),
            input=input,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise CheckFailed(f"flask {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, nginx: str) -> None:
        loaded = self.flask("demo", "setup")
        found = re.search(r"\((jobbvinner-ostfold-\d{4})\)", loaded)  # its id carries the years it was moved
        if found is None:
            raise CheckFailed(f"flask demo setup loaded no example programme: {loaded.strip()}")
        self.demo = found.group(1)
        self.flask("admin", "create", "lea@example.org", "--password-stdin", input=PASSWORD + "\n")
        log = (self.folder / "verksted.log").open("wb")
        command = [sys.executable, "-m", "flask", "--app", "engine", "serve", "--port", str(self.app_port)]
        self.processes.append(subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=log, stderr=log))
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.folder / name).mkdir()
        conf = self.folder / "nginx.conf"
        site = site_config(self.app_port, self.http_port, self.https_port, self.folder)
        conf.write_text(nginx_config(site, self.folder), encoding="utf-8")
        test = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(self.folder)], capture_output=True, text=True)
        if test.returncode != 0:
            raise CheckFailed(f"nginx refuses the example site file: {test.stderr.strip()}")
        self.processes.append(
            subprocess.Popen([nginx, "-c", str(conf), "-p", str(self.folder), "-g", "daemon off;"], stderr=log)
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.get("/healthz")[0] in (200, 503):
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise CheckFailed(f"Verksted behind nginx did not answer:\n{self.log()}")
            time.sleep(0.2)  # waiting for real processes to start

    def get(self, path: str, opener=None, headers: dict | None = None, data: dict | None = None):
        """``(status, headers, body)`` of a request to nginx over HTTPS (redirects not followed)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        opener = opener or urllib.request.build_opener(urllib.request.HTTPSHandler(context=self.context), NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def log(self) -> str:
        path = self.folder / "verksted.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Show redirects to the checks instead of following them."""

    def redirect_request(self, *args, **kwargs):
        return None


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def checks(run: Run) -> list[str]:
    """Every check; returns what was shown, one line each."""
    done = []
    status, headers, body = run.get("/healthz")
    expect(status == 200 and json.loads(body)["status"] == "ok", f"/healthz answered {status}: {body}")
    expect("max-age=" in (headers.get("Strict-Transport-Security") or ""), "no HSTS header over HTTPS")
    done.append("/healthz through nginx: 200, status ok; HSTS set")

    plain = urllib.request.build_opener(NoRedirect)
    try:
        plain.open(f"http://127.0.0.1:{run.http_port}/admin/", timeout=10)
        raise CheckFailed("plain HTTP was not redirected")
    except urllib.error.HTTPError as error:
        expect(error.code == 301 and error.headers["Location"].startswith("https://"), "HTTP is not sent to HTTPS")
    done.append("plain HTTP: 301 to HTTPS")

    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=run.context), urllib.request.HTTPCookieProcessor(jar), NoRedirect
    )
    _, _, page = run.get("/admin/login", browser)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    expect(csrf is not None, "the log-in page has no CSRF token")
    login = {"csrf_token": csrf.group(1), "email": "lea@example.org", "password": PASSWORD}
    status, _, _ = run.get("/admin/login", browser, headers={"Referer": "https://elsewhere.example/"}, data=login)
    expect(status == 400, f"a log-in posted from another site was not refused ({status}): is PROXY_FIX on?")
    status, headers, body = run.get(
        "/admin/login",
        browser,
        headers={"Referer": f"{run.base}/admin/login"},
        data={"csrf_token": csrf.group(1), "email": "lea@example.org", "password": PASSWORD},
    )
    expect(status == 302, f"the log-in was refused ({status}): {body[:300]}")
    expect(headers["Location"] in ("/admin/", f"{run.base}/admin/"), f"log-in went to {headers['Location']}")
    cookie = next((c for c in headers.get_all("Set-Cookie") or [] if c.startswith("verksted_session=")), "")
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    expect("secure" in flags and "httponly" in flags, f"the session cookie is not Secure and HttpOnly: {cookie}")
    expect(flags.get("samesite", "").lower() == "samesite=lax", f"the session cookie is not SameSite=Lax: {cookie}")
    status, _, body = run.get("/admin/", browser)
    expect(status == 200 and "lea@example.org" in body, "the logged-in leader does not see the programme list")
    done.append(
        "log-in over HTTPS: the app knows it is behind HTTPS (a foreign Referer is refused); "
        "session cookie Secure, HttpOnly, SameSite=Lax"
    )

    line = run.flask("links", run.demo, "--team", "Moss").splitlines()[0]
    url = line.split("\t")[-1]
    expect(url.startswith(run.base + "/p/"), f"flask links made {url}, not a link through nginx")
    path = urllib.parse.urlparse(url).path
    status, headers, body = run.get(path)
    expect(status == 200 and "Moss" in body, f"the team link answered {status}")
    expect(headers.get("Cache-Control") == "no-store", "the team page may be cached")
    expect(headers.get("Referrer-Policy") == "same-origin", "the team page's referrer policy is not same-origin")
    done.append("a team member's link through nginx: 200, no-store, same-origin")

    token = path.split("/t/")[1].strip("/")
    deadline = time.monotonic() + 10
    while "/t/" not in (access := (run.folder / "verksted.access.log").read_text()):
        expect(time.monotonic() < deadline, "nginx never logged the team page's request")
        time.sleep(0.1)  # nginx writes the line once the response has gone out
    expect(token not in access and "/t/[token]/" in access, "nginx's access log holds a link token")
    request_ids = set(re.findall(r" ([0-9a-f]{32})$", access, re.M))
    logged = [json.loads(line) for line in run.log().splitlines() if line.startswith("{")]
    expect(any(entry.get("request_id") in request_ids for entry in logged), "Verksted's log lacks nginx's request id")
    expect(not any(token in json.dumps(entry) for entry in logged), "Verksted's log holds a link token")
    done.append("logs: no token in nginx's access log or Verksted's; the request id in both")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, configuration)")
    options = parser.parse_args(argv)
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if nginx is None:
        print("skipped: nginx is not installed (Debian: apt-get install nginx-light)")
        return SKIP
    if shutil.which("openssl") is None:
        print("skipped: openssl is not installed, so no certificate can be made")
        return SKIP
    folder = Path(tempfile.mkdtemp(prefix="verksted-nginx-"))
    run = Run(folder)
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost", "-keyout", str(folder / "key.pem"), "-out",
             str(folder / "cert.pem")],
            check=True, capture_output=True,
        )  # fmt: skip
        run.start(nginx)
        for line in checks(run):
            print(f"ok: {line}")
    except CheckFailed as failure:
        print(f"FAILED: {failure}")
        return 1
    finally:
        run.stop()
        if options.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
