#!/usr/bin/env bash
# Execute every notebook in notebooks/ headlessly with Deno's Jupyter kernel (npm package `deno`)
# and Jupyter's nbconvert (Debian: jupyter-nbconvert python3-ipykernel python3-jupyter-client).
#
#   scripts/run-notebooks.sh [--out DIR] [--html] [NOTEBOOK.ipynb ...]
#
# Executed copies go to DIR (default out/notebooks; --html also writes an HTML page per notebook,
# viewable offline). The kernel is registered in a temporary Jupyter data dir: nothing is written
# to ~/.local or ~/.jupyter. Prints one line per notebook with its time.
# Exit status: 0 all ran; 1 a notebook failed, or a committed notebook holds outputs; 2 bad
# arguments; 3 Jupyter or Deno missing.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() { sed -n '5,11p' "$0" | sed 's/^# \{0,1\}//'; }
out=out/notebooks
html=0
notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || { echo "run-notebooks: --out needs a directory" >&2; exit 2; }; out=$2; shift 2 ;;
    --out=*) out=${1#--out=}; shift ;;
    --html) html=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "run-notebooks: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -f "$1" ] || { echo "run-notebooks: no notebook $1" >&2; exit 2; }; notebooks+=("$1"); shift ;;
  esac
done
if [ ${#notebooks[@]} -eq 0 ]; then
  for f in notebooks/*.ipynb; do [ -f "$f" ] && notebooks+=("$f"); done
fi
[ ${#notebooks[@]} -gt 0 ] || { echo "run-notebooks: no notebooks found" >&2; exit 2; }

# Committed notebooks carry no outputs (executed copies are build artefacts).
dirty=$(node -e '
  const fs = require("fs");
  for (const f of process.argv.slice(1)) {
    const nb = JSON.parse(fs.readFileSync(f, "utf8"));
    const n = nb.cells.filter((c) => c.cell_type === "code" && ((c.outputs || []).length > 0 || c.execution_count != null)).length;
    if (n > 0) console.log(`${f} (${n} cells)`);
  }' "${notebooks[@]}") || { echo "run-notebooks: could not read the notebooks" >&2; exit 1; }
if [ -n "$dirty" ]; then
  echo "run-notebooks: these notebooks hold outputs; clear them before committing:" >&2
  echo "$dirty" | sed 's/^/  /' >&2
  echo "  (jupyter nbconvert --clear-output --inplace notebooks/*.ipynb)" >&2
  exit 1
fi

# Debian's jupyter (/usr/bin/python3); a python3 earlier on PATH may have no Jupyter.
jupyter=$(command -v /usr/bin/jupyter || command -v jupyter || true)
if [ -z "$jupyter" ] || ! "$jupyter" nbconvert --version >/dev/null 2>&1; then
  echo "run-notebooks: jupyter nbconvert not found; apt-get install -y --no-install-recommends jupyter-nbconvert python3-ipykernel python3-jupyter-client" >&2
  exit 3
fi
deno=$root/node_modules/.bin/deno
if ! [ -x "$deno" ] || ! "$deno" --version >/dev/null 2>&1; then
  echo "run-notebooks: node_modules/.bin/deno missing or broken; run npm ci" >&2
  exit 3
fi
# The Python that runs this jupyter (its #! line, "/usr/bin/env python3" included).
python=$(sed -n '1s/^#! *//p' "$jupyter" 2>/dev/null)
python=${python#/usr/bin/env }
config=$root/scripts/nbconvert_deno_config.py
# A config file that fails to load is only logged by nbconvert; fail here instead.
# shellcheck disable=SC2086 # $python may be "python3 -I" and the like
if ! ${python:-/usr/bin/python3} -c 'import sys; from traitlets.config.loader import PyFileConfigLoader as L; L(sys.argv[1]).load_config()' "$config"; then
  echo "run-notebooks: $config does not load" >&2
  exit 1
fi

# A private Jupyter: kernel spec, runtime files and config in a temporary directory.
jdir=$(mktemp -d "${TMPDIR:-/tmp}/dropfoot-jupyter.XXXXXX")
trap 'rm -rf "$jdir"' EXIT
export JUPYTER_DATA_DIR=$jdir/data/jupyter JUPYTER_PATH=$jdir/data/jupyter JUPYTER_CONFIG_DIR=$jdir/config \
  JUPYTER_RUNTIME_DIR=$jdir/runtime JUPYTER_PLATFORM_DIRS=0
export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 NO_COLOR=1
# Deno's module cache, kept between runs (it is rebuilt when missing).
export DENO_DIR=${DENO_DIR:-$root/node_modules/.cache/deno}
if ! XDG_DATA_HOME=$jdir/data "$deno" jupyter --install --force >"$jdir/install.log" 2>&1 || ! [ -f "$jdir/data/jupyter/kernels/deno/kernel.json" ]; then
  echo "run-notebooks: could not register the Deno kernel:" >&2
  cat "$jdir/install.log" >&2
  exit 3
fi

mkdir -p "$out"
echo "notebooks: executing ${#notebooks[@]} notebook(s) with $("$deno" --version | head -1) and nbconvert $("$jupyter" nbconvert --version) into $out"
failed=()
started=$(date +%s.%N)
for nb in "${notebooks[@]}"; do
  name=$(basename "$nb")
  log=$jdir/${name%.ipynb}.log
  t0=$(date +%s.%N)
  for attempt in 1 2; do
    "$jupyter" nbconvert --config "$config" --to notebook --execute --ExecutePreprocessor.timeout=900 \
      --output-dir "$out" "$nb" >"$log" 2>&1
    rc=$?
    # A message the Deno kernel garbled in transit (see notebooks/display.ts, loadPlotly) is no
    # fault of the notebook: run it once more. Any other failure stands.
    [ $rc -ne 0 ] && [ $attempt -eq 1 ] && grep -q 'ValueError: Invalid Signature' "$log" || break
    echo "notebooks: retry  $name: a kernel message arrived garbled (Invalid Signature)"
  done
  if [ $rc -eq 0 ] && [ $html -eq 1 ]; then
    "$jupyter" nbconvert --to html --output-dir "$out" "$out/$name" >>"$log" 2>&1 || rc=$?
  fi
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  if [ $rc -eq 0 ]; then
    echo "notebooks: ok     $name ($secs s)"
  else
    echo "notebooks: FAILED $name ($secs s); nbconvert's log:"
    # The failing cell and its error when nbconvert names them, else the end of the log.
    if grep -q 'CellExecutionError' "$log"; then
      sed -n '/CellExecutionError/,$p' "$log" | head -60
    else
      grep -v -e 'is unstable and might change' -e '^\[NbConvertApp\] \(Converting\|Writing\)' "$log" | tail -40
    fi | sed 's/^/    /'
    failed+=("$name")
  fi
done
total=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
if [ ${#failed[@]} -gt 0 ]; then
  echo "notebooks: ${#failed[@]} of ${#notebooks[@]} failed (${failed[*]}) in $total s"
  exit 1
fi
echo "notebooks: all ${#notebooks[@]} executed in $total s; executed copies in $out"
