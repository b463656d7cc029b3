#!/usr/bin/env bash
# Installs Tollgate's CA certificate where clients look for trusted roots: the OS trust store
# (Debian/Ubuntu, RHEL/Fedora, macOS) or, with --java-keystore, a Java keystore.
#
# Usage: scripts/trust-ca.sh [--dry-run] [--java-keystore FILE [--storepass P]] [CA_FILE]
#   CA_FILE          the CA certificate, PEM (default ./data/ca/tollgate-ca.crt; also served at
#                    GET /v1/proxy/ca.crt and written by `tollgate ca export`)
#   --dry-run        print every command instead of running it
#   --java-keystore  import into this keystore (created if missing; PKCS#12) instead of the OS store
#   --storepass      keystore password (default: changeit)
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
die() { echo "trust-ca: $*" >&2; exit 1; }

dry_run=0
keystore=""
storepass="changeit"
storepass_given=0
ca_file="./data/ca/tollgate-ca.crt"
ca_given=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --java-keystore) [ $# -ge 2 ] || die "--java-keystore needs a FILE"; keystore="$2"; shift ;;
    --java-keystore=*) keystore="${1#*=}" ;;
    --storepass) [ $# -ge 2 ] || die "--storepass needs a value"; storepass="$2"; storepass_given=1; shift ;;
    --storepass=*) storepass="${1#*=}"; storepass_given=1 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; [ $# -le 1 ] || die "one CA_FILE at most"; [ $# -eq 1 ] && { ca_file="$1"; ca_given=1; }; break ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [ "$ca_given" -eq 0 ] || die "one CA_FILE at most"; ca_file="$1"; ca_given=1 ;;
  esac
  shift
done
[ -n "$keystore" ] || [ "$storepass_given" -eq 0 ] || die "--storepass applies to --java-keystore only"

# Refuse anything but one PEM certificate: above all never the private key, which would then be
# copied into a world-readable system directory.
[ -f "$ca_file" ] || die "$ca_file: no such file (create the CA with: tollgate ca init)"
[ -r "$ca_file" ] || die "$ca_file: cannot read it"
if grep -q -- "-----BEGIN .*PRIVATE KEY-----" "$ca_file"; then
  die "$ca_file holds a private key: give the certificate (tollgate-ca.crt), never the key"
fi
certs=$(grep -c -- "^-----BEGIN CERTIFICATE-----" "$ca_file" || true)
[ "$certs" -eq 1 ] || die "$ca_file is not a PEM certificate (expected one BEGIN CERTIFICATE block, found $certs)"
if command -v openssl >/dev/null 2>&1; then
  openssl x509 -noout -in "$ca_file" >/dev/null 2>&1 || die "$ca_file is not a valid PEM certificate"
fi

# Runs a command, or with --dry-run prints it (shell-quoted, so it can be pasted).
run() {
  if [ "$dry_run" -eq 1 ]; then
    local out="" arg
    for arg in "$@"; do out+="${out:+ }$(printf '%q' "$arg")"; done
    echo "$out"
  else
    "$@"
  fi
}

# System stores need root: sudo when not root already. (The ${a[@]+...} form below keeps an empty
# array from tripping `set -u` in the bash 3.2 of macOS.)
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || [ "$dry_run" -eq 1 ] || die "not root and no sudo: run as root"
  sudo_cmd=(sudo)
fi

if [ -n "$keystore" ]; then
  command -v keytool >/dev/null 2>&1 || [ "$dry_run" -eq 1 ] || die "keytool not found (it comes with the JDK)"
  # Re-running replaces an older Tollgate CA under the same alias rather than failing on it.
  if [ "$dry_run" -eq 1 ]; then
    echo "# if the alias tollgate-ca exists already:"
    run keytool -delete -noprompt -alias tollgate-ca -keystore "$keystore" -storepass "$storepass"
  elif [ -f "$keystore" ] && keytool -list -alias tollgate-ca -keystore "$keystore" -storepass "$storepass" >/dev/null 2>&1; then
    run keytool -delete -noprompt -alias tollgate-ca -keystore "$keystore" -storepass "$storepass"
  fi
  run keytool -importcert -noprompt -trustcacerts -alias tollgate-ca -file "$ca_file" -keystore "$keystore" -storepass "$storepass"
  [ "$dry_run" -eq 1 ] || echo "trust-ca: imported $ca_file into $keystore as tollgate-ca"
  exit 0
fi

os="$(uname -s)"
if [ "$os" = "Darwin" ]; then
  run ${sudo_cmd[@]+"${sudo_cmd[@]}"} security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "$ca_file"
elif command -v update-ca-certificates >/dev/null 2>&1 || [ -d /usr/local/share/ca-certificates ]; then
  # Debian/Ubuntu: the directory only takes files ending in .crt.
  run ${sudo_cmd[@]+"${sudo_cmd[@]}"} install -m 0644 "$ca_file" /usr/local/share/ca-certificates/tollgate-ca.crt
  run ${sudo_cmd[@]+"${sudo_cmd[@]}"} update-ca-certificates
elif command -v update-ca-trust >/dev/null 2>&1 || [ -d /etc/pki/ca-trust/source/anchors ]; then
  # RHEL/Fedora/CentOS.
  run ${sudo_cmd[@]+"${sudo_cmd[@]}"} install -m 0644 "$ca_file" /etc/pki/ca-trust/source/anchors/tollgate-ca.crt
  run ${sudo_cmd[@]+"${sudo_cmd[@]}"} update-ca-trust extract
else
  die "unknown system ($os): no update-ca-certificates or update-ca-trust; import $ca_file by hand, or use --java-keystore"
fi
[ "$dry_run" -eq 1 ] || echo "trust-ca: installed $ca_file into the system trust store"
