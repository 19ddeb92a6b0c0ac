#!/bin/bash
# Opt-in integration test of experiments/slurm/ on a one-node Slurm cluster on localhost
# (`npm run test:slurm`). Needs root and Debian packages (installed if missing):
# slurmctld, slurmd, slurm-client, munge. Steps:
#   1. write a minimal slurm.conf (this host as controller and only node; no cgroups, no accounting)
#      into a temporary directory; every Slurm command reads it through SLURM_CONF
#   2. start munged, slurmctld and slurmd in the background (no systemd needed)
#   3. submit a tiny sweep as a 3-task array plus the dependent merge job (experiments/slurm/submit.sh)
#   4. wait for both, then compare the merged results with a local unsharded sweep
#   5. stop the daemons and remove the temporary files (packages stay installed)
# Exit 0 when the merged results equal the local run; non-zero otherwise (logs are printed).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/dropfoot-slurm.XXXXXX)
SHARDS=3
TIMEOUT_S=${SLURM_TEST_TIMEOUT_S:-300}
export SLURM_CONF="$WORK/etc/slurm.conf"

log() { printf 'test-slurm: %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "needs root (starts slurmctld/slurmd/munged and may apt-get install them)"; exit 2
fi

need=()
for b in slurmctld slurmd sbatch munged; do command -v "$b" >/dev/null 2>&1 || need+=("$b"); done
if [ ${#need[@]} -gt 0 ]; then
  log "installing slurmctld slurmd slurm-client munge (missing: ${need[*]})"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi

PIDS=()
cleanup() {
  local rc=$?
  # Stop slurmd, slurmctld, munged (reverse start order) by the PIDs this script started, and reap them.
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do kill "${PIDS[$i]}" 2>/dev/null || true; wait "${PIDS[$i]}" 2>/dev/null || true; done
  if [ $rc -ne 0 ]; then
    log "failed (exit $rc); logs:"
    for f in "$WORK"/log/*.log "$WORK"/out/slurm-*.out; do [ -f "$f" ] && { echo "== $f"; tail -n 40 "$f"; }; done >&2
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

mkdir -p "$WORK"/{etc,run,log,spool/ctld,spool/d,munge,out}
chmod 755 "$WORK"   # munged wants its socket path traversable by all
HOST=$(hostname -s)
CPUS=$(nproc)
MEM_MB=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))

# --- munge: its own key and socket in $WORK, so an existing munge setup is left alone
MUNGE_SOCKET="$WORK/munge/munge.socket"
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chmod 755 "$WORK/munge"; chmod 400 "$WORK/munge/munge.key"
# Daemons run in the foreground as children of this script, so cleanup can stop and reap them.
munged --foreground --force --key-file="$WORK/munge/munge.key" --socket="$MUNGE_SOCKET" \
  --pid-file="$WORK/run/munged.pid" --log-file="$WORK/log/munged.log" --seed-file="$WORK/munge/seed" 2>"$WORK/log/munged.stderr" &
PIDS+=($!)
for _ in $(seq 1 50); do [ -S "$MUNGE_SOCKET" ] && break; sleep 0.1; done
export MUNGE_SOCKET

cat > "$SLURM_CONF" <<EOF
ClusterName=dropfoottest
SlurmctldHost=${HOST}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=${MUNGE_SOCKET}
CredType=cred/munge
StateSaveLocation=$WORK/spool/ctld
SlurmdSpoolDir=$WORK/spool/d
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MaxArraySize=100
NodeName=${HOST} NodeAddr=127.0.0.1 CPUs=${CPUS} RealMemory=${MEM_MB} State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

log "starting slurmctld and slurmd ($HOST, $CPUS CPUs)"
slurmctld -D -c -f "$SLURM_CONF" 2>"$WORK/log/slurmctld.stderr" &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" 2>"$WORK/log/slurmd.stderr" &
PIDS+=($!)
for _ in $(seq 1 30); do
  if sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then break; fi
  sleep 1
done
sinfo >&2

# --- a tiny experiment: 6 runs of 60 m
EXP="$WORK/tiny.yaml"
cat > "$EXP" <<'EOF'
name: slurm-tiny
seed: 42
base: { distanceM: 60 }
factors:
  - { name: left.soleusStiffness, kind: uniform, min: 1, max: 3 }
  - { name: legLengthDiscrepancyM, kind: uniform, min: 0, max: 0.01 }
design: { kind: grid, levels: [3, 2] }
replicates: 1
outputs: { strides: every:5 }
EOF

log "local reference run"
(cd "$REPO" && node bin/dropfoot.js sweep "$EXP" --out "$WORK/local" --workers 1 --json >/dev/null)

log "submitting $SHARDS shards + merge"
cd "$WORK/out"
SUBMIT=$(SLURM_SUBMIT_DIR="$REPO" "$REPO/experiments/slurm/submit.sh" "$EXP" "$WORK/cluster" "$SHARDS" --cpus-per-task=1 --chdir="$REPO" --output="$WORK/out/slurm-%x-%A_%a.out")
log "$SUBMIT"
MERGE_JOB=$(echo "$SUBMIT" | sed -E 's/.*merge job ([0-9]+).*/\1/')

# The merge job writes its log in the submit directory (here $WORK/out); wait until it leaves the queue.
deadline=$(( $(date +%s) + TIMEOUT_S ))
while squeue -h -j "$MERGE_JOB" 2>/dev/null | grep -q .; do
  [ "$(date +%s)" -lt "$deadline" ] || { log "timed out after ${TIMEOUT_S}s"; squeue >&2; exit 1; }
  sleep 2
done
MERGE_STATE=$(scontrol show job "$MERGE_JOB" 2>/dev/null | grep -oE 'JobState=[A-Z_]+' | cut -d= -f2 || true)
log "merge job $MERGE_JOB: ${MERGE_STATE:-gone from scontrol}"
[ -f "$WORK/cluster/results.duckdb" ] || { log "no merged results.duckdb"; exit 1; }
ls "$WORK/cluster/points" >&2

log "comparing merged cluster results with the local run"
cd "$REPO"
node --input-type=module - "$WORK/local/results.duckdb" "$WORK/cluster/results.duckdb" <<'EOF'
import { DuckDBInstance } from '@duckdb/node-api';
const read = async (path, sql) => {
  const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  const rows = (await c.runAndReadAll(sql)).getRowsJson();
  c.closeSync(); db.closeSync();
  return JSON.stringify(rows);
};
const [local, cluster] = process.argv.slice(2);
const q = 'SELECT * EXCLUDE (wall_s, shard) FROM results ORDER BY point, replicate';
const s = 'SELECT * EXCLUDE (key) FROM strides ORDER BY point, replicate, leg, stride';
const a = await read(local, q), b = await read(cluster, q);
const sa = await read(local, s), sb = await read(cluster, s);
const n = JSON.parse(b).length;
const shards = JSON.parse(await read(cluster, 'SELECT DISTINCT shard FROM results ORDER BY 1')).length;
if (a !== b || sa !== sb || n !== 6 || shards !== 3) {
  console.error(`MISMATCH: rows ${n}, shards ${shards}, results equal ${a === b}, strides equal ${sa === sb}`);
  process.exit(1);
}
console.error(`test-slurm: OK: ${n} runs from ${shards} array tasks merged, identical to the local run`);
EOF
