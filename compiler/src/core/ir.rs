//! Core: the small explicit language every Mote program is lowered to before code generation.
//!
//! Core is in A-normal form: every argument is an [`Atom`] (a variable or a literal), every
//! intermediate result is bound by [`Expr::Let`], and control flow is explicit ([`Expr::Switch`]
//! over decision trees, join points for shared continuations). Pattern matching, type classes
//! (dictionaries), `do` blocks, records, comprehensions and every other piece of sugar are gone.
//!
//! The pipeline inside `core/`:
//! 1. `lower` builds Core from the checked program: [`Value::Lambda`] and [`Expr::LetRec`]
//!    still appear, variables are owned, and no [`Expr::Dup`]/[`Expr::Drop`] exists yet.
//! 2. `closure` converts closures: every lambda becomes a top-level [`Function`] whose first
//!    parameter is its environment (a [`Value::Closure`] object), free variables are read back
//!    with [`Value::Field`] on it, and local recursive functions are lambda-lifted. After it,
//!    no `Lambda` or `LetRec` is left.
//! 3. `accumulate` turns Integer sums and products of a function's own call in tail position
//!    into loops with an accumulator (`f$acc`).
//! 4. `unroll` replaces a function's calls of itself outside tail position by a copy of its
//!    body, a looping join where the function loops.
//! 5. `peel` copies a function's simple base cases (a switch arm of a few Integer operations
//!    or constructors of atoms) to its non-tail call sites, which then call it only for the
//!    other cases.
//! 6. `rc` inserts reference counting (Perceus): every variable is owned exactly once on every
//!    path; `Dup` adds a reference before a second use, `Drop` releases one after the last.
//!
//! Invariants after step 6, which code generation relies on:
//! - A variable is bound once (by a parameter, a `Let`, or a join parameter) in its function.
//! - Only the last expression of a function or a join body is in tail position:
//!   [`Expr::Tail`] returns its value (a call there is a tail call), [`Expr::Jump`] jumps.
//! - Ownership: every [`Value`] consumes one reference to each variable among its operands
//!   ([`Value::operands`]), except the borrowed ones ([`Value::Field`], [`Value::RecordGet`],
//!   the scrutinee of a `Switch`, and every argument of a [`Value::Prim`], which the runtime
//!   only reads: a `receive`'s matcher too); it produces one fresh reference.
//! - A join body owns its free variables other than its parameters: a [`Expr::Jump`] hands
//!   them over with its arguments. A looping join's body, which jumps back to it, hands the
//!   same ones on each round.
//! - [`Value::Closure`]`(f, …)` names closure code: `f` has `closure: true`, and its arity is
//!   its parameter count minus one (the closure itself).
//! - [`Value::Field`] on the first parameter of closure code reads a captured value (after
//!   the closure's code pointer and arity); on anything else, a constructor's or tuple's field.
//! - `LetRec` members take at least one parameter.
//! - The result of [`Prim::ReceiveAfter`] is a message or the *timeout word*, an immediate that
//!   is no value: only [`Prim::TimedOut`] may look at it (and `dup`/`drop`, which do nothing
//!   to an immediate). It is never a function's result, a field or an argument of a call.

use std::sync::Arc;

use num_bigint::BigInt;

use crate::span::Span;

/// A variable, unique within its function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Var(pub u32);

/// A top-level function of the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FunId(pub u32);

/// A top-level value computed once when the program starts (a CAF, an instance dictionary).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(pub u32);

/// A join point, unique within its function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JoinId(pub u32);

/// A data constructor, numbered program-wide. The first few are the runtime's own
/// ([`CtorId::UNIT`] …); a data type's constructors have consecutive ids in declaration order,
/// so comparing ids orders them as the `data` declaration does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CtorId(pub u32);

impl CtorId {
    pub const UNIT: CtorId = CtorId(0);
    pub const FALSE: CtorId = CtorId(1);
    pub const TRUE: CtorId = CtorId(2);
    pub const NIL: CtorId = CtorId(3);
    pub const CONS: CtorId = CtorId(4);
    /// The first id of a constructor declared in Mote source.
    pub const FIRST_DECLARED: u32 = 5;
}

/// A record field name, interned program-wide; ids follow the names' alphabetical order, so a
/// record's fields sorted by label id are sorted by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(pub u32);

/// A whole program, ready for code generation.
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub functions: Vec<Function>,
    /// Computed in this order when the program starts, before `main` runs.
    pub globals: Vec<Global>,
    /// Every constructor, indexed by [`CtorId`].
    pub constructors: Vec<CtorInfo>,
    /// Every record label, indexed by [`Label`].
    pub labels: Vec<Arc<str>>,
    /// `Main.main`: an `IO ()` value, that is a closure of one parameter (the world token).
    pub main: GlobalId,
    /// When `Control.Process` is part of the program, the constructors of the messages the
    /// runtime builds, in the order of [`PROCESS_CTORS`] (`None` for one the program lacks).
    pub process_ctors: Option<[Option<CtorId>; 8]>,
}

/// The constructors of `Control.Process` the runtime builds messages with (`Down`, `Exit`
/// and the `ExitReason`s), in the order of ABI.md's `ProgramInfo.process_ctors`.
pub const PROCESS_CTORS: [&str; 8] = ["Down", "Exit", "Normal", "Shutdown", "Killed", "Exited", "Crashed", "NoProc"];

/// The module that declares [`PROCESS_CTORS`].
pub const PROCESS_MODULE: &str = "Control.Process";

/// What the runtime knows of a constructor: its name (to print values) and arity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtorInfo {
    /// Unqualified, as `show` prints it: `Just`.
    pub name: Arc<str>,
    /// The type's full name: `Data.Maybe.Maybe`.
    pub ty: Arc<str>,
    pub arity: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// Unique program-wide, for symbols and `--emit`: `Data.List.map`, `Main.main$lambda3`.
    pub name: String,
    /// For a closure's code (made by `closure`), the first parameter is the closure itself.
    pub params: Vec<Var>,
    pub body: Expr,
    /// Whether the first parameter is the closure object (the function is a closure's code).
    pub closure: bool,
}

/// A top-level value: `body` runs once at start-up, in program order, and its result is kept
/// for the whole run (uses load it with [`Value::Global`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Global {
    pub name: String,
    pub body: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    /// Any size; code generation keeps the small ones immediate.
    Int(BigInt),
    Float(f64),
    Char(char),
    String(Arc<str>),
    Atom(Arc<str>),
    Bool(bool),
    Unit,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Atom {
    Var(Var),
    Lit(Lit),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `let x = value in body`
    Let(Var, Value, Box<Expr>),
    /// Local recursive functions (before closure conversion only).
    LetRec(Vec<(Var, Vec<Var>, Expr)>, Box<Expr>),
    /// A join point: a continuation shared by several branches of `rest`, reached by
    /// [`Expr::Jump`] from tail positions of `rest` (and of `body` when `looping`). Its `body`
    /// may use variables bound before the `Join`.
    Join {
        id: JoinId,
        params: Vec<Var>,
        /// Whether `body` may also jump to this join from its own tail positions: a loop, whose
        /// every round takes a reduction (`join rec` when printed). Only `unroll` makes one.
        looping: bool,
        body: Box<Expr>,
        rest: Box<Expr>,
    },
    Jump(JoinId, Vec<Atom>),
    /// Tests `on` (borrowed) against each arm in order; `default` when none matches. A switch
    /// without a default covers every case its arms can meet.
    Switch {
        on: Var,
        arms: Vec<(Test, Expr)>,
        default: Option<Box<Expr>>,
    },
    /// The result of the function (a call here is a tail call).
    Tail(Value),
    /// Adds a reference to `var` (a no-op on immediates).
    Dup(Var, Box<Expr>),
    /// Releases a reference to `var`.
    Drop(Var, Box<Expr>),
    /// The runtime error a match that no clause covers raises: "no clause matched at FILE:L:C".
    MatchFailure(Arc<str>),
}

/// `()`: the placeholder a pass leaves while it rewrites a body it has taken out
/// (`std::mem::take`).
impl Default for Expr {
    fn default() -> Self {
        Expr::Tail(Value::Atom(Atom::Lit(Lit::Unit)))
    }
}

/// What a [`Expr::Switch`] arm tests its variable for.
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// The value is constructed by this constructor (nullary constructors, `true`, `false`,
    /// `()` and `[]` are immediates; others are boxed).
    Ctor(CtorId),
    /// Equal to this literal (Integer, Float, Char, String, Atom).
    Lit(Lit),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Atom(Atom),
    /// A saturated call of a known top-level function.
    Call(FunId, Vec<Atom>),
    /// A call of an unknown function value with any number of arguments (eval/apply: a
    /// closure of lower arity is called then applied again, of higher arity is partially
    /// applied).
    Apply(Var, Vec<Atom>),
    /// A primitive operation.
    Prim(Prim, Vec<Atom>),
    /// A constructor applied to all its arguments.
    Con(CtorId, Vec<Atom>),
    Tuple(Vec<Atom>),
    /// A record from fields sorted by label.
    Record(Vec<(Label, Atom)>),
    /// A copy of the record with some fields replaced (sorted by label).
    RecordUpdate(Var, Vec<(Label, Atom)>),
    /// The field of a record (borrowed operand).
    RecordGet(Var, Label),
    /// Field `i` of a constructor, tuple or closure (borrowed operand). After closure
    /// conversion, the captured variables of a closure are fields `0..` of the closure.
    Field(Var, u32),
    /// A function as a value: a closure of `function`'s arity capturing `captured`. With
    /// nothing captured, a static closure.
    Closure(FunId, Vec<Atom>),
    /// A lambda (before closure conversion only).
    Lambda(Vec<Var>, Box<Expr>),
    /// The value of a top-level value.
    Global(GlobalId),
}

/// Operations the code generator emits inline or calls in the runtime.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Prim {
    /// A `foreign import` of the standard library, by its Mote name (`intAdd`), with its
    /// arity not counting the world token of an `IO` result. The runtime implements each as
    /// `mote_<name>` (arguments borrowed, result owned). Code generation may emit the
    /// arithmetic and comparisons of small integers inline, calling the runtime only for
    /// big ones.
    Foreign(Arc<str>),
    /// The runtime's generic structural operations over self-describing values, for `Dict::Dynamic`
    /// and derived instances: `show` (String), `==` (Boolean), `compare` (-1, 0, 1 as Integer).
    ShowAny,
    EqAny,
    CompareAny,
    /// Ends the program with a runtime error: the operand is the message (a String).
    Crash,
    /// `receive` without `after`: the operands are the matcher (a closure of one parameter, the
    /// message, returning whether some clause takes it) and the filter (a shape every message
    /// some clause takes has, so the runtime skips the others without calling the matcher);
    /// waits for the first message of the mailbox the matcher accepts and returns it, removed
    /// from the mailbox.
    Receive,
    /// `receive … after`: the matcher, the filter and the timeout in milliseconds (an
    /// Integer). As [`Prim::Receive`], or the timeout word (see the module invariants) when the
    /// time passes first.
    ReceiveAfter,
    /// Whether the result of [`Prim::ReceiveAfter`] is the timeout word (a Boolean).
    TimedOut,
    /// Whether the first operand has the shape the second describes (a Boolean; shapes as in
    /// runtime/ABI.md, "Receive"): checked before a clause's typed match reads a message,
    /// whose type nothing guarantees.
    Shape,
}

impl Prim {
    /// The number of operands of a primitive that has a fixed number (all but `Foreign`).
    pub fn operand_count(&self) -> Option<usize> {
        match self {
            Prim::Foreign(_) => None,
            Prim::ShowAny | Prim::Crash | Prim::TimedOut => Some(1),
            Prim::EqAny | Prim::CompareAny | Prim::Receive | Prim::Shape => Some(2),
            Prim::ReceiveAfter => Some(3),
        }
    }
}

impl Value {
    /// The variables this value reads or consumes, in order.
    pub fn operands(&self) -> Vec<Var> {
        let vars = |atoms: &[Atom]| atoms.iter().filter_map(Atom::var).collect::<Vec<_>>();
        match self {
            Value::Atom(a) => a.var().into_iter().collect(),
            Value::Call(_, args) | Value::Prim(_, args) | Value::Con(_, args) | Value::Tuple(args) => vars(args),
            Value::Closure(_, captured) => vars(captured),
            Value::Apply(f, args) => std::iter::once(*f).chain(vars(args)).collect(),
            Value::Record(fields) => fields.iter().filter_map(|(_, a)| a.var()).collect(),
            Value::RecordUpdate(r, fields) => {
                std::iter::once(*r).chain(fields.iter().filter_map(|(_, a)| a.var())).collect()
            }
            Value::RecordGet(v, _) | Value::Field(v, _) => vec![*v],
            Value::Lambda(..) | Value::Global(_) => Vec::new(),
        }
    }

    /// Whether the operands are only read (borrowed), not consumed.
    pub fn borrows_operands(&self) -> bool {
        matches!(self, Value::Field(..) | Value::RecordGet(..) | Value::Prim(..))
    }
}

impl Atom {
    pub fn var(&self) -> Option<Var> {
        match self {
            Atom::Var(v) => Some(*v),
            Atom::Lit(_) => None,
        }
    }
}

/// Where a match failure points: "FILE:LINE:COLUMN".
pub fn location(file: &str, text: &str, span: Span) -> Arc<str> {
    let (line, column) = crate::span::LineIndex::new(text).line_col(text, span.start as usize);
    Arc::from(format!("{file}:{line}:{column}"))
}
