#!/usr/bin/env bash
# Make sure the report tests can count and look at PDF pages: pdfinfo and pdftoppm (apt
# poppler-utils). Without them those checks are skipped.
set -euo pipefail
if command -v pdfinfo >/dev/null && command -v pdftoppm >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing poppler-utils for the report tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
else
  echo "warning: pdfinfo/pdftoppm are missing and this user cannot install them;" \
       "the PDF page checks will be skipped (apt-get install poppler-utils)." >&2
fi
