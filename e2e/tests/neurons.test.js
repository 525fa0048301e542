// Neurons on the dev chain: a miner and a validator register on subnet 1, the validator sets
// weights once it holds a permit, and the next epoch pays both (read through the runtime API).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { devChain, submit, moduleErrorName } from '../lib/chain.js';

const TAO = 1_000_000_000n;

/** Seals empty blocks until `netuid`'s next epoch has run. */
async function throughNextEpoch(api, netuid) {
  const info = (await api.call.dynamicTaoApi.subnetInfo(netuid)).unwrap();
  const target = info.nextEpoch.toNumber();
  let events = [];
  for (;;) {
    const { blockHash } = await api.rpc.engine.createBlock(true, true);
    const number = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
    if (number >= target) {
      events = (await (await api.at(blockHash)).query.system.events()).map((r) => r.event);
      return { blockHash, events };
    }
  }
}

test('neurons: a miner and a validator register, weights are set, an epoch pays both', { timeout: 240_000 }, async (t) => {
  await cryptoWaitReady();
  const { api } = await devChain(t);
  const keyring = new Keyring({ type: 'sr25519' });
  const ferdie = keyring.addFromUri('//Ferdie');
  const dave = keyring.addFromUri('//Dave');
  const miner = keyring.addFromUri('//Ferdie//miner');
  const validator = keyring.addFromUri('//Dave//validator');

  // Subnet 1 has its owner's hotkey at UID 0.
  const before = await api.call.dynamicTaoApi.metagraph(1);
  assert.equal(before.length, 1);
  const burn = (await api.call.dynamicTaoApi.neuronBurn(1)).toBigInt();
  assert.equal(burn, TAO / 10n, 'the dev preset burns 0.1 TAO to register');

  const reg = await submit(api.tx.dynamicTao.burnedRegister(1, miner.address), ferdie);
  const registered = reg.events.find(({ event }) => api.events.dynamicTao.NeuronRegistered.is(event));
  assert.equal(registered.event.data.uid.toNumber(), 1);
  assert.equal(registered.event.data.burn.toBigInt(), burn);
  await submit(api.tx.dynamicTao.burnedRegister(1, validator.address), dave);
  // The validator's stake: 5 000 TAO of Dave's, more than half of the subnet's stake weight so
  // that its weights are the consensus; and TAO on the hotkey for its own fees.
  await submit(api.tx.dynamicTao.addStake(validator.address, 1, 5_000n * TAO), dave);
  await submit(api.tx.balances.transferKeepAlive(validator.address, 10n * TAO), dave);

  // No permit before an epoch ranks the validators.
  await assert.rejects(
    submit(api.tx.dynamicTao.setWeights(1, [1], [1], 0), validator),
    (e) => moduleErrorName(api, e) === 'dynamicTao.NoValidatorPermit',
  );
  await throughNextEpoch(api, 1);
  let graph = await api.call.dynamicTaoApi.metagraph(1);
  assert.ok(graph[2].validatorPermit.isTrue, 'the staked validator holds a permit');
  assert.ok(graph[1].validatorPermit.isFalse, 'the unstaked miner does not');

  await submit(api.tx.dynamicTao.setWeights(1, [1], [1], 0), validator);
  const minerStake = async () => {
    const infos = await api.call.dynamicTaoApi.stakeInfo(ferdie.address);
    const p = infos.find((i) => i.netuid.toNumber() === 1 && i.hotkey.toString() === miner.address);
    return p ? p.alpha.toBigInt() : 0n;
  };
  const stakeBefore = await minerStake();
  const validatorBefore = graph[2].alphaStake.toBigInt();
  const { events } = await throughNextEpoch(api, 1);
  const paid = events.find((e) => api.events.dynamicTao.EpochPaid.is(e) && e.data.netuid.toNumber() === 1);
  assert.ok(paid, 'the epoch ran');
  assert.ok(paid.data.miners.toBigInt() > 0n, 'miners were paid');

  graph = await api.call.dynamicTaoApi.metagraph(1);
  const [owner, m, v] = graph;
  // The only weight is on the miner: it has all the incentive and the miners' bucket.
  assert.equal(m.incentive.toNumber(), 1_000_000_000);
  assert.equal(m.emission.toBigInt(), paid.data.miners.toBigInt());
  assert.equal((await minerStake()) - stakeBefore, paid.data.miners.toBigInt(), 'staked to the miner\'s owner');
  // Dividends follow bonds: only the new validator set weights, so it has all of them.
  assert.ok(v.dividends.toNumber() > 0 && v.emission.toBigInt() > 0n, 'the validator was paid');
  assert.ok(v.alphaStake.toBigInt() > validatorBefore);
  assert.ok(owner.validatorPermit.isTrue);
  assert.equal(
    owner.emission.toBigInt() + v.emission.toBigInt(),
    paid.data.validators.toBigInt(),
    'the validators shared the validators\' bucket',
  );
});
