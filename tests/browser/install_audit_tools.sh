#!/usr/bin/env bash
# Installs what tests/browser/test_page_audit.py needs besides Chromium: axe-core (run in the
# page) and the Nu HTML checker's vnu.jar, both from npm, into GYOJEONG_AUDIT_TOOLS (outside
# the work tree), and a Java runtime for the checker. .ci/run calls it; so can a developer.
set -euo pipefail

tools="${GYOJEONG_AUDIT_TOOLS:-$HOME/.cache/gyojeong/audit-tools}"

if ! command -v npm >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm default-jre-headless >/dev/null
fi

# Pinned, so that a new axe rule or checker release changes the verdict only on purpose.
# --ignore-scripts: vnu-jar's install script would download a Java build of its own.
npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
  --prefix "$tools" axe-core@4.14.1 vnu-jar@26.9.27 >/dev/null
echo "audit tools in $tools: axe-core $(node -p "require('$tools/node_modules/axe-core/package.json').version"), vnu-jar $(node -p "require('$tools/node_modules/vnu-jar/package.json').version")"
