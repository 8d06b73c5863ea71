#!/usr/bin/env bash
# Create the environment if needed and build the HTML report of every bundled
# launch (params/*.yaml) into reports/<launch>/report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup_env.sh

# The keyed hash of lead e-mails needs a key. Keep the real one secret and
# set it in the environment; without one, the demo key below is used.
if [ -z "${HOTLEADS_HASH_KEY:-}" ]; then
    echo "HOTLEADS_HASH_KEY is not set; using a demo key (set your own for real data)." >&2
    export HOTLEADS_HASH_KEY="hotleads-demo-key-not-secret"
fi

status=0
.venv/bin/hotleads report params/*.yaml --output-dir reports || status=$?

echo
echo "Reports:"
for yaml in params/*.yaml; do
    launch="$(.venv/bin/python -c 'import sys; from hotleads_core.config import load_config; print(load_config(sys.argv[1]).name)' "$yaml" 2>/dev/null || true)"
    if [ -n "$launch" ] && [ -f "reports/$launch/report.html" ]; then
        echo "  reports/$launch/report.html"
    fi
done
exit "$status"
