/**
 * How the API process talks to a worker process, whatever started it: Node's child_process.fork (CLI, tests,
 * `filmroom serve`) or Electron's utilityProcess (the packaged app, whose runAsNode fuse is off so fork cannot
 * work). Both sides are message ports with structured-clone messages.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { FromWorker, ToWorker } from './protocol.js';

export interface WorkerChannel {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Called once, when the process has gone (crash, kill or close). */
  onExit(listener: (description: string) => void): void;
  kill(): void;
}

export type WorkerLauncher = (script: string) => WorkerChannel;

/** Node runs TypeScript sources through tsx's loader (source checkouts: tests, bench, `filmroom serve`). */
function execArgvFor(script: string): string[] {
  if (!script.endsWith('.ts')) return [];
  const resolveFromHere = createRequire(import.meta.url);
  return ['--import', pathToFileURL(resolveFromHere.resolve('tsx')).href];
}

export const forkLauncher: WorkerLauncher = (script) => {
  const child = fork(script, [], {
    execArgv: execArgvFor(script),
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (m) => listener(m as FromWorker)),
    onExit: (listener) => {
      child.once('exit', (code, signal) => listener(signal ? `killed by ${signal}` : `exit code ${code}`));
    },
    kill: () => void child.kill('SIGTERM'),
  };
};
