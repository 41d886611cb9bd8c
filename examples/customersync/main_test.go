package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// quiet keeps the slog output of a passing run off the test log.
var quiet = []string{"-log-level=error", "-interval=2ms"}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	err := run(t.Context(), append(quiet, args...), &out)
	require.NoError(t, err, out.String())
	return out.String()
}

// The whole scenario runs against the platform simulator over HTTP and the
// in-memory ERP, and every step prints the outcome the library produced.
func TestRun(t *testing.T) {
	out := runOK(t)
	for _, c := range []struct {
		name, want string
	}{
		// NRC-006: a contact by reference that does not exist: refused, naming it, nothing sent
		{"missing contact", "refused before sending: company C010: contact C011 does not exist (company imports sent: 0)"},
		// NRC-006: or the contact is imported first, then the company
		{"contact first", "contact C011 taken from the ERP and imported first: job JOB1; then the company: job JOB3"},
		// NRC-003, NRC-006: one company, a full contact and a contact by reference, its price list
		{"company", `platform company C010 "Acme AB": contacts [C012 C011], price lists [B2B-GOLD], contact persons [C011 Bo, C012 Cy]`},
		// NRC-005: the contact's company membership and its account on one application
		{"membership", "person C012 is a member of [C010] with account b2b-shop/cy"},
		// NRC-009, NRC-015, NRC-016: identified by email, created in the ERP, only email and code written back
		{"ensure", `identified by email; ERP created customer C100; write-back job JOB7 sends only [{"code":"C100","email":"dana@example.com"}]`},
		{"write-back", "platform person P6 now has code C100 (name kept: Dana Ek)"},
		// NRC-015: a replayed order creates nothing twice
		{"replay", "order message replayed: code C100 again; ERP creates in all: 1; write-backs resent: 0"},
		// NRC-017: the import returns a job whose status is polled until done
		{"job", "job JOB8: first read running, then succeeded: 2 of 2 processed, 2 changed"},
		// NRC-018, NRC-019: a delta import of unchanged data sends nothing
		{"delta", `same delta again: unchanged [code:C012 code:C013], job "": nothing sent`},
		// NRC-020, NRC-021, NRC-022: the coded person is sent, the uncoded one and the order event skipped
		{"events", "handled: sent [E1], no code [E2], ignored [E3]"},
		// NRC-021: the ERP gets what the query API returned
		{"event to ERP", "ERP customer C100 (looked up through the query API, not the event payload) now has phone +46 70 123 45 67"},
		{"events acked", "polled again: 0 events pending, 0 sent"},
		// NRC-023: drift found by email, repaired with the bare minimum plus the ERP code
		{"reconcile", "checked 7 ERP customers: 5 in sync, not in the platform [C015]"},
		{"drift", `drift: email:gus@example.com has platform code "", ERP code "C014"`},
		{"repair", `repair: job [JOB12] sends only [{"code":"C014","email":"gus@example.com"}]`},
		{"repaired", "platform person P11 now has code C014"},
		{"reconcile again", "second run: 6 in sync, 0 drift, jobs []"},
		{"summary", "all 5 steps done: ERP creates 1, platform imports 4 person and 1 company, ERP updates 1"},
	} {
		assert.Contains(t, out, c.want, c.name)
	}
}

// The scenario holds under the other uniqueness scope and with jobs that
// stay "running" for a few polls.
func TestRunApplicationUniqueSlowJobs(t *testing.T) {
	out := runOK(t, "-scope=application-unique", "-polls=3")
	assert.Contains(t, out, "(scope application-unique)")
	assert.Contains(t, out, "job JOB8: first read running, then succeeded")
	assert.Contains(t, out, "all 5 steps done")
}

func TestRunHelp(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-h"}, &out))
	assert.Contains(t, out.String(), "usage: customersync [flags]")
	assert.Contains(t, out.String(), "-scope")
}

func TestRunBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-scope=global"}, `flag -scope: scope "global"`},
		{[]string{"-scope="}, `flag -scope: scope ""`},
		{[]string{"-polls=-1"}, "flag -polls -1: must not be negative"},
		{[]string{"-timeout=0s"}, "flag -timeout 0s: must be positive"},
		{[]string{"-interval=0s"}, "flag -interval 0s: must be positive"},
		{[]string{"-max-time=-1s"}, "flag -max-time -1s: must be positive"},
		{[]string{"-log-level=loud"}, `flag -log-level "loud"`},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-nope"}, "flag provided but not defined: -nope"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			err := run(t.Context(), c.args, &bytes.Buffer{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// cancelAt cancels the run when the narrative reaches a heading, so the
// step under way fails.
type cancelAt struct {
	bytes.Buffer
	heading string
	cancel  context.CancelFunc
}

// Write cancels the run when p starts with the heading, then keeps p.
func (w *cancelAt) Write(p []byte) (int, error) {
	if strings.HasPrefix(string(p), w.heading) {
		w.cancel()
	}
	return w.Buffer.Write(p)
}

// A failing step stops the program with an error naming the step, and no
// summary is printed (main exits with status 1).
func TestRunFailsMidway(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &cancelAt{heading: "\n2. ", cancel: cancel}
	err := run(ctx, quiet, out)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "step 2 (person created during the order process)")
	assert.NotContains(t, out.String(), "steps done")
}

func TestRunFailsWhenCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := run(ctx, quiet, &bytes.Buffer{})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
}
