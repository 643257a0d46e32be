//! Type classes by dictionary passing: a dictionary is a tuple of the class's superclass
//! dictionaries, then its methods in declaration order. An instance without a context is a
//! global; one with a context is a function of its context's dictionaries. Derived instances
//! and the parts of received messages use the runtime's generic implementations.

use std::collections::HashMap;
use std::sync::Arc;

use super::{InstanceImpl, Lowering, Top};
use crate::core::ir::{CtorId, GlobalId, Lit, Prim, Test, Var};
use crate::core::term::Term;
use crate::resolve::{Def, Namespace};
use crate::syntax::ast::{DeclKind, Equation};
use crate::types::check::Dict;
use crate::types::env::ClassDef;

impl<'db> Lowering<'db> {
    /// Numbers module `m`'s instances, their methods and its classes' defaults.
    pub(super) fn declare_instances(&mut self, m: usize) {
        let facts = &self.modules[m];
        let module = facts.name.clone();
        let declared = facts.declared;
        let types = facts.types;
        let ast = facts.ast;
        let elaboration = facts.elaboration;
        for written in &declared.written_instances {
            let instance = &types.instances[written.instance];
            let Some(class) = self.classes.get(&instance.class).cloned() else { continue };
            let context = instance.context.len();
            let base = format!("{module}.{}.{}", short(&instance.class), short(&instance.head));
            let dict = self.new_dictionary(base.clone(), context);
            let mut methods = HashMap::new();
            let body = ast.decls.iter().find_map(|d| match &d.kind {
                DeclKind::Instance { body, .. } if d.span == written.span => Some(body),
                _ => None,
            });
            for unit in crate::types::bindings::units(body.map(Vec::as_slice).unwrap_or_default(), &HashMap::new()) {
                if !class.methods.iter().any(|(n, _)| n == unit.name) {
                    continue;
                }
                let dicts = elaboration.params.get(&unit.span).map_or(0, Vec::len).max(context);
                let own = dicts - context;
                let arity = context + own + unit.equations[0].0.args.len();
                let name = format!("{base}.{}", unit.name);
                let alias =
                    if arity == 0 && unit.equations.len() == 1 { self.alias_of(m, unit.equations[0].0) } else { None };
                let top = match alias {
                    Some(f) => {
                        self.aliases.insert(unit.span);
                        Top::Fun(f)
                    }
                    None if arity == 0 => Top::Global(self.new_global(name)),
                    None => Top::Fun(self.new_function(name, arity)),
                };
                methods.insert(unit.name.to_string(), top);
            }
            self.instances.insert(
                (instance.class.clone(), instance.head.clone()),
                InstanceImpl::Written { dict, methods, context },
            );
        }
        for derived in &declared.derived {
            let instance = &types.instances[derived.instance];
            self.instances.insert((instance.class.clone(), instance.head.clone()), InstanceImpl::Derived);
        }
        for instance in &types.instances {
            let context = instance
                .context
                .iter()
                .filter_map(|c| match c.ty {
                    crate::types::ty::Type::Bound(k) => Some((c.class.clone(), k)),
                    _ => None,
                })
                .collect();
            self.instance_contexts.insert((instance.class.clone(), instance.head.clone()), context);
        }
        for d in &ast.decls {
            let DeclKind::Class { name, body, .. } = &d.kind else { continue };
            let full: Arc<str> = format!("{module}.{}", name.name).into();
            for unit in crate::types::bindings::units(body, &HashMap::new()) {
                let dicts = elaboration.params.get(&unit.span).map_or(1, Vec::len).max(1);
                let arity = dicts + unit.equations[0].0.args.len();
                let f = self.new_function(format!("{full}.default.{}", unit.name), arity);
                self.defaults.insert((full.clone(), unit.name.to_string()), f);
            }
        }
    }

    /// Lowers module `m`'s instance methods, dictionaries and class defaults.
    pub(super) fn define_instances(&mut self, m: usize) {
        let facts = &self.modules[m];
        let module = facts.name.clone();
        let declared = facts.declared;
        let types = facts.types;
        let ast = facts.ast;
        for written in &declared.written_instances {
            let instance = &types.instances[written.instance];
            let key = (instance.class.clone(), instance.head.clone());
            let Some(InstanceImpl::Written { dict, methods, context }) = self.instances.get(&key).cloned() else {
                continue;
            };
            let Some(class) = self.classes.get(&instance.class).cloned() else { continue };
            let body = ast.decls.iter().find_map(|d| match &d.kind {
                DeclKind::Instance { body, .. } if d.span == written.span => Some(body),
                _ => None,
            });
            for unit in crate::types::bindings::units(body.map(Vec::as_slice).unwrap_or_default(), &HashMap::new()) {
                let Some(top) = methods.get(unit.name).cloned() else { continue };
                if self.aliases.contains(&unit.span) {
                    continue;
                }
                let ctx: Vec<Var> = (0..context).map(|_| self.fresh.var()).collect();
                self.dict_params.insert(written.span, ctx.clone());
                let all = self.modules[m].elaboration.params.get(&unit.span).map_or(0, Vec::len).max(context);
                let own: Vec<Var> = (0..all - context).map(|_| self.fresh.var()).collect();
                self.dict_params.insert(unit.span, own.iter().chain(&ctx).copied().collect());
                let eqs: Vec<&Equation> = unit.equations.iter().map(|(e, _)| *e).collect();
                let (params, body) = self.equations(m, &eqs, ctx.into_iter().chain(own).collect());
                match top {
                    Top::Fun(f) => self.define_function(f, params, body),
                    Top::Global(g) => self.globals[g.0 as usize].1 = body,
                    Top::Method { .. } => {}
                }
            }
            // The dictionary itself.
            let ctx: Vec<Var> = (0..context).map(|_| self.fresh.var()).collect();
            self.dict_params.insert(written.span, ctx.clone());
            let supers = self.modules[m].elaboration.superclasses.get(&written.span).cloned().unwrap_or_default();
            let supers = supers.iter().map(|d| self.dict(d)).collect();
            self.define_dictionary(&dict, &class, &methods, supers, ctx);
        }
        for d in &ast.decls {
            let DeclKind::Class { name, body, .. } = &d.kind else { continue };
            let full: Arc<str> = format!("{module}.{}", name.name).into();
            for unit in crate::types::bindings::units(body, &HashMap::new()) {
                let Some(&f) = self.defaults.get(&(full.clone(), unit.name.to_string())) else { continue };
                let count = self.modules[m].elaboration.params.get(&unit.span).map_or(1, Vec::len).max(1);
                let dicts: Vec<Var> = (0..count).map(|_| self.fresh.var()).collect();
                self.dict_params.insert(unit.span, dicts.clone());
                let eqs: Vec<&Equation> = unit.equations.iter().map(|(e, _)| *e).collect();
                let (params, body) = self.equations(m, &eqs, dicts);
                self.define_function(f, params, body);
            }
        }
    }

    /// The term for a dictionary.
    pub(super) fn dict(&mut self, dict: &Dict) -> Term {
        match dict {
            Dict::Instance { class, head, args } => match self.instances.get(&(class.clone(), head.clone())).cloned() {
                Some(InstanceImpl::Written { dict: Top::Global(g), .. }) => Term::Global(g),
                Some(InstanceImpl::Written { dict: Top::Fun(f), .. }) => {
                    let args = args.iter().map(|d| self.dict(d)).collect();
                    Term::app(Term::Fun(f), args)
                }
                Some(InstanceImpl::Derived) => Term::Global(self.generic(class)),
                _ => self.missing(class),
            },
            Dict::Param { owner, index } => match self.dict_params.get(owner).and_then(|v| v.get(*index as usize)) {
                Some(v) => Term::Var(*v),
                None => self.missing("a dictionary parameter"),
            },
            Dict::Super(inner, index) => {
                let d = self.dict(inner);
                let v = self.fresh.var();
                Term::let_(v, d, Term::Field(v, *index))
            }
            Dict::Dynamic { class } => Term::Global(self.generic(class)),
            Dict::Missing => self.missing("a class"),
        }
    }

    /// A new instance dictionary: a global without a context, else a function of the
    /// context's dictionaries.
    pub(super) fn new_dictionary(&mut self, name: String, context: usize) -> Top {
        if context == 0 {
            let g = self.new_global(name);
            self.dict_globals.push(g);
            Top::Global(g)
        } else {
            Top::Fun(self.new_function(name, context))
        }
    }

    /// Defines the instance dictionary `dict` of `class`: the superclass dictionaries, then
    /// each method: the instance's own (given the context dictionaries `ctx`), else the
    /// class default, which reads the dictionary when called.
    pub(super) fn define_dictionary(
        &mut self,
        dict: &Top,
        class: &ClassDef,
        methods: &HashMap<String, Top>,
        supers: Vec<Term>,
        ctx: Vec<Var>,
    ) {
        let ctx_terms = || ctx.iter().map(|v| Term::Var(*v)).collect::<Vec<_>>();
        let this = match dict {
            Top::Global(g) => Term::Global(*g),
            Top::Fun(f) => Term::app(Term::Fun(*f), ctx_terms()),
            Top::Method { .. } => return,
        };
        let mut slots = supers;
        for (method, _) in &class.methods {
            let slot = match methods.get(method) {
                Some(Top::Fun(f)) => Term::app(Term::Fun(*f), ctx_terms()),
                Some(Top::Global(g)) => Term::Global(*g),
                _ => match self.defaults.get(&(class.info.name.clone(), method.clone())) {
                    Some(&f) => self.default_slot(f, this.clone()),
                    None => self.crash(&format!("`{method}` is not defined for this type")),
                },
            };
            slots.push(slot);
        }
        match dict {
            Top::Global(g) => self.globals[g.0 as usize].1 = Term::Tuple(slots),
            Top::Fun(f) => self.define_function(*f, ctx, Term::Tuple(slots)),
            Top::Method { .. } => {}
        }
    }

    /// A class default in an instance's dictionary: `\args -> default this args`, so that the
    /// dictionary (`this`) is read when the method is called, not while it is being built.
    pub(super) fn default_slot(&mut self, default: crate::core::ir::FunId, this: Term) -> Term {
        let arity = self.callees[default.0 as usize].arity;
        if arity <= 1 {
            return Term::app(Term::Fun(default), vec![this]);
        }
        let params: Vec<Var> = (1..arity).map(|_| self.fresh.var()).collect();
        let args = std::iter::once(this).chain(params.iter().map(|v| Term::Var(*v))).collect();
        Term::Lam(params, Box::new(Term::app(Term::Fun(default), args)))
    }

    fn missing(&self, what: &str) -> Term {
        self.crash(&format!("no instance of {what} at run time"))
    }

    /// The runtime's generic dictionary of `class`, by name.
    pub(super) fn generic_dict(&mut self, class: &str) -> GlobalId {
        self.generic(&Arc::from(class))
    }

    /// The runtime's generic dictionary of `class` (Eq, Ord, Show; any other class's methods
    /// are its defaults, or crash).
    fn generic(&mut self, class: &Arc<str>) -> GlobalId {
        if let Some(g) = self.generic_dicts.get(class) {
            return *g;
        }
        let Some(def) = self.classes.get(class).cloned() else {
            let g = self.new_global(format!("generic.{class}"));
            self.generic_dicts.insert(class.clone(), g);
            return g;
        };
        let supers: Vec<Term> = def.info.superclasses.iter().map(|s| Term::Global(self.generic(s))).collect();
        let g = self.new_global(format!("generic.{class}"));
        self.dict_globals.push(g);
        self.generic_dicts.insert(class.clone(), g);
        let mut slots = supers;
        for (method, _) in &def.methods {
            let a = self.fresh.var();
            let b = self.fresh.var();
            let lam2 = |body: Term| Term::Lam(vec![a, b], Box::new(body));
            let slot = match method.as_str() {
                "eq" => lam2(Term::Prim(Prim::EqAny, vec![Term::Var(a), Term::Var(b)])),
                "show" => Term::Lam(vec![a], Box::new(Term::Prim(Prim::ShowAny, vec![Term::Var(a)]))),
                "showPrec" => lam2(Term::Prim(Prim::Foreign("showAnyPrec".into()), vec![Term::Var(a), Term::Var(b)])),
                "compare" => {
                    let r = self.fresh.var();
                    let ordering = |name: &str| {
                        self.ctors
                            .get(&Def::new("Prelude", name, Namespace::Constructor))
                            .copied()
                            .unwrap_or(CtorId::UNIT)
                    };
                    let (lt, eq, gt) = (ordering("LT"), ordering("EQ"), ordering("GT"));
                    let switch = Term::Switch(
                        r,
                        vec![
                            (Test::Lit(Lit::Int((-1).into())), Term::Con(lt, Vec::new())),
                            (Test::Lit(Lit::Int(0.into())), Term::Con(eq, Vec::new())),
                        ],
                        Some(Box::new(Term::Con(gt, Vec::new()))),
                    );
                    lam2(Term::let_(r, Term::Prim(Prim::CompareAny, vec![Term::Var(a), Term::Var(b)]), switch))
                }
                _ => match self.defaults.get(&(class.clone(), method.clone())) {
                    Some(&f) => self.default_slot(f, Term::Global(g)),
                    None => {
                        Term::Prim(Prim::Crash, vec![Term::Lit(Lit::String(format!("no generic `{method}`").into()))])
                    }
                },
            };
            slots.push(slot);
        }
        self.globals[g.0 as usize].1 = Term::Tuple(slots);
        g
    }
}

/// `Show` in `Prelude.Show`.
fn short(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(_, n)| n)
}
