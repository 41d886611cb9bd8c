// Package simrun runs the seeded simulations of omskit's tests
// (customer/sync and orce/engage TestSimulation): one parallel subtest per
// seed, the number of seeds from OMSKIT_SIM_SEEDS (300 by default), and,
// when a seed fails, the one-line command that replays it alone with the
// trace the simulation kept.
//
// Imports: the standard library only.
package simrun
