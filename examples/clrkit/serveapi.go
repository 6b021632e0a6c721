package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"golang.org/x/crypto/bcrypt"

	clrapi "github.com/clrkit/clrkit/clr/api"
	obapi "github.com/clrkit/clrkit/openbadges/api"
	"github.com/clrkit/clrkit/vc/api"
	"github.com/clrkit/clrkit/vc/api/oauth"
)

// accountsFile is the --accounts file: the users of the login page, each
// with a bcrypt hash of the password (htpasswd -nbB USER PASSWORD writes
// one after the colon) and the account whose credentials the user's
// tokens reach (the user name when absent).
type accountsFile struct {
	Accounts []struct {
		Username string `json:"username"`
		Password string `json:"password_bcrypt"`
		Owner    string `json:"owner"`
	} `json:"accounts"`
}

// readAccounts reads an --accounts file.
func readAccounts(path string) (oauth.Accounts, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := jsonSyntax(path, data); err != nil {
		return nil, err
	}
	var f accountsFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	users := map[string][2]string{}
	maxCost := bcrypt.DefaultCost
	for i, a := range f.Accounts {
		if a.Username == "" {
			return nil, fmt.Errorf("%s: account %d has no username", path, i)
		}
		cost, err := bcrypt.Cost([]byte(a.Password))
		if err != nil {
			return nil, fmt.Errorf("%s: %s: password_bcrypt is not a bcrypt hash (htpasswd -nbB %s PASSWORD makes one)", path, a.Username, a.Username)
		}
		maxCost = max(maxCost, cost)
		owner := a.Owner
		if owner == "" {
			owner = a.Username
		}
		users[a.Username] = [2]string{a.Password, owner}
	}
	if len(users) == 0 {
		return nil, fmt.Errorf("%s: no accounts", path)
	}
	// An unknown user costs at least the bcrypt work of a known one, so
	// that the time of an answer does not tell which user names exist:
	// every hash of the file is checked at the largest cost among them
	// (htpasswd -B makes cost 5; cost 10 is the default).
	dummy, err := bcrypt.GenerateFromPassword([]byte("not a password"), maxCost)
	if err != nil {
		return nil, err
	}
	return oauth.AccountsFunc(func(_ context.Context, username, password string) (string, error) {
		u, ok := users[username]
		if !ok {
			// The same work as for a known user: the time says nothing.
			bcrypt.CompareHashAndPassword(dummy, []byte(password))
			return "", errors.New("unknown user")
		}
		if err := bcrypt.CompareHashAndPassword([]byte(u[0]), []byte(password)); err != nil {
			return "", errors.New("wrong password")
		}
		return u[1], nil
	}), nil
}

// restAPI is what serve --api adds: the OAuth 2.0 server and the OB 3.0
// and CLR 2.0 APIs on one store.
type restAPI struct {
	oauth   *oauth.Server
	ob, clr http.Handler
	store   apiStore
	records *oauth.Records
}

// close releases the API's store and the OAuth records.
func (a *restAPI) close() error { return errors.Join(a.records.Close(), a.store.Close()) }

// newRESTAPI builds the APIs for the server at publicURL.
func newRESTAPI(ctx context.Context, publicURL, storeSpec string, accounts oauth.Accounts, loopback bool) (*restAPI, error) {
	st, err := openAPIStore(ctx, storeSpec)
	if err != nil {
		return nil, err
	}
	records, err := openOAuthRecords(ctx, storeSpec)
	if err != nil {
		st.Close()
		return nil, err
	}
	as, err := oauth.NewServer(oauth.Options{Issuer: publicURL, Scopes: append(obapi.Standard.Scopes(), clrapi.Standard.Scopes()...),
		Accounts: accounts, AllowLoopbackRedirects: loopback, Records: records})
	if err != nil {
		records.Close()
		st.Close()
		return nil, err
	}
	d := as.Discovery(api.Discovery{Title: "clrkit serve", TermsOfService: publicURL + "/terms", PrivacyPolicyURL: publicURL + "/privacy"})
	opts := api.Options{Store: st, Authorizer: as.Authorizer(), Discovery: d, PublicURL: publicURL}
	ob, err := obapi.NewHandler(opts)
	if err != nil {
		records.Close()
		st.Close()
		return nil, err
	}
	clr, err := clrapi.NewHandler(opts)
	if err != nil {
		records.Close()
		st.Close()
		return nil, err
	}
	return &restAPI{oauth: as, ob: ob, clr: clr, store: st, records: records}, nil
}

// route sends a request to the API it is for; ok is false for paths
// that are none of theirs (the VC-API's).
func (a *restAPI) route(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	switch {
	case p == obapi.Standard.BasePath || strings.HasPrefix(p, obapi.Standard.BasePath+"/"):
		a.ob.ServeHTTP(w, r)
	case p == clrapi.Standard.BasePath || strings.HasPrefix(p, clrapi.Standard.BasePath+"/"):
		a.clr.ServeHTTP(w, r)
	case strings.HasPrefix(p, "/credentials/") || strings.HasPrefix(p, "/presentations/"):
		return false
	case p == "/terms" || p == "/privacy":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "This is a clrkit serve instance for development and testing: it keeps what it is sent in its store, and offers no terms or policy of its own.\n")
	default:
		a.oauth.Handler().ServeHTTP(w, r)
	}
	return true
}
