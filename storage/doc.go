// Package storage is the home of omskit's implementations of the interfaces
// the domain packages declare. It holds no code itself: storage/memory keeps
// everything in memory (tests, examples, small hosts).
//
// A store package may import the domain packages whose interfaces it
// implements; no domain package imports a store.
package storage
