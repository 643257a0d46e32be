//! Checking one module: its declarations, then its bindings group by group, then the methods
//! of its instances and the defaults of its classes.
//!
//! The caller (the database) hands in name resolution's references and the checked
//! interfaces of the modules this one can see; what comes out is the module's own interface,
//! the elaboration the code generator reads, and every diagnostic.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::bindings::{self, Level, Unit, Written};
use super::classes::{ClassEnv, Evidence, Given, Instance};
use super::convert::TypeScope;
use super::decls::{DeclEnv, Declared, Imported, declare};
use super::env::{ClassDef, ModuleTypes, TypeName, full_name};
use super::infer::{Env, Infer};
use super::print::short;
use super::ty::{Constraint, Scheme, Type};
use super::unify::substitute_bound;
use crate::diagnostics::{Code, Diagnostic};
use crate::resolve::{Def, Namespace, PRIM, Target};
use crate::span::Span;
use crate::syntax::ast::{Decl, DeclKind, Entity, Import, ImportList, Module, Name};

/// What the code generator needs from type checking: which dictionary each use of an
/// overloaded name gets, and which dictionaries each binding receives.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Elaboration {
    /// Each use of an overloaded name (by the span of the use; a `do` block, a range and `-x`
    /// by their own span), with one dictionary per constraint of the name's scheme, in order.
    pub uses: BTreeMap<Span, Vec<Dict>>,
    /// The dictionary parameters of each binding that takes some, by the span of its name
    /// (for an instance, of the instance declaration: its context).
    pub params: BTreeMap<Span, Vec<Constraint>>,
    /// The members of each group of several bindings generalised together with dictionary
    /// parameters, by the span of a member's name: the span of the group's first member,
    /// the `owner` its `Dict::Param`s name. Every member takes the same dictionaries.
    pub groups: BTreeMap<Span, Span>,
    /// The superclass dictionaries of each instance declared here, by the declaration's span,
    /// in the order of the class's superclasses.
    pub superclasses: BTreeMap<Span, Vec<Dict>>,
}

impl Elaboration {
    /// Moves every span `by` bytes later: a binding group's elaboration, checked relative to
    /// where the group starts, placed back in its file.
    pub fn shift(&mut self, by: u32) {
        let at = |s: &Span| Span { start: s.start + by, end: s.end + by };
        let shift_dicts = |map: &mut BTreeMap<Span, Vec<Dict>>| {
            *map = std::mem::take(map)
                .into_iter()
                .map(|(s, mut dicts)| {
                    dicts.iter_mut().for_each(|d| d.shift(by));
                    (at(&s), dicts)
                })
                .collect();
        };
        shift_dicts(&mut self.uses);
        shift_dicts(&mut self.superclasses);
        self.params = std::mem::take(&mut self.params).into_iter().map(|(s, cs)| (at(&s), cs)).collect();
        self.groups = std::mem::take(&mut self.groups).into_iter().map(|(s, o)| (at(&s), at(&o))).collect();
    }

    /// Adds another part of the module's elaboration.
    pub fn extend(&mut self, other: Elaboration) {
        self.uses.extend(other.uses);
        self.params.extend(other.params);
        self.groups.extend(other.groups);
        self.superclasses.extend(other.superclasses);
    }
}

impl Dict {
    fn shift(&mut self, by: u32) {
        match self {
            Dict::Instance { args, .. } => args.iter_mut().for_each(|a| a.shift(by)),
            Dict::Param { owner, .. } => *owner = Span { start: owner.start + by, end: owner.end + by },
            Dict::Super(inner, _) => inner.shift(by),
            Dict::Dynamic { .. } | Dict::Missing => {}
        }
    }
}

/// A dictionary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dict {
    /// The instance of `class` for the type constructor `head`, applied to the dictionaries
    /// its context needs.
    Instance { class: Arc<str>, head: Arc<str>, args: Vec<Dict> },
    /// The `index`th dictionary parameter of the binding named at `owner`.
    Param { owner: Span, index: u32 },
    /// The superclass at `index` of a dictionary.
    Super(Box<Dict>, u32),
    /// The runtime's generic implementation of a class, for values whose type is known only
    /// at run time (parts of received messages).
    Dynamic { class: Arc<str> },
    /// A constraint that failed; an error was reported.
    Missing,
}

/// What a module's check can see of the rest of the package.
pub struct Context<'a> {
    pub module: &'a str,
    /// Name resolution's references, for the text being checked.
    pub references: &'a BTreeMap<Span, Target>,
    /// A checked module by name: those this module imports, directly or not.
    pub modules: &'a dyn Fn(&str) -> Option<&'a ModuleTypes>,
    /// The modules whose instances are visible here: every module this one imports, directly
    /// or not.
    pub visible: &'a [String],
    pub imports: &'a [Import],
    /// This module's values whose types other binding groups inferred, by name.
    pub own: &'a dyn Fn(&str) -> Option<Scheme>,
    /// The classes and instances visible here ([`class_env`]).
    pub classes: &'a ClassEnv,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").field("module", &self.module).finish_non_exhaustive()
    }
}

/// The result of checking some bindings: the types inferred for them, the elaboration and the
/// diagnostics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bodies {
    pub schemes: Vec<(String, Scheme)>,
    pub elaboration: Elaboration,
    pub diagnostics: Vec<Diagnostic>,
}

/// The class names the syntax needs.
const MONAD: &str = "Prelude.Monad";
const ENUM: &str = "Prelude.Enum";

/// A module's declarations: everything but function bodies.
pub fn declare_module(module: &Module, cx: &Context<'_>) -> (Declared, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let imported = Imported { module: cx.module, references: cx.references, other: cx.modules };
    let declared = declare(module, &imported, &mut diagnostics);
    (declared, diagnostics)
}

/// The module's top-level binding groups in dependency order, each by its members' names.
pub fn binding_groups(module: &Module, cx: &Context<'_>, env: &DeclEnv) -> Vec<Vec<String>> {
    let units = bindings::units(&module.decls, &signatures(&module.decls, env));
    bindings::groups(&units, cx.references, cx.module, Level::Top)
        .into_iter()
        .map(|g| g.into_iter().map(|i| units[i].name.to_string()).collect())
        .collect()
}

/// The signatures among `decls`, with the schemes the declarations gave them.
fn signatures(decls: &[Decl], env: &DeclEnv) -> HashMap<String, Written> {
    let mut out = HashMap::new();
    for d in decls {
        let DeclKind::Signature { names, ty } = &d.kind else { continue };
        for n in names {
            if let Some(sig) = env.signatures.get(&n.name) {
                let written = Written { scheme: sig.scheme.clone(), names: sig.names.clone(), span: ty.span };
                out.insert(n.name.clone(), written);
            }
        }
    }
    out
}

/// Checks one binding group: `decls` are its members' equations and signatures.
pub fn check_group(decls: &[Decl], cx: &Context<'_>, env: &DeclEnv) -> Bodies {
    with_infer(cx, env, |infer| {
        let units = bindings::units(decls, &signatures(decls, env));
        infer.check_units(&units, Level::Top);
        infer.report_holes();
        if cx.module == "Main"
            && let Some(u) = units.iter().find(|u| u.name == "main")
            && let Some(scheme) = infer.top.get("main")
        {
            let is_io = matches!(scheme.ty.spine().0, Type::Con(c) if &**c == super::ty::prim::IO);
            if !is_io {
                let shown = super::print::scheme(scheme);
                infer.diagnostics.push(
                    Diagnostic::error(Code::E0150, format!("`main` must be an `IO` action, but it has type `{shown}`"))
                        .with_primary(u.span, "the program runs `main`")
                        .with_help("make it `main :: IO ()`, printing with `println`"),
                );
            }
        }
        let schemes = units.iter().filter_map(|u| Some((u.name.to_string(), infer.top.get(u.name)?.clone()))).collect();
        let mut diagnostics = std::mem::take(&mut infer.diagnostics);
        diagnostics.extend(coverage(cx, env, decls));
        Bodies { schemes, elaboration: elaboration(infer, BTreeMap::new()), diagnostics }
    })
}

/// Missing and redundant cases in the matches of `decls`.
fn coverage(cx: &Context<'_>, env: &DeclEnv, decls: &[Decl]) -> Vec<Diagnostic> {
    let types = |m: &str| if m == cx.module { Some(&env.types) } else { (cx.modules)(m) };
    let table = super::coverage::Constructors { module: cx.module, references: cx.references, types: &types };
    super::coverage::check_decls(&table, decls)
}

/// Checks the module's top-level pattern bindings (`(a, b) = pair`).
pub fn check_patterns(module: &Module, cx: &Context<'_>, env: &DeclEnv) -> Bodies {
    with_infer(cx, env, |infer| {
        let schemes = top_patterns(infer, module);
        infer.report_holes();
        let mut diagnostics = std::mem::take(&mut infer.diagnostics);
        let patterns: Vec<Decl> =
            module.decls.iter().filter(|d| matches!(d.kind, DeclKind::PatternBinding { .. })).cloned().collect();
        diagnostics.extend(coverage(cx, env, &patterns));
        Bodies { schemes, elaboration: elaboration(infer, BTreeMap::new()), diagnostics }
    })
}

/// Checks what is not in a binding group: instance methods, class defaults, derived
/// instances and overlapping instances.
pub fn check_rest(module: &Module, cx: &Context<'_>, declared: &Declared) -> Bodies {
    let mut diagnostics = Vec::new();
    overlaps(&declared.env, cx, declared, &mut diagnostics);
    with_infer(cx, &declared.env, |infer| {
        infer.diagnostics = diagnostics;
        let mut superclasses = BTreeMap::new();
        instances(infer, module, declared, cx, &mut superclasses);
        class_defaults(infer, module, &declared.env);
        derived(infer, declared);
        infer.report_holes();
        let mut diagnostics = std::mem::take(&mut infer.diagnostics);
        let rest: Vec<Decl> = module
            .decls
            .iter()
            .filter(|d| matches!(d.kind, DeclKind::Instance { .. } | DeclKind::Class { .. }))
            .cloned()
            .collect();
        diagnostics.extend(coverage(cx, &declared.env, &rest));
        Bodies { schemes: Vec::new(), elaboration: elaboration(infer, superclasses), diagnostics }
    })
}

/// Runs `f` with an inference engine for this module's bodies.
fn with_infer<R>(cx: &Context<'_>, declared: &DeclEnv, f: impl FnOnce(&mut Infer<'_, '_>) -> R) -> R {
    let lookup_types = |def: &Def| -> Option<&ModuleTypes> {
        if def.module == cx.module { Some(&declared.types) } else { (cx.modules)(&def.module) }
    };
    let value = |def: &Def| -> Option<Scheme> {
        let types = lookup_types(def)?;
        match def.namespace {
            Namespace::Constructor => types.constructors.get(&def.name).map(|c| c.scheme.clone()),
            _ if def.module == cx.module => types.values.get(&def.name).cloned().or_else(|| (cx.own)(&def.name)),
            _ => types.values.get(&def.name).cloned(),
        }
    };
    let alias = |def: &Def| -> Option<Def> { lookup_types(def)?.aliases.get(&def.name).cloned() };
    let type_name = |n: &Name| -> Option<TypeName> {
        let Some(Target::Def(def)) = cx.references.get(&n.span) else { return None };
        if def.module == PRIM {
            return Some(TypeName::Con(def.name.as_str().into()));
        }
        lookup_types(def)?.type_name(&def.name)
    };
    let class_name = |n: &Name| -> Option<Arc<str>> {
        match cx.references.get(&n.span) {
            Some(Target::Def(def)) if def.namespace == Namespace::Class => Some(full_name(def)),
            _ => None,
        }
    };
    let scope = TypeScope { type_name: &type_name, class_name: &class_name };
    let in_scope = || in_scope(declared, cx);
    let negate = (cx.modules)("Prelude").and_then(|p| p.values.get("negate").cloned());
    let env = Env {
        module: cx.module,
        references: cx.references,
        value: &value,
        alias: &alias,
        scope: &scope,
        classes: cx.classes,
        monad: MONAD.into(),
        enumeration: ENUM.into(),
        in_scope: &in_scope,
        negate,
    };
    let mut infer = Infer::new(&env);
    f(&mut infer)
}

/// The classes and instances of every visible module (`modules`, by name) and of this one.
pub fn class_env<'a>(
    declared: &DeclEnv,
    visible: &[String],
    modules: &dyn Fn(&str) -> Option<&'a ModuleTypes>,
) -> ClassEnv {
    let mut env = ClassEnv::new();
    for name in visible {
        let Some(m) = modules(name) else { continue };
        for class in m.classes.values() {
            env.add_class(class.info.clone());
        }
        for instance in &m.instances {
            // An overlap between two other modules is reported where the second is declared.
            let _ = env.add_instance(instance.clone());
        }
    }
    for class in declared.types.classes.values() {
        env.add_class(class.info.clone());
    }
    for instance in &declared.types.instances {
        // Reported by `overlaps`.
        let _ = env.add_instance(instance.clone());
    }
    env
}

/// Reports this module's instances that overlap one it can see or another of its own.
fn overlaps(env_types: &DeclEnv, cx: &Context<'_>, declared: &Declared, diagnostics: &mut Vec<Diagnostic>) {
    let mut env = class_env(&DeclEnv::default(), cx.visible, cx.modules);
    for (i, instance) in env_types.types.instances.iter().enumerate() {
        if env.add_instance(instance.clone()).is_err() {
            let span = declared
                .written_instances
                .iter()
                .find(|w| w.instance == i)
                .map(|w| w.head)
                .or_else(|| declared.derived.iter().find(|d| d.instance == i).map(|d| d.span))
                .unwrap_or_default();
            let shown = format!("{} {}", short(&instance.class), short(&instance.head));
            diagnostics.push(
                Diagnostic::error(Code::E0158, format!("overlapping instances of `{shown}`"))
                    .with_primary(span, "another instance for this class and type exists")
                    .with_note("instances are global: there can be one per class and type constructor in a program"),
            );
        }
    }
}

/// Values a typed hole may suggest: this module's and those of its open imports.
fn in_scope(declared: &DeclEnv, cx: &Context<'_>) -> Vec<(String, Scheme)> {
    let mut out: Vec<(String, Scheme)> = declared.types.values.iter().map(|(n, s)| (n.clone(), s.clone())).collect();
    for import in cx.imports {
        if import.alias.is_some() {
            continue;
        }
        let Some(m) = (cx.modules)(&import.module.name) else { continue };
        let listed =
            |items: &[Entity], name: &str| items.iter().any(|e| matches!(e, Entity::Value(v) if v.name == name));
        for (name, scheme) in &m.values {
            let visible = match &import.list {
                None => true,
                Some(ImportList::Only(items)) => listed(items, name),
                Some(ImportList::Hiding(items)) => !listed(items, name),
            };
            if visible {
                out.push((name.clone(), scheme.clone()));
            }
        }
    }
    out
}

/// Top-level pattern bindings (`(a, b) = pair`): monomorphic in their body, generalised after.
fn top_patterns(infer: &mut Infer<'_, '_>, module: &Module) -> Vec<(String, Scheme)> {
    let mut out = Vec::new();
    for d in &module.decls {
        let DeclKind::PatternBinding { pat, rhs, wheres } = &d.kind else { continue };
        infer.level = 1;
        let pt = infer.pat(pat);
        let bound: Vec<(String, Scheme)> = std::mem::take(&mut infer.locals);
        infer.bindings(wheres);
        let t = infer.fresh();
        infer.rhs(rhs, &t);
        infer.locals.clear();
        infer.expect(&pt, &t, pat.span);
        infer.level = 0;
        let wanted = std::mem::take(&mut infer.wanted);
        for w in infer.solve(wanted) {
            infer.ambiguous(&w);
        }
        for (name, scheme) in bound {
            let (s, _) = infer.unifier.generalise(0, &scheme.ty, Vec::new());
            infer.top.insert(name.clone(), s.clone());
            out.push((name, s));
        }
    }
    out
}

/// A class by its full name, from this module or the module that declares it.
fn class_def(full: &str, declared: &Declared, cx: &Context<'_>) -> Option<ClassDef> {
    let (module, name) = full.rsplit_once('.')?;
    let types = if module == cx.module { &declared.env.types } else { (cx.modules)(module)? };
    types.classes.get(name).cloned()
}

/// The type an instance is for, its variables rigid (`Maybe a`), and its context as the
/// dictionaries the instance declared at `owner` receives.
fn instance_type(infer: &mut Infer<'_, '_>, instance: &Instance, names: &[String], owner: Span) -> (Type, Vec<Given>) {
    let rigids: Vec<Type> = (0..instance.arity as usize)
        .map(|i| {
            infer.next_rigid += 1;
            let name = names.get(i).map_or_else(|| format!("t{i}"), Clone::clone);
            Type::Rigid(infer.next_rigid, name.into())
        })
        .collect();
    let ty = match &*instance.head {
        "->" if rigids.len() == 2 => Type::fun(rigids[0].clone(), rigids[1].clone()),
        head => Type::apply(Type::Con(head.into()), rigids.iter().cloned()),
    };
    (ty, bindings::givens(&instance.context, &rigids, owner))
}

/// The methods of each instance declared here, checked against the class's method types at
/// the instance's type; missing methods and superclass instances.
fn instances(
    infer: &mut Infer<'_, '_>,
    module: &Module,
    declared: &Declared,
    cx: &Context<'_>,
    superclasses: &mut BTreeMap<Span, Vec<Dict>>,
) {
    let bodies: HashMap<Span, &Vec<crate::syntax::ast::Decl>> = module
        .decls
        .iter()
        .filter_map(|d| match &d.kind {
            DeclKind::Instance { body, .. } => Some((d.span, body)),
            _ => None,
        })
        .collect();
    for written in &declared.written_instances {
        let instance = &declared.env.types.instances[written.instance];
        let Some(class) = class_def(&instance.class, declared, cx) else { continue };
        let (head, context) = instance_type(infer, instance, &written.vars, written.span);
        if !context.is_empty() {
            infer.params.push((written.span, context.iter().map(|(c, _)| c.clone()).collect()));
        }
        superclasses
            .insert(written.span, superclass_evidence(infer, &class.info.superclasses, &head, &context, written.head));
        let body = bodies.get(&written.span).map(|b| b.as_slice()).unwrap_or_default();
        let units = bindings::units(body, &HashMap::new());
        for unit in &units {
            let Some(scheme) = method(infer, &class, unit, "not declared in the class") else { continue };
            let (ty, mut givens) = method_type(infer, scheme, &head, unit.span);
            givens.extend(context.iter().cloned());
            infer.check_signed(unit, &ty, givens, written.head);
        }
        let missing: Vec<&str> = class
            .methods
            .iter()
            .map(|(m, _)| m.as_str())
            .filter(|m| !class.defaults.iter().any(|d| d == m) && !units.iter().any(|u| u.name == *m))
            .collect();
        if !missing.is_empty() {
            let listed: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            infer.diagnostics.push(
                Diagnostic::error(
                    Code::E0159,
                    format!(
                        "the instance `{} {}` does not define {}",
                        short(&instance.class),
                        super::print::ty(&head),
                        listed.join(", ")
                    ),
                )
                .with_primary(written.head, "missing method")
                .with_help("define every method of the class that has no default"),
            );
        }
    }
}

/// A method's type at an instance's type: the class variable replaced, the method's other
/// variables rigid, its own constraints given (the class's is the instance itself).
fn method_type(infer: &mut Infer<'_, '_>, scheme: &Scheme, head: &Type, owner: Span) -> (Type, Vec<Given>) {
    let mut with = vec![head.clone()];
    for i in 1..scheme.kinds.len() {
        infer.next_rigid += 1;
        with.push(Type::Rigid(infer.next_rigid, format!("{}", (b'a' + (i % 26) as u8) as char).into()));
    }
    let ty = substitute_bound(&scheme.ty, &with);
    // The first constraint is the class's own: the instance itself.
    (ty, bindings::givens(scheme.constraints.get(1..).unwrap_or_default(), &with, owner))
}

/// The dictionaries of an instance's superclasses, reporting those that have no instance.
fn superclass_evidence(
    infer: &mut Infer<'_, '_>,
    supers: &[Arc<str>],
    head: &Type,
    context: &[Given],
    span: Span,
) -> Vec<Dict> {
    let before = infer.givens.len();
    infer.givens.extend(context.iter().cloned());
    let slots: Vec<u32> =
        supers.iter().map(|s| infer.want(Constraint { class: s.clone(), ty: head.clone() }, span)).collect();
    let wanted = std::mem::take(&mut infer.wanted);
    for w in infer.solve(wanted) {
        infer.ambiguous(&w);
    }
    infer.givens.truncate(before);
    slots.iter().map(|&s| resolve(infer, &Evidence::Slot(s), 0)).collect()
}

/// The scheme of the class method `unit` defines; a name the class does not declare is E0160.
fn method<'c>(infer: &mut Infer<'_, '_>, class: &'c ClassDef, unit: &Unit<'_>, label: &str) -> Option<&'c Scheme> {
    let found = class.methods.iter().find(|(m, _)| m == unit.name).map(|(_, s)| s);
    if found.is_none() {
        let methods: Vec<String> = class.methods.iter().map(|(m, _)| format!("`{m}`")).collect();
        infer.diagnostics.push(
            Diagnostic::error(
                Code::E0160,
                format!("`{}` is not a method of the class `{}`", unit.name, short(&class.info.name)),
            )
            .with_primary(unit.span, label)
            .with_note(format!("its methods are: {}", methods.join(", "))),
        );
    }
    found
}

/// The default methods of the classes declared here, checked against their method types.
fn class_defaults(infer: &mut Infer<'_, '_>, module: &Module, declared: &DeclEnv) {
    for d in &module.decls {
        let DeclKind::Class { name, params, body, .. } = &d.kind else { continue };
        let Some(class) = declared.types.classes.get(&name.name) else { continue };
        let units = bindings::units(body, &HashMap::new());
        for unit in &units {
            let Some(scheme) = method(infer, class, unit, "a default must be for a method the class declares") else {
                continue;
            };
            let mut names: Vec<String> = params.iter().map(|p| p.name.clone()).collect();
            names.resize(scheme.kinds.len(), String::new());
            for (i, n) in names.iter_mut().enumerate().skip(1) {
                *n = format!("{}", (b'a' + (i % 26) as u8) as char);
            }
            let (ty, givens) = infer.skolemise(scheme, &names, unit.span);
            infer.check_signed(unit, &ty, givens, d.span);
        }
    }
}

/// Derived instances: every field's type needs the class too.
fn derived(infer: &mut Infer<'_, '_>, declared: &Declared) {
    for d in &declared.derived {
        let instance = &declared.env.types.instances[d.instance];
        let names: Vec<String> = (0..instance.arity).map(|i| format!("{}", (b'a' + (i % 26) as u8) as char)).collect();
        let (head, context) = instance_type(infer, instance, &names, d.span);
        let rigids: Vec<Type> = head.spine().1.into_iter().cloned().collect();
        for field in &d.fields {
            let ty = substitute_bound(field, &rigids);
            let wanted = Constraint { class: instance.class.clone(), ty: ty.clone() };
            let result = infer.env.classes.entail(&infer.unifier, &context, &wanted, &mut |_| Evidence::Slot(0));
            if result.is_err() {
                infer.diagnostics.push(
                    Diagnostic::error(
                        Code::E0162,
                        format!("cannot derive `{}` for `{}`", short(&instance.class), super::print::ty(&head)),
                    )
                    .with_primary(
                        d.span,
                        format!(
                            "a field has type `{}`, which has no `{}` instance",
                            super::print::ty(&ty),
                            short(&instance.class)
                        ),
                    )
                    .with_help("write the instance by hand, or change the field's type"),
                );
                break;
            }
        }
        if let Some(class) = infer.env.classes.class(&instance.class) {
            let supers = class.superclasses.clone();
            superclass_evidence(infer, &supers, &head, &context, d.span);
        }
    }
}

/// The elaboration, every slot replaced by the evidence it was solved with.
fn elaboration(infer: &Infer<'_, '_>, superclasses: BTreeMap<Span, Vec<Dict>>) -> Elaboration {
    let uses = infer
        .uses
        .iter()
        .map(|(span, slots)| (*span, slots.iter().map(|&s| resolve(infer, &Evidence::Slot(s), 0)).collect()))
        .collect();
    let params = infer.params.iter().filter(|(_, cs)| !cs.is_empty()).cloned().collect();
    let groups = infer.groups.iter().copied().collect();
    Elaboration { uses, params, groups, superclasses }
}

fn resolve(infer: &Infer<'_, '_>, e: &Evidence, depth: usize) -> Dict {
    if depth > 256 {
        return Dict::Missing;
    }
    match e {
        Evidence::Instance(id, args) => {
            let instance = infer.env.classes.instance(*id);
            Dict::Instance {
                class: instance.class.clone(),
                head: instance.head.clone(),
                args: args.iter().map(|a| resolve(infer, a, depth + 1)).collect(),
            }
        }
        Evidence::Param { owner, index } => Dict::Param { owner: *owner, index: *index },
        Evidence::Super(inner, index) => Dict::Super(Box::new(resolve(infer, inner, depth + 1)), *index as u32),
        Evidence::Dynamic(class) => Dict::Dynamic { class: class.clone() },
        Evidence::Slot(s) => match infer.slots.get(*s as usize) {
            Some(Some(e)) => resolve(infer, e, depth + 1),
            _ => Dict::Missing,
        },
    }
}

#[cfg(test)]
mod tests;
