//! Modules, imports and declarations.

use super::pat::PatLevel;
use super::ty::TypeLevel;
use super::*;

impl Printer<'_> {
    pub(super) fn module(&mut self, m: &Module) {
        let mut first = true;
        let mut section = |p: &mut Self| {
            if !std::mem::take(&mut first) {
                p.blank_line();
            }
        };
        if let Some(header) = &m.header {
            section(self);
            self.header(header);
            self.w(" where");
        }
        if !m.imports.is_empty() {
            section(self);
            for (n, i) in m.imports.iter().enumerate() {
                if n > 0 {
                    self.nl();
                }
                self.import(i);
            }
        }
        for (n, d) in m.decls.iter().enumerate() {
            if n == 0 || !continues_group(&m.decls[n - 1], d) {
                section(self);
            } else {
                self.nl();
            }
            self.decl(d);
        }
    }

    /// Every block in explicit braces; see [`module_braced`](super::module_braced).
    pub(super) fn module_braced(&mut self, m: &Module) {
        let header = m.header.as_ref();
        if let Some(h) = header {
            self.header(h);
            self.w(" where {");
        }
        let mut first = header.is_none();
        for i in &m.imports {
            if !std::mem::take(&mut first) {
                self.nl();
            }
            self.import(i);
            self.w(";");
        }
        for d in &m.decls {
            if !std::mem::take(&mut first) {
                self.nl();
            }
            self.doc(d);
            self.inline(|p| p.decl_item(d));
            self.w(";");
        }
        if header.is_some() {
            self.nl();
            self.w("}");
        }
    }

    /// A blank line, then the start of a line at the current indentation.
    fn blank_line(&mut self) {
        trim_line_end(&mut self.out);
        self.out.push('\n');
        self.nl();
    }

    fn header(&mut self, h: &ModuleHeader) {
        self.w("module ");
        self.w(&h.name.name);
        if let Some(exports) = &h.exports {
            self.w(" ");
            self.entities(exports);
        }
    }

    fn entities(&mut self, entities: &[Entity]) {
        self.w("(");
        self.commas(entities, |p, e| match e {
            Entity::Value(v) => p.w(&binder(v)),
            Entity::Type { name, members, .. } => {
                p.w(&name.name);
                match members {
                    None => {}
                    Some(Members::All) => p.w("(..)"),
                    Some(Members::Some(names)) => {
                        p.w("(");
                        p.commas(names, |p, n| p.w(&n.name));
                        p.w(")");
                    }
                }
            }
            Entity::Class(c) => {
                p.w("class ");
                p.w(&c.name);
            }
            Entity::Module(m) => {
                p.w("module ");
                p.w(&m.name);
            }
        });
        self.w(")");
    }

    fn import(&mut self, i: &Import) {
        self.w("import ");
        self.w(&i.module.name);
        if let Some(alias) = &i.alias {
            self.w(" as ");
            self.w(&alias.name);
        }
        match &i.list {
            None => {}
            Some(ImportList::Only(entities)) => {
                self.w(" ");
                self.entities(entities);
            }
            Some(ImportList::Hiding(entities)) => {
                self.w(" hiding ");
                self.entities(entities);
            }
        }
    }

    /// A declaration with its doc comment, where the parser attaches docs: at the top level and
    /// in class and instance bodies.
    pub(super) fn decl(&mut self, d: &Decl) {
        self.doc(d);
        self.decl_item(d);
    }

    fn doc(&mut self, d: &Decl) {
        let Some(doc) = &d.doc else { return };
        if self.inline && !self.explicit {
            // A line comment would swallow the rest of the line, and a line break could end a
            // layout block.
            return;
        }
        for line in doc.split('\n') {
            self.w("-- | ");
            self.w(line);
            if self.inline {
                // Inside explicit braces a line break changes nothing.
                trim_line_end(&mut self.out);
                self.out.push('\n');
            } else {
                self.nl();
            }
        }
    }

    /// A declaration without its doc comment.
    pub(super) fn decl_item(&mut self, d: &Decl) {
        match &d.kind {
            DeclKind::Signature { names, ty } => {
                self.commas(names, |p, n| p.w(&binder(n)));
                self.w(" :: ");
                self.ty(ty, TypeLevel::Top);
            }
            DeclKind::Equation(eq) => {
                self.w(&binder(&eq.name));
                for a in &eq.args {
                    self.w(" ");
                    self.pat(a, PatLevel::Atom);
                }
                self.rhs(&eq.rhs, "=", !eq.wheres.is_empty());
                self.wheres(&eq.wheres);
            }
            DeclKind::PatternBinding { pat, rhs, wheres } => {
                // `Just x = e` and `all@(x : xs) = e` stand bare; anything else is an atom so
                // that it cannot read as a function head, and a record is parenthesised since
                // after `where` or `let` its `{` would open an explicit block.
                match pat.kind {
                    PatKind::Con(..) => self.pat(pat, PatLevel::Con),
                    PatKind::Record(_) => {
                        self.w("(");
                        self.pat(pat, PatLevel::Top);
                        self.w(")");
                    }
                    _ => self.pat(pat, PatLevel::Atom),
                }
                self.rhs(rhs, "=", !wheres.is_empty());
                self.wheres(wheres);
            }
            DeclKind::Data { name, params, constructors, deriving } => {
                self.w("data ");
                self.type_head(name, params);
                self.constructors(constructors, deriving);
            }
            DeclKind::Newtype { name, params, constructor, deriving } => {
                self.w("newtype ");
                self.type_head(name, params);
                self.constructors(std::slice::from_ref(constructor), deriving);
            }
            DeclKind::TypeSynonym { name, params, ty } => {
                self.w("type ");
                self.type_head(name, params);
                self.w(" = ");
                self.ty(ty, TypeLevel::Top);
            }
            DeclKind::Class { context, name, params, body } => {
                self.w("class ");
                if !context.is_empty() {
                    self.context(context);
                }
                self.type_head(name, params);
                self.body(body);
            }
            DeclKind::Instance { context, class, args, body } => {
                self.w("instance ");
                if !context.is_empty() {
                    self.context(context);
                }
                self.w(&class.full());
                for a in args {
                    self.w(" ");
                    self.ty(a, TypeLevel::Atom);
                }
                self.body(body);
            }
            DeclKind::Fixity(f) => {
                self.w(match f.assoc {
                    Assoc::Left => "infixl ",
                    Assoc::Right => "infixr ",
                    Assoc::None => "infix ",
                });
                self.w(&f.precedence.to_string());
                self.w(" ");
                if is_symbolic(&f.operator.name) {
                    self.w(&f.function.full());
                    self.w(" as ");
                    self.w(&f.operator.name);
                } else {
                    // `infixl 7 `div``: the function is the operator's own name.
                    self.w(&format!("`{}`", f.operator.name));
                }
            }
            DeclKind::Foreign { name, ty } => {
                self.w("foreign import ");
                self.w(&binder(name));
                self.w(" :: ");
                self.ty(ty, TypeLevel::Top);
            }
            DeclKind::Error => self.w("?error"),
        }
    }

    fn type_head(&mut self, name: &Ident, params: &[Ident]) {
        self.w(&name.name);
        for p in params {
            self.w(" ");
            self.w(&p.name);
        }
    }

    /// ` = A x | B deriving (Eq)`, or one constructor per line when that is too long.
    fn constructors(&mut self, constructors: &[Constructor], deriving: &[Name]) {
        let one_line = |p: &mut Printer<'_>| {
            for (n, c) in constructors.iter().enumerate() {
                p.w(if n == 0 { " = " } else { " | " });
                p.constructor(c);
            }
            if !deriving.is_empty() {
                p.w(" ");
                p.deriving(deriving);
            }
        };
        let text = self.render_inline(one_line);
        if self.inline || self.fits(&text) {
            return self.w(&text);
        }
        let continuation = self.indent + 2;
        self.indented(continuation, |p| {
            for (n, c) in constructors.iter().enumerate() {
                p.nl();
                p.w(if n == 0 { "= " } else { "| " });
                p.constructor(c);
            }
            if !deriving.is_empty() {
                p.nl();
                p.deriving(deriving);
            }
        });
    }

    fn constructor(&mut self, c: &Constructor) {
        self.w(&c.name.name);
        for a in &c.args {
            self.w(" ");
            self.ty(a, TypeLevel::Atom);
        }
    }

    fn deriving(&mut self, classes: &[Name]) {
        self.w("deriving (");
        self.commas(classes, |p, c| p.w(&c.full()));
        self.w(")");
    }

    /// The `where` body of a class or instance; nothing when it is empty.
    fn body(&mut self, body: &[Decl]) {
        if body.is_empty() {
            return;
        }
        self.w(" where");
        self.block(body, |p, d| p.decl(d));
    }

    fn wheres(&mut self, wheres: &[Decl]) {
        if wheres.is_empty() {
            return;
        }
        if self.inline {
            self.w(" where");
            return self.block(wheres, |p, d| p.decl_item(d));
        }
        // f x = body
        //   where
        //     helper = …
        let continuation = self.indent + 2;
        self.indented(continuation, |p| {
            p.nl();
            p.w("where");
            p.block(wheres, |p, d| p.decl_item(d));
        });
    }
}

/// Clauses of one function, or a signature and the clauses it types, print without a blank
/// line between them.
fn continues_group(previous: &Decl, next: &Decl) -> bool {
    let DeclKind::Equation(eq) = &next.kind else { return false };
    next.doc.is_none()
        && match &previous.kind {
            DeclKind::Equation(prev) => prev.name.name == eq.name.name,
            DeclKind::Signature { names, .. } => names.iter().any(|n| n.name == eq.name.name),
            _ => false,
        }
}
