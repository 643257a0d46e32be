//! Derived `Show` instances, written out in Core: a constructor's fields are shown with their
//! own types' `Show` instances (a field of a type with a hand-written instance prints as that
//! instance says), in the Prelude's format: `Just (Circle 1.0)`. Derived `Eq` and `Ord` are
//! structural, which no instance can change, so they use the runtime's generic implementations.

use std::collections::HashMap;
use std::sync::Arc;

use super::{InstanceImpl, Lowering, Top};
use crate::core::ir::{CtorId, Lit, Prim, Test, Var};
use crate::core::term::Term;
use crate::types::ty::Type;

const SHOW: &str = "Prelude.Show";

impl<'db> Lowering<'db> {
    /// Declares module `m`'s derived `Show` instances as written ones with one method,
    /// `showPrec` (the class default gives `show`).
    pub(super) fn declare_derived_show(&mut self, m: usize) {
        let facts = &self.modules[m];
        let types = facts.types;
        for derived in &facts.declared.derived {
            let instance = &types.instances[derived.instance];
            if &*instance.class != SHOW {
                continue;
            }
            let context = instance.context.len();
            let base = format!("{}.Show.derived", instance.head);
            let dict = self.new_dictionary(base.clone(), context);
            let show_prec = self.new_function(format!("{base}.showPrec"), context + 2);
            let methods = HashMap::from([("showPrec".to_string(), Top::Fun(show_prec))]);
            self.instances.insert(
                (instance.class.clone(), instance.head.clone()),
                InstanceImpl::Written { dict, methods, context },
            );
        }
    }

    /// Defines module `m`'s derived `Show` instances.
    pub(super) fn define_derived_show(&mut self, m: usize) {
        let facts = &self.modules[m];
        let types = facts.types;
        for derived in &facts.declared.derived {
            let instance = types.instances[derived.instance].clone();
            if &*instance.class != SHOW {
                continue;
            }
            let key = (instance.class.clone(), instance.head.clone());
            let Some(InstanceImpl::Written { dict, methods, context }) = self.instances.get(&key).cloned() else {
                continue;
            };
            let Some(Top::Fun(show_prec)) = methods.get("showPrec").cloned() else { continue };
            // Which context dictionary serves each type parameter.
            let mut param_dicts: HashMap<u32, usize> = HashMap::new();
            for (i, c) in instance.context.iter().enumerate() {
                if let Type::Bound(k) = c.ty {
                    param_dicts.insert(k, i);
                }
            }
            let ctx: Vec<Var> = (0..context).map(|_| self.fresh.var()).collect();
            let (d, v) = (self.fresh.var(), self.fresh.var());
            let ctors = self.type_ctors.get(&instance.head).cloned().unwrap_or_default();
            let mut arms = Vec::new();
            for c in ctors {
                let fields = self.ctor_fields(types, c);
                let arm = self.show_constructor(c, &fields, &ctx, &param_dicts, d, v);
                arms.push((Test::Ctor(c), arm));
            }
            let body = Term::Switch(v, arms, None);
            self.define_function(show_prec, ctx.iter().copied().chain([d, v]).collect(), body);
            // The dictionary: `show` from the class default, `showPrec` the function above.
            let Some(class) = self.classes.get(SHOW).cloned() else { continue };
            let ctx2: Vec<Var> = (0..context).map(|_| self.fresh.var()).collect();
            self.define_dictionary(&dict, &class, &methods, Vec::new(), ctx2);
        }
    }

    /// The field types of constructor `c` (over the type's parameters, `Bound(i)`).
    fn ctor_fields(&self, types: &crate::types::env::ModuleTypes, c: CtorId) -> Vec<Type> {
        let name = &self.constructors[c.0 as usize].name;
        let Some(def) = types.constructors.get(&**name) else { return Vec::new() };
        let mut fields = Vec::new();
        let mut t = &def.scheme.ty;
        while let Type::Fun(a, b) = t {
            fields.push((**a).clone());
            t = b;
        }
        fields
    }

    /// One arm of `showPrec d v`: the constructor's name and its fields at precedence 11,
    /// parenthesised when `d > 10` and there are fields.
    fn show_constructor(
        &mut self,
        c: CtorId,
        fields: &[Type],
        ctx: &[Var],
        param_dicts: &HashMap<u32, usize>,
        d: Var,
        v: Var,
    ) -> Term {
        let name = self.constructors[c.0 as usize].name.clone();
        let shown = if name.starts_with(|ch: char| ch.is_alphabetic() || ch == '_') {
            name.to_string()
        } else {
            format!("({name})")
        };
        if fields.is_empty() {
            return Term::Lit(Lit::String(shown.into()));
        }
        let append = |a: Term, b: Term| Term::Prim(Prim::Foreign("stringAppend".into()), vec![a, b]);
        let show_prec_field = self.show_prec_field();
        let mut text = Term::Lit(Lit::String(shown.into()));
        let mut binds = Vec::new();
        for (i, ty) in fields.iter().enumerate() {
            let f = self.fresh.var();
            binds.push((f, Term::Field(v, i as u32)));
            let dict = self.show_dict(ty, ctx, param_dicts);
            let dv = self.fresh.var();
            let part = Term::let_(
                dv,
                dict,
                Term::app(Term::Field(dv, show_prec_field), vec![Term::Lit(Lit::Int(11.into())), Term::Var(f)]),
            );
            text = append(append(text, Term::Lit(Lit::String(" ".into()))), part);
        }
        let t = self.fresh.var();
        let paren = self.fresh.var();
        let wrapped =
            append(append(Term::Lit(Lit::String("(".into())), Term::Var(t)), Term::Lit(Lit::String(")".into())));
        let body = Term::let_(
            t,
            text,
            Term::let_(
                paren,
                Term::Prim(Prim::Foreign("intGt".into()), vec![Term::Var(d), Term::Lit(Lit::Int(10.into()))]),
                Term::Switch(paren, vec![(Test::Ctor(CtorId::TRUE), wrapped)], Some(Box::new(Term::Var(t)))),
            ),
        );
        binds.into_iter().rev().fold(body, |acc, (f, get)| Term::let_(f, get, acc))
    }

    /// The field of `showPrec` in a `Show` dictionary.
    fn show_prec_field(&self) -> u32 {
        self.classes.get(SHOW).map_or(1, |c| {
            c.info.superclasses.len() as u32 + c.methods.iter().position(|(m, _)| m == "showPrec").unwrap_or(1) as u32
        })
    }

    /// The `Show` dictionary of a field's type.
    fn show_dict(&mut self, ty: &Type, ctx: &[Var], param_dicts: &HashMap<u32, usize>) -> Term {
        self.dict_at(SHOW, ty, ctx, param_dicts)
    }

    /// The dictionary of `class` at `ty`, from the instances and the derived instance's context.
    fn dict_at(&mut self, class: &str, ty: &Type, ctx: &[Var], param_dicts: &HashMap<u32, usize>) -> Term {
        if let Type::Bound(k) = ty {
            return match param_dicts.get(k).and_then(|&i| ctx.get(i)) {
                Some(v) => Term::Var(*v),
                None => Term::Global(self.generic_dict(class)),
            };
        }
        let (head, args) = ty.spine();
        let Type::Con(name) = head else { return Term::Global(self.generic_dict(class)) };
        let key: (Arc<str>, Arc<str>) = (class.into(), name.clone());
        match self.instances.get(&key).cloned() {
            Some(InstanceImpl::Written { dict: Top::Global(g), .. }) => Term::Global(g),
            Some(InstanceImpl::Written { dict: Top::Fun(f), .. }) => {
                let context = self.instance_contexts.get(&key).cloned().unwrap_or_default();
                let dicts = context
                    .iter()
                    .map(|(c, k)| match args.get(*k as usize) {
                        Some(arg) => self.dict_at(c, arg, ctx, param_dicts),
                        None => Term::Global(self.generic_dict(c)),
                    })
                    .collect();
                Term::app(Term::Fun(f), dicts)
            }
            _ => Term::Global(self.generic_dict(class)),
        }
    }
}
