// Package firm holds the mock's firms and their API keys, and decides who a
// request's key belongs to. Keys are stored only as SHA-256 digests; lookups
// go by digest and end in a constant-time compare (DEC-2), and every listing
// shows a short fingerprint, never the key.
package firm

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/callharness/callharness/api"
)

// Outcomes of Authenticate; the transport maps them to status codes.
var (
	ErrNoKey       = errors.New("no API key")       // 401
	ErrUnknownKey  = errors.New("unknown API key")  // 401
	ErrInactiveKey = errors.New("inactive API key") // 403
)

// Outcomes of managing keys and firms.
var (
	ErrUnknownFirm        = errors.New("unknown firm")
	ErrKeyExists          = errors.New("API key already registered")
	ErrUnknownFingerprint = errors.New("no API key with that fingerprint")
	ErrInvalidKey         = errors.New("invalid API key")
	ErrInvalidFirm        = errors.New("invalid firm id")
)

// MaxKeyLen is the longest API key the registry accepts, in bytes.
const MaxKeyLen = 512

// fingerprintBytes is how many digest bytes a fingerprint shows (16 hex digits).
const fingerprintBytes = 8

type digest = [sha256.Size]byte

type key struct {
	digest      digest
	fingerprint string
	firm        string
	active      bool
	length      int // of the key itself, for IsKey
}

type firmEntry struct {
	id, name string
}

// Registry is the set of firms and API keys. It is safe for concurrent use.
type Registry struct {
	mu            sync.RWMutex
	firms         map[string]*firmEntry
	keys          map[digest]*key
	byFingerprint map[string]*key
	// lengths counts the keys of each length, so that IsKey hashes only
	// strings as long as some key.
	lengths [MaxKeyLen + 1]int32
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{
		firms:         make(map[string]*firmEntry),
		keys:          make(map[digest]*key),
		byFingerprint: make(map[string]*key),
	}
}

// Fingerprint is the public name of a key: the first bytes of its SHA-256
// digest in hex. It is safe to log and to show.
func Fingerprint(k string) string {
	d := sha256.Sum256([]byte(k))
	return hex.EncodeToString(d[:fingerprintBytes])
}

// AddFirm registers firm id with a display name, or renames it if it exists.
// An empty id is ignored; callers that take ids from outside check them with
// ValidFirmID first.
func (r *Registry) AddFirm(id, name string) {
	if ValidFirmID(id) != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if f, ok := r.firms[id]; ok {
		f.name = name
		return
	}
	r.firms[id] = &firmEntry{id: id, name: name}
}

// HasFirm reports whether firm id is registered.
func (r *Registry) HasFirm(id string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	_, ok := r.firms[id]
	return ok
}

// ValidFirmID checks that id can name a firm: 1 to 128 printable ASCII
// characters without spaces.
func ValidFirmID(id string) error {
	if id == "" || len(id) > 128 {
		return fmt.Errorf("%w: must be 1 to 128 characters", ErrInvalidFirm)
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return fmt.Errorf("%w: only printable ASCII without spaces", ErrInvalidFirm)
		}
	}
	return nil
}

// ValidKey checks that k can be an API key: 1 to MaxKeyLen visible ASCII
// characters, so that it fits an HTTP header unchanged. The error never
// contains the key.
func ValidKey(k string) error {
	if k == "" || len(k) > MaxKeyLen {
		return fmt.Errorf("%w: must be 1 to %d characters", ErrInvalidKey, MaxKeyLen)
	}
	for i := 0; i < len(k); i++ {
		if k[i] <= ' ' || k[i] > '~' {
			return fmt.Errorf("%w: only visible ASCII characters", ErrInvalidKey)
		}
	}
	return nil
}

// AddKey registers key k for firm firmID, active or not. The firm must exist
// and the key must not be registered already.
func (r *Registry) AddKey(k, firmID string, active bool) error {
	if err := ValidKey(k); err != nil {
		return err
	}
	d := sha256.Sum256([]byte(k))
	fp := hex.EncodeToString(d[:fingerprintBytes])
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.firms[firmID]; !ok {
		return fmt.Errorf("add key %s: %w %q", fp, ErrUnknownFirm, firmID)
	}
	if _, ok := r.keys[d]; ok {
		return fmt.Errorf("add key %s: %w", fp, ErrKeyExists)
	}
	if _, ok := r.byFingerprint[fp]; ok {
		// A different key with the same short fingerprint: refuse rather than
		// make the fingerprint ambiguous.
		return fmt.Errorf("add key %s: %w (fingerprint collision)", fp, ErrKeyExists)
	}
	e := &key{digest: d, fingerprint: fp, firm: firmID, active: active, length: len(k)}
	r.keys[d] = e
	r.byFingerprint[fp] = e
	r.lengths[len(k)]++
	return nil
}

// SetActive activates or deactivates the key with the given fingerprint.
func (r *Registry) SetActive(fingerprint string, active bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.byFingerprint[fingerprint]
	if !ok {
		return fmt.Errorf("key %s: %w", fingerprint, ErrUnknownFingerprint)
	}
	e.active = active
	return nil
}

// RemoveKey forgets the key with the given fingerprint.
func (r *Registry) RemoveKey(fingerprint string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.byFingerprint[fingerprint]
	if !ok {
		return fmt.Errorf("key %s: %w", fingerprint, ErrUnknownFingerprint)
	}
	delete(r.byFingerprint, fingerprint)
	delete(r.keys, e.digest)
	r.lengths[e.length]--
	return nil
}

// IsKey reports whether s is a registered key, active or not, so that a
// key a client put where no key belongs can be redacted (DEC-2). A string
// as long as no registered key is answered without hashing it.
func (r *Registry) IsKey(s string) bool {
	if s == "" || len(s) > MaxKeyLen {
		return false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.lengths[len(s)] == 0 {
		return false
	}
	_, ok := r.keys[sha256.Sum256([]byte(s))]
	return ok
}

// blank is compared against when a key is unknown, so that a miss does the
// same work as a hit.
var blank digest

// Authenticate returns the firm of key k: ErrNoKey if k is empty,
// ErrUnknownKey if it is not registered, ErrInactiveKey if it is inactive.
// The key is hashed first and looked up by digest, and the digests are
// compared in constant time, so the time taken says nothing about how much
// of a guessed key was right.
func (r *Registry) Authenticate(k string) (string, error) {
	if k == "" {
		return "", ErrNoKey
	}
	d := sha256.Sum256([]byte(k))
	want, firmID, active := blank, "", false
	r.mu.RLock()
	e, ok := r.keys[d]
	if ok {
		want, firmID, active = e.digest, e.firm, e.active
	}
	r.mu.RUnlock()
	if subtle.ConstantTimeCompare(d[:], want[:]) != 1 || !ok {
		return "", ErrUnknownKey
	}
	if !active {
		return firmID, ErrInactiveKey
	}
	return firmID, nil
}

// Keys lists every key by firm, then fingerprint; the keys themselves are
// never included.
func (r *Registry) Keys() []api.APIKey {
	r.mu.RLock()
	out := make([]api.APIKey, 0, len(r.keys))
	for _, e := range r.keys {
		out = append(out, api.APIKey{Fingerprint: e.fingerprint, Firm: e.firm, Active: e.active})
	}
	r.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Firm != out[j].Firm {
			return out[i].Firm < out[j].Firm
		}
		return out[i].Fingerprint < out[j].Fingerprint
	})
	return out
}

// Key returns the listing of the key with the given fingerprint.
func (r *Registry) Key(fingerprint string) (api.APIKey, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.byFingerprint[fingerprint]
	if !ok {
		return api.APIKey{}, false
	}
	return api.APIKey{Fingerprint: e.fingerprint, Firm: e.firm, Active: e.active}, true
}

// Firms lists every firm by id with its number of keys. Campaign counts are
// not known here and are left zero.
func (r *Registry) Firms() []api.Firm {
	r.mu.RLock()
	counts := make(map[string]int, len(r.firms))
	for _, e := range r.keys {
		counts[e.firm]++
	}
	out := make([]api.Firm, 0, len(r.firms))
	for _, f := range r.firms {
		out = append(out, api.Firm{ID: f.id, Name: f.name, Keys: counts[f.id]})
	}
	r.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
