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
	// free holds locks no key uses any more, for the next keys: an intake
	// then allocates no lock.
	free []*keyLock
}

type keyLock struct {
	mu   sync.Mutex
	refs int
}

// maxFreeKeyLocks bounds the locks kept for reuse.
const maxFreeKeyLocks = 64

// lock locks key and returns its lock, to be given back to unlock.
func (k *keyLocks) lock(key string) *keyLock {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyLock{}
	}
	l := k.m[key]
	if l == nil {
		if n := len(k.free); n > 0 {
			l, k.free = k.free[n-1], k.free[:n-1]
		} else {
			l = &keyLock{}
		}
		k.m[key] = l
	}
	l.refs++
	k.mu.Unlock()
	l.mu.Lock()
	return l
}

// unlock unlocks key, locked by lock, which returned l. A lock no intake
// holds or waits for leaves the map: nobody else can reach it, so it is
// kept for reuse.
func (k *keyLocks) unlock(key string, l *keyLock) {
	l.mu.Unlock()
	k.mu.Lock()
	l.refs--
	if l.refs == 0 {
		delete(k.m, key)
		if len(k.free) < maxFreeKeyLocks {
			k.free = append(k.free, l)
		}
	}
	k.mu.Unlock()
}

var intakeLocks keyLocks
