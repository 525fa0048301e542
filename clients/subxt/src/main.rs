//! `dtao-subxt-check`: the subxt typed client against a running dev node.
//!
//! The types come from the committed metadata of the dev runtime (the same file polkadot-api is
//! typed from), so a runtime whose metadata drifted from it fails here: subxt checks each call,
//! runtime API and view function it uses against the node's metadata before using it.
//!
//! What it checks, mirroring e2e/tests/papi.test.js:
//! 1. `DynamicTao::subnet_info(1)` and `quote_add_stake(1, 10 TAO)` give the same answer as a
//!    view function and as the `DynamicTaoApi` runtime API method of the same name;
//!    `DynamicTaoApi::block_emission` answers.
//! 2. Alice signs `DynamicTao::add_stake(//Alice//stash, 1, 10 TAO)` (subnet 1 and its hotkey
//!    are in the dev genesis); its typed `StakeAdded` event reports what was paid and bought.
//! 3. The `stake_info` view function lists the position: what was bought, less at most a unit
//!    of share rounding (docs/mechanism.md §4).
//!
//! The node: `DTAO_WS` (default ws://127.0.0.1:9944). Exits non-zero on the first failure.

use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use subxt::client::{ClientAtBlock, OnlineClientAtBlockImpl};
use subxt::ext::codec::{Decode, Encode};
use subxt::ext::frame_decode::view_functions::decode_view_function_response;
use subxt::ext::scale_decode::IntoVisitor;
use subxt::utils::AccountId32;
use subxt::view_functions::Payload;
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::{dev, Keypair};
use subxt_signer::SecretUri;

#[subxt::subxt(runtime_metadata_path = "../../e2e/.papi/metadata/dtao.scale")]
mod dtao {}

use dtao::{
	dynamic_tao::events::StakeAdded,
	runtime_types::pallet_dynamic_tao::{
		types::NetUid,
		units::{AlphaBalance, TaoBalance},
	},
};

const TAO: u64 = 1_000_000_000;
const NETUID: NetUid = NetUid(1);

type Error = Box<dyn std::error::Error>;
type AtBlock = ClientAtBlock<PolkadotConfig, OnlineClientAtBlockImpl<PolkadotConfig>>;

macro_rules! ensure {
	($cond:expr, $($msg:tt)+) => {
		if !$cond {
			return Err(format!($($msg)+).into());
		}
	};
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
	let url = std::env::var("DTAO_WS").unwrap_or_else(|_| "ws://127.0.0.1:9944".into());
	// Never hang a script: a node that stops answering fails the check.
	let run = tokio::time::timeout(Duration::from_secs(120), check(&url));
	match run.await.unwrap_or_else(|_| Err("no answer within 120 s".into())) {
		Ok(()) => {
			println!("subxt: all checks passed against {url}");
			ExitCode::SUCCESS
		},
		Err(e) => {
			eprintln!("subxt check failed against {url}: {e}");
			ExitCode::FAILURE
		},
	}
}

async fn check(url: &str) -> Result<(), Error> {
	// A dev node: plain ws:// is fine wherever it runs.
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(url).await?;
	let at = api.at_current_block().await?;
	println!("connected: block #{}, spec_version {}", at.block_number(), at.spec_version());

	// 1. One query, two ways: the view function and the runtime API method of the same name.
	let via_view = view(&at, dtao::view_functions().dynamic_tao().subnet_info(NETUID)).await?;
	let via_api =
		at.runtime_apis().call(dtao::runtime_apis().dynamic_tao_api().subnet_info(NETUID)).await?;
	let info = via_view.as_ref().ok_or("subnet 1 does not exist")?;
	ensure!(info.netuid.0 == NETUID.0, "subnet_info(1) is of subnet {}", info.netuid.0);
	ensure!(
		format!("{via_view:?}") == format!("{via_api:?}"),
		"view function and runtime API disagree:\n{via_view:?}\n{via_api:?}"
	);
	println!(
		"subnet_info(1): tao_reserve {} alpha_in {} spot_price {} (view function = runtime API)",
		info.tao_reserve.0, info.alpha_in.0, info.spot_price.0
	);
	let quote_view =
		view(&at, dtao::view_functions().dynamic_tao().quote_add_stake(NETUID, TaoBalance(10 * TAO))).await?;
	let quote_api = at
		.runtime_apis()
		.call(dtao::runtime_apis().dynamic_tao_api().quote_add_stake(NETUID, TaoBalance(10 * TAO)))
		.await?;
	ensure!(
		format!("{quote_view:?}") == format!("{quote_api:?}"),
		"quote_add_stake: view function and runtime API disagree:\n{quote_view:?}\n{quote_api:?}"
	);
	let quote = quote_view.ok_or("no quote for 10 TAO on subnet 1")?;
	println!("quote_add_stake(1, 10 TAO): {} alpha, fee {}", quote.amount_out.0, quote.fee.0);
	let emission =
		at.runtime_apis().call(dtao::runtime_apis().dynamic_tao_api().block_emission()).await?;
	println!("block_emission: {} rao", emission.0);

	// 2. A signed add_stake, and its event decoded with the generated types.
	let alice = dev::alice();
	let coldkey: AccountId32 = alice.public_key().to_account_id();
	let hotkey: AccountId32 =
		Keypair::from_uri(&SecretUri::from_str("//Alice//stash")?)?.public_key().to_account_id();
	let position = |infos: Vec<
		dtao::runtime_types::pallet_dynamic_tao::runtime_api::StakeInfo<AccountId32>,
	>| {
		infos.into_iter().find(|i| i.netuid.0 == NETUID.0 && i.hotkey == hotkey).map(|i| i.alpha.0)
	};
	let before =
		position(view(&at, dtao::view_functions().dynamic_tao().stake_info(coldkey)).await?)
			.unwrap_or(0);

	let tx = dtao::transactions().dynamic_tao().add_stake(hotkey, NETUID, TaoBalance(10 * TAO));
	let mut progress = at.transactions().sign_and_submit_then_watch_default(&tx, &alice).await?;
	// The dev node seals (and reports) the block at once; do not wait for finality.
	let (block, events) = loop {
		match progress.next().await.ok_or("the transaction's status stream ended")?? {
			subxt::transactions::TransactionStatus::InBestBlock(b)
			| subxt::transactions::TransactionStatus::InFinalizedBlock(b) => {
				break (b.block_hash(), b.wait_for_success().await?)
			},
			subxt::transactions::TransactionStatus::Error { message }
			| subxt::transactions::TransactionStatus::Invalid { message }
			| subxt::transactions::TransactionStatus::Dropped { message } => {
				return Err(format!("transaction failed: {message}").into())
			},
			_ => continue,
		}
	};
	let added: StakeAdded = events.find_first::<StakeAdded>().ok_or("no StakeAdded event")??;
	ensure!(added.coldkey == coldkey, "StakeAdded.coldkey is {}", added.coldkey);
	ensure!(added.hotkey == hotkey, "StakeAdded.hotkey is {}", added.hotkey);
	ensure!(added.netuid.0 == NETUID.0, "StakeAdded.netuid is {}", added.netuid.0);
	let TaoBalance(tao_in) = added.tao_in;
	let AlphaBalance(alpha_out) = added.alpha_out;
	let TaoBalance(fee) = added.fee;
	ensure!(tao_in == 10 * TAO, "StakeAdded.tao_in is {tao_in}");
	ensure!(alpha_out > 0 && fee > 0, "{alpha_out} alpha, fee {fee}");
	println!(
		"add_stake in block {:?}: StakeAdded {{ tao_in: {}, alpha_out: {}, fee: {}, avg_price: {} }}",
		block, tao_in, alpha_out, fee, added.avg_price.0
	);

	// 3. The position, through the view function at the latest block: what was bought, less at
	//    most a unit of share rounding. On a chain where Alice already held stake there (a
	//    second run), emission may have added to it since, so only the lower bound holds.
	let after_block = api.at_current_block().await?;
	let after = position(
		view(&after_block, dtao::view_functions().dynamic_tao().stake_info(coldkey)).await?,
	)
	.ok_or("the position is not listed")?;
	let gained = after.saturating_sub(before);
	ensure!(gained + 1 >= alpha_out, "position grew by {gained}, bought {alpha_out}");
	ensure!(before > 0 || gained <= alpha_out, "position is {gained}, bought {alpha_out}");
	println!("stake_info(Alice): {after} alpha on (//Alice//stash, 1), was {before}");
	Ok(())
}

/// Calls a pallet view function through its typed payload, as `at.view_functions().call(..)`
/// should. subxt 0.50.2 (frame-decode 0.17.2; 0.51.1 and frame-decode 0.18.1 too) sends the
/// arguments of `RuntimeViewFunction_execute_view_function(id, input: Vec<u8>)` without the
/// `Vec`'s length prefix and decodes the answer without its `Result<Vec<u8>, _>` wrapper: the
/// runtime traps, and over chainHead the call then hangs. Here subxt still checks the payload
/// against the node's metadata and encodes and decodes the typed values; only the two wrappers
/// are added and removed by hand.
async fn view<P: Payload>(at: &AtBlock, payload: P) -> Result<P::ReturnType, Error> {
	let functions = at.view_functions();
	functions.validate(&payload)?;
	// The 32-byte view function id, then the SCALE-encoded arguments.
	let encoded = functions.encode_args(&payload)?;
	let (id, args) = encoded.split_at(32);
	let mut params = id.to_vec();
	args.to_vec().encode_to(&mut params);
	let answer = functions.call_raw(Some(&params)).await?;
	let output = match answer.split_first() {
		Some((0, rest)) => Vec::<u8>::decode(&mut &rest[..])?,
		_ => {
			return Err(format!(
				"view function {} failed: 0x{}",
				payload.function_name(),
				hex(&answer)
			)
			.into())
		},
	};
	let metadata = at.metadata_ref();
	decode_view_function_response(
		payload.pallet_name(),
		payload.function_name(),
		&mut &output[..],
		metadata,
		metadata.types(),
		P::ReturnType::into_visitor(),
	)
	.map_err(|e| format!("decoding {}: {e:?}", payload.function_name()).into())
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}
