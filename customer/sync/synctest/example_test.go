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
