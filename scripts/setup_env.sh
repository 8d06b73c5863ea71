# Set-up shared by scripts/main.sh and scripts/test.sh, sourced from the
# repository root. It creates .venv when it is missing and installs HotLeads
# with the pinned versions of constraints.txt.

if ! command -v python3 >/dev/null 2>&1; then
    echo "error: python3 was not found; install Python 3.11 or newer (Debian: apt-get install python3 python3-venv)." >&2
    exit 2
fi

if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtual environment .venv"
    if ! python3 -m venv .venv; then
        echo "error: 'python3 -m venv .venv' failed; on Debian install the venv module with: apt-get install python3-venv" >&2
        exit 2
    fi
fi

echo "Installing HotLeads and its pinned dependencies into .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"

# Point Jupyter's per-user folders into the project, so that no kernelspec
# left in the user's own folder (such as ~/.local/share/jupyter/kernels/python3,
# which may start another Python) can replace the environment's python3 kernel.
export JUPYTER_DATA_DIR="$PWD/.jupyter-data"
export JUPYTER_RUNTIME_DIR="$PWD/.jupyter-runtime"
export JUPYTER_CONFIG_DIR="$PWD/.jupyter-data/config"
mkdir -p "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR" "$JUPYTER_CONFIG_DIR"

# Write the environment's python3 kernelspec into the project's data folder
# (with JUPYTER_DATA_DIR set, --user means that folder): it starts
# .venv/bin/python by its absolute path.
.venv/bin/python -m ipykernel install --user --name python3 --display-name "Python 3 (HotLeads)" >/dev/null
