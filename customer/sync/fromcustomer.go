package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/omskit/omskit/customer"
)

// This file wires the customer package to the outbox (issue 9, item 3): a
// sold-to that customer.Resolve created or changed becomes a Change keyed
// by its customer number and its content, so recording the same result
// again records nothing.

// SourceFromResolution maps the sold-to of a customer.Resolution to a
// SourceCustomer. ok is true when the resolution created the sold-to or
// changed it (res.Created, res.Changes); an unchanged sold-to, and a ghost
// (a customer merged into another), give ok = false and nothing to sync.
//
// The OMS customer number is the number (it becomes the external code,
// NRC-007); the primary email, first and last name are copied; the phone
// is the day phone, else the evening phone, else the fax/mobile phone. The
// OMS sold-to has no organisation number, so every sold-to is synced as a
// person (NRC-003); its company name is kept in CompanyName. Revision is
// left zero: the OMS keeps no change counter, so ChangeFromResolution keys
// changes by content instead. A host that keeps one can set Revision and
// call FromCustomer.
func SourceFromResolution(res customer.Resolution) (SourceCustomer, bool) {
	if !res.Created && len(res.Changes) == 0 {
		return SourceCustomer{}, false
	}
	return SourceFromSoldTo(res.SoldTo)
}

// SourceFromSoldTo maps a sold-to as stored to a SourceCustomer, whether or
// not anything changed (see SourceFromResolution for the fields). A ghost
// gives ok = false.
func SourceFromSoldTo(c customer.SoldTo) (SourceCustomer, bool) {
	if c.Ghost {
		return SourceCustomer{}, false
	}
	sc := SourceCustomer{Email: strings.TrimSpace(c.Email), FirstName: strings.TrimSpace(c.Name.First),
		LastName: strings.TrimSpace(c.Name.Last), CompanyName: strings.TrimSpace(c.Name.Company)}
	if c.Number > 0 {
		sc.Number = c.Number.String()
	}
	for _, p := range []string{c.Phones.Day, c.Phones.Evening, c.Phones.Fax} {
		if p = strings.TrimSpace(p); p != "" {
			sc.Phone = p
			break
		}
	}
	return sc, true
}

// ContentKey is the change key of a source customer's content:
// "customer/<number>/c-<hash>", the hash over every field but Revision and
// over occasion. The same customer with the same content and occasion
// always gives the same key, so a retried Record is a no-op.
//
// occasion names what caused the change, e.g. the id of the order whose
// intake changed the customer. With it, a customer changed back to content
// it had before by a later order (A, B, then A again) is still a new
// change; without it (empty) that change would be taken for the first one
// and not sent.
func ContentKey(sc SourceCustomer, occasion string) string {
	sc.Revision = 0
	b, _ := json.Marshal(sc) // plain strings: cannot fail
	sum := sha256.Sum256(append(append(b, 0), occasion...))
	return fmt.Sprintf("customer/%s/c-%s", sc.Number, hex.EncodeToString(sum[:8]))
}

// ChangeFromResolution maps a resolution to the Change to record: ok is
// false (and the Change empty) when the sold-to was neither created nor
// changed; otherwise the Change of FromCustomer keyed by ContentKey. A
// sold-to without a number is a *ValidationError naming the field.
//
// Content keys do not sort by time; when two changes of one customer are
// pending together, Flush imports only the one recorded last, so an older
// change never overwrites a newer one.
func ChangeFromResolution(res customer.Resolution, occasion string) (Change, bool, error) {
	if !res.Created && len(res.Changes) == 0 {
		return Change{}, false, nil
	}
	return ChangeFromSoldTo(res.SoldTo, occasion)
}

// ChangeFromSoldTo is the Change for a sold-to's current content, whether
// or not a resolution reported a change; a ghost gives ok = false. Because
// the key is the content's, it is the same Change ChangeFromResolution
// gave when that content was created or changed for the same occasion.
// That makes it the recovery path: when a process stopped after
// customer.Resolve committed but before the change was recorded, a retried
// Resolve reports nothing changed, and recording ChangeFromSoldTo of its
// sold-to records the lost change, or nothing if it was recorded after all.
func ChangeFromSoldTo(c customer.SoldTo, occasion string) (Change, bool, error) {
	sc, ok := SourceFromSoldTo(c)
	if !ok {
		return Change{}, false, nil
	}
	ch, err := FromCustomer(sc)
	if err != nil {
		return Change{}, false, fmt.Errorf("sold-to %s: %w", c.Number, err)
	}
	ch.Key = ContentKey(sc, occasion)
	return ch, true, nil
}

// RecordResolution records the change a resolution made, if any, in the
// outbox (see ChangeFromResolution and Record). recorded is false when
// there was nothing to record or the same change was recorded before.
func (s *Syncer) RecordResolution(ctx context.Context, res customer.Resolution, occasion string) (recorded bool, err error) {
	ch, ok, err := ChangeFromResolution(res, occasion)
	if err != nil || !ok {
		return false, err
	}
	return s.Record(ctx, ch)
}

// RecordSoldTo records a sold-to's current content for an occasion (see
// ChangeFromSoldTo). recorded is false for a ghost and when the same
// content was recorded for the same occasion before.
func (s *Syncer) RecordSoldTo(ctx context.Context, c customer.SoldTo, occasion string) (recorded bool, err error) {
	ch, ok, err := ChangeFromSoldTo(c, occasion)
	if err != nil || !ok {
		return false, err
	}
	return s.Record(ctx, ch)
}
