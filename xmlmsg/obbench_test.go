package xmlmsg

import (
	"bytes"
	"encoding/xml"
	"testing"
	"time"
)

// obBench measures decode+validate of one sample against a baseline taken in
// the same run: plain encoding/xml Unmarshal of the same bytes into the bare
// all-string struct of the same shape. The ratio decode/baseline is the
// figure to read (goals, issue 15: SubmitOrder and StatusListRequestResponse
// ≤ 0.2, every other message ≤ 0.3; allocations per decode ≤ 1/8 of the
// baseline's, which scripts/benchreport derives from the decode and
// baseline sub-benchmarks).
func obBench[B any, M any](b *testing.B, data []byte, decode func([]byte, OBOptions) (*M, error)) {
	b.Run("baseline", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var w obWireEnvelope[B]
			if err := xml.Unmarshal(data, &w); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decode(data, OBOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	// interleaved runs both, alternately, in one loop and reports the ratio
	// of their total times: on a loaded machine this is steadier than
	// comparing two separate runs.
	b.Run("interleaved", func(b *testing.B) {
		var base, dec time.Duration
		for b.Loop() {
			t0 := time.Now()
			var w obWireEnvelope[B]
			if err := xml.Unmarshal(data, &w); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if _, err := decode(data, OBOptions{}); err != nil {
				b.Fatal(err)
			}
			dec += time.Since(t1)
			base += t1.Sub(t0)
		}
		if base > 0 {
			b.ReportMetric(float64(dec)/float64(base), "decode/baseline")
		}
	})
}

func BenchmarkSubmitOrder(b *testing.B) {
	obBench[obWireSubmitBody](b, obSample(b, "submit_order_request_ship_for_pickup.xml"), DecodeSubmitOrderBytes)
}

func BenchmarkSubmitOrderResponse(b *testing.B) {
	obBench[obWireResponseBody](b, obSample(b, "submit_order_response.xml"), DecodeSubmitOrderResponseBytes)
}

func BenchmarkStatusRequest(b *testing.B) {
	obBench[obWireStatusRequestBody](b, obSample(b, "status_request.xml"), DecodeStatusRequestBytes)
}

func BenchmarkStatusRequestResponse(b *testing.B) {
	obBench[obWireStatusResponseBody](b, obSample(b, "status_response.xml"), DecodeStatusRequestResponseBytes)
}

func BenchmarkStatusListRequest(b *testing.B) {
	obBench[obWireStatusListRequestBody](b, obSample(b, "status_list_request.xml"), DecodeStatusListRequestBytes)
}

func BenchmarkStatusListRequestResponse(b *testing.B) {
	data := obSample(b, "status_list_response_broken.xml")
	data = bytes.Replace(data, []byte("</status_list_request_message>\n<message_header"), []byte("<status_list_request_message>\n<message_header"), 1)
	obBench[obWireStatusResponseBody](b, data, DecodeStatusListRequestResponseBytes)
}

func BenchmarkStatusUpdate(b *testing.B) {
	obBench[obWireStatusUpdateBody](b, obSample(b, "status_update_cancel_request.xml"), DecodeStatusUpdateBytes)
}

func BenchmarkStatusUpdateResponse(b *testing.B) {
	obBench[obWireResponseBody](b, obSample(b, "status_update_cancel_response.xml"), DecodeStatusUpdateResponseBytes)
}

func BenchmarkFulfillments(b *testing.B) {
	obBench[obWireFulfillmentsBody](b, obSample(b, "fulfillments_request.xml"), DecodeFulfillmentsBytes)
}

func BenchmarkFulfillmentsResponse(b *testing.B) {
	obBench[obWireFulfillmentsResponseBody](b, obSample(b, "fulfillments_response.xml"), DecodeFulfillmentsResponseBytes)
}
