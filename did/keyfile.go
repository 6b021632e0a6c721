package did

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

var cryptoRand = rand.Reader

// Key file types.
const (
	// KeyFileMultikey is the type of key files in the Multikey form.
	KeyFileMultikey = "Multikey"
	// KeyFileJsonWebKey is the type of key files in the JWK form (RSA keys).
	KeyFileJsonWebKey = "JsonWebKey"
)

// ErrKeyFile reports a malformed key file: a missing or unknown member, a
// type that does not fit the key members, or secret and public halves that
// do not belong together. Key decoding errors are wrapped as well.
var ErrKeyFile = errors.New("did: invalid key file")

// KeyFile is a signing key as clrkit stores it: the W3C Multikey form
// (publicKeyMultibase and secretKeyMultibase) with the verification method
// id and controller, or, for keys without a Multikey secret form (RSA),
// type "JsonWebKey" with publicKeyJwk and privateKeyJwk. ID is the
// verification method URL that goes into proofs and JWT "kid".
//
// A KeyFile holds secret key material: write it with mode 0600 and do not
// log it.
type KeyFile struct {
	ID                 string          `json:"id"`
	Type               string          `json:"type"`
	Controller         string          `json:"controller"`
	PublicKeyMultibase string          `json:"publicKeyMultibase,omitempty"`
	SecretKeyMultibase string          `json:"secretKeyMultibase,omitempty"`
	PublicKeyJwk       json.RawMessage `json:"publicKeyJwk,omitempty"`
	PrivateKeyJwk      json.RawMessage `json:"privateKeyJwk,omitempty"`
}

// KeyFileOptions name a key file's verification method and controller.
// The zero value describes a did:key key.
type KeyFileOptions struct {
	// Controller is the key's controller: a DID or an https URL. Empty
	// means the did:key DID of the key.
	Controller string
	// ID is the verification method URL that goes into proofs and a JWT's
	// kid. Empty means Controller + "#" + the key's Multikey value (for a
	// did:key controller, "did:key:X#X").
	ID string
}

// NewKeyFile describes signer as a key file. Ed25519, P-256 and P-384 keys
// take the Multikey form; RSA keys the JWK form.
func NewKeyFile(signer crypto.Signer, opts KeyFileOptions) (*KeyFile, error) {
	id, controller := opts.ID, opts.Controller
	pub := signer.Public()
	mb, err := EncodeMultikey(pub)
	if err != nil {
		return nil, err
	}
	if controller == "" {
		controller = "did:key:" + mb
	}
	if id == "" {
		id = controller + "#" + mb
	}
	kf := &KeyFile{ID: id, Controller: controller}
	if secret, err := EncodeSecretMultikey(signer); err == nil {
		kf.Type, kf.PublicKeyMultibase, kf.SecretKeyMultibase = KeyFileMultikey, mb, secret
		return kf, nil
	}
	pubJWK, err := MarshalPublicJWK(pub)
	if err != nil {
		return nil, err
	}
	privJWK, err := MarshalPrivateJWK(signer)
	if err != nil {
		return nil, err
	}
	kf.Type, kf.PublicKeyJwk, kf.PrivateKeyJwk = KeyFileJsonWebKey, pubJWK, privJWK
	return kf, nil
}

// Marshal returns the key file as indented JSON with a final newline, the
// form clrkit keygen prints.
func (k *KeyFile) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(k); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ParseKeyFile parses and checks a key file. Member names are matched
// exactly and unknown members are an error, except "curve", "did" and
// "verificationMethod", which Digital Bazaar's key export adds and which
// must then agree with the key, controller and id. "privateKeyMultibase" is read
// as a synonym of "secretKeyMultibase" (the vc-di-eddsa test vectors use
// it). The type, when present, must be "Multikey" or "JsonWebKey" and fit
// the key members; the secret key must derive the public key. id and
// controller may be absent (a bare key pair); a signer needs id.
func ParseKeyFile(data []byte) (*KeyFile, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil || members == nil {
		return nil, fmt.Errorf("%w: not a JSON object", ErrKeyFile)
	}
	k := &KeyFile{}
	for name, raw := range members {
		var err error
		switch name {
		case "id":
			err = json.Unmarshal(raw, &k.ID)
		case "type":
			err = json.Unmarshal(raw, &k.Type)
		case "controller":
			err = json.Unmarshal(raw, &k.Controller)
		case "publicKeyMultibase":
			err = json.Unmarshal(raw, &k.PublicKeyMultibase)
		case "secretKeyMultibase", "privateKeyMultibase":
			if k.SecretKeyMultibase != "" {
				return nil, fmt.Errorf("%w: both secretKeyMultibase and privateKeyMultibase", ErrKeyFile)
			}
			err = json.Unmarshal(raw, &k.SecretKeyMultibase)
		case "publicKeyJwk":
			k.PublicKeyJwk = raw
		case "privateKeyJwk":
			k.PrivateKeyJwk = raw
		case "@context":
			// Multikey documents may carry a context; it does not matter here.
		case "curve", "did", "verificationMethod":
			// Members Digital Bazaar's key export adds; checked below.
			err = json.Unmarshal(raw, new(string))
		default:
			return nil, fmt.Errorf("%w: unknown member %q", ErrKeyFile, name)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: member %q is not a string", ErrKeyFile, name)
		}
	}
	signer, err := k.Signer()
	if err != nil {
		return nil, err
	}
	if err := checkExportMembers(k, members, signer.Public()); err != nil {
		return nil, err
	}
	return k, nil
}

// checkExportMembers checks the members Digital Bazaar's key export writes
// next to the Multikey ones against the key file: "verificationMethod" must
// equal id, "did" the controller, and "curve" the key type.
func checkExportMembers(k *KeyFile, members map[string]json.RawMessage, pub crypto.PublicKey) error {
	str := func(name string) (string, bool) {
		var s string
		raw, ok := members[name]
		if ok {
			json.Unmarshal(raw, &s) // already checked to be a string
		}
		return s, ok
	}
	if vm, ok := str("verificationMethod"); ok && vm != k.ID {
		return fmt.Errorf("%w: verificationMethod %q differs from id %q", ErrKeyFile, vm, k.ID)
	}
	if d, ok := str("did"); ok && d != k.Controller {
		return fmt.Errorf("%w: did %q differs from controller %q", ErrKeyFile, d, k.Controller)
	}
	if c, ok := str("curve"); ok {
		t, known := PublicKeyType(pub)
		if !known || string(t) != c {
			return fmt.Errorf("%w: curve %q does not match the key", ErrKeyFile, c)
		}
	}
	return nil
}

// ReadKeyFile reads and parses the key file at path.
func ReadKeyFile(path string) (*KeyFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := ParseKeyFile(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// WriteKeyFile writes k to path with mode 0600, failing if the file exists.
func WriteKeyFile(path string, k *KeyFile) error {
	data, err := k.Marshal()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Signer returns the private key of the key file as a crypto.Signer (an
// ed25519.PrivateKey, an *ecdsa.PrivateKey or an *rsa.PrivateKey), after
// checking that it matches the public key the file states.
func (k *KeyFile) Signer() (crypto.Signer, error) {
	multi := k.PublicKeyMultibase != "" || k.SecretKeyMultibase != ""
	jwk := len(k.PublicKeyJwk) > 0 || len(k.PrivateKeyJwk) > 0
	var signer crypto.Signer
	var pub crypto.PublicKey
	var err error
	switch {
	case multi && jwk:
		return nil, fmt.Errorf("%w: both Multikey and JWK members", ErrKeyFile)
	case multi:
		if k.Type != "" && k.Type != KeyFileMultikey {
			return nil, fmt.Errorf("%w: type %q with Multikey members", ErrKeyFile, k.Type)
		}
		if k.PublicKeyMultibase == "" || k.SecretKeyMultibase == "" {
			return nil, fmt.Errorf("%w: want both publicKeyMultibase and secretKeyMultibase", ErrKeyFile)
		}
		if signer, err = DecodeSecretMultikey(k.SecretKeyMultibase); err != nil {
			return nil, fmt.Errorf("%w: secretKeyMultibase: %w", ErrKeyFile, err)
		}
		if pub, err = DecodeMultikey(k.PublicKeyMultibase); err != nil {
			return nil, fmt.Errorf("%w: publicKeyMultibase: %w", ErrKeyFile, err)
		}
	case jwk:
		if k.Type != "" && k.Type != KeyFileJsonWebKey {
			return nil, fmt.Errorf("%w: type %q with JWK members", ErrKeyFile, k.Type)
		}
		if len(k.PublicKeyJwk) == 0 || len(k.PrivateKeyJwk) == 0 {
			return nil, fmt.Errorf("%w: want both publicKeyJwk and privateKeyJwk", ErrKeyFile)
		}
		if signer, err = ParsePrivateJWK(k.PrivateKeyJwk); err != nil {
			return nil, fmt.Errorf("%w: privateKeyJwk: %w", ErrKeyFile, err)
		}
		if pub, err = ParsePublicJWK(k.PublicKeyJwk); err != nil {
			return nil, fmt.Errorf("%w: publicKeyJwk: %w", ErrKeyFile, err)
		}
	default:
		return nil, fmt.Errorf("%w: no key members", ErrKeyFile)
	}
	if !publicKeysEqual(pub, signer.Public()) {
		return nil, fmt.Errorf("%w: the secret key does not derive the public key", ErrKeyFile)
	}
	return signer, nil
}

// PublicKey returns the public key the key file states.
func (k *KeyFile) PublicKey() (crypto.PublicKey, error) {
	s, err := k.Signer()
	if err != nil {
		return nil, err
	}
	return s.Public(), nil
}
