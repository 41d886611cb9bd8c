package synchttp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/omskit/omskit/customer/sync"
)

// Paths served by the platform API.
const (
	PathImportCustomers = "/connect/customers/import" // POST ?mode=
	PathImportCompanies = "/connect/companies/import" // POST ?mode=
	PathJobs            = "/connect/jobs/"            // GET /{id}
	PathQueryCustomers  = "/query/customers"          // GET ?code=|email=|id= [&application=]
	PathQueryCompanies  = "/query/companies"          // GET ?code=|organizationNo=|id=
	PathEvents          = "/events"                   // GET ?max=
	PathEventsAck       = "/events/ack"               // POST {"ids":[...]}
)

// JobAccepted is the answer to an import.
type JobAccepted struct {
	JobID sync.JobID `json:"jobId"`
}

// AckRequest acknowledges events.
type AckRequest struct {
	IDs []string `json:"ids"`
}

// ErrorBody is the JSON error document.
type ErrorBody struct {
	Message string            `json:"message"`
	Errors  []sync.FieldError `json:"errors,omitempty"`
}

// Client is the HTTP client for the platform; it satisfies sync.Importer,
// sync.Querier and sync.EventSource.
type Client struct {
	base string
	hc   *http.Client
}

var (
	_ sync.Importer    = (*Client)(nil)
	_ sync.Querier     = (*Client)(nil)
	_ sync.EventSource = (*Client)(nil)
)

// New returns a Client for the API at baseURL; hc carries the timeout (nil
// means 30 seconds).
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{base: baseURL, hc: hc}
}

func (c *Client) do(ctx context.Context, method, path string, in, out any, record string) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s: encode: %w", record, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return fmt.Errorf("%s: build request: %w", record, err)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %s %s: %w", record, method, path, ctx.Err())
		}
		return fmt.Errorf("%s: %s %s: %w: %v", record, method, path, sync.ErrUnavailable, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("%s: read body: %w: %v", record, sync.ErrUnavailable, err)
	}
	switch {
	case resp.StatusCode >= 500:
		return fmt.Errorf("%s: %s %s: %w: status %d", record, method, path, sync.ErrUnavailable, resp.StatusCode)
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		if out != nil {
			if err := json.Unmarshal(raw, out); err != nil {
				return fmt.Errorf("%s: %s %s: %w: %v", record, method, path, sync.ErrBadResponse, err)
			}
		}
		return nil
	}
	var eb ErrorBody
	if err := json.Unmarshal(raw, &eb); err != nil {
		return fmt.Errorf("%s: status %d: %w: %v", record, resp.StatusCode, sync.ErrBadResponse, err)
	}
	switch resp.StatusCode {
	case http.StatusNotFound:
		return fmt.Errorf("%s: %w", record, sync.ErrNotFound)
	case http.StatusBadRequest:
		return &sync.ValidationError{Record: record, Fields: eb.Errors}
	}
	return fmt.Errorf("%s: %s %s: status %d: %s", record, method, path, resp.StatusCode, eb.Message)
}

// ImportCustomers implements sync.Importer (ImportCustomers).
func (c *Client) ImportCustomers(ctx context.Context, persons []sync.Person, mode sync.Mode) (sync.JobID, error) {
	var acc JobAccepted
	err := c.do(ctx, http.MethodPost, PathImportCustomers+"?mode="+url.QueryEscape(string(mode)), persons, &acc,
		"import of "+strconv.Itoa(len(persons))+" person(s)")
	return acc.JobID, err
}

// ImportCompanies implements sync.Importer (ImportCompanies).
func (c *Client) ImportCompanies(ctx context.Context, companies []sync.Company, mode sync.Mode) (sync.JobID, error) {
	var acc JobAccepted
	err := c.do(ctx, http.MethodPost, PathImportCompanies+"?mode="+url.QueryEscape(string(mode)), companies, &acc,
		"import of "+strconv.Itoa(len(companies))+" company(ies)")
	return acc.JobID, err
}

// Job implements sync.Importer (Job/Get).
func (c *Client) Job(ctx context.Context, id sync.JobID) (sync.Job, error) {
	var j sync.Job
	err := c.do(ctx, http.MethodGet, PathJobs+url.PathEscape(string(id)), nil, &j, "import job "+string(id))
	return j, err
}

func query(id sync.Identity) string {
	q := url.Values{string(id.Kind): {id.Value}}
	if id.Application != "" {
		q.Set("application", id.Application)
	}
	return "?" + q.Encode()
}

// Person implements sync.Querier.
func (c *Client) Person(ctx context.Context, id sync.Identity) (sync.Person, error) {
	var p sync.Person
	err := c.do(ctx, http.MethodGet, PathQueryCustomers+query(id), nil, &p, "person "+id.String())
	return p, err
}

// Company implements sync.Querier.
func (c *Client) Company(ctx context.Context, id sync.Identity) (sync.Company, error) {
	var co sync.Company
	err := c.do(ctx, http.MethodGet, PathQueryCompanies+query(id), nil, &co, "company "+id.String())
	return co, err
}

// Poll implements sync.EventSource.
func (c *Client) Poll(ctx context.Context, max int) ([]sync.Event, error) {
	var evs []sync.Event
	err := c.do(ctx, http.MethodGet, PathEvents+"?max="+strconv.Itoa(max), nil, &evs, "events")
	return evs, err
}

// Ack implements sync.EventSource.
func (c *Client) Ack(ctx context.Context, ids []string) error {
	return c.do(ctx, http.MethodPost, PathEventsAck, AckRequest{IDs: ids}, nil, "ack of "+strconv.Itoa(len(ids))+" event(s)")
}
