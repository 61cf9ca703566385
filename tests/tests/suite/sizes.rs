//! Code size is money (storage deposit per byte): every contract's optimised Wasm must stay
//! within its ceiling (its goal, or a ratchet while it is over the goal).

use ddc_tests::CODE_SIZES;

#[test]
fn every_contract_stays_within_its_code_size_ceiling() {
    for size in CODE_SIZES {
        let wasm = size.bundle.bundle().expect("bundle").wasm.len();
        assert!(
            wasm <= size.ceiling,
            "{}: {wasm} bytes of Wasm, ceiling {} (goal {})",
            size.name,
            size.ceiling,
            size.goal
        );
    }
}
