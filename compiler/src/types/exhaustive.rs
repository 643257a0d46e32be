//! Exhaustiveness and redundancy of pattern matches, by Maranget's usefulness algorithm ("Warnings for
//! pattern matching", JFP 2007).
//!
//! Architecture invariant: this module knows nothing of the AST, of types or of diagnostics. The type
//! checker lowers the typed patterns of one match (a `case`, a function's equations, a lambda's or a
//! binding's pattern) to [`Pattern`]s, describes the constructors they use through a [`Universe`], and
//! turns the [`Report`] into warnings.
//!
//! The one question the algorithm answers: is a vector of patterns `q` *useful* with respect to a
//! matrix of rows `P`, that is, does some value match `q` and no row of `P`? A row is redundant when it
//! is not useful with respect to the rows above it that cover what they match; the match is exhaustive
//! when the all-wildcard vector is not useful with respect to all such rows, and the values that make it
//! useful (the *witnesses*) are the missing cases.
//!
//! A row *covers* what it matches only when it is unguarded and has no [`Pattern::Opaque`] in it: a
//! guard or an opaque pattern may fail on any value. Such a row covers nothing, but it can itself be
//! redundant; when it is checked, its opaque parts count as wildcards, so it is reported only when the
//! rows above cover everything it could match.
//!
//! Lowering, for the type checker:
//! - variables and `_` are [`Pattern::Wild`]; `x@p` and `(p :: T)` are the lowering of `p`;
//! - tuples and `()` are one [`CtorDisplay::Tuple`] constructor of their arity; `Boolean` is a type with
//!   the constructors `false` and `true`; a newtype is a one-constructor data type;
//! - records are one [`CtorDisplay::Record`] constructor whose fields are every field that some pattern
//!   of the column names (or all the fields of a closed record type), in one fixed order; a pattern that
//!   leaves a field out has [`Pattern::Wild`] there;
//! - a constructor operator (`x :| xs`) is the constructor it aliases, printed by that name;
//! - `[a, b]`, `[a, b | t]` and `a : t` are chains of the [`CtorDisplay::ListCons`] and
//!   [`CtorDisplay::ListNil`] constructors of the list type;
//! - numbers (negative ones included), chars, strings and atoms are [`Literal`]s;
//! - `#{}` and `<<rest/binary>>` match every map or binary and are `Wild`; other map and binary
//!   patterns are [`Pattern::Opaque`];
//! - a clause whose guards end in `otherwise` (or `true`) cannot fall through, so it is not `guarded`;
//! - `receive` clauses are not checked for exhaustiveness (unmatched messages wait in the mailbox),
//!   and their patterns may have different types, which one column cannot hold.

use std::fmt;
use std::iter;

use num_bigint::BigInt;

#[cfg(test)]
mod tests;

/// How many missing cases a report lists; [`Report::more_missing`] says when there are more.
pub const MAX_MISSING: usize = 5;

/// A pattern lowered for the check.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// `_` and variables: matches every value.
    Wild,
    /// Constructor `ctor` (an index into [`Universe::constructors`] of `ty`) with one pattern per field.
    Con { ty: TypeRef, ctor: usize, args: Vec<Pattern> },
    /// A value of a type too large to list (numbers, chars, strings, atoms): matches the equal value.
    Lit(Literal),
    /// A pattern that may fail in ways the check cannot follow (map and binary patterns).
    Opaque,
}

impl Pattern {
    fn contains_opaque(&self) -> bool {
        match self {
            Pattern::Opaque => true,
            Pattern::Con { args, .. } => args.iter().any(Pattern::contains_opaque),
            Pattern::Wild | Pattern::Lit(_) => false,
        }
    }
}

/// A literal pattern. Two literal patterns match the same value exactly when they are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Literal {
    Int(BigInt),
    /// The bits of an `f64` (`f64::to_bits`), so that `NaN` patterns compare; `0.0` and `-0.0` differ.
    Float(u64),
    Char(char),
    String(String),
    Atom(String),
}

/// A data type known to the check: an index into the caller's table of types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeRef(pub u32);

/// The data types the patterns of a match use.
pub trait Universe {
    /// The constructors of `ty`, in declaration order (the order missing cases are listed in).
    fn constructors(&self, ty: TypeRef) -> &[CtorInfo];
}

/// One constructor of a data type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtorInfo {
    /// The name printed for a [`CtorDisplay::Prefix`] constructor, as the user would write it.
    pub name: String,
    pub arity: usize,
    pub display: CtorDisplay,
}

/// How a constructor is written as a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CtorDisplay {
    /// `Nothing`, `Just x`, `true`.
    Prefix,
    /// `(a, b)`; `()` when the arity is 0.
    Tuple,
    /// `[]`.
    ListNil,
    /// Two fields, head and tail: `[x | xs]`, `[a, b]` when the tail is a chain ending in `[]`.
    ListCons,
    /// `{ a = x, b = y }`: one field name per argument.
    Record(Vec<String>),
}

impl CtorInfo {
    pub fn prefix(name: &str, arity: usize) -> CtorInfo {
        CtorInfo { name: name.to_string(), arity, display: CtorDisplay::Prefix }
    }

    pub fn tuple(arity: usize) -> CtorInfo {
        CtorInfo { name: String::new(), arity, display: CtorDisplay::Tuple }
    }

    pub fn record(fields: &[&str]) -> CtorInfo {
        let fields: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
        CtorInfo { name: String::new(), arity: fields.len(), display: CtorDisplay::Record(fields) }
    }

    /// The list type's constructors, `[]` then `(:)`.
    pub fn list() -> [CtorInfo; 2] {
        [
            CtorInfo { name: "[]".to_string(), arity: 0, display: CtorDisplay::ListNil },
            CtorInfo { name: ":".to_string(), arity: 2, display: CtorDisplay::ListCons },
        ]
    }
}

/// One alternative of a match: a `case` alternative, or a function equation over its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// One pattern per scrutinee.
    pub patterns: Vec<Pattern>,
    /// The row has guards that may all fail, so it covers nothing.
    pub guarded: bool,
}

/// What the check found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Cases that no row covers, one pattern per scrutinee, at most [`MAX_MISSING`] of them; empty when
    /// the match is exhaustive. In a missing pattern, `_` stands for any value, except at a number, char,
    /// string or atom type, where it stands for any value that none of the literals there match.
    pub missing: Vec<Vec<MissingPattern>>,
    /// More cases are missing than `missing` lists.
    pub more_missing: bool,
    /// Indices of the rows that can never be reached, in increasing order.
    pub redundant: Vec<usize>,
}

impl Report {
    pub fn is_exhaustive(&self) -> bool {
        self.missing.is_empty()
    }
}

/// A missing case for one scrutinee, printed as a Mote pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPattern {
    /// The pattern as written alone, e.g. as a `case` alternative: `Just _`.
    pub text: String,
    /// It is a constructor application, which needs parentheses as a function argument.
    pub needs_parens: bool,
}

impl MissingPattern {
    /// The pattern as an argument of a function equation: `(Just _)`.
    pub fn as_argument(&self) -> String {
        if self.needs_parens { format!("({})", self.text) } else { self.text.clone() }
    }
}

impl fmt::Display for MissingPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Checks a match of `arity` scrutinees whose alternatives are `rows`, tried in order.
///
/// Panics if a row does not have `arity` patterns, or a pattern names a constructor its type lacks.
pub fn check(universe: &dyn Universe, arity: usize, rows: &[Row]) -> Report {
    let (witnesses, redundant) = analyse(universe, arity, rows, MAX_MISSING + 1);
    let missing = witnesses
        .iter()
        .take(MAX_MISSING)
        .map(|row| row.iter().map(|witness| print(universe, witness)).collect())
        .collect();
    Report { missing, more_missing: witnesses.len() > MAX_MISSING, redundant }
}

/// Up to `limit` missing cases, and the indices of the redundant rows.
fn analyse(universe: &dyn Universe, arity: usize, rows: &[Row], limit: usize) -> (Vec<Vec<Witness>>, Vec<usize>) {
    let matcher = Matcher { universe };
    let mut covering: Matrix<'_> = Vec::new();
    let mut redundant = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.patterns.len(), arity, "row {i} must have one pattern per scrutinee");
        let vector: Vec<&Pattern> = row.patterns.iter().collect();
        if !matcher.is_useful(&covering, &vector) {
            redundant.push(i);
        } else if !row.guarded && !row.patterns.iter().any(Pattern::contains_opaque) {
            covering.push(vector);
        }
    }
    (matcher.missing(&covering, arity, limit), redundant)
}

/// A set of values that no row matches, built while searching for missing cases.
#[derive(Debug, Clone, PartialEq)]
enum Witness {
    /// Any value; at a literal type, any value none of the literals there match.
    Any,
    Con {
        ty: TypeRef,
        ctor: usize,
        args: Vec<Witness>,
    },
}

/// Rows of patterns, all of the same width.
type Matrix<'p> = Vec<Vec<&'p Pattern>>;

/// The wildcard that stands for the fields of a constructor that a wildcard row matches.
static WILD: Pattern = Pattern::Wild;

/// What a matrix is specialised by: a value whose pattern in the split column has a given head.
#[derive(Debug, Clone, Copy)]
enum Head<'p> {
    Con {
        ty: TypeRef,
        ctor: usize,
        arity: usize,
    },
    Lit(&'p Literal),
    /// A value with none of the constructors or literals of the column, giving Maranget's default
    /// matrix: the rows with a wildcard there.
    Other,
}

/// The rows of `matrix` that can match a value whose column `col` starts with `head`, with that column
/// replaced by the head's fields, in front (Maranget's specialised matrix S(c, P), or the default
/// matrix D(P)).
fn specialise<'p>(matrix: &[Vec<&'p Pattern>], col: usize, head: Head<'_>) -> Matrix<'p> {
    let arity = match head {
        Head::Con { arity, .. } => arity,
        Head::Lit(_) | Head::Other => 0,
    };
    let specialise_row = |row: &Vec<&'p Pattern>| {
        // `None` for a wildcard, which matches the head whatever its fields.
        let fields: Option<&'p [Pattern]> = match (row[col], head) {
            (Pattern::Wild, _) => None,
            (Pattern::Con { ty, ctor, args }, Head::Con { ty: t, ctor: c, .. }) if (*ty, *ctor) == (t, c) => Some(args),
            (Pattern::Lit(lit), Head::Lit(l)) if lit == l => Some(&[]),
            _ => return None,
        };
        let mut out = Vec::with_capacity(arity + row.len() - 1);
        match fields {
            Some(fields) => out.extend(fields),
            None => out.extend(iter::repeat_n(&WILD, arity)),
        }
        out.extend_from_slice(&row[..col]);
        out.extend_from_slice(&row[col + 1..]);
        Some(out)
    };
    matrix.iter().filter_map(specialise_row).collect()
}

/// The specialised matrices of column `col` for each constructor `c` of `ctors` with `wanted[c]` (empty
/// for the others), in one pass over the rows rather than one per constructor.
fn split<'p>(matrix: &[Vec<&'p Pattern>], col: usize, ctors: &[CtorInfo], wanted: &[bool]) -> Vec<Matrix<'p>> {
    let mut split: Vec<Matrix<'p>> = vec![Vec::new(); ctors.len()];
    let mut push = |ctor: usize, fields: &mut dyn Iterator<Item = &'p Pattern>, row: &[&'p Pattern]| {
        let out: Vec<&Pattern> =
            fields.chain(row[..col].iter().copied()).chain(row[col + 1..].iter().copied()).collect();
        split[ctor].push(out);
    };
    for row in matrix {
        match row[col] {
            Pattern::Con { ctor, args, .. } if wanted[*ctor] => push(*ctor, &mut args.iter(), row),
            Pattern::Wild => {
                for (ctor, info) in ctors.iter().enumerate().filter(|(c, _)| wanted[*c]) {
                    push(ctor, &mut iter::repeat_n(&WILD, info.arity), row);
                }
            }
            _ => {}
        }
    }
    split
}

/// The heads of a matrix's column.
enum Column {
    /// Only wildcards.
    Wild,
    /// Literals: their domain is never fully listed.
    Lits,
    /// Constructors of `ty`; `present[c]` when some row has constructor `c` there.
    Ctors { ty: TypeRef, present: Vec<bool> },
}

/// Searches for values matched by a pattern vector and by no row of a matrix.
struct Matcher<'u> {
    universe: &'u dyn Universe,
}

impl Matcher<'_> {
    fn column(&self, matrix: &[Vec<&Pattern>], col: usize) -> Column {
        let mut column = Column::Wild;
        for row in matrix {
            match row[col] {
                Pattern::Con { ty, ctor, .. } => {
                    debug_assert!(
                        !matches!(column, Column::Ctors { ty: t, .. } if t != *ty),
                        "the constructors of a column belong to one type"
                    );
                    if !matches!(column, Column::Ctors { .. }) {
                        let present = vec![false; self.universe.constructors(*ty).len()];
                        column = Column::Ctors { ty: *ty, present };
                    }
                    if let Column::Ctors { present, .. } = &mut column {
                        present[*ctor] = true;
                    }
                }
                Pattern::Lit(_) if matches!(column, Column::Wild) => column = Column::Lits,
                _ => {}
            }
        }
        column
    }

    /// Whether some value matches `vector` and no row of `matrix`, an opaque pattern in `vector` counting
    /// as a wildcard (it may match anything).
    fn is_useful<'p>(&self, matrix: &[Vec<&'p Pattern>], vector: &[&'p Pattern]) -> bool {
        if matrix.is_empty() {
            return true;
        }
        if vector.is_empty() {
            return false;
        }
        // Usefulness does not depend on the order of the columns. Splitting first where the vector has a
        // constructor or literal keeps one branch, where a wildcard over a complete column needs one per
        // constructor; a wildcard row below a complete enum then costs one pass, not one per constructor.
        let col = vector.iter().position(|p| matches!(p, Pattern::Con { .. } | Pattern::Lit(_))).unwrap_or(0);
        let rest = || vector[..col].iter().chain(&vector[col + 1..]).copied();
        match vector[col] {
            Pattern::Con { ty, ctor, args } => {
                let head = Head::Con { ty: *ty, ctor: *ctor, arity: args.len() };
                self.is_useful(&specialise(matrix, col, head), &args.iter().chain(rest()).collect::<Vec<_>>())
            }
            Pattern::Lit(lit) => self.is_useful(&specialise(matrix, col, Head::Lit(lit)), &rest().collect::<Vec<_>>()),
            Pattern::Wild | Pattern::Opaque => match self.column(matrix, col) {
                // Every constructor is named in the column, so a value the wildcard matches and no row does
                // has one of them there.
                Column::Ctors { ty, present } if present.iter().all(|p| *p) => {
                    let ctors = self.universe.constructors(ty);
                    ctors.iter().zip(split(matrix, col, ctors, &present)).any(|(info, specialised)| {
                        let vector: Vec<&Pattern> = iter::repeat_n(&WILD, info.arity).chain(rest()).collect();
                        self.is_useful(&specialised, &vector)
                    })
                }
                // Some value has none of the column's heads there; only the wildcard rows can match it.
                _ => self.is_useful(&specialise(matrix, col, Head::Other), &rest().collect::<Vec<_>>()),
            },
        }
    }

    /// Up to `limit` witnesses of width `width` that no row of `matrix` matches, ordered by constructor
    /// declaration order, column by column.
    fn missing(&self, matrix: &[Vec<&Pattern>], width: usize, limit: usize) -> Vec<Vec<Witness>> {
        if matrix.is_empty() {
            return vec![vec![Witness::Any; width]];
        }
        if width == 0 {
            return Vec::new();
        }
        let Column::Ctors { ty, present } = self.column(matrix, 0) else {
            // Wildcards or literals: a value equal to no literal of the column exists, and only the
            // wildcard rows match it.
            let tails = self.missing(&specialise(matrix, 0, Head::Other), width - 1, limit);
            return tails.into_iter().map(|tail| with_first(Witness::Any, tail)).collect();
        };
        // Maranget's algorithm looks only at the default matrix when a constructor is absent from the
        // column, which finds `Nothing` but not `Just (Right _)` for `case m of Just (Left _)`; splitting
        // on every constructor lists both.
        let mut found = Vec::new();
        let mut default_tails: Option<Vec<Vec<Witness>>> = None;
        let ctors = self.universe.constructors(ty);
        for (ctor, (info, specialised)) in ctors.iter().zip(split(matrix, 0, ctors, &present)).enumerate() {
            let wanted = limit - found.len();
            if wanted == 0 {
                break;
            }
            let witnesses = if present[ctor] {
                self.missing(&specialised, info.arity + width - 1, wanted)
            } else {
                // No row names `ctor`, so the rows that match it are the wildcard rows, whatever its fields:
                // its witnesses are the default matrix's, shared by all absent constructors.
                let tails = default_tails
                    .get_or_insert_with(|| self.missing(&specialise(matrix, 0, Head::Other), width - 1, limit));
                let fields = || iter::repeat_n(Witness::Any, info.arity);
                tails.iter().take(wanted).map(|tail| fields().chain(tail.iter().cloned()).collect()).collect()
            };
            for mut args in witnesses {
                let tail = args.split_off(info.arity);
                found.push(with_first(Witness::Con { ty, ctor, args }, tail));
            }
        }
        found
    }
}

fn with_first(first: Witness, rest: Vec<Witness>) -> Vec<Witness> {
    iter::once(first).chain(rest).collect()
}

// ---- printing witnesses as Mote patterns ----------------------------------------------------------

fn print(universe: &dyn Universe, witness: &Witness) -> MissingPattern {
    let mut text = String::new();
    write_witness(universe, witness, false, &mut text);
    let needs_parens = is_application(universe, witness);
    MissingPattern { text, needs_parens }
}

fn display<'u>(universe: &'u dyn Universe, witness: &Witness) -> Option<&'u CtorDisplay> {
    match witness {
        Witness::Con { ty, ctor, .. } => Some(&universe.constructors(*ty)[*ctor].display),
        Witness::Any => None,
    }
}

/// A prefix constructor with fields: `Just _` must be parenthesised as an argument.
fn is_application(universe: &dyn Universe, witness: &Witness) -> bool {
    matches!(witness, Witness::Con { args, .. } if !args.is_empty())
        && display(universe, witness) == Some(&CtorDisplay::Prefix)
}

fn write_witness(universe: &dyn Universe, witness: &Witness, as_argument: bool, out: &mut String) {
    let Witness::Con { ty, ctor, args } = witness else {
        out.push('_');
        return;
    };
    let info = &universe.constructors(*ty)[*ctor];
    match &info.display {
        CtorDisplay::Prefix => {
            let parens = as_argument && !args.is_empty();
            if parens {
                out.push('(');
            }
            out.push_str(&info.name);
            for arg in args {
                out.push(' ');
                write_witness(universe, arg, true, out);
            }
            if parens {
                out.push(')');
            }
        }
        CtorDisplay::Tuple => {
            out.push('(');
            write_separated(universe, args.iter(), out);
            out.push(')');
        }
        CtorDisplay::ListNil => out.push_str("[]"),
        CtorDisplay::ListCons => write_list(universe, args, out),
        CtorDisplay::Record(fields) => {
            // Record patterns may leave fields out, so only the informative ones are shown; a record of
            // wildcards is just `_`.
            let shown: Vec<(&String, &Witness)> =
                fields.iter().zip(args).filter(|(_, arg)| **arg != Witness::Any).collect();
            if shown.is_empty() {
                out.push('_');
                return;
            }
            out.push_str("{ ");
            for (i, (field, arg)) in shown.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(field);
                out.push_str(" = ");
                write_witness(universe, arg, false, out);
            }
            out.push_str(" }");
        }
    }
}

/// `[a, b]` for cons cells ending in `[]`, `[a, b | _]` for cells ending in anything else.
fn write_list(universe: &dyn Universe, mut cell: &[Witness], out: &mut String) {
    let mut elements = Vec::new();
    let tail = loop {
        let [head, tail] = cell else { unreachable!("a list cell has a head and a tail") };
        elements.push(head);
        match (display(universe, tail), tail) {
            (Some(CtorDisplay::ListCons), Witness::Con { args, .. }) => cell = args,
            (Some(CtorDisplay::ListNil), _) => break None,
            _ => break Some(tail),
        }
    };
    out.push('[');
    write_separated(universe, elements.into_iter(), out);
    if let Some(tail) = tail {
        out.push_str(" | ");
        write_witness(universe, tail, false, out);
    }
    out.push(']');
}

fn write_separated<'w>(universe: &dyn Universe, items: impl Iterator<Item = &'w Witness>, out: &mut String) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_witness(universe, item, false, out);
    }
}
