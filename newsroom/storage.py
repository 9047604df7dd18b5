"""Static files in production: hashed names, compressed copies (WhiteNoise), and the workspace's
ES modules importing each other by their hashed names too, so a browser never mixes two releases."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
