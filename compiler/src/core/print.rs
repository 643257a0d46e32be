//! The text form of Core, for `mote build --emit core` and snapshot tests.
//!
//! Deterministic and indentation-based: one binding or reference-count operation per line, the
//! continuation of a `let` on the next line at the same indentation, nested blocks (switch
//! arms, join bodies, lambda bodies) two columns further in. The value in tail position is
//! printed bare: `fun Main.id(v0) =` / `  v0`. Functions, globals and constructors are named
//! from the program's tables; an id with no entry prints as `f#3`, `g#1`, `#7`, `label#2`.

use std::fmt::{self, Write};

use super::ir::{Atom, CtorId, Expr, FunId, Function, GlobalId, Label, Lit, Prim, Program, Test, Value, Var};

/// The whole program: constructors, labels, globals (in start-up order), functions, `main`.
pub fn program(p: &Program) -> String {
    let mut printer = Printer { program: p, out: String::new() };
    printer.program();
    printer.out
}

/// One function of `p` (names resolved in `p`).
pub fn function(p: &Program, f: &Function) -> String {
    let mut printer = Printer { program: p, out: String::new() };
    printer.definition(f);
    printer.out
}

/// One expression of `p`, at indentation 0 (names resolved in `p`).
pub fn expr(p: &Program, e: &Expr) -> String {
    let mut printer = Printer { program: p, out: String::new() };
    printer.expr(e, 0);
    printer.out
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&program(self))
    }
}

struct Printer<'p> {
    program: &'p Program,
    out: String,
}

impl Printer<'_> {
    fn program(&mut self) {
        let p = self.program;
        for (id, ctor) in p.constructors.iter().enumerate() {
            self.line(0, &format!("ctor #{id} {} : {}/{}", ctor.name, ctor.ty, ctor.arity));
        }
        for (id, label) in p.labels.iter().enumerate() {
            self.line(0, &format!("label #{id} {label}"));
        }
        for global in &p.globals {
            self.out.push('\n');
            self.line(0, &format!("global {} =", global.name));
            self.expr(&global.body, 2);
        }
        for function in &p.functions {
            self.out.push('\n');
            self.definition(function);
        }
        self.out.push('\n');
        self.line(0, &format!("main = {}", self.global(p.main)));
        if let Some(ctors) = &p.process_ctors {
            let names: Vec<String> =
                ctors.iter().map(|c| c.map_or_else(|| "-".to_string(), |c| self.ctor(c))).collect();
            self.line(0, &format!("process ctors = {}", names.join(", ")));
        }
    }

    /// `fun NAME(params) =`, or for closure code `closure fun NAME[self](params) =`, then the body.
    fn definition(&mut self, function: &Function) {
        let mut params = function.params.iter().map(|v| var(*v));
        let header = if function.closure {
            let this = params.next().unwrap_or_default();
            format!("closure fun {}[{this}]({}) =", function.name, params.collect::<Vec<_>>().join(", "))
        } else {
            format!("fun {}({}) =", function.name, params.collect::<Vec<_>>().join(", "))
        };
        self.line(0, &header);
        self.expr(&function.body, 2);
    }

    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.out, "{:indent$}{text}", "");
    }

    /// Prints `e` as a block of lines at `indent`.
    fn expr(&mut self, e: &Expr, indent: usize) {
        let mut e = e;
        loop {
            match e {
                Expr::Let(x, Value::Lambda(params, body), rest) => {
                    let params = params.iter().map(|v| var(*v)).collect::<Vec<_>>().join(", ");
                    self.line(indent, &format!("let {} = lambda({params}) ->", var(*x)));
                    self.expr(body, indent + 4);
                    self.line(indent, "in");
                    e = rest;
                }
                Expr::Let(x, v, rest) => {
                    self.line(indent, &format!("let {} = {} in", var(*x), self.value(v)));
                    e = rest;
                }
                Expr::LetRec(group, rest) => {
                    self.line(indent, "letrec");
                    for (f, params, body) in group {
                        let params = params.iter().map(|v| var(*v)).collect::<Vec<_>>().join(", ");
                        self.line(indent + 2, &format!("{}({params}) =", var(*f)));
                        self.expr(body, indent + 4);
                    }
                    self.line(indent, "in");
                    e = rest;
                }
                Expr::Join { id, params, looping, body, rest } => {
                    let params = params.iter().map(|v| var(*v)).collect::<Vec<_>>().join(", ");
                    let rec = if *looping { "rec " } else { "" };
                    self.line(indent, &format!("join {rec}j{}({params}) =", id.0));
                    self.expr(body, indent + 2);
                    self.line(indent, "in");
                    e = rest;
                }
                Expr::Dup(..) | Expr::Drop(..) => {
                    // Consecutive operations of one kind share a line: `drop v1, v3`.
                    let dup = matches!(e, Expr::Dup(..));
                    let mut vars = Vec::new();
                    while let (Expr::Dup(x, rest), true) | (Expr::Drop(x, rest), false) = (e, dup) {
                        vars.push(var(*x));
                        e = rest;
                    }
                    self.line(indent, &format!("{} {}", if dup { "dup" } else { "drop" }, vars.join(", ")));
                }
                Expr::Switch { on, arms, default } => {
                    self.line(indent, &format!("switch {}", var(*on)));
                    for (test, arm) in arms {
                        let test = self.test(test);
                        self.arm(&test, arm, indent + 2);
                    }
                    if let Some(default) = default {
                        self.arm("_", default, indent + 2);
                    }
                    return;
                }
                Expr::Jump(j, args) => return self.line(indent, &format!("jump j{}({})", j.0, atoms(args))),
                Expr::Tail(Value::Lambda(params, body)) => {
                    let params = params.iter().map(|v| var(*v)).collect::<Vec<_>>().join(", ");
                    self.line(indent, &format!("lambda({params}) ->"));
                    return self.expr(body, indent + 4);
                }
                Expr::Tail(v) => return self.line(indent, &self.value(v)),
                Expr::MatchFailure(location) => return self.line(indent, &format!("match failure at {location}")),
            }
        }
    }

    /// An arm whose body is one line stays on the arm's line: `0 -> 1`. The body is printed
    /// once, then placed (printing it again per level of nesting would take exponential time).
    fn arm(&mut self, test: &str, body: &Expr, indent: usize) {
        let mut inner = Printer { program: self.program, out: String::new() };
        inner.expr(body, 0);
        if inner.out.lines().count() == 1 {
            self.line(indent, &format!("{test} -> {}", inner.out.trim_end()));
        } else {
            self.line(indent, &format!("{test} ->"));
            for l in inner.out.lines() {
                if l.is_empty() {
                    self.out.push('\n');
                } else {
                    self.line(indent + 2, l);
                }
            }
        }
    }

    fn test(&self, test: &Test) -> String {
        match test {
            Test::Ctor(c) => self.ctor(*c),
            Test::Lit(l) => lit(l),
        }
    }

    /// A value on one line (a lambda's body is elided; [`Printer::expr`] prints lambdas bound by
    /// `let` or returned in full).
    fn value(&self, v: &Value) -> String {
        match v {
            Value::Atom(a) => atom(a),
            Value::Call(f, args) => format!("call {}({})", self.function(*f), atoms(args)),
            Value::Apply(f, args) => format!("apply {}({})", var(*f), atoms(args)),
            Value::Prim(prim, args) => {
                let name = match prim {
                    Prim::Foreign(name) => name,
                    Prim::ShowAny => "showAny",
                    Prim::EqAny => "eqAny",
                    Prim::CompareAny => "compareAny",
                    Prim::Crash => "crash",
                    Prim::Receive => "receive",
                    Prim::ReceiveAfter => "receiveAfter",
                    Prim::TimedOut => "timedOut",
                    Prim::Shape => "shape",
                };
                format!("prim {name}({})", atoms(args))
            }
            Value::Con(c, args) if args.is_empty() => format!("con {}", self.ctor(*c)),
            Value::Con(c, args) => format!("con {}({})", self.ctor(*c), atoms(args)),
            Value::Tuple(args) => format!("tuple({})", atoms(args)),
            Value::Record(fields) => format!("{{{}}}", self.fields(fields)),
            Value::RecordUpdate(r, fields) => format!("{} with {{{}}}", var(*r), self.fields(fields)),
            Value::RecordGet(r, l) => format!("{}.{}", var(*r), self.label(*l)),
            Value::Field(x, i) => format!("{}[{i}]", var(*x)),
            Value::Closure(f, captured) => format!("closure {}({})", self.function(*f), atoms(captured)),
            Value::Lambda(params, _) => {
                format!("lambda({}) -> …", params.iter().map(|v| var(*v)).collect::<Vec<_>>().join(", "))
            }
            Value::Global(g) => format!("global {}", self.global(*g)),
        }
    }

    fn fields(&self, fields: &[(Label, Atom)]) -> String {
        fields.iter().map(|(l, a)| format!("{} = {}", self.label(*l), atom(a))).collect::<Vec<_>>().join(", ")
    }

    fn function(&self, f: FunId) -> String {
        self.program.functions.get(f.0 as usize).map_or_else(|| format!("f#{}", f.0), |f| f.name.clone())
    }

    fn global(&self, g: GlobalId) -> String {
        self.program.globals.get(g.0 as usize).map_or_else(|| format!("g#{}", g.0), |g| g.name.clone())
    }

    fn ctor(&self, c: CtorId) -> String {
        self.program.constructors.get(c.0 as usize).map_or_else(|| format!("#{}", c.0), |c| c.name.to_string())
    }

    fn label(&self, l: Label) -> String {
        self.program.labels.get(l.0 as usize).map_or_else(|| format!("label#{}", l.0), |l| l.to_string())
    }
}

fn var(v: Var) -> String {
    format!("v{}", v.0)
}

fn atoms(args: &[Atom]) -> String {
    args.iter().map(atom).collect::<Vec<_>>().join(", ")
}

fn atom(a: &Atom) -> String {
    match a {
        Atom::Var(v) => var(*v),
        Atom::Lit(l) => lit(l),
    }
}

fn lit(l: &Lit) -> String {
    match l {
        Lit::Int(n) => n.to_string(),
        Lit::Float(x) => format!("{x:?}"),
        Lit::Char(c) => format!("{c:?}"),
        Lit::String(s) => format!("{:?}", &**s),
        Lit::Atom(a) => format!(":{a}"),
        Lit::Bool(b) => b.to_string(),
        Lit::Unit => "()".to_string(),
    }
}

#[cfg(test)]
mod tests;
