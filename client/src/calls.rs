//! Call data from the contracts' own call builders: `CreditRef::new(...)` for
//! a constructor, `contract::<Credit>(address).transfer(...)` for a message.
//! The message, its arguments and its return type come from the contract
//! crate itself: no string labels, no hand-written selectors.

use ink::{
    codegen::ContractCallBuilder,
    env::{
        call::{
            utils::{ReturnType, Set, Unset},
            Call, CallBuilder, CreateBuilder, ExecutionInput, FromAccountId, LimitParamsV2,
        },
        DefaultEnvironment,
    },
    primitives::{AccountId, Hash},
};
use parity_scale_codec::Encode;

/// A message ready to send: the contract's call builder with callee, input and
/// return type set, as the contract's own call builder methods return it.
pub type Message<Args, R> =
    CallBuilder<DefaultEnvironment, Set<Call<DefaultEnvironment>>, Set<ExecutionInput<Args>>, Set<ReturnType<R>>>;

/// A constructor call, as the contract's `...Ref::new(...)` returns it.
pub type Constructor<C, Args, R> = CreateBuilder<
    DefaultEnvironment,
    C,
    Unset<Hash>,
    Set<LimitParamsV2<DefaultEnvironment>>,
    Unset<u128>,
    Set<ExecutionInput<Args>>,
    Unset<ink::env::call::state::Salt>,
    Set<ReturnType<R>>,
>;

/// The call builder of contract `C` (its storage type, e.g. `credit::credit::Credit`)
/// at `address`: its methods return [`Message`]s.
pub fn contract<C>(address: AccountId) -> <C as ContractCallBuilder>::Type
where
    C: ContractCallBuilder,
    <C as ContractCallBuilder>::Type: FromAccountId<DefaultEnvironment>,
{
    <<C as ContractCallBuilder>::Type as FromAccountId<DefaultEnvironment>>::from_account_id(address)
}

/// The call data (selector and SCALE-encoded arguments) of a constructor.
pub fn constructor_data<C, Args: Encode, R>(constructor: Constructor<C, Args, R>) -> Vec<u8> {
    constructor
        .code_hash(Hash::from([0; 32]))
        .endowment(0)
        .salt_bytes(Vec::<u8>::new())
        .params()
        .exec_input()
        .encode()
}

/// The callee and call data (selector and SCALE-encoded arguments) of a message.
pub fn message_data<Args: Encode, R>(message: Message<Args, R>) -> (AccountId, Vec<u8>) {
    let params = message.params();
    (*params.callee(), params.exec_input().encode())
}
