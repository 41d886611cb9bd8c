package xmlmsg

// Shared pieces of the order API codecs (CWORDERIN and CWORDEROUT,
// message-formats.md §1–§4, cworderin-attributes.md): the version setting,
// the decode/encode options, amounts, dates, case rules, escaping and the
// converter that turns attribute strings into typed values while collecting
// every FieldError.

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/redact"
)

// CWOVersion says which order-API release a CWORDERIN/CWORDEROUT exchange
// follows. The message itself does not carry its version (message-formats.md
// §1.8: it is a setting of the integration-layer process), and the same
// amount means 100× different values under the two conventions (§1.2), so
// the version is never guessed: a decoder or encoder given the zero value
// fails with a *VersionError wrapping ErrUnsupportedVersion.
type CWOVersion string

// The supported order-API versions.
const (
	// CWOVersionCWDirect18 is CWDirect 18.0 / 18.0.13: implied decimals
	// (`1000` is 10.00) and `offer_id` in the detailed CWORDEROUT Header.
	CWOVersionCWDirect18 CWOVersion = "CWDirect 18.0"
	// CWOVersionOMS5 is CWSerenade / OMS 5.0 and every later release (5.0.24,
	// 17.x, 21.1 with CWOrderIn 10.0 / CWOrderOut 11.0, Order Administration):
	// explicit decimals (`10.00`; `100` is one hundred).
	CWOVersionOMS5 CWOVersion = "OMS 5.0"
)

// cwoVersions lists the supported versions for VersionError.
var cwoVersions = []string{string(CWOVersionCWDirect18), string(CWOVersionOMS5)}

// ImpliedDecimals reports whether amounts are sent without a decimal point
// (two implied places) in this version.
func (v CWOVersion) ImpliedDecimals() bool { return v == CWOVersionCWDirect18 }

// cwoCheckVersion returns a *VersionError unless v is a supported version.
func cwoCheckVersion(message string, v CWOVersion) error {
	switch v {
	case CWOVersionCWDirect18, CWOVersionOMS5:
		return nil
	}
	return &VersionError{Message: message, Version: string(v), Supported: cwoVersions}
}

// CWOMaxChars is the documented maximum length of an order-API message:
// 65,000 characters including spaces (message-formats.md §1.5, CWDirect 18.0).
const CWOMaxChars = 65000

// CWOOptions configures the CWORDERIN and CWORDEROUT decoders and encoders.
// Only Version is required; every other zero value is a documented default.
type CWOOptions struct {
	// Version selects the decimal convention and the version-specific
	// attributes. Required: the zero value is an error (ErrUnsupportedVersion).
	Version CWOVersion
	// MaxBytes is the byte limit of the input; 0 means DefaultMaxBytes. It
	// protects memory and is checked before the body is read; over it the
	// decoder fails with ErrTooLarge.
	MaxBytes int64
	// MaxChars is the order-API message limit in characters (§1.5); 0 means
	// CWOMaxChars, a negative value switches the check off. A CWORDERIN over
	// it is not rejected: it decodes with OverLimit set and no detail lines.
	MaxChars int
	// Now is the clock used when an inbound date is invalid and the current
	// date is used instead (§1.3); nil means time.Now.
	Now func() time.Time
	// KeepCase switches off the §1.4 case normalisation of CWORDERIN values
	// (see CWOrderIn.Normalize).
	KeepCase bool
	// MaxLengths overrides the positions of single attributes, keyed
	// "Element@attribute" (e.g. "Header@order_number"); a value <= 0 removes
	// the limit. Keys not given keep CWOMaxLengths' default.
	MaxLengths map[string]int
}

func (o CWOOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o CWOOptions) maxChars() int {
	if o.MaxChars == 0 {
		return CWOMaxChars
	}
	return o.MaxChars
}

// Default lengths of the CWORDERIN attributes whose vendor positions are not
// in our sources (cworderin-attributes.md §0: not one CWORDERIN Header,
// Payment, ShipTo or Item table row is readable in any version). They are
// omskit's bounds, not the vendor's: wide enough for any real name, address
// or code we know of, so that no real order is refused, and narrow enough
// that no value is unbounded (a 60,000-character address is refused, not
// stored). A host that knows its OMS's positions sets them per attribute
// through CWOOptions.MaxLengths.
const (
	// CWONameMax bounds names: first and last names, company names,
	// prefixes and the sales rep's name.
	CWONameMax = 50
	// CWOAddressMax bounds each address line, apartment and city.
	CWOAddressMax = 50
	// CWORegionMax bounds a state, province or country as sent (a code or a
	// spelled-out name).
	CWORegionMax = 35
	// CWOPostalMax bounds a postal code.
	CWOPostalMax = 15
	// CWOPhoneMax bounds a phone number with its formatting and extension.
	CWOPhoneMax = 30
	// CWOEmailMax bounds an e-mail address: 254 characters, the longest
	// address an SMTP path can carry (RFC 5321 §4.5.3.1.3 with its angle
	// brackets removed).
	CWOEmailMax = 254
	// CWOCodeMax bounds the codes and identifiers: order type, source and
	// promotion codes, pay type, authorization and transaction data, ship
	// via, item, SKU cross-reference, warehouse, location, reason codes,
	// store codes and outside ids.
	CWOCodeMax = 40
	// CWOCardMax bounds cc_number: room for a token, which may be longer
	// than the 19 digits of a card number.
	CWOCardMax = 64
	// CWOLinkMax bounds line_hyperlink, a URL.
	CWOLinkMax = 2048
)

// cwoDefaultMaxLengths holds the positions each attribute may use: the one
// table of lengths of this package. Rows marked with a source come from a
// vendor table (cworderin-attributes.md §2.1–§2.2, §3.2, §4.2: T, or R when
// echoed by CWORDEROUT). Rows marked "sanity" are not documented (n/f): they
// are this package's defaults so that a numeric value fits an int and no
// value is unbounded (the CWO...Max constants above), and a host may correct
// them through CWOOptions.MaxLengths. Every text attribute of CWORDERIN has a
// row (TestCWOMaxLengthsBoundEveryAttribute).
var cwoDefaultMaxLengths = map[string]int{
	// CWORDERIN Message (D18-FMT table, T).
	"Message@resp_qmgr": 44,
	"Message@resp_q":    44,
	// sanity: the envelope's routing values (IDC, RDC in the samples).
	"Message@source": CWOCodeMax,
	"Message@target": CWOCodeMax,
	// CWORDERIN Header (R: the CWORDEROUT echo; S5024-REJ for rdc_order_nbr).
	"Header@company_code":         3,
	"Header@order_number":         30,
	"Header@rdc_order_nbr":        9,
	"Header@order_channel":        2,
	"Header@customer_number":      9,
	"Header@alternate_sold_to_id": 15,
	"Header@bill_to_number":       7,
	// sanity: numeric fields without documented positions.
	"Header@batch_number":             9,
	"Header@batch_order_count":        9,
	"Header@batch_qty_count":          9,
	"Header@sales_rep_number":         9,
	"Header@batch_prepaid_total":      20,
	"Payment@payment_seq_number":      9,
	"Payment@cc_exp_month":            2,
	"Payment@cc_exp_year":             4,
	"Payment@auth_amount":             20,
	"ShipTo@customer_ship_to_number":  9,
	"ShipTo@permanent_ship_to_number": 9,
	"ShipTo@freight":                  20,
	"Item@quantity":                   9,
	"Item@actual_price":               20,
	"Item@tax_amount":                 20,
	// sanity: names, addresses and contact data (issue 17 item 4).
	"Header@sold_to_fname":     CWONameMax,
	"Header@sold_to_lname":     CWONameMax,
	"Header@sold_to_company":   CWONameMax,
	"Header@sales_rep_name":    CWONameMax,
	"Header@sold_to_address1":  CWOAddressMax,
	"Header@sold_to_apartment": CWOAddressMax,
	"Header@sold_to_city":      CWOAddressMax,
	"Header@sold_to_state":     CWORegionMax,
	"Header@sold_to_country":   CWORegionMax,
	"Header@sold_to_zip":       CWOPostalMax,
	"Header@sold_to_day_phone": CWOPhoneMax,
	"Header@sold_to_eve_phone": CWOPhoneMax,
	"Header@sold_to_email":     CWOEmailMax,
	"Header@order_email":       CWOEmailMax,
	"Header@ind_email_address": CWOEmailMax,
	"ShipTo@ship_to_prefix":    CWONameMax,
	"ShipTo@ship_to_fname":     CWONameMax,
	"ShipTo@ship_to_lname":     CWONameMax,
	"ShipTo@ship_to_company":   CWONameMax,
	"ShipTo@ship_to_address1":  CWOAddressMax,
	"ShipTo@ship_to_apartment": CWOAddressMax,
	"ShipTo@ship_to_city":      CWOAddressMax,
	"ShipTo@ship_to_state":     CWORegionMax,
	"ShipTo@ship_to_country":   CWORegionMax,
	"ShipTo@ship_to_zip":       CWOPostalMax,
	// sanity: codes and identifiers.
	"Header@order_type":            CWOCodeMax,
	"Header@source_code":           CWOCodeMax,
	"Header@single_use_promo_code": CWOCodeMax,
	"Header@store_code":            CWOCodeMax,
	"Header@prospect_id":           CWOCodeMax,
	"Header@sold_to_busres":        CWOCodeMax,
	"Header@orce_customer_id":      CWOCodeMax,
	"Payment@payment_type":         CWOCodeMax,
	"Payment@cc_number":            CWOCardMax,
	"Payment@auth_number":          CWOCodeMax,
	"Payment@transaction_id":       CWOCodeMax,
	"Payment@vendor_response":      CWOCodeMax,
	"Payment@cid_response":         CWOCodeMax,
	"Payment@avs_response":         CWOCodeMax,
	"ShipTo@alternate_ship_to_id":  CWOCodeMax,
	"ShipTo@shipping_method":       CWOCodeMax,
	"Item@item_id":                 CWOCodeMax,
	"Item@prc_ovr_rsn":             CWOCodeMax,
	"Item@line_source_code":        CWOCodeMax,
	"Item@line_warehouse":          CWOCodeMax,
	"Item@location":                CWOCodeMax,
	"Item@return_reason":           CWOCodeMax,
	"Item@return_disposition":      CWOCodeMax,
	"Item@alias_item":              CWOCodeMax,
	"Item@sku_xref_nbr":            CWOCodeMax,
	"Item@line_hyperlink":          CWOLinkMax,
	// CWORDEROUT Header (S5024-ACK, S5024-DET, D18013-DET, T).
	"OutHeader@company_code":           3,
	"OutHeader@order_id":               8,
	"OutHeader@offer_id":               3,
	"OutHeader@reference_order_number": 30,
	"OutHeader@customer_number":        9,
	"OutHeader@alternate_sold_to_id":   15,
	"OutHeader@bill_to_number":         7,
	"OutHeader@order_channel":          2,
	"OutHeader@bill_me_later_ind":      1,
}

// CWOMaxLengths returns a copy of the default positions per attribute, keyed
// "Element@attribute" ("OutHeader@…" for the CWORDEROUT Header). Lengths from
// the vendor tables are exact; the others are sanity limits (see the package
// documentation of each message). Hosts correct them with
// CWOOptions.MaxLengths.
func CWOMaxLengths() map[string]int {
	m := make(map[string]int, len(cwoDefaultMaxLengths))
	for k, v := range cwoDefaultMaxLengths {
		m[k] = v
	}
	return m
}

// cwoMaxLengthsByElem is cwoDefaultMaxLengths by element, then attribute:
// an element's table is looked up once, and a look-up builds no string.
var cwoMaxLengthsByElem = func() map[string]map[string]int {
	m := map[string]map[string]int{}
	for k, v := range cwoDefaultMaxLengths {
		elem, attr, _ := strings.Cut(k, "@")
		if m[elem] == nil {
			m[elem] = map[string]int{}
		}
		m[elem][attr] = v
	}
	return m
}()

// maxLength is the positions attr of elem may use: the host's
// CWOOptions.MaxLengths entry "elem@attr", else the default (from
// defaults, elem's row of cwoMaxLengthsByElem).
func (o CWOOptions) maxLength(defaults map[string]int, elem, attr string) int {
	if len(o.MaxLengths) > 0 {
		if v, ok := o.MaxLengths[elem+"@"+attr]; ok {
			return v
		}
	}
	return defaults[attr]
}

// CWOFlag is a one-character Y/N attribute; the zero value means "not sent".
type CWOFlag string

// The flag values.
const (
	CWOFlagUnset CWOFlag = ""
	CWOYes       CWOFlag = "Y"
	CWONo        CWOFlag = "N"
)

// IsYes reports whether the flag is Y.
func (f CWOFlag) IsYes() bool { return f == CWOYes }

// CWOCardNumber is a card number (`cc_number`). Its String and GoString
// methods print it masked to the last four digits, so a value that reaches a
// log through fmt never shows the full number; Digits returns it as sent.
type CWOCardNumber string

// String returns the number masked to its last four digits.
func (c CWOCardNumber) String() string { return MaskCard(string(c)) }

// GoString returns the masked number for %#v.
func (c CWOCardNumber) GoString() string { return strconv.Quote(MaskCard(string(c))) }

// Digits returns the card number as sent. Handle with care.
func (c CWOCardNumber) Digits() string { return string(c) }

// CWODateFallback records an inbound date that was invalid (wrong number of
// positions, or a month or day that does not exist) and was replaced by its
// default instead of failing the message (message-formats.md §1.3).
type CWODateFallback struct {
	Path  string    // e.g. "Header/@order_date"
	Value string    // the value as received, shown by redact.Value (masked, long values cut)
	Used  time.Time // the date used instead; zero when the field is left blank
}

// ParseCWOAmount parses an order-API amount under the version's decimal
// convention (message-formats.md §1.2): implied decimals read `1000` as
// 10.00 and refuse a decimal point; explicit decimals read `10.00` as 10.00
// and `100` as 100. A leading minus sign is allowed.
func ParseCWOAmount(s string, v CWOVersion) (decimal.Decimal, error) {
	if err := cwoCheckVersion("amount", v); err != nil {
		return decimal.Decimal{}, err
	}
	if detail := cwoAmountSyntax(s, v); detail != "" {
		return decimal.Decimal{}, fmt.Errorf("amount %q: %s: %w", s, detail, ErrInvalid)
	}
	return cwoAmountValue(s, v), nil
}

// cwoAmountSyntax returns "" when s is a well-formed amount, else why not.
func cwoAmountSyntax(s string, v CWOVersion) string {
	body := strings.TrimPrefix(s, "-")
	intPart, frac, hasPoint := strings.Cut(body, ".")
	if intPart == "" || !cwoAllDigits(intPart) {
		return "not a number"
	}
	if hasPoint {
		if v.ImpliedDecimals() {
			return "implied decimals: no decimal point allowed"
		}
		if frac == "" || !cwoAllDigits(frac) {
			return "not a number"
		}
	}
	return ""
}

// cwoAmountValue converts a syntactically valid amount.
func cwoAmountValue(s string, v CWOVersion) decimal.Decimal {
	d, err := decimal.NewFromString(s)
	if err != nil { // cannot happen after cwoAmountSyntax; keep it total
		return decimal.Zero
	}
	if v.ImpliedDecimals() {
		return d.Shift(-2)
	}
	return d
}

// FormatCWOAmount writes an amount under the version's decimal convention:
// implied decimals give `1000` for 10.00 (an amount with more than two
// decimal places cannot be written and is an error); explicit decimals give
// `10.00` (two places, more if the amount has them).
func FormatCWOAmount(d decimal.Decimal, v CWOVersion) (string, error) {
	if err := cwoCheckVersion("amount", v); err != nil {
		return "", err
	}
	if v.ImpliedDecimals() {
		s := d.Shift(2)
		if !s.IsInteger() {
			return "", fmt.Errorf("amount %s: more than 2 decimal places under implied decimals: %w", d.String(), ErrInvalid)
		}
		return s.StringFixed(0), nil
	}
	// At least two places; more only when the amount has them (trailing
	// zeros beyond two places dropped), so re-encoding is stable.
	s := d.String()
	if _, frac, _ := strings.Cut(s, "."); len(frac) < 2 {
		s = d.StringFixed(2)
	}
	return s, nil
}

func cwoAllDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cwoParseDate reads an MMDDYYYY date; ok is false for a wrong length or a
// month or day that does not exist.
func cwoParseDate(s string) (time.Time, bool) {
	if len(s) != 8 || !cwoAllDigits(s) {
		return time.Time{}, false
	}
	m, _ := strconv.Atoi(s[0:2])
	d, _ := strconv.Atoi(s[2:4])
	y, _ := strconv.Atoi(s[4:8])
	if y == 0 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != time.Month(m) {
		return time.Time{}, false
	}
	return t, true
}

// cwoFormatDate writes t as MMDDYYYY; the zero time gives "".
func cwoFormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d%02d%04d", int(t.Month()), t.Day(), t.Year())
}

// cwoToday is the calendar date of the clock, as midnight UTC.
func cwoToday(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// cwoCase is how a text value is normalised (message-formats.md §1.4).
type cwoCase int

const (
	cwoUpper cwoCase = iota // every alphanumeric field not listed below
	cwoLower                // email addresses
	cwoKeep                 // message text, envelope values, card data
)

// cwoConv converts attribute strings to typed values, collecting every
// FieldError (not only the first) and every date fallback.
type cwoConv struct {
	opts      CWOOptions
	normalise bool
	today     time.Time
	errs      []FieldError
	fallbacks []CWODateFallback
}

// cwoAt is one element being converted: where it is (for error paths, built
// only when an error or fallback is recorded) and its name for the length
// table.
type cwoAt struct {
	c      *cwoConv
	parent string         // "Header/ShipTos/ShipTo[1]"
	list   string         // "Items/Item"; "" for a single element
	idx    int            // 1-based position in list
	elem   string         // "Item"
	maxLen map[string]int // elem's default lengths by attribute
}

func (c *cwoConv) at(path, elem string) cwoAt {
	return cwoAt{c: c, parent: path, elem: elem, maxLen: cwoMaxLengthsByElem[elem]}
}

// in addresses the idx-th (1-based) element of list under parent.
func (c *cwoConv) in(parent, list string, idx int, elem string) cwoAt {
	return cwoAt{c: c, parent: parent, list: list, idx: idx, elem: elem, maxLen: cwoMaxLengthsByElem[elem]}
}

// path is the element's path, e.g. "Header/ShipTos/ShipTo[1]/Items/Item[2]".
func (a cwoAt) path() string {
	if a.list == "" {
		return a.parent
	}
	return a.parent + "/" + a.list + "[" + strconv.Itoa(a.idx) + "]"
}

func (a cwoAt) fail(attr, value string, rule Rule, detail string) {
	if attr == "cc_number" {
		value = MaskCard(value)
	}
	a.c.errs = append(a.c.errs, FieldError{Path: a.path() + "/@" + attr, Value: value, Rule: rule, Detail: detail})
}

// length checks the positions of attr; it returns false after recording an
// error.
func (a cwoAt) length(attr, v string) bool {
	max := a.c.opts.maxLength(a.maxLen, a.elem, attr)
	if max > 0 && len(v) > max { // a rune takes at least one byte
		if n := utf8.RuneCountInString(v); n > max {
			a.fail(attr, v, RuleMaxLength, fmt.Sprintf("at most %d characters, got %d", max, n))
			return false
		}
	}
	return true
}

// text returns v (trimmed), length-checked and normalised by mode.
func (a cwoAt) text(attr, v string, mode cwoCase) string {
	v = strings.TrimSpace(v)
	a.length(attr, v)
	if a.c.normalise {
		switch mode {
		case cwoUpper:
			v = strings.ToUpper(v)
		case cwoLower:
			v = strings.ToLower(v)
		}
	}
	return v
}

// num parses an unsigned numeric field; blank gives 0.
func (a cwoAt) num(attr, v string) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if !cwoAllDigits(v) {
		a.fail(attr, v, RuleNumeric, "digits only")
		return 0
	}
	if !a.length(attr, v) {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		a.fail(attr, v, RuleNumeric, "number out of range")
		return 0
	}
	return n
}

// signed parses a numeric field that may carry a leading minus (quantity).
func (a cwoAt) signed(attr, v string) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	digits := strings.TrimPrefix(v, "-")
	if !cwoAllDigits(digits) {
		a.fail(attr, v, RuleNumeric, "digits only, optional leading minus")
		return 0
	}
	if !a.length(attr, digits) {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		a.fail(attr, v, RuleNumeric, "number out of range")
		return 0
	}
	return n
}

// amount parses an amount under the version's decimal convention.
func (a cwoAt) amount(attr, v string) decimal.NullDecimal {
	v = strings.TrimSpace(v)
	if v == "" {
		return decimal.NullDecimal{}
	}
	if detail := cwoAmountSyntax(v, a.c.opts.Version); detail != "" {
		a.fail(attr, v, RuleDecimal, detail)
		return decimal.NullDecimal{}
	}
	if !a.length(attr, v) {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: cwoAmountValue(v, a.c.opts.Version), Valid: true}
}

// dateOrToday parses an inbound MMDDYYYY date; an invalid one is replaced
// by today's date from the clock and recorded (§1.3).
func (a cwoAt) dateOrToday(attr, v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if t, ok := cwoParseDate(v); ok {
		return t
	}
	a.c.fallbacks = append(a.c.fallbacks, CWODateFallback{Path: a.path() + "/@" + attr, Value: redact.Value(v), Used: a.c.today})
	return a.c.today
}

// dateOrBlank parses an inbound date whose default is "not sent": an invalid
// one is ignored and recorded (§1.3).
func (a cwoAt) dateOrBlank(attr, v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if t, ok := cwoParseDate(v); ok {
		return t
	}
	a.c.fallbacks = append(a.c.fallbacks, CWODateFallback{Path: a.path() + "/@" + attr, Value: redact.Value(v)})
	return time.Time{}
}

// dateStrict parses an outbound MMDDYYYY date; an invalid one is an error.
func (a cwoAt) dateStrict(attr, v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	t, ok := cwoParseDate(v)
	if !ok {
		a.fail(attr, v, RuleDate, "MMDDYYYY, an existing date")
	}
	return t
}

// code checks v (trimmed, upper-cased) against the allowed codes; blank is
// allowed and gives "".
func (a cwoAt) code(attr, v string, allowed ...string) string {
	v = strings.ToUpper(strings.TrimSpace(v))
	if v == "" {
		return ""
	}
	for _, ok := range allowed {
		if v == ok {
			return v
		}
	}
	a.fail(attr, v, RuleAllowedValues, "one of "+strings.Join(allowed, ", "))
	return ""
}

func (a cwoAt) flag(attr, v string) CWOFlag {
	return CWOFlag(a.code(attr, v, "Y", "N"))
}

func (a cwoAt) required(attr, v string, why string) {
	a.fail(attr, v, RuleRequired, why)
}

// cwoWriter builds an order-API document. Attributes are written only when
// they have a value (message-formats.md §1.6) and escaped the way OMS does
// (§1.5: &apos; &quot; &gt; &lt; &amp;).
type cwoWriter struct {
	b   strings.Builder
	err error
}

func (w *cwoWriter) open(name string) { w.b.WriteByte('<'); w.b.WriteString(name) }

func (w *cwoWriter) attr(name, value string) {
	if value == "" {
		return
	}
	w.b.WriteByte(' ')
	w.b.WriteString(name)
	w.b.WriteString(`="`)
	cwoEscape(&w.b, value)
	w.b.WriteByte('"')
}

func (w *cwoWriter) num(name string, n int) {
	if n != 0 {
		w.attr(name, strconv.Itoa(n))
	}
}

func (w *cwoWriter) amount(name string, d decimal.NullDecimal, v CWOVersion) {
	if !d.Valid {
		return
	}
	s, err := FormatCWOAmount(d.Decimal, v)
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("@%s: %w", name, err)
	}
	w.attr(name, s)
}

func (w *cwoWriter) endEmpty() { w.b.WriteString("/>\n") }
func (w *cwoWriter) endOpen()  { w.b.WriteString(">\n") }

// cwoEscape writes s with the five special characters as entities and the
// whitespace characters an attribute would otherwise normalise as character
// references, so the value reads back unchanged.
func cwoEscape(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '\'':
			b.WriteString("&apos;")
		case '"':
			b.WriteString("&quot;")
		case '>':
			b.WriteString("&gt;")
		case '<':
			b.WriteString("&lt;")
		case '&':
			b.WriteString("&amp;")
		case '\t':
			b.WriteString("&#x9;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
}
