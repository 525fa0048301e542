// Transaction status as clients expect it: `InBlock` before `Finalized`, in every sealing mode.
// The most common client pattern resolves on `status.isInBlock` alone; it must not wait forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { devChain } from '../lib/chain.js';

const TAO = 1_000_000_000n;

/**
 * Sends a transfer and records every status the pool reports until `Finalized`; `onInBlock`
 * runs when `InBlock` arrives (to seal the next block in manual mode, if needed).
 */
function statuses(api, signer, dest) {
  const seen = [];
  let inBlock;
  const inBlockSeen = new Promise((resolve) => { inBlock = resolve; });
  const finalized = new Promise((resolve, reject) => {
    api.tx.balances.transferKeepAlive(dest, TAO)
      .signAndSend(signer, ({ status }) => {
        seen.push(status.type);
        if (status.isInBlock) inBlock(status.asInBlock.toHex());
        if (status.isFinalized) resolve(status.asFinalized.toHex());
        if (status.isDropped || status.isInvalid || status.isUsurped) {
          reject(new Error(`transaction ${status.type}`));
        }
      })
      .catch(reject);
  });
  return { seen, inBlockSeen, finalized };
}

for (const consensus of ['instant-seal', 'manual-seal-1000', 'manual-seal-0']) {
  test(`status: InBlock then Finalized with ${consensus}`, { timeout: 120_000 }, async (t) => {
    await cryptoWaitReady();
    const { api } = await devChain(t, consensus);
    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    const dest = keyring.addFromUri(`//status-${consensus}`).address;

    const { seen, inBlockSeen, finalized } = statuses(api, alice, dest);
    if (consensus === 'manual-seal-0') {
      // Blocks only on request: seal one once the transaction is in the pool.
      while (!seen.includes('Ready')) await new Promise((r) => setTimeout(r, 50));
      await api.rpc.engine.createBlock(true, true);
    }
    // What most clients wait for, alone.
    const inBlockHash = await inBlockSeen;
    const finalizedHash = await finalized;
    assert.equal(finalizedHash, inBlockHash, 'finalized in the block it was included in');
    assert.deepEqual(
      seen.filter((s) => s === 'InBlock' || s === 'Finalized'),
      ['InBlock', 'Finalized'],
      `statuses: ${seen.join(' → ')}`,
    );
    const balance = (await api.query.system.account(dest)).data.free.toBigInt();
    assert.equal(balance, TAO);
  });
}
