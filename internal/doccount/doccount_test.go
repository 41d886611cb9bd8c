package doccount_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/doccount"
)

func TestCount(t *testing.T) {
	file := filepath.Join(t.TempDir(), "doc.go")
	require.NoError(t, os.WriteFile(file, []byte("// The catalog (TestX)\n// holds 42\n// messages.\npackage x\n"), 0o644))
	assert.Equal(t, 42, doccount.Count(t, file, `catalog[^.]*? holds (\d+) messages`))
}
