package broker

import (
	"slices"
	"strings"
)

// DisplayStatus is the status the Work with Order Broker screens show for a
// record (BRK-321, ambiguity A13): once OMS has sent the intransit update,
// a retail pickup order (F3) or a ship-for-pickup order sent at pick slip
// generation with M34 other than ALWAYS (F2) shows X in T, V and S, while
// the stored status keeps taking part in the daily inquiries. T of a
// ship-for-pickup order sent for fulfillment assignment (F1, M34 = ALWAYS)
// is shown as T.
func DisplayStatus(r Record, s Settings) Status {
	shipped := r.Status == StatusInTransit || r.Status == StatusInTransitPolled || r.Status == StatusReceivedByStore
	if !shipped {
		return r.Status
	}
	switch {
	case r.Flow == ReceivedFromBroker.Name && r.PickupOrder:
		return StatusCompleted
	case r.Flow == ShipForPickup.Name && !s.shipForPickupAlways():
		return StatusCompleted
	}
	return r.Status
}

// LocationLabel renders a location as the screens show it: "<code> -
// <description>", the description being the WSCR one stored on the record
// when the response arrived (e.g. "10 - East Coast"); just the code when no
// WSCR record existed then (BRK-322).
func LocationLabel(code, description string) string {
	code, description = strings.TrimSpace(code), strings.TrimSpace(description)
	if code == "" {
		return ""
	}
	if description == "" {
		return code
	}
	return code + " - " + description
}

// ShownFulfillingLocation is the fulfilling location the screens show for a
// record (BRK-322..BRK-324): blank for a brokered backorder in Z, C, J, R or
// W and for E, C and Z in any flow (BRK-311); the K56 location for an
// unfulfillable brokered backorder (BRK-324); otherwise what the record
// holds (a store pickup order canceled in OMS has had it cleared, F4.13; one
// canceled through OB keeps it, F4.11).
func ShownFulfillingLocation(r Record) string {
	if r.Flow == BrokeredBackorder.Name || r.Flow == "" {
		if slices.Contains([]Status{StatusCanceled, StatusClosed, StatusRejected, StatusReady, StatusWaiting}, r.Status) {
			return ""
		}
	}
	if r.Flow != StorePickup.Name && !r.Status.ShowsFulfillingLocation() {
		return ""
	}
	return LocationLabel(r.FulfillingLocation, r.FulfillingLocationName)
}

// DeliveryTypeName is the Broker delivery type the order inquiry screens
// show (Display Order Properties, Display Order Broker Details), BRK-156,
// BRK-300, BRK-325.
func DeliveryTypeName(r Record) string {
	switch r.Flow {
	case ShipForPickup.Name:
		return "Ship for Pickup"
	case StorePickup.Name:
		return "Store Pickup"
	case ReceivedFromBroker.Name:
		if r.PickupOrder {
			return "Retail Pickup"
		}
		return "Delivery"
	}
	if r.ShipForPickup {
		return "Ship for Pickup"
	}
	return "Brokered Backorder"
}

// BrokerLocations are the originating (Placed), fulfilling (Sourced) and
// pickup locations of a record (BRK-326).
type BrokerLocations struct {
	Originating Location
	Fulfilling  Location
	Pickup      *Location
}

// SubmitLocations reads BRK-326's locations for the flows OMS submits:
//   - brokered backorder (F1): originating = store_location; fulfilling = the
//     response's fulfillment location (later the status response's);
//     pickup = shipforpickup_location (ship-for-pickup only);
//   - ship-for-pickup at pick gen / drop ship (F2): originating =
//     store_location; fulfilling = transaction_detail/location_cd; pickup =
//     shipforpickup_location;
//   - store pickup (F4): originating = store_location (K51); fulfilling =
//     the response's fulfillment location; pickup = the first
//     transaction_detail's location_cd.
func SubmitLocations(flow string, so SubmitOrder, resp *SubmitOrderResponse) BrokerLocations {
	out := BrokerLocations{Originating: so.StoreLocation}
	respLoc := func() Location {
		if resp != nil && len(resp.Fulfillments) > 0 {
			return resp.Fulfillments[0].Location
		}
		return Location{}
	}
	switch flow {
	case ShipForPickup.Name:
		if len(so.Lines) > 0 {
			out.Fulfilling = so.Lines[0].Location
		}
		out.Pickup = so.ShipForPickupLocation
	case StorePickup.Name:
		out.Fulfilling = respLoc()
		if len(so.Lines) > 0 {
			p := so.Lines[0].Location
			out.Pickup = &p
		}
	default:
		out.Fulfilling = respLoc()
		out.Pickup = so.ShipForPickupLocation
	}
	return out
}

// FulfillmentLocations reads BRK-326's locations of a received order (F3):
// originating = request_location_cd, fulfilling = location_cd, and, for a
// retail pickup order only, pickup = shipforpickup_location.
func FulfillmentLocations(det *FulfillmentDetailOrder, retailPickup bool) BrokerLocations {
	if det == nil {
		return BrokerLocations{}
	}
	out := BrokerLocations{
		Originating: Location{Location: strings.TrimSpace(det.Store.RequestLocation), System: strings.TrimSpace(det.Store.RequestSystem)},
		Fulfilling:  Location{Location: strings.TrimSpace(det.Store.Location), System: strings.TrimSpace(det.Store.System)},
	}
	if retailPickup && det.ShipForPickup != nil {
		p := *det.ShipForPickup
		out.Pickup = &p
	}
	return out
}
