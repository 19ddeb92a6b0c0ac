#!/bin/bash
# Submit a sweep as a Slurm array of N shards plus the merge job that waits for all of them.
#   experiments/slurm/submit.sh EXPERIMENT.yaml RESULTS_DIR N [extra sbatch options for both jobs: --partition, --account, ...]
set -euo pipefail
EXPERIMENT=${1:?usage: submit.sh EXPERIMENT.yaml RESULTS_DIR N [sbatch options...]}
RESULTS=${2:?usage: submit.sh EXPERIMENT.yaml RESULTS_DIR N [sbatch options...]}
N=${3:?usage: submit.sh EXPERIMENT.yaml RESULTS_DIR N [sbatch options...]}
shift 3
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$RESULTS"
ARRAY=$(sbatch --parsable --array="1-${N}" "$@" "$HERE/sweep.sbatch" "$EXPERIMENT" "$RESULTS")
ARRAY=${ARRAY%%;*}   # --parsable prints "jobid[;cluster]"
# --kill-on-invalid-dep: if a shard fails for good, the merge job is cancelled instead of pending forever.
MERGE=$(sbatch --parsable --dependency="afterok:${ARRAY}" --kill-on-invalid-dep=yes "$@" "$HERE/merge.sbatch" "$RESULTS")
MERGE=${MERGE%%;*}
echo "array job ${ARRAY} (${N} shards), merge job ${MERGE}"
