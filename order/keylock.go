package order

import "sync"

// keyLocks serialises the intakes of one idempotency key inside a process:
// a second intake of the same order_number waits until the first has
// committed (or failed) and then finds its record, so it replays without
// calling the selector, tokenizer or authorizer and writes nothing. Intakes
// of different keys run in parallel. Across processes the store's Commit
// still decides (see Intake).
type keyLocks struct {
	mu sync.Mutex
	m  map[string]*keyLock
}

type keyLock struct {
	mu   sync.Mutex
	refs int
}

// lock locks key and returns its unlock function.
func (k *keyLocks) lock(key string) func() {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyLock{}
	}
	l := k.m[key]
	if l == nil {
		l = &keyLock{}
		k.m[key] = l
	}
	l.refs++
	k.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		k.mu.Lock()
		l.refs--
		if l.refs == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
}

var intakeLocks keyLocks
