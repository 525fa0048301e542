// Typed clients: polkadot-api with descriptors generated from the dev runtime's metadata
// (`.papi/`, checked against the built runtime by scripts/papi-check.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { createClient } from 'polkadot-api';
import { getWsProvider } from 'polkadot-api/ws';
import { WebSocket } from 'ws';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { dtao } from '@polkadot-api/descriptors';
import { devChain } from '../lib/chain.js';

const TAO = 1_000_000_000n;

test('polkadot-api: a view function and its runtime API agree; add_stake and its typed event', { timeout: 120_000 }, async (t) => {
  await cryptoWaitReady();
  const { node } = await devChain(t, 'instant-seal');
  // Node 20 has no global WebSocket: the `ws` package's.
  const client = createClient(
    getWsProvider(`ws://127.0.0.1:${node.port}`, { websocketClass: WebSocket }),
  );
  t.after(() => client.destroy());
  const api = client.getTypedApi(dtao);

  // One query, two ways: the view function and the runtime API method of the same name.
  const viaView = await api.view.DynamicTao.subnet_info(1);
  const viaApi = await api.apis.DynamicTaoApi.subnet_info(1);
  assert.ok(viaView, 'subnet 1 exists');
  assert.deepEqual(viaView, viaApi);
  assert.equal(viaView.netuid, 1);
  assert.deepEqual(
    await api.view.DynamicTao.quote_add_stake(1, 10n * TAO),
    await api.apis.DynamicTaoApi.quote_add_stake(1, 10n * TAO),
  );

  // A signed add_stake, and its event decoded with the generated types.
  const keyring = new Keyring({ type: 'sr25519' });
  const ferdie = keyring.addFromUri('//Ferdie');
  const hotkey = keyring.addFromUri('//Alice//stash').address;
  const signer = getPolkadotSigner(ferdie.publicKey, 'Sr25519', (data) => ferdie.sign(data));
  const result = await api.tx.DynamicTao.add_stake({ hotkey, netuid: 1, amount_tao: 10n * TAO })
    .signAndSubmit(signer);
  assert.ok(result.ok, `dispatch: ${JSON.stringify(result.dispatchError)}`);
  const [event] = api.event.DynamicTao.StakeAdded.filter(result.events);
  assert.ok(event, 'StakeAdded is reported');
  const added = event.payload;
  assert.equal(added.coldkey, ferdie.address);
  assert.equal(added.hotkey, hotkey);
  assert.equal(added.netuid, 1);
  assert.equal(added.tao_in, 10n * TAO);
  assert.ok(added.alpha_out > 0n && added.fee > 0n, `${added.alpha_out} alpha, fee ${added.fee}`);
  // The position, through the view function: what was bought, less at most a unit of share
  // rounding (docs/mechanism.md §4).
  const infos = await api.view.DynamicTao.stake_info(ferdie.address);
  const position = infos.find((i) => i.netuid === 1 && i.hotkey === hotkey);
  assert.ok(position, 'the position is listed');
  assert.ok(position.alpha <= added.alpha_out && added.alpha_out - position.alpha <= 1n);
});
