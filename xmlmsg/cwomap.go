package xmlmsg

// Mapping between the order API wire structs (CWOrderIn, CWOrderOut) and the
// order domain (order.Input, order.Response), and the whole CWORDERIN →
// CWORDEROUT exchange over order.Intake (ProcessCWOrderIn). See cwodoc.go
// for the wire rules and the package documentation of order for the intake.
//
// Spec: message-formats.md §3 (CWORDERIN attributes mapped) and §4
// (CWORDEROUT Header), order-api.md A.1 (ORD-005, ORD-007), A.8 (ORD-055 to
// ORD-058), A.14 (the scenarios the golden tests run).
//
// Imports: the cwomap*.go files are the only part of the order-API half of
// xmlmsg that imports a domain package (order; customer is reached through
// order.CustomerSelector). The wire files (cwo.go, cwoin.go, cwoout.go)
// stay self-contained, as cwodoc.go describes.

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/redact"
)

// CWOrderInInput maps a decoded CWORDERIN to the order intake's input:
// every attribute the order domain uses, amounts already converted by the
// version's decimal convention, the 65,000-character flag (OverLimit, with
// the message length) and the payload for the idempotency hash (the raw
// message bytes, so the same bytes sent again are a replay; nil hashes the
// mapped order instead).
//
// Choices (cworderin-attributes.md, message-formats.md §3, order-api.md):
//   - lines are numbered 1, 2, … in message order over all ship-tos
//     (CWORDERIN has no line number attribute), so Line.Seq never repeats;
//   - a Payment has no amount attribute: each payment pays the balance
//     (Amount zero), and the order carries no currency (the message names
//     none), so the domain's payment-total and currency rules do not fire for
//     XML orders;
//   - pay_incl blank with payments present counts as Y (ORD-058);
//   - calc_frt N switches freight calculation off; blank means on;
//   - invalid dates were already replaced by the decoder (§1.3) and stay
//     listed in m.DateFallbacks; order_date blank stays zero and the intake
//     uses its clock;
//   - store_code, delivery_type, prc_ovr_rsn, tax_override, line_hyperlink,
//     sold_to_busres, orce_customer_id, alternate_ship_to_id and the
//     Message envelope have no field in the order domain and are not mapped.
func CWOrderInInput(m *CWOrderIn, payload []byte) order.Input {
	if m == nil {
		return order.Input{Payload: payload}
	}
	h := &m.Header
	o := order.Order{
		CompanyCode:        itoaNZ(h.CompanyCode),
		OrderNumber:        h.OrderNumber,
		OrderDate:          h.OrderDate,
		OrderChannel:       h.OrderChannel,
		OrderType:          h.OrderType,
		SourceCode:         h.SourceCode,
		ResponseType:       order.ResponseType(h.ResponseType),
		PaymentOnly:        h.PaymentOnly.IsYes(),
		PayIncluded:        h.PayIncl.IsYes() || (h.PayIncl == CWOFlagUnset && len(h.Payments) > 0),
		RDCOrderNbr:        itoaNZ(h.RdcOrderNbr),
		SalesRepNumber:     h.SalesRepNumber,
		SalesRepName:       h.SalesRepName,
		OrderEmail:         h.OrderEmail,
		IndividualEmail:    h.IndEmailAddress,
		SingleUsePromoCode: h.SingleUsePromoCode,
		SoldTo: order.SoldTo{
			CustomerNumber: itoaNZ(h.CustomerNumber),
			AlternateID:    h.AlternateSoldToID,
			ProspectID:     h.ProspectID,
			FirstName:      h.SoldToFname,
			LastName:       h.SoldToLname,
			Company:        h.SoldToCompany,
			Address1:       h.SoldToAddress1,
			Apartment:      h.SoldToApartment,
			City:           h.SoldToCity,
			State:          h.SoldToState,
			Zip:            h.SoldToZip,
			Country:        h.SoldToCountry,
			Email:          h.SoldToEmail,
			DayPhone:       h.SoldToDayPhone,
			EvePhone:       h.SoldToEvePhone,
			AddressUpdate:  h.SoldToAddressUpdate.IsYes(),
			EmailUpdate:    h.SoldToEmailUpdate.IsYes(),
		},
		BillToNumber:  itoaNZ(h.BillToNumber),
		MessageLength: m.Chars,
		OverLimit:     m.OverLimit,
	}
	if h.IsBatched() || h.BatchBegEndFlag != "" {
		o.Batch = &order.BatchInfo{
			Number:       itoaNZ(h.BatchNumber),
			Date:         h.BatchDate,
			Flag:         order.BatchFlag(h.BatchBegEndFlag),
			Approve:      h.ApproveBatch.IsYes(),
			ApproveSet:   h.ApproveBatch != CWOFlagUnset,
			OrderCount:   h.BatchOrderCount,
			QtyCount:     h.BatchQtyCount,
			CountsSet:    h.BatchBegEndFlag == "B" || h.BatchOrderCount != 0 || h.BatchQtyCount != 0,
			PrepaidTotal: orZero(h.BatchPrepaidTotal),
		}
	}
	if len(h.Payments) > 0 {
		o.Payments = make([]order.Payment, len(h.Payments))
		for i, p := range h.Payments {
			o.Payments[i] = order.Payment{
				Seq:                 p.PaymentSeqNumber,
				PayType:             p.PaymentType,
				CardNumber:          p.CCNumber.Digits(),
				ExpMonth:            p.CCExpMonth,
				ExpYear:             p.CCExpYear,
				AlreadyTokenized:    p.AlreadyTokenized.IsYes(),
				AuthNumber:          p.AuthNumber,
				AuthDate:            p.AuthDate,
				AuthAmount:          p.AuthAmount,
				TransactionID:       p.TransactionID,
				VendorResponse:      p.VendorResponse,
				CIDResponse:         p.CIDResponse,
				AVSResponse:         p.AVSResponse,
				SuppressDepositFlag: p.SuppressDepositFlag.IsYes(),
				SuppressRefundFlag:  p.SuppressRefundFlag.IsYes(),
			}
		}
	}
	seq := 0
	if len(h.ShipTos) > 0 {
		o.ShipTos = make([]order.ShipTo, len(h.ShipTos))
	}
	for i, s := range h.ShipTos {
		st := order.ShipTo{
			Type:                  itoaNZ(int(s.ShipToType)),
			CustomerShipToNumber:  itoaNZ(s.CustomerShipToNumber),
			PermanentShipToNumber: itoaNZ(s.PermanentShipToNumber),
			FirstName:             s.ShipToFname,
			LastName:              s.ShipToLname,
			Company:               s.ShipToCompany,
			Address1:              s.ShipToAddress1,
			City:                  s.ShipToCity,
			State:                 s.ShipToState,
			Zip:                   s.ShipToZip,
			Country:               s.ShipToCountry,
			ShipVia:               s.ShippingMethod,
			CalcFreight:           s.CalcFrt != CWONo,
			Freight:               orZero(s.Freight),
			ShipComplete:          s.ShipComplete.IsYes(),
		}
		if len(s.Items) > 0 {
			st.Lines = make([]order.Line, len(s.Items))
		}
		for j, it := range s.Items {
			seq++
			st.Lines[j] = order.Line{
				Seq:               seq,
				ItemID:            it.ItemID,
				AliasItem:         it.AliasItem,
				SKUXref:           it.SkuXrefNbr,
				Quantity:          it.Quantity,
				Price:             orZero(it.ActualPrice),
				NoCharge:          it.NoCharge.IsYes(),
				SourceCode:        it.LineSourceCode,
				Tax:               orZero(it.TaxAmount),
				Warehouse:         it.LineWarehouse,
				Location:          it.Location,
				ReturnReason:      it.ReturnReason,
				ReturnDisposition: it.ReturnDisposition,
			}
		}
		o.ShipTos[i] = st
	}
	return order.Input{Order: o, Payload: payload}
}

// CWOrderOutFromResponse maps the intake's response to the CWORDEROUT the
// message asked for. A nil response (response_type N) gives Kind N.
//
// The Header attributes follow the vendor tables (message-formats.md §4.3,
// §4.4): order_id is the numeric order number (order.Order.Number, so the
// intake needs Deps.OrderNumbers; a uuid order id is an error naming the
// field), customer_number and bill_to_number are numeric. The rest of the
// detailed response is not in the vendor material (n/f), so these are
// omskit's pass-through attributes (CWOOutHeader.Other and friends):
//   - Header (D, E): order_status (O, H, E, P), totals_final (Y when the
//     totals come from a completed interactive edit, I56 = Y; N when they
//     are preliminary, ORD-007), merchandise_total, freight_total,
//     tax_total, order_total (amounts in the version's decimal convention);
//   - ShipTo: shipping_method;
//   - Detail: line_seq_number, item_id, sku, quantity, actual_price
//     (omitted for the J72 pre-billed amount line, ORD-090), line_status,
//     future_order (Y, ORD-089);
//   - Errors/Error (E only): error_type HDR (header), DTLS (detail), PAY
//     (payment) or MSG, and error_text naming the reason, the element,
//     attribute, value and spec rule; the value is shown by redact.Value
//     (cut to a short prefix), cc_number values are masked to their last
//     four digits, and so is every run of 13 or more digits in the text
//     (redact.Text).
//
// Payments and promotions are not written: CWOrderOut has no element for
// them.
func CWOrderOutFromResponse(r *order.Response, v CWOVersion) (*CWOrderOut, error) {
	if err := cwoCheckVersion(CWOrderOutType, v); err != nil {
		return nil, err
	}
	if r == nil || r.Type == order.ResponseNone {
		return &CWOrderOut{Kind: CWOResponseNone}, nil
	}
	var errs []FieldError
	num := func(attr, val string, max int) int {
		if val == "" {
			return 0
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 || !cwoAllDigits(val) || len(strings.TrimLeft(val, "0")) > max {
			errs = append(errs, FieldError{Path: "Header/@" + attr, Value: val, Rule: RuleNumeric,
				Detail: fmt.Sprintf("numeric, at most %d digits", max)})
			return 0
		}
		return n
	}
	out := &CWOrderOut{Kind: CWOResponseType(r.Type), Header: CWOOutHeader{
		CompanyCode:          num("company_code", r.CompanyCode, 3),
		OrderID:              num("order_id", r.OrderID, 8),
		ReferenceOrderNumber: r.ReferenceOrderNumber,
		CustomerNumber:       num("customer_number", r.CustomerNumber, 9),
		AlternateSoldToID:    r.AlternateSoldToID,
		BillToNumber:         num("bill_to_number", r.BillToNumber, 7),
		OrderDate:            r.OrderDate,
		OrderChannel:         r.OrderChannel,
	}}
	if len(errs) > 0 {
		return nil, &ValidationError{Message: CWOrderOutType, Errors: errs}
	}
	if r.Type == order.ResponseAcknowledgement {
		return out, nil
	}
	h := &out.Header
	var ferr error
	amt := func(d decimal.Decimal) string {
		s, err := FormatCWOAmount(d, v)
		if err != nil && ferr == nil {
			ferr = err
		}
		return s
	}
	h.Other = append(h.Other, cwoAttr("order_status", string(r.Status)), cwoAttr("totals_final", yn(r.TotalsFinal)))
	if t := r.Totals; t != nil {
		h.Other = append(h.Other, cwoAttr("merchandise_total", amt(t.Merchandise)), cwoAttr("freight_total", amt(t.Freight)),
			cwoAttr("tax_total", amt(t.Tax)), cwoAttr("order_total", amt(t.Order)))
	}
	for _, s := range r.ShipTos {
		st := CWOOutShipTo{}
		if s.ShipVia != "" {
			st.Other = []xml.Attr{cwoAttr("shipping_method", s.ShipVia)}
		}
		for _, l := range s.Lines {
			d := CWOOutDetail{Other: []xml.Attr{cwoAttr("line_seq_number", strconv.Itoa(l.Seq)), cwoAttr("item_id", l.Item)}}
			if l.SKU != "" {
				d.Other = append(d.Other, cwoAttr("sku", l.SKU))
			}
			d.Other = append(d.Other, cwoAttr("quantity", strconv.Itoa(l.Quantity)))
			if l.Price.Valid {
				d.Other = append(d.Other, cwoAttr("actual_price", amt(l.Price.Decimal)))
			}
			if l.Status != "" {
				d.Other = append(d.Other, cwoAttr("line_status", l.Status))
			}
			if l.Future {
				d.Other = append(d.Other, cwoAttr("future_order", "Y"))
			}
			st.Details = append(st.Details, d)
		}
		h.ShipTos = append(h.ShipTos, st)
	}
	if ferr != nil {
		return nil, fmt.Errorf("xmlmsg: CWORDEROUT for order %s: %w", r.ReferenceOrderNumber, ferr)
	}
	if r.Type == order.ResponseDetailedWithErrors {
		for _, e := range r.Errors {
			h.Errors = append(h.Errors, CWOOutError{Type: cwoErrorType(e.Level), Text: cwoErrorText(e)})
		}
	}
	return out, nil
}

// cwoErrorType is the error_type of an E response error: the groups named in
// O211-OB (HDR, DTLS) plus PAY and MSG (omskit's).
func cwoErrorType(l order.Level) string {
	switch l {
	case order.LevelHeader:
		return "HDR"
	case order.LevelDetail:
		return "DTLS"
	case order.LevelPayment:
		return "PAY"
	}
	return "MSG"
}

// cwoErrorText is "reason (path@attribute "value", rule)" with card numbers
// masked and the value cut to a short prefix.
func cwoErrorText(e order.ResponseError) string {
	val := e.Value
	if e.Attribute == "cc_number" {
		val = redact.Card(val)
	}
	val = redact.Value(val)
	var b strings.Builder
	b.WriteString(e.Reason)
	b.WriteString(" (")
	b.WriteString(e.Path)
	if e.Attribute != "" {
		b.WriteString("@")
		b.WriteString(e.Attribute)
	}
	if val != "" {
		b.WriteString(" ")
		b.WriteString(strconv.Quote(val))
	}
	if e.Rule != "" {
		b.WriteString(", ")
		b.WriteString(e.Rule)
	}
	b.WriteString(")")
	return redact.Text(b.String())
}

func cwoAttr(name, value string) xml.Attr { return xml.Attr{Name: xml.Name{Local: name}, Value: value} }

func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

func itoaNZ(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func orZero(d decimal.NullDecimal) decimal.Decimal {
	if d.Valid {
		return d.Decimal
	}
	return decimal.Zero
}

// CWOExchange is the outcome of ProcessCWOrderIn.
type CWOExchange struct {
	// Message is the decoded CWORDERIN; nil when decoding failed.
	Message *CWOrderIn
	// Result is the intake's result (steps run, errors, order, replay).
	Result order.Result
	// Reply is the CWORDEROUT to send; Reply.Sent() is false for response
	// type N and when the message was refused.
	Reply CWOReply
	// Invalid is the "Invalid XML Message:" reply (message-formats.md §1.5,
	// cards masked) when the message was refused: it did not decode, or
	// the intake rejected it as a whole (order.ErrRejected). Nothing was
	// written then.
	Invalid []byte
}

// ProcessCWOrderIn runs one CWORDERIN message end to end: decode (opts),
// map (CWOrderInInput, the bytes as idempotency payload), order.Intake with
// deps, and the response the message asked for mapped
// (CWOrderOutFromResponse) and encoded (EncodeCWOrderOut). The same bytes
// sent again return the original CWORDEROUT and write nothing; a different
// message with the same order_number returns an error wrapping
// order.ErrDuplicateOrder (the intake's guarantee).
//
// deps.OrderNumbers is required (order_id and rdc_order_nbr are numeric);
// without it nothing is decoded or written and the error wraps
// order.ErrMissingValue.
//
// Errors: the decoder's typed errors (*ValidationError, *SyntaxError, …),
// with Invalid set (see CWOInvalidXMLMessage: cards masked wherever they
// stand, values cut); the intake's errors (order.ErrRejected with Invalid set,
// order.ErrDuplicateOrder, dependency failures); and a *ValidationError from
// mapping or encoding the response (a value the CWORDEROUT rules refuse,
// e.g. an amount with more than two decimals under implied decimals) — the
// order is committed then, and a retry of the same bytes replays it.
//
// The text of every error is masked (redact.Error): no card number, wherever
// it stood in the message, reaches a log through it.
func ProcessCWOrderIn(ctx context.Context, deps order.Deps, data []byte, opts CWOOptions) (CWOExchange, error) {
	x, err := processCWOrderIn(ctx, deps, data, opts)
	return x, redact.Error(err)
}

func processCWOrderIn(ctx context.Context, deps order.Deps, data []byte, opts CWOOptions) (CWOExchange, error) {
	var x CWOExchange
	if deps.OrderNumbers == nil {
		return x, fmt.Errorf("xmlmsg: CWORDERIN intake: deps.OrderNumbers is required, because CWORDEROUT order_id and rdc_order_nbr are numeric order numbers: %w", order.ErrMissingValue)
	}
	m, err := DecodeCWOrderIn(data, opts)
	if errors.Is(err, ErrUnsupportedVersion) {
		return x, err // the host's set-up, not the message, is wrong
	}
	if err != nil {
		x.Invalid = CWOInvalidXMLMessage(data, err)
		return x, err
	}
	x.Message = m
	res, err := order.Intake(ctx, deps, CWOrderInInput(m, data))
	x.Result = res
	if err != nil {
		if errors.Is(err, order.ErrRejected) {
			x.Invalid = CWOInvalidXMLMessage(data, err)
		}
		return x, err
	}
	out, err := CWOrderOutFromResponse(res.Response, opts.Version)
	if err != nil {
		return x, fmt.Errorf("xmlmsg: order %s: response: %w", res.Order.OrderNumber, err)
	}
	x.Reply, err = EncodeCWOrderOut(out, opts)
	if err != nil {
		return x, fmt.Errorf("xmlmsg: order %s: response: %w", res.Order.OrderNumber, err)
	}
	return x, nil
}
