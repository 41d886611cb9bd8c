package sync

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// This file closes the window between an order-time creation in the ERP
// and the write-back of its code (issue 19, item 1). EnsurePerson creates
// the customer in the ERP from the order's data and submits the import that
// writes the code back; until the platform has applied that import, the
// entity has no code there, and a change made meanwhile (on My Pages) comes
// as an event for an entity without a code, which NRC-020 skips. Such a
// change is not lost: the creation is recorded as waiting, events of the
// entity in the window are acknowledged as waiting, and once the code is on
// the platform SendWaiting fetches the entity (NRC-021: never the event
// payload) and sends its newest state to the ERP when it differs from what
// the ERP holds. Several changes in the window make one send.

// WaitReport says what SendWaiting did, by order-time creation (the
// identity it was created under, e.g. "person email:ann@x").
type WaitReport struct {
	Sent       []string // the newest state went to the ERP
	Unchanged  []string // the platform holds what the ERP was created with
	Anonymized []string // anonymized meanwhile: nothing is sent (NRC-024)
	Waiting    []string // the code is not on the platform yet
}

// SendWaiting sends the changes made to order-time creations while their
// code was on its way back to the platform. For every creation still
// waiting it looks the entity up (by its platform id when known, else by
// its code); when the code is there it maps the entity through the Mapper
// and updates the ERP if the result differs from what the ERP holds, under
// a key that makes a resend after a lost answer harmless. Until the code is
// there the creation keeps waiting, across restarts (it is in the Store).
// Settle runs it after every successful job; hosts may call it any time.
func (s *Syncer) SendWaiting(ctx context.Context) (WaitReport, error) {
	var rep WaitReport
	sts, err := s.d.Store.List(ctx, "ensure/")
	if err != nil {
		return rep, fmt.Errorf("send waiting changes: %w", err)
	}
	var errs []error
	for _, st := range sts {
		if !st.Waiting || st.Code == "" {
			continue
		}
		name := strings.TrimPrefix(st.Key, "ensure/")
		outcome, err := s.sendWaiting(ctx, &st)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s (code %s): send waiting change: %w", name, st.Code, err))
			continue
		}
		switch outcome {
		case "waiting":
			rep.Waiting = append(rep.Waiting, name)
			continue
		case "sent":
			rep.Sent = append(rep.Sent, name)
		case "anonymized":
			rep.Anonymized = append(rep.Anonymized, name)
		default:
			rep.Unchanged = append(rep.Unchanged, name)
		}
		st.Waiting, st.Updated = false, s.d.Now()
		if err := s.d.Store.Put(ctx, st); err != nil {
			errs = append(errs, fmt.Errorf("%s: record: %w", name, err))
		}
	}
	return rep, errors.Join(errs...)
}

// sendWaiting handles one waiting creation; st is updated in place (Sent,
// Sends, PlatformID) when something was sent.
func (s *Syncer) sendWaiting(ctx context.Context, st *State) (string, error) {
	e, err := s.fetchCreated(ctx, *st)
	switch {
	case err != nil:
		return "", err
	case !e.found:
		return "waiting", nil
	case e.anonymized:
		return "anonymized", nil
	case e.code == "":
		return "waiting", nil
	}
	recs, err := e.recs()
	if err != nil {
		return "", fmt.Errorf("%s %s: map to ERP: %w", e.kind, e.code, err)
	}
	st.PlatformID = e.id
	fp := recordsPrint(recs, e.code)
	if fp == st.Sent {
		return "unchanged", nil
	}
	key := uuid.NewSHA1(keyNamespace, []byte(fmt.Sprintf("%s/send-%d", st.Key, st.Sends+1))).String()
	if err := s.d.ERP.Update(ctx, key, recs); err != nil {
		return "", fmt.Errorf("update ERP: %w", err)
	}
	st.Sent, st.Sends = fp, st.Sends+1
	return "sent", nil
}

// createdEntity is the platform's entity of an order-time creation, as
// fetched now.
type createdEntity struct {
	kind       string // "person" or "company"
	found      bool
	id, code   string // platform id and external code
	anonymized bool   // NRC-024
	// recs maps it to the ERP's records, its internal id left out (NRC-008).
	recs func() ([]ERPRecord, error)
}

// fetchCreated looks up the entity of an order-time creation (NRC-021):
// by its platform id when known, else by its code. An entity the platform
// does not know is not found; that is no error.
func (s *Syncer) fetchCreated(ctx context.Context, st State) (createdEntity, error) {
	ref := func(id Identity) Identity {
		if st.PlatformID != "" {
			return Identity{Kind: ByPlatformID, Value: st.PlatformID}
		}
		return id
	}
	if st.WritePerson != nil {
		p, err := s.d.Querier.Person(ctx, ref(Identity{Kind: ByCode, Value: st.Code, Application: st.WritePerson.ApplicationKey}))
		if errors.Is(err, ErrNotFound) {
			return createdEntity{kind: "person"}, nil
		}
		if err != nil {
			return createdEntity{}, fmt.Errorf("look up person: %w", err)
		}
		e := createdEntity{kind: "person", found: true, id: p.ID, code: p.Code, anonymized: s.d.AnonymizedPerson(p)}
		p.ID = ""
		e.recs = func() ([]ERPRecord, error) { return s.d.Mapper.PersonToERP(p) }
		return e, nil
	}
	c, err := s.d.Querier.Company(ctx, ref(Identity{Kind: ByCode, Value: st.Code}))
	if errors.Is(err, ErrNotFound) {
		return createdEntity{kind: "company"}, nil
	}
	if err != nil {
		return createdEntity{}, fmt.Errorf("look up company: %w", err)
	}
	e := createdEntity{kind: "company", found: true, id: c.ID, code: c.Code, anonymized: s.d.AnonymizedCompany(c)}
	c.ID = ""
	e.recs = func() ([]ERPRecord, error) { return s.d.Mapper.CompanyToERP(c) }
	return e, nil
}

// noCode handles an event of an entity without a code (NRC-020): when this
// library created it in the ERP, the creation waits for the code (outcome
// "waiting"); otherwise the event is skipped ("nocode").
func (s *Syncer) noCode(ctx context.Context, entity string, id Identity, platformID string) (string, error) {
	st, ok, err := s.created(ctx, entity, id)
	if err != nil || !ok {
		return "nocode", err
	}
	st.Waiting, st.Updated = true, s.d.Now()
	if st.PlatformID == "" {
		st.PlatformID = platformID
	}
	if err := s.d.Store.Put(ctx, st); err != nil {
		return "", fmt.Errorf("%s %s: record waiting change: %w", entity, id.Value, err)
	}
	return "waiting", nil
}

// sentNewest records, after an event sent an entity's newest state, that
// an order-time creation of it has nothing left to send.
func (s *Syncer) sentNewest(ctx context.Context, entity string, id Identity, recs []ERPRecord) error {
	st, ok, err := s.created(ctx, entity, id)
	if err != nil || !ok {
		return err
	}
	st.Waiting, st.Sent, st.Updated = false, recordsPrint(recs, st.Code), s.d.Now()
	if err := s.d.Store.Put(ctx, st); err != nil {
		return fmt.Errorf("%s %s: record sent state: %w", entity, id.Value, err)
	}
	return nil
}

// created returns the order-time creation recorded under the fallback
// identity id, if the ERP created one (it has a code).
func (s *Syncer) created(ctx context.Context, entity string, id Identity) (State, bool, error) {
	if id.Value == "" {
		return State{}, false, nil
	}
	sk, err := s.set.Scope.Key(entity, id)
	if err != nil {
		return State{}, false, err
	}
	st, ok, err := s.d.Store.Get(ctx, "ensure/"+sk)
	if err != nil {
		return State{}, false, fmt.Errorf("%s %s: read state: %w", entity, id.Value, err)
	}
	return st, ok && st.Code != "", nil
}

// personFallback is the identity an order-time creation of p is recorded
// under: its email address (NRC-009), whether or not it has a code now.
func personFallback(p Person) Identity {
	return Identity{Kind: ByEmail, Value: strings.ToLower(p.Email), Application: p.ApplicationKey}
}

// companyFallback is the identity an order-time creation of c is recorded
// under: its organisation number (NRC-010).
func companyFallback(c Company) Identity {
	return Identity{Kind: ByOrganizationNo, Value: c.OrganizationNo}
}
