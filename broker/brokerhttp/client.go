package brokerhttp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/xmlmsg"
)

// Message names one Order Broker request kind, for per-message endpoints
// and for errors.
type Message string

// The requests OMS sends to Order Broker.
const (
	MessageSubmitOrder       Message = "SubmitOrder"
	MessageStatusRequest     Message = "StatusRequest"
	MessageStatusListRequest Message = "StatusListRequest"
	MessageStatusUpdate      Message = "StatusUpdate"
	MessageFulfillments      Message = "Fulfillments"
)

// Defaults of a Client built by New.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultAttempts    = 3
	DefaultBackoff     = 200 * time.Millisecond
	DefaultMaxBackoff  = 2 * time.Second
	DefaultContentType = "text/xml; charset=utf-8"
)

// Retry is the retry policy of the idempotent reads (StatusRequest,
// StatusListRequest, Fulfillments). Attempt n (from 1) waits
// Backoff * 2^(n-1), capped at MaxBackoff, before it goes out again.
type Retry struct {
	// Attempts is the number of tries in all; 0 or 1 means no retry.
	Attempts   int
	Backoff    time.Duration
	MaxBackoff time.Duration
}

func (r Retry) delay(attempt int) time.Duration {
	d := r.Backoff
	for i := 1; i < attempt && d < r.MaxBackoff; i++ {
		d *= 2
	}
	if r.MaxBackoff > 0 && d > r.MaxBackoff {
		d = r.MaxBackoff
	}
	return d
}

// Client is a broker.Transport over HTTP+XML. Build it with New; the zero
// value is not usable (it has no endpoint). A Client is safe for concurrent
// use once configured.
type Client struct {
	// BaseURL is the Order Broker endpoint (the PROP setting of BRK-008).
	BaseURL string
	// Endpoints overrides the URL of single messages (the fulfillments
	// endpoint is set apart in PROP, BRK-008). A value is resolved against
	// BaseURL, so it may be a path ("/fulfillments") or a whole URL.
	Endpoints map[Message]string
	// HTTP is the client used; nil means http.DefaultClient. Its own Timeout
	// applies on top of Timeout.
	HTTP *http.Client
	// Timeout bounds each attempt (connect, send, read); 0 means no bound
	// other than the caller's context.
	Timeout time.Duration
	// MaxResponseBytes bounds the body read; a larger answer is malformed.
	// 0 means xmlmsg.DefaultMaxBytes.
	MaxResponseBytes int64
	// Retry applies to StatusRequest, StatusListRequest and Fulfillments only.
	Retry Retry
	// Header is added to every request (authentication, for example).
	Header http.Header
	// Decode tunes the response decoders (AllowUnknownStatus, for example).
	Decode xmlmsg.OBOptions
	// Sleep waits between retries; nil sleeps on a timer and stops early
	// when ctx ends. Tests may replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

var _ broker.Transport = (*Client)(nil)

// New returns a Client for the Order Broker endpoint baseURL with the
// default timeout (DefaultTimeout), retry policy (DefaultAttempts,
// DefaultBackoff, DefaultMaxBackoff) and response limit.
func New(baseURL string) *Client {
	return &Client{
		BaseURL: baseURL,
		Timeout: DefaultTimeout,
		Retry:   Retry{Attempts: DefaultAttempts, Backoff: DefaultBackoff, MaxBackoff: DefaultMaxBackoff},
	}
}

// Error is the failure of one call: which message, which URL, after how
// many attempts, and why. It unwraps to the broker sentinel that classifies
// it and to the cause.
type Error struct {
	Message  Message
	URL      string
	Attempts int
	// Status is the HTTP status code of the last answer; 0 when none came.
	Status int
	kind   error
	cause  error
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "brokerhttp: %s", e.Message)
	if e.URL != "" {
		fmt.Fprintf(&b, " to %s", e.URL)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (%d attempts)", e.Attempts)
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.Status)
	}
	fmt.Fprintf(&b, ": %v", e.kind)
	if e.cause != nil {
		fmt.Fprintf(&b, ": %v", e.cause)
	}
	return b.String()
}

// Unwrap returns the classifying sentinel and the cause.
func (e *Error) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

func (c *Client) url(m Message) (string, error) {
	base, err := url.Parse(c.BaseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return c.BaseURL, fmt.Errorf("base URL %q is not an absolute URL: %w", c.BaseURL, broker.ErrInvalidInput)
	}
	ep, ok := c.Endpoints[m]
	if !ok || ep == "" {
		return base.String(), nil
	}
	ref, err := url.Parse(ep)
	if err != nil {
		return ep, fmt.Errorf("endpoint %q of %s: %w", ep, m, broker.ErrInvalidInput)
	}
	return base.ResolveReference(ref).String(), nil
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// exchange posts body to the message's URL and returns the answer's bytes.
// idempotent calls are retried after ErrUnavailable per c.Retry.
func (c *Client) exchange(ctx context.Context, m Message, body []byte, idempotent bool) ([]byte, error) {
	u, err := c.url(m)
	if err != nil {
		return nil, &Error{Message: m, URL: u, kind: broker.ErrInvalidInput, cause: err}
	}
	attempts := 1
	if idempotent && c.Retry.Attempts > 1 {
		attempts = c.Retry.Attempts
	}
	var last *Error
	for n := 1; n <= attempts; n++ {
		if n > 1 {
			if err := c.sleep(ctx, c.Retry.delay(n-1)); err != nil {
				last.cause = errors.Join(last.cause, err)
				return nil, last
			}
		}
		data, e := c.once(ctx, m, u, body)
		if e == nil {
			return data, nil
		}
		e.Attempts = n
		last = e
		if !errors.Is(e, broker.ErrUnavailable) || ctx.Err() != nil {
			break
		}
	}
	return nil, last
}

func (c *Client) once(ctx context.Context, m Message, u string, body []byte) ([]byte, *Error) {
	fail := func(status int, kind, cause error) *Error {
		return &Error{Message: m, URL: u, Status: status, kind: kind, cause: cause}
	}
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, fail(0, broker.ErrInvalidInput, err)
	}
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Content-Type", DefaultContentType)
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fail(0, broker.ErrUnavailable, err)
	}
	defer func() {
		// Drain a little so the connection can be reused, then close.
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
		_ = resp.Body.Close()
	}()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fail(resp.StatusCode, broker.ErrUnavailable, errors.New(http.StatusText(resp.StatusCode)))
	}
	data, err := xmlmsg.ReadLimited(resp.Body, c.MaxResponseBytes)
	if err != nil {
		var size *xmlmsg.SizeError
		if errors.As(err, &size) {
			return nil, fail(resp.StatusCode, broker.ErrMalformed, err)
		}
		return nil, fail(resp.StatusCode, broker.ErrUnavailable, err)
	}
	return data, nil
}

func (c *Client) decodeOpts() xmlmsg.OBOptions {
	o := c.Decode
	if o.MaxBytes == 0 {
		o.MaxBytes = c.MaxResponseBytes
	}
	return o
}

func encodeFailed(m Message, err error) error {
	return &Error{Message: m, kind: broker.ErrInvalidInput, cause: err}
}

func malformed(m Message, err error) error {
	return &Error{Message: m, Attempts: 1, kind: broker.ErrMalformed, cause: err}
}

func rejected(m Message, id, code, desc string) error {
	return fmt.Errorf("brokerhttp: %s %s: %w", m, id, &broker.RejectedError{Code: code, Description: desc})
}

// SubmitOrder sends a SubmitOrder once (never retried, see the package
// doc). A response_code other than 0 returns the decoded response and a
// *broker.RejectedError.
func (c *Client) SubmitOrder(ctx context.Context, req broker.SubmitOrder) (broker.SubmitOrderResponse, error) {
	body, err := xmlmsg.SubmitOrderFromBroker(req).Encode()
	if err != nil {
		return broker.SubmitOrderResponse{}, encodeFailed(MessageSubmitOrder, err)
	}
	data, err := c.exchange(ctx, MessageSubmitOrder, body, false)
	if err != nil {
		return broker.SubmitOrderResponse{}, err
	}
	m, err := xmlmsg.DecodeSubmitOrderResponseBytes(data, c.decodeOpts())
	if err != nil {
		return broker.SubmitOrderResponse{}, malformed(MessageSubmitOrder, err)
	}
	resp := m.Broker()
	if !resp.OK() {
		return resp, rejected(MessageSubmitOrder, "order "+req.OrderID, resp.ResponseCode, resp.ResponseDescription)
	}
	return resp, nil
}

// StatusRequest sends an order inquiry status request, retried after
// ErrUnavailable.
func (c *Client) StatusRequest(ctx context.Context, req broker.StatusRequest) (broker.StatusResponse, error) {
	body, err := xmlmsg.StatusRequestFromBroker(req).Encode()
	if err != nil {
		return broker.StatusResponse{}, encodeFailed(MessageStatusRequest, err)
	}
	data, err := c.exchange(ctx, MessageStatusRequest, body, true)
	if err != nil {
		return broker.StatusResponse{}, err
	}
	m, err := xmlmsg.DecodeStatusRequestResponseBytes(data, c.decodeOpts())
	if err != nil {
		return broker.StatusResponse{}, malformed(MessageStatusRequest, err)
	}
	resp, err := m.Broker()
	if err != nil {
		return broker.StatusResponse{}, malformed(MessageStatusRequest, err)
	}
	return resp, nil
}

// StatusListRequest sends an order status list request, retried after
// ErrUnavailable. Request ids OB does not know are absent from the answer
// (BRK-307).
func (c *Client) StatusListRequest(ctx context.Context, req broker.StatusListRequest) (broker.StatusListResponse, error) {
	body, err := xmlmsg.StatusListRequestFromBroker(req).Encode()
	if err != nil {
		return broker.StatusListResponse{}, encodeFailed(MessageStatusListRequest, err)
	}
	data, err := c.exchange(ctx, MessageStatusListRequest, body, true)
	if err != nil {
		return broker.StatusListResponse{}, err
	}
	m, err := xmlmsg.DecodeStatusListRequestResponseBytes(data, c.decodeOpts())
	if err != nil {
		return broker.StatusListResponse{}, malformed(MessageStatusListRequest, err)
	}
	return m.Broker(), nil
}

// StatusUpdate sends a status update or order update once (never retried,
// see the package doc). A response_code other than 0 returns a
// *broker.RejectedError; a FAILED xaction_response with code 0 is returned
// as a response (StatusUpdateResponse.Failed, BRK-114).
func (c *Client) StatusUpdate(ctx context.Context, req broker.StatusUpdate) (broker.StatusUpdateResponse, error) {
	body, err := xmlmsg.StatusUpdateFromBroker(req).Encode()
	if err != nil {
		return broker.StatusUpdateResponse{}, encodeFailed(MessageStatusUpdate, err)
	}
	data, err := c.exchange(ctx, MessageStatusUpdate, body, false)
	if err != nil {
		return broker.StatusUpdateResponse{}, err
	}
	m, err := xmlmsg.DecodeStatusUpdateResponseBytes(data, c.decodeOpts())
	if err != nil {
		return broker.StatusUpdateResponse{}, malformed(MessageStatusUpdate, err)
	}
	resp := m.Broker()
	if resp.ResponseCode != "0" {
		return resp, rejected(MessageStatusUpdate, "request "+req.RequestID, resp.ResponseCode, resp.ResponseDescription)
	}
	return resp, nil
}

// Fulfillments polls for orders assigned to OMS, retried after
// ErrUnavailable.
func (c *Client) Fulfillments(ctx context.Context, req broker.FulfillmentsRequest) (broker.FulfillmentsResponse, error) {
	body, err := xmlmsg.FulfillmentsFromBroker(req).Encode()
	if err != nil {
		return broker.FulfillmentsResponse{}, encodeFailed(MessageFulfillments, err)
	}
	data, err := c.exchange(ctx, MessageFulfillments, body, true)
	if err != nil {
		return broker.FulfillmentsResponse{}, err
	}
	m, err := xmlmsg.DecodeFulfillmentsResponseBytes(data, c.decodeOpts())
	if err != nil {
		return broker.FulfillmentsResponse{}, malformed(MessageFulfillments, err)
	}
	return m.Broker(), nil
}
