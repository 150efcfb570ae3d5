package mockserver

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ByteSize is a number of bytes, written as 1048576, 512KiB, 16MiB, 1MB or 1GiB.
type ByteSize int64

var byteUnits = []struct {
	suffix string
	mult   int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9},
	{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30},
	{"B", 1},
}

// ParseByteSize reads a size such as 16MiB.
func ParseByteSize(s string) (ByteSize, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range byteUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("size %q: want a number of bytes such as 1048576 or 16MiB", s)
	}
	return ByteSize(n * mult), nil
}

// String writes b in the largest binary unit that divides it.
func (b ByteSize) String() string {
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if b != 0 && int64(b)%u.mult == 0 {
			return strconv.FormatInt(int64(b)/u.mult, 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(b), 10)
}

// Set parses a flag value.
func (b *ByteSize) Set(s string) error {
	v, err := ParseByteSize(s)
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// UnmarshalYAML reads a number or a string with a unit. Its messages say
// what is wanted; the config file's reader puts the file, line and field
// in front of them.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	const want = "want a number of bytes such as 1048576 or 16MiB"
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("%s, got a list or fields", want)
	}
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return fmt.Errorf("%s, got %q", want, n.Value)
	}
	*b = v
	return nil
}
