//! Code size is money (storage deposit per byte): every contract's optimised Wasm must stay
//! within its goal.

use ddc_tests::CODE_SIZES;

#[test]
fn every_contract_stays_within_its_code_size_goal() {
    for size in CODE_SIZES {
        let wasm = size.bundle.bundle().expect("bundle").wasm.len();
        assert!(
            wasm <= size.goal,
            "{}: {wasm} bytes of Wasm, goal {}",
            size.name,
            size.goal
        );
    }
}
