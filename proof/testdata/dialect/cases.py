import json, collections, os
base = json.load(open(os.environ['JSREF_SHARED'] + '/tools/js-reference/fixtures/ob3-basic.json'), object_pairs_hook=collections.OrderedDict)
ext = collections.OrderedDict([
  ("weight", {"@id": "https://example.org/vocab#weight", "@type": "http://www.w3.org/2001/XMLSchema#double"}),
  ("tags", {"@id": "https://example.org/vocab#tags", "@container": "@set"}),
  ("extra", {"@id": "https://example.org/vocab#extra", "@type": "@json"}),
  ("related", {"@id": "https://example.org/vocab#related"}),
  ("meta", {"@id": "@nest", "@context": {"note": "https://example.org/vocab#nestedNote"}}),
  ("note", {"@id": "https://example.org/vocab#note"}),
  ("zz", {"@id": "https://example.org/vocab#zz"}),
])
def case(name, raw_subject_members=None, direction=False, credits=None):
    d = json.loads(json.dumps(base), object_pairs_hook=collections.OrderedDict)
    e = collections.OrderedDict(ext)
    if direction:
        e["@direction"] = "rtl"
    d["@context"] = d["@context"] + [e]
    if credits is not None:
        d["credentialSubject"]["achievement"]["creditsAvailable"] = "@@CREDITS@@"
    if raw_subject_members:
        d["credentialSubject"]["@@RAW@@"] = 1
    text = json.dumps(d, indent=2, ensure_ascii=False)
    if credits is not None:
        text = text.replace('"@@CREDITS@@"', credits)
    if raw_subject_members:
        text = text.replace('"@@RAW@@": 1', raw_subject_members)
    open(name + '.unsigned.json', 'w').write(text + "\n")
case("control", '"weight": 1.5,\n    "tags": ["x", "y"]')
case("small-number", credits="1e-7")
case("negative-zero", '"weight": -0.0')
case("rounding-tie", '"weight": 1.1920928955078125e-7')
case("double-string", '"weight": "1.5"')
case("dropped-direction", direction=True)
case("merged-direction", '"tags": ["x", {"@value": "x", "@direction": "rtl"}]')
case("duplicate-statement", '"tags": ["x", {"@value": "x", "@type": "http://www.w3.org/2001/XMLSchema#string"}]')
case("utf16-order", '"tags": ["a\U0001F600", "a\uff61"]')
case("ignored-direction", '"tags": [{"@value": 5, "@direction": "rtl"}]')
case("untagged-langstring", '"tags": [{"@value": "x", "@type": "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}]')
case("json-key-order", '"extra": {"\uff01": 1, "\U0001F600": 2}')
case("noncharacter", '"tags": ["a\ufffeb"]')
case("nest-context", '"meta": {"note": "nested"}')
case("propagate", '"related": {"@context": [{"@propagate": false, "zz": "https://example.org/vocab#innerZz"}], "id": "https://example.org/x", "zz": "a", "related": {"id": "https://example.org/y", "zz": "b"}}')
