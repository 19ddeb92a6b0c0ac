/** Description of the machine a benchmark ran on. */
import os from 'node:os';
import { readFileSync } from 'node:fs';

export interface MachineDescription {
  cpuModel: string;
  /** Logical CPUs the OS reports. */
  cores: number;
  /** Cores this process may use (cgroup/affinity aware). */
  availableParallelism: number;
  /** 1-min load average at the start (other users of the cores make timings noisy). */
  loadAverage1Min: number;
  /** Nominal CPU clock the OS reports for core 0, MHz (0 if unknown). */
  cpuMhz: number;
  node: string;
  v8: string;
  platform: string;
  memoryGb: number;
}

/** The CPU model from /proc/cpuinfo when os.cpus() gives only a family name. */
function cpuModel(): string {
  const fromOs = os.cpus()[0]?.model?.trim() ?? 'unknown';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const name = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim();
    if (name && name.length > fromOs.length) return name;
  } catch {
    // not Linux
  }
  return fromOs;
}

export function describeMachine(): MachineDescription {
  return {
    cpuModel: cpuModel(),
    cores: os.cpus().length,
    availableParallelism: os.availableParallelism(),
    loadAverage1Min: Math.round(os.loadavg()[0] * 100) / 100,
    cpuMhz: os.cpus()[0]?.speed ?? 0,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.arch()} ${os.release()}`,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}
