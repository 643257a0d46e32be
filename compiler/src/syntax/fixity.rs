//! Operator fixity resolution: turns the parser's flat [`ExprKind::OpChain`]s into
//! [`ExprKind::BinOp`] trees.
//!
//! The parser cannot associate operators itself: a fixity may be declared below its first use,
//! or in another module. So it leaves every operator expression as a flat chain, and this pass
//! re-associates each chain with the rules of Haskell 2010 §10.6, using the fixities visible to
//! the module: the imported ones plus the module's own top-level declarations, which win.
//!
//! What the pass relies on from the parser:
//! - An operand that is itself an `OpChain` (or `BinOp`) was written in parentheses and stays
//!   one unit; the parser never nests an unparenthesized chain inside another.
//! - Prefix `-` is already attached to its operand as [`ExprKind::Neg`], so negation binds
//!   tighter than every binary operator (as in PureScript; Haskell gives it precedence 6).
//!
//! Like the parser, the pass never fails: on a conflict it reports E0017, associates to the
//! left and carries on, so one run reports every problem and later stages still get a tree.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::mem;

use super::ast::{
    Alt, Assoc, Decl, DeclKind, Expr, ExprKind, FieldUpdate, Fixity, Guard, Module, Name, Operator, Pat, PatKind, Rhs,
    Segment, Stmt, StmtKind, UpdateValue,
};
use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;

#[cfg(test)]
mod tests;

/// The fixity of an operator nobody declared, as in Haskell 2010 §4.4.2.
pub const DEFAULT_FIXITY: (Assoc, u8) = (Assoc::Left, 9);

/// Precedences run from 0 (binds loosest) to 9 (binds tightest).
const MAX_PRECEDENCE: u8 = 9;

/// The Prelude's fixities, built in until the standard library's `Prelude.mote` declares them.
/// Values are PureScript's (Haskell's where PureScript has none), so ported code groups the
/// same way.
const PRELUDE: &[(Assoc, u8, &[&str])] = &[
    // `f $ g $ x` is `f (g x)`; `$` is loosest so its right side needs no parentheses.
    (Assoc::Right, 0, &["$"]),
    // `x # f # g` is a left-to-right pipeline, like `m >>= f >>= g`.
    (Assoc::Left, 1, &["#", ">>="]),
    // `!` is Hamler's `infixr 1 send as !`: nearly as loose as Erlang's `!`, so `pid ! a <> b`
    // sends `a <> b`, and right-associative like Erlang's. It sits above `$`, so
    // `pid ! f $ x` is `(pid ! f) $ x`.
    (Assoc::Right, 1, &["=<<", "!"]),
    (Assoc::Right, 2, &["||"]),
    (Assoc::Right, 3, &["&&"]),
    (Assoc::Left, 3, &["<|>"]),
    // Comparisons do not associate: `a < b < c` is an error, not a comparison of a Boolean.
    (Assoc::None, 4, &["==", "/=", "<", "<=", ">", ">="]),
    // Functor and Applicative share a level so `f <$> x <*> y` reads left to right.
    (Assoc::Left, 4, &["<$>", "<$", "$>", "<*>", "<*", "*>"]),
    // Appends and cons share a level and associate right, so `x : xs ++ ys <> zs` works.
    (Assoc::Right, 5, &["<>", ":", "++"]),
    (Assoc::Left, 6, &["+", "-"]),
    (Assoc::Left, 7, &["*", "/", "div", "mod"]),
    // Both right, as in PureScript: composition associates, and equal fixities let the two mix.
    (Assoc::Right, 9, &["<<<", ">>>"]),
];

/// What a fixity declaration says about one operator.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclaredFixity {
    pub assoc: Assoc,
    pub precedence: u8,
    /// The function the operator aliases (`add` in `infixl 6 add as +`). `None` for the
    /// built-in Prelude table, which knows fixities only.
    pub function: Option<Name>,
    /// The operator in its declaration; `None` for built-ins. It points into the module the
    /// declaration came from, which need not be the one being resolved.
    pub span: Option<Span>,
}

impl DeclaredFixity {
    /// Whether `other` says the same thing, wherever it was written.
    fn agrees_with(&self, other: &DeclaredFixity) -> bool {
        let function = |f: &DeclaredFixity| f.function.as_ref().map(Name::full);
        self.assoc == other.assoc && self.precedence == other.precedence && function(self) == function(other)
    }
}

/// Operator fixities, keyed by the operator's text: `+`, or `div` for `` `div` ``, or
/// `Map.!` for a fixity registered under a qualifier.
#[derive(Debug, Clone, Default)]
pub struct FixityTable {
    entries: HashMap<String, DeclaredFixity>,
}

impl FixityTable {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn prelude() -> Self {
        let mut table = FixityTable::new();
        for &(assoc, precedence, ops) in PRELUDE {
            for op in ops {
                let fixity = DeclaredFixity { assoc, precedence, function: None, span: None };
                table.entries.insert(op.to_string(), fixity);
            }
        }
        table
    }

    /// Records one declaration, replacing a built-in entry. A second declaration of the same
    /// operator that says the same thing is accepted (the same module's declarations may reach
    /// a table twice through imports); one that differs is E0016 and the first stays. A
    /// precedence above 9 is E0016 and is recorded as 9, the closest the author can have, so
    /// uses do not pile up errors.
    pub fn declare(&mut self, f: &Fixity) -> Result<(), Diagnostic> {
        self.declare_as(f.operator.name.clone(), f)
    }

    /// The fixity of `op`; [`DEFAULT_FIXITY`] when nothing declares one. A qualified operator
    /// (`Map.!`) uses a fixity registered under its qualifier if there is one, else that of
    /// the bare operator.
    pub fn lookup(&self, op: &Operator) -> (Assoc, u8) {
        self.get(op).map_or(DEFAULT_FIXITY, |f| (f.assoc, f.precedence))
    }

    /// The declaration behind [`FixityTable::lookup`], if any.
    pub fn get(&self, op: &Operator) -> Option<&DeclaredFixity> {
        let qualified = op.name.qualifier.as_ref().and_then(|_| self.entries.get(&op.name.full()));
        qualified.or_else(|| self.entries.get(&op.name.name))
    }

    /// Declares every top-level fixity declaration of a module, reporting each bad one.
    pub fn extend_from(&mut self, decls: &[Decl]) -> Vec<Diagnostic> {
        fixity_decls(decls).filter_map(|f| self.declare(f).err()).collect()
    }

    /// Registers fixities of a module imported `as qualifier` under `qualifier.op`, so `Map.!`
    /// gets `Data.Map`'s fixity for `!`. Returns the conflicts; the first declaration stays.
    pub fn declare_qualified(&mut self, qualifier: &str, fixities: &[Fixity]) -> Vec<Diagnostic> {
        fixities.iter().filter_map(|f| self.declare_as(format!("{qualifier}.{}", f.operator.name), f).err()).collect()
    }

    /// Copies every entry of `other` into `self`, replacing what was there: a module's own
    /// declarations shadow imported ones without complaint.
    fn override_with(&mut self, other: FixityTable) {
        self.entries.extend(other.entries);
    }

    fn declare_as(&mut self, key: String, f: &Fixity) -> Result<(), Diagnostic> {
        let op = &f.operator;
        let new = DeclaredFixity {
            assoc: f.assoc,
            precedence: f.precedence.min(MAX_PRECEDENCE),
            function: Some(f.function.clone()),
            span: Some(op.span),
        };
        let out_of_range = (f.precedence > MAX_PRECEDENCE).then(|| {
            let message = format!("precedence {} is out of range for `{}`", f.precedence, op.name);
            Diagnostic::error(Code::E0016, message)
                .with_primary(op.span, format!("declared with precedence {}", f.precedence))
                .with_help("precedences go from 0 (binds loosest) to 9 (binds tightest)")
        });
        // Built-in entries (no span) give way to any declaration: they only stand in until
        // the Prelude declares its own.
        match self.entries.get(&key).filter(|old| old.span.is_some()) {
            Some(old) if old.agrees_with(&new) => out_of_range.map_or(Ok(()), Err),
            Some(old) => Err(out_of_range.unwrap_or_else(|| {
                let message = format!("`{}` is given two different fixities", op.name);
                let mut diagnostic = Diagnostic::error(Code::E0016, message)
                    .with_primary(op.span, format!("declared here as {}", describe_declared(&new)))
                    .with_help("keep one declaration");
                if let Some(span) = old.span {
                    let first = format!("first declared as {}", describe_declared(old));
                    diagnostic = diagnostic.with_secondary(span, first);
                }
                diagnostic
            })),
            None => {
                self.entries.insert(key, new);
                out_of_range.map_or(Ok(()), Err)
            }
        }
    }
}

fn fixity_decls(decls: &[Decl]) -> impl Iterator<Item = &Fixity> {
    decls.iter().filter_map(|d| match &d.kind {
        DeclKind::Fixity(f) => Some(f),
        _ => None,
    })
}

/// Rewrites every `OpChain` in the module into `BinOp` trees. The fixities used are
/// `imported` overridden by the module's own top-level declarations. Fixity declarations
/// anywhere else are ignored: the parser reports them as misplaced.
pub fn resolve_module(module: &mut Module, imported: &FixityTable) -> Vec<Diagnostic> {
    let mut own = FixityTable::new();
    let mut diagnostics = own.extend_from(&module.decls);
    let mut table = imported.clone();
    table.override_with(own);
    let mut resolver = Resolver { table: &table, diagnostics: Vec::new() };
    resolver.decls(&mut module.decls);
    diagnostics.append(&mut resolver.diagnostics);
    diagnostics
}

/// Rewrites every `OpChain` in one expression, as the REPL needs.
pub fn resolve_expr(expr: &mut Expr, table: &FixityTable) -> Vec<Diagnostic> {
    let mut resolver = Resolver { table, diagnostics: Vec::new() };
    resolver.expr(expr);
    resolver.diagnostics
}

/// One walk over a tree: rewrites chains in place and collects what went wrong.
struct Resolver<'t> {
    table: &'t FixityTable,
    diagnostics: Vec<Diagnostic>,
}

/// An operator waiting on the shunting-yard stack, with its looked-up fixity and its place
/// in the chain.
struct Pending {
    op: Operator,
    assoc: Assoc,
    precedence: u8,
    index: usize,
}

impl Resolver<'_> {
    fn decls(&mut self, decls: &mut [Decl]) {
        for decl in decls {
            self.decl(decl);
        }
    }

    fn decl(&mut self, decl: &mut Decl) {
        match &mut decl.kind {
            DeclKind::Equation(eq) => {
                self.pats(&mut eq.args);
                self.rhs(&mut eq.rhs);
                self.decls(&mut eq.wheres);
            }
            DeclKind::PatternBinding { pat, rhs, wheres } => {
                self.pat(pat);
                self.rhs(rhs);
                self.decls(wheres);
            }
            DeclKind::Class { body, .. } | DeclKind::Instance { body, .. } => self.decls(body),
            // No expressions inside.
            DeclKind::Signature { .. }
            | DeclKind::Data { .. }
            | DeclKind::Newtype { .. }
            | DeclKind::TypeSynonym { .. }
            | DeclKind::Fixity(_)
            | DeclKind::Foreign { .. }
            | DeclKind::Error => {}
        }
    }

    fn rhs(&mut self, rhs: &mut Rhs) {
        match rhs {
            Rhs::Plain(e) => self.expr(e),
            Rhs::Guarded(alternatives) => {
                for alternative in alternatives {
                    for guard in &mut alternative.guards {
                        match guard {
                            Guard::Bool(e) => self.expr(e),
                            Guard::Bind(p, e) => {
                                self.pat(p);
                                self.expr(e);
                            }
                            Guard::Let(decls) => self.decls(decls),
                        }
                    }
                    self.expr(&mut alternative.body);
                }
            }
        }
    }

    fn alts(&mut self, alts: &mut [Alt]) {
        for alt in alts {
            self.pats(&mut alt.pats);
            self.rhs(&mut alt.rhs);
        }
    }

    fn stmts(&mut self, stmts: &mut [Stmt]) {
        for stmt in stmts {
            match &mut stmt.kind {
                StmtKind::Bind(p, e) => {
                    self.pat(p);
                    self.expr(e);
                }
                StmtKind::Let(decls) => self.decls(decls),
                StmtKind::Expr(e) => self.expr(e),
                StmtKind::Error => {}
            }
        }
    }

    fn pats(&mut self, pats: &mut [Pat]) {
        for pat in pats {
            self.pat(pat);
        }
    }

    /// Patterns hold expressions only as binary segment sizes (`<<body:(n * 8)/binary>>`).
    fn pat(&mut self, pat: &mut Pat) {
        match &mut pat.kind {
            PatKind::Con(_, args) | PatKind::Tuple(args) | PatKind::List(args) => self.pats(args),
            PatKind::As(_, p) | PatKind::Typed(p, _) => self.pat(p),
            PatKind::Cons(head, tail) => {
                self.pat(head);
                self.pat(tail);
            }
            PatKind::ListCons(heads, tail) => {
                self.pats(heads);
                self.pat(tail);
            }
            PatKind::Record(fields) => {
                for p in fields.iter_mut().filter_map(|f| f.pat.as_mut()) {
                    self.pat(p);
                }
            }
            PatKind::Map(entries) => {
                for (_, p) in entries {
                    self.pat(p);
                }
            }
            PatKind::Binary(segments) => {
                for segment in segments {
                    self.pat(&mut segment.value);
                    self.segment_size(segment);
                }
            }
            PatKind::Wildcard | PatKind::Var(_) | PatKind::Lit(_) | PatKind::Error => {}
        }
    }

    fn segment_size<T>(&mut self, segment: &mut Segment<T>) {
        if let Some(size) = &mut segment.size {
            self.expr(size);
        }
    }

    fn exprs(&mut self, exprs: &mut [Expr]) {
        for e in exprs {
            self.expr(e);
        }
    }

    fn expr(&mut self, expr: &mut Expr) {
        match &mut expr.kind {
            ExprKind::OpChain(..) => {
                let ExprKind::OpChain(mut first, mut rest) = mem::replace(&mut expr.kind, ExprKind::Error) else {
                    unreachable!("matched as an OpChain just above")
                };
                // Operands first: a parenthesized chain inside is one finished unit.
                self.expr(&mut first);
                for (_, operand) in &mut rest {
                    self.expr(operand);
                }
                *expr = self.associate(*first, rest);
            }
            ExprKind::BinOp(_, a, b) | ExprKind::App(a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Lambda(pats, body) => {
                self.pats(pats);
                self.expr(body);
            }
            ExprKind::Neg(e)
            | ExprKind::Access(e, _)
            | ExprKind::LeftSection(e, _)
            | ExprKind::RightSection(_, e)
            | ExprKind::Typed(e, _) => self.expr(e),
            ExprKind::Case(scrutinees, alts) => {
                self.exprs(scrutinees);
                self.alts(alts);
            }
            ExprKind::If(c, t, e) => {
                self.expr(c);
                self.expr(t);
                self.expr(e);
            }
            ExprKind::Let(decls, body) => {
                self.decls(decls);
                self.expr(body);
            }
            ExprKind::Do(stmts) => self.stmts(stmts),
            ExprKind::Receive(alts, after) => {
                self.alts(alts);
                if let Some(after) = after {
                    self.expr(&mut after.timeout);
                    self.expr(&mut after.body);
                }
            }
            ExprKind::Record(fields) => {
                for value in fields.iter_mut().filter_map(|f| f.value.as_mut()) {
                    self.expr(value);
                }
            }
            ExprKind::Update(record, updates) => {
                self.expr(record);
                self.updates(updates);
            }
            ExprKind::List(items) | ExprKind::Tuple(items) => self.exprs(items),
            ExprKind::ListCons(heads, tail) => {
                self.exprs(heads);
                self.expr(tail);
            }
            ExprKind::Range { from, then, to } => {
                self.expr(from);
                for e in [then, to].into_iter().flatten() {
                    self.expr(e);
                }
            }
            ExprKind::Comprehension(body, stmts) => {
                self.expr(body);
                self.stmts(stmts);
            }
            ExprKind::Map(entries) => {
                for (k, v) in entries {
                    self.expr(k);
                    self.expr(v);
                }
            }
            ExprKind::Binary(segments) => {
                for segment in segments {
                    self.expr(&mut segment.value);
                    self.segment_size(segment);
                }
            }
            ExprKind::Var(_)
            | ExprKind::Con(_)
            | ExprKind::Lit(_)
            | ExprKind::OpRef(_)
            | ExprKind::Wildcard
            | ExprKind::Hole(_)
            | ExprKind::Error => {}
        }
    }

    fn updates(&mut self, updates: &mut [FieldUpdate]) {
        for update in updates {
            match &mut update.value {
                UpdateValue::Set(e) => self.expr(e),
                UpdateValue::Nested(inner) => self.updates(inner),
            }
        }
    }

    /// Shunting-yard over one chain whose operands are already resolved. Equivalent to the
    /// Haskell 2010 §10.6 algorithm, but iterative so a long chain cannot exhaust the stack.
    fn associate(&mut self, first: Expr, rest: Vec<(Operator, Expr)>) -> Expr {
        let mut operands = vec![first];
        let mut pending: Vec<Pending> = Vec::new();
        // The later operator of the last clash. A clash that starts from it continues the same
        // run (`a == b == c == d`, `a == b < c > d`): one mistake, reported once.
        let mut last_clash = None;
        for (index, (op, operand)) in rest.into_iter().enumerate() {
            let (assoc, precedence) = self.table.lookup(&op);
            let next = Pending { op, assoc, precedence, index };
            while let Some(top) = pending.last() {
                let reduce = match top.precedence.cmp(&next.precedence) {
                    Ordering::Greater => true,
                    Ordering::Less => false,
                    Ordering::Equal => match (top.assoc, next.assoc) {
                        (Assoc::Left, Assoc::Left) => true,
                        (Assoc::Right, Assoc::Right) => false,
                        // Recover by associating left, so the tree still reads left to right.
                        _ => {
                            if last_clash != Some(top.index) {
                                self.report_clash(top, &next);
                            }
                            last_clash = Some(next.index);
                            true
                        }
                    },
                };
                if !reduce {
                    break;
                }
                reduce_top(&mut operands, &mut pending);
            }
            pending.push(next);
            operands.push(operand);
        }
        while !pending.is_empty() {
            reduce_top(&mut operands, &mut pending);
        }
        operands.pop().expect("a chain always reduces to exactly one operand")
    }

    fn report_clash(&mut self, earlier: &Pending, later: &Pending) {
        let (a, b) = (shown(&earlier.op), shown(&later.op));
        let a_fixity = describe(earlier.assoc, earlier.precedence);
        let b_fixity = describe(later.assoc, later.precedence);
        let message = if a == b {
            // Only a non-associative operator can clash with itself.
            format!("{b} ({b_fixity}) does not associate, so it cannot be chained")
        } else {
            format!("cannot mix {a} ({a_fixity}) and {b} ({b_fixity}) in the same expression")
        };
        let diagnostic = Diagnostic::error(Code::E0017, message)
            .with_primary(later.op.name.span, format!("{b} is {b_fixity}"))
            .with_secondary(earlier.op.name.span, format!("{a} is {a_fixity}"))
            .with_help("add parentheses to say which operator applies first");
        self.diagnostics.push(diagnostic);
    }
}

/// Pops the top operator and its two operands and pushes their application.
fn reduce_top(operands: &mut Vec<Expr>, pending: &mut Vec<Pending>) {
    let Pending { op, .. } = pending.pop().expect("reduce_top is called with a pending operator");
    let rhs = operands.pop().expect("each pending operator has a right operand");
    let lhs = operands.pop().expect("each pending operator has a left operand");
    let span = lhs.span.to(rhs.span);
    operands.push(Expr::new(ExprKind::BinOp(op, Box::new(lhs), Box::new(rhs)), span));
}

/// The operator as the user wrote it, quoted for a message: `+`, `Map.!`, `` `div` ``.
fn shown(op: &Operator) -> String {
    if op.backticks { format!("`` `{}` ``", op.name.full()) } else { format!("`{}`", op.name.full()) }
}

/// `infixl 6`, as the user would declare it.
fn describe(assoc: Assoc, precedence: u8) -> String {
    let keyword = match assoc {
        Assoc::Left => "infixl",
        Assoc::Right => "infixr",
        Assoc::None => "infix",
    };
    format!("{keyword} {precedence}")
}

fn describe_declared(f: &DeclaredFixity) -> String {
    match &f.function {
        Some(function) => format!("{} {}", describe(f.assoc, f.precedence), function.full()),
        None => describe(f.assoc, f.precedence),
    }
}
