// Package broker holds the Order Broker rules of omskit for brokered
// backorders (flow F1) and the machinery every broker flow shares.
//
// It implements the requirements catalog order-broker.md: §2.1-§2.12
// (eligibility, submission, responses, status inquiry, billing on
// fulfilment, Under Review updates, the BROKER periodic function, soldout
// control codes, cancel requests), §2.35-§2.36 (status inquiry scheduling,
// error handling), §2.38-§2.41 (message field mappings, as domain structs),
// §3 (status tables), §4.1 with the §4 introduction (the F1 state machine),
// the ambiguity resolutions of §5 and the texts of §6.
//
// The pieces:
//
//   - [CheckLine] / [CheckOrder]: whether a line may be brokered, with every
//     reason it may not ([Eligibility.Reasons], each naming its BRK ID).
//   - [Flow], [Row], [Engine]: state machines as data. [BrokeredBackorder] is
//     the F1 table; other flows are new Flow values applied by the same
//     engine. A forward move along the flow's status order is applied, a
//     forbidden one returns a *[TransitionError] wrapping
//     [ErrInvalidTransition], a repeated event is a no-op.
//   - Side effects as values ([SideEffect]): [History], [TransactionMessage],
//     [AuthorizationReversal], [LineUpdate], [BillingRequest] (grouped by
//     [GroupBilling]), [CancelRequest], [UnderReviewUpdate], [StatusInquiry].
//   - [BuildSubmitOrder] and the other message builders: domain forms of the
//     OB messages; package xmlmsg maps them to XML.
//   - [Runner]: the BROKER run over a [Transport] and a [RecordStore].
//
// Imports: the standard library, shopspring/decimal and google/uuid only
// (and, for [SettingsFrom], the scv package below it). It never imports
// storage, xmlmsg, net/http or database/sql; HTTP lives in broker/brokerhttp
// and the simulator in broker/brokertest.
package broker
