import json, collections, os
base = json.load(open(os.environ['JSREF_SHARED'] + '/tools/js-reference/fixtures/ob3-basic.json'), object_pairs_hook=collections.OrderedDict)
ext = collections.OrderedDict([
  ("weight", {"@id": "https://example.org/vocab#weight", "@type": "http://www.w3.org/2001/XMLSchema#double"}),
  ("tags", {"@id": "https://example.org/vocab#tags", "@container": "@set"}),
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
