package redact_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/pcitest"
	"github.com/omskit/omskit/redact"
)

// TestText: every run of 13 or more digits, grouped or not, keeps only its
// last four digits; shorter runs are echoed as sent (message-formats.md
// §1.5, extended to all text: issue 17 items 1 and 2).
func TestText(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, in, want string }{
		{"contiguous 16", "card 4111111111111111 here", "card ************1111 here"},
		{"spaced groups", "4111 1111 1111 1111", "**** **** **** 1111"},
		{"dashed groups", "4111-1111-1111-1111", "****-****-****-1111"},
		{"spaced dash", "4111 - 1111 - 1111 - 1111", "**** - **** - **** - 1111"},
		{"tab", "4111\t1111\t1111\t1111", "****\t****\t****\t1111"},
		{"no-break space", "4111\u00a01111\u00a01111\u00a01111", "****\u00a0****\u00a0****\u00a01111"},
		{"en dash", "4111\u20131111\u20131111\u20131111", "****\u2013****\u2013****\u20131111"},
		{"Amex 15 in 4-6-5", "3782 822463 10005", "**** ****** *0005"},
		{"13 digits, the shortest card", "4222222222222", "*********2222"},
		{"19 digits", "6011000990139424123", "***************4123"},
		{"20 digits hide a card", "41111111111111110000", "****************0000"},
		{"inside a word", "sold_to_fname=\"X4111111111111111Y\"", "sold_to_fname=\"X************1111Y\""},
		{"two cards", "4111111111111111,5500000000000004", "************1111,************0004"},
		{"12 digits echoed as sent", "quantity 123456789012", "quantity 123456789012"},
		{"10-digit quantity echoed as sent", `quantity="1234563648"`, `quantity="1234563648"`},
		{"phone echoed as sent", "(508) 555-1111", "(508) 555-1111"},
		{"four separators split the run", "4111    1111 1111 1111", "4111    1111 1111 1111"},
		{"newline splits the run", "4111111\n111111111", "4111111\n111111111"},
		{"dots split the run (amounts)", "1234567.123456", "1234567.123456"},
		{"trailing separator not part of the run", "4111111111111111 - end", "************1111 - end"},
		{"empty", "", ""},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, redact.Text(c.in), c.name)
	}
}

func TestTextLeavesCleanTextAlone(t *testing.T) {
	t.Parallel()
	s := "order WEB-100231: line 3, column 45: 65001 characters"
	assert.Equal(t, s, redact.Text(s))
}

// TestCard: a cc_number value keeps its last four digits whatever its
// length or content (message-formats.md §1.5).
func TestCard(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "************1111", redact.Card("4111111111111111"))
	assert.Equal(t, "****-****-****-1111", redact.Card("4111-1111-1111-1111"))
	assert.Equal(t, "****AAAA****4242", redact.Card("4111AAAA11114242"))
	assert.Equal(t, "*****6789", redact.Card("123456789"), "short card fields are masked too")
	assert.Equal(t, "1234", redact.Card("1234"))
	assert.Equal(t, "", redact.Card(""))
}

// TestValue: an echoed value is masked, then cut to ValueMax characters
// with its length (issue 17 item 6).
func TestValue(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "short", redact.Value("short"))
	exact := strings.Repeat("é", redact.ValueMax)
	assert.Equal(t, exact, redact.Value(exact), "ValueMax characters, more bytes: not cut")
	long := strings.Repeat("A", 65001)
	got := redact.Value(long)
	assert.Equal(t, strings.Repeat("A", redact.ValueMax)+"…(65001 characters)", got)
	card := "4111111111111111" + strings.Repeat("9", 40)
	assert.NotContains(t, redact.Value(card), "41111111", "masked before the cut")
	assert.True(t, strings.HasPrefix(redact.Value(card), strings.Repeat("*", redact.ValueMax)))
}

func TestError(t *testing.T) {
	t.Parallel()
	assert.NoError(t, redact.Error(nil))
	base := fs.ErrNotExist
	err := redact.Error(fmt.Errorf("customer 4111 1111 1111 1111: %w", base))
	assert.Equal(t, "customer **** **** **** 1111: file does not exist", err.Error())
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Same(t, err, redact.Error(err), "not wrapped twice")
}

type stringer struct{}

func (stringer) String() string { return "card 4111111111111111" }

type nilErr struct{ msg *string }

func (e *nilErr) Error() string { return *e.msg }

// TestHandler: every log line is masked, in the message and every kind of
// attribute (issue 17 item 1: "in every reply, error and log line").
func TestHandler(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(redact.NewHandler(slog.NewTextHandler(&buf, nil)))
	log = log.With("order_number", "4111111111111111").WithGroup("g")
	log.Info("refused 5500 0000 0000 0004",
		"err", errors.New("value 4111-1111-1111-1111"),
		"int", int64(4111111111111111),
		"small", 1234563648,
		"stringer", stringer{},
		"bytes", []byte("4111111111111111"),
		slog.Group("inner", "v", "4111111111111111"),
		"nilerr", (*nilErr)(nil))
	s := buf.String()
	for _, leak := range []string{"4111111111111111", "5500 0000 0000 0004", "4111-1111-1111-1111"} {
		assert.NotContains(t, s, leak)
	}
	assert.Contains(t, s, "order_number=************1111")
	assert.Contains(t, s, "**** **** **** 0004")
	assert.Contains(t, s, "g.small=1234563648", "short numbers as sent")
	assert.Contains(t, s, "g.inner.v=************1111")
	assert.Contains(t, s, "!PANIC")
	assert.Equal(t, 1, strings.Count(s, "\n"))
}

// FuzzText: whatever the input, no 13–19-digit run passing the Luhn check
// survives Text; text without a run of 13 or more digits comes back as it
// was (no over-masking); Text is idempotent.
func FuzzText(f *testing.F) {
	for _, s := range []string{"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "x4111\u00a01111\u20131111-1111y",
		"quantity 1234563648", "3782 822463 10005", "", "4111    1111", "1 2 3 4 5 6 7 8 9 0 1 2 3 4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := redact.Text(s)
		require.Empty(t, pcitest.Cards(out), "card number survived in %q", out)
		if !pcitest.LongRuns(s) {
			require.Equal(t, s, out, "nothing to mask")
		}
		require.Equal(t, out, redact.Text(out), "idempotent")
		require.Equal(t, len(s), len(out), "same length, same shape")
	})
}
