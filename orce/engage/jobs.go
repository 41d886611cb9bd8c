package engage

//go:generate go tool mockgen -source=jobs.go -destination=mock_jobs_test.go -package=engage

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// WaitOptions control how WaitJob polls (ENG-010). Zero values pick
// defaults: time.Now, a real sleep, a one-second interval and a one-minute
// timeout.
type WaitOptions struct {
	// Now is the clock; tests inject a fake one.
	Now func() time.Time
	// Sleep waits d or until ctx ends; tests inject one that advances the
	// fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
	// Interval is the time between polls.
	Interval time.Duration
	// Timeout bounds the whole wait, measured on Now.
	Timeout time.Duration
}

func (o WaitOptions) withDefaults() WaitOptions {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.Interval <= 0 {
		o.Interval = time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = time.Minute
	}
	return o
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// JobStatuser reads job states; OrderAdmin satisfies it.
type JobStatuser interface {
	JobStatus(ctx context.Context, id JobID) (Job, error)
}

// WaitJob polls a job until it is processed or failed (ENG-010). A failed
// job returns the job and an error matching ErrJobFailed; running past the
// timeout returns an error matching ErrJobTimeout. Transient look-up errors
// (Retryable) are polled through.
func WaitJob(ctx context.Context, js JobStatuser, id JobID, opt WaitOptions) (Job, error) {
	opt = opt.withDefaults()
	deadline := opt.Now().Add(opt.Timeout)
	for {
		job, err := js.JobStatus(ctx, id)
		switch {
		case err != nil && !Retryable(err):
			return Job{}, fmt.Errorf("job %s: %w", id, err)
		case err == nil && job.State == JobProcessed:
			return job, nil
		case err == nil && job.State == JobFailed:
			return job, fmt.Errorf("job %s for order %s: %w: %v", id, job.Order, ErrJobFailed, job.Errors)
		}
		if !opt.Now().Before(deadline) {
			return job, fmt.Errorf("job %s: %w after %s", id, ErrJobTimeout, opt.Timeout)
		}
		if err := opt.Sleep(ctx, opt.Interval); err != nil {
			return job, fmt.Errorf("job %s: %w", id, err)
		}
	}
}

// TagFromJob returns the version tag of a processed job. A job that is not
// processed yet has no usable tag: the error matches ErrNotProcessed
// (ENG-011, ENG-013).
func TagFromJob(j Job) (VersionTag, error) {
	if j.State != JobProcessed {
		return "", fmt.Errorf("job %s for order %s is %q: %w", j.ID, j.Order, j.State, ErrNotProcessed)
	}
	if j.Tag == "" {
		return "", fmt.Errorf("job %s for order %s: %w", j.ID, j.Order, ErrVersionTagRequired)
	}
	return j.Tag, nil
}

// Trigger triggers an action on an order. Without a version tag it sends
// nothing and returns an error matching ErrVersionTagRequired (ENG-012).
func Trigger(ctx context.Context, a OrderActions, id OrderID, action ActionName, tag VersionTag) error {
	if tag == "" {
		return fmt.Errorf("order %s: action %s: %w", id, action, ErrVersionTagRequired)
	}
	if action == "" {
		return &ValidationError{Record: "order " + string(id), Fields: []FieldError{{Path: "action", Rule: "required"}}}
	}
	if err := a.TriggerAction(ctx, id, action, tag); err != nil {
		return fmt.Errorf("order %s: action %s with tag %s: %w", id, action, tag, err)
	}
	return nil
}

// FollowUp waits for the job of a change and then triggers an action with
// the version tag the finished job returned, so the action acts on the
// processed change (ENG-013, ENG-014).
func FollowUp(ctx context.Context, js JobStatuser, a OrderActions, job JobID, action ActionName, opt WaitOptions) (VersionTag, error) {
	j, err := WaitJob(ctx, js, job, opt)
	if err != nil {
		return "", err
	}
	tag, err := TagFromJob(j)
	if err != nil {
		return "", err
	}
	return tag, Trigger(ctx, a, j.Order, action, tag)
}

// UpdateOrder is the host helper for optimistic concurrency: it reads the
// order with its version tag, applies mutate to a copy and writes it back
// conditionally. When another writer got there first (ErrStaleVersion) it
// re-reads and tries again, up to attempts times in all. The mutated order
// is validated before every send (ENG-022).
func UpdateOrder(ctx context.Context, admin OrderAdmin, id OrderID, attempts int, mutate func(*Order) error) (JobID, error) {
	if attempts < 1 {
		attempts = 1
	}
	var last error
	for i := 0; i < attempts; i++ {
		cur, err := admin.Order(ctx, id)
		if err != nil {
			return "", fmt.Errorf("order %s: read for update: %w", id, err)
		}
		o := cloneOrder(cur.Order)
		if err := mutate(&o); err != nil {
			return "", fmt.Errorf("order %s: update: %w", id, err)
		}
		if o.ID != id {
			return "", &ValidationError{Record: "order " + string(id), Fields: []FieldError{{Path: "id", Value: string(o.ID), Rule: "cannot change in an update"}}}
		}
		if err := Validate(o); err != nil {
			return "", err
		}
		job, err := admin.PutOrder(ctx, o, cur.Tag)
		if err == nil {
			return job, nil
		}
		if !errors.Is(err, ErrStaleVersion) {
			return "", fmt.Errorf("order %s: update with tag %s: %w", id, cur.Tag, err)
		}
		last = fmt.Errorf("order %s: update with tag %s: %w", id, cur.Tag, err)
	}
	return "", fmt.Errorf("gave up after %d attempts: %w", attempts, last)
}

func cloneOrder(o Order) Order {
	c := o
	c.Lines = append([]Line(nil), o.Lines...)
	c.Payments = append([]Payment(nil), o.Payments...)
	c.Discounts = append([]Charge(nil), o.Discounts...)
	c.Fees = append([]Charge(nil), o.Fees...)
	c.Taxes = append([]Charge(nil), o.Taxes...)
	c.Links = append([]Link(nil), o.Links...)
	if o.Delivery != nil {
		d := *o.Delivery
		c.Delivery = &d
	}
	return c
}
