// Package doccount reads a number a package documentation states, so that a
// test can hold the documentation to the code it describes (the size of a
// hostile-input catalog, say). Used by tests only; standard library and
// testify.
package doccount
