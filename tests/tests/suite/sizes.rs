//! Code size is money (storage deposit per byte): every contract's optimised Wasm must stay
//! within its budget.

use ddc_tests::CODE_SIZE_BUDGETS;

#[test]
fn every_contract_fits_its_code_size_budget() {
    for (bundle, name, budget) in CODE_SIZE_BUDGETS {
        let size = bundle.bundle().expect("bundle").wasm.len();
        assert!(
            size <= *budget,
            "{name}: {size} bytes of Wasm, budget {budget}"
        );
    }
}
