#!/usr/bin/env bash
# Create the environment if needed and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup_env.sh

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "Installing Debian's Chromium for the browser tests"
        apt-get update
        apt-get install -y chromium
    else
        echo "error: /usr/bin/chromium is missing and this user is not root; install it with: sudo apt-get install -y chromium" >&2
        exit 2
    fi
fi

# A fixed key for the keyed hash of e-mails, so test figures are repeatable.
export HOTLEADS_HASH_KEY="hotleads-test-key"
export MPLBACKEND=Agg

status=0
.venv/bin/pytest -p no:cacheprovider tests "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "error: pytest collected no tests" >&2
    exit 1
fi
exit "$status"
