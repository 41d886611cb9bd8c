package xmlmsg

import (
	"context"
	"io"
	"strings"
)

// OBResponse is generic_response_message/message_body/response, the body of
// SubmitOrderResponse and StatusUpdateResponse (message-formats.md §7.3,
// order-broker.md §2.39).
type OBResponse struct {
	OrderID             string // @order_id
	RequestID           string // @request_id: OB's request id, BRK-387
	ResponseCode        string // @response_code: "0" is success, BRK-386
	ResponseDescription string // e.g. "Order Acknowledged", "Status updated successfully."
	// FulfillmentDetails is the fulfilling location per line (SubmitOrderResponse
	// only, BRK-388, BRK-389).
	FulfillmentDetails []OBFulfillmentDetail
}

// Succeeded reports response_code 0.
func (r OBResponse) Succeeded() bool { return r.ResponseCode == "0" }

// OBFulfillmentDetail is one fulfillment_details/fulfillment_detail: the
// location assigned to fulfill (part of) one line.
type OBFulfillmentDetail struct {
	FulfillmentQty         int      // @fulfillment_qty
	FulfillmentLocationCd  string   // @fulfillment_location_cd
	FulfillmentSystemCd    string   // @fulfillment_system_cd
	ItemID                 OBItemID // @item_id, padded as in the request
	RequestingSystemLineNo int      // @requesting_system_line_no: the OMS line sequence number
	LineNo                 int      // @line_no: OB's line number
}

// SubmitOrderResponse is OB's answer to a SubmitOrder.
type SubmitOrderResponse struct {
	Envelope OBEnvelope
	Header   OBHeader
	Response OBResponse
}

// StatusUpdateResponse is OB's answer to a StatusUpdate. A failed cancel
// carries message_header@xaction_response FAILED (ambiguity A31).
type StatusUpdateResponse struct {
	Envelope OBEnvelope
	Header   OBHeader
	Response OBResponse
}

var (
	obSubmitOrderResponseKind  = obKind{root: "SubmitOrderResponse", inner: []string{"generic_response_message"}}
	obStatusUpdateResponseKind = obKind{root: "StatusUpdateResponse", inner: []string{"generic_response_message"}}
)

type obWireResponseBody struct {
	Response obWireResponse `xml:"response"`
}

type obWireResponse struct {
	OrderID             string                    `xml:"order_id,attr"`
	RequestID           string                    `xml:"request_id,attr"`
	ResponseCode        string                    `xml:"response_code,attr"`
	ResponseDescription string                    `xml:"response_description"`
	FulfillmentDetails  *obWireFulfillmentDetails `xml:"fulfillment_details,omitempty"`
}

type obWireFulfillmentDetails struct {
	Detail []obWireFulfillmentDetail `xml:"fulfillment_detail"`
}

type obWireFulfillmentDetail struct {
	FulfillmentQty         string `xml:"fulfillment_qty,attr"`
	FulfillmentLocationCd  string `xml:"fulfillment_location_cd,attr"`
	FulfillmentSystemCd    string `xml:"fulfillment_system_cd,attr"`
	ItemID                 string `xml:"item_id,attr"`
	RequestingSystemLineNo string `xml:"requesting_system_line_no,attr"`
	LineNo                 string `xml:"line_no,attr"`
}

func (v *obValidator) response(w *obWireResponseBody) OBResponse {
	r := OBResponse{
		OrderID:             w.Response.OrderID,
		RequestID:           w.Response.RequestID,
		ResponseCode:        w.Response.ResponseCode,
		ResponseDescription: w.Response.ResponseDescription,
	}
	if w.Response.FulfillmentDetails != nil {
		for i, d := range w.Response.FulfillmentDetails.Detail {
			p := obAt("response/fulfillment_detail", i)
			r.FulfillmentDetails = append(r.FulfillmentDetails, OBFulfillmentDetail{
				FulfillmentQty:         v.integer(p.f("@fulfillment_qty"), d.FulfillmentQty),
				FulfillmentLocationCd:  d.FulfillmentLocationCd,
				FulfillmentSystemCd:    d.FulfillmentSystemCd,
				ItemID:                 ParseOBItemID(d.ItemID),
				RequestingSystemLineNo: v.integer(p.f("@requesting_system_line_no"), d.RequestingSystemLineNo),
				LineNo:                 v.integer(p.f("@line_no"), d.LineNo),
			})
		}
	}
	return r
}

func (v *obValidator) checkResponse(r *OBResponse) {
	v.required(obF("response/@response_code"), r.ResponseCode)
	if c := strings.TrimPrefix(r.ResponseCode, "-"); r.ResponseCode != "" && (c == "" || !obAllDigits(c)) {
		v.add(obF("response/@response_code"), r.ResponseCode, RuleNumeric, "an integer code, 0 for success")
	}
	v.numericID(obF("response/@request_id"), r.RequestID)
}

func obWireResponseOf(r OBResponse, details bool) obWireResponseBody {
	w := obWireResponseBody{Response: obWireResponse{
		OrderID:             r.OrderID,
		RequestID:           r.RequestID,
		ResponseCode:        r.ResponseCode,
		ResponseDescription: r.ResponseDescription,
	}}
	if details || len(r.FulfillmentDetails) > 0 {
		w.Response.FulfillmentDetails = &obWireFulfillmentDetails{}
		for _, d := range r.FulfillmentDetails {
			w.Response.FulfillmentDetails.Detail = append(w.Response.FulfillmentDetails.Detail, obWireFulfillmentDetail{
				FulfillmentQty:         obInt(d.FulfillmentQty),
				FulfillmentLocationCd:  d.FulfillmentLocationCd,
				FulfillmentSystemCd:    d.FulfillmentSystemCd,
				ItemID:                 d.ItemID.wire(),
				RequestingSystemLineNo: obInt(d.RequestingSystemLineNo),
				LineNo:                 obInt(d.LineNo),
			})
		}
	}
	return w
}

func obConvSubmitOrderResponse(v *obValidator, env OBEnvelope, h OBHeader, b *obWireResponseBody) *SubmitOrderResponse {
	return &SubmitOrderResponse{Envelope: env, Header: h, Response: v.response(b)}
}

func obCheckSubmitOrderResponse(v *obValidator, m *SubmitOrderResponse) {
	v.checkResponse(&m.Response)
}

// DecodeSubmitOrderResponse reads and decodes a SubmitOrderResponse; see
// DecodeSubmitOrder for the limit and the errors.
func DecodeSubmitOrderResponse(ctx context.Context, r io.Reader, opts OBOptions) (*SubmitOrderResponse, error) {
	data, err := obReadAll(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return DecodeSubmitOrderResponseBytes(data, opts)
}

// DecodeSubmitOrderResponseBytes decodes and validates a SubmitOrderResponse.
func DecodeSubmitOrderResponseBytes(data []byte, opts OBOptions) (*SubmitOrderResponse, error) {
	return obDecode(obSubmitOrderResponseKind, data, opts, (*xdec).decObWireResponseBody, obConvSubmitOrderResponse, trimSubmitOrderResponse, obCheckSubmitOrderResponse)
}

// Validate checks m with the rules the decoder applies.
func (m *SubmitOrderResponse) Validate() error {
	if m == nil {
		return obValidate[SubmitOrderResponse](obSubmitOrderResponseKind, nil, OBHeader{}, obCheckSubmitOrderResponse)
	}
	return obValidate(obSubmitOrderResponseKind, m, m.Header, obCheckSubmitOrderResponse)
}

// Encode validates m and writes it in the shape of its Envelope.
func (m *SubmitOrderResponse) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return obEncode(obSubmitOrderResponseKind, m.Envelope, obWireHeaderOf(obSubmitOrderResponseKind, m.Header), obWireResponseOf(m.Response, true))
}

func obConvStatusUpdateResponse(v *obValidator, env OBEnvelope, h OBHeader, b *obWireResponseBody) *StatusUpdateResponse {
	return &StatusUpdateResponse{Envelope: env, Header: h, Response: v.response(b)}
}

func obCheckStatusUpdateResponse(v *obValidator, m *StatusUpdateResponse) {
	v.checkResponse(&m.Response)
}

// DecodeStatusUpdateResponse reads and decodes a StatusUpdateResponse; see
// DecodeSubmitOrder for the limit and the errors.
func DecodeStatusUpdateResponse(ctx context.Context, r io.Reader, opts OBOptions) (*StatusUpdateResponse, error) {
	data, err := obReadAll(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return DecodeStatusUpdateResponseBytes(data, opts)
}

// DecodeStatusUpdateResponseBytes decodes and validates a StatusUpdateResponse.
func DecodeStatusUpdateResponseBytes(data []byte, opts OBOptions) (*StatusUpdateResponse, error) {
	return obDecode(obStatusUpdateResponseKind, data, opts, (*xdec).decObWireResponseBody, obConvStatusUpdateResponse, trimStatusUpdateResponse, obCheckStatusUpdateResponse)
}

// Validate checks m with the rules the decoder applies.
func (m *StatusUpdateResponse) Validate() error {
	if m == nil {
		return obValidate[StatusUpdateResponse](obStatusUpdateResponseKind, nil, OBHeader{}, obCheckStatusUpdateResponse)
	}
	return obValidate(obStatusUpdateResponseKind, m, m.Header, obCheckStatusUpdateResponse)
}

// Encode validates m and writes it in the shape of its Envelope.
func (m *StatusUpdateResponse) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return obEncode(obStatusUpdateResponseKind, m.Envelope, obWireHeaderOf(obStatusUpdateResponseKind, m.Header), obWireResponseOf(m.Response, false))
}
