package contexts

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

//go:embed files
var files embed.FS

// aliases maps URLs that are not in files/INDEX.json to an official URL whose
// document they stand for: the pre-final Open Badges 3.0 and CLR 2.0 URLs that
// early credentials and plugfest fixtures cite.
var aliases = map[string]string{
	"https://imsglobal.github.io/openbadges-specification/context.json": "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
	"https://imsglobal.github.io/openbadges-specification/ob_v3p0.html": "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
	"https://dc.imsglobal.org/draft/clr/v2p0/context":                   "https://purl.imsglobal.org/spec/clr/v2p0/context.json",
	"https://dc.imsglobal.org/draft/clr/v2p0/context.json":              "https://purl.imsglobal.org/spec/clr/v2p0/context.json",
}

// table is built once from the embedded index; it never changes afterwards.
var table = sync.OnceValues(func() (map[string][]byte, error) {
	index, err := files.ReadFile("files/INDEX.json")
	if err != nil {
		return nil, err
	}
	var names map[string]string
	if err := json.Unmarshal(index, &names); err != nil {
		return nil, fmt.Errorf("contexts: INDEX.json: %w", err)
	}
	docs := make(map[string][]byte, len(names)+len(aliases))
	for url, name := range names {
		doc, err := files.ReadFile("files/" + name)
		if err != nil {
			return nil, fmt.Errorf("contexts: %s: %w", url, err)
		}
		docs[url] = doc
	}
	for alias, url := range aliases {
		doc, ok := docs[url]
		if !ok {
			return nil, fmt.Errorf("contexts: alias %s points at unknown %s", alias, url)
		}
		docs[alias] = doc
	}
	return docs, nil
})

func mustTable() map[string][]byte {
	docs, err := table()
	if err != nil {
		// The embedded files are part of the build; a broken index is a
		// programming error caught by this package's tests.
		panic(err)
	}
	return docs
}

// Lookup returns the embedded document for url, and whether there is one.
// The returned bytes are shared: callers must not modify them.
func Lookup(url string) ([]byte, bool) {
	doc, ok := mustTable()[url]
	return doc, ok
}

// URLs returns every URL with an embedded document, aliases included, sorted.
func URLs() []string {
	docs := mustTable()
	urls := make([]string, 0, len(docs))
	for url := range docs {
		urls = append(urls, url)
	}
	sort.Strings(urls)
	return urls
}

// AliasOf returns the official URL that an alias URL stands for, or "" when
// url is not an alias.
func AliasOf(url string) string { return aliases[url] }
