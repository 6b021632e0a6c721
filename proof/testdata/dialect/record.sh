#!/bin/sh
# Records the dialect fixtures. Run from this directory with the JavaScript
# reference set up (see ../../../README.md, "Interoperability"):
#   JSREF=/path/to/js-reference JSREF_SHARED=/path/to/shared CLRKIT=/path/to/clrkit ./record.sh
# cases.py writes CASE.unsigned.json from the OB 3.0 fixture ob3-basic.json
# (JSREF_SHARED/tools/js-reference/fixtures). For each case the reference
# signs (sign.mjs, eddsa-rdfc-2022, the key ../interop/keys/issuer-ed25519.json,
# created 2024-06-01T00:00:00Z) into CASE.js-signed.json; clrkit signs in the
# jsonld-js dialect into CASE.clrkit-signed.json; and the reference's
# verdict on both (verify.mjs) goes into verdicts.json.
set -e
python3 cases.py
key=../interop/keys/issuer-ed25519.json
echo "{" > verdicts.json
first=1
for f in *.unsigned.json; do
  n=${f%.unsigned.json}
  (cd "$JSREF" && node sign.mjs "$OLDPWD/$key" --created 2024-06-01T00:00:00Z) < "$f" > "$n.js-signed.json"
  "$CLRKIT" sign --key "$key" --created 2024-06-01T00:00:00Z --dialect jsonld-js "$f" > "$n.clrkit-signed.json"
  for kind in js-signed clrkit-signed; do
    if (cd "$JSREF" && node verify.mjs --now 2025-01-01T00:00:00Z) < "$n.$kind.json" > /dev/null; then v=true; else v=false; fi
    [ $first = 1 ] || echo "," >> verdicts.json
    first=0
    printf '  "%s.%s.json": %s' "$n" "$kind" "$v" >> verdicts.json
  done
done
printf '\n}\n' >> verdicts.json
