package doccount

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Count returns the number a documentation file states: the first submatch
// of pattern in file, read with comment markers removed and white space
// collapsed to single spaces (so a sentence may wrap across comment lines).
// It fails t when the file states no such number.
func Count(t testing.TB, file, pattern string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	text := strings.Join(strings.Fields(strings.ReplaceAll(string(b), "//", " ")), " ")
	m := regexp.MustCompile(pattern).FindStringSubmatch(text)
	require.NotNil(t, m, "%s states no count matching %q", file, pattern)
	n, err := strconv.Atoi(m[1])
	require.NoError(t, err)
	return n
}
