//! The action handler: where every action that does not change records goes
//! (docs/language.md 7). A host embeds the engine with its own handler; `wf run`
//! uses the [`RecordingHandler`], which sends nothing and answers from mocks.

use std::collections::HashMap;
use std::sync::Arc;

pub use crate::vm::ActionError;

use super::input::{Mock, MockResponse};
use crate::value::Value;

/// The outputs of a successful action, by field name (`id`, `status`, …).
pub type Outputs = Vec<(Arc<str>, Value)>;

/// Carries out actions for the engine.
pub trait ActionHandler {
    /// Calls `action` (its catalog name) with its arguments by parameter name,
    /// evaluated, in catalog order. A retryable error (a timeout, HTTP 429 or
    /// 5xx) is retried by the engine with back-off; any other is recorded.
    fn call(&mut self, action: &str, args: &[(&str, Value)]) -> Result<Outputs, ActionError>;
}

impl<F: FnMut(&str, &[(&str, Value)]) -> Result<Outputs, ActionError>> ActionHandler for F {
    fn call(&mut self, action: &str, args: &[(&str, Value)]) -> Result<Outputs, ActionError> {
        self(action, args)
    }
}

/// The handler of `wf run`: it sends nothing (the trace records each call)
/// and returns the mocked outputs of the action, call after call (the last
/// response repeats). An action without a mock succeeds with no outputs, so
/// its `let` fields read as unknown. A mock response with `"$error"` fails the
/// call, retryably with `"$retryable": true`.
#[derive(Clone, Debug, Default)]
pub struct RecordingHandler {
    mocks: HashMap<String, (Mock, usize)>,
    calls: u64,
}

impl RecordingHandler {
    /// A handler answering from these mocks (by action name).
    pub fn new(mocks: impl IntoIterator<Item = (String, Mock)>) -> RecordingHandler {
        RecordingHandler {
            mocks: mocks.into_iter().map(|(action, mock)| (action, (mock, 0))).collect(),
            calls: 0,
        }
    }

    /// How many calls it received.
    pub fn calls(&self) -> u64 {
        self.calls
    }
}

impl ActionHandler for RecordingHandler {
    fn call(&mut self, action: &str, _args: &[(&str, Value)]) -> Result<Outputs, ActionError> {
        self.calls += 1;
        let Some((mock, used)) = self.mocks.get_mut(action) else {
            return Ok(Vec::new());
        };
        let index = (*used).min(mock.responses.len().saturating_sub(1));
        *used += 1;
        match mock.responses.get(index) {
            None => Ok(Vec::new()),
            Some(MockResponse::Outputs(outputs)) => Ok(outputs.clone()),
            Some(MockResponse::Failure { message, retryable }) => Err(ActionError {
                retryable: *retryable,
                message: message.clone(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mocks_answer_in_order_and_repeat_the_last() {
        let mock = Mock {
            responses: vec![
                MockResponse::Failure {
                    message: "HTTP 503".into(),
                    retryable: true,
                },
                MockResponse::Outputs(vec![(Arc::from("status"), Value::Number(200.0))]),
            ],
        };
        let mut handler = RecordingHandler::new([("webhook".to_string(), mock)]);
        assert!(handler.call("webhook", &[]).is_err_and(|e| e.retryable));
        for _ in 0..2 {
            let outputs = handler.call("webhook", &[]).expect("mocked outputs");
            assert_eq!(outputs, vec![(Arc::from("status"), Value::Number(200.0))]);
        }
        assert_eq!(
            handler.call("send_email", &[("email", Value::str("x"))]),
            Ok(Vec::new())
        );
        assert_eq!(handler.calls(), 4);
    }
}
