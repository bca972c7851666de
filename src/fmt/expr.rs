//! Expressions, action calls, lists and maps: single spaces around binary
//! operators and after commas, none inside parentheses or brackets, maps
//! `{ key: value }`; a list, map or argument list that does not fit (or holds
//! a comment) one element per line with trailing commas; a long condition
//! broken before `and` / `or` at its loosest level (TOOLING.md §3, §7).
//!
//! The AST drops grouping parentheses, so they are found in the source: an
//! expression is wrapped in as many as surround its text there.

use super::printer::Printer;
use crate::syntax::ast::{ActionCall, Arg, ArgValue, BinaryOp, Expr, ExprKind, MapEntry, Path, UnaryOp};

/// Where an expression's text lies, with its grouping parentheses.
#[derive(Clone, Copy)]
struct Extent {
    /// The expression without its parentheses.
    inner: (u32, u32),
    /// How many `( … )` pairs surround it.
    parens: u32,
    /// The expression with its parentheses.
    outer: (u32, u32),
}

/// One element of a bracketed sequence.
#[derive(Clone, Copy)]
enum Element<'t> {
    Arg(&'t Arg),
    Expr(&'t Expr),
    Entry(&'t MapEntry),
}

/// How a sequence is bracketed: `(a, b)`, `[a, b]` or `{ a: 1 }`.
struct Brackets {
    open: &'static str,
    close: &'static str,
    /// A space inside the brackets when on one line (maps).
    padded: bool,
    /// The offsets just after the opening and at the closing bracket.
    inside: (u32, u32),
}

fn is_chain_op(op: BinaryOp) -> bool {
    matches!(op, BinaryOp::Or | BinaryOp::And)
}

/// Binding strength of a binary operator (LANGUAGE.md 6.3), for chains.
fn strength(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::Add | BinaryOp::Sub => 5,
        BinaryOp::Mul | BinaryOp::Div => 6,
        _ => 4,
    }
}

impl Printer<'_> {
    fn extent(&self, expr: &Expr) -> Extent {
        let mut start = expr.span.start;
        let mut end = self.trim_end(expr.span.end);
        let mut widen = |child: &Expr| {
            let outer = self.extent(child).outer;
            start = start.min(outer.0);
            end = end.max(outer.1);
        };
        match &expr.kind {
            ExprKind::Binary { lhs, rhs, .. } => {
                widen(lhs);
                widen(rhs);
            }
            ExprKind::Unary { operand, .. } | ExprKind::IsKnown { operand, .. } => widen(operand),
            _ => {}
        }
        let inner = (start, end);
        let mut parens = 0;
        loop {
            let before = self.cursor.token_end_before(start);
            let Some(open) = before.checked_sub(1) else { break };
            if !self.cursor.is_grouping_paren(open) {
                break;
            }
            let after = self.cursor.next_token(end);
            if self.cursor.trivia.closing(open) != Some(after) || self.cursor.byte(after) != b')' {
                break;
            }
            parens += 1;
            start = open;
            end = after + 1;
        }
        Extent {
            inner,
            parens,
            outer: (start, end),
        }
    }

    /// A path as written (`company.name`).
    pub fn path(&mut self, path: &Path) {
        self.write(self.slice(path.span.start, path.span.end));
    }

    /// A step's or setting's expression: a long `and` / `or` chain, or one
    /// with a comment between its operands, breaks before each operator of
    /// its loosest level, continuation lines one level deeper. `tail` is the
    /// width written after it on its line.
    pub fn condition(&mut self, expr: &Expr, tail: usize) {
        let extent = self.extent(expr);
        let chain = match &expr.kind {
            ExprKind::Binary { op, .. } if extent.parens == 0 && is_chain_op(*op) => Some(*op),
            _ => None,
        };
        let Some(op) = chain.filter(|_| !self.flat) else {
            return self.expr(expr, tail);
        };
        let operands = self.chain(expr, op);
        let ranges: Vec<(u32, u32)> = operands.iter().map(|o| self.extent(o).outer).collect();
        let commented = ranges.windows(2).any(|w| self.has_comments(w[0].1, w[1].0));
        if !commented {
            let width = self.measure(|p| p.expr(expr, tail));
            if self.fits(width, tail) {
                return self.expr(expr, tail);
            }
        }
        // Broken: a comment trailing an operand stays after it, one on its
        // own line between two operands stays above the second.
        self.expr(operands[0], 0);
        self.indent += 1;
        for (i, operand) in operands.iter().enumerate().skip(1) {
            let (gap_start, gap_end) = (ranges[i - 1].1, ranges[i].0);
            self.trailing(gap_start, gap_end);
            self.newline();
            let own = self.take(gap_start, gap_end);
            self.own_lines(&own);
            self.write(op.as_str());
            self.write(" ");
            self.expr(operand, if i + 1 == operands.len() { tail } else { 0 });
        }
        self.indent -= 1;
    }

    /// Records the gaps between the operands of `expr` when it is a
    /// step-level `and` / `or` chain (see [`Printer::condition`]).
    pub fn chain_gaps(&mut self, expr: &Expr) {
        let ExprKind::Binary { op, .. } = &expr.kind else {
            return;
        };
        if !is_chain_op(*op) || self.extent(expr).parens > 0 {
            return;
        }
        let operands = self.chain(expr, *op);
        for pair in operands.windows(2) {
            let gap = (self.extent(pair[0]).outer.1, self.extent(pair[1]).outer.0);
            self.gaps.push(gap);
        }
    }

    /// The operands of a left-leaning chain of `op` (parenthesised operands
    /// are one operand).
    pub fn chain<'t>(&self, expr: &'t Expr, op: BinaryOp) -> Vec<&'t Expr> {
        let mut rights = Vec::new();
        let mut node = expr;
        loop {
            match &node.kind {
                ExprKind::Binary { op: o, lhs, rhs, .. } if *o == op => {
                    rights.push(&**rhs);
                    if self.extent(lhs).parens > 0 {
                        rights.push(&**lhs);
                        break;
                    }
                    node = lhs;
                }
                _ => {
                    rights.push(node);
                    break;
                }
            }
        }
        rights.reverse();
        rights
    }

    /// An expression with its grouping parentheses.
    pub fn expr(&mut self, expr: &Expr, tail: usize) {
        let extent = self.extent(expr);
        for _ in 0..extent.parens {
            self.write("(");
        }
        let tail = tail + extent.parens as usize;
        match &expr.kind {
            ExprKind::Str(_) | ExprKind::Number(_) | ExprKind::Date(_) | ExprKind::DateTime(_) | ExprKind::Path(_) => {
                self.write(self.slice(extent.inner.0, extent.inner.1))
            }
            ExprKind::Bool(value) => self.write(if *value { "true" } else { "false" }),
            ExprKind::Placeholder => self.write("?"),
            ExprKind::Duration(duration) => self.duration(duration),
            ExprKind::List(items) => {
                let elements: Vec<Element> = items.iter().map(Element::Expr).collect();
                let brackets = Brackets {
                    open: "[",
                    close: "]",
                    padded: false,
                    inside: (extent.inner.0 + 1, extent.inner.1.saturating_sub(1)),
                };
                self.sequence(&elements, &brackets, tail);
            }
            ExprKind::Map(entries) => {
                let elements: Vec<Element> = entries.iter().map(Element::Entry).collect();
                let brackets = Brackets {
                    open: "{",
                    close: "}",
                    padded: true,
                    inside: (extent.inner.0 + 1, extent.inner.1.saturating_sub(1)),
                };
                self.sequence(&elements, &brackets, tail);
            }
            ExprKind::Call { name, args } => {
                self.write(&name.name);
                let elements: Vec<Element> = args.iter().map(Element::Expr).collect();
                let open = self.cursor.next_token(name.span.end);
                let brackets = Brackets {
                    open: "(",
                    close: ")",
                    padded: false,
                    inside: (open + 1, extent.inner.1.saturating_sub(1)),
                };
                self.sequence(&elements, &brackets, tail);
            }
            ExprKind::Unary { op, operand } => {
                self.write(match op {
                    UnaryOp::Not => "not ",
                    UnaryOp::Neg => "-",
                });
                self.expr(operand, tail);
            }
            ExprKind::IsKnown { operand, known } => {
                let word = if *known { " is known" } else { " is unknown" };
                self.expr(operand, tail + word.len());
                self.write(word);
            }
            ExprKind::Binary { op, .. } => {
                // A left-leaning chain of one strength is written in a loop,
                // not by recursion: `a + a + … + a` may be long. Comparisons
                // do not chain.
                let mut rights = Vec::new();
                let mut node = expr;
                while let ExprKind::Binary { op: o, lhs, rhs, .. } = &node.kind {
                    if strength(*o) != strength(*op) {
                        break;
                    }
                    rights.push((*o, &**rhs));
                    node = lhs;
                    if strength(*op) == 4 || self.extent(lhs).parens > 0 {
                        break;
                    }
                }
                self.expr(node, 0);
                let last = rights.len();
                for (k, (o, rhs)) in rights.into_iter().rev().enumerate() {
                    self.write(" ");
                    self.write(o.as_str());
                    self.write(" ");
                    self.expr(rhs, if k + 1 == last { tail } else { 0 });
                }
            }
        }
        for _ in 0..extent.parens {
            self.write(")");
        }
    }

    /// `NAME(ARGS)` of an action.
    pub fn action_call(&mut self, call: &ActionCall, tail: usize) {
        self.write(&call.name.name);
        let open = self.cursor.next_token(call.name.span.end);
        let close = self.trim_end(call.span.end).saturating_sub(1);
        let elements: Vec<Element> = call.args.iter().map(Element::Arg).collect();
        let brackets = Brackets {
            open: "(",
            close: ")",
            padded: false,
            inside: (open + 1, close),
        };
        self.sequence(&elements, &brackets, tail);
    }

    fn element_range(&self, element: Element) -> (u32, u32) {
        match element {
            Element::Arg(arg) => {
                let end = match &arg.value {
                    ArgValue::Expr(expr) => self.extent(expr).outer.1,
                    ArgValue::Placeholder(span) => span.end,
                };
                (arg.span.start, end.max(self.trim_end(arg.span.end)))
            }
            Element::Expr(expr) => self.extent(expr).outer,
            Element::Entry(entry) => (entry.key.span.start, self.extent(&entry.value).outer.1),
        }
    }

    fn element(&mut self, element: Element, tail: usize) {
        match element {
            Element::Arg(arg) => {
                if let Some(name) = &arg.name {
                    self.write(&name.name);
                    self.write(": ");
                }
                match &arg.value {
                    ArgValue::Expr(expr) => self.expr(expr, tail),
                    ArgValue::Placeholder(_) => self.write("?"),
                }
            }
            Element::Expr(expr) => self.expr(expr, tail),
            Element::Entry(entry) => {
                self.write(self.slice(entry.key.span.start, entry.key.span.end));
                self.write(": ");
                self.expr(&entry.value, tail);
            }
        }
    }

    /// A bracketed sequence: on one line when it fits and holds no comment,
    /// else one element per line, each followed by a comma.
    fn sequence(&mut self, elements: &[Element], brackets: &Brackets, tail: usize) {
        let (inside_start, inside_end) = brackets.inside;
        let commented = !self.flat && self.has_comments(inside_start, inside_end);
        if elements.is_empty() && !commented {
            self.write(brackets.open);
            self.write(brackets.close);
            return;
        }
        let broken = commented || {
            !self.flat && {
                let width = self.measure(|p| p.flat_sequence(elements, brackets));
                !self.fits(width, tail)
            }
        };
        if !broken {
            return self.flat_sequence(elements, brackets);
        }
        self.write(brackets.open);
        self.newline();
        self.indent += 1;
        let mut previous = inside_start;
        for (k, element) in elements.iter().enumerate() {
            let (start, end) = self.element_range(*element);
            let before = self.take(previous, start);
            self.own_lines(&before);
            let hoisted = self.take_loose(start, end);
            self.own_lines(&hoisted);
            self.element(*element, 1);
            self.write(",");
            let next = elements.get(k + 1).map_or(inside_end, |e| self.element_range(*e).0);
            self.trailing(end, next);
            self.newline();
            previous = end;
        }
        let rest = self.take(previous, inside_end);
        self.own_lines(&rest);
        self.indent -= 1;
        self.write(brackets.close);
    }

    fn flat_sequence(&mut self, elements: &[Element], brackets: &Brackets) {
        self.write(brackets.open);
        if brackets.padded {
            self.write(" ");
        }
        for (k, element) in elements.iter().enumerate() {
            if k > 0 {
                self.write(", ");
            }
            self.element(*element, 0);
        }
        if brackets.padded {
            self.write(" ");
        }
        self.write(brackets.close);
    }
}
