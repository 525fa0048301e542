// The dev chain end to end: the real node binary, the real @polkadot/api client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, tempBasePath } from '../lib/node.js';
import { connect, devChain, submit } from '../lib/chain.js';

const TAO = 1_000_000_000n;

test('dev chain: metadata, a transfer, and state that survives a restart', { timeout: 240_000 }, async (t) => {
  await cryptoWaitReady();
  const base = tempBasePath();
  t.after(base.cleanup);

  let node = await startNode({ basePath: base.dir, consensus: 'instant-seal' });
  let api = await connect(node.port);
  t.after(async () => { await api.disconnect().catch(() => {}); await node.stop(); });

  // What a wallet reads first.
  assert.ok(api.runtimeMetadata.version >= 15, `metadata V${api.runtimeMetadata.version}`);
  const props = await api.rpc.system.properties();
  assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 9);
  assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'TAO');
  const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
  assert.ok(pallets.includes('DynamicTao'), `pallets: ${pallets}`);
  assert.ok(api.query.dynamicTao.subnets, 'dynamicTao storage is decorated');
  const root = await api.query.dynamicTao.subnets(0);
  assert.ok(root.isSome, 'the root subnet exists at genesis');

  // A transfer from Alice to a fresh account.
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const dest = keyring.addFromUri(`//e2e-${Date.now()}`);
  const amount = 10n * TAO;
  const aliceBefore = (await api.query.system.account(alice.address)).data.free.toBigInt();
  // 100 000 TAO endowed, less the 1 000 TAO lock of subnet 1, which Alice registered at genesis.
  assert.equal(aliceBefore, 100_000n * TAO - 1_000n * TAO);

  const { blockHash, events } = await submit(
    api.tx.balances.transferKeepAlive(dest.address, amount), alice);

  const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
  assert.ok(transfer, 'a Balances.Transfer event');
  const [from, to, value] = transfer.event.data;
  assert.equal(from.toString(), alice.address);
  assert.equal(to.toString(), dest.address);
  assert.equal(value.toBigInt(), amount);
  assert.ok(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)));
  const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  assert.ok(feeEvent, 'a TransactionFeePaid event');
  const fee = feeEvent.event.data[1].toBigInt() + feeEvent.event.data[2].toBigInt();
  assert.ok(fee > 0n, 'signed transactions pay a fee');

  const at = await api.at(blockHash);
  const aliceAfter = (await at.query.system.account(alice.address)).data.free.toBigInt();
  const destAfter = (await at.query.system.account(dest.address)).data.free.toBigInt();
  assert.equal(destAfter, amount);
  assert.equal(aliceBefore - aliceAfter, amount + fee);

  const header = await api.rpc.chain.getHeader(blockHash);
  const number = header.number.toNumber();

  // Restart on the same base path: the chain and its state are still there.
  await api.disconnect();
  await node.stop();
  node = await startNode({ basePath: base.dir, consensus: 'instant-seal' });
  api = await connect(node.port);

  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  assert.ok(best >= number, `best block ${best} after restart, was ${number}`);
  assert.equal((await api.rpc.chain.getBlockHash(number)).toHex(), blockHash.toHex());
  const destRestarted = (await api.query.system.account(dest.address)).data.free.toBigInt();
  assert.equal(destRestarted, amount);
});

test('manual seal: engine_createBlock seals and finalizes on request', { timeout: 120_000 }, async (t) => {
  // manual-seal-0: only the first block and the ones requested over RPC.
  const { api } = await devChain(t, 'manual-seal-0');

  const before = (await api.rpc.chain.getHeader()).number.toNumber();
  const created = await api.rpc.engine.createBlock(true, true);
  const after = await api.rpc.chain.getHeader(created.blockHash);
  assert.equal(after.number.toNumber(), before + 1);
  const finalized = await api.rpc.chain.getFinalizedHead();
  assert.equal(finalized.toHex(), created.blockHash.toHex());
});

test('manual seal: a block every <ms> milliseconds without any request', { timeout: 120_000 }, async (t) => {
  const { api } = await devChain(t, 'manual-seal-200');

  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  const deadline = Date.now() + 30_000;
  let best = start;
  while (best < start + 3 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    best = (await api.rpc.chain.getFinalizedHead().then((h) => api.rpc.chain.getHeader(h))).number.toNumber();
  }
  assert.ok(best >= start + 3, `finalized ${best}, started at ${start}`);
});
