package xmlmsg

// CWORDEROUT, the order API's responses to CWORDERIN: Order Acknowledgement
// (response_type A), Detailed Order Response (D) and Detailed Order Response
// with errors (E); N sends nothing (message-formats.md §1.6, §1.7, §4;
// cworderin-attributes.md §3–§4).

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
)

// CWOrderOutType is the `type` of every order-API response.
const CWOrderOutType = "CWORDEROUT"

// CWOrderOut is one CWORDEROUT response.
//
// What is written depends on Kind: A writes the Message and the Header
// attributes; D adds the ShipTos/ShipTo/Details/Detail tree; E adds the
// Errors/Error list as well (D leaves the errors out by definition, so one
// value can be built and sent either way); N writes nothing.
//
// The vendor tables stop after the first Header attributes
// (cworderin-attributes.md §3.2, §4.2), so the tree below Header is this
// package's design: the element names ShipTo and Detail and their attributes
// are from vendor prose (message-formats.md §4.5), the wrappers ShipTos and
// Details mirror CWORDERIN, and the error element (Errors/Error with
// error_type and error_text) is an assumption, since the vendor material does
// not name it. Each element keeps attributes this package does not know in
// Other, for pass-through in both directions.
type CWOrderOut struct {
	Kind   CWOResponseType // A, D, E or N; on decode inferred (see DecodeCWOrderOut)
	Source string          // RDC when blank
	Target string          // IDC when blank
	Type   string          // CWORDEROUT when blank
	Header CWOOutHeader
}

// CWOOutHeader is the CWORDEROUT Header (S5024-ACK / S5024-DET; offer_id
// from CWDirect 18.0.13). Zero numbers, zero dates and blank strings are
// not written (§1.6).
type CWOOutHeader struct {
	CompanyCode          int       // company_code, numeric 3
	OrderID              int       // order_id, numeric 8: the OMS order number
	OfferID              string    // offer_id, 3 (CWDirect 18.0 only)
	ReferenceOrderNumber string    // reference_order_number, 30: the inbound order_number
	CustomerNumber       int       // customer_number, numeric 9
	AlternateSoldToID    string    // alternate_sold_to_id, 15
	BillToNumber         int       // bill_to_number, numeric 7
	OrderDate            time.Time // order_date, MMDDYYYY
	OrderChannel         string    // order_channel, 2
	BillMeLaterInd       string    // bill_me_later_ind, 1
	OrceCustomerID       string    // orce_customer_id (CWOrderOut 11.0, when L37 = INTERACT)
	Other                []xml.Attr

	Errors  []CWOOutError  // E only
	ShipTos []CWOOutShipTo // D and E
}

// CWOOutError is one error listed in an E response. Element and attribute
// names are this package's assumption (n/f in the material).
type CWOOutError struct {
	Type string // error_type, e.g. HDR or DTLS (the groups named in O211-OB)
	Text string // error_text, e.g. "Invalid Store Code"
}

// CWOOutShipTo is one ShipTo of a detailed response.
type CWOOutShipTo struct {
	DeliveryType string // delivery_type, e.g. "Store Pickup"
	Other        []xml.Attr
	Details      []CWOOutDetail
}

// CWOOutDetail is one order line (Detail) of a detailed response.
type CWOOutDetail struct {
	ItemDescription      string  // item_description
	PickupType           string  // pickup_type, e.g. SP
	PickupSystemLocation string  // pickup_system_location
	PickupLocation       string  // pickup_location
	BrokerStatus         string  // broker_status, e.g. "Acknowledged"
	LineLocateEligible   CWOFlag // line_locate_eligible
	Other                []xml.Attr
}

// CWOReply is the outcome of EncodeCWOrderOut: Body is nil, and Sent false,
// for response type N.
type CWOReply struct {
	Kind CWOResponseType
	Body []byte
}

// Sent reports whether there is a message to send.
func (r CWOReply) Sent() bool { return r.Body != nil }

// cwoOut raw structs for decoding.
type cwoOutRawMessage struct {
	Source  string            `xml:"source,attr"`
	Target  string            `xml:"target,attr"`
	Type    string            `xml:"type,attr"`
	Headers []cwoOutRawHeader `xml:"Header"`
}

type cwoOutRawHeader struct {
	CompanyCode          string            `xml:"company_code,attr"`
	OrderID              string            `xml:"order_id,attr"`
	OfferID              string            `xml:"offer_id,attr"`
	ReferenceOrderNumber string            `xml:"reference_order_number,attr"`
	CustomerNumber       string            `xml:"customer_number,attr"`
	AlternateSoldToID    string            `xml:"alternate_sold_to_id,attr"`
	BillToNumber         string            `xml:"bill_to_number,attr"`
	OrderDate            string            `xml:"order_date,attr"`
	OrderChannel         string            `xml:"order_channel,attr"`
	BillMeLaterInd       string            `xml:"bill_me_later_ind,attr"`
	OrceCustomerID       string            `xml:"orce_customer_id,attr"`
	Other                []xml.Attr        `xml:",any,attr"`
	Errors               []cwoOutRawError  `xml:"Errors>Error"`
	ShipTos              []cwoOutRawShipTo `xml:"ShipTos>ShipTo"`
}

type cwoOutRawError struct {
	Type string `xml:"error_type,attr"`
	Text string `xml:"error_text,attr"`
}

type cwoOutRawShipTo struct {
	DeliveryType string            `xml:"delivery_type,attr"`
	Other        []xml.Attr        `xml:",any,attr"`
	Details      []cwoOutRawDetail `xml:"Details>Detail"`
}

type cwoOutRawDetail struct {
	ItemDescription      string     `xml:"item_description,attr"`
	PickupType           string     `xml:"pickup_type,attr"`
	PickupSystemLocation string     `xml:"pickup_system_location,attr"`
	PickupLocation       string     `xml:"pickup_location,attr"`
	BrokerStatus         string     `xml:"broker_status,attr"`
	LineLocateEligible   string     `xml:"line_locate_eligible,attr"`
	Other                []xml.Attr `xml:",any,attr"`
}

// ReadCWOrderOut reads one CWORDEROUT from r (refusing a body over
// opts.MaxBytes before reading the rest) and decodes it as DecodeCWOrderOut.
func ReadCWOrderOut(ctx context.Context, r io.Reader, opts CWOOptions) (*CWOrderOut, error) {
	if err := cwoCheckVersion(CWOrderOutType, opts.Version); err != nil {
		return nil, err
	}
	data, err := ReadLimited(cwoCtxReader{ctx: ctx, r: r}, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	return DecodeCWOrderOut(data, opts)
}

// DecodeCWOrderOut decodes and validates a CWORDEROUT (for hosts that send
// CWORDERIN and read the reply). A missing attribute is blank (§1.6);
// numeric attributes must be digits within their positions and order_date
// an existing MMDDYYYY date (strict: the §1.3 fallback is an inbound rule).
// The response does not say which kind it is, so Kind is inferred: E when it
// lists errors, D when it has ship-tos, A otherwise (a D without lines reads
// as A). Errors are typed as for DecodeCWOrderIn.
func DecodeCWOrderOut(data []byte, opts CWOOptions) (*CWOrderOut, error) {
	if err := cwoCheckVersion(CWOrderOutType, opts.Version); err != nil {
		return nil, err
	}
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if int64(len(data)) > limit {
		return nil, &SizeError{Limit: limit}
	}
	var raw cwoOutRawMessage
	if err := cwoDecodeDocument(CWOrderOutType, data, func(d *xdec) { d.decCwoOutRawMessage(&raw) }); err != nil {
		return nil, err
	}
	return cwoFinishOut(&raw, opts)
}

// cwoFinishOut converts and validates a CWORDEROUT.
func cwoFinishOut(raw *cwoOutRawMessage, opts CWOOptions) (*CWOrderOut, error) {
	c := &cwoConv{opts: opts}
	o := &CWOrderOut{Source: strings.TrimSpace(raw.Source), Target: strings.TrimSpace(raw.Target),
		Type: strings.TrimSpace(raw.Type)}
	if !strings.EqualFold(o.Type, CWOrderOutType) {
		c.at("Message", "Message").fail("type", o.Type, RuleFixedValue, "must be "+CWOrderOutType)
	}
	switch len(raw.Headers) {
	case 0:
		c.errs = append(c.errs, FieldError{Path: "Message/Header", Rule: RuleRequired, Detail: "one Header element is required"})
	case 1:
		o.Header = c.outHeader(&raw.Headers[0])
	default:
		c.errs = append(c.errs, FieldError{Path: "Message/Header", Value: fmt.Sprint(len(raw.Headers)),
			Rule: RuleMaxCount, Detail: "exactly one Header element"})
	}
	if len(c.errs) > 0 {
		return nil, &ValidationError{Message: CWOrderOutType, Errors: c.errs}
	}
	switch {
	case len(o.Header.Errors) > 0:
		o.Kind = CWOResponseDetailErrors
	case len(o.Header.ShipTos) > 0:
		o.Kind = CWOResponseDetail
	default:
		o.Kind = CWOResponseAck
	}
	return o, nil
}

func (c *cwoConv) outHeader(r *cwoOutRawHeader) CWOOutHeader {
	a := c.at("Header", "OutHeader")
	h := CWOOutHeader{
		CompanyCode:          a.num("company_code", r.CompanyCode),
		OrderID:              a.num("order_id", r.OrderID),
		OfferID:              a.text("offer_id", r.OfferID, cwoKeep),
		ReferenceOrderNumber: a.text("reference_order_number", r.ReferenceOrderNumber, cwoKeep),
		CustomerNumber:       a.num("customer_number", r.CustomerNumber),
		AlternateSoldToID:    a.text("alternate_sold_to_id", r.AlternateSoldToID, cwoKeep),
		BillToNumber:         a.num("bill_to_number", r.BillToNumber),
		OrderDate:            a.dateStrict("order_date", r.OrderDate),
		OrderChannel:         a.text("order_channel", r.OrderChannel, cwoKeep),
		BillMeLaterInd:       a.text("bill_me_later_ind", r.BillMeLaterInd, cwoKeep),
		OrceCustomerID:       a.text("orce_customer_id", r.OrceCustomerID, cwoKeep),
		Other:                cwoCleanAttrs(r.Other),
	}
	for _, e := range r.Errors {
		h.Errors = append(h.Errors, CWOOutError{Type: strings.TrimSpace(e.Type), Text: strings.TrimSpace(e.Text)})
	}
	for i, s := range r.ShipTos {
		st := CWOOutShipTo{DeliveryType: strings.TrimSpace(s.DeliveryType), Other: cwoCleanAttrs(s.Other)}
		var stPath string
		if len(s.Details) > 0 {
			stPath = c.in("Header", "ShipTos/ShipTo", i+1, "ShipTo").path()
		}
		for j, d := range s.Details {
			da := c.in(stPath, "Details/Detail", j+1, "Detail")
			st.Details = append(st.Details, CWOOutDetail{
				ItemDescription:      strings.TrimSpace(d.ItemDescription),
				PickupType:           strings.TrimSpace(d.PickupType),
				PickupSystemLocation: strings.TrimSpace(d.PickupSystemLocation),
				PickupLocation:       strings.TrimSpace(d.PickupLocation),
				BrokerStatus:         strings.TrimSpace(d.BrokerStatus),
				LineLocateEligible:   da.flag("line_locate_eligible", d.LineLocateEligible),
				Other:                cwoCleanAttrs(d.Other),
			})
		}
		h.ShipTos = append(h.ShipTos, st)
	}
	return h
}

// cwoCleanAttrs keeps pass-through attributes without namespace
// declarations, values trimmed and blank ones dropped (§1.6).
func cwoCleanAttrs(in []xml.Attr) []xml.Attr {
	var out []xml.Attr
	for _, a := range in {
		if a.Name.Space != "" || !cwoIsName(a.Name.Local) {
			continue // namespace declarations, prefixed and reserved names
		}
		v := strings.TrimSpace(a.Value)
		if v == "" {
			continue
		}
		out = append(out, xml.Attr{Name: xml.Name{Local: a.Name.Local}, Value: v})
	}
	return out
}

// EncodeCWOrderOut writes o as the response o.Kind asks for (see CWOrderOut).
// N gives a CWOReply with no body. Blank attributes are omitted (§1.6),
// special characters written as entities (§1.5). Values are checked with the
// CWORDEROUT rules (positions, digits; offer_id only under CWDirect 18.0): a
// broken rule gives a *ValidationError listing all of them.
func EncodeCWOrderOut(o *CWOrderOut, opts CWOOptions) (CWOReply, error) {
	if err := cwoCheckVersion(CWOrderOutType, opts.Version); err != nil {
		return CWOReply{}, err
	}
	if o == nil {
		return CWOReply{}, fmt.Errorf("xmlmsg: encode CWORDEROUT: nil response: %w", ErrInvalid)
	}
	switch o.Kind {
	case CWOResponseNone:
		return CWOReply{Kind: CWOResponseNone}, nil
	case CWOResponseAck, CWOResponseDetail, CWOResponseDetailErrors:
	default:
		return CWOReply{}, &ValidationError{Message: CWOrderOutType, Errors: []FieldError{{
			Path: "Kind", Value: string(o.Kind), Rule: RuleAllowedValues, Detail: "one of A, D, E, N"}}}
	}
	h := &o.Header
	var pre []FieldError
	if h.OfferID != "" && opts.Version != CWOVersionCWDirect18 {
		pre = append(pre, FieldError{Path: "Header/@offer_id", Value: h.OfferID, Rule: RuleAllowedValues,
			Detail: "offer_id exists only in the CWDirect 18.0 detailed response"})
	}
	w := &cwoWriter{}
	w.b.WriteString(xml.Header)
	w.open("Message")
	w.attr("source", cwoOr(o.Source, "RDC"))
	w.attr("target", cwoOr(o.Target, "IDC"))
	w.attr("type", cwoOr(o.Type, CWOrderOutType))
	w.endOpen()
	w.b.WriteString("  ")
	w.open("Header")
	w.num("company_code", h.CompanyCode)
	w.num("order_id", h.OrderID)
	w.attr("offer_id", h.OfferID)
	w.attr("reference_order_number", h.ReferenceOrderNumber)
	w.num("customer_number", h.CustomerNumber)
	w.attr("alternate_sold_to_id", h.AlternateSoldToID)
	w.num("bill_to_number", h.BillToNumber)
	w.attr("order_date", cwoFormatDate(h.OrderDate))
	w.attr("order_channel", h.OrderChannel)
	w.attr("bill_me_later_ind", h.BillMeLaterInd)
	w.attr("orce_customer_id", h.OrceCustomerID)
	pre = append(pre, cwoOtherAttrs(w, "Header", h.Other, cwoOutHeaderNames)...)
	errs := o.Kind == CWOResponseDetailErrors && len(h.Errors) > 0
	lines := o.Kind != CWOResponseAck && len(h.ShipTos) > 0
	if !errs && !lines {
		w.endEmpty()
	} else {
		w.endOpen()
		if errs {
			w.b.WriteString("    <Errors>\n")
			for _, e := range h.Errors {
				w.b.WriteString("      ")
				w.open("Error")
				w.attr("error_type", e.Type)
				w.attr("error_text", e.Text)
				w.endEmpty()
			}
			w.b.WriteString("    </Errors>\n")
		}
		if lines {
			w.b.WriteString("    <ShipTos>\n")
			for i, s := range h.ShipTos {
				w.b.WriteString("      ")
				w.open("ShipTo")
				w.attr("delivery_type", s.DeliveryType)
				pre = append(pre, cwoOtherAttrs(w, fmt.Sprintf("Header/ShipTos/ShipTo[%d]", i+1), s.Other, cwoOutShipToNames)...)
				if len(s.Details) == 0 {
					w.endEmpty()
					continue
				}
				w.endOpen()
				w.b.WriteString("        <Details>\n")
				for j, d := range s.Details {
					w.b.WriteString("          ")
					w.open("Detail")
					w.attr("item_description", d.ItemDescription)
					w.attr("pickup_type", d.PickupType)
					w.attr("pickup_system_location", d.PickupSystemLocation)
					w.attr("pickup_location", d.PickupLocation)
					w.attr("broker_status", d.BrokerStatus)
					w.attr("line_locate_eligible", string(d.LineLocateEligible))
					pre = append(pre, cwoOtherAttrs(w, fmt.Sprintf("Header/ShipTos/ShipTo[%d]/Details/Detail[%d]", i+1, j+1),
						d.Other, cwoOutDetailNames)...)
					w.endEmpty()
				}
				w.b.WriteString("        </Details>\n      </ShipTo>\n")
			}
			w.b.WriteString("    </ShipTos>\n")
		}
		w.b.WriteString("  </Header>\n")
	}
	w.b.WriteString("</Message>\n")
	out := []byte(w.b.String())
	check := opts
	check.MaxBytes = int64(len(out)) + 1
	_, err := DecodeCWOrderOut(out, check)
	var ve *ValidationError
	if errors.As(err, &ve) {
		pre = append(pre, ve.Errors...)
	} else if err != nil {
		return CWOReply{}, fmt.Errorf("xmlmsg: encode CWORDEROUT: %w", err)
	}
	if len(pre) > 0 {
		return CWOReply{}, &ValidationError{Message: CWOrderOutType, Errors: pre}
	}
	return CWOReply{Kind: o.Kind, Body: out}, nil
}

var (
	cwoOutHeaderNames = []string{"company_code", "order_id", "offer_id", "reference_order_number", "customer_number",
		"alternate_sold_to_id", "bill_to_number", "order_date", "order_channel", "bill_me_later_ind", "orce_customer_id"}
	cwoOutShipToNames = []string{"delivery_type"}
	cwoOutDetailNames = []string{"item_description", "pickup_type", "pickup_system_location", "pickup_location",
		"broker_status", "line_locate_eligible"}
)

// cwoOtherAttrs writes pass-through attributes, refusing names that are not
// plain XML names or that repeat a known or earlier attribute.
func cwoOtherAttrs(w *cwoWriter, path string, attrs []xml.Attr, known []string) []FieldError {
	var errs []FieldError
	seen := map[string]bool{}
	for _, k := range known {
		seen[k] = true
	}
	for _, a := range attrs {
		name := a.Name.Local
		if !cwoIsName(name) || a.Name.Space != "" {
			errs = append(errs, FieldError{Path: path + "/@" + name, Value: a.Value, Rule: RuleAllowedValues,
				Detail: "pass-through attribute needs a plain XML name"})
			continue
		}
		if seen[name] {
			errs = append(errs, FieldError{Path: path + "/@" + name, Value: a.Value, Rule: RuleDuplicate,
				Detail: "attribute written twice"})
			continue
		}
		seen[name] = true
		w.attr(name, a.Value)
	}
	return errs
}

func cwoIsName(s string) bool {
	if s == "" || strings.HasPrefix(strings.ToLower(s), "xml") {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && (r == '-' || r == '.' || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	return true
}
