package clr_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/schema"
	"github.com/clrkit/clrkit/vc"
)

// TestBuilderOutputIsValid builds records of random shape (number of nested
// credentials, extra achievements, associations of every type, learner id
// or hashed identity, optional members) from fixed seeds, and checks that
// every one passes the CLR schema in strict mode and canonicalizes in
// JSON-LD safe mode, so nothing the builder writes is undefined or dropped.
func TestBuilderOutputIsValid(t *testing.T) {
	iss := newTestIssuer(t, 9)
	const pool = 6
	badges := make([][]byte, pool)
	for i := range badges {
		badges[i] = badge(t, iss, fmt.Sprintf("https://example.edu/achievements/%d", i), fmt.Sprintf("Achievement %d", i))
	}
	types := []clr.AssociationType{clr.ExactMatchOf, clr.IsChildOf, clr.IsParentOf, clr.IsPartOf, clr.IsPeerOf, clr.IsRelatedTo, clr.Precedes, clr.ReplacedBy}
	issuer := &openbadges.Profile{ID: iss.did, Type: vc.Types{openbadges.TypeProfile}, Name: vc.Text("Example University")}

	for seed := range uint64(60) {
		r := rand.New(rand.NewPCG(seed, 42))
		b := clr.NewCredential(issuer).Name(fmt.Sprintf("Record %d", seed)).
			Clock(func() time.Time { return fixedTime })
		if r.IntN(2) == 0 {
			b.Learner("did:example:learner")
		} else {
			b.LearnerIdentity(openbadges.IdentityObject{Hashed: true, IdentityType: openbadges.IdentifierEmailAddress,
				IdentityHash: openbadgesHash("learner@example.edu", "pepper"), Salt: "pepper"})
		}
		n := 1 + r.IntN(pool)
		var ids []string
		for _, i := range r.Perm(pool)[:n] {
			b.AddCredential(badges[i])
			ids = append(ids, fmt.Sprintf("https://example.edu/achievements/%d", i))
		}
		for k := range r.IntN(3) {
			id := fmt.Sprintf("https://example.edu/programs/%d", k)
			b.Achievement(&openbadges.Achievement{ID: id, Type: vc.Types{openbadges.TypeAchievement},
				AchievementType: openbadges.AchievementTypeDegree, Name: vc.Text("Program"),
				Description: vc.Text("A program"), Criteria: &openbadges.Criteria{ID: id + "/criteria"}})
			ids = append(ids, id)
		}
		for range r.IntN(4) {
			src, dst := r.IntN(len(ids)), r.IntN(len(ids))
			if src == dst {
				continue
			}
			b.Associate(ids[src], types[r.IntN(len(types))], ids[dst])
		}
		if r.IntN(2) == 0 {
			b.Description("All courses").Partial(r.IntN(2) == 0).AwardedDate(fixedTime)
		}
		if r.IntN(3) == 0 {
			b.ValidUntil(fixedTime.AddDate(5, 0, 0))
		}
		if r.IntN(3) == 0 {
			b.CredentialSchema("https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json")
		}
		c, err := b.Build()
		require.NoError(t, err, "seed %d", seed)
		out, err := json.Marshal(c)
		require.NoError(t, err)
		rep, err := schema.Validate(out, schema.Options{Strict: true})
		require.NoError(t, err, "seed %d", seed)
		require.True(t, rep.Valid, "seed %d: %v\n%s", seed, rep, out)
		_, err = ld.Default().Canonicalize(context.Background(), out)
		require.NoError(t, err, "seed %d: %s", seed, out)
	}
}

// openbadgesHash is the OB identity hash written out here, independently
// of the package's own: "sha256$" and the hex SHA-256 of identifier+salt.
func openbadgesHash(identifier, salt string) string {
	sum := sha256.Sum256([]byte(identifier + salt))
	return "sha256$" + hex.EncodeToString(sum[:])
}
