"""Where uploaded evidence, kept benchmark uploads and made documents go: Django's default
storage. The local folder MEDIA_ROOT unless WAYMARK_S3_BUCKET names a bucket of S3 or any
S3-compatible object store (SeaweedFS, MinIO, Ceph...), through django-storages, so that every
web process and worker on every machine reads and writes the same files."""

from django.core.exceptions import ImproperlyConfigured

from .env import env_str

S3 = "storages.backends.s3.S3Storage"
FILESYSTEM = "django.core.files.storage.FileSystemStorage"


def default_storage() -> dict:
    bucket = env_str("WAYMARK_S3_BUCKET", "") or ""
    if not bucket:
        return {"BACKEND": FILESYSTEM}
    if len(bucket) < 3:
        raise ImproperlyConfigured(
            f"Unexpected value WAYMARK_S3_BUCKET={bucket!r}: a bucket name has 3 to 63 characters."
        )
    addressing = env_str("WAYMARK_S3_ADDRESSING_STYLE", "") or None
    if addressing not in (None, "path", "virtual", "auto"):
        raise ImproperlyConfigured(
            f"Unexpected value WAYMARK_S3_ADDRESSING_STYLE={addressing!r}, "
            "use 'path', 'virtual' or 'auto'."
        )
    return {
        "BACKEND": S3,
        "OPTIONS": {
            "bucket_name": bucket,
            # Unset: AWS itself; for another store, its address, e.g. http://127.0.0.1:8333
            "endpoint_url": env_str("WAYMARK_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("WAYMARK_S3_REGION", "") or None,
            # Unset: boto3's own chain (AWS_ACCESS_KEY_ID, an instance role...).
            "access_key": env_str("WAYMARK_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("WAYMARK_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("WAYMARK_S3_PREFIX", "") or "",
            "addressing_style": addressing,
            # Files are private: Waymark serves each through a view that checks who asks.
            "default_acl": None,
            "querystring_auth": True,
            # Never write over a file: a name taken gets another, as on a local disk.
            "file_overwrite": False,
        },
    }
