package campaign

import (
	"bytes"
	"fmt"
	"testing"
)

// TestArena_CopiesCappedAndSmallFirst pins what the arena promises: each
// added string comes back equal, capped at its length, in chunks that start
// small and never exceed arenaChunk.
func TestArena_CopiesCappedAndSmallFirst(t *testing.T) {
	var a arena
	var got [][]byte
	var want [][]byte
	for i := range 5000 {
		b := []byte(fmt.Sprintf(`{"client_name":"Client %d","foreign_id":"CRM-%d"}`, i, i))
		want = append(want, b)
		got = append(got, a.add(b))
		if i == 0 && cap(a.chunk) != arenaFirst {
			t.Fatalf("first chunk holds %d bytes, want %d", cap(a.chunk), arenaFirst)
		}
		if cap(a.chunk) > arenaChunk {
			t.Fatalf("chunk of %d bytes, want at most %d", cap(a.chunk), arenaChunk)
		}
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) || cap(got[i]) != len(got[i]) {
			t.Fatalf("string %d came back as %q (cap %d), want %q capped", i, got[i], cap(got[i]), want[i])
		}
	}
	big := bytes.Repeat([]byte("x"), arenaChunk/8+1)
	if c := a.add(big); !bytes.Equal(c, big) {
		t.Fatal("a string above arenaChunk/8 did not come back equal")
	}
}
