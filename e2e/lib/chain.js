// Client helpers shared by the tests.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { startNode, tempBasePath } from './node.js';

/** Connects @polkadot/api to the node's RPC port. */
export async function connect(port) {
  const provider = new WsProvider(`ws://127.0.0.1:${port}`);
  return ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
}

/**
 * Signs and sends `tx`, resolving with the events of its block once it is in one. The dev node
 * seals and finalizes in one step, so the pool may report `Finalized` without `InBlock` first.
 */
export function submit(tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        const err = new Error(`dispatch failed: ${dispatchError.toString()}`);
        err.dispatchError = dispatchError;
        reject(err);
      } else if (status.isInBlock) resolve({ blockHash: status.asInBlock, events });
      else if (status.isFinalized) resolve({ blockHash: status.asFinalized, events });
      else if (status.isDropped || status.isInvalid || status.isUsurped) {
        reject(new Error(`transaction ${status.type}`));
      }
    }).catch(reject);
  });
}

/** The `Pallet.Error` name of a failed dispatch, from the error `submit` rejects with. */
export function moduleErrorName(api, error) {
  const d = error.dispatchError;
  if (!d?.isModule) return undefined;
  const meta = api.registry.findMetaError(d.asModule);
  return `${meta.section}.${meta.name}`;
}

/**
 * Starts a dev node on a fresh base path and connects to it; the test's `after` hooks stop the
 * node and remove its data. Returns { api, node, base }.
 */
export async function devChain(t, consensus = 'instant-seal') {
  const base = tempBasePath();
  t.after(base.cleanup);
  const node = await startNode({ basePath: base.dir, consensus });
  const api = await connect(node.port);
  t.after(async () => { await api.disconnect().catch(() => {}); await node.stop(); });
  return { api, node, base };
}
