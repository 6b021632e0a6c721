package oauth_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/clrkit/clrkit/vc/api"
)

// chromium returns the browser to drive: CLRKIT_CHROMIUM, or chromium on
// the PATH. Without one the test says it did not run; with
// CLRKIT_REQUIRE_BROWSER=1, as .ci/run sets after installing Debian's
// chromium, it fails instead.
func chromium(t *testing.T) string {
	t.Helper()
	path := os.Getenv("CLRKIT_CHROMIUM")
	if path == "" {
		path, _ = exec.LookPath("chromium")
	}
	if path == "" {
		if os.Getenv("CLRKIT_REQUIRE_BROWSER") == "1" {
			t.Fatal("CLRKIT_REQUIRE_BROWSER=1 but no chromium (set CLRKIT_CHROMIUM or put chromium on the PATH)")
		}
		t.Skip("the browser test did not run: no chromium on the PATH (apt-get install chromium, or set CLRKIT_CHROMIUM)")
	}
	return path
}

// TestLoginPageInBrowser: a user, in headless Chromium, opens the
// authorization URL, reads the consent page, types a user name and
// password and allows; the browser lands on the consumer's loopback
// redirect, whose code the consumer exchanges for a working token.
// Screenshots of the login page and of the page after it are kept as the
// test's artifacts (go test -artifacts).
func TestLoginPageInBrowser(t *testing.T) {
	exe := chromium(t)
	h := newHost(t, nil)
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, h.Client())
	disc, err := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: h.Client()})
	require.NoError(t, err)
	ep, err := disc.Endpoints(ctx)
	require.NoError(t, err)
	lb, err := api.NewLoopback()
	require.NoError(t, err)
	defer lb.Close()
	redirect, wait := lb.URI, lb.Wait
	scopes := []string{std.Scope(api.ScopeCredentialRead), std.Scope(api.ScopeProfileRead)}
	rc, err := api.Register(ctx, h.Client(), ep.Registration, registration(redirect, scopes...))
	require.NoError(t, err)
	cfg := api.OAuthConfig(ep, rc, redirect, scopes)
	verifier := oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL("browser-state", oauth2.S256ChallengeOption(verifier))

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()), chromedp.Flag("ignore-certificate-errors", true), // the test server's own certificate
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.WindowSize(900, 700))
	defer cancelAlloc()
	bctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	bctx, cancelTimeout := context.WithTimeout(bctx, 60*time.Second)
	defer cancelTimeout()

	step := func(a chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(bctx, a))
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		require.NoError(t, err)
		return s
	}
	shot := func() []byte {
		t.Helper()
		b, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		return b
	}
	step(chromedp.Navigate(authURL))
	step(chromedp.WaitVisible(chromedp.CSS(`input[name="username"]`)))
	consent := text("main")
	step(chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "alice"))
	step(chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "correct horse"))
	loginShot := shot()
	step(chromedp.Click(chromedp.CSS(`button[value="allow"]`)))
	// The redirects run through the server to the loopback page; the
	// page is read once the browser has settled there.
	for {
		loc, err := chromedp.Run(bctx, chromedp.Location())
		if err == nil && strings.HasPrefix(loc, redirect) {
			break
		}
		if bctx.Err() != nil {
			t.Fatalf("the browser did not reach %s (last at %s: %v)", redirect, loc, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	step(chromedp.WaitVisible(chromedp.CSS("body")))
	landed := text("body")
	doneShot := shot()
	dir := t.ArtifactDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "login-page.png"), loginShot, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "after-allow.png"), doneShot, 0o644))
	t.Logf("screenshots in %s", dir)

	assert.Contains(t, consent, "Example SIS")
	assert.Contains(t, consent, "Read your credentials")
	assert.Contains(t, consent, "Read your profile")
	assert.NotContains(t, consent, "offline_access")
	assert.Contains(t, landed, "Authorization received")

	got, err := wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, "browser-state", got.Get("state"))
	tok, err := cfg.Exchange(ctx, got.Get("code"), oauth2.VerifierOption(verifier))
	require.NoError(t, err)
	c, err := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: cfg.Client(ctx, tok), Retry: api.RetryTransient})
	require.NoError(t, err)
	_, err = c.Profile(ctx)
	var apiErr *api.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 404, apiErr.HTTPStatus, "authorized (no profile yet), not 401 or 403")
	assert.True(t, strings.HasPrefix(redirect, "http://127.0.0.1:"))
}
