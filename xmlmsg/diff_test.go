package xmlmsg

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/xmltok"
)

// The differential contract between every decoder and its oracle (the same
// decoder on encoding/xml, oracle_test.go):
//   - the decoder never accepts what the oracle refuses;
//   - where both accept, the decoded values are equal;
//   - where the decoder refuses what the oracle accepts, or refuses it
//     another way, the refusal is a *SyntaxError from one of the rules
//     internal/xmltok lists as stricter than encoding/xml;
//   - otherwise both refuse with the same error (syntax errors: the same
//     kind; their text and position are the tokenizer's own).

var diffSentinels = []error{ErrMalformed, ErrWrongRoot, ErrUnsupportedVersion, ErrTooLarge, ErrNotUTF8, ErrInvalid}

func sameKind(a, b error) bool {
	for _, s := range diffSentinels {
		if errors.Is(a, s) != errors.Is(b, s) {
			return false
		}
	}
	return true
}

// tokError is the first error the tokenizer finds in data.
func tokError(data []byte) *xmltok.Error {
	t := xmltok.New(data, xmltok.Options{})
	for {
		k, err := t.Next()
		if err != nil {
			var te *xmltok.Error
			if errors.As(err, &te) {
				return te
			}
			return nil
		}
		if k == xmltok.EOF {
			return nil
		}
	}
}

// diffCheck holds dec to oracle on data.
func diffCheck[M any](t testing.TB, data []byte, dec, oracle func([]byte) (*M, error)) {
	t.Helper()
	m, err := dec(data)
	om, oerr := oracle(data)
	if err == nil {
		if oerr != nil {
			t.Fatalf("the decoder accepts what the encoding/xml decoder refuses (%v):\n%q", oerr, data)
		}
		if !assert.Equal(t, om, m, "decoded values differ for %q", data) {
			t.FailNow()
		}
		return
	}
	if m != nil {
		t.Fatalf("a value and an error both returned: %v", err)
	}
	if oerr == nil || !sameKind(err, oerr) {
		var se *SyntaxError
		te := tokError(data)
		if !errors.As(err, &se) || te == nil || !te.Stricter() {
			t.Fatalf("the decoder refuses with %v where the encoding/xml decoder gives %v, and not by a stricter tokenizer rule (%v):\n%q",
				err, oerr, te, data)
		}
		return
	}
	var se *SyntaxError
	if errors.As(err, &se) && errors.Is(err, ErrMalformed) {
		return
	}
	require.Equal(t, oerr, err, "errors differ for %q", data)
}

// diffDecoder is one decoder and its oracle, as a check on one input.
type diffDecoder struct {
	name  string
	check func(t testing.TB, data []byte)
}

func obDiff[B any, M any](kind obKind, dec func([]byte, OBOptions) (*M, error),
	conv func(v *obValidator, env OBEnvelope, h OBHeader, body *B) *M, check func(v *obValidator, m *M)) diffDecoder {
	return diffDecoder{name: kind.root, check: func(t testing.TB, data []byte) {
		for _, opts := range []OBOptions{{MaxBytes: 1 << 16}, {MaxBytes: 1 << 16, AllowUnknownStatus: true}} {
			diffCheck(t, data,
				func(b []byte) (*M, error) { return dec(b, opts) },
				func(b []byte) (*M, error) { return obDecodeOracle(kind, b, opts, conv, check) })
		}
	}}
}

var (
	diffSubmitOrder               = obDiff(obSubmitOrderKind, DecodeSubmitOrderBytes, obConvSubmitOrder, obCheckSubmitOrder)
	diffSubmitOrderResponse       = obDiff(obSubmitOrderResponseKind, DecodeSubmitOrderResponseBytes, obConvSubmitOrderResponse, obCheckSubmitOrderResponse)
	diffStatusRequest             = obDiff(obStatusRequestKind, DecodeStatusRequestBytes, obConvStatusRequest, obCheckStatusRequest)
	diffStatusRequestResponse     = obDiff(obStatusRequestResponseKind, DecodeStatusRequestResponseBytes, obConvStatusRequestResponse, obCheckStatusRequestResponse)
	diffStatusListRequest         = obDiff(obStatusListRequestKind, DecodeStatusListRequestBytes, obConvStatusListRequest, obCheckStatusListRequest)
	diffStatusListRequestResponse = obDiff(obStatusListRequestResponseKind, DecodeStatusListRequestResponseBytes, obConvStatusListRequestResponse, obCheckStatusListRequestResponse)
	diffStatusUpdate              = obDiff(obStatusUpdateKind, DecodeStatusUpdateBytes, obConvStatusUpdate, obCheckStatusUpdate)
	diffStatusUpdateResponse      = obDiff(obStatusUpdateResponseKind, DecodeStatusUpdateResponseBytes, obConvStatusUpdateResponse, obCheckStatusUpdateResponse)
	diffFulfillments              = obDiff(obFulfillmentsKind, DecodeFulfillmentsBytes, obConvFulfillments, obCheckFulfillments)
	diffFulfillmentsResponse      = obDiff(obFulfillmentsResponseKind, DecodeFulfillmentsResponseBytes, obConvFulfillmentsResponse, obCheckFulfillmentsResponse)

	diffCWOrderIn = diffDecoder{name: CWOrderInType, check: func(t testing.TB, data []byte) {
		for _, v := range []CWOVersion{CWOVersionOMS5, CWOVersionCWDirect18} {
			for _, opts := range []CWOOptions{cwoOpts(v), {Version: v, Now: cwoClock, KeepCase: true, MaxChars: 500}} {
				diffCheck(t, data,
					func(b []byte) (*CWOrderIn, error) { return DecodeCWOrderIn(b, opts) },
					func(b []byte) (*CWOrderIn, error) { return decodeCWOrderInOracle(b, opts) })
			}
		}
	}}
	diffCWOrderOut = diffDecoder{name: CWOrderOutType, check: func(t testing.TB, data []byte) {
		for _, v := range []CWOVersion{CWOVersionOMS5, CWOVersionCWDirect18} {
			opts := cwoOpts(v)
			diffCheck(t, data,
				func(b []byte) (*CWOrderOut, error) { return DecodeCWOrderOut(b, opts) },
				func(b []byte) (*CWOrderOut, error) { return decodeCWOrderOutOracle(b, opts) })
		}
	}}

	diffDecoders = []diffDecoder{diffSubmitOrder, diffSubmitOrderResponse, diffStatusRequest, diffStatusRequestResponse,
		diffStatusListRequest, diffStatusListRequestResponse, diffStatusUpdate, diffStatusUpdateResponse, diffFulfillments,
		diffFulfillmentsResponse, diffCWOrderIn, diffCWOrderOut}
)

// fixtures returns every XML fixture of the package, by path.
func fixtures(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*", "*.xml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := make(map[string][]byte, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		out[f] = data
	}
	return out
}

// seedFixtures adds every XML fixture to a fuzz target's seed corpus.
func seedFixtures(f *testing.F) {
	for _, data := range fixtures(f) {
		f.Add(data)
	}
}

// Every decoder agrees with its oracle on every fixture of the package and on
// the shapes below, each a case where encoding/xml's rules are easy to miss.
func TestDecodersMatchOracle(t *testing.T) {
	t.Parallel()
	inputs := fixtures(t)
	sub := string(obSample(t, "submit_order_request_brokered_backorder_delivery.xml"))
	list := string(obSample(t, "status_list_request.xml"))
	resp := string(obSample(t, "status_response.xml"))
	cwo := string(cwoSample(t, "simple_order_with_payment.xml"))
	rep := func(name, s, old, new string) {
		require.Contains(t, s, old, name)
		inputs[name] = []byte(strings.Replace(s, old, new, 1))
	}
	rep("a second inner element merges and names it", sub, "</ns2:order_request_message>",
		"</ns2:order_request_message><other><message_header><version>18.0</version></message_header></other>")
	rep("the inner element named by the last child", sub, "</ns2:order_request_message>",
		"</ns2:order_request_message><order_request_message/>")
	rep("a repeated single element: the last wins", sub, "<employee_id>", "<employee_id>FIRST</employee_id><employee_id>")
	rep("an empty repeat clears", sub, "</currency>", "</currency><currency/>")
	rep("repeated wrappers append", list, "</request_ids>\n", "</request_ids>\n<request_ids><request_ids request_id=\"777\"/></request_ids>\n")
	rep("text split by a comment, CDATA and a child", sub, "<ship_via_description>UPS GROUND", "<ship_via_description>UPS<!-- c --><x>skipped</x><![CDATA[ <GR&OUND>]]> &amp; AIR")
	rep("entities and character references", sub, "<ship_via_description>UPS GROUND", "<ship_via_description>&#x55;&#80;S &lt;GROUND&gt; &apos;&quot;")
	rep("CR LF inside a value", sub, "<ship_via_description>UPS GROUND", "<ship_via_description>UPS\r\nGROUND\r")
	rep("a prefixed attribute matched by its local name", sub, `transaction_no=`, `xmlns:p="urn:p" p:employee="x" p:transaction_no="PFX" transaction_no=`)
	rep("a namespace declaration whose prefix is a field's name", resp, `request_id="`, `xmlns:order_id="urn:x" request_id="`)
	rep("unknown attributes and elements", resp, `<items>`, `<unknown a="1"><deep><deeper/></deep></unknown><items x="y">`)
	rep("a default namespace on the root", sub, `<ns2:SubmitOrder xmlns:ns2="http://microsretail.com/Locate">`, `<ns2:SubmitOrder xmlns="urn:default" xmlns:ns2="http://microsretail.com/Locate">`)
	rep("no namespace at all", string(obSample(t, "fulfillments_request.xml")), `<ns2:Fulfillments xmlns:ns2="http://retail.com/Locate">`, `<Fulfillments>`)
	rep("a BOM and an XML declaration", sub, "<ns2:SubmitOrder", "\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ns2:SubmitOrder")
	rep("text before the root (stricter)", sub, "<ns2:SubmitOrder", "garbage<ns2:SubmitOrder")
	rep("a duplicate attribute (stricter)", sub, `transaction_no=`, `order_id="1" transaction_no=`)
	rep("a DOCTYPE (stricter)", sub, "<ns2:SubmitOrder", "<!DOCTYPE x><ns2:SubmitOrder")
	rep("an unbound prefix (stricter)", sub, "<transactions>", "<q:transactions>")
	rep("a wrong root with a broken end (CWORDERIN: syntax first)", cwo, "</Message>", "</Messag>")
	rep("CWORDERIN: two Payments wrappers append", cwo, "</Payments>", "</Payments><Payments><Payment payment_seq_number=\"2\" payment_type=\"CK\"/></Payments>")
	rep("CWORDERIN: text and unknown children ignored", cwo, "<ShipTos>", "text<Unknown a='1'/><ShipTos>")
	rep("CWORDERIN: cc_number behind a character reference", cwo, `cc_number="4111111111111111"`, `cc_number="&#52;111111111111111"`)
	rep("CWORDERIN: NBSP around a value", cwo, `order_number="web-100231"`, "order_number=\"\u00a0web-100231\u00a0\"")
	inputs["CWORDEROUT with pass-through attributes"] = []byte(`<Message type="CWORDEROUT" xmlns:p="urn:p"><Header order_id="1" x="y" p:z="q" xmlns:k="urn:k"><ShipTos><ShipTo delivery_type="S" w=" v "><Details><Detail line_locate_eligible="y" item_id="I"/></Details></ShipTo></ShipTos><Errors><Error error_type="HDR" error_text="t"/></Errors></Header></Message>`)
	for name, data := range inputs {
		for _, d := range diffDecoders {
			t.Run(d.name+"/"+name, func(t *testing.T) {
				t.Parallel()
				d.check(t, data)
			})
		}
	}
}
