package xmlmsg

// CWORDERIN, the Inbound Order XML Message of the order API
// (message-formats.md §1, §3; cworderin-attributes.md §2; seed 001).

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/redact"
)

// CWOrderInType is the `type` of an inbound order message.
const CWOrderInType = "CWORDERIN"

// CWOResponseType is the Header `response_type`: which CWORDEROUT the order
// API sends back (message-formats.md §1.7, order-api.md ORD-055).
type CWOResponseType string

// The response types.
const (
	CWOResponseDetail       CWOResponseType = "D" // detailed response, errors not listed
	CWOResponseDetailErrors CWOResponseType = "E" // detailed response listing the errors
	CWOResponseAck          CWOResponseType = "A" // order acknowledgement
	CWOResponseNone         CWOResponseType = "N" // no response
)

// CWOShipToType is the ShipTo `ship_to_type` (message-formats.md §3.5,
// seed 001 "Creating or Selecting Shipping Addresses or Customers").
type CWOShipToType int

// The ship-to types; 0 means not sent.
const (
	CWOShipToOrder     CWOShipToType = 1 // order-level shipping address
	CWOShipToRecipient CWOShipToType = 2 // recipient customer (another sold-to)
	CWOShipToPermanent CWOShipToType = 3 // permanent ship-to of the sold-to
)

// CWOrderIn is one decoded CWORDERIN message: the Message envelope and its
// one Header. Text values are trimmed and, unless CWOOptions.KeepCase, case
// normalised (see Normalize). Integers are 0 and amounts invalid
// (NullDecimal.Valid false) when the attribute was not sent.
type CWOrderIn struct {
	// Message attributes (cworderin-attributes.md §2.1). Source, Target and
	// RespQmgr/RespQ are kept as sent; Type is CWORDERIN.
	Source   string
	Target   string
	Type     string
	RespQmgr string // MQ queue manager for the response, ≤ 44
	RespQ    string // MQ queue for the response, ≤ 44

	Header CWOHeader

	// OverLimit is true when the message is longer than the character limit
	// (CWOOptions.MaxChars, 65,000 by default; §1.5). The decoder does not
	// reject it: the header, payments and ship-tos are decoded, but the
	// detail lines (every ShipTo's Items) are dropped; the intake then
	// refuses the message whole (order.MaxMessageLength), where CWDirect
	// 18.0 put the order in error with no detail lines.
	OverLimit bool
	// Chars is the message length in characters.
	Chars int
	// DateFallbacks lists every invalid date replaced by its default (§1.3).
	DateFallbacks []CWODateFallback
}

// CWOHeader is the CWORDERIN Header: order identity, processing options,
// batch data and the sold-to customer (message-formats.md §3.3).
type CWOHeader struct {
	CompanyCode        int             // company_code, numeric 3
	OrderNumber        string          // order_number, 30; the sender's unique order number
	OrderDate          time.Time       // order_date MMDDYYYY; invalid → today (§1.3)
	OrderChannel       string          // order_channel, 2 (`P` = retail)
	OrderType          string          // order_type
	SourceCode         string          // source_code
	ResponseType       CWOResponseType // response_type D, E, A or N
	PaymentOnly        CWOFlag         // payment_only: Y = adds payments to an earlier order
	PayIncl            CWOFlag         // pay_incl: payments included
	RdcOrderNbr        int             // rdc_order_nbr, numeric 9: OMS order number (payment-only)
	SingleUsePromoCode string          // single_use_promo_code
	SalesRepNumber     string          // sales_rep_number (digits, kept as text)
	SalesRepName       string          // sales_rep_name
	OrderEmail         string          // order_email (lowercase)
	IndEmailAddress    string          // ind_email_address (lowercase)
	StoreCode          string          // store_code
	DeliveryType       string          // delivery_type: P store pickup, S ship-for-pickup

	// Batch attributes (seed 001 "batching"; order-api.md ORD-012–ORD-020).
	BatchNumber       int                 // batch_number
	BatchDate         time.Time           // batch_date MMDDYYYY; invalid → today
	BatchBegEndFlag   string              // batch_beg_end_flag: B first, E last
	ApproveBatch      CWOFlag             // approve_batch
	BatchOrderCount   int                 // batch_order_count
	BatchQtyCount     int                 // batch_qty_count
	BatchPrepaidTotal decimal.NullDecimal // batch_prepaid_total (amount)

	// Sold-to customer.
	CustomerNumber      int     // customer_number, numeric 9
	AlternateSoldToID   string  // alternate_sold_to_id, 15
	BillToNumber        int     // bill_to_number, numeric 7
	ProspectID          string  // prospect_id
	SoldToFname         string  // sold_to_fname
	SoldToLname         string  // sold_to_lname
	SoldToCompany       string  // sold_to_company
	SoldToAddress1      string  // sold_to_address1
	SoldToApartment     string  // sold_to_apartment
	SoldToCity          string  // sold_to_city
	SoldToState         string  // sold_to_state
	SoldToZip           string  // sold_to_zip
	SoldToCountry       string  // sold_to_country
	SoldToEmail         string  // sold_to_email (lowercase)
	SoldToDayPhone      string  // sold_to_day_phone
	SoldToEvePhone      string  // sold_to_eve_phone
	SoldToBusres        string  // sold_to_busres: delivery code
	SoldToAddressUpdate CWOFlag // sold_to_address_update
	SoldToEmailUpdate   CWOFlag // sold_to_email_update
	OrceCustomerID      string  // orce_customer_id (CWOrderIn 10.0)

	Payments []CWOPayment // Payments/Payment, one per payment method
	ShipTos  []CWOShipTo  // ShipTos/ShipTo, one per shipping address
}

// IsPaymentOnly reports whether the message only adds payments to an order
// created earlier (payment_only = Y; order-api.md ORD-057).
func (h CWOHeader) IsPaymentOnly() bool { return h.PaymentOnly.IsYes() }

// IsBatched reports whether the order belongs to an order batch.
func (h CWOHeader) IsBatched() bool { return h.BatchNumber != 0 }

// CWOPayment is one Payments/Payment (message-formats.md §3.4).
type CWOPayment struct {
	PaymentSeqNumber    int                 // payment_seq_number
	PaymentType         string              // payment_type: OMS pay type code
	CCNumber            CWOCardNumber       // cc_number (prints masked)
	CCExpMonth          int                 // cc_exp_month
	CCExpYear           int                 // cc_exp_year
	AlreadyTokenized    CWOFlag             // already_tokenized
	AuthNumber          string              // auth_number
	AuthDate            time.Time           // auth_date MMDDYYYY; invalid → ignored (as if not sent)
	AuthAmount          decimal.NullDecimal // auth_amount
	TransactionID       string              // transaction_id
	VendorResponse      string              // vendor_response
	CIDResponse         string              // cid_response
	AVSResponse         string              // avs_response
	SuppressDepositFlag CWOFlag             // suppress_deposit_flag
	SuppressRefundFlag  CWOFlag             // suppress_refund_flag
}

// CWOShipTo is one ShipTos/ShipTo with its lines (message-formats.md §3.5).
type CWOShipTo struct {
	ShipToType            CWOShipToType       // ship_to_type 1, 2 or 3
	CustomerShipToNumber  int                 // customer_ship_to_number
	AlternateShipToID     string              // alternate_ship_to_id
	PermanentShipToNumber int                 // permanent_ship_to_number
	ShipToPrefix          string              // ship_to_prefix
	ShipToFname           string              // ship_to_fname
	ShipToLname           string              // ship_to_lname
	ShipToCompany         string              // ship_to_company
	ShipToAddress1        string              // ship_to_address1
	ShipToApartment       string              // ship_to_apartment
	ShipToCity            string              // ship_to_city
	ShipToState           string              // ship_to_state
	ShipToZip             string              // ship_to_zip
	ShipToCountry         string              // ship_to_country
	ShippingMethod        string              // shipping_method (ship via)
	CalcFrt               CWOFlag             // calc_frt: N = no freight calculation
	Freight               decimal.NullDecimal // freight
	ShipComplete          CWOFlag             // ship_complete
	Items                 []CWOItem           // Items/Item, one per order line
}

// CWOItem is one Items/Item order line (message-formats.md §3.6).
type CWOItem struct {
	ItemID            string              // item_id
	Quantity          int                 // quantity; negative = return
	ActualPrice       decimal.NullDecimal // actual_price
	PrcOvrRsn         string              // prc_ovr_rsn
	NoCharge          CWOFlag             // no_charge
	LineSourceCode    string              // line_source_code
	TaxOverride       CWOFlag             // tax_override
	TaxAmount         decimal.NullDecimal // tax_amount
	LineWarehouse     string              // line_warehouse (returns)
	Location          string              // location (returns)
	ReturnReason      string              // return_reason
	ReturnDisposition string              // return_disposition
	AliasItem         string              // alias_item
	SkuXrefNbr        string              // sku_xref_nbr
	LineHyperlink     string              // line_hyperlink: text, case kept
}

// IsReturn reports whether the line is a return: a negative quantity
// (order-api.md ORD-026).
func (i CWOItem) IsReturn() bool { return i.Quantity < 0 }

// cwoInRaw* mirror the wire: every attribute a string, unknown attributes
// and elements ignored by encoding/xml.
type cwoInRawMessage struct {
	Source   string           `xml:"source,attr"`
	Target   string           `xml:"target,attr"`
	Type     string           `xml:"type,attr"`
	RespQmgr string           `xml:"resp_qmgr,attr"`
	RespQ    string           `xml:"resp_q,attr"`
	Headers  []cwoInRawHeader `xml:"Header"`
}

type cwoInRawHeader struct {
	CompanyCode         string `xml:"company_code,attr"`
	OrderNumber         string `xml:"order_number,attr"`
	OrderDate           string `xml:"order_date,attr"`
	OrderChannel        string `xml:"order_channel,attr"`
	OrderType           string `xml:"order_type,attr"`
	SourceCode          string `xml:"source_code,attr"`
	ResponseType        string `xml:"response_type,attr"`
	PaymentOnly         string `xml:"payment_only,attr"`
	PayIncl             string `xml:"pay_incl,attr"`
	RdcOrderNbr         string `xml:"rdc_order_nbr,attr"`
	SingleUsePromoCode  string `xml:"single_use_promo_code,attr"`
	SalesRepNumber      string `xml:"sales_rep_number,attr"`
	SalesRepName        string `xml:"sales_rep_name,attr"`
	OrderEmail          string `xml:"order_email,attr"`
	IndEmailAddress     string `xml:"ind_email_address,attr"`
	StoreCode           string `xml:"store_code,attr"`
	DeliveryType        string `xml:"delivery_type,attr"`
	BatchNumber         string `xml:"batch_number,attr"`
	BatchDate           string `xml:"batch_date,attr"`
	BatchBegEndFlag     string `xml:"batch_beg_end_flag,attr"`
	ApproveBatch        string `xml:"approve_batch,attr"`
	BatchOrderCount     string `xml:"batch_order_count,attr"`
	BatchQtyCount       string `xml:"batch_qty_count,attr"`
	BatchPrepaidTotal   string `xml:"batch_prepaid_total,attr"`
	CustomerNumber      string `xml:"customer_number,attr"`
	AlternateSoldToID   string `xml:"alternate_sold_to_id,attr"`
	BillToNumber        string `xml:"bill_to_number,attr"`
	ProspectID          string `xml:"prospect_id,attr"`
	SoldToFname         string `xml:"sold_to_fname,attr"`
	SoldToLname         string `xml:"sold_to_lname,attr"`
	SoldToCompany       string `xml:"sold_to_company,attr"`
	SoldToAddress1      string `xml:"sold_to_address1,attr"`
	SoldToApartment     string `xml:"sold_to_apartment,attr"`
	SoldToCity          string `xml:"sold_to_city,attr"`
	SoldToState         string `xml:"sold_to_state,attr"`
	SoldToZip           string `xml:"sold_to_zip,attr"`
	SoldToCountry       string `xml:"sold_to_country,attr"`
	SoldToEmail         string `xml:"sold_to_email,attr"`
	SoldToDayPhone      string `xml:"sold_to_day_phone,attr"`
	SoldToEvePhone      string `xml:"sold_to_eve_phone,attr"`
	SoldToBusres        string `xml:"sold_to_busres,attr"`
	SoldToAddressUpdate string `xml:"sold_to_address_update,attr"`
	SoldToEmailUpdate   string `xml:"sold_to_email_update,attr"`
	OrceCustomerID      string `xml:"orce_customer_id,attr"`

	Payments []cwoInRawPayments `xml:"Payments"`
	ShipTos  []cwoInRawShipTo   `xml:"ShipTos>ShipTo"`
}

type cwoInRawPayments struct {
	Payment []cwoInRawPayment `xml:"Payment"`
}

type cwoInRawPayment struct {
	PaymentSeqNumber    string `xml:"payment_seq_number,attr"`
	PaymentType         string `xml:"payment_type,attr"`
	CCNumber            string `xml:"cc_number,attr"`
	CCExpMonth          string `xml:"cc_exp_month,attr"`
	CCExpYear           string `xml:"cc_exp_year,attr"`
	AlreadyTokenized    string `xml:"already_tokenized,attr"`
	AuthNumber          string `xml:"auth_number,attr"`
	AuthDate            string `xml:"auth_date,attr"`
	AuthAmount          string `xml:"auth_amount,attr"`
	TransactionID       string `xml:"transaction_id,attr"`
	VendorResponse      string `xml:"vendor_response,attr"`
	CIDResponse         string `xml:"cid_response,attr"`
	AVSResponse         string `xml:"avs_response,attr"`
	SuppressDepositFlag string `xml:"suppress_deposit_flag,attr"`
	SuppressRefundFlag  string `xml:"suppress_refund_flag,attr"`
}

type cwoInRawShipTo struct {
	ShipToType            string         `xml:"ship_to_type,attr"`
	CustomerShipToNumber  string         `xml:"customer_ship_to_number,attr"`
	AlternateShipToID     string         `xml:"alternate_ship_to_id,attr"`
	PermanentShipToNumber string         `xml:"permanent_ship_to_number,attr"`
	ShipToPrefix          string         `xml:"ship_to_prefix,attr"`
	ShipToFname           string         `xml:"ship_to_fname,attr"`
	ShipToLname           string         `xml:"ship_to_lname,attr"`
	ShipToCompany         string         `xml:"ship_to_company,attr"`
	ShipToAddress1        string         `xml:"ship_to_address1,attr"`
	ShipToApartment       string         `xml:"ship_to_apartment,attr"`
	ShipToCity            string         `xml:"ship_to_city,attr"`
	ShipToState           string         `xml:"ship_to_state,attr"`
	ShipToZip             string         `xml:"ship_to_zip,attr"`
	ShipToCountry         string         `xml:"ship_to_country,attr"`
	ShippingMethod        string         `xml:"shipping_method,attr"`
	CalcFrt               string         `xml:"calc_frt,attr"`
	Freight               string         `xml:"freight,attr"`
	ShipComplete          string         `xml:"ship_complete,attr"`
	Items                 []cwoInRawItem `xml:"Items>Item"`
}

type cwoInRawItem struct {
	ItemID            string `xml:"item_id,attr"`
	Quantity          string `xml:"quantity,attr"`
	ActualPrice       string `xml:"actual_price,attr"`
	PrcOvrRsn         string `xml:"prc_ovr_rsn,attr"`
	NoCharge          string `xml:"no_charge,attr"`
	LineSourceCode    string `xml:"line_source_code,attr"`
	TaxOverride       string `xml:"tax_override,attr"`
	TaxAmount         string `xml:"tax_amount,attr"`
	LineWarehouse     string `xml:"line_warehouse,attr"`
	Location          string `xml:"location,attr"`
	ReturnReason      string `xml:"return_reason,attr"`
	ReturnDisposition string `xml:"return_disposition,attr"`
	AliasItem         string `xml:"alias_item,attr"`
	SkuXrefNbr        string `xml:"sku_xref_nbr,attr"`
	LineHyperlink     string `xml:"line_hyperlink,attr"`
}

// ReadCWOrderIn reads one CWORDERIN from r, refusing a body over
// opts.MaxBytes before reading the rest of it, and decodes it as
// DecodeCWOrderIn does. ctx cancels the read.
func ReadCWOrderIn(ctx context.Context, r io.Reader, opts CWOOptions) (*CWOrderIn, error) {
	if err := cwoCheckVersion(CWOrderInType, opts.Version); err != nil {
		return nil, err
	}
	data, err := ReadLimited(cwoCtxReader{ctx: ctx, r: r}, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	return DecodeCWOrderIn(data, opts)
}

// cwoCtxReader stops reading once ctx is done.
type cwoCtxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c cwoCtxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// DecodeCWOrderIn decodes and validates one CWORDERIN message.
//
// Errors (each testable with errors.Is / errors.As):
//   - *VersionError (ErrUnsupportedVersion): opts.Version is not set or unknown;
//   - *SizeError (ErrTooLarge): data is longer than opts.MaxBytes;
//   - *SyntaxError (ErrNotUTF8, ErrMalformed): not UTF-8 / not well-formed XML
//     (digit runs that could be card numbers are masked in its text);
//   - *RootError (ErrWrongRoot): the root element is not Message;
//   - *ValidationError (ErrInvalid): every broken field rule at once; the
//     returned *CWOrderIn is then nil.
//
// An invalid date is not an error (§1.3): the default is used and recorded in
// DateFallbacks. A message over the character limit is not an error (§1.5):
// OverLimit is set and the lines are dropped. Unknown attributes and
// elements are ignored.
func DecodeCWOrderIn(data []byte, opts CWOOptions) (*CWOrderIn, error) {
	if err := cwoCheckVersion(CWOrderInType, opts.Version); err != nil {
		return nil, err
	}
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if int64(len(data)) > limit {
		return nil, &SizeError{Limit: limit}
	}
	var raw cwoInRawMessage
	if err := cwoDecodeDocument(CWOrderInType, data, func(d *xdec) { d.decCwoInRawMessage(&raw) }); err != nil {
		return nil, err
	}
	return cwoFinishIn(&raw, data, opts)
}

// cwoFinishIn converts and validates a CWORDERIN read from data.
func cwoFinishIn(raw *cwoInRawMessage, data []byte, opts CWOOptions) (*CWOrderIn, error) {
	chars := utf8.RuneCount(data)
	over := opts.maxChars() > 0 && chars > opts.maxChars()
	m, errs := cwoConvertIn(raw, opts, over)
	if len(errs) > 0 {
		return nil, &ValidationError{Message: CWOrderInType, Errors: errs}
	}
	m.Chars = chars
	m.OverLimit = over
	return m, nil
}

// cwoDecodeDocument reads data, calling fill to read the root element when
// it is Message (fill captures the raw message, which then stays on the
// stack). The whole document is read before the root is judged, so a
// syntax error anywhere comes before a wrong root. Syntax errors are masked
// with cwoMaskSyntax.
func cwoDecodeDocument(message string, data []byte, fill func(d *xdec)) error {
	d, root, err := open(message, data)
	if err != nil {
		return cwoMaskSyntax(err)
	}
	if root.Local == "Message" {
		fill(d)
	} else {
		d.skip()
	}
	if err := d.finish(message); err != nil {
		return cwoMaskSyntax(err)
	}
	if root.Local != "Message" {
		return &RootError{Want: []string{"Message"}, Got: root.Local}
	}
	return nil
}

// cwoMaskSyntax masks card numbers in a syntax error's text (encoding/xml
// quotes input in some messages, e.g. a broken entity inside a cc_number
// value), so that the Msg field a host reads is masked too.
func cwoMaskSyntax(err error) error {
	var se *SyntaxError
	if errors.As(err, &se) {
		se.Msg = redact.Text(se.Msg)
	}
	return err
}

// cwoConvertIn converts and validates the raw message; over drops the lines.
func cwoConvertIn(raw *cwoInRawMessage, opts CWOOptions, over bool) (*CWOrderIn, []FieldError) {
	c := &cwoConv{opts: opts, normalise: !opts.KeepCase, today: cwoToday(opts.now())}
	m := &CWOrderIn{}
	at := c.at("Message", "Message")
	m.Source = at.text("source", raw.Source, cwoKeep)
	m.Target = at.text("target", raw.Target, cwoKeep)
	m.Type = strings.TrimSpace(raw.Type)
	m.RespQmgr = at.text("resp_qmgr", raw.RespQmgr, cwoKeep)
	m.RespQ = at.text("resp_q", raw.RespQ, cwoKeep)
	if !strings.EqualFold(m.Type, CWOrderInType) {
		at.fail("type", m.Type, RuleFixedValue, "must be "+CWOrderInType)
	}
	switch len(raw.Headers) {
	case 0:
		c.errs = append(c.errs, FieldError{Path: "Message/Header", Rule: RuleRequired, Detail: "one Header element is required"})
	case 1:
		m.Header = c.header(&raw.Headers[0], over)
	default:
		c.errs = append(c.errs, FieldError{Path: "Message/Header", Value: strconv.Itoa(len(raw.Headers)),
			Rule: RuleMaxCount, Detail: "exactly one Header element"})
	}
	m.DateFallbacks = c.fallbacks
	return m, c.errs
}

func (c *cwoConv) header(r *cwoInRawHeader, over bool) CWOHeader {
	a := c.at("Header", "Header")
	h := CWOHeader{
		CompanyCode:        a.num("company_code", r.CompanyCode),
		OrderNumber:        a.text("order_number", r.OrderNumber, cwoUpper),
		OrderDate:          a.dateOrToday("order_date", r.OrderDate),
		OrderChannel:       a.text("order_channel", r.OrderChannel, cwoUpper),
		OrderType:          a.text("order_type", r.OrderType, cwoUpper),
		SourceCode:         a.text("source_code", r.SourceCode, cwoUpper),
		ResponseType:       CWOResponseType(a.code("response_type", r.ResponseType, "D", "E", "A", "N")),
		PaymentOnly:        a.flag("payment_only", r.PaymentOnly),
		PayIncl:            a.flag("pay_incl", r.PayIncl),
		RdcOrderNbr:        a.num("rdc_order_nbr", r.RdcOrderNbr),
		SingleUsePromoCode: a.text("single_use_promo_code", r.SingleUsePromoCode, cwoUpper),
		SalesRepNumber:     a.text("sales_rep_number", r.SalesRepNumber, cwoUpper),
		SalesRepName:       a.text("sales_rep_name", r.SalesRepName, cwoUpper),
		OrderEmail:         a.text("order_email", r.OrderEmail, cwoLower),
		IndEmailAddress:    a.text("ind_email_address", r.IndEmailAddress, cwoLower),
		StoreCode:          a.text("store_code", r.StoreCode, cwoUpper),
		DeliveryType:       a.code("delivery_type", r.DeliveryType, "P", "S"),

		BatchNumber:       a.num("batch_number", r.BatchNumber),
		BatchDate:         a.dateOrToday("batch_date", r.BatchDate),
		BatchBegEndFlag:   a.code("batch_beg_end_flag", r.BatchBegEndFlag, "B", "E"),
		ApproveBatch:      a.flag("approve_batch", r.ApproveBatch),
		BatchOrderCount:   a.num("batch_order_count", r.BatchOrderCount),
		BatchQtyCount:     a.num("batch_qty_count", r.BatchQtyCount),
		BatchPrepaidTotal: a.amount("batch_prepaid_total", r.BatchPrepaidTotal),

		CustomerNumber:      a.num("customer_number", r.CustomerNumber),
		AlternateSoldToID:   a.text("alternate_sold_to_id", r.AlternateSoldToID, cwoUpper),
		BillToNumber:        a.num("bill_to_number", r.BillToNumber),
		ProspectID:          a.text("prospect_id", r.ProspectID, cwoUpper),
		SoldToFname:         a.text("sold_to_fname", r.SoldToFname, cwoUpper),
		SoldToLname:         a.text("sold_to_lname", r.SoldToLname, cwoUpper),
		SoldToCompany:       a.text("sold_to_company", r.SoldToCompany, cwoUpper),
		SoldToAddress1:      a.text("sold_to_address1", r.SoldToAddress1, cwoUpper),
		SoldToApartment:     a.text("sold_to_apartment", r.SoldToApartment, cwoUpper),
		SoldToCity:          a.text("sold_to_city", r.SoldToCity, cwoUpper),
		SoldToState:         a.text("sold_to_state", r.SoldToState, cwoUpper),
		SoldToZip:           a.text("sold_to_zip", r.SoldToZip, cwoUpper),
		SoldToCountry:       a.text("sold_to_country", r.SoldToCountry, cwoUpper),
		SoldToEmail:         a.text("sold_to_email", r.SoldToEmail, cwoLower),
		SoldToDayPhone:      a.text("sold_to_day_phone", r.SoldToDayPhone, cwoUpper),
		SoldToEvePhone:      a.text("sold_to_eve_phone", r.SoldToEvePhone, cwoUpper),
		SoldToBusres:        a.text("sold_to_busres", r.SoldToBusres, cwoUpper),
		SoldToAddressUpdate: a.flag("sold_to_address_update", r.SoldToAddressUpdate),
		SoldToEmailUpdate:   a.flag("sold_to_email_update", r.SoldToEmailUpdate),
		OrceCustomerID:      a.text("orce_customer_id", r.OrceCustomerID, cwoUpper),
	}
	n := 0
	for _, ps := range r.Payments {
		for i := range ps.Payment {
			n++
			h.Payments = append(h.Payments, c.payment(c.in("Header", "Payments/Payment", n, "Payment"), &ps.Payment[i]))
		}
	}
	for i := range r.ShipTos {
		h.ShipTos = append(h.ShipTos, c.shipTo(c.in("Header", "ShipTos/ShipTo", i+1, "ShipTo"), &r.ShipTos[i], over))
	}

	// Message-level rules on the header.
	if h.IsPaymentOnly() {
		// ORD-057: a payment-only message names the order and carries Payments.
		if h.RdcOrderNbr == 0 && strings.TrimSpace(r.RdcOrderNbr) == "" {
			a.required("rdc_order_nbr", "", "required when payment_only is Y")
		}
		if len(h.Payments) == 0 {
			c.errs = append(c.errs, FieldError{Path: "Header/Payments/Payment", Rule: RuleRequired,
				Detail: "a payment-only message carries its payments in the Payments element"})
		}
	} else if h.OrderNumber == "" && strings.TrimSpace(r.OrderNumber) == "" {
		// ORD-010: every order carries an order_number.
		a.required("order_number", "", "every order carries an order_number")
	}
	// ORD-020: required attributes by position in the batch.
	switch h.BatchBegEndFlag {
	case "B":
		if h.BatchNumber == 0 && strings.TrimSpace(r.BatchNumber) == "" {
			a.required("batch_number", "", "required on the first order of a batch")
		}
		if strings.TrimSpace(r.BatchDate) == "" {
			a.required("batch_date", "", "required on the first order of a batch")
		}
		if strings.TrimSpace(r.BatchOrderCount) == "" {
			a.required("batch_order_count", "", "required on the first order of a batch")
		}
		if strings.TrimSpace(r.BatchQtyCount) == "" {
			a.required("batch_qty_count", "", "required on the first order of a batch")
		}
	case "E":
		if h.BatchNumber == 0 && strings.TrimSpace(r.BatchNumber) == "" {
			a.required("batch_number", "", "required on the last order of a batch")
		}
		if strings.TrimSpace(r.ApproveBatch) == "" {
			a.required("approve_batch", "", "required on the last order of a batch")
		}
	}
	return h
}

func (c *cwoConv) payment(a cwoAt, r *cwoInRawPayment) CWOPayment {
	return CWOPayment{
		PaymentSeqNumber:    a.num("payment_seq_number", r.PaymentSeqNumber),
		PaymentType:         a.text("payment_type", r.PaymentType, cwoUpper),
		CCNumber:            CWOCardNumber(a.text("cc_number", r.CCNumber, cwoKeep)),
		CCExpMonth:          a.num("cc_exp_month", r.CCExpMonth),
		CCExpYear:           a.num("cc_exp_year", r.CCExpYear),
		AlreadyTokenized:    a.flag("already_tokenized", r.AlreadyTokenized),
		AuthNumber:          a.text("auth_number", r.AuthNumber, cwoUpper),
		AuthDate:            a.dateOrBlank("auth_date", r.AuthDate),
		AuthAmount:          a.amount("auth_amount", r.AuthAmount),
		TransactionID:       a.text("transaction_id", r.TransactionID, cwoUpper),
		VendorResponse:      a.text("vendor_response", r.VendorResponse, cwoUpper),
		CIDResponse:         a.text("cid_response", r.CIDResponse, cwoUpper),
		AVSResponse:         a.text("avs_response", r.AVSResponse, cwoUpper),
		SuppressDepositFlag: a.flag("suppress_deposit_flag", r.SuppressDepositFlag),
		SuppressRefundFlag:  a.flag("suppress_refund_flag", r.SuppressRefundFlag),
	}
}

func (c *cwoConv) shipTo(a cwoAt, r *cwoInRawShipTo, over bool) CWOShipTo {
	s := CWOShipTo{
		ShipToType:            CWOShipToType(cwoAtoi(a.code("ship_to_type", r.ShipToType, "1", "2", "3"))),
		CustomerShipToNumber:  a.num("customer_ship_to_number", r.CustomerShipToNumber),
		AlternateShipToID:     a.text("alternate_ship_to_id", r.AlternateShipToID, cwoUpper),
		PermanentShipToNumber: a.num("permanent_ship_to_number", r.PermanentShipToNumber),
		ShipToPrefix:          a.text("ship_to_prefix", r.ShipToPrefix, cwoUpper),
		ShipToFname:           a.text("ship_to_fname", r.ShipToFname, cwoUpper),
		ShipToLname:           a.text("ship_to_lname", r.ShipToLname, cwoUpper),
		ShipToCompany:         a.text("ship_to_company", r.ShipToCompany, cwoUpper),
		ShipToAddress1:        a.text("ship_to_address1", r.ShipToAddress1, cwoUpper),
		ShipToApartment:       a.text("ship_to_apartment", r.ShipToApartment, cwoUpper),
		ShipToCity:            a.text("ship_to_city", r.ShipToCity, cwoUpper),
		ShipToState:           a.text("ship_to_state", r.ShipToState, cwoUpper),
		ShipToZip:             a.text("ship_to_zip", r.ShipToZip, cwoUpper),
		ShipToCountry:         a.text("ship_to_country", r.ShipToCountry, cwoUpper),
		ShippingMethod:        a.text("shipping_method", r.ShippingMethod, cwoUpper),
		CalcFrt:               a.flag("calc_frt", r.CalcFrt),
		Freight:               a.amount("freight", r.Freight),
		ShipComplete:          a.flag("ship_complete", r.ShipComplete),
	}
	if over {
		return s // §1.5: an order over the limit has no detail lines
	}
	if len(r.Items) > 0 {
		path := a.path()
		s.Items = make([]CWOItem, 0, len(r.Items))
		for i := range r.Items {
			s.Items = append(s.Items, c.item(c.in(path, "Items/Item", i+1, "Item"), &r.Items[i]))
		}
	}
	return s
}

func (c *cwoConv) item(a cwoAt, r *cwoInRawItem) CWOItem {
	return CWOItem{
		ItemID:            a.text("item_id", r.ItemID, cwoUpper),
		Quantity:          a.signed("quantity", r.Quantity),
		ActualPrice:       a.amount("actual_price", r.ActualPrice),
		PrcOvrRsn:         a.text("prc_ovr_rsn", r.PrcOvrRsn, cwoUpper),
		NoCharge:          a.flag("no_charge", r.NoCharge),
		LineSourceCode:    a.text("line_source_code", r.LineSourceCode, cwoUpper),
		TaxOverride:       a.flag("tax_override", r.TaxOverride),
		TaxAmount:         a.amount("tax_amount", r.TaxAmount),
		LineWarehouse:     a.text("line_warehouse", r.LineWarehouse, cwoUpper),
		Location:          a.text("location", r.Location, cwoUpper),
		ReturnReason:      a.text("return_reason", r.ReturnReason, cwoUpper),
		ReturnDisposition: a.text("return_disposition", r.ReturnDisposition, cwoUpper),
		AliasItem:         a.text("alias_item", r.AliasItem, cwoUpper),
		SkuXrefNbr:        a.text("sku_xref_nbr", r.SkuXrefNbr, cwoUpper),
		LineHyperlink:     a.text("line_hyperlink", r.LineHyperlink, cwoKeep),
	}
}

func cwoAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// Normalize applies the order API's case rules (message-formats.md §1.4) to a
// message built in code; DecodeCWOrderIn applies them already unless
// CWOOptions.KeepCase. Email addresses (sold_to_email, order_email,
// ind_email_address) become lowercase; message text is kept as sent — of the
// attributes this package knows, only line_hyperlink (the elements that carry
// order/line messages, personalization and special-handling text are not
// named in the material, §3.1); the Message envelope values and cc_number
// are kept; every other text value becomes uppercase. Codes and flags are
// already uppercase.
func (m *CWOrderIn) Normalize() {
	h := &m.Header
	for _, p := range []*string{&h.OrderNumber, &h.OrderChannel, &h.OrderType, &h.SourceCode,
		&h.SingleUsePromoCode, &h.SalesRepNumber, &h.SalesRepName, &h.StoreCode, &h.AlternateSoldToID,
		&h.ProspectID, &h.SoldToFname, &h.SoldToLname, &h.SoldToCompany, &h.SoldToAddress1,
		&h.SoldToApartment, &h.SoldToCity, &h.SoldToState, &h.SoldToZip, &h.SoldToCountry,
		&h.SoldToDayPhone, &h.SoldToEvePhone, &h.SoldToBusres, &h.OrceCustomerID} {
		*p = strings.ToUpper(*p)
	}
	for _, p := range []*string{&h.OrderEmail, &h.IndEmailAddress, &h.SoldToEmail} {
		*p = strings.ToLower(*p)
	}
	for i := range h.Payments {
		p := &h.Payments[i]
		for _, s := range []*string{&p.PaymentType, &p.AuthNumber, &p.TransactionID, &p.VendorResponse,
			&p.CIDResponse, &p.AVSResponse} {
			*s = strings.ToUpper(*s)
		}
	}
	for i := range h.ShipTos {
		s := &h.ShipTos[i]
		for _, v := range []*string{&s.AlternateShipToID, &s.ShipToPrefix, &s.ShipToFname, &s.ShipToLname,
			&s.ShipToCompany, &s.ShipToAddress1, &s.ShipToApartment, &s.ShipToCity, &s.ShipToState,
			&s.ShipToZip, &s.ShipToCountry, &s.ShippingMethod} {
			*v = strings.ToUpper(*v)
		}
		for j := range s.Items {
			it := &s.Items[j]
			for _, v := range []*string{&it.ItemID, &it.PrcOvrRsn, &it.LineSourceCode, &it.LineWarehouse,
				&it.Location, &it.ReturnReason, &it.ReturnDisposition, &it.AliasItem, &it.SkuXrefNbr} {
				*v = strings.ToUpper(*v)
			}
		}
	}
}

// EncodeCWOrderIn writes m as a CWORDERIN document (for hosts that send
// orders, and for tests). Blank attributes and zero numbers are omitted,
// amounts follow opts.Version's decimal convention, dates are MMDDYYYY, and
// Source/Target/Type default to IDC/RDC/CWORDERIN. The result is decoded
// again with opts before it is returned, so Encode never emits a message
// DecodeCWOrderIn would refuse: a broken rule gives a *ValidationError.
func EncodeCWOrderIn(m *CWOrderIn, opts CWOOptions) ([]byte, error) {
	if err := cwoCheckVersion(CWOrderInType, opts.Version); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("xmlmsg: encode CWORDERIN: nil message: %w", ErrInvalid)
	}
	v := opts.Version
	w := &cwoWriter{}
	w.b.WriteString(xml.Header)
	w.open("Message")
	w.attr("source", cwoOr(m.Source, "IDC"))
	w.attr("target", cwoOr(m.Target, "RDC"))
	w.attr("type", cwoOr(m.Type, CWOrderInType))
	w.attr("resp_qmgr", m.RespQmgr)
	w.attr("resp_q", m.RespQ)
	w.endOpen()
	h := &m.Header
	w.b.WriteString("  ")
	w.open("Header")
	w.num("company_code", h.CompanyCode)
	w.attr("order_number", h.OrderNumber)
	w.attr("order_date", cwoFormatDate(h.OrderDate))
	w.attr("order_channel", h.OrderChannel)
	w.attr("order_type", h.OrderType)
	w.attr("source_code", h.SourceCode)
	w.attr("response_type", string(h.ResponseType))
	w.attr("payment_only", string(h.PaymentOnly))
	w.attr("pay_incl", string(h.PayIncl))
	w.num("rdc_order_nbr", h.RdcOrderNbr)
	w.attr("single_use_promo_code", h.SingleUsePromoCode)
	w.attr("sales_rep_number", h.SalesRepNumber)
	w.attr("sales_rep_name", h.SalesRepName)
	w.attr("order_email", h.OrderEmail)
	w.attr("ind_email_address", h.IndEmailAddress)
	w.attr("store_code", h.StoreCode)
	w.attr("delivery_type", h.DeliveryType)
	w.num("batch_number", h.BatchNumber)
	w.attr("batch_date", cwoFormatDate(h.BatchDate))
	w.attr("batch_beg_end_flag", h.BatchBegEndFlag)
	w.attr("approve_batch", string(h.ApproveBatch))
	w.num("batch_order_count", h.BatchOrderCount)
	w.num("batch_qty_count", h.BatchQtyCount)
	w.amount("batch_prepaid_total", h.BatchPrepaidTotal, v)
	w.num("customer_number", h.CustomerNumber)
	w.attr("alternate_sold_to_id", h.AlternateSoldToID)
	w.num("bill_to_number", h.BillToNumber)
	w.attr("prospect_id", h.ProspectID)
	w.attr("sold_to_fname", h.SoldToFname)
	w.attr("sold_to_lname", h.SoldToLname)
	w.attr("sold_to_company", h.SoldToCompany)
	w.attr("sold_to_address1", h.SoldToAddress1)
	w.attr("sold_to_apartment", h.SoldToApartment)
	w.attr("sold_to_city", h.SoldToCity)
	w.attr("sold_to_state", h.SoldToState)
	w.attr("sold_to_zip", h.SoldToZip)
	w.attr("sold_to_country", h.SoldToCountry)
	w.attr("sold_to_email", h.SoldToEmail)
	w.attr("sold_to_day_phone", h.SoldToDayPhone)
	w.attr("sold_to_eve_phone", h.SoldToEvePhone)
	w.attr("sold_to_busres", h.SoldToBusres)
	w.attr("sold_to_address_update", string(h.SoldToAddressUpdate))
	w.attr("sold_to_email_update", string(h.SoldToEmailUpdate))
	w.attr("orce_customer_id", h.OrceCustomerID)
	w.endOpen()
	if len(h.Payments) > 0 {
		w.b.WriteString("    <Payments>\n")
		for _, p := range h.Payments {
			w.b.WriteString("      ")
			w.open("Payment")
			w.num("payment_seq_number", p.PaymentSeqNumber)
			w.attr("payment_type", p.PaymentType)
			w.attr("cc_number", p.CCNumber.Digits())
			w.num("cc_exp_month", p.CCExpMonth)
			w.num("cc_exp_year", p.CCExpYear)
			w.attr("already_tokenized", string(p.AlreadyTokenized))
			w.attr("auth_number", p.AuthNumber)
			w.attr("auth_date", cwoFormatDate(p.AuthDate))
			w.amount("auth_amount", p.AuthAmount, v)
			w.attr("transaction_id", p.TransactionID)
			w.attr("vendor_response", p.VendorResponse)
			w.attr("cid_response", p.CIDResponse)
			w.attr("avs_response", p.AVSResponse)
			w.attr("suppress_deposit_flag", string(p.SuppressDepositFlag))
			w.attr("suppress_refund_flag", string(p.SuppressRefundFlag))
			w.endEmpty()
		}
		w.b.WriteString("    </Payments>\n")
	}
	if len(h.ShipTos) > 0 {
		w.b.WriteString("    <ShipTos>\n")
		for _, s := range h.ShipTos {
			w.b.WriteString("      ")
			w.open("ShipTo")
			w.num("ship_to_type", int(s.ShipToType))
			w.num("customer_ship_to_number", s.CustomerShipToNumber)
			w.attr("alternate_ship_to_id", s.AlternateShipToID)
			w.num("permanent_ship_to_number", s.PermanentShipToNumber)
			w.attr("ship_to_prefix", s.ShipToPrefix)
			w.attr("ship_to_fname", s.ShipToFname)
			w.attr("ship_to_lname", s.ShipToLname)
			w.attr("ship_to_company", s.ShipToCompany)
			w.attr("ship_to_address1", s.ShipToAddress1)
			w.attr("ship_to_apartment", s.ShipToApartment)
			w.attr("ship_to_city", s.ShipToCity)
			w.attr("ship_to_state", s.ShipToState)
			w.attr("ship_to_zip", s.ShipToZip)
			w.attr("ship_to_country", s.ShipToCountry)
			w.attr("shipping_method", s.ShippingMethod)
			w.attr("calc_frt", string(s.CalcFrt))
			w.amount("freight", s.Freight, v)
			w.attr("ship_complete", string(s.ShipComplete))
			if len(s.Items) == 0 {
				w.endEmpty()
				continue
			}
			w.endOpen()
			w.b.WriteString("        <Items>\n")
			for _, it := range s.Items {
				w.b.WriteString("          ")
				w.open("Item")
				w.attr("item_id", it.ItemID)
				w.num("quantity", it.Quantity)
				w.amount("actual_price", it.ActualPrice, v)
				w.attr("prc_ovr_rsn", it.PrcOvrRsn)
				w.attr("no_charge", string(it.NoCharge))
				w.attr("line_source_code", it.LineSourceCode)
				w.attr("tax_override", string(it.TaxOverride))
				w.amount("tax_amount", it.TaxAmount, v)
				w.attr("line_warehouse", it.LineWarehouse)
				w.attr("location", it.Location)
				w.attr("return_reason", it.ReturnReason)
				w.attr("return_disposition", it.ReturnDisposition)
				w.attr("alias_item", it.AliasItem)
				w.attr("sku_xref_nbr", it.SkuXrefNbr)
				w.attr("line_hyperlink", it.LineHyperlink)
				w.endEmpty()
			}
			w.b.WriteString("        </Items>\n      </ShipTo>\n")
		}
		w.b.WriteString("    </ShipTos>\n")
	}
	w.b.WriteString("  </Header>\n</Message>\n")
	if w.err != nil {
		return nil, fmt.Errorf("xmlmsg: encode CWORDERIN: %w", w.err)
	}
	out := []byte(w.b.String())
	check := opts
	check.MaxChars = -1
	check.MaxBytes = int64(len(out)) + 1
	check.KeepCase = true
	if _, err := DecodeCWOrderIn(out, check); err != nil {
		return nil, fmt.Errorf("xmlmsg: encode CWORDERIN: %w", err)
	}
	return out, nil
}

func cwoOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
