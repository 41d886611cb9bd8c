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

// The whole scenario runs against the simulator over HTTP, and every step
// prints the outcome the library produced.
func TestRun(t *testing.T) {
	out := runOK(t)
	for _, c := range []struct {
		name, want string
	}{
		// ENG-011: the version tag of the processed create is kept
		{"create", "outbox entry order/O-1001/rev-1: sent, job J1 processed, version tag kept: v1"},
		{"create content", "platform order O-1001: placed, purchase, lines shirt×2 shoe×1 sock×3, total 1444.00 SEK"},
		// ENG-002: a full update removes one line and adds another
		{"update", "platform order O-1001: lines shirt×2 shoe×1 cap×1, total 1446.00 SEK"},
		// ENG-004: the receipt refers to its order
		{"shipment", "for order O-1001: registered ([receipt/"},
		// ENG-003: the second registration is refused before anything is sent
		{"replay refused", ": already registered"},
		{"replay not sent", "receipt registrations that reached the platform: 1"},
		// ENG-013: no action while the change it depends on is unprocessed
		{"action too early", "action too early, nothing sent: order O-1001: action send-shipping-confirmation: change status/O-1001/shipped is sent: engage: change not processed yet"},
		// ENG-012: no action without a version tag
		{"action without tag", "action without a tag, nothing sent: order O-1001: action send-shipping-confirmation: engage: version token required"},
		{"action", "status change processed with tag v3; action send-shipping-confirmation accepted, sent by the platform with tag v3"},
		{"faults first flush", "flush 1: sent [], done 0, left to retry 2"},
		{"faults second flush", "flush 2: sent [status/O-1001/delivered], done 1, left to retry 0"},
		{"faults resent", "the status change reached the platform 2 times and the receipt 2 times"},
		// ENG-015: the embedded action ran once, after the change was processed
		{"faults applied once", "platform: order delivered, receipts registered 2, send-delivery-email sent 1 time(s)"},
		// ENG-018: purchase and return lines kept apart; both make a mixed order
		{"return", "order O-1001 is mixed: lines shirt×2 shoe×1 shoe×-1 cap×1; purchases 1446.00, returns -899.00, total 547.00 SEK"},
		{"stale refused", "write with If-Match v5: refused: order O-1001: engage: stale version tag"},
		{"stale re-read", "read order O-1001 at tag v6"},
		{"stale retried", "write with If-Match v6: accepted, job J7"},
		{"stale result", "edits applied 2 time(s); job J7 processed with tag v7: lines shirt×2 shoe×1 shoe×-1 cap×1 gift-wrap×1, delivery pickup kept"},
		// ENG-025: the extract holds the contact's orders with their content
		{"extract", "extract: order O-1001 (returned, lines shirt×2 shoe×1 shoe×-1 cap×1 gift-wrap×1)"},
		// ENG-026: after the erase the contact has no orders; receipts stay (Z-09)
		{"erase", "platform orders of C-1 after the erase: 0; receipts kept on the platform: 3"},
		{"erased not resent", "a late replay of rev-2 is recorded but not sent: order writes sent 0"},
		// ENG-007: what omskit writes is fed with nothing handed over
		{"oms intake", "order WEB-77 taken in as order 7001 (O): fed as it was written"},
		{"oms brokered", "line 1 brokered to store 317 (request 1001) and fulfilled there: record K -> P -> A -> X, billed once"},
		// ENG-003, ENG-004: one order and two receipts, each once across the replays
		{"oms result", "platform: one order, 7001 (mixed, lines TOTE×2 MUG×1 TOTE×-1), and 2 receipts of it: sale TOTE×2; return TOTE×-1"},
		{"summary", "all 9 steps done: order writes 8, receipt registrations 6 (receipts kept 5), actions 1, communications 2"},
	} {
		assert.Contains(t, out, c.want, c.name)
	}
}

// The scenario holds when every job stays "inProgress" for a few polls.
func TestRunSlowJobs(t *testing.T) {
	out := runOK(t, "-polls=3")
	assert.Contains(t, out, "all 9 steps done")
}

func TestRunHelp(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-h"}, &out))
	assert.Contains(t, out.String(), "usage: engagefeed [flags]")
	assert.Contains(t, out.String(), "-polls")
}

func TestRunBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
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
	out := &cancelAt{heading: "\n3. ", cancel: cancel}
	err := run(ctx, quiet, out)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "step 3 (shipment receipt)")
	assert.NotContains(t, out.String(), "steps done")
}

func TestRunFailsWhenCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := run(ctx, quiet, &bytes.Buffer{})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
}
