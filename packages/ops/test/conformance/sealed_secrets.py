"""An independent sealed-secrets controller for the seal tests: Python `cryptography`, not our code.

    python3 sealed_secrets.py cert DIR BITS NOT_AFTER_ISO
        writes DIR/key.pem and DIR/cert.pem: an RSA key of BITS bits and a self-signed
        certificate valid from a day before NOT_AFTER_ISO (or a year, whichever is earlier) until it.
    python3 sealed_secrets.py unseal KEY_PEM MANIFEST... [--label-of NAMESPACE/NAME]
        reads SealedSecret manifests (PyYAML, which refuses nothing), decrypts every
        spec.encryptedData value as the controller does for the strict scope, and prints
        {"namespace/name": {"KEY": "value"}} as JSON. With --label-of, uses that label instead
        (to show a value does not open under another Secret's name). Exit 3 when a value does not open.

The format (sealed-secrets pkg/crypto HybridEncrypt): a 2-byte big-endian length, the RSA-OAEP
(SHA-256, label = "namespace/name") encryption of a 32-byte session key, then AES-256-GCM of the
value under that key with a zero 12-byte nonce, tag appended.
"""

import base64
import datetime
import json
import sys
from pathlib import Path

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID


def make_cert(directory: str, bits: int, not_after: str) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    end = datetime.datetime.fromisoformat(not_after.replace("Z", "+00:00"))
    start = end - datetime.timedelta(days=1)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sealed-secret")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )
    out = Path(directory)
    out.joinpath("key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    out.joinpath("cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def open_value(key: rsa.RSAPrivateKey, sealed: str, label: bytes) -> str:
    data = base64.b64decode(sealed, validate=True)
    length = int.from_bytes(data[:2], "big")
    session_key = key.decrypt(
        data[2 : 2 + length],
        padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=label),
    )
    return AESGCM(session_key).decrypt(b"\0" * 12, data[2 + length :], None).decode("utf-8")


def unseal(key_file: str, manifests: list[str], label_of: str | None) -> int:
    key = serialization.load_pem_private_key(Path(key_file).read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    opened: dict[str, dict[str, str]] = {}
    for file in manifests:
        manifest = yaml.safe_load(Path(file).read_text("utf-8"))
        assert manifest["apiVersion"] == "bitnami.com/v1alpha1" and manifest["kind"] == "SealedSecret"
        meta = manifest["metadata"]
        scope = f"{meta['namespace']}/{meta['name']}"
        label = (label_of or scope).encode("utf-8")
        try:
            opened[scope] = {k: open_value(key, v, label) for k, v in manifest["spec"]["encryptedData"].items()}
        except Exception as error:  # noqa: BLE001 - any failure to open is the answer
            print(f"{scope}: does not open under {label.decode()}: {type(error).__name__}", file=sys.stderr)
            return 3
    print(json.dumps(opened))
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["cert"] and len(argv) == 4:
        make_cert(argv[1], int(argv[2]), argv[3])
        return 0
    if argv[:1] == ["unseal"] and len(argv) >= 3:
        label_of = None
        if "--label-of" in argv:
            i = argv.index("--label-of")
            label_of = argv[i + 1]
            argv = argv[:i] + argv[i + 2 :]
        return unseal(argv[1], argv[2:], label_of)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
