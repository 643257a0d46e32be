//! The patterns of one match, checked for missing and unreachable cases.
//!
//! The type checker hands over the syntax-tree patterns of a `case`, of a function's equations, of a
//! lambda or of a pattern binding; this module lowers them to the input of the usefulness check in
//! [`exhaustive`] (whose module doc fixes how each pattern form is lowered) and turns its report into
//! warnings: [`Code::E0170`] for missing cases, [`Code::E0171`] for clauses that can never match.
//!
//! Architecture invariant: constructors are known only through a [`ConstructorTable`], and nothing here
//! panics on patterns that do not type-check. Such patterns are reported by other stages, so a match
//! they make meaningless is checked as far as it can be and otherwise left alone: a constructor the
//! table does not know, or applied to the wrong number of patterns, is opaque and silences the
//! missing-case warning; rows of different widths, or one column holding patterns of different types,
//! skip the check.

use std::collections::{BTreeSet, HashMap};
use std::mem;

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::ast::{self, Expr, ExprKind, Guard, Name, Pat, PatKind, Rhs};
use crate::types::exhaustive::{self, CtorInfo, Literal, MissingPattern, Pattern, Row, TypeRef, Universe};

#[cfg(test)]
mod tests;

/// What the checker knows of constructors.
pub trait ConstructorTable {
    /// The data type that the constructor named by a pattern belongs to: a key unique per type (its full
    /// name), and all of that type's constructors in declaration order, as (name as the user writes it,
    /// arity). `None` when the name is unknown (an error reported elsewhere): the pattern is then treated
    /// as opaque and the match gets no missing-case warning, so no false warning results.
    fn family(&self, ctor: &Name) -> Option<(String, Vec<(String, usize)>)>;

    /// Which of `family`'s constructors `ctor` names. By default the one spelled like `ctor`, qualified
    /// or not; a table that knows constructor operators (`infixr 5 Cons as :|`) overrides this so that
    /// `:|` finds `Cons`. `None` makes the pattern opaque, like an unknown name.
    fn position(&self, ctor: &Name, family: &[(String, usize)]) -> Option<usize> {
        family.iter().position(|(name, _)| *name == ctor.name || *name == ctor.full())
    }
}

/// The construct whose patterns are checked, which the warnings name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind<'a> {
    /// `case e1, e2 of`: one pattern per scrutinee in each alternative.
    Case,
    /// The equations of the named function: one pattern per argument in each equation.
    Function(&'a str),
    /// `\p1 p2 -> e`: a single row.
    Lambda,
    /// `p = e`: a single row of one pattern.
    Binding,
}

/// One clause of a match.
#[derive(Debug, Clone)]
pub struct MatchRow<'a> {
    pub pats: Vec<&'a Pat>,
    /// `None` or [`Rhs::Plain`] when unguarded; [`Rhs::Guarded`] may fall through to the next clause.
    pub rhs: Option<&'a Rhs>,
    /// Where a warning that the clause can never match points.
    pub span: Span,
}

/// Checks one match; `span` is where the missing-case warning points (the `case` expression, the first
/// equation's name, the lambda, the binding's pattern).
pub fn check_match(
    table: &dyn ConstructorTable,
    kind: MatchKind<'_>,
    rows: &[MatchRow<'_>],
    span: Span,
) -> Vec<Diagnostic> {
    let Some(arity) = rows.first().map(|row| row.pats.len()) else { return Vec::new() };
    if rows.iter().any(|row| row.pats.len() != arity) {
        return Vec::new();
    }
    let mut lowering = Lowering { table, types: Types::default(), suspect: false };
    let mut shapes = Vec::with_capacity(rows.len());
    let mut suspect_rows = Vec::with_capacity(rows.len());
    for row in rows {
        lowering.suspect = false;
        shapes.push(row.pats.iter().map(|pat| lowering.shape(pat)).collect::<Vec<Shape>>());
        suspect_rows.push(lowering.suspect);
    }
    let mut columns = Vec::with_capacity(arity);
    for col in 0..arity {
        let column: Vec<&Shape> = shapes.iter().map(|row| &row[col]).collect();
        let Some(patterns) = lowering.column(&column) else { return Vec::new() };
        columns.push(patterns.into_iter());
    }
    let lowered: Vec<Row> = rows
        .iter()
        .map(|row| Row {
            patterns: columns.iter_mut().map(|c| c.next().expect("a column holds one pattern per row")).collect(),
            guarded: may_fall_through(row.rhs),
        })
        .collect();
    let report = exhaustive::check(&lowering.types, arity, &lowered);

    let mut diagnostics = Vec::new();
    if !report.is_exhaustive() && !suspect_rows.contains(&true) {
        let guarded = lowered.iter().any(|row| row.guarded);
        diagnostics.push(missing_warning(kind, arity, &report, guarded, span));
    }
    for &i in &report.redundant {
        if !suspect_rows[i] {
            diagnostics.push(redundant_warning(rows[i].span));
        }
    }
    diagnostics
}

// ---- warnings ----------------------------------------------------------------------------------

fn missing_warning(
    kind: MatchKind<'_>,
    arity: usize,
    report: &exhaustive::Report,
    guarded: bool,
    span: Span,
) -> Diagnostic {
    if arity == 0 {
        // Only a function without arguments or a binding has no patterns: its guards are what may fail.
        let subject = match kind {
            MatchKind::Function(name) => format!("`{name}`"),
            _ => "this binding".to_string(),
        };
        return Diagnostic::warning(Code::E0170, format!("the guards of {subject} may all fail"))
            .with_primary(span, "no guard is sure to hold")
            .with_help("end the guards with `| otherwise = ...`");
    }
    let cases: Vec<String> = report.missing.iter().map(|case| written(kind, case)).collect();
    let mut listed: Vec<String> = cases.iter().map(|case| format!("`{case}`")).collect();
    if report.more_missing {
        listed.push("more".to_string());
    }
    let listed = join_and(&listed);
    let single = match report.missing.as_slice() {
        [case] if !report.more_missing => Some(case),
        _ => None,
    };
    let (message, help) = match kind {
        MatchKind::Case => {
            let help = match single {
                Some(_) => format!("add an alternative `{} -> ...`", cases[0]),
                None => {
                    let catch_all = vec!["_"; arity].join(", ");
                    format!("add alternatives for the missing cases, or a catch-all `{catch_all} -> ...`")
                }
            };
            (format!("this `case` does not cover {listed}"), help)
        }
        MatchKind::Function(name) => {
            let help = match single {
                Some(case) => format!("add an equation `{name} {} = ...`", arguments(case)),
                None => {
                    let catch_all = vec!["_"; arity].join(" ");
                    format!("add equations for the missing cases, or a catch-all `{name} {catch_all} = ...`")
                }
            };
            (format!("`{name}` has no equation for {listed}"), help)
        }
        MatchKind::Lambda => (
            format!("this lambda does not cover {listed}"),
            "match the argument with a `case` in the lambda's body".to_string(),
        ),
        MatchKind::Binding => {
            (format!("this binding does not cover {listed}"), "match the value with a `case` instead".to_string())
        }
    };
    let warning =
        Diagnostic::warning(Code::E0170, message).with_primary(span, "not every value is matched").with_help(help);
    if guarded {
        warning.with_note("a clause with guards covers nothing unless a guard is `otherwise`")
    } else {
        warning
    }
}

fn redundant_warning(span: Span) -> Diagnostic {
    Diagnostic::warning(Code::E0171, "this clause can never match")
        .with_primary(span, "unreachable")
        .with_note("the clauses above match every value this one matches")
        .with_help("remove it, or move it above the clauses that cover it")
}

/// A missing case as the construct writes it: `Nothing, _` in a `case`, `(Just _) []` as arguments.
fn written(kind: MatchKind<'_>, case: &[MissingPattern]) -> String {
    match (kind, case) {
        (MatchKind::Case, _) => case.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(", "),
        (_, [single]) => single.text.clone(),
        _ => arguments(case),
    }
}

fn arguments(case: &[MissingPattern]) -> String {
    case.iter().map(MissingPattern::as_argument).collect::<Vec<_>>().join(" ")
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

// ---- guards ------------------------------------------------------------------------------------

/// Whether the clause can fall through to the next one: no alternative has guards that always hold.
fn may_fall_through(rhs: Option<&Rhs>) -> bool {
    match rhs {
        None | Some(Rhs::Plain(_)) => false,
        Some(Rhs::Guarded(alternatives)) => !alternatives.iter().any(|alt| alt.guards.iter().all(always_holds)),
    }
}

fn always_holds(guard: &Guard) -> bool {
    match guard {
        Guard::Bool(expr) => is_true(expr),
        Guard::Bind(pat, _) => irrefutable(pat),
        Guard::Let(_) => true,
    }
}

fn is_true(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Var(name) => name.name == "otherwise",
        ExprKind::Lit(ast::Literal::Bool(b)) => *b,
        ExprKind::Typed(inner, _) => is_true(inner),
        _ => false,
    }
}

/// Patterns that match every value of their type whatever the type; constructor patterns are not
/// counted, since only the type checker knows whether their type has other constructors.
fn irrefutable(pat: &Pat) -> bool {
    match &pat.kind {
        PatKind::Wildcard | PatKind::Var(_) => true,
        PatKind::As(_, inner) | PatKind::Typed(inner, _) => irrefutable(inner),
        PatKind::Tuple(items) => items.iter().all(irrefutable),
        _ => false,
    }
}

// ---- lowering ----------------------------------------------------------------------------------

/// The data types a match uses, numbered as they are met.
#[derive(Default)]
struct Types {
    constructors: Vec<Vec<CtorInfo>>,
    by_key: HashMap<String, TypeRef>,
}

impl Universe for Types {
    fn constructors(&self, ty: TypeRef) -> &[CtorInfo] {
        &self.constructors[ty.0 as usize]
    }
}

impl Types {
    /// The type named `key`, registered with `constructors` the first time it is met.
    fn get(&mut self, key: &str, constructors: impl FnOnce() -> Vec<CtorInfo>) -> TypeRef {
        if let Some(&ty) = self.by_key.get(key) {
            return ty;
        }
        let ty = TypeRef(u32::try_from(self.constructors.len()).expect("a match names fewer than 2^32 types"));
        self.constructors.push(constructors());
        self.by_key.insert(key.to_string(), ty);
        ty
    }
}

/// A pattern lowered but for records, whose field lists depend on their whole column.
#[derive(Debug)]
enum Shape {
    Wild,
    Opaque,
    Lit(Literal),
    /// `ctor` and `args` agree with the registered constructors of `ty`.
    Con {
        ty: TypeRef,
        ctor: usize,
        args: Vec<Shape>,
    },
    /// The fields a record pattern names, with their patterns.
    Record(Vec<(String, Shape)>),
}

static WILD: Shape = Shape::Wild;

// Keys of the built-in types start with `#`, which no type name does, so they never meet the table's.
const BOOLEAN: &str = "#Boolean";
const LIST: &str = "#List";

struct Lowering<'t> {
    table: &'t dyn ConstructorTable,
    types: Types,
    /// The row being lowered has a pattern that does not type-check.
    suspect: bool,
}

impl Lowering<'_> {
    fn shape(&mut self, pat: &Pat) -> Shape {
        match &pat.kind {
            PatKind::Wildcard | PatKind::Var(_) => Shape::Wild,
            PatKind::As(_, inner) | PatKind::Typed(inner, _) => self.shape(inner),
            PatKind::Lit(lit) => self.literal(lit),
            PatKind::Con(name, args) => self.constructor(name, args),
            PatKind::Tuple(items) => {
                let ty = self.types.get(&format!("#Tuple{}", items.len()), || vec![CtorInfo::tuple(items.len())]);
                Shape::Con { ty, ctor: 0, args: items.iter().map(|p| self.shape(p)).collect() }
            }
            PatKind::List(items) => {
                let nil = Shape::Con { ty: self.list_type(), ctor: 0, args: Vec::new() };
                self.list(items, nil)
            }
            PatKind::Cons(head, tail) => {
                let (head, tail) = (self.shape(head), self.shape(tail));
                Shape::Con { ty: self.list_type(), ctor: 1, args: vec![head, tail] }
            }
            PatKind::ListCons(items, tail) => {
                let tail = self.shape(tail);
                self.list(items, tail)
            }
            PatKind::Record(fields) => Shape::Record(
                fields
                    .iter()
                    .map(|field| (field.name.name.clone(), field.pat.as_ref().map_or(Shape::Wild, |p| self.shape(p))))
                    .collect(),
            ),
            PatKind::Map(entries) if entries.is_empty() => Shape::Wild,
            PatKind::Binary(segments) if matches_every_binary(segments) => Shape::Wild,
            PatKind::Map(_) | PatKind::Binary(_) => Shape::Opaque,
            PatKind::Error => {
                self.suspect = true;
                Shape::Opaque
            }
        }
    }

    fn literal(&mut self, lit: &ast::Literal) -> Shape {
        Shape::Lit(match lit {
            ast::Literal::Bool(b) => {
                let ty = self.types.get(BOOLEAN, || vec![CtorInfo::prefix("false", 0), CtorInfo::prefix("true", 0)]);
                return Shape::Con { ty, ctor: usize::from(*b), args: Vec::new() };
            }
            ast::Literal::Int(n) => Literal::Int(n.clone()),
            ast::Literal::Float(x) => Literal::Float(x.to_bits()),
            ast::Literal::Char(c) => Literal::Char(*c),
            ast::Literal::String(s) => Literal::String(s.clone()),
            ast::Literal::Atom(a) => Literal::Atom(a.clone()),
        })
    }

    fn constructor(&mut self, name: &Name, args: &[Pat]) -> Shape {
        let found = self.table.family(name).and_then(|(key, family)| {
            let ctor = self.table.position(name, &family)?;
            let ty =
                self.types.get(&key, || family.iter().map(|(name, arity)| constructor_info(name, *arity)).collect());
            // The first family registered under a key is the one the check uses; a table that answers
            // differently for the same key must not put a constructor out of its range.
            let registered = self.types.constructors(ty).get(ctor)?;
            (registered.arity == args.len()).then_some((ty, ctor))
        });
        match found {
            Some((ty, ctor)) => Shape::Con { ty, ctor, args: args.iter().map(|p| self.shape(p)).collect() },
            None => {
                self.suspect = true;
                Shape::Opaque
            }
        }
    }

    fn list_type(&mut self) -> TypeRef {
        self.types.get(LIST, || CtorInfo::list().to_vec())
    }

    /// `items` consed onto `tail`.
    fn list(&mut self, items: &[Pat], tail: Shape) -> Shape {
        let ty = self.list_type();
        items.iter().rev().fold(tail, |tail, item| Shape::Con { ty, ctor: 1, args: vec![self.shape(item), tail] })
    }

    /// The patterns of one column, one per shape; `None` when the shapes cannot have one type.
    ///
    /// Records are settled here: a record pattern's constructor has every field some record of the
    /// column names. The column of a constructor's field holds that field of every row with that
    /// constructor, which is the column the check will see.
    fn column(&mut self, shapes: &[&Shape]) -> Option<Vec<Pattern>> {
        enum Heads {
            Wild,
            Lits(mem::Discriminant<Literal>),
            Ctors(TypeRef),
            Records,
        }
        let mut heads = Heads::Wild;
        for shape in shapes {
            heads = match (heads, shape) {
                (heads, Shape::Wild | Shape::Opaque) => heads,
                (Heads::Wild, Shape::Lit(lit)) => Heads::Lits(mem::discriminant(lit)),
                (Heads::Lits(d), Shape::Lit(lit)) if d == mem::discriminant(lit) => Heads::Lits(d),
                (Heads::Wild, Shape::Con { ty, .. }) => Heads::Ctors(*ty),
                (Heads::Ctors(t), Shape::Con { ty, .. }) if t == *ty => Heads::Ctors(t),
                (Heads::Wild | Heads::Records, Shape::Record(_)) => Heads::Records,
                _ => return None,
            };
        }
        let mut out: Vec<Pattern> = shapes
            .iter()
            .map(|shape| match shape {
                Shape::Opaque => Pattern::Opaque,
                Shape::Lit(lit) => Pattern::Lit(lit.clone()),
                // Constructors and records are filled in below.
                Shape::Wild | Shape::Con { .. } | Shape::Record(_) => Pattern::Wild,
            })
            .collect();
        match heads {
            Heads::Wild | Heads::Lits(_) => {}
            Heads::Ctors(ty) => {
                for ctor in 0..self.types.constructors(ty).len() {
                    let rows: Vec<(usize, &[Shape])> = shapes
                        .iter()
                        .enumerate()
                        .filter_map(|(i, shape)| match shape {
                            Shape::Con { ctor: c, args, .. } if *c == ctor => Some((i, args.as_slice())),
                            _ => None,
                        })
                        .collect();
                    let Some(&(_, first)) = rows.first() else { continue };
                    let fields = (0..first.len())
                        .map(|f| self.column(&rows.iter().map(|(_, args)| &args[f]).collect::<Vec<_>>()))
                        .collect::<Option<Vec<_>>>()?;
                    fill(&mut out, rows.iter().map(|(i, _)| *i), fields, |args| Pattern::Con { ty, ctor, args });
                }
            }
            Heads::Records => {
                let names: BTreeSet<&str> = shapes
                    .iter()
                    .filter_map(|shape| match shape {
                        Shape::Record(fields) => Some(fields.iter().map(|(name, _)| name.as_str())),
                        _ => None,
                    })
                    .flatten()
                    .collect();
                let names: Vec<&str> = names.into_iter().collect();
                let ty = self.types.get(&format!("#Record{{{}}}", names.join(",")), || vec![CtorInfo::record(&names)]);
                let rows: Vec<(usize, &[(String, Shape)])> = shapes
                    .iter()
                    .enumerate()
                    .filter_map(|(i, shape)| match shape {
                        Shape::Record(fields) => Some((i, fields.as_slice())),
                        _ => None,
                    })
                    .collect();
                let fields = names
                    .iter()
                    .map(|name| self.column(&rows.iter().map(|(_, fields)| field(fields, name)).collect::<Vec<_>>()))
                    .collect::<Option<Vec<_>>>()?;
                fill(&mut out, rows.iter().map(|(i, _)| *i), fields, |args| Pattern::Con { ty, ctor: 0, args });
            }
        }
        Some(out)
    }
}

/// The pattern of field `name` in a record pattern, `_` when it leaves the field out.
fn field<'s>(fields: &'s [(String, Shape)], name: &str) -> &'s Shape {
    // A field named twice is an error reported elsewhere; the first pattern stands.
    fields.iter().find(|(n, _)| n == name).map_or(&WILD, |(_, shape)| shape)
}

/// Sets `out[row]` for each of `rows` to `build` of that row's patterns in `fields`, which hold one
/// column per field and one pattern per row in each.
fn fill(
    out: &mut [Pattern],
    rows: impl Iterator<Item = usize>,
    fields: Vec<Vec<Pattern>>,
    build: impl Fn(Vec<Pattern>) -> Pattern,
) {
    let mut fields: Vec<_> = fields.into_iter().map(Vec::into_iter).collect();
    for row in rows {
        let args = fields.iter_mut().map(|f| f.next().expect("a field column holds one pattern per row")).collect();
        out[row] = build(args);
    }
}

fn constructor_info(name: &str, arity: usize) -> CtorInfo {
    // An operator-named constructor is written in prefix position in parentheses: `(:|) _ _`.
    if name.starts_with(|c: char| !c.is_alphanumeric() && c != '_') {
        CtorInfo::prefix(&format!("({name})"), arity)
    } else {
        CtorInfo::prefix(name, arity)
    }
}

/// `<<rest/binary>>`: one unsized segment binding the whole binary.
fn matches_every_binary(segments: &[ast::Segment<Pat>]) -> bool {
    let [segment] = segments else { return false };
    segment.size.is_none()
        && irrefutable(&segment.value)
        && segment.specs.iter().any(|spec| matches!(spec.name.as_str(), "binary" | "bytes" | "bits"))
}
