//! The salsa database: the spine that the CLI, and later the REPL and the language server, share.
//!
//! Inputs are the package's source files; every stage is a tracked query over them, so an edit
//! re-runs only the queries whose inputs it changed. All salsa structs live in this file.
//!
//! Stages so far: `parse` (lex, layout, parse; operators still flat chains), `exported_fixities`,
//! `resolved` (operators associated with the fixities of the Prelude, of the modules the file
//! imports, and its own), `scope`, `interface` and `resolution` (names, one module at a time,
//! against the interfaces of the modules it imports) and `check` (what `mote check` reports
//! for a file).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use crate::diagnostics::Diagnostic;
use crate::resolve::{self, ImportCycle, ImportTarget, Interface, Resolution, Scope, Target};
use crate::span::Span;
use crate::syntax::ast::{Decl, Import};
use crate::syntax::ast::{DeclKind, Entity, Fixity, ImportList, Module};
use crate::syntax::fixity::{self, FixityTable};
use crate::syntax::spans::relative_spans;
use crate::syntax::{Parsed, parse_unresolved};
use crate::types::check::{self as types_check, Bodies, Context, Elaboration, declare_module};
use crate::types::classes::ClassEnv;
use crate::types::decls::{DeclEnv, Declared};
use crate::types::env::ModuleTypes;
use crate::types::ty::Scheme;

/// One source file: where it lives (for messages) and its text.
#[salsa::input(debug)]
pub struct SourceFile {
    #[returns(ref)]
    pub path: String,
    #[returns(ref)]
    pub text: String,
}

/// The files of one package (a project, a folder, or a single file).
#[salsa::input(debug)]
pub struct Package {
    #[returns(ref)]
    pub files: Vec<SourceFile>,
}

/// A module's name, interned so queries can take it as a key.
#[salsa::interned(debug)]
pub struct ModuleId<'db> {
    #[returns(ref)]
    pub name: String,
}

#[salsa::db]
pub trait Db: salsa::Database {}

/// The database. Cheap to clone (clones share storage), as salsa requires for parallel queries.
#[salsa::db]
#[derive(Clone)]
pub struct Database {
    storage: salsa::Storage<Self>,
    /// Which queries ran, when logging is on: what incremental tests assert on.
    executed: Arc<Mutex<Option<Vec<String>>>>,
}

impl Default for Database {
    fn default() -> Database {
        let executed: Arc<Mutex<Option<Vec<String>>>> = Arc::default();
        let log = executed.clone();
        let storage = salsa::Storage::new(Some(Box::new(move |event: salsa::Event| {
            if let salsa::EventKind::WillExecute { database_key } = event.kind
                && let Some(log) = log.lock().expect("the query log is never poisoned").as_mut()
            {
                log.push(format!("{database_key:?}"));
            }
        })));
        Database { storage, executed }
    }
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").finish_non_exhaustive()
    }
}

#[salsa::db]
impl salsa::Database for Database {}

#[salsa::db]
impl Db for Database {}

impl Database {
    /// Starts recording which queries execute.
    pub fn log_executions(&self) {
        *self.executed.lock().expect("the query log is never poisoned") = Some(Vec::new());
    }

    /// The queries executed since the last call, as `query(Id(n))` strings.
    pub fn take_executions(&self) -> Vec<String> {
        self.executed.lock().expect("the query log is never poisoned").as_mut().map(std::mem::take).unwrap_or_default()
    }
}

/// Lexes, lays out and parses a file. Operator chains are left flat: their fixities may come
/// from other modules.
#[salsa::tracked(returns(ref))]
pub fn parse(db: &dyn Db, file: SourceFile) -> Parsed {
    parse_unresolved(file.text(db))
}

/// The module's name from its header, if it has one.
#[salsa::tracked(returns(clone))]
pub fn module_name(db: &dyn Db, file: SourceFile) -> Option<String> {
    parse(db, file).module.header.as_ref().map(|h| h.name.name.clone())
}

/// The package's modules by name; a file without a module header is `Main`.
#[salsa::tracked(returns(ref))]
pub fn modules(db: &dyn Db, package: Package) -> HashMap<String, SourceFile> {
    // Later files win: see `with_stdlib`.
    package.files(db).iter().map(|&file| (module_name(db, file).unwrap_or_else(|| "Main".to_string()), file)).collect()
}

/// The fixity declarations a module lets out: all of its top-level ones without an export list,
/// else those whose operator the list names as `(op)`.
#[salsa::tracked(returns(ref))]
pub fn exported_fixities(db: &dyn Db, file: SourceFile) -> Vec<Fixity> {
    exported(&parse(db, file).module)
}

fn exported(module: &Module) -> Vec<Fixity> {
    let listed = |op: &str| match module.header.as_ref().and_then(|h| h.exports.as_ref()) {
        None => true,
        Some(exports) => exports.iter().any(|e| matches!(e, Entity::Value(v) if v.name == op)),
    };
    module
        .decls
        .iter()
        .filter_map(|d| match &d.kind {
            DeclKind::Fixity(f) if listed(&f.operator.name) => Some(f.clone()),
            _ => None,
        })
        .collect()
}

/// The file parsed with its operators associated by the fixities in scope.
#[salsa::tracked(returns(ref))]
pub fn resolved(db: &dyn Db, package: Package, file: SourceFile) -> Parsed {
    let mut parsed = parse(db, file).clone();
    let table = imported_fixities(db, package, &parsed.module);
    let more = fixity::resolve_module(&mut parsed.module, &table);
    parsed.diagnostics.extend(more);
    parsed.diagnostics.sort_by_key(|d| d.primary_span().map(|s| (s.start, s.end)));
    parsed
}

/// The Prelude's fixities plus those of every package module `module` imports, as its import
/// list (or `hiding`) lets them through. Unqualified, and qualified by the import's alias.
fn imported_fixities(db: &dyn Db, package: Package, module: &Module) -> FixityTable {
    let mut table = FixityTable::prelude();
    let modules = modules(db, package);
    for import in &module.imports {
        let Some(&source) = modules.get(&import.module.name) else { continue };
        let named = |items: &[Entity], op: &str| items.iter().any(|e| matches!(e, Entity::Value(v) if v.name == op));
        let visible: Vec<Fixity> = exported_fixities(db, source)
            .iter()
            .filter(|f| match &import.list {
                None => true,
                Some(ImportList::Only(items)) => named(items, &f.operator.name),
                Some(ImportList::Hiding(items)) => !named(items, &f.operator.name),
            })
            .cloned()
            .collect();
        // Conflicts among declarations are reported in the module that declares them; here
        // the first declaration wins.
        for f in &visible {
            let _ = table.declare(f);
        }
        let qualifier = import.alias.as_ref().map_or(&import.module.name, |a| &a.name);
        let _ = table.declare_qualified(qualifier, &visible);
    }
    table
}

/// The modules `file` can see, directly or through other imports, by name, without those
/// that import it back (an import cycle, reported by name resolution): checking them would
/// need this module's own result. The Prelude is always among them (`do` and ranges use its
/// classes), unless it is this module.
#[salsa::tracked(returns(ref))]
pub fn visible_modules(db: &dyn Db, package: Package, file: SourceFile) -> Vec<String> {
    let reach = |from: SourceFile| -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let mut stack = imported_modules(db, from).clone();
        while let Some(m) = stack.pop() {
            if seen.contains(&m) {
                continue;
            }
            if let Some(f) = module_file(db, package, ModuleId::new(db, m.clone())) {
                stack.extend(imported_modules(db, f).iter().cloned());
            }
            seen.push(m);
        }
        seen
    };
    let own = module_name(db, file).unwrap_or_else(|| "Main".to_string());
    let mut visible: Vec<String> = reach(file)
        .into_iter()
        .filter(|m| {
            *m != own
                && module_file(db, package, ModuleId::new(db, m.clone())).is_some_and(|f| !reach(f).contains(&own))
        })
        .collect();
    visible.sort();
    visible
}

/// A module's type check, assembled from its queries: what `mote check` reports and what the
/// code generator reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    /// The module's interface, inferred types included.
    pub types: ModuleTypes,
    pub elaboration: Elaboration,
    pub diagnostics: Vec<Diagnostic>,
}

/// The members of one top-level binding group, by name.
#[salsa::interned(debug)]
pub struct GroupId<'db> {
    #[returns(ref)]
    pub names: Vec<String>,
}

/// One binding group's declarations (equations and signatures) and the references in them,
/// with spans relative to where the group starts ([`group_base`]): an edit elsewhere that only
/// moves the group leaves this equal, so the group is not checked again.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupItem {
    pub decls: Vec<Decl>,
    pub references: BTreeMap<Span, Target>,
}

/// The checked interfaces of the modules `file` sees, by name.
fn interfaces(db: &dyn Db, package: Package, file: SourceFile) -> HashMap<&str, &ModuleTypes> {
    visible_modules(db, package, file)
        .iter()
        .filter_map(|m| {
            let f = module_file(db, package, ModuleId::new(db, m.clone()))?;
            Some((m.as_str(), module_types(db, package, f)))
        })
        .collect()
}

/// Runs `f` with the context a module's checks see, over `references` (the module's, or a
/// binding group's relative ones). Declarations are collected without classes (the classes
/// are built from them).
fn with_context<R>(
    db: &dyn Db,
    package: Package,
    file: SourceFile,
    references: &BTreeMap<Span, Target>,
    stage: Stage,
    f: impl FnOnce(&Context<'_>) -> R,
) -> R {
    // Only queries that an edit inside a body leaves equal: the group's check must not depend
    // on the file's text or spans except through its own item.
    let module = module_name(db, file).unwrap_or_else(|| "Main".to_string());
    let interfaces = interfaces(db, package, file);
    let lookup = |m: &str| interfaces.get(m).copied();
    let own = |name: &str| -> Option<Scheme> {
        let schemes = match binding_groups(db, package, file).iter().find(|g| g.iter().any(|n| n == name)) {
            Some(group) => group_schemes(db, package, file, GroupId::new(db, group.clone())),
            None => pattern_schemes(db, package, file),
        };
        schemes.iter().find(|(n, _)| n == name).map(|(_, s)| s.clone())
    };
    let cx = Context {
        module: &module,
        references,
        modules: &lookup,
        visible: visible_modules(db, package, file),
        imports: file_imports(db, file),
        own: &own,
        classes: match stage {
            Stage::Declarations => &ClassEnv::default(),
            Stage::Bodies => module_classes(db, package, file),
        },
    };
    f(&cx)
}

/// What a module check is at: declarations come before the classes they declare.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stage {
    Declarations,
    Bodies,
}

/// The classes and instances a module sees: built once per module, not per binding group.
#[salsa::tracked(returns(ref))]
pub fn module_classes(db: &dyn Db, package: Package, file: SourceFile) -> ClassEnv {
    let interfaces = interfaces(db, package, file);
    let lookup = |m: &str| interfaces.get(m).copied();
    types_check::class_env(decl_env(db, package, file), visible_modules(db, package, file), &lookup)
}

/// A file's imports.
#[salsa::tracked(returns(ref))]
pub fn file_imports(db: &dyn Db, file: SourceFile) -> Vec<Import> {
    parse(db, file).module.imports.clone()
}

/// A module's declarations: types, classes, instances, signatures.
#[salsa::tracked(returns(ref))]
pub fn declared(db: &dyn Db, package: Package, file: SourceFile) -> (Declared, Vec<Diagnostic>) {
    let references = &resolution(db, package, file).references;
    with_context(db, package, file, references, Stage::Declarations, |cx| {
        declare_module(&resolved(db, package, file).module, cx)
    })
}

/// What function bodies are checked against: [`declared`] without its spans.
#[salsa::tracked(returns(ref))]
pub fn decl_env(db: &dyn Db, package: Package, file: SourceFile) -> DeclEnv {
    declared(db, package, file).0.env.clone()
}

/// The module's top-level binding groups, in dependency order.
#[salsa::tracked(returns(ref))]
pub fn binding_groups(db: &dyn Db, package: Package, file: SourceFile) -> Vec<Vec<String>> {
    let references = &resolution(db, package, file).references;
    let env = decl_env(db, package, file);
    with_context(db, package, file, references, Stage::Declarations, |cx| {
        types_check::binding_groups(&resolved(db, package, file).module, cx, env)
    })
}

/// The declarations of a binding group, in source order.
fn group_decls<'a>(module: &'a Module, names: &[String]) -> impl Iterator<Item = &'a Decl> {
    module.decls.iter().filter(move |d| match &d.kind {
        DeclKind::Equation(eq) => names.contains(&eq.name.name),
        DeclKind::Signature { names: signed, .. } => signed.iter().any(|n| names.contains(&n.name)),
        _ => false,
    })
}

/// Where a binding group starts in its file.
#[salsa::tracked(returns(copy))]
pub fn group_base<'db>(db: &'db dyn Db, package: Package, file: SourceFile, group: GroupId<'db>) -> u32 {
    let module = &resolved(db, package, file).module;
    group_decls(module, group.names(db)).map(|d| d.span.start).min().unwrap_or(0)
}

#[salsa::tracked(returns(ref))]
pub fn group_item<'db>(db: &'db dyn Db, package: Package, file: SourceFile, group: GroupId<'db>) -> GroupItem {
    let module = &resolved(db, package, file).module;
    let base = group_base(db, package, file, group);
    let mut decls: Vec<Decl> = group_decls(module, group.names(db)).cloned().collect();
    let all = &resolution(db, package, file).references;
    let mut references = BTreeMap::new();
    for d in &decls {
        let inside = all.range(Span { start: d.span.start, end: 0 }..).take_while(|(s, _)| s.start < d.span.end);
        for (span, target) in inside {
            let target = match target {
                Target::Local(binder) => Target::Local(relative(*binder, base)),
                other => other.clone(),
            };
            references.insert(relative(*span, base), target);
        }
    }
    relative_spans(&mut decls, base);
    GroupItem { decls, references }
}

fn relative(span: Span, base: u32) -> Span {
    Span { start: span.start.saturating_sub(base), end: span.end.saturating_sub(base) }
}

/// A binding group's check, its spans relative to [`group_base`].
#[salsa::tracked(returns(ref))]
pub fn group_bodies<'db>(db: &'db dyn Db, package: Package, file: SourceFile, group: GroupId<'db>) -> Bodies {
    let item = group_item(db, package, file, group);
    let env = decl_env(db, package, file);
    with_context(db, package, file, &item.references, Stage::Bodies, |cx| {
        types_check::check_group(&item.decls, cx, env)
    })
}

/// The types a binding group's members get: what other groups depend on.
#[salsa::tracked(returns(ref))]
pub fn group_schemes<'db>(
    db: &'db dyn Db,
    package: Package,
    file: SourceFile,
    group: GroupId<'db>,
) -> Vec<(String, Scheme)> {
    group_bodies(db, package, file, group).schemes.clone()
}

/// The module's top-level pattern bindings. A pattern binding and a function without a
/// signature that use each other form a cycle of queries; the names then stay unknown (and
/// quiet) rather than the check failing.
#[salsa::tracked(returns(ref), cycle_result = no_patterns)]
pub fn pattern_bodies(db: &dyn Db, package: Package, file: SourceFile) -> Bodies {
    let module = &resolved(db, package, file).module;
    if !module.decls.iter().any(|d| matches!(d.kind, DeclKind::PatternBinding { .. })) {
        return Bodies::default();
    }
    let references = &resolution(db, package, file).references;
    let env = decl_env(db, package, file);
    with_context(db, package, file, references, Stage::Bodies, |cx| types_check::check_patterns(module, cx, env))
}

fn no_patterns(_db: &dyn Db, _id: salsa::Id, _package: Package, _file: SourceFile) -> Bodies {
    Bodies::default()
}

/// The types of the names top-level pattern bindings bind: what binding groups depend on.
#[salsa::tracked(returns(ref), cycle_result = no_pattern_schemes)]
pub fn pattern_schemes(db: &dyn Db, package: Package, file: SourceFile) -> Vec<(String, Scheme)> {
    pattern_bodies(db, package, file).schemes.clone()
}

fn no_pattern_schemes(_db: &dyn Db, _id: salsa::Id, _package: Package, _file: SourceFile) -> Vec<(String, Scheme)> {
    Vec::new()
}

/// Instance methods, class defaults and derived instances.
#[salsa::tracked(returns(ref))]
pub fn rest_bodies(db: &dyn Db, package: Package, file: SourceFile) -> Bodies {
    let references = &resolution(db, package, file).references;
    let (declared, _) = declared(db, package, file);
    with_context(db, package, file, references, Stage::Bodies, |cx| {
        types_check::check_rest(&resolved(db, package, file).module, cx, declared)
    })
}

/// The type check of one module, assembled from its declarations, its binding groups and the
/// rest.
#[salsa::tracked(returns(ref))]
pub fn checked(db: &dyn Db, package: Package, file: SourceFile) -> Checked {
    let (declared, declaration_errors) = declared(db, package, file);
    let mut out = Checked { types: declared.env.types.clone(), ..Checked::default() };
    out.diagnostics.extend(declaration_errors.iter().cloned());
    let mut add = |bodies: &Bodies, base: u32| {
        for (name, scheme) in &bodies.schemes {
            out.types.values.entry(name.clone()).or_insert_with(|| scheme.clone());
        }
        let mut elaboration = bodies.elaboration.clone();
        let mut diagnostics = bodies.diagnostics.clone();
        if base > 0 {
            elaboration.shift(base);
            for d in &mut diagnostics {
                for label in &mut d.labels {
                    label.span = Span { start: label.span.start + base, end: label.span.end + base };
                }
            }
        }
        out.elaboration.extend(elaboration);
        out.diagnostics.extend(diagnostics);
    };
    for names in binding_groups(db, package, file) {
        let group = GroupId::new(db, names.clone());
        add(group_bodies(db, package, file, group), group_base(db, package, file, group));
    }
    add(pattern_bodies(db, package, file), 0);
    add(rest_bodies(db, package, file), 0);
    out.diagnostics.sort_by_key(|d| d.primary_span().map(|s| (s.start, s.end)));
    // Two stages can see one problem (kinds, then the conversion of the same written type):
    // the first report of a code at a place is enough.
    out.diagnostics.dedup_by(|later, first| later.code == first.code && later.primary_span() == first.primary_span());
    out
}

/// A module's top-level definitions, with the duplicates and lonely signatures among them.
#[salsa::tracked(returns(ref))]
pub fn scope(db: &dyn Db, file: SourceFile) -> (Scope, Vec<Diagnostic>) {
    // The parsed tree, not the fixity-resolved one: definitions do not depend on operators'
    // association, so the scope does not wait for the imports' fixities.
    resolve::collect_scope(&parse(db, file).module)
}

/// What a module exports: the names its importers are resolved against. It holds no spans,
/// so an edit inside a body leaves it equal and the importers are not resolved again.
#[salsa::tracked(returns(ref))]
pub fn interface(db: &dyn Db, package: Package, file: SourceFile) -> Interface {
    resolve::module_interface(&parse(db, file).module, &scope(db, file).0, &|m| import_target(db, package, file, m))
}

/// What an import of `module` in `file` brings: the module's interface, unless the package
/// has no such module, or the module imports `file` back. In a cycle, an interface would need
/// itself: each module of the cycle is resolved without the imports that lead back to it.
fn import_target<'db>(db: &'db dyn Db, package: Package, file: SourceFile, module: &str) -> ImportTarget<'db> {
    let Some(source) = module_file(db, package, ModuleId::new(db, module.to_string())) else {
        return ImportTarget::Missing;
    };
    if reachable(db, package, source).contains(&file) {
        ImportTarget::Cyclic
    } else {
        ImportTarget::Interface(interface(db, package, source))
    }
}

/// The names of the modules a file imports, in source order, without the implicit Prelude
/// that [`imported_modules`] adds: the edges of the import graph name resolution sees.
#[salsa::tracked(returns(ref))]
pub fn import_names(db: &dyn Db, file: SourceFile) -> Vec<String> {
    parse(db, file).module.imports.iter().map(|i| i.module.name.clone()).collect()
}

/// (index of the import, file) for each import of `file` that the package has.
fn import_files(db: &dyn Db, package: Package, file: SourceFile) -> Vec<(usize, SourceFile)> {
    let names = import_names(db, file).iter().enumerate();
    names.filter_map(|(k, m)| Some((k, module_file(db, package, ModuleId::new(db, m.clone()))?))).collect()
}

/// The files `file` reaches through one import or more: itself among them when it lies on an
/// import cycle.
#[salsa::tracked(returns(ref))]
pub fn reachable(db: &dyn Db, package: Package, file: SourceFile) -> Vec<SourceFile> {
    resolve::reachable(file, |f| import_files(db, package, f).into_iter().map(|(_, g)| g).collect())
}

/// The import cycle `file` reports: one module of a cycle does, the first in the package's
/// order, so that the cycle is reported once.
#[salsa::tracked(returns(ref))]
pub fn import_cycle(db: &dyn Db, package: Package, file: SourceFile) -> Option<ImportCycle> {
    let reach = reachable(db, package, file);
    if !reach.contains(&file) {
        return None;
    }
    let scc: Vec<SourceFile> = reach.iter().copied().filter(|&f| reachable(db, package, f).contains(&file)).collect();
    let files = package.files(db);
    let position = |f: SourceFile| files.iter().position(|&g| g == f).unwrap_or(usize::MAX);
    let name = |f: SourceFile| module_name(db, f).unwrap_or_else(|| "Main".to_string());
    resolve::reported_cycle(file, &scc, position, |f| import_files(db, package, f), name)
}

/// One file's name resolution, from its own tree, its scope and the interfaces of the modules
/// it imports: an edit re-resolves the edited module, and its importers only when its
/// interface changed. Compared with its previous value, so that what depends on it re-runs
/// only when its names changed.
#[salsa::tracked(returns(ref))]
pub fn resolution(db: &dyn Db, package: Package, file: SourceFile) -> Resolution {
    let module = &resolved(db, package, file).module;
    let (scope, scope_diagnostics) = scope(db, file);
    let target = |m: &str| import_target(db, package, file, m);
    let known: Vec<&str> = modules(db, package).keys().map(String::as_str).collect();
    let cycle = import_cycle(db, package, file).as_ref();
    resolve::resolve_module(module, scope, scope_diagnostics, &target, &known, cycle)
}

/// The file that holds a module, if the package has it.
#[salsa::tracked(returns(copy))]
pub fn module_file<'db>(db: &'db dyn Db, package: Package, module: ModuleId<'db>) -> Option<SourceFile> {
    modules(db, package).get(module.name(db)).copied()
}

/// The names of the modules a file imports (and the Prelude, which `do` and ranges use).
#[salsa::tracked(returns(ref))]
pub fn imported_modules(db: &dyn Db, file: SourceFile) -> Vec<String> {
    let mut names = import_names(db, file).clone();
    names.push("Prelude".to_string());
    names.sort();
    names.dedup();
    names
}

/// A checked module's interface alone: what importers depend on, so that they are not checked
/// again when only the module's diagnostics or elaboration changed.
#[salsa::tracked(returns(ref))]
pub fn module_types(db: &dyn Db, package: Package, file: SourceFile) -> ModuleTypes {
    checked(db, package, file).types.clone()
}

/// Everything `mote check` reports for a file so far, sorted by position: syntax and fixity
/// errors, then, for a file that parsed cleanly, name resolution's. (Resolving a tree that error
/// recovery cut short would report names whose definitions were lost to the syntax error.)
#[salsa::tracked(returns(ref))]
pub fn check(db: &dyn Db, package: Package, file: SourceFile) -> Vec<Diagnostic> {
    let parsed = resolved(db, package, file);
    let mut diagnostics = parsed.diagnostics.clone();
    if !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(resolution(db, package, file).diagnostics.iter().cloned());
        diagnostics.extend(checked(db, package, file).diagnostics.iter().cloned());
        diagnostics.sort_by_key(|d| d.primary_span().map(|s| (s.start, s.end)));
    }
    diagnostics
}

/// Parses every source of a package and resolves fixities across their imports, in the order
/// of `sources`. A one-shot use of the database; long-lived tools keep their own.
pub fn parse_package(sources: &[&str]) -> Vec<Parsed> {
    one_shot(sources, |db, package, files| files.iter().map(|&file| resolved(db, package, file).clone()).collect())
}

/// Checks every source of a package (with the standard library) and returns each one's
/// diagnostics, in the order of `sources`.
pub fn check_package(sources: &[&str]) -> Vec<Vec<Diagnostic>> {
    one_shot(sources, |db, package, files| files.iter().map(|&file| check(db, package, file).clone()).collect())
}

/// Type-checks one module (with the standard library): the printed type scheme of each of its
/// top-level values, in declaration order, and the module's diagnostics.
pub fn inferred_types(source: &str) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    one_shot(&[source], |db, package, files| {
        let diagnostics = check(db, package, files[0]).clone();
        (declared_types(db, package, files[0]), diagnostics)
    })
}

/// Type-checks one module (with the standard library): its interface, elaboration and
/// diagnostics, as the code generator and the REPL see them.
pub fn checked_source(source: &str) -> Checked {
    one_shot(&[source], |db, package, files| checked(db, package, files[0]).clone())
}

/// The printed schemes of a file's top-level values, in declaration order.
fn declared_types(db: &dyn Db, package: Package, file: SourceFile) -> Vec<(String, String)> {
    let module = &parse(db, file).module;
    let types = &checked(db, package, file).types;
    let mut names: Vec<String> = Vec::new();
    for d in &module.decls {
        let found = match &d.kind {
            DeclKind::Equation(eq) => vec![eq.name.name.clone()],
            DeclKind::PatternBinding { pat, .. } => {
                let mut vars = Vec::new();
                crate::resolve::pattern_vars(pat, &mut vars);
                vars.into_iter().map(|(v, _)| v).collect()
            }
            _ => Vec::new(),
        };
        for n in found {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    names.into_iter().filter_map(|n| Some((n.clone(), crate::types::print::scheme(types.values.get(&n)?)))).collect()
}

thread_local! {
    /// The database one-shot uses share on this thread, with the standard library loaded: its
    /// modules stay checked from one call to the next (tests make thousands of such calls).
    static ONE_SHOT: std::cell::RefCell<Option<(Database, Package, Vec<SourceFile>)>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` on a package of `sources` and the standard library.
fn one_shot<R>(sources: &[&str], f: impl FnOnce(&Database, Package, &[SourceFile]) -> R) -> R {
    use salsa::Setter;
    ONE_SHOT.with_borrow_mut(|slot| {
        let (db, package, stdlib) = slot.get_or_insert_with(|| {
            let db = Database::default();
            let stdlib = with_stdlib(&db, &[]);
            let package = Package::new(&db, stdlib.clone());
            (db, package, stdlib)
        });
        let files: Vec<SourceFile> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| SourceFile::new(&*db, format!("<source {i}>"), s.to_string()))
            .collect();
        let all: Vec<SourceFile> = stdlib.iter().chain(&files).copied().collect();
        package.set_files(db).to(all);
        f(db, *package, &files)
    })
}

/// The standard library's modules followed by `files`: a package module named like a library
/// module shadows it.
pub fn with_stdlib(db: &dyn Db, files: &[SourceFile]) -> Vec<SourceFile> {
    crate::stdlib::MODULES
        .iter()
        .map(|(name, text)| SourceFile::new(db, format!("<stdlib>/{}.mote", name.replace('.', "/")), text.to_string()))
        .chain(files.iter().copied())
        .collect()
}

#[cfg(test)]
mod tests;
