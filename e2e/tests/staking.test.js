// Staking on the dev chain's genesis subnets through @polkadot/api, checked against values
// computed here from the pool reserves. Every block emits into the pools before its extrinsics
// run, so a call's expected amounts are computed on the pool as the call saw it (poolSeenBy),
// and a quote is checked against the pool it was made on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { devChain, submit, moduleErrorName, poolAt, poolSeenBy, sealBlocks, holdPeriod } from '../lib/chain.js';

const TAO = 1_000_000_000n;
const PRICE_SCALE = 1_000_000_000n;
const FEE_PPM = 500n; // the default 0.05 %

const ceilDiv = (a, b) => (a + b - 1n) / b;

const buyAlpha = (p, dT) => (p.a * dT) / (p.t + dT);

test('staking: add, limit-unstake fill-or-kill then partial, exact amounts', { timeout: 180_000 }, async (t) => {
  await cryptoWaitReady();
  const { api } = await devChain(t);

  const keyring = new Keyring({ type: 'sr25519' });
  const ferdie = keyring.addFromUri('//Ferdie');
  const hotkey = keyring.addFromUri('//Alice//stash').address;

  // The dev preset's subnets are there and started.
  const owner = (await api.query.dynamicTao.subnetOwners(1)).unwrap();
  assert.equal(owner.ownerHotkey.toString(), hotkey);
  assert.ok(owner.startedAt.isSome);
  assert.ok((await api.query.dynamicTao.subnets(2)).isSome);

  // add_stake 10 TAO on subnet 1: fee = 0.05 % of the input, alpha = floor(A·dT / (T + dT)).
  const amount = 10n * TAO;
  const fee = ceilDiv(amount * FEE_PPM, 1_000_000n);
  const dT = amount - fee;
  // The runtime API's quote, decorated from the V15 metadata: no type definitions needed.
  const quoted = await poolAt(api, 1);
  const quote = (await api.call.dynamicTaoApi.quoteAddStake(1, amount)).unwrap();
  assert.equal(quote.amountOut.toBigInt(), buyAlpha(quoted, dT));
  assert.equal(quote.fee.toBigInt(), fee);
  const { blockHash, events } = await submit(api.tx.dynamicTao.addStake(hotkey, 1, amount), ferdie);
  const before = await poolSeenBy(api, 1, blockHash, events);
  const expectedAlpha = buyAlpha(before, dT);
  const added = events.find(({ event }) => api.events.dynamicTao.StakeAdded.is(event));
  assert.ok(added, 'a StakeAdded event');
  const e = added.event.data;
  assert.equal(e.coldkey.toString(), ferdie.address);
  assert.equal(e.taoIn.toBigInt(), amount);
  assert.equal(e.fee.toBigInt(), fee);
  assert.equal(e.alphaOut.toBigInt(), expectedAlpha);
  assert.equal(e.priceBefore.toBigInt(), (before.t * PRICE_SCALE) / before.a);
  const after = await poolAt(api, 1, blockHash);
  assert.equal(after.t, before.t + amount);
  assert.equal(after.a, before.a - expectedAlpha);
  assert.equal(e.priceAfter.toBigInt(), (after.t * PRICE_SCALE) / after.a);

  // Stake that just arrived is held for tempo + 1 blocks: it cannot leave at once.
  const hold = await holdPeriod(api);
  const number = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  const [info] = (await api.call.dynamicTaoApi.stakeInfo(ferdie.address))
    .filter((i) => i.netuid.toNumber() === 1 && i.hotkey.toString() === hotkey);
  assert.equal(info.held.toBigInt(), expectedAlpha);
  assert.equal(info.heldUntil.toNumber(), number + hold);
  const held = await submit(api.tx.dynamicTao.removeStake(hotkey, 1, expectedAlpha), ferdie)
    .then(() => assert.fail('held stake left'), (err) => err);
  assert.equal(moduleErrorName(api, held), 'dynamicTao.StakeHeld');
  await sealBlocks(api, hold);
  const now = await poolAt(api, 1);

  // Unstake it all with a limit 0.1 % below the current price: selling it all would go
  // further, so fill-or-kill fails with SlippageTooHigh and changes nothing...
  const price = (now.t * PRICE_SCALE) / now.a;
  const limit = price - price / 1000n;
  const failed = await submit(
    api.tx.dynamicTao.removeStakeLimit(hotkey, 1, expectedAlpha, limit, false), ferdie,
  ).then(() => assert.fail('the fill-or-kill unstake went through'), (err) => err);
  assert.equal(moduleErrorName(api, failed), 'dynamicTao.SlippageTooHigh');
  // The failed call's block: the pool is what emission alone made of it.
  assert.deepEqual(
    await poolAt(api, 1, failed.blockHash),
    await poolSeenBy(api, 1, failed.blockHash, failed.events),
  );

  // ...and with allow_partial it sells only what keeps the price at or above the limit.
  const partial = await submit(
    api.tx.dynamicTao.removeStakeLimit(hotkey, 1, expectedAlpha, limit, true), ferdie);
  const removed = partial.events.find(({ event }) => api.events.dynamicTao.StakeRemoved.is(event));
  assert.ok(removed, 'a StakeRemoved event');
  const r = removed.event.data;
  assert.ok(r.alphaIn.toBigInt() > 0n && r.alphaIn.toBigInt() < expectedAlpha);
  const end = await poolAt(api, 1, partial.blockHash);
  assert.ok(end.t * PRICE_SCALE >= limit * end.a, 'the price stays at or above the limit');
  // Exact sell amounts: gross = floor(T·a / (A + a)), fee = ceil(0.05 % · gross).
  const seen = await poolSeenBy(api, 1, partial.blockHash, partial.events);
  const sold = r.alphaIn.toBigInt();
  const gross = (seen.t * sold) / (seen.a + sold);
  const sellFee = ceilDiv(gross * FEE_PPM, 1_000_000n);
  assert.equal(r.fee.toBigInt(), sellFee);
  assert.equal(r.taoOut.toBigInt(), gross - sellFee);
  assert.equal(end.t, seen.t - (gross - sellFee));
});

test('staking: swap stake between two subnets in one call, as quoted', { timeout: 180_000 }, async (t) => {
  await cryptoWaitReady();
  const { api } = await devChain(t);

  const keyring = new Keyring({ type: 'sr25519' });
  const ferdie = keyring.addFromUri('//Ferdie');
  const hotkey = keyring.addFromUri('//Alice//stash').address;
  await submit(api.tx.dynamicTao.addStake(hotkey, 1, 20n * TAO), ferdie);
  await sealBlocks(api, await holdPeriod(api)); // past the hold on the new stake
  const infos = await api.call.dynamicTaoApi.stakeInfo(ferdie.address);
  const position = infos.find((i) => i.netuid.toNumber() === 1);
  const alpha = position.alpha.toBigInt();
  assert.ok(alpha > 0n);

  const half = alpha / 2n;
  // The quote, checked against the pools it was made on: sell with the one fee, buy without.
  const sellLeg = (one, a) => {
    const gross = (one.t * a) / (one.a + a);
    const fee = ceilDiv(gross * FEE_PPM, 1_000_000n);
    return { out: gross - fee, fee };
  };
  const [q1, q2] = [await poolAt(api, 1), await poolAt(api, 2)];
  const [quotedSell, quotedBuy] = (await api.call.dynamicTaoApi.quoteMoveStake(1, 2, half)).unwrap();
  assert.equal(quotedSell.amountOut.toBigInt(), sellLeg(q1, half).out);
  assert.equal(quotedBuy.amountOut.toBigInt(), buyAlpha(q2, sellLeg(q1, half).out));
  assert.equal(quotedBuy.fee.toBigInt(), 0n);

  const { blockHash, events } = await submit(api.tx.dynamicTao.swapStake(hotkey, 1, 2, half), ferdie);
  const moved = events.find(({ event }) => api.events.dynamicTao.StakeMoved.is(event));
  assert.ok(moved, 'a StakeMoved event');
  const m = moved.event.data;
  const [s1, s2] = [await poolSeenBy(api, 1, blockHash, events), await poolSeenBy(api, 2, blockHash, events)];
  const sell = sellLeg(s1, half);
  assert.equal(m.alphaIn.toBigInt(), half);
  assert.equal(m.tao.toBigInt(), sell.out);
  assert.equal(m.alphaOut.toBigInt(), buyAlpha(s2, sell.out));
  assert.equal(m.fee.toBigInt(), sell.fee, 'one fee, on the sell leg');

  const after = await (await api.at(blockHash)).call.dynamicTaoApi.stakeInfo(ferdie.address);
  const on2 = after.find((i) => i.netuid.toNumber() === 2 && i.hotkey.toString() === hotkey);
  assert.equal(on2.alpha.toBigInt(), m.alphaOut.toBigInt());
  const subnets = await api.call.dynamicTaoApi.subnets();
  assert.deepEqual(subnets.map((s) => s.netuid.toNumber()), [0, 1, 2]);
});
