//! The syntax tree the parser builds.
//!
//! It mirrors the source closely (so the formatter and the language server can use it) but
//! drops parentheses: they live only in spans. Operator chains arrive from the parser as
//! [`ExprKind::OpChain`] and are re-associated by the fixity pass into [`ExprKind::BinOp`].
//! Every node carries a byte [`Span`]; error recovery leaves [`ExprKind::Error`] and friends
//! where text could not be parsed.

use num_bigint::BigInt;

use crate::span::Span;

/// A possibly qualified name: `map`, `Map.lookup`, `Just`, `Map.!`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name {
    /// `Data.Map` in `Data.Map.lookup`; `None` when unqualified.
    pub qualifier: Option<String>,
    pub name: String,
    pub span: Span,
}

impl Name {
    pub fn unqualified(name: impl Into<String>, span: Span) -> Name {
        Name { qualifier: None, name: name.into(), span }
    }

    /// Splits `A.B.c` (or `A.B.+`) into qualifier `A.B` and name `c`.
    pub fn from_qualified(text: &str, span: Span) -> Name {
        // Operators may contain dots (`Map..:`): the qualifier ends at the last dot that
        // follows an identifier character.
        let bytes = text.as_bytes();
        let mut split = None;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'.'
                && i > 0
                && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b'\'')
            {
                split = Some(i);
                if !bytes.get(i + 1).is_some_and(|c| c.is_ascii_uppercase()) {
                    break;
                }
            }
        }
        match split {
            Some(i) => Name { qualifier: Some(text[..i].to_string()), name: text[i + 1..].to_string(), span },
            None => Name::unqualified(text, span),
        }
    }

    /// `Map.lookup` or `lookup`.
    pub fn full(&self) -> String {
        match &self.qualifier {
            Some(q) => format!("{q}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// An unqualified name at a binding site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// `Data.Map`
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModuleName {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub header: Option<ModuleHeader>,
    pub imports: Vec<Import>,
    pub decls: Vec<Decl>,
    pub span: Span,
}

/// `module Demo.Counter (start, Reply(..), class Tick) where`
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleHeader {
    pub name: ModuleName,
    /// `None` when there is no export list: everything is exported.
    pub exports: Option<Vec<Entity>>,
    pub span: Span,
}

/// An entry of an export or import list.
#[derive(Debug, Clone, PartialEq)]
pub enum Entity {
    /// `start`, or an operator `(+)`.
    Value(Ident),
    /// `Reply`, `Reply(..)`, `Reply(A, B)`.
    Type { name: Ident, members: Option<Members>, span: Span },
    /// `class Tick`
    Class(Ident),
    /// `module Data.Map` (exports only).
    Module(ModuleName),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Members {
    All,
    Some(Vec<Ident>),
}

/// `import Data.Map as Map (lookup) ` / `import Data.List hiding (lookup)`
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub module: ModuleName,
    pub alias: Option<ModuleName>,
    pub list: Option<ImportList>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportList {
    Only(Vec<Entity>),
    Hiding(Vec<Entity>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decl {
    pub kind: DeclKind,
    pub span: Span,
    /// The `-- |` comment lines right above the declaration.
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeclKind {
    /// `f, g :: Integer -> Integer`
    Signature { names: Vec<Ident>, ty: Type },
    /// `f x y | guard = e where …`
    Equation(Equation),
    /// `(a, b) = e`
    PatternBinding { pat: Pat, rhs: Rhs, wheres: Vec<Decl> },
    /// `data Maybe a = Just a | Nothing deriving (Eq, Show)`
    Data { name: Ident, params: Vec<Ident>, constructors: Vec<Constructor>, deriving: Vec<Name> },
    /// `newtype Celsius = Celsius Float`
    Newtype { name: Ident, params: Vec<Ident>, constructor: Constructor, deriving: Vec<Name> },
    /// `type Name = String`
    TypeSynonym { name: Ident, params: Vec<Ident>, ty: Type },
    /// `class Eq a => Ord a where …`
    Class { context: Vec<Constraint>, name: Ident, params: Vec<Ident>, body: Vec<Decl> },
    /// `instance Show a => Show (Maybe a) where …`
    Instance { context: Vec<Constraint>, class: Name, args: Vec<Type>, body: Vec<Decl> },
    /// `infixl 6 add as +`
    Fixity(Fixity),
    /// `foreign import name :: Type`
    Foreign { name: Ident, ty: Type },
    /// Text that could not be parsed; its diagnostic has been reported.
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Equation {
    pub name: Ident,
    pub args: Vec<Pat>,
    pub rhs: Rhs,
    pub wheres: Vec<Decl>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Assoc {
    Left,
    Right,
    None,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fixity {
    pub assoc: Assoc,
    pub precedence: u8,
    /// The named function (or constructor) the operator stands for.
    pub function: Name,
    /// The operator symbol, or a name when the declaration fixes a backtick operator.
    pub operator: Ident,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Constructor {
    pub name: Ident,
    pub args: Vec<Type>,
    pub span: Span,
}

/// `= e` or a list of guarded alternatives. The separator (`=` or `->`) depends on where it
/// appears and is not stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Rhs {
    Plain(Expr),
    Guarded(Vec<GuardedExpr>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct GuardedExpr {
    pub guards: Vec<Guard>,
    pub body: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Guard {
    /// `| x > 1`
    Bool(Expr),
    /// `| Just y <- e`
    Bind(Pat, Expr),
    /// `| let y = f x`
    Let(Vec<Decl>),
}

/// `Show a`, `Eq (f a)`
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    pub class: Name,
    pub args: Vec<Type>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Type {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Var(Ident),
    Con(Name),
    App(Box<Type>, Box<Type>),
    Fun(Box<Type>, Box<Type>),
    /// `()` (no elements) or `(a, b, …)`.
    Tuple(Vec<Type>),
    List(Box<Type>),
    /// `{ name :: String | r }`
    Record(Row),
    Forall(Vec<Ident>, Box<Type>),
    Constrained(Vec<Constraint>, Box<Type>),
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub fields: Vec<(Ident, Type)>,
    pub tail: Option<Ident>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Int(BigInt),
    Float(f64),
    Char(char),
    String(String),
    Atom(String),
    Bool(bool),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pat {
    pub kind: PatKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PatKind {
    Wildcard,
    Var(Ident),
    /// Negative numbers included: `-1` is `Lit(Int(-1))`.
    Lit(Literal),
    /// `Just x`, `Nothing`, `Map.Tip`
    Con(Name, Vec<Pat>),
    /// `all@(x:xs)`
    As(Ident, Box<Pat>),
    /// `()` or `(a, b, …)`
    Tuple(Vec<Pat>),
    /// `[a, b]`
    List(Vec<Pat>),
    /// `x : xs`
    Cons(Box<Pat>, Box<Pat>),
    /// `[x, y | rest]` (Erlang's cons), at least one head.
    ListCons(Vec<Pat>, Box<Pat>),
    /// `{ name = n, age }` (a field without `= p` binds a variable of the field's name).
    Record(Vec<FieldPat>),
    /// `#{"k" := v}`
    Map(Vec<(Literal, Pat)>),
    /// `<<len:16/big, body:len/binary, rest/binary>>`
    Binary(Vec<Segment<Pat>>),
    /// `(x :: Integer)`
    Typed(Box<Pat>, Type),
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldPat {
    pub name: Ident,
    pub pat: Option<Pat>,
}

/// One segment of a binary literal or pattern: `value[:size][/spec-spec…]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<T> {
    pub value: T,
    pub size: Option<Box<Expr>>,
    /// `big`, `little`, `signed`, `unsigned`, `integer`, `float`, `binary`, `bytes`, `bits`, `utf8`.
    pub specs: Vec<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// An operator in an expression: a symbol (`+`, `Map.!`) or a backticked name (`` `div` ``).
#[derive(Debug, Clone, PartialEq)]
pub struct Operator {
    pub name: Name,
    pub backticks: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Var(Name),
    Con(Name),
    Lit(Literal),
    App(Box<Expr>, Box<Expr>),
    /// `a + b * c` before fixity resolution: the first operand, then (operator, operand) pairs.
    OpChain(Box<Expr>, Vec<(Operator, Expr)>),
    /// A resolved binary operator application.
    BinOp(Operator, Box<Expr>, Box<Expr>),
    /// `-e`
    Neg(Box<Expr>),
    /// `\x y -> e`
    Lambda(Vec<Pat>, Box<Expr>),
    /// `case a, b of alts`
    Case(Vec<Expr>, Vec<Alt>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Let(Vec<Decl>, Box<Expr>),
    Do(Vec<Stmt>),
    /// `receive alts after t -> e`
    Receive(Vec<Alt>, Option<After>),
    /// `{ name = "x", age }`
    Record(Vec<FieldExpr>),
    /// `e.field`
    Access(Box<Expr>, Ident),
    /// `r { f = e, g { h = e2 } }`
    Update(Box<Expr>, Vec<FieldUpdate>),
    List(Vec<Expr>),
    /// `[x, y | rest]`
    ListCons(Vec<Expr>, Box<Expr>),
    /// `[a..]`, `[a..b]`, `[a, b..c]`
    Range {
        from: Box<Expr>,
        then: Option<Box<Expr>>,
        to: Option<Box<Expr>>,
    },
    /// `[e | x <- xs, let y = 1, cond]`
    Comprehension(Box<Expr>, Vec<Stmt>),
    /// `()` or `(a, b, …)`
    Tuple(Vec<Expr>),
    /// `#{k => v}`
    Map(Vec<(Expr, Expr)>),
    /// `<<1, x:16/big, "abc">>`
    Binary(Vec<Segment<Expr>>),
    /// `(+)`
    OpRef(Operator),
    /// `(1 -)`
    LeftSection(Box<Expr>, Operator),
    /// `(+ 1)`
    RightSection(Operator, Box<Expr>),
    /// `_`: an anonymous argument, as in `(_ + 1)` or `_.name`.
    Wildcard,
    /// `?x`
    Hole(String),
    /// `e :: t`
    Typed(Box<Expr>, Type),
    Error,
}

/// One alternative of a `case` or `receive`.
#[derive(Debug, Clone, PartialEq)]
pub struct Alt {
    pub pats: Vec<Pat>,
    pub rhs: Rhs,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct After {
    pub timeout: Box<Expr>,
    pub body: Box<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldExpr {
    pub name: Ident,
    /// `None` for a pun: `{ age }` means `{ age = age }`.
    pub value: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldUpdate {
    pub name: Ident,
    pub value: UpdateValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UpdateValue {
    /// `f = e`
    Set(Expr),
    /// `f { g = e }`: update inside the record held in field `f`.
    Nested(Vec<FieldUpdate>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `p <- e`
    Bind(Pat, Expr),
    /// `let x = 1`
    Let(Vec<Decl>),
    /// `e`
    Expr(Expr),
    Error,
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    /// An application's head and its arguments in order (`f a b` is `f`, `[a, b]`); any other
    /// expression is its own head.
    pub fn spine(&self) -> (&Expr, Vec<&Expr>) {
        let mut head = self;
        let mut args = Vec::new();
        while let ExprKind::App(f, arg) = &head.kind {
            args.push(&**arg);
            head = f;
        }
        args.reverse();
        (head, args)
    }
}

impl Pat {
    pub fn new(kind: PatKind, span: Span) -> Pat {
        Pat { kind, span }
    }
}

impl Type {
    pub fn new(kind: TypeKind, span: Span) -> Type {
        Type { kind, span }
    }
}
