// The 100 status pollers of bench/status-pollers.ts, in their own process as other tools would be: the API
// process's event loop then serves requests only, and the latencies include no work of the bench itself.
// Plain JavaScript so the client starts without a TypeScript loader. Driven by messages from the bench:
// { cmd: 'run', pauseMs, durationMs } → { count, seconds, rps, p50, p99, max }; { cmd: 'stop' } ends a run early.
import { request, Agent } from 'node:http';

const { port, path, token, pollers, intervalMs } = JSON.parse(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: pollers });
let stopped = false;

function get() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      { host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function run(pauseMs, durationMs) {
  stopped = false;
  const latencies = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: pollers }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * intervalMs) / pollers)); // spread the pollers over one interval
      while (!stopped && performance.now() - started < durationMs) {
        const t = performance.now();
        latencies.push(await get());
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, Math.max(0, pauseMs - (performance.now() - t))));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] * 1000) / 1000;
  return {
    count: latencies.length,
    seconds: Math.round(seconds * 1000) / 1000,
    rps: Math.round(latencies.length / seconds),
    p50: pct(0.5),
    p99: pct(0.99),
    max: pct(1),
  };
}

// Every poller opens its keep-alive connection first: connection set-up is not what the status route costs.
await Promise.all(Array.from({ length: pollers }, () => get()));
process.on('message', (message) => {
  if (message.cmd === 'stop') stopped = true;
  else if (message.cmd === 'run') void run(message.pauseMs, message.durationMs).then((stats) => process.send(stats));
  else if (message.cmd === 'exit') {
    agent.destroy();
    process.disconnect();
  }
});
process.send({ ready: true });
