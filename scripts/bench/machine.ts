/** Describes the machine a measurement came from: absolute figures mean nothing without it. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

/**
 * @example
 * describeMachine() // { cpus: 2, cpuModel: 'AMD EPYC', memoryGiB: 23, node: 'v20.20.2', ... }
 */
export function describeMachine(): Machine {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    // /proc/cpuinfo names the model even where os.cpus() reports a generic string.
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    cpuModel = line?.split(':')[1]?.trim() ?? cpuModel;
  } catch {
    // Not Linux: os.cpus() is the best there is.
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}
