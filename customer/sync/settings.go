package sync

import (
	"context"
	"fmt"
	"time"
)

// Default platform event names, from the event-types section of seed 003
// (customer-sync.md Z-01: the process list spells them "...Change...").
const (
	DefaultPersonChangedEvent  = "CustomerChangedNotification"
	DefaultCompanyChangedEvent = "CompanyChangedNotification"
)

// Settings are the integration's configuration. Every assumption of the
// source's recommended pattern is a switch here (NRC-001). None of them is a
// system control value.
type Settings struct {
	// Scope is the platform's uniqueness setup; it has no default and must
	// be set (NRC-013).
	Scope Scope
	// CreateInERP creates persons and companies without a code in the ERP
	// during the order process (NRC-001, NRC-015).
	CreateInERP bool
	// SendChangesToERP forwards platform change events to the ERP (NRC-020).
	SendChangesToERP bool
	// Reconcile turns the scheduled reconciliation on (NRC-023).
	Reconcile bool
	// Mode is the default import mode; empty means Delta (NRC-019).
	Mode Mode
	// ImportEvery is the import schedule; zero means daily (NRC-019).
	ImportEvery time.Duration
	// ReconcileEvery is the reconciliation schedule; zero means daily
	// (NRC-023; the source gives none).
	ReconcileEvery time.Duration
	// PersonChangedEvent and CompanyChangedEvent are the event type names
	// (customer-sync.md Z-01); empty means the defaults.
	PersonChangedEvent  string
	CompanyChangedEvent string
	// Wait controls polling for jobs that must finish before the next step
	// (contacts imported before their company, NRC-006).
	Wait WaitOptions
}

// DefaultSettings returns settings with every part of the recommended
// pattern switched on, delta imports daily, and the given scope.
func DefaultSettings(scope Scope) Settings {
	return Settings{Scope: scope, CreateInERP: true, SendChangesToERP: true, Reconcile: true}.withDefaults()
}

func (s Settings) withDefaults() Settings {
	if s.Mode == "" {
		s.Mode = Delta
	}
	if s.ImportEvery <= 0 {
		s.ImportEvery = 24 * time.Hour
	}
	if s.ReconcileEvery <= 0 {
		s.ReconcileEvery = 24 * time.Hour
	}
	if s.PersonChangedEvent == "" {
		s.PersonChangedEvent = DefaultPersonChangedEvent
	}
	if s.CompanyChangedEvent == "" {
		s.CompanyChangedEvent = DefaultCompanyChangedEvent
	}
	return s
}

// Validate reports settings that cannot work: a missing scope (NRC-013) or
// an unknown mode.
func (s Settings) Validate() error {
	if err := s.Scope.Valid(); err != nil {
		return err
	}
	if s.Mode != "" && s.Mode != Delta && s.Mode != Full {
		return fmt.Errorf("settings: mode %q: %w", s.Mode, ErrInvalid)
	}
	return nil
}

// Task names a scheduled task.
type Task string

// Scheduled tasks.
const (
	TaskImport    Task = "import"    // NRC-019
	TaskReconcile Task = "reconcile" // NRC-023
)

// Due reports whether task should run at now when it last ran at last (zero
// when never). A switched-off reconciliation is never due.
func (s Settings) Due(task Task, last, now time.Time) bool {
	s = s.withDefaults()
	every := s.ImportEvery
	if task == TaskReconcile {
		if !s.Reconcile {
			return false
		}
		every = s.ReconcileEvery
	}
	return last.IsZero() || !now.Before(last.Add(every))
}

// WaitOptions control WaitJob. Zero values pick time.Now, a real sleep, a
// one-second interval and a one-minute timeout.
type WaitOptions struct {
	Now      func() time.Time
	Sleep    func(ctx context.Context, d time.Duration) error
	Interval time.Duration
	Timeout  time.Duration
}

// WaitJob polls an import job until it is done (NRC-017). A failed job
// returns the job and an *ImportError; running past the timeout an error
// matching ErrJobTimeout. Retryable look-up errors are polled through.
func WaitJob(ctx context.Context, im Importer, id JobID, opt WaitOptions) (Job, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Sleep == nil {
		opt.Sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}
	}
	if opt.Interval <= 0 {
		opt.Interval = time.Second
	}
	if opt.Timeout <= 0 {
		opt.Timeout = time.Minute
	}
	deadline := opt.Now().Add(opt.Timeout)
	for {
		j, err := im.Job(ctx, id)
		switch {
		case err != nil && !Retryable(err):
			return Job{}, fmt.Errorf("import job %s: %w", id, err)
		case err == nil && j.State == JobSucceeded:
			return j, nil
		case err == nil && j.State == JobFailed:
			return j, &ImportError{Job: id, Failed: j.Failed}
		}
		if !opt.Now().Before(deadline) {
			return j, fmt.Errorf("import job %s: %w after %s", id, ErrJobTimeout, opt.Timeout)
		}
		if err := opt.Sleep(ctx, opt.Interval); err != nil {
			return j, fmt.Errorf("import job %s: %w", id, err)
		}
	}
}
