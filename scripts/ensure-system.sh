#!/usr/bin/env bash
# Installs what the test suite needs outside npm, when it is missing (Debian; root or sudo):
# the real browsers (Chromium, Firefox ESR, WebKitGTK's WebKitWebDriver + MiniBrowser, Xvfb),
# nginx (started by a test as a reverse proxy, never as a system service), and makes sure the
# local PostgreSQL answers. Safe to run again: it only acts on what is missing.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
# nginx: the TRUST_PROXY test runs the signer behind a real reverse proxy (test/security/trust-proxy.test.ts).
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
# php-cli: the README's PHP webhook verifier is run by test/docs/webhook-snippets.test.ts (python3 is on the machine).
command -v php >/dev/null 2>&1 || missing+=(php-cli)
# strace: the durability test counts the fsync calls of SQLite commits (test/ops/durable-files.test.ts);
# the restore test kills a restore at a chosen rename (test/ops/restore-killed-mid-way.test.ts).
command -v strace >/dev/null 2>&1 || missing+=(strace)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "ensure-system: installing ${missing[*]} from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PostgreSQL at 127.0.0.1:5432 (database `test`, trust auth) is part of this kind of machine;
# start it if it stopped.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "ensure-system: starting PostgreSQL"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
fi
