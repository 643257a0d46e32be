//! Exhaustiveness and redundancy tests: hand-written matches over a small universe with their exact
//! reports, and a property test that compares the check with brute force over every value of small
//! types.

use num_bigint::BigInt;
use proptest::prelude::*;

use super::*;

// ---- a small universe -------------------------------------------------------------------------

const BOOL: TypeRef = TypeRef(0);
const MAYBE: TypeRef = TypeRef(1);
const EITHER: TypeRef = TypeRef(2);
const LIST: TypeRef = TypeRef(3);
const PAIR: TypeRef = TypeRef(4);
const UNIT: TypeRef = TypeRef(5);
const COLOR: TypeRef = TypeRef(6);
const POINT: TypeRef = TypeRef(7);
/// An enum of 200 constructors `C0` … `C199`.
const BIG: TypeRef = TypeRef(8);

struct Types(Vec<Vec<CtorInfo>>);

impl Universe for Types {
    fn constructors(&self, ty: TypeRef) -> &[CtorInfo] {
        &self.0[ty.0 as usize]
    }
}

fn universe() -> Types {
    Types(vec![
        vec![CtorInfo::prefix("false", 0), CtorInfo::prefix("true", 0)],
        vec![CtorInfo::prefix("Nothing", 0), CtorInfo::prefix("Just", 1)],
        vec![CtorInfo::prefix("Left", 1), CtorInfo::prefix("Right", 1)],
        CtorInfo::list().to_vec(),
        vec![CtorInfo::tuple(2)],
        vec![CtorInfo::tuple(0)],
        vec![CtorInfo::prefix("Red", 0), CtorInfo::prefix("Green", 0), CtorInfo::prefix("Blue", 0)],
        vec![CtorInfo::record(&["x", "y"])],
        (0..200).map(|i| CtorInfo::prefix(&format!("C{i}"), 0)).collect(),
    ])
}

// ---- building patterns --------------------------------------------------------------------------

fn con(ty: TypeRef, ctor: usize, args: Vec<Pattern>) -> Pattern {
    Pattern::Con { ty, ctor, args }
}
fn w() -> Pattern {
    Pattern::Wild
}
fn fals() -> Pattern {
    con(BOOL, 0, vec![])
}
fn tru() -> Pattern {
    con(BOOL, 1, vec![])
}
fn nothing() -> Pattern {
    con(MAYBE, 0, vec![])
}
fn just(p: Pattern) -> Pattern {
    con(MAYBE, 1, vec![p])
}
fn left(p: Pattern) -> Pattern {
    con(EITHER, 0, vec![p])
}
fn right(p: Pattern) -> Pattern {
    con(EITHER, 1, vec![p])
}
fn nil() -> Pattern {
    con(LIST, 0, vec![])
}
fn cons(head: Pattern, tail: Pattern) -> Pattern {
    con(LIST, 1, vec![head, tail])
}
/// `[a, b]`
fn list(items: Vec<Pattern>) -> Pattern {
    items.into_iter().rev().fold(nil(), |tail, head| cons(head, tail))
}
fn pair(a: Pattern, b: Pattern) -> Pattern {
    con(PAIR, 0, vec![a, b])
}
fn unit() -> Pattern {
    con(UNIT, 0, vec![])
}
fn color(ctor: usize) -> Pattern {
    con(COLOR, ctor, vec![])
}
fn point(x: Pattern, y: Pattern) -> Pattern {
    con(POINT, 0, vec![x, y])
}
fn big(ctor: usize) -> Pattern {
    con(BIG, ctor, vec![])
}
fn int(n: i64) -> Pattern {
    Pattern::Lit(Literal::Int(BigInt::from(n)))
}
fn atom(name: &str) -> Pattern {
    Pattern::Lit(Literal::Atom(name.to_string()))
}

fn row(patterns: Vec<Pattern>) -> Row {
    Row { patterns, guarded: false }
}
fn guarded(patterns: Vec<Pattern>) -> Row {
    Row { patterns, guarded: true }
}

/// Checks a match over one scrutinee whose alternatives are unguarded.
fn check1(patterns: Vec<Pattern>) -> Report {
    check_rows(patterns.into_iter().map(|p| row(vec![p])).collect())
}

fn check_rows(rows: Vec<Row>) -> Report {
    let arity = rows.first().map_or(1, |r| r.patterns.len());
    check(&universe(), arity, &rows)
}

/// The missing cases, one string per case with the scrutinees separated by `, `.
fn missing(report: &Report) -> Vec<String> {
    report.missing.iter().map(|case| case.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(", ")).collect()
}

fn assert_exhaustive(report: &Report) {
    assert!(report.is_exhaustive(), "unexpected missing cases {:?}", missing(report));
    assert!(!report.more_missing);
}

// ---- data types ---------------------------------------------------------------------------------

#[test]
fn maybe() {
    let report = check1(vec![nothing(), just(w())]);
    assert_exhaustive(&report);
    assert!(report.redundant.is_empty());
    assert_eq!(missing(&check1(vec![just(w())])), ["Nothing"]);
    assert_eq!(missing(&check1(vec![nothing()])), ["Just _"]);
}

#[test]
fn nested_constructors_list_every_missing_case() {
    assert_eq!(missing(&check1(vec![just(left(w()))])), ["Nothing", "Just (Right _)"]);
    assert_eq!(missing(&check1(vec![nothing(), just(just(tru()))])), ["Just Nothing", "Just (Just false)"]);
    assert_exhaustive(&check1(vec![just(left(w())), just(right(w())), nothing()]));
}

#[test]
fn booleans() {
    assert_eq!(missing(&check1(vec![tru()])), ["false"]);
    assert_exhaustive(&check1(vec![tru(), fals()]));
}

#[test]
fn enumerations() {
    assert_eq!(missing(&check1(vec![color(0)])), ["Green", "Blue"]);
    assert_exhaustive(&check1(vec![color(1), color(0), color(2)]));
    let report = check1(vec![color(0), w()]);
    assert_exhaustive(&report);
    assert!(report.redundant.is_empty());
}

#[test]
fn tuples_and_unit() {
    assert_eq!(missing(&check1(vec![pair(tru(), w()), pair(w(), tru())])), ["(false, false)"]);
    assert_exhaustive(&check1(vec![pair(w(), w())]));
    assert_exhaustive(&check1(vec![unit()]));
    assert_eq!(missing(&check1(vec![just(unit())])), ["Nothing"]);
    assert_eq!(missing(&check1(vec![nothing()])), ["Just _"]);
    assert_eq!(missing(&check1(vec![pair(nothing(), w())])), ["(Just _, _)"]);
}

#[test]
fn records_show_only_the_fields_that_matter() {
    assert_eq!(missing(&check1(vec![point(tru(), w())])), ["{ x = false }"]);
    assert_eq!(missing(&check1(vec![point(tru(), tru()), point(fals(), w())])), ["{ x = true, y = false }"]);
    assert_exhaustive(&check1(vec![point(w(), w())]));
    // A record of wildcards prints as `_`.
    assert_eq!(missing(&check1(vec![just(point(w(), w()))])), ["Nothing"]);
    assert_eq!(missing(&check1(vec![nothing()])), ["Just _"]);
}

#[test]
fn lists() {
    assert_eq!(missing(&check1(vec![nil()])), ["[_ | _]"]);
    assert_eq!(missing(&check1(vec![cons(w(), w())])), ["[]"]);
    assert_exhaustive(&check1(vec![nil(), cons(w(), w())]));
    assert_eq!(missing(&check1(vec![nil(), list(vec![w()])])), ["[_, _ | _]"]);
    assert_eq!(missing(&check1(vec![nil(), list(vec![tru()]), cons(w(), cons(w(), w()))])), ["[false]"]);
    assert_eq!(missing(&check1(vec![nil(), cons(just(w()), w())])), ["[Nothing | _]"]);
    assert_eq!(missing(&check1(vec![nothing(), just(nil())])), ["Just [_ | _]"]);
}

#[test]
fn several_scrutinees() {
    // case a, b of Just _, true -> …; Nothing, _ -> …
    let report = check_rows(vec![row(vec![just(w()), tru()]), row(vec![nothing(), w()])]);
    assert_eq!(missing(&report), ["Just _, false"]);
    let report = check_rows(vec![row(vec![tru(), w()]), row(vec![w(), tru()])]);
    assert_eq!(missing(&report), ["false, false"]);
    let report = check_rows(vec![row(vec![tru(), fals()]), row(vec![fals(), tru()])]);
    assert_eq!(missing(&report), ["false, false", "true, true"]);
}

// ---- literals -----------------------------------------------------------------------------------

#[test]
fn literals_are_never_exhaustive_alone() {
    assert_eq!(missing(&check1(vec![int(0), int(1)])), ["_"]);
    assert_exhaustive(&check1(vec![int(0), int(1), w()]));
    assert_eq!(missing(&check1(vec![Pattern::Lit(Literal::String("a".into()))])), ["_"]);
    assert_eq!(missing(&check1(vec![Pattern::Lit(Literal::Char('a'))])), ["_"]);
    assert_eq!(missing(&check1(vec![Pattern::Lit(Literal::Float(1.5f64.to_bits()))])), ["_"]);
    assert_eq!(missing(&check1(vec![just(int(-1)), nothing()])), ["Just _"]);
}

#[test]
fn atoms_are_an_open_domain() {
    // `receive (from, :ping) -> …` on a `(Pid, Atom)`: any other atom is missing, and `_` says so.
    assert_eq!(missing(&check1(vec![pair(w(), atom("ping")), pair(w(), atom("stop"))])), ["(_, _)"]);
    let report = check1(vec![pair(w(), atom("ping")), pair(w(), atom("ping"))]);
    assert_eq!(report.redundant, [1]);
}

#[test]
fn repeated_literals_are_redundant() {
    assert_eq!(check1(vec![int(0), int(1), int(0), w()]).redundant, [2]);
    assert_eq!(check1(vec![w(), int(0)]).redundant, [1]);
    let nan = Pattern::Lit(Literal::Float(f64::NAN.to_bits()));
    assert_eq!(check1(vec![nan.clone(), nan]).redundant, [1]);
    let strings = check1(vec![Pattern::Lit(Literal::String("a".into())), Pattern::Lit(Literal::String("b".into()))]);
    assert!(strings.redundant.is_empty());
}

// ---- guards, redundancy, opaque patterns ----------------------------------------------------------

#[test]
fn guarded_rows_cover_nothing() {
    let report = check_rows(vec![guarded(vec![nothing()]), row(vec![just(w())])]);
    assert_eq!(missing(&report), ["Nothing"]);
    assert!(report.redundant.is_empty());
    let report = check_rows(vec![guarded(vec![w()]), row(vec![w()])]);
    assert_exhaustive(&report);
    assert!(report.redundant.is_empty());
}

#[test]
fn guarded_rows_can_be_redundant() {
    let report = check_rows(vec![row(vec![w()]), guarded(vec![nothing()])]);
    assert_eq!(report.redundant, [1]);
    let report = check_rows(vec![row(vec![nothing()]), guarded(vec![nothing()]), row(vec![just(w())])]);
    assert_eq!(report.redundant, [1]);
}

#[test]
fn redundant_rows() {
    assert_eq!(check1(vec![nothing(), nothing(), just(w())]).redundant, [1]);
    assert_eq!(check1(vec![w(), nothing(), just(w())]).redundant, [1, 2]);
    assert_eq!(check1(vec![just(w()), nothing(), w()]).redundant, [2]);
    assert_eq!(check1(vec![just(left(w())), just(right(w())), just(w()), nothing()]).redundant, [2]);
    let report = check_rows(vec![row(vec![just(tru()), w()]), row(vec![just(tru()), fals()])]);
    assert_eq!(report.redundant, [1]);
    // A redundant row reported once is not counted again against the rows after it.
    assert_eq!(check1(vec![w(), w(), w()]).redundant, [1, 2]);
}

#[test]
fn opaque_patterns_cover_nothing_but_can_be_redundant() {
    // `#{"k" := v} -> …` alone: maps without "k" are missing.
    let report = check1(vec![Pattern::Opaque]);
    assert_eq!(missing(&report), ["_"]);
    assert!(report.redundant.is_empty());
    assert_eq!(check1(vec![w(), Pattern::Opaque]).redundant, [1]);
    let report = check1(vec![just(Pattern::Opaque), just(w())]);
    assert_eq!(missing(&report), ["Nothing"]);
    assert!(report.redundant.is_empty());
    assert_eq!(check1(vec![just(w()), just(Pattern::Opaque)]).redundant, [1]);
    // Two identical opaque patterns: the check cannot tell, so it says nothing.
    assert!(check1(vec![Pattern::Opaque, Pattern::Opaque, w()]).redundant.is_empty());
}

#[test]
fn no_scrutinees() {
    // `x | cond = 1` with no fallback: the guard may fail.
    let report = check(&universe(), 0, &[guarded(vec![])]);
    assert_eq!(report.missing, [Vec::<MissingPattern>::new()]);
    let report = check(&universe(), 0, &[row(vec![]), row(vec![])]);
    assert_exhaustive(&report);
    assert_eq!(report.redundant, [1]);
}

// ---- printing -----------------------------------------------------------------------------------

#[test]
fn printing_parenthesises_applications_inside_applications() {
    let report = check1(vec![nothing(), just(nothing()), just(just(left(w())))]);
    assert_eq!(missing(&report), ["Just (Just (Right _))"]);
    assert_eq!(missing(&check1(vec![nothing(), just(nothing())])), ["Just (Just _)"]);
    assert_eq!(missing(&check1(vec![nothing(), just(pair(tru(), w()))])), ["Just (false, _)"]);
}

#[test]
fn missing_patterns_as_function_arguments() {
    let report = check_rows(vec![row(vec![nothing(), tru()]), row(vec![w(), fals()])]);
    let args: Vec<String> = report.missing[0].iter().map(MissingPattern::as_argument).collect();
    assert_eq!(args, ["(Just _)", "true"]);
    let report = check1(vec![just(w())]);
    assert_eq!(report.missing[0][0].as_argument(), "Nothing");
    let report = check1(vec![nothing()]);
    assert_eq!(report.missing[0][0].to_string(), "Just _");
}

#[test]
fn missing_cases_are_capped() {
    let report = check1(vec![big(0)]);
    assert_eq!(missing(&report), ["C1", "C2", "C3", "C4", "C5"]);
    assert!(report.more_missing);
    // An absent constructor is one case, whatever follows it.
    let report = check_rows(vec![row(vec![tru(), tru(), tru()])]);
    assert_eq!(missing(&report), ["false, _, _", "true, false, _", "true, true, false"]);
    assert!(!report.more_missing);
    let report = check1((0..195).map(big).collect());
    assert_eq!(missing(&report), ["C195", "C196", "C197", "C198", "C199"]);
    assert!(!report.more_missing);
}

// ---- large matches --------------------------------------------------------------------------------

#[test]
fn a_two_hundred_constructor_enum() {
    let mut patterns: Vec<Pattern> = (0..200).rev().map(big).collect();
    patterns.push(w());
    let report = check1(patterns);
    assert_exhaustive(&report);
    assert_eq!(report.redundant, [200]);
    // Two scrutinees of the enum, each constructor paired with a wildcard.
    let mut rows: Vec<Row> = (0..200).map(|c| row(vec![big(c), w()])).collect();
    rows.extend((0..199).map(|c| row(vec![w(), big(c)])));
    let report = check_rows(rows);
    assert_exhaustive(&report);
    assert_eq!(report.redundant, (200..399).collect::<Vec<_>>());
}

#[test]
fn ten_booleans_fifty_rows_agree_with_brute_force() {
    // A fixed pseudo-random matrix, a third of it wildcards, checked against all 1024 values.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % 3
    };
    let rows: Vec<Row> =
        (0..50).map(|_| row((0..10).map(|_| [w(), tru(), fals()][next() as usize].clone()).collect())).collect();
    let tys = vec![Ty::Bool; 10];
    let report = check(&universe(), 10, &rows);
    let (witnesses, redundant) = analyse(&universe(), 10, &rows, usize::MAX);
    assert_eq!(report.redundant, redundant);
    agrees_with_brute_force(&tys, 1, &rows, &witnesses, &redundant).unwrap();
    assert!(!witnesses.is_empty(), "the matrix was picked to be non-exhaustive");
}

// ---- the property: agreement with brute force over small types ------------------------------------

/// The types the property test draws scrutinees from.
#[derive(Debug, Clone, PartialEq)]
enum Ty {
    Bool,
    Int,
    Color,
    Unit,
    Maybe(Box<Ty>),
    Either(Box<Ty>, Box<Ty>),
    Pair(Box<Ty>, Box<Ty>),
    Point(Box<Ty>, Box<Ty>),
    List(Box<Ty>),
}

/// A value of a [`Ty`]; integers come from 0..=3, and patterns use only 0..=2, so 3 stands for every
/// integer no pattern names.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Con(TypeRef, usize, Vec<Value>),
    Int(i64),
}

const UNNAMED_INT: i64 = 3;

impl Ty {
    /// The data type and each constructor's field types; `None` for `Int`.
    fn ctors(&self) -> Option<(TypeRef, Vec<Vec<Ty>>)> {
        Some(match self {
            Ty::Int => return None,
            Ty::Bool => (BOOL, vec![vec![], vec![]]),
            Ty::Color => (COLOR, vec![vec![], vec![], vec![]]),
            Ty::Unit => (UNIT, vec![vec![]]),
            Ty::Maybe(a) => (MAYBE, vec![vec![], vec![(**a).clone()]]),
            Ty::Either(a, b) => (EITHER, vec![vec![(**a).clone()], vec![(**b).clone()]]),
            Ty::Pair(a, b) => (PAIR, vec![vec![(**a).clone(), (**b).clone()]]),
            Ty::Point(a, b) => (POINT, vec![vec![(**a).clone(), (**b).clone()]]),
            Ty::List(a) => (LIST, vec![vec![], vec![(**a).clone(), self.clone()]]),
        })
    }

    /// One value for each way patterns of at most `depth` constructors deep can tell values apart: below
    /// that depth every pattern is a wildcard or opaque, so any one value stands for all.
    fn values(&self, depth: u32) -> Vec<Value> {
        match self.ctors() {
            None if depth == 0 => vec![Value::Int(0)],
            None => (0..=UNNAMED_INT).map(Value::Int).collect(),
            Some((ty, ctors)) => {
                let ctors = if depth == 0 { &ctors[..1] } else { &ctors[..] };
                let mut out = Vec::new();
                for (ctor, fields) in ctors.iter().enumerate() {
                    let fields: Vec<Vec<Value>> = fields.iter().map(|f| f.values(depth.saturating_sub(1))).collect();
                    out.extend(product(&fields).into_iter().map(|args| Value::Con(ty, ctor, args)));
                }
                out
            }
        }
    }

    /// The values a witness stands for, up to `depth`.
    fn instances(&self, witness: &Witness, depth: u32) -> Vec<Value> {
        match witness {
            Witness::Any if *self == Ty::Int => vec![Value::Int(UNNAMED_INT)],
            Witness::Any => self.values(depth),
            Witness::Con { ctor, args, .. } => {
                let (ty, ctors) = self.ctors().expect("a constructor witness has a data type");
                let fields: Vec<Vec<Value>> =
                    ctors[*ctor].iter().zip(args).map(|(f, arg)| f.instances(arg, depth.saturating_sub(1))).collect();
                product(&fields).into_iter().map(|args| Value::Con(ty, *ctor, args)).collect()
            }
        }
    }
}

fn product(columns: &[Vec<Value>]) -> Vec<Vec<Value>> {
    columns.iter().fold(vec![vec![]], |acc, column| {
        acc.iter().flat_map(|prefix| column.iter().map(move |v| [prefix.clone(), vec![v.clone()]].concat())).collect()
    })
}

/// Whether `pattern` matches `value`; an opaque pattern matches when `opaque` says so.
fn matches(pattern: &Pattern, value: &Value, opaque: bool) -> bool {
    match (pattern, value) {
        (Pattern::Wild, _) => true,
        (Pattern::Opaque, _) => opaque,
        (Pattern::Con { ty, ctor, args }, Value::Con(t, c, vs)) => {
            (ty, ctor) == (t, c) && args.iter().zip(vs).all(|(p, v)| matches(p, v, opaque))
        }
        (Pattern::Lit(Literal::Int(n)), Value::Int(m)) => *n == BigInt::from(*m),
        _ => false,
    }
}

fn row_matches(row: &Row, values: &[Value], opaque: bool) -> bool {
    row.patterns.iter().zip(values).all(|(p, v)| matches(p, v, opaque))
}

/// A row covers a value when it surely matches it: no guard, and no opaque pattern to fail.
fn covers(row: &Row, values: &[Value]) -> bool {
    !row.guarded && row_matches(row, values, false)
}

/// Compares the check's findings with brute force over every value of `tys` up to `depth`.
fn agrees_with_brute_force(
    tys: &[Ty],
    depth: u32,
    rows: &[Row],
    witnesses: &[Vec<Witness>],
    redundant: &[usize],
) -> Result<(), String> {
    let all = product(&tys.iter().map(|t| t.values(depth)).collect::<Vec<_>>());
    let uncovered: Vec<&Vec<Value>> = all.iter().filter(|v| !rows.iter().any(|r| covers(r, v))).collect();
    if uncovered.is_empty() != witnesses.is_empty() {
        return Err(format!("witnesses {witnesses:?}, but values not covered: {uncovered:?}"));
    }
    for witness in witnesses {
        let instances = product(&tys.iter().zip(witness).map(|(t, w)| t.instances(w, depth)).collect::<Vec<_>>());
        if let Some(v) = instances.iter().find(|v| rows.iter().any(|r| covers(r, v))) {
            return Err(format!("witness {witness:?} has an instance {v:?} that a row covers"));
        }
    }
    // Read with `_` matching anything, the witnesses name every value left uncovered.
    let any_rows: Vec<Row> = witnesses.iter().map(|w| row(w.iter().map(wildcards).collect())).collect();
    if let Some(v) = uncovered.iter().find(|v| !any_rows.iter().any(|r| covers(r, v))) {
        return Err(format!("no witness for the uncovered value {v:?}"));
    }
    for (i, r) in rows.iter().enumerate() {
        // Removing a redundant row changes nothing: whatever it may match, a row above covers. And a row
        // not reported may match some value first.
        let reachable = all.iter().find(|v| row_matches(r, v, true) && !rows[..i].iter().any(|above| covers(above, v)));
        if redundant.contains(&i) != reachable.is_none() {
            return Err(format!(
                "row {i}: reported redundant {}, first value it may match first {reachable:?}",
                redundant.contains(&i)
            ));
        }
    }
    Ok(())
}

fn wildcards(witness: &Witness) -> Pattern {
    match witness {
        Witness::Any => Pattern::Wild,
        Witness::Con { ty, ctor, args } => con(*ty, *ctor, args.iter().map(wildcards).collect()),
    }
}

fn ty() -> impl Strategy<Value = Ty> {
    let leaf = prop_oneof![Just(Ty::Bool), Just(Ty::Int), Just(Ty::Color), Just(Ty::Unit)];
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| Ty::Maybe(Box::new(a))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Ty::Either(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Ty::Pair(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Ty::Point(Box::new(a), Box::new(b))),
            inner.prop_map(|a| Ty::List(Box::new(a))),
        ]
    })
}

/// Patterns of type `ty` at most `depth` constructors or literals deep.
fn pattern(ty: &Ty, depth: u32) -> BoxedStrategy<Pattern> {
    let wild = prop_oneof![6 => Just(Pattern::Wild), 1 => Just(Pattern::Opaque)];
    if depth == 0 {
        return wild.boxed();
    }
    let specific = match ty.ctors() {
        None => (0..UNNAMED_INT).prop_map(int).boxed(),
        Some((ty, ctors)) => {
            let options: Vec<BoxedStrategy<Pattern>> = ctors
                .iter()
                .enumerate()
                .map(|(ctor, fields)| {
                    let fields: Vec<BoxedStrategy<Pattern>> = fields.iter().map(|f| pattern(f, depth - 1)).collect();
                    fields.prop_map(move |args| con(ty, ctor, args)).boxed()
                })
                .collect();
            proptest::strategy::Union::new(options).boxed()
        }
    };
    prop_oneof![1 => wild, 3 => specific].boxed()
}

/// Scrutinee types, the pattern depth, and the rows of a match.
fn a_match() -> impl Strategy<Value = (Vec<Ty>, u32, Vec<Row>)> {
    proptest::collection::vec(ty(), 0..=2).prop_flat_map(|tys| {
        // Two scrutinees get shallower patterns, to keep the number of values to try small.
        let depth = if tys.len() > 1 { 2 } else { 3 };
        let patterns: Vec<BoxedStrategy<Pattern>> = tys.iter().map(|t| pattern(t, depth)).collect();
        let a_row = (patterns, proptest::bool::weighted(0.2)).prop_map(|(patterns, guarded)| Row { patterns, guarded });
        (Just(tys), Just(depth), proptest::collection::vec(a_row, 0..7))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_check_agrees_with_brute_force((tys, depth, rows) in a_match()) {
        let (witnesses, redundant) = analyse(&universe(), tys.len(), &rows, usize::MAX);
        if let Err(problem) = agrees_with_brute_force(&tys, depth, &rows, &witnesses, &redundant) {
            return Err(TestCaseError::fail(problem));
        }
        // The capped report says the same.
        let report = check(&universe(), tys.len(), &rows);
        prop_assert_eq!(report.redundant, redundant);
        prop_assert_eq!(report.missing.len(), witnesses.len().min(MAX_MISSING));
        prop_assert_eq!(report.more_missing, witnesses.len() > MAX_MISSING);
    }
}
