//! The eval/apply helpers: `apply_n(f, a1 … an)` (tail convention, everything owned) calls a
//! function value whose arity is only known at run time.
//!
//! - a CLOSURE of arity `n`: tail-calls its code with `(f, a1 … an)`;
//! - of arity above `n`: a PAP holding `f` and the arguments;
//! - of arity `k` below `n`: calls the code with the first `k` arguments, then tail-applies
//!   the result to the rest;
//! - a PAP holding `h` arguments of a closure: takes a reference to the closure and to each held
//!   argument, releases the PAP, and tail-calls `apply_(h+n)` on the closure (in two steps
//!   when `h + n` is beyond the last helper);
//! - anything else: `mote_rt_apply_fail`.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, Value};
use cranelift_frontend::Switch;
use cranelift_module::Module;

use super::lower::{FunctionTranslator, UNREACHABLE};
use super::module::{MAX_APPLY, tail_signature};
use super::value::{kind, offset};

/// Lowers the body of `apply_n` into `t` (whose signature takes `n + 1` words).
pub(super) fn lower_apply<M: Module>(t: &mut FunctionTranslator<'_, '_, '_, M>, n: usize) {
    let params = t.entry_block_params();
    t.count_reduction();
    let (f, args) = (params[0], params[1..].to_vec());

    let object = t.b.create_block();
    let closure = t.b.create_block();
    let exact = t.b.create_block();
    let inexact = t.b.create_block();
    let partial = t.b.create_block();
    let over = t.b.create_block();
    let not_closure = t.b.create_block();
    let pap = t.b.create_block();
    let fail = t.b.create_block();
    t.b.set_cold_block(fail);

    let is_ptr = t.is_pointer(f);
    t.b.ins().brif(is_ptr, object, &[], fail, &[]);

    t.b.switch_to_block(object);
    let header = t.load(f, 0);
    let shifted = t.b.ins().ushr_imm_s(header, 32);
    let object_kind = t.b.ins().band_imm_s(shifted, 0xff);
    let is_closure = t.b.ins().icmp_imm_s(IntCC::Equal, object_kind, i64::from(kind::CLOSURE));
    t.b.ins().brif(is_closure, closure, &[], not_closure, &[]);

    t.b.switch_to_block(closure);
    let arity = t.load(f, offset::ARITY);
    let is_exact = t.b.ins().icmp_imm_s(IntCC::Equal, arity, n as i64);
    t.b.ins().brif(is_exact, exact, &[], inexact, &[]);

    // The hot path: a known-arity call through the code pointer.
    t.b.switch_to_block(exact);
    let code = t.load(f, offset::CODE);
    let sig = t.b.import_signature(tail_signature(n + 1));
    t.b.ins().return_call_indirect(sig, code, &params);

    t.b.switch_to_block(inexact);
    let more_params = t.b.ins().icmp_imm_s(IntCC::UnsignedGreaterThan, arity, n as i64);
    t.b.ins().brif(more_params, partial, &[], over, &[]);

    // Too few arguments: a PAP takes over the reference to `f` and the arguments.
    t.b.switch_to_block(partial);
    let held = u16::try_from(n).expect("MAX_APPLY fits in aux");
    let p = t.alloc_object(kind::PAP, held, &params);
    t.b.ins().return_(&[p]);

    // Too many: call with the first `k`, apply the result to the rest.
    t.b.switch_to_block(over);
    let mut by_arity = Switch::new();
    let mut calls = Vec::new();
    for k in 1..n {
        let block = t.b.create_block();
        by_arity.set_entry(k as u128, block);
        calls.push((k, block));
    }
    by_arity.emit(&mut t.b, arity, fail);
    for (k, block) in calls {
        t.b.switch_to_block(block);
        let code = t.load(f, offset::CODE);
        let sig = t.b.import_signature(tail_signature(k + 1));
        let call = t.b.ins().call_indirect(sig, code, &params[..=k]);
        let r = t.b.inst_results(call)[0];
        let rest: Vec<Value> = std::iter::once(r).chain(args[k..].iter().copied()).collect();
        let next = t.cx.apply[n - k - 1];
        t.return_call(next, &rest);
    }

    t.b.switch_to_block(not_closure);
    let is_pap = t.b.ins().icmp_imm_s(IntCC::Equal, object_kind, i64::from(kind::PAP));
    t.b.ins().brif(is_pap, pap, &[], fail, &[]);

    t.b.switch_to_block(pap);
    let held_count = t.b.ins().ushr_imm_s(header, 48);
    let mut by_held = Switch::new();
    let mut unpacks = Vec::new();
    for h in 1..MAX_APPLY {
        let block = t.b.create_block();
        by_held.set_entry(h as u128, block);
        unpacks.push((h, block));
    }
    by_held.emit(&mut t.b, held_count, fail);
    for (h, block) in unpacks {
        t.b.switch_to_block(block);
        let inner = t.load(f, offset::PAP_CLOSURE);
        t.dup(inner);
        let mut all = vec![inner];
        for i in 0..h {
            let v = t.load(f, offset::HELD + 8 * i as i32);
            t.dup(v);
            all.push(v);
        }
        t.drop_value(f);
        all.extend(args.iter().copied());
        let total = h + n;
        if total <= MAX_APPLY {
            let helper = t.cx.apply[total - 1];
            t.return_call(helper, &all);
        } else {
            // all = [closure, h held, n new]; apply the first MAX_APPLY arguments, then the rest.
            let first = t.cx.apply[MAX_APPLY - 1];
            let r = t.call_function(first, &all[..=MAX_APPLY]);
            let rest: Vec<Value> = std::iter::once(r).chain(all[MAX_APPLY + 1..].iter().copied()).collect();
            let helper = t.cx.apply[rest.len() - 2];
            t.return_call(helper, &rest);
        }
    }

    t.b.switch_to_block(fail);
    t.call_runtime("mote_rt_apply_fail", &[f], false);
    t.b.ins().trap(UNREACHABLE);
}
