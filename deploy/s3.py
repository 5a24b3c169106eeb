"""The cluster's object storage, through boto3 as django-storages will use it.

    s3.py ensure-bucket        create the media bucket unless it exists
    s3.py roundtrip            put, read back and delete an object; check that
                               anonymous reads work and anonymous writes do not
    s3.py put KEY [--cache-control VALUE] [--content-type VALUE]   (body on stdin)
    s3.py delete KEY

Settings come from the environment deploy/cluster.sh gives the app servers
(var/cluster/app.env): DJANGO_S3_ENDPOINT_URL, DJANGO_S3_BUCKET,
DJANGO_S3_ACCESS_KEY_ID, DJANGO_S3_SECRET_ACCESS_KEY, DJANGO_S3_REGION.
"""

import argparse
import os
import secrets
import sys
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["DJANGO_S3_ENDPOINT_URL"],
        aws_access_key_id=os.environ["DJANGO_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["DJANGO_S3_SECRET_ACCESS_KEY"],
        region_name=os.environ.get("DJANGO_S3_REGION", "us-east-1"),
        # SeaweedFS, like most S3 servers outside AWS, names the bucket in the
        # path, not in the host name.
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
    )


def bucket():
    return os.environ["DJANGO_S3_BUCKET"]


def ensure_bucket():
    s3 = client()
    try:
        s3.head_bucket(Bucket=bucket())
    except ClientError as exc:
        if exc.response["Error"]["Code"] not in ("404", "NoSuchBucket"):
            raise
        s3.create_bucket(Bucket=bucket())
        print(f"created bucket {bucket()}")


def anonymous(method, url, body=None):
    request = urllib.request.Request(url, data=body, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def roundtrip():
    """Exit non-zero unless every step behaves as object storage must."""
    s3 = client()
    key = f"cluster-check/{secrets.token_hex(8)}.bin"
    body = secrets.token_bytes(200_000)
    object_url = f"{os.environ['DJANGO_S3_ENDPOINT_URL']}/{bucket()}/{key}"
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    s3.put_object(
        Bucket=bucket(), Key=key, Body=body, ContentType="application/octet-stream"
    )
    got = s3.get_object(Bucket=bucket(), Key=key)["Body"].read()
    check(got == body, f"put and get {len(body)} bytes with the access key")
    status, data = anonymous("GET", object_url)
    check(status == 200 and data == body, "anonymous GET reads the object")
    status, _ = anonymous("PUT", f"{object_url}.anon", body=b"x")
    check(status == 403, f"anonymous PUT is refused (got {status})")
    status, _ = anonymous("GET", f"{os.environ['DJANGO_S3_ENDPOINT_URL']}/{bucket()}/")
    check(status == 403, f"anonymous listing is refused (got {status})")
    s3.delete_object(Bucket=bucket(), Key=key)
    status, _ = anonymous("GET", object_url)
    check(status == 404, f"a deleted object is gone (got {status})")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("ensure-bucket")
    commands.add_parser("roundtrip")
    put = commands.add_parser("put")
    put.add_argument("key")
    put.add_argument("--cache-control")
    put.add_argument("--content-type", default="application/octet-stream")
    delete = commands.add_parser("delete")
    delete.add_argument("key")
    args = parser.parse_args()

    if args.command == "ensure-bucket":
        ensure_bucket()
    elif args.command == "roundtrip":
        return roundtrip()
    elif args.command == "put":
        extra = {"CacheControl": args.cache_control} if args.cache_control else {}
        client().put_object(
            Bucket=bucket(),
            Key=args.key,
            Body=sys.stdin.buffer.read(),
            ContentType=args.content_type,
            **extra,
        )
    elif args.command == "delete":
        client().delete_object(Bucket=bucket(), Key=args.key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
