// Real server processes for tests, each in its own process group. Kamailio forks workers that keep
// its sockets: killing only the main PID leaves them serving, so the next start cannot bind and
// clients still look connected. Every process here is spawned detached (its own group) and stopped
// by signalling the whole group, then waiting until the group is gone.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';

export interface GroupProcess {
  readonly name: string;
  readonly pid: number;
  /** Where stdout and stderr go. */
  readonly logFile: string;
  /** Resolves with the exit code (or signal name) when the main process exits. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the whole group is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the group at once (a crash, not a shutdown); resolves when the group is gone. */
  kill(): Promise<void>;
  /**
   * SIGSTOP (true) or SIGCONT (false) to the whole group: a frozen server whose sockets stay open
   * (the kernel still accepts connections and buffers what arrives; nothing is answered).
   */
  freeze(frozen: boolean): void;
}

const live = new Set<number>();
let safetyNetInstalled = false;

/** Kills every group still alive when the test process exits, however it exits. */
function installSafetyNet(): void {
  if (safetyNetInstalled) return;
  safetyNetInstalled = true;
  const killAll = (): void => {
    for (const pgid of live) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    live.clear();
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * True while a live (non-zombie) process is in the group. Zombies count as gone: orphaned workers
 * are reparented to PID 1, which in a container may never reap them.
 */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ... ; comm may contain spaces, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}

async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/**
 * Spawns `command` as the leader of a new process group, stdout+stderr appended to `logFile`.
 * The group is registered with the exit safety net until stopped.
 */
export function spawnGroup(name: string, command: string, args: readonly string[], options: { logFile: string; cwd?: string; env?: NodeJS.ProcessEnv }): GroupProcess {
  installSafetyNet();
  const fd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not spawn ${command} (see ${options.logFile})`);
  live.add(pid);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', () => resolve('spawn-error'));
  });

  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  };
  const finish = async (): Promise<void> => {
    await exited;
    if (!(await waitGroupGone(pid, 3_000))) throw new Error(`${name}: process group ${pid} survived SIGKILL`);
    live.delete(pid);
  };
  return {
    name,
    pid,
    logFile: options.logFile,
    exited,
    async stop(graceMs = 2_000) {
      signalGroup('SIGTERM');
      if (!(await waitGroupGone(pid, graceMs))) signalGroup('SIGKILL');
      await finish();
    },
    async kill() {
      // A frozen group dies too: SIGKILL needs no SIGCONT.
      signalGroup('SIGKILL');
      await finish();
    },
    freeze(frozen) {
      signalGroup(frozen ? 'SIGSTOP' : 'SIGCONT');
    },
  };
}
