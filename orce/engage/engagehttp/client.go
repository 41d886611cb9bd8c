package engagehttp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/omskit/omskit/orce/engage"
)

// Paths of the Orders v3 API used by Client and served by engagetest.
const (
	PathOrders         = "/api/v3/orders"         // POST create/update; GET/DELETE /{id}
	PathJobs           = "/api/v3/orders/jobs/"   // GET /{job}
	PathReceipts       = "/api/v3/receipts"       // POST
	PathContacts       = "/api/v3/contacts/"      // GET /{id}/orders, GET /{id}/extract, DELETE /{id}
	PathIntegrationLog = "/api/v3/integrationlog" // GET ?type=Orders&since=
)

// ErrorBody is the JSON error document the API answers with.
type ErrorBody struct {
	Code    string              `json:"code"` // invalid, notFound, stale, duplicate, versionRequired
	Message string              `json:"message"`
	Errors  []engage.FieldError `json:"errors,omitempty"`
	Changed bool                `json:"changed,omitempty"`
}

// JobAccepted is the body of a 202 answer to an administration write.
type JobAccepted struct {
	JobID engage.JobID `json:"jobId"`
}

// ActionRequest is the body of an action trigger.
type ActionRequest struct {
	Action     engage.ActionName `json:"action"`
	VersionTag engage.VersionTag `json:"versionTag"`
}

// Client talks to the platform over HTTP. It satisfies engage.Platform.
type Client struct {
	base   string
	hc     *http.Client
	apiKey string
}

var _ engage.Platform = (*Client)(nil)

// New returns a Client for the API at baseURL. hc carries the timeout; nil
// means a client with a 30-second timeout. apiKey, when set, is sent in the
// "apikey" header.
func New(baseURL string, hc *http.Client, apiKey string) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{base: baseURL, hc: hc, apiKey: apiKey}
}

func (c *Client) do(ctx context.Context, method, path string, hdr http.Header, in, out any, record string) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s: encode request: %w", record, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return fmt.Errorf("%s: build request %s %s: %w", record, method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.apiKey != "" {
		req.Header.Set("apikey", c.apiKey)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %s %s: %w", record, method, path, ctx.Err())
		}
		return fmt.Errorf("%s: %s %s: %w: %v", record, method, path, engage.ErrUnavailable, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("%s: %s %s: read body: %w: %v", record, method, path, engage.ErrUnavailable, err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if out == nil {
			// No answer body is expected; one that is not JSON is not the
			// platform's (a proxy's page): the outcome is unknown.
			if b := bytes.TrimSpace(raw); len(b) > 0 && !json.Valid(b) {
				return fmt.Errorf("%s: %s %s: %w: status %d with a body that is not JSON", record, method, path, engage.ErrBadResponse, resp.StatusCode)
			}
			return nil
		}
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("%s: %s %s: %w: %v", record, method, path, engage.ErrBadResponse, err)
		}
		return nil
	}
	return decodeError(resp.StatusCode, raw, record, method, path)
}

func decodeError(status int, raw []byte, record, method, path string) error {
	if status >= 500 {
		return fmt.Errorf("%s: %s %s: %w: status %d", record, method, path, engage.ErrUnavailable, status)
	}
	var eb ErrorBody
	if err := json.Unmarshal(raw, &eb); err != nil {
		return fmt.Errorf("%s: %s %s: status %d: %w: %v", record, method, path, status, engage.ErrBadResponse, err)
	}
	switch {
	case status == http.StatusBadRequest && eb.Code == "versionRequired":
		return fmt.Errorf("%s: %w: %s", record, engage.ErrVersionTagRequired, eb.Message)
	case status == http.StatusBadRequest:
		return &engage.ValidationError{Record: record, Fields: eb.Errors}
	case status == http.StatusNotFound:
		return fmt.Errorf("%s: %w: %s", record, engage.ErrNotFound, eb.Message)
	case eb.Code == "duplicate":
		return &engage.DuplicateReceiptError{Receipt: engage.ReceiptID(recordID(record)), Changed: eb.Changed}
	case status == http.StatusPreconditionFailed || eb.Code == "stale":
		return fmt.Errorf("%s: %w: %s", record, engage.ErrStaleVersion, eb.Message)
	}
	return fmt.Errorf("%s: %s %s: status %d: %s", record, method, path, status, eb.Message)
}

func recordID(record string) string {
	for i := len(record) - 1; i >= 0; i-- {
		if record[i] == ' ' {
			return record[i+1:]
		}
	}
	return record
}

func orderPath(id engage.OrderID, suffix string) string {
	return PathOrders + "/" + url.PathEscape(string(id)) + suffix
}

// PutOrder implements engage.OrderAdmin; ifMatch goes in the If-Match header.
func (c *Client) PutOrder(ctx context.Context, o engage.Order, ifMatch engage.VersionTag) (engage.JobID, error) {
	var hdr http.Header
	if ifMatch != "" {
		hdr = http.Header{"If-Match": {string(ifMatch)}}
	}
	var acc JobAccepted
	err := c.do(ctx, http.MethodPost, PathOrders, hdr, o, &acc, "order "+string(o.ID))
	return acc.JobID, err
}

// UpdateStatus implements engage.OrderAdmin.
func (c *Client) UpdateStatus(ctx context.Context, id engage.OrderID, ch engage.StatusChange) (engage.JobID, error) {
	var acc JobAccepted
	err := c.do(ctx, http.MethodPut, orderPath(id, "/status"), nil, ch, &acc, "order "+string(id))
	return acc.JobID, err
}

// UpdateDelivery implements engage.OrderAdmin.
func (c *Client) UpdateDelivery(ctx context.Context, id engage.OrderID, ch engage.DeliveryChange) (engage.JobID, error) {
	var acc JobAccepted
	err := c.do(ctx, http.MethodPut, orderPath(id, "/delivery"), nil, ch, &acc, "order "+string(id))
	return acc.JobID, err
}

// Order implements engage.OrderAdmin.
func (c *Client) Order(ctx context.Context, id engage.OrderID) (engage.StoredOrder, error) {
	var so engage.StoredOrder
	err := c.do(ctx, http.MethodGet, orderPath(id, ""), nil, nil, &so, "order "+string(id))
	return so, err
}

// ContactOrders implements engage.OrderAdmin.
func (c *Client) ContactOrders(ctx context.Context, ct engage.ContactID) ([]engage.StoredOrder, error) {
	var out []engage.StoredOrder
	err := c.do(ctx, http.MethodGet, PathContacts+url.PathEscape(string(ct))+"/orders", nil, nil, &out, "contact "+string(ct))
	return out, err
}

// DeleteOrder implements engage.OrderAdmin.
func (c *Client) DeleteOrder(ctx context.Context, id engage.OrderID) error {
	return c.do(ctx, http.MethodDelete, orderPath(id, ""), nil, nil, nil, "order "+string(id))
}

// JobStatus implements engage.OrderAdmin.
func (c *Client) JobStatus(ctx context.Context, id engage.JobID) (engage.Job, error) {
	var j engage.Job
	err := c.do(ctx, http.MethodGet, PathJobs+url.PathEscape(string(id)), nil, nil, &j, "job "+string(id))
	return j, err
}

// TriggerAction implements engage.OrderActions (the /action endpoint).
func (c *Client) TriggerAction(ctx context.Context, id engage.OrderID, a engage.ActionName, tag engage.VersionTag) error {
	return c.do(ctx, http.MethodPost, orderPath(id, "/action"), nil, ActionRequest{Action: a, VersionTag: tag}, nil, "order "+string(id))
}

// RegisterReceipt implements engage.ReceiptRegistrar.
func (c *Client) RegisterReceipt(ctx context.Context, r engage.Receipt) error {
	return c.do(ctx, http.MethodPost, PathReceipts, nil, r, nil, "receipt "+string(r.ID))
}

// ExtractContact implements engage.ContactPrivacy.
func (c *Client) ExtractContact(ctx context.Context, ct engage.ContactID) (engage.ContactExtract, error) {
	var x engage.ContactExtract
	err := c.do(ctx, http.MethodGet, PathContacts+url.PathEscape(string(ct))+"/extract", nil, nil, &x, "contact "+string(ct))
	return x, err
}

// EraseContact implements engage.ContactPrivacy.
func (c *Client) EraseContact(ctx context.Context, ct engage.ContactID) error {
	err := c.do(ctx, http.MethodDelete, PathContacts+url.PathEscape(string(ct)), nil, nil, nil, "contact "+string(ct))
	if errors.Is(err, engage.ErrNotFound) {
		return nil // already gone: erasing is idempotent
	}
	return err
}

// LogEntries implements engage.IntegrationLog.
func (c *Client) LogEntries(ctx context.Context, since time.Time) ([]engage.LogEntry, error) {
	q := url.Values{"type": {"Orders"}, "since": {since.UTC().Format(time.RFC3339Nano)}}
	var out []engage.LogEntry
	err := c.do(ctx, http.MethodGet, PathIntegrationLog+"?"+q.Encode(), nil, nil, &out, "integration log")
	return out, err
}
