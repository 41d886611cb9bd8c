package xmlmsg

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The -update flag rewrites golden files. It is registered only if no other
// test file of the package registered it first, so golden tests can share it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

// cwoUpdating reports whether -update was given.
func cwoUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// cwoClock is the fixed clock of the tests: 25 November 2026, 10:30 UTC.
func cwoClock() time.Time { return time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC) }

func cwoOpts(v CWOVersion) CWOOptions { return CWOOptions{Version: v, Now: cwoClock} }

func cwoSample(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "cworderin", name))
	require.NoError(t, err)
	return data
}

func cwoDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func cwoDec(s string) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: decimal.RequireFromString(s), Valid: true}
}

// cwoMinimal is a small valid CWORDERIN with %s places for extra Header
// attributes.
const cwoMinimal = `<?xml version="1.0" encoding="UTF-8"?>
<Message source="IDC" target="RDC" type="CWORDERIN">
  <Header order_number="web-1" company_code="555" %s>
    <ShipTos><ShipTo ship_to_type="1"><Items><Item item_id="A1" quantity="1" actual_price="10.00"/></Items></ShipTo></ShipTos>
  </Header>
</Message>`

func cwoWith(extra string) []byte { return []byte(strings.Replace(cwoMinimal, "%s", extra, 1)) }

// cwoLimitReader serves a valid-looking message of unbounded length and
// fails the test if it is read past limit+1 bytes in total.
type cwoLimitReader struct {
	t     *testing.T
	limit int
	read  int
}

func (r *cwoLimitReader) Read(p []byte) (int, error) {
	if r.read > r.limit {
		r.t.Fatalf("read past limit+1 (%d bytes already read)", r.read)
	}
	src := []byte(`<Message type="CWORDERIN"><Header order_number="x"/>` + strings.Repeat(" ", 64))
	n := 0
	for n < len(p) {
		p[n] = src[(r.read+n)%len(src)]
		n++
	}
	r.read += n
	return n, nil
}

// TestCWOErrorCatalog is the error catalog: one case per kind of bad input,
// each asserting the sentinel (errors.Is), the typed error (errors.As) and,
// for field errors, the path, the value and the rule.
func TestCWOErrorCatalog(t *testing.T) {
	type check func(t *testing.T, err error)
	fieldErr := func(path, value string, rule Rule) check {
		return func(t *testing.T, err error) {
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "CWORDERIN", ve.Message)
			for _, fe := range ve.Errors {
				if fe.Path == path && fe.Rule == rule {
					assert.Equal(t, value, fe.Value)
					assert.Contains(t, err.Error(), path)
					return
				}
			}
			t.Fatalf("no %s error on %s in %v", rule, path, ve.Errors)
		}
	}
	cases := []struct {
		name     string
		data     []byte
		opts     CWOOptions
		sentinel error
		check    check
	}{
		{"not XML", []byte("this is not XML"), cwoOpts(CWOVersionOMS5), ErrMalformed, func(t *testing.T, err error) {
			var se *SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, "CWORDERIN", se.Message)
		}},
		{"broken XML has line and column", []byte("<Message type=\"CWORDERIN\">\n  <Header order_number=\"1\">\n</Message>"),
			cwoOpts(CWOVersionOMS5), ErrMalformed, func(t *testing.T, err error) {
				var se *SyntaxError
				require.ErrorAs(t, err, &se)
				assert.Equal(t, 3, se.Line)
				assert.Positive(t, se.Column)
			}},
		{"wrong root", []byte(`<Order type="CWORDERIN"/>`), cwoOpts(CWOVersionOMS5), ErrWrongRoot, func(t *testing.T, err error) {
			var re *RootError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, "Order", re.Got)
			assert.Equal(t, []string{"Message"}, re.Want)
		}},
		{"version not set (zero value)", cwoWith(""), CWOOptions{}, ErrUnsupportedVersion, func(t *testing.T, err error) {
			var ve *VersionError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "", ve.Version)
			assert.Contains(t, ve.Supported, string(CWOVersionOMS5))
		}},
		{"unsupported version", cwoWith(""), CWOOptions{Version: "CWDirect 12.5"}, ErrUnsupportedVersion, func(t *testing.T, err error) {
			var ve *VersionError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "CWDirect 12.5", ve.Version)
		}},
		{"over the byte limit", cwoWith(""), CWOOptions{Version: CWOVersionOMS5, MaxBytes: 100}, ErrTooLarge, func(t *testing.T, err error) {
			var se *SizeError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, int64(100), se.Limit)
		}},
		{"not UTF-8", cwoWith(`sold_to_city="Malm` + "\xf6" + `"`), cwoOpts(CWOVersionOMS5), ErrNotUTF8, func(t *testing.T, err error) {
			var se *SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, 3, se.Line)
			assert.Equal(t, 69, se.Column)
		}},
		{"numeric field holding letters", cwoWith(`customer_number="12A45"`), cwoOpts(CWOVersionOMS5), ErrInvalid,
			fieldErr("Header/@customer_number", "12A45", RuleNumeric)},
		{"field one character too long", cwoWith(`alternate_sold_to_id="ABCDEFGHIJKLMNOP"`), cwoOpts(CWOVersionOMS5), ErrInvalid,
			fieldErr("Header/@alternate_sold_to_id", "ABCDEFGHIJKLMNOP", RuleMaxLength)},
		{"numeric field one digit too long", cwoWith(`bill_to_number="12345678"`), cwoOpts(CWOVersionOMS5), ErrInvalid,
			fieldErr("Header/@bill_to_number", "12345678", RuleMaxLength)},
		{"amount not a number", cwoWith(`batch_prepaid_total="12,50"`), cwoOpts(CWOVersionOMS5), ErrInvalid,
			fieldErr("Header/@batch_prepaid_total", "12,50", RuleDecimal)},
		{"decimal point under implied decimals", cwoWith(`batch_prepaid_total="12.50"`), cwoOpts(CWOVersionCWDirect18), ErrInvalid,
			fieldErr("Header/@batch_prepaid_total", "12.50", RuleDecimal)},
		{"code not allowed", cwoWith(`response_type="X"`), cwoOpts(CWOVersionOMS5), ErrInvalid,
			fieldErr("Header/@response_type", "X", RuleAllowedValues)},
		{"wrong message type", []byte(`<Message type="CWORDEROUT"><Header order_number="1"/></Message>`), cwoOpts(CWOVersionOMS5), ErrInvalid,
			fieldErr("Message/@type", "CWORDEROUT", RuleFixedValue)},
		{"two headers", []byte(`<Message type="CWORDERIN"><Header order_number="1"/><Header order_number="2"/></Message>`),
			cwoOpts(CWOVersionOMS5), ErrInvalid, fieldErr("Message/Header", "2", RuleMaxCount)},
		{"no header", []byte(`<Message type="CWORDERIN"/>`), cwoOpts(CWOVersionOMS5), ErrInvalid,
			fieldErr("Message/Header", "", RuleRequired)},
		{"card number too long is masked", []byte(`<Message type="CWORDERIN"><Header order_number="1"><Payments>` +
			`<Payment cc_number="4111111111111111999"/></Payments></Header></Message>`),
			CWOOptions{Version: CWOVersionOMS5, MaxLengths: map[string]int{"Payment@cc_number": 16}}, ErrInvalid,
			fieldErr("Header/Payments/Payment[1]/@cc_number", "***************1999", RuleMaxLength)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := DecodeCWOrderIn(tc.data, tc.opts)
			require.Error(t, err)
			assert.Nil(t, m)
			assert.ErrorIs(t, err, tc.sentinel)
			tc.check(t, err)
			assert.NotContains(t, err.Error(), "4111111111111111")
		})
	}
}

// TestCWOReadChecksSizeBeforeReading proves the byte limit is enforced before
// the body is read: the reader fails the test if read past limit+1 bytes.
func TestCWOReadChecksSizeBeforeReading(t *testing.T) {
	r := &cwoLimitReader{t: t, limit: 1000}
	m, err := ReadCWOrderIn(context.Background(), r, CWOOptions{Version: CWOVersionOMS5, MaxBytes: 1000})
	assert.Nil(t, m)
	var se *SizeError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.LessOrEqual(t, r.read, 1001)

	r2 := &cwoLimitReader{t: t, limit: 1000}
	_, err = ReadCWOrderOut(context.Background(), r2, CWOOptions{Version: CWOVersionOMS5, MaxBytes: 1000})
	assert.ErrorIs(t, err, ErrTooLarge)
}

func TestCWOReadHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ReadCWOrderIn(ctx, bytes.NewReader(cwoWith("")), cwoOpts(CWOVersionOMS5))
	assert.ErrorIs(t, err, context.Canceled)

	m, err := ReadCWOrderIn(context.Background(), bytes.NewReader(cwoWith("")), cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.Equal(t, "WEB-1", m.Header.OrderNumber)
}

// The encoding/xml parser quotes input in some syntax errors; a broken entity
// inside a card number must not leak the number.
func TestCWOSyntaxErrorMasksCardNumbers(t *testing.T) {
	for _, data := range []string{
		`<Message type="CWORDERIN"><Header><Payments><Payment cc_number="&4111111111111111;"/></Payments></Header></Message>`,
		`<Message type="CWORDERIN"><Header><Payments><Payment cc_number="&#4111111111111111;"/></Payments></Header></Message>`,
	} {
		_, err := DecodeCWOrderIn([]byte(data), cwoOpts(CWOVersionOMS5))
		require.ErrorIs(t, err, ErrMalformed)
		assert.NotContains(t, err.Error(), "4111111111111111")
		assert.Contains(t, err.Error(), "1111")
	}
}

// message-formats.md §1.2: the same amount means 100× different values
// under the two versions.
func TestCWOAmountsPerVersion(t *testing.T) {
	cases := []struct {
		in   string
		v    CWOVersion
		want string
		bad  bool
	}{
		{"1000", CWOVersionCWDirect18, "10", false}, // §1.2 example: $10.00 sent as 1000
		{"-1000", CWOVersionCWDirect18, "-10", false},
		{"5", CWOVersionCWDirect18, "0.05", false},
		{"10.00", CWOVersionCWDirect18, "", true},
		{"10.00", CWOVersionOMS5, "10", false}, // §1.2: $10.00 sent as 10.00
		{"100", CWOVersionOMS5, "100", false},  // §1.2: 100 means $100.00, not $1.00
		{"-1.5", CWOVersionOMS5, "-1.5", false},
		{"1e3", CWOVersionOMS5, "", true},
		{"10.", CWOVersionOMS5, "", true},
		{".5", CWOVersionOMS5, "", true},
		{"", CWOVersionOMS5, "", true},
	}
	for _, tc := range cases {
		d, err := ParseCWOAmount(tc.in, tc.v)
		if tc.bad {
			assert.ErrorIs(t, err, ErrInvalid, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.True(t, d.Equal(decimal.RequireFromString(tc.want)), "%s under %s = %s", tc.in, tc.v, d)
	}
	_, err := ParseCWOAmount("1", "")
	assert.ErrorIs(t, err, ErrUnsupportedVersion)

	for _, tc := range []struct {
		d    string
		v    CWOVersion
		want string
	}{
		{"10", CWOVersionCWDirect18, "1000"},
		{"-0.05", CWOVersionCWDirect18, "-5"},
		{"10", CWOVersionOMS5, "10.00"},
		{"1.5", CWOVersionOMS5, "1.50"},
		{"1.005", CWOVersionOMS5, "1.005"},
	} {
		s, err := FormatCWOAmount(decimal.RequireFromString(tc.d), tc.v)
		require.NoError(t, err)
		assert.Equal(t, tc.want, s)
	}
	_, err = FormatCWOAmount(decimal.RequireFromString("1.005"), CWOVersionCWDirect18)
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = FormatCWOAmount(decimal.Zero, "")
	assert.ErrorIs(t, err, ErrUnsupportedVersion)
}

func TestCWOCardNumberPrintsMasked(t *testing.T) {
	c := CWOCardNumber("4111111111111111")
	assert.Equal(t, "************1111", c.String())
	p := CWOPayment{CCNumber: c}
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%v", p), fmt.Sprintf("%+v", p), fmt.Sprintf("%#v", p)} {
		assert.NotContains(t, s, "4111111111111111")
		assert.Contains(t, s, "1111")
	}
	assert.Equal(t, "4111111111111111", c.Digits())
}

func TestCWOMaxLengthsIsACopy(t *testing.T) {
	m := CWOMaxLengths()
	assert.Equal(t, 30, m["Header@order_number"])
	m["Header@order_number"] = 1
	assert.Equal(t, 30, CWOMaxLengths()["Header@order_number"])

	// A host may correct a length.
	_, err := DecodeCWOrderIn(cwoWith(`order_channel="ABC"`), cwoOpts(CWOVersionOMS5))
	assert.ErrorIs(t, err, ErrInvalid)
	opts := cwoOpts(CWOVersionOMS5)
	opts.MaxLengths = map[string]int{"Header@order_channel": 3}
	_, err = DecodeCWOrderIn(cwoWith(`order_channel="ABC"`), opts)
	assert.NoError(t, err)
}
