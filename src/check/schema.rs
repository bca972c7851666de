//! The `--schema` file (docs/language.md section 8): object types, their property
//! types and their associations.
//!
//! ```json
//! { "objects": { "contact": { "properties": { "score": "number",
//!     "lifecycle_stage": { "enum": ["lead", "customer"] } },
//!   "associations": ["company"] } } }
//! ```
//!
//! Decisions where the spec is silent: unknown keys are rejected (a typo such as
//! `"propertys"` would otherwise silently disable checks); an association must
//! name a standard object type or one the schema describes; a standard object
//! type the schema does not describe is still known, its properties unchecked.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::types::Ty;
use crate::catalog::OBJECT_TYPES;

/// The type of a schema property.
#[derive(Clone, Debug, PartialEq)]
pub enum PropType {
    String,
    Number,
    Bool,
    Date,
    DateTime,
    /// One of a fixed set of strings.
    Enum(Vec<String>),
}

impl PropType {
    /// The checker's type for values of this property.
    pub fn ty(&self) -> Ty {
        match self {
            PropType::String => Ty::Str,
            PropType::Number => Ty::Num,
            PropType::Bool => Ty::Bool,
            PropType::Date => Ty::Date,
            PropType::DateTime => Ty::DateTime,
            PropType::Enum(values) => Ty::Enum(values.clone()),
        }
    }
}

/// One object type of the schema.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectSchema {
    /// Property name -> type.
    #[serde(default)]
    pub properties: BTreeMap<String, PropType>,
    /// The object types a record of this type may be associated with.
    #[serde(default)]
    pub associations: Vec<String>,
}

/// A parsed `--schema` file.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Object type -> its description.
    pub objects: BTreeMap<String, ObjectSchema>,
}

impl Schema {
    /// Parses a schema file; the error is an input-problem message naming the
    /// file, the problem and its line and column.
    pub fn parse(file: &str, text: &str) -> Result<Schema, String> {
        let schema: Schema = serde_json::from_str(text).map_err(|error| {
            let message = error.to_string();
            let suffix = format!(" at line {} column {}", error.line(), error.column());
            let problem = message.strip_suffix(&suffix).unwrap_or(&message);
            format!(
                "malformed schema `{file}` at line {}, column {}: {problem}",
                error.line(),
                error.column()
            )
        })?;
        for (name, object) in &schema.objects {
            for target in &object.associations {
                if !schema.is_object(target) {
                    return Err(format!(
                        "malformed schema `{file}`: object `{name}` is associated with `{target}`, which is neither a \
                         standard object type nor described under `objects`; add `{target}` to `objects` or remove \
                         the association"
                    ));
                }
            }
        }
        Ok(schema)
    }

    /// True when `name` is a standard object type or one the schema describes.
    pub fn is_object(&self, name: &str) -> bool {
        OBJECT_TYPES.contains(&name) || self.objects.contains_key(name)
    }

    /// Every object type name known with this schema (standard first).
    pub fn object_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = OBJECT_TYPES.to_vec();
        names.extend(
            self.objects
                .keys()
                .map(String::as_str)
                .filter(|n| !OBJECT_TYPES.contains(n)),
        );
        names
    }

    /// The description of object type `name`, when the schema has one.
    pub fn object(&self, name: &str) -> Option<&ObjectSchema> {
        self.objects.get(name)
    }
}

impl<'de> Deserialize<'de> for PropType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PropType, D::Error> {
        deserializer.deserialize_any(PropTypeVisitor)
    }
}

struct PropTypeVisitor;

const TYPE_NAMES: &str = "`\"string\"`, `\"number\"`, `\"bool\"`, `\"date\"`, `\"datetime\"` or `{\"enum\": [...]}`";

impl<'de> Visitor<'de> for PropTypeVisitor {
    type Value = PropType;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a property type: {TYPE_NAMES}")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<PropType, E> {
        Ok(match value {
            "string" => PropType::String,
            "number" => PropType::Number,
            "bool" | "boolean" => PropType::Bool,
            "date" => PropType::Date,
            "datetime" => PropType::DateTime,
            other => {
                return Err(E::custom(format!(
                    "unknown property type `{other}`, expected {TYPE_NAMES}"
                )));
            }
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PropType, A::Error> {
        let mut values: Option<Vec<String>> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != "enum" {
                return Err(de::Error::custom(format!(
                    "unknown key `{key}` in a property type, expected `enum`"
                )));
            }
            values = Some(map.next_value::<EnumValues>()?.0);
        }
        match values {
            Some(values) if values.is_empty() => Err(de::Error::custom("an `enum` needs at least one value")),
            Some(values) => Ok(PropType::Enum(values)),
            None => Err(de::Error::custom("a property type object needs an `enum` list")),
        }
    }
}

/// The string list of an `{"enum": […]}`.
struct EnumValues(Vec<String>);

impl<'de> Deserialize<'de> for EnumValues {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EnumValues, D::Error> {
        struct ValuesVisitor;
        impl<'de> Visitor<'de> for ValuesVisitor {
            type Value = EnumValues;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<EnumValues, A::Error> {
                let mut values = Vec::new();
                while let Some(value) = seq.next_element::<String>()? {
                    values.push(value);
                }
                Ok(EnumValues(values))
            }
        }
        deserializer.deserialize_seq(ValuesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_spec_example() {
        let text = r#"{ "objects": {
            "contact": {
              "properties": { "score": "number", "renewal_date": "date",
                              "lifecycle_stage": { "enum": ["subscriber", "lead", "customer"] } },
              "associations": ["company", "deal"] } } }"#;
        let schema = Schema::parse("s.json", text).expect("the spec's schema parses");
        let contact = schema.object("contact").expect("contact is described");
        assert_eq!(contact.properties.get("score"), Some(&PropType::Number));
        assert_eq!(
            contact.properties.get("lifecycle_stage").map(PropType::ty),
            Some(Ty::Enum(vec!["subscriber".into(), "lead".into(), "customer".into()]))
        );
        assert_eq!(contact.associations, vec!["company", "deal"]);
        assert!(schema.is_object("deal"));
        assert!(!schema.is_object("widget"));
    }

    #[test]
    fn malformed_schemas_name_the_file_line_and_problem() {
        let text = "{\"objects\": {\"contact\": {\"properties\": {\"score\": \"numbr\"}}}}";
        let error = Schema::parse("s.json", text).expect_err("bad type");
        assert!(
            error.starts_with("malformed schema `s.json` at line 1, column"),
            "{error}"
        );
        assert!(error.contains("unknown property type `numbr`"), "{error}");

        let error = Schema::parse("s.json", "{\"objects\": {\"contact\": {\"propertys\": {}}}}").expect_err("bad key");
        assert!(error.contains("unknown field `propertys`"), "{error}");

        let error = Schema::parse("s.json", "{\"objects\": {").expect_err("truncated");
        assert!(error.contains("line 1"), "{error}");

        let error = Schema::parse(
            "s.json",
            "{\"objects\": {\"contact\": {\"associations\": [\"widget\"]}}}",
        )
        .expect_err("unknown association");
        assert!(error.contains("`widget`"), "{error}");
    }
}
