#!/bin/sh
# Makes the hall's own certificate authority (once) and a certificate for the hub signed by it,
# with the hub's addresses in subjectAltName. docs/SECURITY.md explains each step and how to
# install hall-ca.crt on the kiosks, terminals and displays.
#
#   tools/tls/make-hall-cert.sh OUT_DIR NAME_OR_IP [NAME_OR_IP ...]
#   e.g. tools/tls/make-hall-cert.sh ./hall-tls 192.168.1.10 onestop-hub onestop-hub.local
#
# Writes OUT_DIR/hall-ca.crt (install on every device), OUT_DIR/hall-ca.key (keep offline),
# OUT_DIR/hub.crt and OUT_DIR/hub.key (give to onestop-hub --tls-cert / --tls-key).
# An existing hall-ca.key is reused, so a new hub certificate needs no reinstall on the devices.
set -eu
if [ "$#" -lt 2 ]; then
  echo "usage: $0 OUT_DIR NAME_OR_IP [NAME_OR_IP ...]" >&2
  exit 64
fi
out=$1
shift
mkdir -p "$out"
umask 077

san=""
for name in "$@"; do
  case "$name" in
    *[!0-9.]*) entry="DNS:$name" ;; # not only digits and dots: a host name
    *) entry="IP:$name" ;;
  esac
  san="${san:+$san,}$entry"
done

if [ ! -f "$out/hall-ca.key" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -days 3650 -nodes \
    -keyout "$out/hall-ca.key" -out "$out/hall-ca.crt" -subj "/CN=OneStop Hall CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$out/hub.key" -out "$out/hub.csr" -subj "/CN=$1" 2>/dev/null
cat >"$out/hub.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=$san
EXT
# 825 days: the longest validity browsers accept for a server certificate.
openssl x509 -req -in "$out/hub.csr" -CA "$out/hall-ca.crt" -CAkey "$out/hall-ca.key" \
  -CAcreateserial -days 825 -sha256 -extfile "$out/hub.ext" -out "$out/hub.crt" 2>/dev/null
rm -f "$out/hub.csr" "$out/hub.ext"
chmod 644 "$out/hall-ca.crt" "$out/hub.crt"
echo "hall CA:  $out/hall-ca.crt (install on every device; keep $out/hall-ca.key offline)"
echo "hub:      $out/hub.crt and $out/hub.key for $san"
echo "start:    onestop-hub --tls-cert $out/hub.crt --tls-key $out/hub.key ..."
