package llm

import (
	"strings"
	"time"
)

// Metrics counts the drafts; main passes *ops.Metrics through
// Client.Metrics. A nil Metrics counts nothing.
type Metrics interface {
	// ModelCall reports a draft asked of the model: whether it came back
	// usable, and how long it took (the retry included).
	ModelCall(ok bool, took time.Duration)
}

func (c *Client) countCall(ok bool, took time.Duration) {
	if c.Metrics != nil {
		c.Metrics.ModelCall(ok, took)
	}
}

// redact removes the API key from an error's text: a server or a proxy may
// echo the Authorization header it refused ("Incorrect API key provided:
// sk-…"), and go-openai puts the answer's body into its errors. The chain
// stays intact for errors.As.
func (c *Client) redact(err error) error {
	key := c.cfg.APIKey
	if err == nil || key == "" {
		return err
	}
	msg := err.Error()
	clean := strings.ReplaceAll(msg, key, "<api-key>")
	if clean == msg {
		return err
	}
	return &redactedError{msg: clean, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
