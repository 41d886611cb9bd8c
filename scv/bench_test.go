package scv

import "testing"

// BenchmarkFlag compares Set.Flag (catalog lookup, kind check, default) with
// a bare map lookup of the same value as the baseline; read the result as a
// ratio of the two.
func BenchmarkFlag(b *testing.B) {
	raw := map[string]string{"M31": "Y", "M34": "ALWAYS", "K10": "15"}
	s, err := Load(raw)
	if err != nil {
		b.Fatal(err)
	}
	var sink bool
	b.Run("baseline=map", func(b *testing.B) {
		for b.Loop() {
			sink = raw["M31"] == "Y"
		}
	})
	b.Run("Set.Flag", func(b *testing.B) {
		for b.Loop() {
			sink = s.Flag(UseOROBForFulfillmentAssignment)
		}
	})
	_ = sink
}

// BenchmarkLoad compares Load with copying the same map (the baseline).
func BenchmarkLoad(b *testing.B) {
	raw := map[string]string{"M31": "Y", "M34": "ALWAYS", "K10": "15", "K36": "1.00", "L37": "INTERACT", "K94": ""}
	b.Run("baseline=copy", func(b *testing.B) {
		for b.Loop() {
			out := make(map[string]string, len(raw))
			for k, v := range raw {
				out[k] = v
			}
		}
	})
	b.Run("Load", func(b *testing.B) {
		for b.Loop() {
			if _, err := Load(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}
