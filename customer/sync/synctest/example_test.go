package synctest_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/omskit/omskit/customer/sync"
	"github.com/omskit/omskit/customer/sync/synchttp"
	"github.com/omskit/omskit/customer/sync/synctest"
)

// Creating a customer in the ERP at order time and writing the ERP code back
// to the platform simulator over HTTP.
func Example() {
	plat := synctest.NewPlatform(synctest.WithPolls(0))
	srv := httptest.NewServer(plat)
	defer srv.Close()
	cl := synchttp.New(srv.URL, nil)
	s, err := sync.New(sync.Deps{Importer: cl, Querier: cl, Events: cl, ERP: synctest.NewERP(), Store: sync.NewMemoryStore()},
		sync.DefaultSettings(sync.ScopeClientUnique))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	id := plat.AddPerson(sync.Person{Email: "ann@x"})
	got, err := s.EnsurePerson(ctx, sync.Person{Email: "ann@x"})
	fmt.Println(got.Code, got.Created, err)
	rep, err := s.Settle(ctx)
	p, _ := plat.PersonByID(id)
	fmt.Println(len(rep.Succeeded), err, p.Code)
	// Output:
	// C100 true <nil>
	// 1 <nil> C100
}

// The write-back window in a host's test: the platform holds the import
// that writes the new ERP code back until the test applies it; a My Pages
// change made meanwhile reaches the ERP once the code is there.
func ExampleWithManualJobs() {
	plat := synctest.NewPlatform(synctest.WithManualJobs(), synctest.WithPolls(0))
	srv := httptest.NewServer(plat)
	defer srv.Close()
	cl := synchttp.New(srv.URL, nil)
	erp := synctest.NewERP()
	s, err := sync.New(sync.Deps{Importer: cl, Querier: cl, Events: cl, ERP: erp, Store: sync.NewMemoryStore()},
		sync.DefaultSettings(sync.ScopeClientUnique))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	id := plat.AddPerson(sync.Person{Email: "ann@x", FirstName: "Ann"})
	_, _ = s.EnsurePerson(ctx, sync.Person{ID: id, Email: "ann@x", FirstName: "Ann"}) // ERP creates C100
	plat.ChangePerson(id, func(p *sync.Person) { p.FirstName = "Anna" })              // My Pages, code not back yet
	ev, _ := s.HandleEvents(ctx, 10)
	fmt.Println("waiting:", ev.Waiting, "queued jobs:", len(plat.QueuedJobs()))
	plat.ProcessAllJobs() // the platform applies the write-back
	rep, err := s.Settle(ctx)
	fmt.Println("released:", rep.Released, err)
	fmt.Println("ERP:", erp.Record("C100")[0].Name)
	// Output:
	// waiting: [E1] queued jobs: 1
	// released: [person/email/ann@x] <nil>
	// ERP: Anna
}
