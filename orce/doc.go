// Package orce is part of omskit; see the module's root documentation for the
// package map and the import rules.
package orce
