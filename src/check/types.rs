//! Static types of expressions (docs/language.md 6.1): what literals, `now`/`today`,
//! functions, action outputs and (with `--schema`) properties tell. `Unknown`
//! means "cannot tell before run time" and is compatible with everything, so
//! without a schema only what literals make obvious is rejected.

use crate::syntax::ast::BinaryOp;

/// The static type of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Str,
    Num,
    Bool,
    Date,
    DateTime,
    Duration,
    List,
    Map,
    /// A string of a fixed set (a schema `{"enum": […]}` property).
    Enum(Vec<String>),
    /// Not known before run time.
    Unknown,
}

/// The broad kind of a type, for compatibility: strings and enums are both
/// text, dates and date-times are both instants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Text,
    Number,
    Bool,
    Instant,
    Duration,
    List,
    Map,
}

impl Ty {
    fn family(&self) -> Option<Family> {
        Some(match self {
            Ty::Str | Ty::Enum(_) => Family::Text,
            Ty::Num => Family::Number,
            Ty::Bool => Family::Bool,
            Ty::Date | Ty::DateTime => Family::Instant,
            Ty::Duration => Family::Duration,
            Ty::List => Family::List,
            Ty::Map => Family::Map,
            Ty::Unknown => return None,
        })
    }

    /// True when the type is known.
    pub fn is_known(&self) -> bool {
        !matches!(self, Ty::Unknown)
    }

    /// True when a value of this type may be a number (known number or unknown).
    pub fn may_be_number(&self) -> bool {
        matches!(self, Ty::Num | Ty::Unknown)
    }

    /// True when a value of this type may be a string (text or unknown).
    pub fn may_be_text(&self) -> bool {
        matches!(self, Ty::Str | Ty::Enum(_) | Ty::Unknown)
    }

    /// True when a value of this type may be a date or date-time.
    pub fn may_be_instant(&self) -> bool {
        matches!(self, Ty::Date | Ty::DateTime | Ty::Unknown)
    }

    /// True when `==` between the two can ever be true.
    pub fn comparable(&self, other: &Ty) -> bool {
        match (self.family(), other.family()) {
            (Some(a), Some(b)) => a == b && !matches!(a, Family::Duration | Family::List | Family::Map),
            _ => {
                !matches!(self, Ty::Duration | Ty::List | Ty::Map)
                    && !matches!(other, Ty::Duration | Ty::List | Ty::Map)
            }
        }
    }

    /// True when `<` between the two is meaningful (numbers, instants, text).
    pub fn orderable(&self, other: &Ty) -> bool {
        self.comparable(other) && !matches!(self, Ty::Bool) && !matches!(other, Ty::Bool)
    }

    /// True when a value of type `value` may be stored in a property of this type.
    pub fn accepts(&self, value: &Ty) -> bool {
        match (self, value) {
            (Ty::Unknown, _) | (_, Ty::Unknown) => true,
            (Ty::Str, Ty::Enum(_)) | (Ty::Enum(_), Ty::Str) => true,
            (Ty::Enum(a), Ty::Enum(b)) => b.iter().all(|v| a.contains(v)),
            // A date-time property may take a date (midnight) and a date
            // property a date-time (its date), as the run time converts them.
            (Ty::Date | Ty::DateTime, Ty::Date | Ty::DateTime) => true,
            (a, b) => a == b,
        }
    }
}

/// The type of `lhs OP rhs` for an arithmetic operator, or `None` when the
/// operands cannot go together (docs/language.md 6.3: numbers; `date ± duration`;
/// `+` joins strings).
pub fn arithmetic(op: BinaryOp, lhs: &Ty, rhs: &Ty) -> Option<Ty> {
    use Ty::*;
    let scalar = |t: &Ty| matches!(t, Str | Enum(_) | Num | Bool | Date | DateTime | Unknown);
    match op {
        BinaryOp::Add => match (lhs, rhs) {
            (Num, Num) => Some(Num),
            (Duration, Duration) => Some(Duration),
            (Date, Duration) | (Duration, Date) => Some(Date),
            (DateTime, Duration) | (Duration, DateTime) => Some(DateTime),
            (Str | Enum(_), other) | (other, Str | Enum(_)) if scalar(other) => Some(Str),
            (Unknown, Unknown) => Some(Unknown),
            (Unknown, t) | (t, Unknown) => match t {
                Num => Some(Unknown),
                Duration => Some(Unknown),
                Date | DateTime => Some(t.clone()),
                _ => None,
            },
            _ => None,
        },
        BinaryOp::Sub => match (lhs, rhs) {
            (Num, Num) => Some(Num),
            (Duration, Duration) => Some(Duration),
            (Date, Duration) => Some(Date),
            (DateTime, Duration) => Some(DateTime),
            (Unknown, Num) | (Num, Unknown) => Some(Num),
            (Unknown, Duration) => Some(Unknown),
            (Date | DateTime, Unknown) => Some(lhs.clone()),
            (Unknown, Unknown) => Some(Unknown),
            _ => None,
        },
        BinaryOp::Mul | BinaryOp::Div => {
            if lhs.may_be_number() && rhs.may_be_number() {
                Some(Num)
            } else {
                None
            }
        }
        _ => Some(Unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_is_compatible_with_scalars() {
        assert!(Ty::Unknown.comparable(&Ty::Num));
        assert!(Ty::Str.comparable(&Ty::Enum(vec!["a".into()])));
        assert!(!Ty::Str.comparable(&Ty::Num));
        assert!(!Ty::Unknown.comparable(&Ty::Duration));
        assert!(Ty::Date.orderable(&Ty::DateTime));
        assert!(!Ty::Bool.orderable(&Ty::Bool));
    }

    #[test]
    fn arithmetic_follows_the_operator_table() {
        assert_eq!(arithmetic(BinaryOp::Add, &Ty::Date, &Ty::Duration), Some(Ty::Date));
        assert_eq!(arithmetic(BinaryOp::Add, &Ty::Str, &Ty::Num), Some(Ty::Str));
        assert_eq!(arithmetic(BinaryOp::Sub, &Ty::Str, &Ty::Num), None);
        assert_eq!(arithmetic(BinaryOp::Mul, &Ty::Bool, &Ty::Num), None);
        assert_eq!(arithmetic(BinaryOp::Add, &Ty::Bool, &Ty::Num), None);
        assert_eq!(arithmetic(BinaryOp::Sub, &Ty::Duration, &Ty::Date), None);
    }

    #[test]
    fn properties_accept_matching_values() {
        let stage = Ty::Enum(vec!["lead".into(), "customer".into()]);
        assert!(stage.accepts(&Ty::Str));
        assert!(!Ty::Num.accepts(&Ty::Str));
        assert!(Ty::Date.accepts(&Ty::DateTime));
        assert!(Ty::Num.accepts(&Ty::Unknown));
    }
}
