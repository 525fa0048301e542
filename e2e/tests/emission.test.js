// Emission on the dev chain: blocks requested one by one over manual seal, each checked through
// the runtime API against the block before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { devChain } from '../lib/chain.js';

const TAO = 1_000_000_000n;

async function stateAt(api, hash) {
  const at = await api.at(hash);
  const subnets = new Map();
  for (const s of await at.call.dynamicTaoApi.subnets()) subnets.set(s.netuid.toNumber(), s);
  const issuance = (await at.query.balances.totalIssuance()).toBigInt();
  const events = (await at.query.system.events()).map((r) => r.event);
  return { subnets, issuance, events };
}

test('emission: pools grow by the reported injections, issuance by the TAO emitted, epochs pay', { timeout: 240_000 }, async (t) => {
  await cryptoWaitReady();
  const { api } = await devChain(t, 'manual-seal-0');
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice').address;
  const aliceStash = keyring.addFromUri('//Alice//stash').address;

  // The dev preset: 1 TAO per block (before the first halving), epochs every 10 blocks.
  assert.equal((await api.call.dynamicTaoApi.blockEmission()).toBigInt(), TAO);
  const ownerStake = async (hash) => {
    const infos = await (await api.at(hash)).call.dynamicTaoApi.stakeInfo(alice);
    const p = infos.find((i) => i.netuid.toNumber() === 1 && i.hotkey.toString() === aliceStash);
    return p ? p.alpha.toBigInt() : 0n;
  };

  let prevHash = await api.rpc.chain.getFinalizedHead();
  let prev = await stateAt(api, prevHash);
  let epochs = 0;
  let emitted = 0n;
  for (let i = 0; i < 12; i++) {
    const { blockHash } = await api.rpc.engine.createBlock(true, true);
    const cur = await stateAt(api, blockHash);
    let taoIn = 0n;
    let burned = 0n;
    for (const netuid of [1, 2]) {
      const before = prev.subnets.get(netuid);
      const after = cur.subnets.get(netuid);
      const paid = cur.events.find((e) => api.events.dynamicTao.EpochPaid.is(e) && e.data.netuid.toNumber() === netuid);
      // The pool grew by exactly what the block reports injecting, less root's alpha it sold
      // (every block, not in a lump at the epoch).
      const soldTao = after.rootTaoSold.toBigInt();
      assert.equal(after.taoReserve.toBigInt(), before.taoReserve.toBigInt() + after.taoInEmission.toBigInt() - soldTao);
      assert.equal(after.alphaIn.toBigInt(), before.alphaIn.toBigInt() + after.alphaInEmission.toBigInt() + after.rootAlphaSold.toBigInt());
      assert.equal(after.alphaOutEmission.toBigInt(), TAO, '1 alpha out per block');
      // Subnet 1's validator has Eve's root stake: root has a share there, sold every block.
      if (netuid === 1) assert.ok(after.rootAlphaSold.toBigInt() > 0n, 'root alpha sold this block');
      taoIn += after.taoInEmission.toBigInt();
      const pendingRootTao = before.pendingRootTao.toBigInt() + soldTao;
      if (paid) {
        epochs += 1;
        assert.ok(paid.data.ownerCut.toBigInt() > 0n, 'the epoch paid the owner');
        const pending = after.pendingOwnerCut.toBigInt() + after.pendingMiners.toBigInt()
          + after.pendingValidators.toBigInt() + after.pendingRoot.toBigInt() + after.pendingRootTao.toBigInt();
        assert.equal(pending, 0n, 'an epoch pays out everything pending');
        // Root's TAO went to root stakes, or was burned where no validator has root stake.
        const rootRecycled = paid.data.rootTaoRecycled.toBigInt();
        assert.equal(paid.data.rootTao.toBigInt() + rootRecycled, pendingRootTao);
        burned += rootRecycled;
        if (netuid === 1) assert.ok(paid.data.rootTao.toBigInt() > 0n, 'root stakers paid on subnet 1');
        if (netuid === 1) {
          // Alice owns subnet 1: the owner cut is staked to her on her hotkey, and the hotkey's
          // take of the validators' dividends comes on top.
          const gained = (await ownerStake(blockHash)) - (await ownerStake(prevHash));
          assert.ok(gained >= paid.data.ownerCut.toBigInt(), `owner gained ${gained}`);
        }
      } else {
        assert.equal(after.pendingOwnerCut.toBigInt(), before.pendingOwnerCut.toBigInt() + TAO * 18n / 100n);
        assert.equal(after.pendingRootTao.toBigInt(), pendingRootTao);
      }
    }
    // Issuance grew by exactly the TAO the pools received, less root TAO nobody could claim,
    // and never more than the block emission.
    assert.equal(cur.issuance - prev.issuance, taoIn - burned);
    assert.ok(taoIn <= TAO);
    emitted += taoIn;
    prev = cur;
    prevHash = blockHash;
  }
  // Moving prices start at 0, so the first block shares nothing; every later one shares 1 TAO
  // (less at most a rao of rounding per subnet).
  assert.ok(emitted >= 11n * TAO - 22n, `emitted ${emitted}`);
  assert.ok(epochs >= 2, `${epochs} epochs in 12 blocks`);
  const one = prev.subnets.get(1);
  assert.ok(one.movingPrice.toBigInt() > 0n && one.rootProportion.toNumber() > 0);
});
