package sqlstore

import (
	"context"
	"database/sql"
)

// ResetForTest empties every table and restarts the numbering, so that one
// migrated database can serve many tests in turn (creating a PostgreSQL
// schema per test costs seconds of DDL on a slow disk).
func ResetForTest(ctx context.Context, db *DB) error {
	return db.InTx(ctx, func(tx *Tx) error {
		for _, q := range []string{
			"DELETE FROM omskit_sold_to_xref",
			"DELETE FROM omskit_sold_to_claim",
			"DELETE FROM omskit_permanent_ship_to",
			"DELETE FROM omskit_sold_to",
			"DELETE FROM omskit_bill_to",
			"DELETE FROM omskit_prospect",
			"DELETE FROM omskit_order",
			"DELETE FROM omskit_intake",
			"DELETE FROM omskit_batch",
			"DELETE FROM omskit_rep",
			"DELETE FROM omskit_broker_record",
			"DELETE FROM omskit_broker_effect",
			"DELETE FROM omskit_engage_entry",
			"DELETE FROM omskit_engage_tag",
			"DELETE FROM omskit_sync_state",
			"UPDATE omskit_sequence SET value = 0",
			"UPDATE omskit_match_rules SET fingerprint = ''",
		} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// OpenWith opens db over a *sql.DB the test built (a counting pgx
// connector), applying the migrations.
func OpenWith(ctx context.Context, sqldb *sql.DB, d Dialect) (*DB, error) {
	return open(ctx, sqldb, d, nil)
}
