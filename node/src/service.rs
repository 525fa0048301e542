//! The node service: client, transaction pool, network, RPC and the sealing loop.

use std::{sync::Arc, time::Duration};

use dtao_runtime::{apis::RuntimeApi, opaque::Block, Hash};
use futures::{channel::mpsc, FutureExt, StreamExt};
use sc_client_api::Backend;
use sc_consensus_manual_seal::EngineCommand;
use sc_executor::WasmExecutor;
use sc_service::{error::Error as ServiceError, Configuration, TaskManager};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::{OffchainTransactionPoolFactory, TransactionPool};
use sp_runtime::traits::Block as BlockT;

use crate::cli::Consensus;

type HostFunctions = sp_io::SubstrateHostFunctions;

/// The full client: runtime executed from its on-chain Wasm.
pub type FullClient = sc_service::TFullClient<Block, RuntimeApi, WasmExecutor<HostFunctions>>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type FullPool = sc_transaction_pool::TransactionPoolHandle<Block, FullClient>;

/// The parts that the chain-operation subcommands need (no network, no sealing).
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	sc_transaction_pool::TransactionPoolHandle<Block, FullClient>,
	Option<Telemetry>,
>;

/// Builds the client, backend, import queue and transaction pool.
pub fn new_partial(config: &Configuration) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|x| !x.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor::<HostFunctions>(&config.executor);
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			// No pruning filters: every block's state is kept per the `--state-pruning` setting.
			Vec::new(),
		)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let import_queue = sc_consensus_manual_seal::import_queue(
		Box::new(client.clone()),
		&task_manager.spawn_essential_handle(),
		config.prometheus_registry(),
	);

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: telemetry,
	})
}

/// Builds and starts the full node.
pub fn new_full<Network: sc_network::NetworkBackend<Block, <Block as BlockT>::Hash>>(
	config: Configuration,
	consensus: Consensus,
) -> Result<TaskManager, ServiceError> {
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: mut telemetry,
	} = new_partial(&config)?;

	let net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as BlockT>::Hash,
		Network,
	>::new(
		&config.network,
		config.prometheus_config.as_ref().map(|cfg| cfg.registry.clone()),
	);
	let metrics = Network::register_notification_metrics(
		config.prometheus_config.as_ref().map(|cfg| &cfg.registry),
	);

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: None,
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	if config.offchain_worker.enabled {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				is_validator: config.role.is_authority(),
				keystore: Some(keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				enable_http_requests: true,
				custom_extensions: |_| vec![],
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	// Sealing commands come from the RPC (`engine_createBlock`) and from the chosen trigger.
	let (command_sink, rpc_commands) = mpsc::channel::<EngineCommand<Hash>>(1024);

	let rpc_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		Box::new(move |_| {
			let deps = crate::rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				command_sink: command_sink.clone(),
			};
			crate::rpc::create_full(deps).map_err(Into::into)
		})
	};

	let prometheus_registry = config.prometheus_registry().cloned();
	let is_authority = config.role.is_authority();

	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network,
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service,
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if !is_authority {
		return Ok(task_manager);
	}

	let proposer = sc_basic_authorship::ProposerFactory::new(
		task_manager.spawn_handle(),
		client.clone(),
		transaction_pool.clone(),
		prometheus_registry.as_ref(),
		telemetry.as_ref().map(|x| x.handle()),
	);

	// Blocks are sealed unfinalized and finalized by `finalize_seen_blocks` once the pool has
	// seen them: sealing with `finalize: true` announces the finality before the import, and the
	// pool then reports a transaction `Finalized` without `InBlock` first (docs/running.md).
	let seal = |create_empty| EngineCommand::SealNewBlock {
		create_empty,
		finalize: false,
		parent_hash: None,
		sender: None,
	};
	// One block first in every mode: it starts the fork-aware pool's first view, so the first
	// transaction submitted is not parked until some other block arrives.
	let first = futures::stream::once(futures::future::ready(seal(true)));
	let trigger: futures::stream::BoxStream<'static, EngineCommand<Hash>> = match consensus {
		Consensus::InstantSeal => {
			transaction_pool.import_notification_stream().map(move |_| seal(false)).boxed()
		},
		Consensus::ManualSeal(0) => futures::stream::pending().boxed(),
		Consensus::ManualSeal(ms) => {
			let period = Duration::from_millis(ms);
			futures::stream::unfold((), move |()| async move {
				delay(period).await;
				Some((seal(true), ()))
			})
			.boxed()
		},
	};
	// `engine_createBlock` seals unfinalized too. With `finalize: true` its reply waits until the
	// block is final (as the flag promises), finalized the same way after the pool has seen it.
	let rpc_commands = {
		let (client, pool, spawner) =
			(client.clone(), transaction_pool.clone(), task_manager.spawn_handle());
		rpc_commands.map(move |command| match command {
			EngineCommand::SealNewBlock { create_empty, finalize, parent_hash, sender } => {
				let sender = match (finalize, sender) {
					(true, Some(reply)) => {
						let (sealed, on_sealed) = futures::channel::oneshot::channel::<
							Result<
								sc_consensus_manual_seal::CreatedBlock<Hash>,
								sc_consensus_manual_seal::Error,
							>,
						>();
						let (client, pool) = (client.clone(), pool.clone());
						spawner.spawn("dev-finalize-on-request", None, async move {
							let Ok(result) = on_sealed.await else { return };
							if let Ok(created) = &result {
								finalize_when_seen(&client, &pool, created.hash).await;
							}
							let _ = reply.send(result);
						});
						Some(sealed)
					},
					(_, sender) => sender,
				};
				EngineCommand::SealNewBlock { create_empty, finalize: false, parent_hash, sender }
			},
			other => other,
		})
	};
	let commands_stream = futures::stream::select(first.chain(trigger), rpc_commands);
	task_manager.spawn_essential_handle().spawn(
		"dev-finality",
		None,
		finalize_seen_blocks(client.clone(), transaction_pool.clone()),
	);

	let authorship =
		sc_consensus_manual_seal::run_manual_seal(sc_consensus_manual_seal::ManualSealParams {
			block_import: client.clone(),
			env: proposer,
			client,
			pool: transaction_pool,
			select_chain,
			commands_stream,
			consensus_data_provider: None,
			create_inherent_data_providers: move |_, ()| async move {
				Ok(sp_timestamp::InherentDataProvider::from_system_time())
			},
		});
	task_manager.spawn_essential_handle().spawn_blocking("manual-seal", None, authorship);

	Ok(task_manager)
}

/// How long after the pool has seen a block it is finalized (see `finalize_seen_blocks`).
const FINALITY_LAG: Duration = Duration::from_millis(100);

/// Finalizes every new best block once the transaction pool has seen it
/// ([`finalize_when_seen`]). The dev chain has one author and no finality gadget: every block it
/// seals is final.
async fn finalize_seen_blocks(client: Arc<FullClient>, pool: Arc<FullPool>) {
	use sc_client_api::BlockchainEvents;
	let mut imports = client.import_notification_stream();
	while let Some(imported) = imports.next().await {
		if imported.is_new_best {
			finalize_when_seen(&client, &pool, imported.hash).await;
		}
	}
}

/// Finalizes `hash` once the transaction pool has processed its import, so that the pool
/// reports `InBlock` before `Finalized` for the block's transactions. Sealing with
/// `finalize: true` announces the finality before the import, and the pool then reports
/// `Finalized` alone (docs/running.md).
async fn finalize_when_seen(client: &FullClient, pool: &FullPool, hash: Hash) {
	use sc_client_api::{Finalizer, HeaderBackend};
	// Resolves once the pool's view at this block exists (its maintenance ran and sent the
	// block's transactions `InBlock`); the timeout only guards against a stalled pool. The
	// pool's listener forwards `InBlock` from another task, and a `Finalized` that overtakes it
	// ends the subscription first, so finality also waits a moment.
	let _ = pool.ready_at_with_timeout(hash, Duration::from_secs(2)).await;
	delay(FINALITY_LAG).await;
	if client.info().finalized_hash == hash {
		return;
	}
	if let Err(e) = client.finalize_block(hash, None, true) {
		log::warn!(target: "dtao", "could not finalize {hash}: {e}");
	}
}

/// A timer on the tokio runtime that sc-cli runs the node in.
async fn delay(period: Duration) {
	tokio::time::sleep(period).await
}
