// Package oauthtest is for tests of programs that use vc/api/oauth's
// server: Browser signs a user in on its login page as a browser would,
// without one.
package oauthtest

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"

	"github.com/clrkit/clrkit/vc/api/oauth"
)

var hidden = regexp.MustCompile(`<input type="hidden" name="(\w+)" value="([^"]*)">`)

// Browser returns what api.Authorize calls to show the authorization URL:
// it follows it to the login page of the server at serverURL (through
// transport, with cookies), fills in user and password, sends decision
// ("allow" or "deny"), and follows the redirects back to the client.
func Browser(transport http.RoundTripper, serverURL, user, password, decision string) func(authURL string) error {
	return func(authURL string) error {
		jar, _ := cookiejar.New(nil)
		b := &http.Client{Transport: transport, Jar: jar}
		resp, err := b.Get(authURL)
		if err != nil {
			return err
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("authorize: %s: %s", resp.Status, page)
		}
		form := url.Values{"username": {user}, "password": {password}, "decision": {decision}}
		for _, m := range hidden.FindAllStringSubmatch(string(page), -1) {
			form.Set(m[1], html.UnescapeString(m[2]))
		}
		resp, err = b.PostForm(strings.TrimSuffix(serverURL, "/")+oauth.PathLogin, form)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("login: %s", resp.Status)
		}
		return nil
	}
}
