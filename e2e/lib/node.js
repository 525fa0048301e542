// Starts and stops the real dtao-node binary for the tests.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The node binary: $DTAO_NODE, else the workspace's release build. */
export function nodeBinary() {
  return process.env.DTAO_NODE ?? path.resolve(here, '../../target/release/dtao-node');
}

/** A TCP port that was free a moment ago. */
export async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

/** A fresh base path, removed by `cleanup()`. */
export function tempBasePath() {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtao-e2e-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function rpcReady(port, deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'system_health', params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the node's RPC on port ${port} did not come up in time`);
}

/**
 * Starts `dtao-node --dev` on `basePath` with the given consensus, on free ports, and resolves
 * once its RPC answers. Returns { port, stop, log }.
 */
export async function startNode({ basePath, consensus = 'instant-seal', timeoutMs = 120_000 }) {
  const port = await freePort();
  const p2p = await freePort();
  const logFile = path.join(basePath, `node-${Date.now()}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(
    nodeBinary(),
    [
      '--dev',
      '--base-path', basePath,
      '--consensus', consensus,
      '--rpc-port', String(port),
      '--port', String(p2p),
      '--no-prometheus',
      '--no-telemetry',
    ],
    { stdio: ['ignore', out, out] },
  );
  let exited = false;
  child.on('exit', () => { exited = true; });
  const log = () => readFileSync(logFile, 'utf8');
  try {
    await Promise.race([
      rpcReady(port, Date.now() + timeoutMs),
      once(child, 'exit').then(([code]) => {
        throw new Error(`dtao-node exited with ${code} before its RPC came up:\n${log()}`);
      }),
    ]);
  } catch (e) {
    if (!exited) child.kill('SIGKILL');
    throw e;
  }
  const stop = async () => {
    if (exited) return;
    const gone = once(child, 'exit');
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await gone;
    clearTimeout(timer);
  };
  return { port, stop, log };
}
