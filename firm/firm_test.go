package firm

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func demo(t *testing.T) *Registry {
	t.Helper()
	r := NewRegistry()
	r.AddFirm("demo", "Demo Firm")
	r.AddFirm("other", "Other Firm")
	require.NoError(t, r.AddKey("active-key", "demo", true))
	require.NoError(t, r.AddKey("inactive-key", "demo", false))
	require.NoError(t, r.AddKey("other-key", "other", true))
	return r
}

func TestAuthenticateOutcomes(t *testing.T) {
	r := demo(t)
	tests := []struct {
		name    string
		key     string
		firm    string
		wantErr error
	}{
		{"active key", "active-key", "demo", nil},
		{"other firm's key", "other-key", "other", nil},
		{"empty key is 401", "", "", ErrNoKey},
		{"unknown key is 401", "nope", "", ErrUnknownKey},
		{"prefix of a key is unknown", "active-ke", "", ErrUnknownKey},
		{"key with a suffix is unknown", "active-key2", "", ErrUnknownKey},
		{"case matters", "ACTIVE-KEY", "", ErrUnknownKey},
		{"inactive key is 403 and still names its firm", "inactive-key", "demo", ErrInactiveKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.Authenticate(tt.key)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.firm, got)
		})
	}
}

// TestDEC2_KeysStoredAsDigests pins the timing-safe structure: the registry
// never holds a raw key; it is indexed by SHA-256 digest, so a map lookup
// hashes a digest rather than comparing key bytes, and the final comparison
// is subtle.ConstantTimeCompare of digests.
func TestDEC2_KeysStoredAsDigests(t *testing.T) {
	r := demo(t)
	d := sha256.Sum256([]byte("active-key"))
	e, ok := r.keys[d]
	require.True(t, ok, "keys are indexed by their SHA-256 digest")
	assert.Equal(t, d, e.digest)
	dump := fmt.Sprintf("%+v %+v %+v", r.keys, r.byFingerprint, r.firms)
	for _, k := range []string{"active-key", "inactive-key", "other-key"} {
		assert.NotContains(t, dump, k, "a raw key is held by the registry")
	}
}

func TestFingerprint(t *testing.T) {
	d := sha256.Sum256([]byte("active-key"))
	fp := Fingerprint("active-key")
	assert.Len(t, fp, 16)
	assert.Equal(t, hex.EncodeToString(d[:8]), fp)
	assert.NotEqual(t, fp, Fingerprint("other-key"))
}

func TestKeysShowFingerprintsOnly(t *testing.T) {
	r := demo(t)
	keys := r.Keys()
	require.Len(t, keys, 3)
	for _, k := range keys {
		assert.Empty(t, k.Key)
		assert.Len(t, k.Fingerprint, 16)
	}
	assert.Equal(t, "demo", keys[0].Firm)
	assert.Equal(t, "other", keys[2].Firm)
	assert.Less(t, keys[0].Fingerprint, keys[1].Fingerprint)
}

func TestAddKeyErrors(t *testing.T) {
	r := demo(t)
	tests := []struct {
		name, key, firm string
		wantErr         error
	}{
		{"empty key", "", "demo", ErrInvalidKey},
		{"key with a space", "a key", "demo", ErrInvalidKey},
		{"key with a control character", "a\nkey", "demo", ErrInvalidKey},
		{"key too long", strings.Repeat("k", MaxKeyLen+1), "demo", ErrInvalidKey},
		{"unknown firm", "fresh", "ghost", ErrUnknownFirm},
		{"duplicate key", "active-key", "demo", ErrKeyExists},
		{"duplicate key for another firm", "active-key", "other", ErrKeyExists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := r.AddKey(tt.key, tt.firm, true)
			require.ErrorIs(t, err, tt.wantErr)
			if tt.key != "" {
				assert.NotContains(t, err.Error(), tt.key, "an error must not echo the key")
			}
		})
	}
	assert.Len(t, r.Keys(), 3)
}

func TestSetActiveAndRemove(t *testing.T) {
	r := demo(t)
	fp := Fingerprint("active-key")

	require.NoError(t, r.SetActive(fp, false))
	_, err := r.Authenticate("active-key")
	require.ErrorIs(t, err, ErrInactiveKey)

	require.NoError(t, r.SetActive(Fingerprint("inactive-key"), true))
	firmID, err := r.Authenticate("inactive-key")
	require.NoError(t, err)
	assert.Equal(t, "demo", firmID)

	require.NoError(t, r.RemoveKey(fp))
	_, err = r.Authenticate("active-key")
	require.ErrorIs(t, err, ErrUnknownKey)
	_, ok := r.Key(fp)
	assert.False(t, ok)

	require.ErrorIs(t, r.RemoveKey(fp), ErrUnknownFingerprint)
	require.ErrorIs(t, r.SetActive("0000000000000000", true), ErrUnknownFingerprint)

	// A removed key can be added again.
	require.NoError(t, r.AddKey("active-key", "other", true))
	firmID, err = r.Authenticate("active-key")
	require.NoError(t, err)
	assert.Equal(t, "other", firmID)
}

func TestFirms(t *testing.T) {
	r := demo(t)
	r.AddFirm("demo", "Renamed")
	r.AddFirm("", "ignored")
	firms := r.Firms()
	require.Len(t, firms, 2)
	assert.Equal(t, "demo", firms[0].ID)
	assert.Equal(t, "Renamed", firms[0].Name)
	assert.Equal(t, 2, firms[0].Keys)
	assert.Equal(t, 1, firms[1].Keys)
	assert.True(t, r.HasFirm("other"))
	assert.False(t, r.HasFirm("ghost"))
}

func TestValidFirmID(t *testing.T) {
	for _, id := range []string{"", "has space", strings.Repeat("x", 129), "tab\t"} {
		assert.ErrorIs(t, ValidFirmID(id), ErrInvalidFirm, "%q", id)
	}
	assert.NoError(t, ValidFirmID("acme-1"))
}

func TestConcurrentUse(t *testing.T) {
	r := demo(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k := fmt.Sprintf("key-%d", i)
			assert.NoError(t, r.AddKey(k, "demo", true))
			for range 100 {
				_, _ = r.Authenticate(k)
				_, _ = r.Authenticate("active-key")
				_ = r.Keys()
				_ = r.Firms()
				_ = r.SetActive(Fingerprint(k), i%2 == 0)
			}
		}()
	}
	wg.Wait()
	assert.Len(t, r.Keys(), 11)
}

func BenchmarkAuthenticate(b *testing.B) {
	r := NewRegistry()
	r.AddFirm("demo", "")
	for i := range 1000 {
		_ = r.AddKey(fmt.Sprintf("key-%04d", i), "demo", true)
	}
	b.ResetTimer()
	for b.Loop() {
		_, _ = r.Authenticate("key-0500")
	}
}

// TestDEC2_IsKeyTellsRegisteredKeys pins the lookup the transport redacts
// URLs with: registered keys, active or not, and nothing else.
func TestDEC2_IsKeyTellsRegisteredKeys(t *testing.T) {
	r := demo(t)
	for _, k := range []string{"active-key", "inactive-key", "other-key"} {
		assert.True(t, r.IsKey(k), k)
	}
	for _, s := range []string{"", "active-ke", "active-key2", "ACTIVE-KEY", "demo", strings.Repeat("x", MaxKeyLen+1)} {
		assert.False(t, r.IsKey(s), "%q", s)
	}
	require.NoError(t, r.RemoveKey(Fingerprint("other-key")))
	assert.False(t, r.IsKey("other-key"), "a removed key is no longer one")
	assert.True(t, r.IsKey("active-key"), "a key of another length stays")
	require.NoError(t, r.AddKey("other-key", "other", true))
	assert.True(t, r.IsKey("other-key"), "added again")
}
