/**
 * The analysis worker in the packaged app runs as an Electron utility process: the build turns the runAsNode fuse
 * off (electron-builder.yml), so child_process.fork of Electron itself cannot start Node. A utility process is a
 * child the browser process owns, so it also goes away with the app. Messages are structured clones, as with
 * fork's 'advanced' serialization.
 */
import { utilityProcess } from 'electron';
import type { FromWorker, WorkerLauncher } from '../analysis/index.js';

export const utilityProcessLauncher: WorkerLauncher = (script) => {
  const child = utilityProcess.fork(script, [], { serviceName: 'Filmroom analysis', stdio: 'inherit' });
  let alive = true;
  child.once('exit', () => (alive = false));
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (alive) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', (message: FromWorker) => listener(message)),
    onExit: (listener) => child.once('exit', (code: number) => listener(`exit code ${code}`)),
    kill: () => void child.kill(),
  };
};
