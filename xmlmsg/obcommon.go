package xmlmsg

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/internal/xmltok"
)

// Order Broker messages: the parts every message shares (message-formats.md
// §7.1): the envelope (root element, namespace, prefix, inner *_message
// element), the message_header, versions, statuses, date-times, amounts and
// the padded item_id.

// Namespaces seen on Order Broker messages (order-broker.md ambiguity A22).
const (
	// OBNamespaceRetail is the namespace of most samples.
	OBNamespaceRetail = "http://retail.com/Locate"
	// OBNamespaceMicros is the namespace of the brokered backorder submit and
	// the status list response samples.
	OBNamespaceMicros = "http://microsretail.com/Locate"
	// OBDefaultPrefix is the root prefix used when an envelope names none.
	OBDefaultPrefix = "ns2"
)

// OBMaxListIDs is the most request ids one status list request may carry,
// and the most orders one fulfillments response may carry, whatever
// OROB_MAXIMUM_STATUS_LIST_REQUEST_ORDERS says (order-broker.md BRK-305,
// BRK-406; message-formats.md §7.1).
const OBMaxListIDs = 1000

// OBMaxLocationLen is the longest location code Order Broker accepts
// (order-broker.md BRK-011).
const OBMaxLocationLen = 10

// OBMaxSourceLen is the longest message_header/source a request may carry:
// company(3) + order(8) + ship-to(3) + 5 digits = 19. The brokered backorder
// sample sends 18 characters (order-broker.md ambiguity A6), so only the
// maximum is enforced, not the width.
const OBMaxSourceLen = 19

// OBItemLen and OBSKULen are the positions of the item code and the SKU code
// inside a padded item_id: the SKU starts at position 13 (order-broker.md
// BRK-368). The SKU width of 14 is inferred from the samples, whose padded
// values are 26 characters long.
const (
	OBItemLen = 12
	OBSKULen  = 14
)

// OBInnerForm says whether the inner *_message element carries the root's
// prefix.
type OBInnerForm uint8

// The inner element forms. The zero value means the message's usual form:
// qualified for requests (ns2:order_request_message), unqualified for
// responses (generic_response_message).
const (
	OBInnerDefault OBInnerForm = iota
	OBInnerQualified
	OBInnerUnqualified
)

// OBNamespaceDecl is one xmlns:prefix="uri" declaration on the root element.
type OBNamespaceDecl struct {
	Prefix string
	URI    string
}

// OBEnvelope remembers the shape of a decoded message so that Encode
// reproduces it: the root's namespace and prefix, the inner element's name
// and form, and any extra namespace declarations (the ns3 declaration of the
// retail pickup status update sample). A zero OBEnvelope encodes as prefix
// ns2, namespace http://retail.com/Locate and the message's usual inner
// element. A Prefix of "" with a Namespace set encodes a default namespace
// declaration (xmlns="…"). NoNamespace records a root that had neither
// prefix nor namespace, so that it is written back without one.
type OBEnvelope struct {
	Namespace   string
	Prefix      string
	InnerName   string
	InnerForm   OBInnerForm
	Extra       []OBNamespaceDecl
	NoNamespace bool
}

// OBOptions tunes an Order Broker decoder.
type OBOptions struct {
	// MaxBytes is the largest message accepted; 0 means DefaultMaxBytes.
	MaxBytes int64
	// AllowUnknownStatus accepts status words outside the known list. Only
	// new_order, polled, fulfilled, canceled and intransit are confirmed by
	// samples; the wire spelling of the others is inferred from prose
	// (order-broker.md §0), so a host meeting a new spelling can turn the
	// check off.
	AllowUnknownStatus bool
}

// OBVersion is the message_header/version, the OROB_MESSAGE_VERSION property
// (order-broker.md BRK-002), written major.minor ("5.0", "18.0").
type OBVersion string

// Supported Order Broker message versions: from OBMinVersion (the lowest the
// chapter names: 5.0 is needed for the status list request, BRK-003) up to but
// not including OBVersionLimit (the chapter documents behaviour up to 19.x,
// BRK-006). Anything else, including an empty or non-numeric version, is
// refused with a *VersionError.
const (
	OBMinVersion   OBVersion = "5.0"
	OBVersionLimit OBVersion = "20.0"
)

var obSupportedVersions = []string{">= " + string(OBMinVersion), "< " + string(OBVersionLimit)}

// Parts returns the major and minor numbers; ok is false when the version is
// not digits "." digits.
func (v OBVersion) Parts() (major, minor int, ok bool) {
	s := string(v)
	dot := strings.IndexByte(s, '.')
	if dot <= 0 || dot == len(s)-1 || dot > 4 || len(s)-dot-1 > 4 {
		return 0, 0, false
	}
	if !obAllDigits(s[:dot]) || !obAllDigits(s[dot+1:]) {
		return 0, 0, false
	}
	major, _ = strconv.Atoi(s[:dot])
	minor, _ = strconv.Atoi(s[dot+1:])
	return major, minor, true
}

// AtLeast reports whether v is a well-formed version at or above
// major.minor, e.g. v.AtLeast(16, 0) for the ship-for-pickup location
// (BRK-005) or v.AtLeast(19, 0) for shipment_date (BRK-006).
func (v OBVersion) AtLeast(major, minor int) bool {
	ma, mi, ok := v.Parts()
	if !ok {
		return false
	}
	return ma > major || (ma == major && mi >= minor)
}

// Supported reports whether this package decodes messages of version v.
func (v OBVersion) Supported() bool {
	lma, lmi, _ := OBVersionLimit.Parts()
	minMa, minMi, _ := OBMinVersion.Parts()
	return v.AtLeast(minMa, minMi) && !v.AtLeast(lma, lmi)
}

// OBStatus is an Order Broker status word as carried in messages
// (order-broker.md §3.3, §4.5; message-formats.md §7.5).
type OBStatus string

// The Order Broker status words. The first five appear in samples; the
// spelling of the others is inferred from the chapter's prose.
const (
	OBStatusNewOrder           OBStatus = "new_order"
	OBStatusPolled             OBStatus = "polled"
	OBStatusFulfilled          OBStatus = "fulfilled"
	OBStatusCanceled           OBStatus = "canceled"
	OBStatusIntransit          OBStatus = "intransit"
	OBStatusAccepted           OBStatus = "accepted"
	OBStatusPicked             OBStatus = "picked"
	OBStatusRejected           OBStatus = "rejected"
	OBStatusReceived           OBStatus = "received"
	OBStatusUnfulfillable      OBStatus = "unfulfillable"
	OBStatusIntransitPolled    OBStatus = "intransit polled"
	OBStatusPartiallyFulfilled OBStatus = "partially fulfilled"
	OBStatusPosted             OBStatus = "posted"
	OBStatusVerified           OBStatus = "verified"
	OBStatusProcessed          OBStatus = "processed"
)

var obKnownStatuses = []OBStatus{
	OBStatusNewOrder, OBStatusPolled, OBStatusFulfilled, OBStatusCanceled, OBStatusIntransit,
	OBStatusAccepted, OBStatusPicked, OBStatusRejected, OBStatusReceived, OBStatusUnfulfillable,
	OBStatusIntransitPolled, OBStatusPartiallyFulfilled, OBStatusPosted, OBStatusVerified, OBStatusProcessed,
}

// Known reports whether s is one of the listed status words.
func (s OBStatus) Known() bool {
	for _, k := range obKnownStatuses {
		if s == k {
			return true
		}
	}
	return false
}

// OBTransactionType is transaction_type_id (order-broker.md BRK-332,
// message-formats.md §7.7).
type OBTransactionType string

// Transaction types. SHIPTOSTORE is what the ship-for-pickup sample sends
// where the text says SHIPFORPICKUP (ambiguity A18); decoders accept it as a
// synonym.
const (
	OBTransactionDelivery      OBTransactionType = "DELIVERY"
	OBTransactionShipForPickup OBTransactionType = "SHIPFORPICKUP"
	OBTransactionShipToStore   OBTransactionType = "SHIPTOSTORE"
	OBTransactionPickup        OBTransactionType = "PICKUP"
	OBTransactionRetailPickup  OBTransactionType = "RETAILPICKUP"
)

// IsShipForPickup reports SHIPFORPICKUP or its sample synonym SHIPTOSTORE.
func (t OBTransactionType) IsShipForPickup() bool {
	return t == OBTransactionShipForPickup || t == OBTransactionShipToStore
}

// OBDateForm is the shape a datetime was written in.
type OBDateForm uint8

// The three datetime shapes of message-formats.md §1.3; OBDateEmpty is an
// empty value.
const (
	OBDateEmpty       OBDateForm = iota
	OBDateOnly                   // 2015-02-24
	OBDateTimeSeconds            // 2015-02-24T10:45:09
	OBDateTimeMillis             // 2015-02-24T10:45:10.511
)

// OBDateTime is an Order Broker datetime: a wall-clock time without zone
// (held in time.UTC) and the shape it was written in, so that encoding
// writes it back the same way. The zero value is an empty field.
type OBDateTime struct {
	Time time.Time
	Form OBDateForm
}

const (
	obLayoutDate    = "2006-01-02"
	obLayoutSeconds = "2006-01-02T15:04:05"
	obLayoutMillis  = "2006-01-02T15:04:05.000"
)

// ParseOBDateTime parses the three shapes: date, date-time, date-time with
// milliseconds. An empty string gives the zero OBDateTime.
func ParseOBDateTime(s string) (OBDateTime, error) {
	s = strings.TrimSpace(s)
	var layout string
	var form OBDateForm
	switch len(s) {
	case 0:
		return OBDateTime{}, nil
	case len(obLayoutDate):
		layout, form = obLayoutDate, OBDateOnly
	case len(obLayoutSeconds):
		layout, form = obLayoutSeconds, OBDateTimeSeconds
	case len(obLayoutMillis):
		layout, form = obLayoutMillis, OBDateTimeMillis
	default:
		return OBDateTime{}, fmt.Errorf("datetime %q: want YYYY-MM-DD, YYYY-MM-DDThh:mm:ss or YYYY-MM-DDThh:mm:ss.sss", s)
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return OBDateTime{}, fmt.Errorf("datetime %q: %w", s, err)
	}
	return OBDateTime{Time: t, Form: form}, nil
}

// IsZero reports an empty datetime.
func (d OBDateTime) IsZero() bool { return d.Form == OBDateEmpty && d.Time.IsZero() }

// String writes d in its form; a zero Form with a set Time writes a
// date-time without milliseconds.
func (d OBDateTime) String() string {
	switch d.Form {
	case OBDateOnly:
		return d.Time.Format(obLayoutDate)
	case OBDateTimeMillis:
		return d.Time.Format(obLayoutMillis)
	case OBDateTimeSeconds:
		return d.Time.Format(obLayoutSeconds)
	}
	if d.Time.IsZero() {
		return ""
	}
	return d.Time.Format(obLayoutSeconds)
}

// OBItemID is a padded item_id: the OMS item code, padded with spaces so that
// the SKU code starts at position 13, then the SKU code (BRK-368). Raw is
// the value as received (U+00A0 included) and is written back unchanged as
// long as it still splits into Item and SKU; otherwise Encode pads Item and
// SKU afresh.
type OBItemID struct {
	Raw  string
	Item string
	SKU  string
}

// ParseOBItemID splits a padded item_id. U+00A0 is read as a space first
// (the chapter's copies of the samples carry it where the original had
// spaces). A value of at most 12 characters is an item without SKU.
func ParseOBItemID(raw string) OBItemID {
	norm := strings.ReplaceAll(raw, "\u00a0", " ")
	runes := []rune(norm)
	id := OBItemID{Raw: raw}
	if len(runes) <= OBItemLen {
		id.Item = strings.TrimSpace(norm)
		return id
	}
	id.Item = strings.TrimSpace(string(runes[:OBItemLen]))
	id.SKU = strings.TrimSpace(string(runes[OBItemLen:]))
	return id
}

// PadOBItemID builds a padded item_id: item padded with spaces to 12
// characters, then the SKU padded to 14. Without a SKU the item is sent
// unpadded. It fails when either code is too long to fit.
func PadOBItemID(item, sku string) (string, error) {
	item, sku = strings.TrimSpace(item), strings.TrimSpace(sku)
	if n := len([]rune(item)); n > OBItemLen {
		return "", fmt.Errorf("xmlmsg: item_id: item %q has %d characters, at most %d fit before the SKU", item, n, OBItemLen)
	}
	if n := len([]rune(sku)); n > OBSKULen {
		return "", fmt.Errorf("xmlmsg: item_id: SKU %q has %d characters, at most %d", sku, n, OBSKULen)
	}
	if sku == "" {
		return item, nil
	}
	var b strings.Builder
	b.WriteString(item)
	b.WriteString(strings.Repeat(" ", OBItemLen-len([]rune(item))))
	b.WriteString(sku)
	b.WriteString(strings.Repeat(" ", OBSKULen-len([]rune(sku))))
	return b.String(), nil
}

// NewOBItemID returns the OBItemID for item and SKU with Raw padded.
func NewOBItemID(item, sku string) (OBItemID, error) {
	raw, err := PadOBItemID(item, sku)
	if err != nil {
		return OBItemID{}, err
	}
	return OBItemID{Raw: raw, Item: strings.TrimSpace(item), SKU: strings.TrimSpace(sku)}, nil
}

// wire returns the value to encode.
func (id OBItemID) wire() string {
	if id.Raw != "" {
		p := ParseOBItemID(id.Raw)
		if p.Item == id.Item && p.SKU == id.SKU {
			return id.Raw
		}
	}
	raw, err := PadOBItemID(id.Item, id.SKU)
	if err != nil {
		// Validate reports the long code; keep the content rather than lose it.
		return id.Item + id.SKU
	}
	return raw
}

// OBHeader is message_header. MessageType is an attribute of requests only.
type OBHeader struct {
	MessageType     string
	XactionType     string
	XactionResponse string
	DateTime        OBDateTime
	Version         OBVersion
	Source          string
	Destination     string
}

// OBName is the name element of a sold-to customer or ship-to.
type OBName struct {
	CompanyName string `xml:"company_name"`
	Prefix      string `xml:"prefix"`
	First       string `xml:"first"`
	Middle      string `xml:"middle"`
	Last        string `xml:"last"`
	Suffix      string `xml:"suffix"`
}

// OBAddress is the address element of a sold-to customer or ship-to
// (BRK-360).
type OBAddress struct {
	Attention string `xml:"attention"`
	Address1  string `xml:"address1"`
	Address2  string `xml:"address2"`
	Address3  string `xml:"address3"`
	Address4  string `xml:"address4"`
	Apt       string `xml:"apt"`
	City      string `xml:"city"`
	Province  string `xml:"province"`
	Postal    string `xml:"postal"`
	Email     string `xml:"email"`
	Phone1    string `xml:"phone1"`
	Phone2    string `xml:"phone2"`
	Country   string `xml:"country"`
}

// OBParty is a ship_to: a name and an address.
type OBParty struct {
	Name    OBName    `xml:"name"`
	Address OBAddress `xml:"address"`
}

// OBCustomer is sold_to_customer (BRK-358 to BRK-360).
type OBCustomer struct {
	CustomerNo string    `xml:"customer_no,attr"`
	Name       OBName    `xml:"name"`
	Address    OBAddress `xml:"address"`
}

// OBLocation is a store_location or shipforpickup_location. The request_*
// attributes appear on the fulfillments response only.
type OBLocation struct {
	RequestSystemCd   string `xml:"request_system_cd,attr,omitempty"`
	RequestLocationCd string `xml:"request_location_cd,attr,omitempty"`
	SystemCd          string `xml:"system_cd,attr"`
	LocationCd        string `xml:"location_cd,attr"`
}

// OBCustomization is one customization (custom special handling, BRK-382).
type OBCustomization struct {
	Code    string `xml:"customization_code"`
	Message string `xml:"customization_message"`
}

// OBTax is one taxes/tax element (BRK-372).
type OBTax struct {
	Description string
	LineItemNo  int
	Amount      decimal.Decimal
}

// OBTender is one transaction_tenders/transaction_tender.
type OBTender struct {
	LineItemNo  int
	Description string
	Amount      decimal.Decimal
	// Account may hold a card number; it is masked in every error.
	Account string
}

// ---- wire shapes shared by the messages ----

type obWireHeader struct {
	MessageType     *string `xml:"message_type,attr,omitempty"`
	XactionResponse string  `xml:"xaction_response,attr"`
	XactionType     string  `xml:"xaction_type,attr"`
	DateTime        string  `xml:"datetime"`
	Version         string  `xml:"version"`
	Source          string  `xml:"source"`
	Destination     string  `xml:"destination"`
}

type obWireTax struct {
	Description string `xml:"description,attr"`
	LineItemNo  string `xml:"line_item_no,attr"`
	Amount      string `xml:"amount"`
}

type obWireTaxes struct {
	Tax []obWireTax `xml:"tax"`
}

type obWireCustomizations struct {
	Customization []OBCustomization `xml:"customization"`
}

type obWireTender struct {
	LineItemNo  string `xml:"line_item_no,attr"`
	Description string `xml:"tender_description"`
	Amount      string `xml:"tender_amount"`
	Account     string `xml:"tender_account"`
}

type obWireTenders struct {
	Tender []obWireTender `xml:"transaction_tender"`
}

// obKind describes one message.
type obKind struct {
	root    string
	inner   []string // accepted inner names; the first is the default
	request bool
}

// ---- validation and conversion ----

// obValidator collects field errors while converting and checking.
type obValidator struct {
	opts OBOptions
	errs []FieldError
}

// obSeg is one step of an error path: a name (which may hold slashes, as
// in "orders/order") and, for an element of a list, its 0-based position.
type obSeg struct {
	name string
	idx  int // -1: not a list element
}

// obPath addresses an element for error reporting without building the
// string: the path ("transaction_header[1]/transaction_detail[2]") is
// written only when an error is recorded, so a valid message costs no
// allocation for it.
type obPath struct {
	seg [3]obSeg
	n   int
}

// obAt starts a path at the idx-th (0-based) element of the list name.
func obAt(name string, idx int) obPath {
	var p obPath
	return p.at(name, idx)
}

// at descends to the idx-th (0-based) element of the list name under p.
func (p obPath) at(name string, idx int) obPath {
	p.seg[p.n] = obSeg{name: name, idx: idx}
	p.n++
	return p
}

// f names the field (child element or "@attribute") under p.
func (p obPath) f(field string) obField { return obField{p: p, name: field} }

// obField is the lazily built path of one field.
type obField struct {
	p    obPath
	name string
}

// obF is a field at a fixed path.
func obF(path string) obField { return obField{name: path} }

// String builds the path, e.g. "transaction_header[1]/transaction_detail[1]/qty".
func (f obField) String() string {
	var b strings.Builder
	for i := 0; i < f.p.n; i++ {
		if i > 0 {
			b.WriteByte('/')
		}
		s := f.p.seg[i]
		b.WriteString(s.name)
		if s.idx >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.idx + 1))
			b.WriteByte(']')
		}
	}
	if f.name != "" {
		if f.p.n > 0 {
			b.WriteByte('/')
		}
		b.WriteString(f.name)
	}
	return b.String()
}

func (v *obValidator) add(f obField, value string, rule Rule, detail string) {
	path := f.String()
	if strings.HasSuffix(path, "tender_account") {
		value = MaskCard(value)
	}
	v.errs = append(v.errs, FieldError{Path: path, Value: value, Rule: rule, Detail: detail})
}

func (v *obValidator) has(path string) bool {
	for _, e := range v.errs {
		if e.Path == path {
			return true
		}
	}
	return false
}

func (v *obValidator) required(path obField, value string) {
	if strings.TrimSpace(value) == "" {
		v.add(path, value, RuleRequired, "must be present and not blank")
	}
}

func (v *obValidator) maxLen(path obField, value string, n int) {
	if l := len([]rune(value)); l > n {
		v.add(path, value, RuleMaxLength, fmt.Sprintf("at most %d characters, got %d", n, l))
	}
}

func (v *obValidator) yn(path obField, value string) {
	if value != "" && value != "Y" && value != "N" {
		v.add(path, value, RuleAllowedValues, "Y or N")
	}
}

func (v *obValidator) status(path obField, s OBStatus) {
	if s == "" || v.opts.AllowUnknownStatus || s.Known() {
		return
	}
	v.add(path, string(s), RuleAllowedValues, "an Order Broker status word such as new_order, polled, fulfilled, canceled, intransit")
}

func (v *obValidator) numericID(path obField, value string) {
	if value != "" && !obAllDigits(value) {
		v.add(path, value, RuleNumeric, "digits only")
	}
}

func (v *obValidator) location(path obField, value string) {
	v.maxLen(path, value, OBMaxLocationLen)
}

func (v *obValidator) maxCount(path obField, n, max int) {
	if n > max {
		v.add(path, strconv.Itoa(n), RuleMaxCount, fmt.Sprintf("at most %d", max))
	}
}

// amount parses a decimal amount: optional sign, digits, optional fraction.
// Empty means zero. The exponent of the value as sent is kept, so 0.33750
// stays 0.33750 and float artefacts such as 24.489999771118164 stay exact.
func (v *obValidator) amount(path obField, s string) decimal.Decimal {
	d, ok := obParseAmount(s)
	if !ok {
		v.add(path, s, RuleDecimal, "a decimal number such as 10.00 or -1.23")
	}
	return d
}

func obParseAmount(s string) (decimal.Decimal, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return decimal.Decimal{}, true
	}
	body := s
	if body[0] == '-' || body[0] == '+' {
		body = body[1:]
	}
	intPart, frac, hasDot := strings.Cut(body, ".")
	if intPart == "" && frac == "" || hasDot && frac == "" || !obAllDigits(intPart) || !obAllDigits(frac) {
		return decimal.Decimal{}, false
	}
	if len(body) > 40 {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, false
	}
	if d.IsZero() && d.Exponent() == 0 {
		// "0" and "" mean the same; keep one representation so that a value
		// re-encoded and decoded again compares equal.
		return decimal.Decimal{}, true
	}
	return d, true
}

// obFormatAmount writes d with the decimals it was parsed with.
func obFormatAmount(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// integer parses a count or line number: digits only, empty means 0.
func (v *obValidator) integer(path obField, s string) int {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0
	}
	if !obAllDigits(t) || len(t) > 9 {
		v.add(path, s, RuleNumeric, "digits only, at most 9")
		return 0
	}
	n, _ := strconv.Atoi(t)
	return n
}

func (v *obValidator) datetime(path obField, s string) OBDateTime {
	d, err := ParseOBDateTime(s)
	if err != nil {
		v.add(path, s, RuleDate, "YYYY-MM-DD, YYYY-MM-DDThh:mm:ss or YYYY-MM-DDThh:mm:ss.sss")
	}
	return d
}

func obAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func obInt(n int) string { return strconv.Itoa(n) }

func (v *obValidator) taxes(path obPath, w obWireTaxes) []OBTax {
	if len(w.Tax) == 0 {
		return nil
	}
	out := make([]OBTax, len(w.Tax))
	for i, t := range w.Tax {
		p := path.at("taxes/tax", i)
		out[i] = OBTax{
			Description: t.Description,
			LineItemNo:  v.integer(p.f("@line_item_no"), t.LineItemNo),
			Amount:      v.amount(p.f("amount"), t.Amount),
		}
	}
	return out
}

func obWireTaxesOf(ts []OBTax) obWireTaxes {
	w := obWireTaxes{}
	for _, t := range ts {
		w.Tax = append(w.Tax, obWireTax{Description: t.Description, LineItemNo: obInt(t.LineItemNo), Amount: obFormatAmount(t.Amount)})
	}
	return w
}

func (v *obValidator) tenders(path obPath, w obWireTenders) []OBTender {
	if len(w.Tender) == 0 {
		return nil
	}
	out := make([]OBTender, len(w.Tender))
	for i, t := range w.Tender {
		p := path.at("transaction_tenders/transaction_tender", i)
		out[i] = OBTender{
			LineItemNo:  v.integer(p.f("@line_item_no"), t.LineItemNo),
			Description: t.Description,
			Amount:      v.amount(p.f("tender_amount"), t.Amount),
			Account:     t.Account,
		}
	}
	return out
}

func obWireTendersOf(ts []OBTender) obWireTenders {
	w := obWireTenders{}
	for _, t := range ts {
		w.Tender = append(w.Tender, obWireTender{LineItemNo: obInt(t.LineItemNo), Description: t.Description, Amount: obFormatAmount(t.Amount), Account: t.Account})
	}
	return w
}

func obNonEmptyCustomizations(c obWireCustomizations) []OBCustomization {
	if len(c.Customization) == 0 {
		return nil
	}
	return c.Customization
}

// soldToName checks BRK-009: a first and last name, or a company name.
func (v *obValidator) soldToName(path obField, n OBName) {
	if strings.TrimSpace(n.CompanyName) == "" && (strings.TrimSpace(n.First) == "" || strings.TrimSpace(n.Last) == "") {
		v.add(path, strings.TrimSpace(n.First+" "+n.Last), RuleRequired, "a first and last name, or a company name (Invalid Sold To address, missing req)")
	}
}

// ---- header ----

func (v *obValidator) header(kind obKind, w obWireHeader) OBHeader {
	h := OBHeader{
		XactionType:     w.XactionType,
		XactionResponse: w.XactionResponse,
		DateTime:        v.datetime(obF("message_header/datetime"), w.DateTime),
		Version:         OBVersion(strings.TrimSpace(w.Version)),
		Source:          w.Source,
		Destination:     w.Destination,
	}
	if w.MessageType != nil {
		h.MessageType = *w.MessageType
	}
	return h
}

// checkHeader checks the header fields; the datetime presence check is
// skipped when the decoder already reported a datetime it could not parse.
func (v *obValidator) checkHeader(kind obKind, h OBHeader) {
	if h.DateTime.IsZero() && !v.has("message_header/datetime") {
		v.add(obF("message_header/datetime"), "", RuleRequired, "must be present and not blank")
	}
	if kind.request {
		v.maxLen(obF("message_header/source"), h.Source, OBMaxSourceLen)
		v.required(obF("message_header/destination"), h.Destination)
	}
}

func obWireHeaderOf(kind obKind, h OBHeader) obWireHeader {
	w := obWireHeader{
		XactionResponse: h.XactionResponse,
		XactionType:     h.XactionType,
		DateTime:        h.DateTime.String(),
		Version:         string(h.Version),
		Source:          h.Source,
		Destination:     h.Destination,
	}
	if kind.request || h.MessageType != "" {
		mt := h.MessageType
		w.MessageType = &mt
	}
	return w
}

func obVersionError(kind obKind, v OBVersion) error {
	if v.Supported() {
		return nil
	}
	return &VersionError{Message: kind.root, Version: string(v), Supported: obSupportedVersions}
}

// ---- decode and encode plumbing ----

// obReadLimit returns data or a *SizeError for a []byte input.
func obCheckSize(data []byte, limit int64) error {
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if int64(len(data)) > limit {
		return &SizeError{Limit: limit}
	}
	return nil
}

// obParsed is a message as read from its XML: the envelope, the name of the
// inner *_message element, and the wire header and body.
type obParsed[B any] struct {
	env    OBEnvelope
	inner  string
	header obWireHeader
	body   B
}

// obDecode runs the common steps: size, tokens (UTF-8, well-formedness,
// the safety rules of internal/xmltok), root, the envelope, the inner element
// and its header and body (fill); then obFinish.
func obDecode[B any, M any](kind obKind, data []byte, opts OBOptions,
	fill func(d *xdec, body *B),
	conv func(v *obValidator, env OBEnvelope, h OBHeader, body *B) *M,
	trim func(m *M),
	check func(v *obValidator, m *M)) (*M, error) {
	if err := obCheckSize(data, opts.MaxBytes); err != nil {
		return nil, err
	}
	p, err := obParse(kind, data, fill)
	if err != nil {
		return nil, err
	}
	return obFinish(kind, p, opts, conv, trim, check)
}

// obParse reads the message. Every child of the root is read as the inner
// *_message element, the last one naming it, as encoding/xml's ",any" field
// did; the first one says whether the inner element is qualified.
func obParse[B any](kind obKind, data []byte, fill func(d *xdec, body *B)) (*obParsed[B], error) {
	d, root, err := open(kind.root, data)
	if err != nil {
		return nil, err
	}
	if root.Local != kind.root {
		return nil, &RootError{Want: []string{kind.root}, Got: root.Local}
	}
	p := &obParsed[B]{env: obRootEnvelope(root, d.t.Attrs())}
	first := true
	for d.child() {
		n := d.t.Name()
		if first {
			p.env.InnerForm = OBInnerUnqualified
			if n.Prefix != "" {
				p.env.InnerForm = OBInnerQualified
			}
			first = false
		}
		p.inner = n.Local
		for d.child() {
			switch d.t.Local() {
			case "message_header":
				d.decObWireHeader(&p.header)
			case "message_body":
				fill(d, &p.body)
			default:
				d.skip()
			}
		}
	}
	if err := d.finish(kind.root); err != nil {
		return nil, err
	}
	return p, nil
}

// obFinish checks the inner element and the version, then conv converts the
// body, the strings are trimmed (trim; order-broker.md ambiguity A34:
// decoders trim and accept `US `, padded codes and wrapped values; the raw
// item_id and the envelope are kept) and check validates the result.
func obFinish[B any, M any](kind obKind, p *obParsed[B], opts OBOptions,
	conv func(v *obValidator, env OBEnvelope, h OBHeader, body *B) *M,
	trim func(m *M),
	check func(v *obValidator, m *M)) (*M, error) {
	v := &obValidator{opts: opts}
	innerOK := false
	for _, n := range kind.inner {
		if p.inner == n {
			innerOK = true
		}
	}
	if !innerOK {
		v.add(obF(kind.inner[0]), p.inner, RuleRequired, "the inner message element must be present")
		return nil, &ValidationError{Message: kind.root, Errors: v.errs}
	}
	h := v.header(kind, p.header)
	if err := obVersionError(kind, h.Version); err != nil {
		return nil, err
	}
	env := p.env
	if p.inner != kind.inner[0] {
		env.InnerName = p.inner
	}
	m := conv(v, env, h, &p.body)
	trim(m)
	v.checkHeader(kind, h)
	check(v, m)
	if len(v.errs) > 0 {
		return nil, &ValidationError{Message: kind.root, Errors: v.errs}
	}
	return m, nil
}

// obRootEnvelope learns the envelope from the root start tag: its prefix and
// namespace, and the other namespace declarations in document order.
func obRootEnvelope(root xmltok.Name, attrs []xmltok.Attr) OBEnvelope {
	env := OBEnvelope{Prefix: root.Prefix, Namespace: root.Space}
	for i := range attrs {
		a := &attrs[i]
		if a.Name.Prefix == "xmlns" && obKeepDecl(a.Name.Local, env.Prefix) {
			env.Extra = append(env.Extra, OBNamespaceDecl{Prefix: a.Name.Local, URI: a.Value()})
		}
	}
	env.NoNamespace = env.Prefix == "" && env.Namespace == ""
	return env
}

// obValidate runs check on m with default options.
func obValidate[M any](kind obKind, m *M, h OBHeader, check func(v *obValidator, m *M)) error {
	if m == nil {
		return &ValidationError{Message: kind.root, Errors: []FieldError{{Path: kind.root, Rule: RuleRequired, Detail: "nil message"}}}
	}
	if err := obVersionError(kind, h.Version); err != nil {
		return err
	}
	v := &obValidator{}
	v.checkHeader(kind, h)
	check(v, m)
	if len(v.errs) > 0 {
		return &ValidationError{Message: kind.root, Errors: v.errs}
	}
	return nil
}

// obKeepDecl reports whether an extra xmlns:prefix declaration is kept for
// re-encoding: not the root's own, and a usable XML name (the parser lets
// some unusable ones through, such as xmlns:0).
func obKeepDecl(prefix, rootPrefix string) bool {
	return prefix != rootPrefix && obNCName(prefix)
}

// obEncode writes the envelope around header and body.
func obEncode(kind obKind, env OBEnvelope, h obWireHeader, body any) ([]byte, error) {
	prefix, ns := env.Prefix, env.Namespace
	if prefix == "" && ns == "" && !env.NoNamespace {
		prefix, ns = OBDefaultPrefix, OBNamespaceRetail
	}
	if prefix != "" && !obNCName(prefix) {
		return nil, fmt.Errorf("xmlmsg: %s: envelope prefix %q is not an XML name", kind.root, prefix)
	}
	inner := kind.inner[0]
	if env.InnerName != "" {
		ok := false
		for _, n := range kind.inner {
			ok = ok || n == env.InnerName
		}
		if !ok {
			return nil, fmt.Errorf("xmlmsg: %s: inner element %q is not one of %v", kind.root, env.InnerName, kind.inner)
		}
		inner = env.InnerName
	}
	qualified := kind.request
	switch env.InnerForm {
	case OBInnerQualified:
		qualified = true
	case OBInnerUnqualified:
		qualified = false
	}
	var b bytes.Buffer
	qual := func(local string) string {
		if prefix == "" {
			return local
		}
		return prefix + ":" + local
	}
	b.WriteString("<" + qual(kind.root))
	switch {
	case prefix != "":
		b.WriteString(" xmlns:" + prefix + `="`)
		_ = xml.EscapeText(&b, []byte(ns))
		b.WriteString(`"`)
	case ns != "":
		b.WriteString(` xmlns="`)
		_ = xml.EscapeText(&b, []byte(ns))
		b.WriteString(`"`)
	}
	for _, x := range env.Extra {
		if x.Prefix == prefix || !obNCName(x.Prefix) {
			return nil, fmt.Errorf("xmlmsg: %s: extra namespace prefix %q is not usable", kind.root, x.Prefix)
		}
		b.WriteString(" xmlns:" + x.Prefix + `="`)
		_ = xml.EscapeText(&b, []byte(x.URI))
		b.WriteString(`"`)
	}
	b.WriteString(">\n")
	innerTag := inner
	if qualified {
		innerTag = qual(inner)
	}
	b.WriteString("<" + innerTag + ">\n")
	enc := xml.NewEncoder(&b)
	if err := enc.EncodeElement(h, xml.StartElement{Name: xml.Name{Local: "message_header"}}); err != nil {
		return nil, fmt.Errorf("xmlmsg: %s: encoding message_header: %w", kind.root, err)
	}
	if err := enc.EncodeElement(body, xml.StartElement{Name: xml.Name{Local: "message_body"}}); err != nil {
		return nil, fmt.Errorf("xmlmsg: %s: encoding message_body: %w", kind.root, err)
	}
	if err := enc.Flush(); err != nil {
		return nil, fmt.Errorf("xmlmsg: %s: %w", kind.root, err)
	}
	b.WriteString("\n</" + innerTag + ">\n</" + qual(kind.root) + ">\n")
	return b.Bytes(), nil
}

func obNCName(s string) bool {
	if s == "" || strings.EqualFold(s, "xmlns") {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && (r == '-' || r == '.' || r >= '0' && r <= '9'):
		default:
			return false
		}
	}
	return true
}

// obReadAll applies ReadLimited for the io.Reader decoders, stopping as soon
// as ctx is done: every Read checks it first, so a cancelled context ends a
// slow stream mid-body with an error that wraps ctx.Err().
func obReadAll(ctx context.Context, r io.Reader, opts OBOptions) ([]byte, error) {
	if r == nil {
		return nil, fmt.Errorf("xmlmsg: nil reader: %w", ErrMalformed)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("xmlmsg: reading message: %w", err)
	}
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if l, ok := r.(interface{ Len() int }); ok && int64(l.Len()) > limit {
		return nil, &SizeError{Limit: limit}
	}
	return ReadLimited(obCtxReader{ctx: ctx, r: r}, limit)
}

// obCtxReader fails a Read once its context is done.
type obCtxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c obCtxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
