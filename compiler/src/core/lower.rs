//! Lowering: the checked program (every module `main` reaches) to Core.
//!
//! Two passes over the modules, in import order: `declare` numbers every constructor, top-level
//! function, top-level value, instance dictionary and class method; `define` lowers bodies to
//! [`Term`]s (`expr`, `matching`, `dicts`), which [`Normaliser`] turns into A-normal form.
//!
//! What the type checker decided is read, not re-derived: name resolution says what each name
//! refers to, the elaboration says which dictionary each overloaded use receives.

mod derived;
mod dicts;
mod expr;
mod matching;
mod receive;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::ir::{
    CtorId, CtorInfo, Expr, FunId, Function, Global, GlobalId, Label, Lit, PROCESS_CTORS, PROCESS_MODULE, Prim,
    Program, Var,
};
use super::term::{Callee, Fresh, Normaliser, Term};
use crate::db::{self, Db, ModuleId, Package, SourceFile};
use crate::resolve::{Def, Namespace, Target};
use crate::span::Span;
use crate::syntax::ast::{self, Decl, DeclKind, Module, TypeKind};
use crate::types::check::{Dict, Elaboration};
use crate::types::decls::Declared;
use crate::types::env::{ClassDef, ModuleTypes};

/// Why a program could not be lowered (the checker reported nothing, but the program has no
/// `main`, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowerError(pub String);

/// One module's checked facts, as lowering reads them.
struct ModuleFacts<'db> {
    name: String,
    path: &'db str,
    text: &'db str,
    ast: &'db Module,
    references: &'db BTreeMap<Span, Target>,
    elaboration: &'db Elaboration,
    types: &'db ModuleTypes,
    declared: &'db Declared,
}

/// What a top-level value name stands for.
#[derive(Clone, Debug)]
enum Top {
    Fun(FunId),
    Global(GlobalId),
    /// A class method: the field of the class's dictionary.
    Method {
        class: Arc<str>,
        field: u32,
    },
}

/// An instance by class and head type constructor.
type InstanceKey = (Arc<str>, Arc<str>);

/// An instance's implementation.
#[derive(Clone, Debug)]
enum InstanceImpl {
    /// A written instance: its dictionary (a global, or a function of its context's
    /// dictionaries) and its methods' functions by name.
    Written { dict: Top, methods: HashMap<String, Top>, context: usize },
    /// A derived instance: the runtime's generic implementation.
    Derived,
}

/// A function being built: its body is a term until normalised.
struct PendingFunction {
    name: String,
    params: Vec<Var>,
    body: Option<Term>,
    closure: bool,
}

pub struct Lowering<'db> {
    modules: Vec<ModuleFacts<'db>>,
    fresh: Fresh,
    functions: Vec<PendingFunction>,
    callees: Vec<Callee>,
    globals: Vec<(String, Term)>,
    /// Instance dictionaries are computed before the other globals.
    dict_globals: Vec<GlobalId>,
    tops: HashMap<Def, Top>,
    ctors: HashMap<Def, CtorId>,
    constructors: Vec<CtorInfo>,
    /// The constructors of each data type, by the type's full name.
    type_ctors: HashMap<Arc<str>, Vec<CtorId>>,
    ctor_wrappers: HashMap<CtorId, FunId>,
    closure_wrappers: HashMap<FunId, FunId>,
    classes: HashMap<Arc<str>, ClassDef>,
    instances: HashMap<(Arc<str>, Arc<str>), InstanceImpl>,
    /// The runtime's generic dictionaries, by class.
    generic_dicts: HashMap<Arc<str>, GlobalId>,
    /// Class default methods: (class, method) to a function taking the class dictionary first.
    defaults: HashMap<(Arc<str>, String), FunId>,
    labels: BTreeMap<Arc<str>, Label>,
    /// The variable each local binder (by its span) stands for, where it is being lowered.
    locals: HashMap<Span, Var>,
    /// The dictionary parameters of each binding or instance (by its owner span).
    dict_params: HashMap<Span, Vec<Var>>,
    /// Bindings that only name a top-level function (`println = ioPrintln`): they are that
    /// function, by the span of their name.
    aliases: std::collections::HashSet<Span>,
    /// Top-level functions that build an action in place (see `makes_actions`): they take the
    /// world token as one more parameter.
    world_funs: std::collections::HashSet<FunId>,
    /// Where each top-level binding's dictionary parameters are filed (its name's span).
    owners: HashMap<Def, Span>,
    /// Each instance's context: (class, index of the head's type variable), in order.
    instance_contexts: HashMap<InstanceKey, Vec<(Arc<str>, u32)>>,
    /// The start-up global of each `receive` shape, whose body `finish` builds.
    shapes: HashMap<receive::Shape, GlobalId>,
}

impl std::fmt::Debug for Lowering<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lowering").field("functions", &self.functions.len()).finish_non_exhaustive()
    }
}

/// The modules `main` reaches, dependencies first, `main`'s own last.
fn module_order(db: &dyn Db, package: Package, main: SourceFile) -> Vec<SourceFile> {
    fn visit(db: &dyn Db, package: Package, file: SourceFile, seen: &mut Vec<SourceFile>, out: &mut Vec<SourceFile>) {
        if seen.contains(&file) {
            return;
        }
        seen.push(file);
        for name in db::imported_modules(db, file) {
            if let Some(f) = db::module_file(db, package, ModuleId::new(db, name.clone())) {
                visit(db, package, f, seen, out);
            }
        }
        out.push(file);
    }
    let mut out = Vec::new();
    visit(db, package, main, &mut Vec::new(), &mut out);
    out
}

/// Lowers the program whose `main` is in `main_file`. The caller has checked the package and
/// found no errors.
pub fn lower_program(db: &dyn Db, package: Package, main_file: SourceFile) -> Result<Program, LowerError> {
    let mut modules = Vec::new();
    for file in module_order(db, package, main_file) {
        let checked = db::checked(db, package, file);
        let resolution = db::resolution(db, package, file);
        modules.push(ModuleFacts {
            name: resolution.module.clone(),
            path: file.path(db).as_str(),
            text: file.text(db).as_str(),
            ast: &db::resolved(db, package, file).module,
            references: &resolution.references,
            elaboration: &checked.elaboration,
            types: &checked.types,
            declared: &db::declared(db, package, file).0,
        });
    }
    let mut lowering = Lowering {
        modules,
        fresh: Fresh::default(),
        functions: Vec::new(),
        callees: Vec::new(),
        globals: Vec::new(),
        dict_globals: Vec::new(),
        tops: HashMap::new(),
        ctors: HashMap::new(),
        constructors: builtin_constructors(),
        type_ctors: HashMap::new(),
        ctor_wrappers: HashMap::new(),
        closure_wrappers: HashMap::new(),
        classes: HashMap::new(),
        instances: HashMap::new(),
        generic_dicts: HashMap::new(),
        defaults: HashMap::new(),
        labels: BTreeMap::new(),
        locals: HashMap::new(),
        dict_params: HashMap::new(),
        aliases: std::collections::HashSet::new(),
        world_funs: std::collections::HashSet::new(),
        owners: HashMap::new(),
        instance_contexts: HashMap::new(),
        shapes: HashMap::new(),
    };
    lowering.type_ctors.insert("Boolean".into(), vec![CtorId::FALSE, CtorId::TRUE]);
    lowering.type_ctors.insert("List".into(), vec![CtorId::NIL, CtorId::CONS]);
    for m in 0..lowering.modules.len() {
        lowering.declare(m);
    }
    for m in 0..lowering.modules.len() {
        lowering.define(m);
    }
    let main_module = lowering.modules.last().map(|m| m.name.clone()).unwrap_or_default();
    let main = match lowering.tops.get(&Def::new(&main_module, "main", Namespace::Value)) {
        Some(Top::Global(g)) => *g,
        _ => return Err(LowerError(format!("module `{main_module}` has no `main :: IO ()`"))),
    };
    Ok(lowering.finish(main))
}

pub(crate) fn builtin_constructors() -> Vec<CtorInfo> {
    let info = |name: &str, ty: &str, arity| CtorInfo { name: name.into(), ty: ty.into(), arity };
    vec![
        info("()", "Unit", 0),
        info("false", "Boolean", 0),
        info("true", "Boolean", 0),
        info("[]", "List", 0),
        info(":", "List", 2),
    ]
}

/// Every equation of the top-level function `name`, in order.
fn equations_of<'a>(ast: &'a Module, name: &str) -> Vec<&'a ast::Equation> {
    ast.decls
        .iter()
        .filter_map(|d| match &d.kind {
            DeclKind::Equation(e) if e.name.name == name => Some(e),
            _ => None,
        })
        .collect()
}

/// The number of arrows in a written type, and whether its result is an action (`IO a`).
fn foreign_shape(ty: &ast::Type) -> (usize, bool) {
    match &ty.kind {
        TypeKind::Fun(_, result) => {
            let (n, io) = foreign_shape(result);
            (n + 1, io)
        }
        TypeKind::Forall(_, inner) | TypeKind::Constrained(_, inner) => foreign_shape(inner),
        TypeKind::App(f, _) => (0, matches!(&f.kind, TypeKind::Con(n) if n.name == "IO" || n.name == "Process")),
        TypeKind::Con(n) => (0, n.name == "IO" || n.name == "Process"),
        _ => (0, false),
    }
}

impl<'db> Lowering<'db> {
    /// A new top-level function, and the closure code that makes it a value.
    fn new_function(&mut self, name: String, arity: usize) -> FunId {
        let id = FunId(self.functions.len() as u32);
        self.functions.push(PendingFunction { name: name.clone(), params: Vec::new(), body: None, closure: false });
        self.callees.push(Callee { arity, primitive: None });
        if arity > 0 {
            let this = self.fresh.var();
            let params: Vec<Var> = (0..arity).map(|_| self.fresh.var()).collect();
            let w = FunId(self.functions.len() as u32);
            let body = Term::App(Box::new(Term::Fun(id)), params.iter().map(|v| Term::Var(*v)).collect());
            self.functions.push(PendingFunction {
                name: format!("{name}$closure"),
                params: std::iter::once(this).chain(params).collect(),
                body: Some(body),
                closure: true,
            });
            self.callees.push(Callee { arity: arity + 1, primitive: None });
            self.closure_wrappers.insert(id, w);
        }
        id
    }

    fn define_function(&mut self, f: FunId, params: Vec<Var>, body: Term) {
        let pending = &mut self.functions[f.0 as usize];
        pending.params = params;
        pending.body = Some(body);
    }

    fn new_global(&mut self, name: String) -> GlobalId {
        let id = GlobalId(self.globals.len() as u32);
        self.globals.push((name, Term::Lit(Lit::Unit)));
        id
    }

    fn label(&mut self, name: &str) -> Label {
        let next = Label(self.labels.len() as u32);
        *self.labels.entry(name.into()).or_insert(next)
    }

    /// Numbers what module `m` declares.
    fn declare(&mut self, m: usize) {
        let facts = &self.modules[m];
        let module = facts.name.clone();
        let types = facts.types;
        // Constructors: one type's consecutive, in declaration order.
        let mut type_names: Vec<&String> = types.types.keys().collect();
        type_names.sort();
        for tname in type_names {
            let tdef = &types.types[tname];
            let mut ids = Vec::new();
            for cname in &tdef.constructors {
                let Some(cdef) = types.constructors.get(cname) else { continue };
                let id = CtorId(self.constructors.len() as u32);
                self.constructors.push(CtorInfo {
                    name: cname.as_str().into(),
                    ty: tdef.full.clone(),
                    arity: cdef.arity,
                });
                self.ctors.insert(Def::new(&module, cname, Namespace::Constructor), id);
                ids.push(id);
            }
            self.type_ctors.insert(tdef.full.clone(), ids);
        }
        for (cname, class) in &types.classes {
            let full: Arc<str> = format!("{module}.{cname}").into();
            let supers = class.info.superclasses.len() as u32;
            for (i, (method, _)) in class.methods.iter().enumerate() {
                let top = Top::Method { class: full.clone(), field: supers + i as u32 };
                self.tops.insert(Def::new(&module, method, Namespace::Value), top);
            }
            self.classes.insert(full, class.clone());
        }
        let facts = &self.modules[m];
        let ast = facts.ast;
        let elaboration = facts.elaboration;
        // Foreign imports first, so a wrapper written above its import is still an alias of it.
        for decl in &ast.decls {
            if let DeclKind::Foreign { name, ty } = &decl.kind {
                let f = self.foreign(&name.name, ty);
                self.tops.insert(Def::new(&module, &name.name, Namespace::Value), Top::Fun(f));
            }
        }
        let mut seen = HashMap::new();
        for decl in &ast.decls {
            match &decl.kind {
                DeclKind::Equation(eq) => {
                    if seen.contains_key(&eq.name.name) {
                        continue;
                    }
                    let dicts = elaboration.params.get(&eq.name.span).map_or(0, Vec::len);
                    let def = Def::new(&module, &eq.name.name, Namespace::Value);
                    let equations = equations_of(ast, &eq.name.name);
                    let takes_world = dicts == 0 && !eq.args.is_empty() && self.makes_actions(m, &equations);
                    let arity = dicts + eq.args.len() + usize::from(takes_world);
                    if dicts == 0
                        && equations.len() == 1
                        && let Some(f) = self.alias_of(m, eq)
                    {
                        seen.insert(eq.name.name.clone(), ());
                        self.aliases.insert(eq.name.span);
                        self.tops.insert(def, Top::Fun(f));
                        continue;
                    }
                    let top = if arity == 0 {
                        Top::Global(self.new_global(format!("{module}.{}", eq.name.name)))
                    } else {
                        let f = self.new_function(format!("{module}.{}", eq.name.name), arity);
                        if takes_world {
                            self.world_funs.insert(f);
                        }
                        Top::Fun(f)
                    };
                    seen.insert(eq.name.name.clone(), ());
                    if dicts > 0 {
                        self.owners.insert(def.clone(), eq.name.span);
                    }
                    self.tops.insert(def, top);
                }
                DeclKind::PatternBinding { pat, .. } => {
                    let mut vars = Vec::new();
                    crate::resolve::pattern_vars(pat, &mut vars);
                    for (v, _) in vars {
                        let g = self.new_global(format!("{module}.{v}"));
                        self.tops.insert(Def::new(&module, &v, Namespace::Value), Top::Global(g));
                    }
                }
                _ => {}
            }
        }
        self.declare_instances(m);
        self.declare_derived_show(m);
    }

    /// A foreign import's function: the primitive, or for `ioPure`/`ioBind` their Core
    /// definitions.
    fn foreign(&mut self, name: &str, ty: &ast::Type) -> FunId {
        let (operands, io) = foreign_shape(ty);
        let arity = operands + usize::from(io);
        if arity == 0 {
            // `mapEmpty`: a constant; a function of no arguments is called where it is used.
            let f = self.new_function(format!("prim.{name}"), 0);
            self.define_function(f, Vec::new(), Term::Prim(Prim::Foreign(name.into()), Vec::new()));
            self.callees[f.0 as usize].primitive = Some((Prim::Foreign(name.into()), 0));
            return f;
        }
        let f = self.new_function(format!("prim.{name}"), arity);
        let params: Vec<Var> = (0..arity).map(|_| self.fresh.var()).collect();
        let args: Vec<Term> = params.iter().map(|v| Term::Var(*v)).collect();
        let body = match name {
            // ioPure x w = x
            "ioPure" => args[0].clone(),
            // ioBind m k w = k (m w) w
            "ioBind" => {
                let a = self.fresh.var();
                Term::let_(
                    a,
                    Term::app(args[0].clone(), vec![args[2].clone()]),
                    Term::app(args[1].clone(), vec![Term::Var(a), args[2].clone()]),
                )
            }
            "processCrash" => Term::Prim(Prim::Crash, vec![args[0].clone()]),
            _ => {
                let prim = Prim::Foreign(name.into());
                self.callees[f.0 as usize].primitive = Some((prim.clone(), operands));
                Term::Prim(prim, args[..operands].to_vec())
            }
        };
        if name == "processCrash" {
            self.callees[f.0 as usize].primitive = Some((Prim::Crash, 1));
        }
        self.define_function(f, params, body);
        f
    }

    /// Lowers the bodies of module `m`.
    fn define(&mut self, m: usize) {
        let ast = self.modules[m].ast;
        let module = self.modules[m].name.clone();
        let mut done = HashMap::new();
        for decl in &ast.decls {
            match &decl.kind {
                DeclKind::Equation(eq) => {
                    if done.contains_key(&eq.name.name) {
                        continue;
                    }
                    done.insert(eq.name.name.clone(), ());
                    let equations = equations_of(ast, &eq.name.name);
                    if self.aliases.contains(&eq.name.span) {
                        continue;
                    }
                    let def = Def::new(&module, &eq.name.name, Namespace::Value);
                    let top = self.tops[&def].clone();
                    let (mut params, mut body) = self.binding(m, &equations);
                    if matches!(&top, Top::Fun(f) if self.world_funs.contains(f)) {
                        let world = self.fresh.var();
                        body = body.run_with(world);
                        params.push(world);
                    }
                    match top {
                        Top::Fun(f) => self.define_function(f, params, body),
                        Top::Global(g) => self.globals[g.0 as usize].1 = body,
                        Top::Method { .. } => {}
                    }
                }
                DeclKind::PatternBinding { pat, rhs, wheres } => self.top_pattern(m, decl, pat, rhs, wheres),
                _ => {}
            }
        }
        self.define_instances(m);
        self.define_derived_show(m);
    }

    /// A top-level pattern binding: the value once, each variable a global read from it.
    fn top_pattern(&mut self, m: usize, decl: &Decl, pat: &ast::Pat, rhs: &ast::Rhs, wheres: &[Decl]) {
        let module = self.modules[m].name.clone();
        let whole = self.new_global(format!("{module}.pattern@{}", decl.span.start));
        let fail = Term::Fail(self.location(m, decl.span));
        let value = self.with_wheres(m, wheres, |me| me.rhs(m, rhs, fail.clone()));
        self.globals[whole.0 as usize].1 = value;
        let mut vars = Vec::new();
        crate::resolve::pattern_vars(pat, &mut vars);
        for (name, span) in vars {
            let Some(Top::Global(g)) = self.tops.get(&Def::new(&module, &name, Namespace::Value)).cloned() else {
                continue;
            };
            let v = self.fresh.var();
            let mut then = |me: &mut Lowering<'_>| me.locals.get(&span).map_or(Term::Lit(Lit::Unit), |x| Term::Var(*x));
            let matched = self.match_one(m, v, pat, fail.clone(), &mut then);
            self.globals[g.0 as usize].1 = Term::let_(v, Term::Global(whole), matched);
        }
    }

    /// What `def` stands for when it is an operator alias (`infixl 6 add as +`).
    fn alias_target(&self, def: &Def) -> Option<&Def> {
        self.modules.iter().find(|f| f.name == def.module)?.types.aliases.get(&def.name)
    }

    /// The top-level function a binding names when it is that function under another name:
    /// `x = f`, or `f`'s eta-expansion `x a b = f a b` (the same function, as Mote is strict
    /// and `f` a value), with no dictionaries, guards or `where`. A use of `x` then calls `f`
    /// directly, so a wrapper such as `send pid msg = processSend pid msg` costs nothing and
    /// an `IO` primitive behind it runs straight-line in a `do` block.
    fn alias_of(&self, m: usize, eq: &ast::Equation) -> Option<FunId> {
        let ast::Rhs::Plain(e) = &eq.rhs else { return None };
        if !eq.wheres.is_empty() {
            return None;
        }
        let facts = &self.modules[m];
        let (head, args) = e.spine();
        let ast::ExprKind::Var(name) = &head.kind else { return None };
        if args.len() != eq.args.len() {
            return None;
        }
        for (param, arg) in eq.args.iter().zip(&args) {
            let (ast::PatKind::Var(p), ast::ExprKind::Var(a)) = (&param.kind, &arg.kind) else { return None };
            if facts.references.get(&a.span) != Some(&Target::Local(p.span)) {
                return None;
            }
        }
        if facts.elaboration.uses.get(&name.span).is_some_and(|d| !d.is_empty()) {
            return None;
        }
        let Some(Target::Def(def)) = facts.references.get(&name.span) else { return None };
        self.top_function(def)
    }

    /// The top-level function `def` is, following operator aliases (`infixr 1 send as !`).
    fn top_function(&self, def: &Def) -> Option<FunId> {
        let mut def = def;
        for _ in 0..8 {
            match self.tops.get(def) {
                Some(Top::Fun(f)) => return Some(*f),
                Some(_) => return None,
                None => def = self.alias_target(def)?,
            }
        }
        None
    }

    /// Whether every equation of a function makes its action in place: each right-hand side
    /// (every guarded one, if guarded; no `where`) is an `IO` `do` block, a `receive`,
    /// `pure`/`return` of an atom (a variable, literal, constructor or `()`), or an `IO`
    /// primitive or such a function applied to atoms (`pid ! msg`). Such a function
    /// `f x = do …` is `f x w = …` (the world token is one more parameter): no work is done
    /// before the action runs either way, beyond matching the arguments, and a call run in a
    /// `do` block (`f x` applied to the token) is a direct call with no closure made. A use of
    /// `f x` as a value is a partial application.
    fn makes_actions(&self, m: usize, equations: &[&ast::Equation]) -> bool {
        equations.iter().all(|eq| {
            eq.wheres.is_empty()
                && match &eq.rhs {
                    ast::Rhs::Plain(e) => self.action_in_place(m, e),
                    ast::Rhs::Guarded(alts) => alts.iter().all(|alt| self.action_in_place(m, &alt.body)),
                }
        })
    }

    /// See [`Lowering::makes_actions`].
    fn action_in_place(&self, m: usize, e: &ast::Expr) -> bool {
        let facts = &self.modules[m];
        let io_dict = |span: &Span| {
            matches!(facts.elaboration.uses.get(span).and_then(|d| d.first()),
                Some(Dict::Instance { head, .. }) if &**head == "IO")
        };
        let atom = |x: &ast::Expr| match &x.kind {
            ast::ExprKind::Var(_) | ast::ExprKind::Lit(_) | ast::ExprKind::Con(_) => true,
            ast::ExprKind::Tuple(items) => items.is_empty(),
            _ => false,
        };
        let (head, args): (&ast::Name, Vec<&ast::Expr>) = match &e.kind {
            ast::ExprKind::Do(_) => return io_dict(&e.span),
            ast::ExprKind::Receive(..) => return true,
            ast::ExprKind::BinOp(op, l, r) => (&op.name, vec![&**l, &**r]),
            ast::ExprKind::App(..) => {
                let (head, args) = e.spine();
                let ast::ExprKind::Var(name) = &head.kind else { return false };
                (name, args)
            }
            _ => return false,
        };
        if !args.iter().all(|a| atom(a)) {
            return false;
        }
        let Some(Target::Def(def)) = facts.references.get(&head.span) else { return false };
        if def.module == "Prelude" && (def.name == "pure" || def.name == "return") {
            return args.len() == 1 && io_dict(&head.span);
        }
        if facts.elaboration.uses.get(&head.span).is_some_and(|d| !d.is_empty()) {
            return false;
        }
        let Some(f) = self.top_function(def) else { return false };
        let callee = &self.callees[f.0 as usize];
        let io_primitive = matches!(callee.primitive, Some((_, operands)) if callee.arity == operands + 1);
        (io_primitive || self.world_funs.contains(&f)) && args.len() + 1 == callee.arity
    }

    fn location(&self, m: usize, span: Span) -> Arc<str> {
        let facts = &self.modules[m];
        super::ir::location(facts.path, facts.text, span)
    }

    fn finish(mut self, main: GlobalId) -> Program {
        // Shapes name record labels by their final numbers, known only now.
        let relabel = super::relabel::numbering(&self.labels);
        for (shape, g) in &self.shapes {
            self.globals[g.0 as usize].1 = shape.term(&|l| relabel[l.0 as usize]);
        }
        let process_ctors = self.process_ctors();
        let pending = std::mem::take(&mut self.globals);
        let order = global_order(&pending, &self.dict_globals);
        let mut global_bodies: Vec<(String, Expr)> = Vec::new();
        for (name, term) in pending {
            global_bodies.push((name, self.normalise(term)));
        }
        let mut functions = Vec::new();
        for i in 0..self.functions.len() {
            let body = self.functions[i].body.take().unwrap_or(Term::Lit(Lit::Unit));
            let expr = self.normalise(body);
            let p = &self.functions[i];
            functions.push(Function { name: p.name.clone(), params: p.params.clone(), body: expr, closure: p.closure });
        }
        // `Program::globals` runs in index order: renumber so that index order is `order`.
        let mut renumber = vec![GlobalId(0); global_bodies.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = GlobalId(new as u32);
        }
        let mut slots: Vec<Option<(String, Expr)>> = global_bodies.into_iter().map(Some).collect();
        let globals = order
            .iter()
            .map(|&old| {
                let (name, body) = slots[old].take().expect("each global is placed once");
                Global { name, body }
            })
            .collect();
        let mut program = Program {
            functions,
            globals,
            constructors: self.constructors,
            labels: Vec::new(),
            main: renumber[main.0 as usize],
            process_ctors,
        };
        super::relabel::apply(&mut program, &self.labels, &renumber);
        program
    }

    /// The constructors the runtime builds its messages with, when `Control.Process` is part
    /// of the program (every constructor of a module in the program is kept, used or not).
    fn process_ctors(&self) -> Option<[Option<CtorId>; 8]> {
        if !self.modules.iter().any(|m| m.name == PROCESS_MODULE) {
            return None;
        }
        Some(PROCESS_CTORS.map(|name| self.ctors.get(&Def::new(PROCESS_MODULE, name, Namespace::Constructor)).copied()))
    }

    fn normalise(&mut self, term: Term) -> Expr {
        let mut n = Normaliser { fresh: &mut self.fresh, callees: &self.callees, wrappers: &self.closure_wrappers };
        n.body(term)
    }
}

/// The order globals are computed in: each after the globals its body reads directly,
/// instance dictionaries as early as that allows.
fn global_order(globals: &[(String, Term)], dicts: &[GlobalId]) -> Vec<usize> {
    fn reads(term: &Term, out: &mut Vec<usize>) {
        match term {
            Term::Global(g) => out.push(g.0 as usize),
            Term::Var(_) | Term::Lit(_) | Term::Fun(_) | Term::Field(..) | Term::Fail(_) => {}
            Term::App(h, args) => {
                reads(h, out);
                args.iter().for_each(|a| reads(a, out));
            }
            // A lambda's body runs later, when it is called.
            Term::Lam(..) | Term::LetRec(..) => {}
            Term::Let(_, v, b) => {
                reads(v, out);
                reads(b, out);
            }
            Term::Con(_, args) | Term::Tuple(args) | Term::Prim(_, args) | Term::Jump(_, args) => {
                args.iter().for_each(|a| reads(a, out))
            }
            Term::Record(fields) => fields.iter().for_each(|(_, t)| reads(t, out)),
            Term::Update(r, fields) => {
                reads(r, out);
                fields.iter().for_each(|(_, t)| reads(t, out));
            }
            Term::Get(r, _) => reads(r, out),
            Term::Switch(_, arms, default) => {
                arms.iter().for_each(|(_, t)| reads(t, out));
                if let Some(d) = default {
                    reads(d, out);
                }
            }
            Term::Join(_, _, body, rest) => {
                reads(body, out);
                reads(rest, out);
            }
        }
    }
    fn visit(g: usize, globals: &[(String, Term)], state: &mut [u8], out: &mut Vec<usize>) {
        if state[g] != 0 {
            return;
        }
        state[g] = 1;
        let mut deps = Vec::new();
        reads(&globals[g].1, &mut deps);
        for d in deps {
            if d < globals.len() {
                visit(d, globals, state, out);
            }
        }
        state[g] = 2;
        out.push(g);
    }
    let mut state = vec![0u8; globals.len()];
    let mut out = Vec::new();
    for d in dicts {
        visit(d.0 as usize, globals, &mut state, &mut out);
    }
    for g in 0..globals.len() {
        visit(g, globals, &mut state, &mut out);
    }
    out
}

#[cfg(test)]
mod tests;
