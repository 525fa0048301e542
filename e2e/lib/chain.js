// Client helpers shared by the tests.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { startNode, tempBasePath } from './node.js';

/** Connects @polkadot/api to the node's RPC port. */
export async function connect(port) {
  const provider = new WsProvider(`ws://127.0.0.1:${port}`);
  return ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
}

/**
 * Signs and sends `tx`, resolving with the events of its block once it is in one (`InBlock`,
 * which the dev node reports before `Finalized` in every sealing mode: tests/status.test.js).
 */
export function submit(tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        const err = new Error(`dispatch failed: ${dispatchError.toString()}`);
        err.dispatchError = dispatchError;
        err.events = events;
        if (status.isInBlock) err.blockHash = status.asInBlock;
        else if (status.isFinalized) err.blockHash = status.asFinalized;
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

/** Seals `n` empty blocks (every consensus mode accepts engine_createBlock); returns the last hash. */
export async function sealBlocks(api, n) {
  let hash;
  for (let i = 0; i < n; i++) ({ blockHash: hash } = await api.rpc.engine.createBlock(true, true));
  return hash;
}

/** Blocks that stake which arrived on a position is held there: tempo + 1 (dev preset: 10). */
export async function holdPeriod(api) {
  const info = (await api.call.dynamicTaoApi.subnetInfo(1)).unwrap();
  return info.tempo.toNumber() + 1;
}

/** A subnet's pool reserves at a block (the latest if `hash` is omitted). */
export async function poolAt(api, netuid, hash) {
  const query = hash ? (await api.at(hash)).query : api.query;
  const p = (await query.dynamicTao.subnets(netuid)).unwrap();
  return { t: p.taoReserve.toBigInt(), a: p.alphaIn.toBigInt() };
}

/**
 * The pool of `netuid` as the extrinsics of block `hash` saw it: the parent's pool plus the
 * block's injection, less the block's sale of root's alpha (both read back from the pool's
 * record, `lastInjection`).
 */
export async function poolSeenBy(api, netuid, hash, events) {
  const header = await api.rpc.chain.getHeader(hash);
  const parent = await poolAt(api, netuid, header.parentHash);
  const at = await api.at(hash);
  // The block's hook injected, then sold root's alpha of the block (fee-free); epochs do not
  // trade on the pool.
  const inj = (await at.query.dynamicTao.subnets(netuid)).unwrap().lastInjection;
  const t = parent.t + inj.taoIn.toBigInt() - inj.rootTaoSold.toBigInt();
  const a = parent.a + inj.alphaIn.toBigInt() + inj.rootAlphaSold.toBigInt();
  return { t, a };
}
